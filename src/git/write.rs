//! The writes of a publication, done as git does them: objects first (nobody sees them),
//! then refs moved under git's own lock files with their old values checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A tree: `base` with `files` (paths relative to it, and their blobs) added or replaced.
pub(crate) fn tree_with(
    repo: &git2::Repository,
    base: Option<&git2::Tree<'_>>,
    files: &[(PathBuf, git2::Oid)],
) -> Result<git2::Oid, git2::Error> {
    let mut blobs: Vec<(String, git2::Oid)> = Vec::new();
    let mut dirs: BTreeMap<String, Vec<(PathBuf, git2::Oid)>> = BTreeMap::new();
    for (path, oid) in files {
        let mut parts = path.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let rest = parts.as_path();
        if rest.as_os_str().is_empty() {
            blobs.push((first, *oid));
        } else {
            dirs.entry(first)
                .or_default()
                .push((rest.to_path_buf(), *oid));
        }
    }
    let mut builder = repo.treebuilder(base)?;
    for (name, oid) in blobs {
        let mode = base
            .and_then(|t| t.get_name(&name))
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map_or(0o100644, |e| e.filemode());
        builder.insert(&name, oid, mode)?;
    }
    for (name, sub) in dirs {
        let existing = match base.and_then(|t| t.get_name(&name)) {
            Some(e) if e.kind() == Some(git2::ObjectType::Tree) => Some(repo.find_tree(e.id())?),
            _ => None,
        };
        let oid = tree_with(repo, existing.as_ref(), &sub)?;
        builder.insert(&name, oid, 0o040000)?;
    }
    builder.write()
}

/// Which way [`move_refs`] moves HEAD's ref and the tag.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// HEAD's ref to the new commit, the tag created.
    Forward,
    /// HEAD's ref back to the old commit, the tag removed.
    Back,
}

/// The refs a publication moves: HEAD's ref (`refs/heads/main`, or `HEAD` when detached)
/// from `old` to `new`, and the tag ref to the tag object.
pub(crate) struct RefMove<'a> {
    pub head_ref: &'a str,
    pub old: git2::Oid,
    pub new: git2::Oid,
    pub tag_ref: &'a str,
    pub tag_object: git2::Oid,
}

/// Why the refs were not moved.
#[derive(Debug)]
pub(crate) enum RefsError {
    Git(git2::Error),
    /// The ref is at neither the old nor the new value: someone else moved it.
    Moved {
        name: String,
        found: Option<git2::Oid>,
    },
}

impl From<git2::Error> for RefsError {
    fn from(e: git2::Error) -> Self {
        RefsError::Git(e)
    }
}

/// Moves both refs at once: both are locked with git's `.lock` files, their values checked
/// (HEAD's ref at the old or the new commit, the tag absent or already ours), then both are
/// set. Moving again the way they already are changes nothing, so a later run can finish or
/// undo a move cut short.
pub(crate) fn move_refs(
    repo: &git2::Repository,
    m: &RefMove<'_>,
    direction: Direction,
    who: &git2::Signature<'_>,
    locked: impl FnOnce() -> Result<(), RefsError>,
) -> Result<(), RefsError> {
    let mut tx = repo.transaction()?;
    tx.lock_ref(m.head_ref)?;
    tx.lock_ref(m.tag_ref)?;
    locked()?;
    let head = repo.refname_to_id(m.head_ref).ok();
    if head != Some(m.old) && head != Some(m.new) {
        return Err(RefsError::Moved {
            name: m.head_ref.to_string(),
            found: head,
        });
    }
    let tag = repo.refname_to_id(m.tag_ref).ok();
    if tag.is_some_and(|t| t != m.tag_object) {
        return Err(RefsError::Moved {
            name: m.tag_ref.to_string(),
            found: tag,
        });
    }
    match direction {
        Direction::Forward => {
            tx.set_target(m.head_ref, m.new, Some(who), "qmsdoc publish")?;
            tx.set_target(m.tag_ref, m.tag_object, Some(who), "qmsdoc publish")?;
        }
        Direction::Back => {
            tx.set_target(m.head_ref, m.old, Some(who), "qmsdoc publish: undo")?;
            if tag.is_some() {
                tx.remove(m.tag_ref)?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Brings `files` (relative to the work tree) to what they are in `commit`: written from its
/// blobs, or removed when it has none; stray temporary files beside them removed; the index
/// updated. `each` runs after each file.
pub(crate) fn checkout_files(
    repo: &git2::Repository,
    commit: git2::Oid,
    files: &[PathBuf],
    mut each: impl FnMut() -> Result<(), std::io::Error>,
) -> Result<git2::Index, CheckoutError> {
    let workdir = repo.workdir().ok_or_else(|| {
        CheckoutError::Git(git2::Error::from_str("the repository has no work tree"))
    })?;
    let tree = repo.find_commit(commit)?.tree()?;
    let mut index = repo.index()?;
    index.read(true)?;
    for rel in files {
        let path = workdir.join(rel);
        let io = |error| CheckoutError::Io {
            path: path.clone(),
            error,
        };
        match tree.get_path(rel) {
            Ok(entry) => {
                let blob = repo.find_blob(entry.id())?;
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                crate::fsutil::write_atomic(&path, blob.content()).map_err(io)?;
                index.add_path(rel)?;
            }
            Err(_) => {
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                    _ => {}
                }
                let _ = index.remove_path(rel);
            }
        }
        remove_stray_temporaries(&path);
        each().map_err(io)?;
    }
    Ok(index)
}

/// Why the work tree could not be brought to a commit.
#[derive(Debug)]
pub(crate) enum CheckoutError {
    Git(git2::Error),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl From<git2::Error> for CheckoutError {
    fn from(e: git2::Error) -> Self {
        CheckoutError::Git(e)
    }
}

/// Removes the `.NAME.PID.tmp` files a killed atomic write of `path` left.
fn remove_stray_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The folders (relative to `workdir`) that writing `files` would create, outermost first.
pub(crate) fn missing_dirs(workdir: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        for dir in f.ancestors().skip(1) {
            if dir.as_os_str().is_empty() || workdir.join(dir).exists() {
                break;
            }
            if !dirs.contains(&dir.to_path_buf()) {
                dirs.push(dir.to_path_buf());
            }
        }
    }
    dirs.sort_by_key(|d| d.components().count());
    dirs
}

/// Removes the folders a publication created (innermost first); one that holds something
/// else by now stays.
pub(crate) fn remove_dirs(workdir: &Path, dirs: &[PathBuf]) -> Result<(), std::io::Error> {
    use std::io::ErrorKind;
    for d in dirs.iter().rev() {
        match std::fs::remove_dir(workdir.join(d)) {
            Err(e) if !matches!(e.kind(), ErrorKind::NotFound | ErrorKind::DirectoryNotEmpty) => {
                return Err(e);
            }
            _ => {}
        }
    }
    Ok(())
}
