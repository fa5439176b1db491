//! What disagrees between a procedure's workflow as published and as configured in the
//! one-stop software: the time limit, the steps on one side only, the order of the steps
//! both have, each step's time and role, and configured steps that add up to more than the
//! limit. Format-neutral: both sides are [`Workflow`]s, whatever file the configured one was
//! read from (an OpenCPS backup, BPMN).
//!
//! Times are compared in working minutes (calendar time converted at the QMS's rate): a step
//! that adds nothing to the sum (off the clock, immediate, sharing its phase's time) counts
//! as 0, and an immediate limit as one working day, so that a workflow and its export agree.

use super::{StepTime, Workflow};
use crate::model::duration::TimeRules;
use std::path::PathBuf;

/// A workflow read from the one-stop software, with where it was found.
#[derive(Clone, Debug)]
pub(crate) struct Configured {
    /// The file it was read from (the zip, the BPMN file).
    pub(crate) origin: PathBuf,
    /// Its name in that file (`processes/QT-01.xml`).
    pub(crate) entry: String,
    /// The TTHC codes it serves (OpenCPS `serviceCode`); the workflow's own `tthc` too.
    pub(crate) services: Vec<String>,
    pub(crate) workflow: Workflow,
}

/// One disagreement. Step indices are into the published workflow's steps (`step`) or the
/// configured one's (`configured`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Difference {
    /// The configured total time is not the procedure's `time_limit` (working minutes).
    Limit {
        published: Option<u64>,
        configured: Option<u64>,
    },
    /// The steps both sides have are not in the same order (their codes, in each order).
    Order {
        published: Vec<String>,
        configured: Vec<String>,
    },
    /// A step's time differs (working minutes; 0 for a step that adds nothing).
    StepTime {
        step: usize,
        configured: usize,
        published_minutes: Option<u64>,
        configured_minutes: Option<u64>,
    },
    /// A step's role (or, without role codes, its unit) differs.
    StepRole {
        step: usize,
        configured: usize,
        published: Option<String>,
        found: Option<String>,
    },
    /// A step of the procedure is not configured.
    Missing { step: usize },
    /// A configured step is not in the procedure.
    Extra { configured: usize },
    /// The configured steps add up to more than the limit (working minutes).
    ExceedsLimit { total: u64, limit: u64 },
}

/// The time a step adds to its procedure, in working minutes; `None` when it cannot be
/// converted (calendar time without a rate).
pub(crate) fn step_minutes(time: StepTime, rules: &TimeRules) -> Option<u64> {
    match time {
        StepTime::Timed(d) => rules.to_working(d),
        _ => Some(0),
    }
}

/// A limit in working minutes: an immediate one allows one working day; none is `None`.
pub(crate) fn limit_minutes(limit: Option<StepTime>, rules: &TimeRules) -> Option<u64> {
    match limit? {
        StepTime::Timed(d) => rules.to_working(d).filter(|m| *m > 0),
        StepTime::Immediate => Some(rules.day_minutes),
        _ => None,
    }
}

/// Every difference between `published` and `configured`, in a stable order: limit, steps
/// on one side only, order, each common step's time and role, the sum.
pub(crate) fn compare(
    published: &Workflow,
    configured: &Workflow,
    rules: &TimeRules,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let (p_limit, c_limit) = (
        limit_minutes(published.limit, rules),
        limit_minutes(configured.limit, rules),
    );
    if p_limit != c_limit {
        out.push(Difference::Limit {
            published: p_limit,
            configured: c_limit,
        });
    }
    let pairs = match_steps(published, configured);
    let mut matched_conf = vec![false; configured.steps.len()];
    for (p, c) in pairs.iter().enumerate() {
        match c {
            Some(c) => matched_conf[*c] = true,
            None => out.push(Difference::Missing { step: p }),
        }
    }
    for (c, m) in matched_conf.iter().enumerate() {
        if !m {
            out.push(Difference::Extra { configured: c });
        }
    }
    if let Some(d) = order(published, configured, &pairs) {
        out.push(d);
    }
    for (p, c) in pairs.iter().enumerate() {
        if let Some(c) = *c {
            out.extend(step_differences(published, configured, p, c, rules));
        }
    }
    if let Some(d) = exceeds(published, configured, p_limit.or(c_limit), rules) {
        out.push(d);
    }
    out
}

/// For each published step, the configured step that is the same: the same code, else (for
/// those left) the same name, folded.
fn match_steps(published: &Workflow, configured: &Workflow) -> Vec<Option<usize>> {
    let mut taken = vec![false; configured.steps.len()];
    let mut pairs: Vec<Option<usize>> = published
        .steps
        .iter()
        .map(|p| {
            let c = configured
                .steps
                .iter()
                .position(|c| c.id.eq_ignore_ascii_case(&p.id))?;
            taken[c] = true;
            Some(c)
        })
        .collect();
    for (i, p) in published.steps.iter().enumerate() {
        if pairs[i].is_some() {
            continue;
        }
        let name = crate::text::fold_key(&p.name);
        let found = configured
            .steps
            .iter()
            .enumerate()
            .position(|(c, s)| !taken[c] && crate::text::fold_key(&s.name) == name);
        if let Some(c) = found {
            taken[c] = true;
            pairs[i] = Some(c);
        }
    }
    pairs
}

/// The order of the common steps, when the configured one differs.
fn order(
    published: &Workflow,
    configured: &Workflow,
    pairs: &[Option<usize>],
) -> Option<Difference> {
    let common: Vec<(usize, usize)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(p, c)| c.map(|c| (p, c)))
        .collect();
    if common.windows(2).all(|w| w[0].1 < w[1].1) {
        return None;
    }
    let mut by_conf = common.clone();
    by_conf.sort_by_key(|&(_, c)| c);
    Some(Difference::Order {
        published: common
            .iter()
            .map(|&(p, _)| published.steps[p].id.clone())
            .collect(),
        configured: by_conf
            .iter()
            .map(|&(_, c)| configured.steps[c].id.clone())
            .collect(),
    })
}

fn step_differences(
    published: &Workflow,
    configured: &Workflow,
    p: usize,
    c: usize,
    rules: &TimeRules,
) -> Vec<Difference> {
    let (ps, cs) = (&published.steps[p], &configured.steps[c]);
    let mut out = Vec::new();
    let (pm, cm) = (step_minutes(ps.time, rules), step_minutes(cs.time, rules));
    if pm != cm {
        out.push(Difference::StepTime {
            step: p,
            configured: c,
            published_minutes: pm,
            configured_minutes: cm,
        });
    }
    // Role codes when both sides have them, else the units by name.
    let (pr, cr) = match (&ps.role, &cs.role) {
        (Some(a), Some(b)) => (Some(a.clone()), Some(b.clone())),
        _ => (ps.who.clone(), cs.who.clone()),
    };
    let same = match (&pr, &cr) {
        (Some(a), Some(b)) => crate::text::fold_key(a) == crate::text::fold_key(b),
        (a, b) => a.is_none() && b.is_none(),
    };
    if !same {
        out.push(Difference::StepRole {
            step: p,
            configured: c,
            published: pr,
            found: cr,
        });
    }
    out
}

/// The configured steps' sum against the limit (the published one, else the configured);
/// not when the sum is the procedure's own, which `check` reports (T002).
fn exceeds(
    published: &Workflow,
    configured: &Workflow,
    limit: Option<u64>,
    rules: &TimeRules,
) -> Option<Difference> {
    let limit = limit?;
    let total = configured.working_minutes(rules)?;
    let own = published.working_minutes(rules) == Some(total);
    (total > limit && !own).then_some(Difference::ExceedsLimit { total, limit })
}

#[cfg(test)]
mod tests;
