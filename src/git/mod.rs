//! Publication state in git: each publication is a commit with an annotated tag
//! (`qms/<n>` by default). This module reads tags and the documents of a commit; `write`
//! holds the few writes of a publication (objects, refs, work-tree files).

pub(crate) mod identity;
pub(crate) mod write;

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
    /// The tag message without its trailers: the decision in words.
    pub message: String,
    /// The decision's number and date (`15/QĐ-UBND`, `2026-03-02`), from the tag's trailers.
    pub decision: Option<String>,
    pub date: Option<String>,
    /// Commit time, seconds since the epoch.
    pub time: i64,
}

/// The trailers of a publication's tag (and commit) message.
pub(crate) const DECISION_TRAILER: &str = "Qmsdoc-Decision";
pub(crate) const DATE_TRAILER: &str = "Qmsdoc-Date";

/// A tag message split: its text without the trailers, the decision and the date. A tag made
/// before the trailers existed ("Quyết định số 01/QĐ-UBND ngày 05/01/2026: …") is read from
/// its first line.
fn read_tag_message(message: &str) -> (String, Option<String>, Option<String>) {
    let (mut decision, mut date) = (None, None);
    if let Ok(trailers) = git2::message_trailers_strs(message) {
        for (key, value) in trailers.iter() {
            match key {
                DECISION_TRAILER => decision = Some(value.trim().to_string()),
                DATE_TRAILER => date = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    let text = match decision.is_some() {
        true => message
            .split("\n\n")
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        false => message.trim().to_string(),
    };
    if decision.is_none() {
        (decision, date) = legacy_decision(&text);
    }
    (text, decision, date)
}

/// The number and date of "Quyết định số N ngày DD/MM/YYYY: …", the first line of older tags.
fn legacy_decision(text: &str) -> (Option<String>, Option<String>) {
    let line = text.lines().next().unwrap_or("");
    let Some(rest) = line.strip_prefix("Quyết định số ") else {
        return (None, None);
    };
    let Some((number, rest)) = rest.split_once(" ngày ") else {
        return (None, None);
    };
    let date = rest.split(':').next().unwrap_or("").trim();
    let date = crate::model::Date::parse(date).map(|d| d.to_string());
    (Some(number.trim().to_string()), date)
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
                .and_then(|t| t.message().ok().flatten().map(str::to_string))
                .unwrap_or_default();
            let (message, decision, date) = read_tag_message(&message);
            let commit = reference.peel_to_commit()?;
            out.push(Publication {
                tag: name.to_string(),
                number,
                commit: commit.id(),
                message,
                decision,
                date,
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
