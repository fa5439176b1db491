//! What a later run does with a publication whose process died (killed, power cut): the
//! journal in the lock file says how far it went. Once its refs moved, the publication is
//! finished (the work tree and the index brought to the published commit); before, or when
//! it was undoing a failure, it is undone. Either way the lock goes, and the run says which.

use super::journal::{Journal, LOCK_FILE, Moves, Phase};
use super::transaction::{move_refs, undo, work_tree};
use crate::git::write::Direction;
use std::path::Path;

/// What was found and done.
#[derive(Debug)]
pub enum Recovered {
    /// The process died before writing anything anyone sees: only the lock was removed.
    Cleared { pid: u32 },
    /// Its refs had moved: the publication was finished.
    Finished { pid: u32, tag: String },
    /// Its refs had not moved, or it was undoing a failure: the repository is as before.
    Undone { pid: u32, tag: String },
    /// Neither could be done; the lock stays.
    Failed { pid: u32, error: String },
}

impl std::fmt::Display for Recovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Recovered::Cleared { pid } => tr!(
                "lần công bố trước (tiến trình {pid}) bị dừng trước khi ghi gì vào kho: đã gỡ khóa",
                "an earlier publish (process {pid}) stopped before writing anything: its lock was removed"
            ),
            Recovered::Finished { pid, tag } => tr!(
                "lần công bố trước (tiến trình {pid}) bị dừng giữa chừng: đã hoàn tất công bố {tag}",
                "an earlier publish (process {pid}) stopped midway: publication {tag} was finished"
            ),
            Recovered::Undone { pid, tag } => tr!(
                "lần công bố trước (tiến trình {pid}) bị dừng giữa chừng: đã hủy công bố {tag}, kho trở lại như trước",
                "an earlier publish (process {pid}) stopped midway: publication {tag} was undone, the repository is as it was"
            ),
            Recovered::Failed { pid, error } => tr!(
                "lần công bố trước (tiến trình {pid}) bị dừng giữa chừng và không khôi phục được: {error}",
                "an earlier publish (process {pid}) stopped midway and could not be recovered: {error}"
            ),
        };
        f.write_str(&s)
    }
}

/// Finishes or undoes the publication a dead process left in `repo`; None when there is
/// none (no lock, a lock of a running process, or a lock without a journal).
pub(crate) fn recover(repo: &git2::Repository) -> Option<Recovered> {
    let journal = Journal::read(repo.path())?.ok()?;
    if journal.owner_alive() {
        return None;
    }
    let pid = journal.pid;
    let outcome = match &journal.moves {
        None => Recovered::Cleared { pid },
        Some(m) => match settle(repo, m, journal.phase) {
            Ok(true) => Recovered::Finished {
                pid,
                tag: tag_name(m),
            },
            Ok(false) => Recovered::Undone {
                pid,
                tag: tag_name(m),
            },
            Err(e) => {
                return Some(Recovered::Failed {
                    pid,
                    error: e.to_string(),
                });
            }
        },
    };
    let _ = std::fs::remove_file(repo.path().join(LOCK_FILE));
    Some(outcome)
}

/// Finishes (true) or undoes (false) the publication of `m`.
fn settle(
    repo: &git2::Repository,
    m: &Moves,
    phase: Phase,
) -> Result<bool, super::error::ApplyError> {
    remove_stale_locks(repo.path(), m);
    let who = crate::git::identity::identities(repo)
        .map(|i| i.committer)
        .or_else(|| git2::Signature::now("qmsdoc", "qmsdoc@localhost").ok())
        .ok_or(super::error::ApplyError::NoCommitter)?;
    let at = |name: &str| repo.refname_to_id(name).ok().map(|o| o.to_string());
    let moved = at(&m.head_ref).as_deref() == Some(m.commit.as_str())
        || at(&m.tag_ref).as_deref() == Some(m.tag_object.as_str());
    match phase {
        Phase::Undo => undo(repo, m, &who).map(|()| false),
        _ if moved => {
            move_refs(repo, m, Direction::Forward, &who, false)?;
            work_tree(repo, m, false).map(|()| true)
        }
        // Nothing anyone sees was written: the objects stay unreferenced, for `git gc`.
        _ => Ok(false),
    }
}

/// The lock files of git that the dead process held: the index's and the two refs' (git
/// refuses to work while they are there). Only those made after the journal's last phase
/// change, when the process took them, are removed; an older one is someone else's.
fn remove_stale_locks(git_dir: &Path, m: &Moves) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(journal) = modified(&git_dir.join(LOCK_FILE)) else {
        return;
    };
    for name in ["index", m.head_ref.as_str(), m.tag_ref.as_str()] {
        let lock = git_dir.join(format!("{name}.lock"));
        if modified(&lock).is_some_and(|t| t >= journal) {
            let _ = std::fs::remove_file(lock);
        }
    }
}

fn tag_name(m: &Moves) -> String {
    m.tag_ref
        .strip_prefix("refs/tags/")
        .unwrap_or(&m.tag_ref)
        .to_string()
}
