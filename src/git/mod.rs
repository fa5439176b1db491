//! Publication state in git: each publication is a commit with an annotated tag
//! (`qms/<n>` by default). This module reads tags and the documents of a commit; it never
//! writes.

pub(crate) mod identity;

use crate::model::Document;
use crate::source::SourceFile;
use crate::workspace;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A publication: an annotated (or lightweight) tag `<prefix><n>` on a commit.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Publication {
    pub tag: String,
    pub number: u64,
    #[serde(serialize_with = "oid_hex")]
    pub commit: git2::Oid,
    /// The tag message: the decision number and date.
    pub message: String,
    /// Commit time, seconds since the epoch.
    pub time: i64,
}

fn oid_hex<S: serde::Serializer>(oid: &git2::Oid, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&oid.to_string())
}

#[derive(Debug)]
pub enum GitError {
    NotARepository(PathBuf),
    Git(git2::Error),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            GitError::NotARepository(p) => {
                let p = p.display();
                f.write_str(&tr!(
                    "\"{p}\" không nằm trong một kho git\ngợi ý: git init && git add . && git commit -m \"Khởi tạo HTQLCL\"",
                    "\"{p}\" is not inside a git repository\nhelp: git init && git add . && git commit -m \"Start the QMS\""
                ))
            }
            GitError::Git(e) => f.write_str(&tr!("lỗi git: {}", "git error: {}", e.message())),
        }
    }
}

impl std::error::Error for GitError {}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        GitError::Git(e)
    }
}

pub struct QmsRepo {
    pub repo: git2::Repository,
    /// The QMS root relative to the repository's work tree (empty when they are the same).
    pub prefix: PathBuf,
}

/// A document as stored in a commit.
pub struct StoredDoc {
    /// Path relative to the QMS root.
    pub path: PathBuf,
    pub text: String,
    pub doc: Document,
}

impl QmsRepo {
    /// Opens the repository holding the QMS at `root`.
    pub fn open(root: &Path) -> Result<QmsRepo, GitError> {
        let repo = git2::Repository::discover(root)
            .map_err(|_| GitError::NotARepository(root.to_path_buf()))?;
        let workdir = repo
            .workdir()
            .and_then(|w| std::fs::canonicalize(w).ok())
            .ok_or_else(|| GitError::NotARepository(root.to_path_buf()))?;
        let root = std::fs::canonicalize(root)
            .map_err(|_| GitError::NotARepository(root.to_path_buf()))?;
        let prefix = root
            .strip_prefix(&workdir)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(QmsRepo { repo, prefix })
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// Publications, oldest first: tags `<prefix><n>` whose `<n>` is a number.
    pub fn publications(&self, tag_prefix: &str) -> Result<Vec<Publication>, GitError> {
        let mut out = Vec::new();
        let names = self.repo.tag_names(Some(&format!("{tag_prefix}*")))?;
        for name in names.iter().flatten().flatten() {
            let Some(number) = name
                .strip_prefix(tag_prefix)
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            let reference = self.repo.find_reference(&format!("refs/tags/{name}"))?;
            let message = reference
                .peel_to_tag()
                .ok()
                .and_then(|t| t.message().ok().flatten().map(|m| m.trim().to_string()))
                .unwrap_or_default();
            let commit = reference.peel_to_commit()?;
            out.push(Publication {
                tag: name.to_string(),
                number,
                commit: commit.id(),
                message,
                time: commit.time().seconds(),
            });
        }
        out.sort_by_key(|p| p.number);
        Ok(out)
    }

    /// The documents of the QMS as committed in `commit`.
    pub fn documents_at(
        &self,
        commit: git2::Oid,
        excludes: &ignore::overrides::Override,
    ) -> Result<Vec<StoredDoc>, GitError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let tree = if self.prefix.as_os_str().is_empty() {
            tree
        } else {
            match tree.get_path(&self.prefix) {
                Ok(entry) => self.repo.find_tree(entry.id())?,
                Err(_) => return Ok(Vec::new()),
            }
        };
        let mut blobs = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob)
                && let Ok(name) = entry.name()
            {
                let rel = Path::new(dir).join(name);
                if workspace::is_document_path(&rel) && !excludes.matched(&rel, false).is_ignore() {
                    blobs.push((rel, entry.id()));
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        let mut out = Vec::with_capacity(blobs.len());
        for (path, oid) in blobs {
            let blob = self.repo.find_blob(oid)?;
            let Ok(text) = std::str::from_utf8(blob.content()) else {
                continue;
            };
            let file = Arc::new(SourceFile::new(path.clone(), text.to_string()));
            if let (Some(doc), _) = workspace::parse_document(&file) {
                out.push(StoredDoc {
                    path,
                    text: text.to_string(),
                    doc,
                });
            }
        }
        Ok(out)
    }

    /// A file of the QMS (such as `tthc/catalog.yaml`) as committed in `commit`.
    pub fn file_at(&self, commit: git2::Oid, rel: &str) -> Result<Option<String>, GitError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(&self.prefix.join(rel)) else {
            return Ok(None);
        };
        let blob = self.repo.find_blob(entry.id())?;
        Ok(std::str::from_utf8(blob.content()).ok().map(str::to_string))
    }
}
