//! The steps of `publish --apply` that change the repository, in the order git itself uses:
//!
//! 1. the objects — blobs, tree, commit, annotated tag — into the object database, where
//!    nothing refers to them yet;
//! 2. the journal in the lock file: what the publication moves;
//! 3. HEAD's ref and the tag, moved together under git's ref locks, their old values checked
//!    (a commit made meanwhile is never lost: the publication stops instead);
//! 4. the work tree and the index brought to the new commit.
//!
//! A failure before 3 leaves nothing to undo; a failure after it moves the refs back and puts
//! the work tree as it was, folders created included. A process killed at any point leaves
//! the journal, from which the next run finishes or undoes the publication
//! ([`super::recover`]).

use super::error::ApplyError;
use super::fault::fault;
use super::journal::{Lock, Moves, Phase};
use crate::git::write::{self, Direction, RefMove};
use std::path::{Path, PathBuf};

/// A file the publication writes: its path relative to the QMS root and new content.
pub(crate) struct Write {
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
}

/// What is published: the files (paths relative to the QMS root, which is `prefix` in the
/// repository), the tag's name and the message of the commit and the tag.
pub(crate) struct Publication<'a> {
    pub writes: &'a [Write],
    pub prefix: &'a Path,
    pub tag: &'a str,
    pub message: &'a str,
}

/// Publishes: objects, refs, work tree; returns the commit. On failure, what was done is
/// undone and the error says so.
pub(crate) fn publish(
    repo: &git2::Repository,
    lock: &mut Lock,
    p: &Publication<'_>,
) -> Result<git2::Oid, ApplyError> {
    let ids = crate::git::identity::identities(repo).ok_or(ApplyError::NoCommitter)?;
    let moves = write_objects(repo, p, &ids)?;
    lock.set(Phase::Refs, Some(&moves))?;
    fault("journal")?;
    move_refs(repo, &moves, Direction::Forward, &ids.committer, true)?;
    let done = (|| {
        fault("refs")?;
        lock.set(Phase::WorkTree, None)?;
        work_tree(repo, &moves, true)?;
        fault("done")
    })();
    match done {
        Ok(()) => Ok(oid(&moves.commit)?),
        Err(e) => {
            let undone = lock
                .set(Phase::Undo, None)
                .and_then(|()| undo(repo, &moves, &ids.committer));
            Err(match undone {
                Ok(()) => ApplyError::Failed(Box::new(e)),
                Err(u) => ApplyError::NotUndone {
                    error: Box::new(e),
                    undo: Box::new(u),
                },
            })
        }
    }
}

/// Step 1: the blobs, the tree, the commit on HEAD and the annotated tag, in the object
/// database only; returns what the later steps move.
fn write_objects(
    repo: &git2::Repository,
    p: &Publication<'_>,
    ids: &crate::git::identity::Identities,
) -> Result<Moves, ApplyError> {
    let mut files = Vec::with_capacity(p.writes.len());
    for w in p.writes {
        files.push((p.prefix.join(&w.rel), repo.blob(&w.bytes)?));
        fault("blob")?;
    }
    let head = repo.head()?;
    let head_ref = match head.is_branch() {
        true => head.name().unwrap_or("HEAD").to_string(),
        false => "HEAD".to_string(),
    };
    let parent = head.peel_to_commit()?;
    let tree = write::tree_with(repo, Some(&parent.tree()?), &files)?;
    let tree = repo.find_tree(tree)?;
    fault("tree")?;
    let commit = repo.commit(
        None,
        &ids.author,
        &ids.committer,
        p.message,
        &tree,
        &[&parent],
    )?;
    fault("commit")?;
    let target = repo.find_object(commit, None)?;
    let tag_object = repo.tag_annotation_create(p.tag, &target, &ids.committer, p.message)?;
    fault("tag-object")?;
    let files: Vec<PathBuf> = files.into_iter().map(|(f, _)| f).collect();
    let workdir = repo.workdir().unwrap_or(Path::new("."));
    Ok(Moves {
        head_ref,
        old: parent.id().to_string(),
        commit: commit.to_string(),
        tag_ref: format!("refs/tags/{}", p.tag),
        tag_object: tag_object.to_string(),
        dirs: write::missing_dirs(workdir, &files),
        files,
    })
}

/// Step 3 (or its undo): moves HEAD's ref and the tag together.
pub(crate) fn move_refs(
    repo: &git2::Repository,
    m: &Moves,
    direction: Direction,
    who: &git2::Signature<'_>,
    faults: bool,
) -> Result<(), ApplyError> {
    let refs = RefMove {
        head_ref: &m.head_ref,
        old: oid(&m.old)?,
        new: oid(&m.commit)?,
        tag_ref: &m.tag_ref,
        tag_object: oid(&m.tag_object)?,
    };
    let locked = || match faults {
        true => fault("refs-locked")
            .map_err(|e| write::RefsError::Git(git2::Error::from_str(&e.to_string()))),
        false => Ok(()),
    };
    write::move_refs(repo, &refs, direction, who, locked).map_err(ApplyError::Refs)
}

/// Step 4: the work tree and the index at the new commit.
pub(crate) fn work_tree(
    repo: &git2::Repository,
    m: &Moves,
    faults: bool,
) -> Result<(), ApplyError> {
    checkout(repo, &m.commit, &m.files, faults)
}

/// Puts the refs, the work tree and the index back as they were before the publication, and
/// removes the folders it created.
pub(crate) fn undo(
    repo: &git2::Repository,
    m: &Moves,
    who: &git2::Signature<'_>,
) -> Result<(), ApplyError> {
    move_refs(repo, m, Direction::Back, who, false)?;
    checkout(repo, &m.old, &m.files, false)?;
    let workdir = repo.workdir().unwrap_or(Path::new("."));
    write::remove_dirs(workdir, &m.dirs).map_err(|error| ApplyError::Write {
        path: workdir.to_path_buf(),
        error,
    })
}

/// The files of `m` as in `commit`, then the index.
fn checkout(
    repo: &git2::Repository,
    commit: &str,
    files: &[PathBuf],
    faults: bool,
) -> Result<(), ApplyError> {
    let each = || match faults {
        true => fault("file").map_err(|e| std::io::Error::other(e.to_string())),
        false => Ok(()),
    };
    let mut index =
        write::checkout_files(repo, oid(commit)?, files, each).map_err(|e| match e {
            write::CheckoutError::Git(e) => ApplyError::from(e),
            write::CheckoutError::Io { path, error } => ApplyError::Write { path, error },
        })?;
    if faults {
        fault("index")?;
    }
    index.write()?;
    Ok(())
}

fn oid(hex: &str) -> Result<git2::Oid, ApplyError> {
    Ok(git2::Oid::from_str(hex)?)
}
