//! One handle for "this QMS": its root, qms.yaml, every document (the workspace) and the git
//! repository that holds it, each found or loaded once by the command and passed down to the
//! plan, the publication and the bundle.

use crate::git::{GitError, Publication, QmsRepo};
use crate::model::Config;
use crate::workspace::Workspace;
use std::path::Path;

pub struct Qms {
    /// The root, qms.yaml, the catalog, the register and the documents.
    pub workspace: Workspace,
    pub repo: QmsRepo,
    /// HEAD when the QMS was loaded: what the workspace was read against.
    pub head: Option<git2::Oid>,
    /// What was done, before loading, with a publication a killed process left.
    pub recovered: Option<crate::publish::recover::Recovered>,
}

impl Qms {
    /// Opens the repository holding the QMS at `root`, finishes or undoes a publication a
    /// killed process left there, then loads the QMS.
    pub fn open(root: &Path) -> Result<Qms, GitError> {
        let repo = QmsRepo::open(root)?;
        let recovered = crate::publish::recover::recover(&repo.repo);
        Ok(Qms {
            recovered,
            ..Qms::new(Workspace::load(root), repo)
        })
    }

    /// The QMS from a workspace already loaded and its repository.
    pub fn new(workspace: Workspace, repo: QmsRepo) -> Qms {
        let head = repo.repo.head().ok().and_then(|h| h.target());
        Qms {
            workspace,
            repo,
            head,
            recovered: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.workspace.root
    }

    pub fn config(&self) -> &Config {
        &self.workspace.config
    }

    /// The publications so far, oldest first (tags with the prefix of qms.yaml).
    pub fn publications(&self) -> Result<Vec<Publication>, GitError> {
        self.repo.publications(self.config().tag_prefix())
    }
}
