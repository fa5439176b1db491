//! The publication lock, `.git/qmsdoc-publish.lock`: it refuses a second publish while one
//! runs, and it is the journal of the one that runs — which process, at which phase, and
//! once the objects are written, what the publication moves (refs, files) — so that a later
//! run finds what a killed one left and finishes or undoes it ([`super::recover`]).

use super::error::ApplyError;
use std::path::{Path, PathBuf};

pub(crate) const LOCK_FILE: &str = "qmsdoc-publish.lock";

/// Where a publication is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Phase {
    /// Checking and preparing in memory: nothing written but objects nobody sees.
    Prepare,
    /// The objects are written; the refs are about to move.
    Refs,
    /// The refs moved: the work tree and the index are brought to the new commit.
    WorkTree,
    /// A failure after the refs moved: the refs, the work tree and the index go back.
    Undo,
}

/// What the publication moves, known once its objects are in the object database.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Moves {
    /// The ref HEAD names (`refs/heads/main`), or `HEAD` when it is detached.
    pub head_ref: String,
    /// The commit HEAD was at, and the publication's commit.
    pub old: String,
    pub commit: String,
    /// `refs/tags/qms/3` and the annotated tag object it will point at.
    pub tag_ref: String,
    pub tag_object: String,
    /// The files written, relative to the work tree.
    pub files: Vec<PathBuf>,
    /// The folders the publication creates, relative to the work tree, outermost first.
    pub dirs: Vec<PathBuf>,
}

/// The content of the lock file.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Journal {
    pub pid: u32,
    /// When the process started (Linux: clock ticks since boot), against reused pids.
    pub started: Option<u64>,
    pub phase: Phase,
    pub moves: Option<Moves>,
}

impl Journal {
    /// The journal in `git_dir`: None when there is no lock; Err when the lock holds no
    /// journal (left by another tool or an older version).
    pub(crate) fn read(git_dir: &Path) -> Option<Result<Journal, PathBuf>> {
        let path = git_dir.join(LOCK_FILE);
        let text = std::fs::read(&path).ok()?;
        Some(serde_json::from_slice(&text).map_err(|_| path))
    }

    /// True while the process that wrote the journal runs.
    pub(crate) fn owner_alive(&self) -> bool {
        if self.pid == std::process::id() {
            return true;
        }
        if !Path::new("/proc/self").exists() {
            // Without /proc, a process is assumed alive: the lock is then removed by hand.
            return true;
        }
        match start_time(self.pid) {
            None => false,
            Some(t) => self.started.is_none_or(|s| s == t),
        }
    }
}

/// The start time of a process, field 22 of `/proc/<pid>/stat`.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

/// The lock held by this process; removed when dropped (a killed process leaves it, with
/// its journal, for the next run).
pub(crate) struct Lock {
    path: PathBuf,
    journal: Journal,
}

impl Lock {
    /// Takes the lock: the journal is written beside it, then linked to the lock's name,
    /// which fails when the lock exists. The lock is never seen empty.
    pub(crate) fn take(git_dir: &Path) -> Result<Lock, ApplyError> {
        let path = git_dir.join(LOCK_FILE);
        let pid = std::process::id();
        let journal = Journal {
            pid,
            started: start_time(pid),
            phase: Phase::Prepare,
            moves: None,
        };
        let tmp = git_dir.join(format!("{LOCK_FILE}.{pid}"));
        let lock_error = |error| ApplyError::Lock {
            path: path.clone(),
            error,
        };
        crate::fsutil::write_atomic(&tmp, &to_json(&journal)).map_err(lock_error)?;
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(Lock { path, journal }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                match Journal::read(git_dir) {
                    Some(Err(path)) => Err(ApplyError::ForeignLock(path)),
                    _ => Err(ApplyError::Locked(path)),
                }
            }
            Err(error) => Err(lock_error(error)),
        }
    }

    /// Records the phase, and what the publication moves once known.
    pub(crate) fn set(&mut self, phase: Phase, moves: Option<&Moves>) -> Result<(), ApplyError> {
        self.journal.phase = phase;
        if let Some(m) = moves {
            self.journal.moves = Some(m.clone());
        }
        crate::fsutil::write_atomic(&self.path, &to_json(&self.journal)).map_err(|error| {
            ApplyError::Lock {
                path: self.path.clone(),
                error,
            }
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn to_json(journal: &Journal) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(journal).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
