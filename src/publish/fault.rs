//! Failure points of `publish --apply` for the tests (built with the `fault-injection`
//! feature; without it every call is a no-op).
//!
//! - `QMSDOC_FAIL_AT=step` returns an error at `step`, so that the tests prove each step is
//!   undone in-process;
//! - `QMSDOC_ABORT_AT=step` or `step#n` (the n-th time the point is reached) aborts the
//!   process there, as a power cut or `kill -9` would, so that the tests prove the next run
//!   finishes or undoes the publication;
//! - `QMSDOC_RUN_AT=step` runs `QMSDOC_RUN` with `sh -c` there, then goes on (a concurrent
//!   commit, for instance).

use super::error::ApplyError;

/// Reaches the failure point `step`.
pub(crate) fn fault(step: &'static str) -> Result<(), ApplyError> {
    if !cfg!(feature = "fault-injection") {
        return Ok(());
    }
    let hits = hit(step);
    let at = |var: &str| {
        std::env::var(var).is_ok_and(|s| match s.split_once('#') {
            Some((name, n)) => name == step && n.parse() == Ok(hits),
            None => s == step,
        })
    };
    if at("QMSDOC_ABORT_AT") {
        std::process::abort();
    }
    if at("QMSDOC_RUN_AT")
        && let Ok(command) = std::env::var("QMSDOC_RUN")
    {
        let _ = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .status();
    }
    if at("QMSDOC_FAIL_AT") {
        return Err(ApplyError::Fault(step));
    }
    Ok(())
}

/// How many times `step` has been reached, this one included.
fn hit(step: &'static str) -> usize {
    use std::sync::Mutex;
    static HITS: Mutex<Vec<(&str, usize)>> = Mutex::new(Vec::new());
    let mut hits = HITS.lock().unwrap_or_else(|e| e.into_inner());
    match hits.iter_mut().find(|(s, _)| *s == step) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            hits.push((step, 1));
            1
        }
    }
}
