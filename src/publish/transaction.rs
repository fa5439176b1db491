//! The steps of `publish --apply` that change the repository — files, index, commit, HEAD,
//! tag — each recorded so that it can be undone, last step first, if a later one fails.

use super::error::{ApplyError, Undo};
use std::path::{Path, PathBuf};

/// A file the publication writes: its path relative to the QMS root and new content.
pub struct Write {
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
}

/// Fails on purpose at a named step when the test build asks for it (`QMSDOC_FAIL_AT`), so
/// that the tests can prove each step is undone.
pub fn fault(step: &'static str) -> Result<(), ApplyError> {
    if cfg!(feature = "fault-injection") && std::env::var("QMSDOC_FAIL_AT").is_ok_and(|s| s == step)
    {
        return Err(ApplyError::Fault(step));
    }
    Ok(())
}

/// The steps that change the repository, and what undoes each.
pub struct Transaction<'r> {
    repo: &'r git2::Repository,
    root: PathBuf,
    /// Files written: (path, previous content or None when new).
    written: Vec<(PathBuf, Option<Vec<u8>>)>,
    index_before: Option<Option<Vec<u8>>>,
    head_before: Option<(Option<String>, git2::Oid)>,
    tag_created: Option<String>,
}

impl<'r> Transaction<'r> {
    pub fn new(repo: &'r git2::Repository, root: &Path) -> Self {
        Transaction {
            repo,
            root: root.to_path_buf(),
            written: Vec::new(),
            index_before: None,
            head_before: None,
            tag_created: None,
        }
    }

    /// Writes the files, commits them (`prefix` is the QMS root in the repository) and tags
    /// the commit; returns the commit. On failure, undoes what was done.
    pub fn commit_and_tag(
        mut self,
        writes: &[Write],
        prefix: &Path,
        tag: &str,
        message: &str,
    ) -> Result<git2::Oid, ApplyError> {
        match self.run(writes, prefix, tag, message) {
            Ok(commit) => Ok(commit),
            Err(e) => Err(match self.rollback() {
                Ok(()) => ApplyError::Failed(Box::new(e)),
                Err(undo) => ApplyError::NotUndone {
                    error: Box::new(e),
                    undo,
                },
            }),
        }
    }

    fn run(
        &mut self,
        writes: &[Write],
        prefix: &Path,
        tag: &str,
        message: &str,
    ) -> Result<git2::Oid, ApplyError> {
        let repo = self.repo;
        self.write_files(writes)?;
        fault("files")?;
        let mut index = repo.index()?;
        for w in writes {
            index.add_path(&prefix.join(&w.rel))?;
        }
        let tree = repo.find_tree(index.write_tree()?)?;
        let ids = crate::git::identity::identities(repo).ok_or(ApplyError::NoCommitter)?;
        let head = repo.head()?.peel_to_commit()?;
        let commit = repo.commit(None, &ids.author, &ids.committer, message, &tree, &[&head])?;
        fault("commit")?;
        let target = repo.find_object(commit, None)?;
        let tag_obj = repo.tag_annotation_create(tag, &target, &ids.committer, message)?;
        self.write_index(&mut index)?;
        fault("index")?;
        self.move_head(commit, message)?;
        fault("head")?;
        self.create_tag(tag, tag_obj)?;
        fault("tag")?;
        Ok(commit)
    }

    fn write_files(&mut self, writes: &[Write]) -> Result<(), ApplyError> {
        for w in writes {
            let path = self.root.join(&w.rel);
            let before = std::fs::read(&path).ok();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|error| ApplyError::Write {
                    path: dir.to_path_buf(),
                    error,
                })?;
            }
            self.written.push((path.clone(), before));
            crate::fsutil::write_atomic(&path, &w.bytes)
                .map_err(|error| ApplyError::Write { path, error })?;
        }
        Ok(())
    }

    fn write_index(&mut self, index: &mut git2::Index) -> Result<(), ApplyError> {
        let path = self.repo.path().join("index");
        self.index_before = Some(std::fs::read(&path).ok());
        index.write()?;
        Ok(())
    }

    fn move_head(&mut self, commit: git2::Oid, message: &str) -> Result<(), ApplyError> {
        let head = self.repo.head()?;
        let old = head.peel_to_commit()?.id();
        if head.is_branch() {
            let name = head.name().unwrap_or("HEAD").to_string();
            self.head_before = Some((Some(name.clone()), old));
            self.repo.reference(&name, commit, true, message)?;
        } else {
            self.head_before = Some((None, old));
            self.repo.set_head_detached(commit)?;
        }
        Ok(())
    }

    fn create_tag(&mut self, name: &str, tag: git2::Oid) -> Result<(), ApplyError> {
        let refname = format!("refs/tags/{name}");
        self.repo
            .reference(&refname, tag, false, "qmsdoc publish")?;
        self.tag_created = Some(refname);
        Ok(())
    }

    /// Undoes what was done, last step first.
    fn rollback(&mut self) -> Result<(), Vec<Undo>> {
        let mut problems = Vec::new();
        if let Some(r) = self.tag_created.take()
            && let Err(e) = self.repo.find_reference(&r).and_then(|mut r| r.delete())
        {
            problems.push(Undo::Tag(e));
        }
        if let Some((branch, old)) = self.head_before.take() {
            let r = match branch {
                Some(name) => self
                    .repo
                    .reference(&name, old, true, "qmsdoc publish: undo")
                    .map(|_| ()),
                None => self.repo.set_head_detached(old),
            };
            if let Err(e) = r {
                problems.push(Undo::Head(e));
            }
        }
        if let Some(before) = self.index_before.take() {
            let path = self.repo.path().join("index");
            if let Err(e) = restore(&path, before) {
                problems.push(Undo::Index(e));
            }
        }
        for (path, before) in self.written.drain(..).rev() {
            if let Err(e) = restore(&path, before) {
                problems.push(Undo::File(path, e));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Puts a file back as it was: its old content, or no file.
fn restore(path: &Path, before: Option<Vec<u8>>) -> std::io::Result<()> {
    match before {
        Some(bytes) => crate::fsutil::write_atomic(path, &bytes),
        None => std::fs::remove_file(path),
    }
}
