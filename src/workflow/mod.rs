//! A procedure as a workflow: its steps in order, who does each and for how long, and the
//! phases they belong to. The one shape that the exports (BPMN, OpenCPS) write and that
//! `compare` reads back from the one-stop software, so that both sides are compared as the
//! same thing.
//!
//! Each row of the step table is one workflow step, sub-rows included: in the one-stop
//! software each responsible unit's part of a step is a step of its own.

pub(crate) mod bpmn;

use crate::model::Document;
use crate::model::duration::{Duration, Time, TimeRules};
use std::fmt;
use std::ops::Range;

/// A procedure's workflow.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Workflow {
    /// The procedure's document code ("QT-01").
    pub(crate) code: String,
    /// The national code of its administrative procedure ("1.001193").
    pub(crate) tthc: Option<String>,
    pub(crate) title: String,
    /// The case this workflow serves, for a procedure with cases: the one-stop software
    /// offers the TTHC with one process option per case.
    pub(crate) option: Option<String>,
    /// Index of that case in the procedure's `cases`.
    pub(crate) case: Option<usize>,
    /// The procedure's step (row) each step comes from; empty for a workflow read from the
    /// software.
    pub(crate) rows: Vec<usize>,
    /// The procedure's time limit (`time_limit`), or its case's.
    pub(crate) limit: Option<StepTime>,
    /// Phases of an inter-agency procedure, in order; empty for a single-agency one.
    pub(crate) phases: Vec<WorkPhase>,
    pub(crate) steps: Vec<WorkStep>,
}

/// A phase: a range of [`Workflow::steps`] done by one agency within its own limit.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WorkPhase {
    pub(crate) name: String,
    pub(crate) agency: Option<String>,
    pub(crate) limit: Option<StepTime>,
    pub(crate) steps: Range<usize>,
}

/// One step (one row of the step table).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WorkStep {
    /// A code unique within the workflow, made of ASCII letters, digits and `_`, safe as an
    /// XML id and an OpenCPS `stepCode`: `B1`, `B2`, `B2_2` for the second row of step 2,
    /// `P2_B1` for step 1 of phase 2.
    pub(crate) id: String,
    /// How the procedure names the step in findings and tables ("3", "B5", "2 (tiếp)").
    pub(crate) label: String,
    /// What is done (`what`, else `task`, else the label).
    pub(crate) name: String,
    /// The unit or person doing it (`who`, else `responsible`).
    pub(crate) who: Option<String>,
    /// The accountable unit (`responsible`), when it is written apart from `who`.
    pub(crate) responsible: Option<String>,
    /// The role that does the step in the one-stop software (OpenCPS `roleCode`): mapped from
    /// `who` by qms.yaml's `opencps.roles`, or read from the software.
    pub(crate) role: Option<String>,
    pub(crate) how: Option<String>,
    pub(crate) forms: Vec<String>,
    pub(crate) output: Option<String>,
    pub(crate) time: StepTime,
    /// Index into [`Workflow::phases`].
    pub(crate) phase: Option<usize>,
}

/// The time of a step or a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StepTime {
    /// A quantity of working or calendar time.
    Timed(Duration),
    /// Not counted in the time limit (the applicant's, the counter's or the post's time).
    OffClock,
    /// At once, within the same working day ("Ngay").
    Immediate,
    /// No time of its own: the step shares its phase's time (one merged cell in the source).
    Shared,
    /// No time written, or one that cannot be read (reported by `check`).
    Unstated,
}

impl WorkStep {
    /// How findings name the step: "Bước 3 (B3)", "bước 2 (tiếp) (B2_2)", "B5".
    pub(crate) fn shown(&self) -> String {
        let folded = crate::text::fold_key(&self.label);
        let named = folded.starts_with("buoc") || folded.starts_with("step");
        let label = if named || self.label == self.id {
            self.label.clone()
        } else {
            crate::tr!("bước {}", "step {}", self.label)
        };
        if self.label == self.id {
            label
        } else {
            format!("{label} ({})", self.id)
        }
    }
}

impl StepTime {
    fn read(rules: &TimeRules, time: Option<Time>) -> StepTime {
        match time {
            Some(Time::Amount(a)) => rules.resolve(a).map_or(StepTime::Unstated, StepTime::Timed),
            Some(Time::OffClock) => StepTime::OffClock,
            Some(Time::Immediate) => StepTime::Immediate,
            None => StepTime::Unstated,
        }
    }

    /// What the step adds to its procedure's time: off-clock, immediate and shared steps add
    /// nothing of their own.
    pub(crate) fn duration(self) -> Option<Duration> {
        match self {
            StepTime::Timed(d) => Some(d),
            _ => None,
        }
    }
}

/// Why a document has no workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WorkflowError {
    /// Not a procedure with a step table.
    NoSteps { code: String },
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowError::NoSteps { code } => f.write_str(&tr!(
                "{code} không có bảng các bước (steps) nên không có quy trình điện tử",
                "{code} has no step table (steps), so it has no workflow"
            )),
        }
    }
}

impl std::error::Error for WorkflowError {}

fn text(s: &Option<crate::model::Sp<String>>) -> Option<String> {
    s.as_ref()
        .map(|s| s.value.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// An ASCII code from a label: letters and digits kept (diacritics dropped), anything else
/// one `_`.
fn ascii_code(label: &str) -> String {
    let folded = crate::text::fold_key(label);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

impl Workflow {
    /// The workflows of a procedure, its times read with `rules` (the QMS's time rules with
    /// the document's own, [`Document::time_rules`]): one, or one per case, with that case's
    /// steps and limit and the procedure's code with the case's id (`QT-04-2`).
    pub(crate) fn of_document(
        doc: &Document,
        rules: &TimeRules,
    ) -> Result<Vec<Self>, WorkflowError> {
        if doc.cases().is_empty() {
            return Ok(vec![Self::from_document(doc, rules)?]);
        }
        let steps = doc.steps();
        doc.cases()
            .iter()
            .zip(doc.case_ids())
            .enumerate()
            .map(|(n, (case, id))| {
                let mut w = Self::build(doc, rules, &|i| steps[i].in_case(&id))?;
                w.case = Some(n);
                w.code = format!("{}-{}", w.code, ascii_code(&id));
                w.option = Some(text(&case.name).unwrap_or_else(|| id.clone()));
                w.limit = case
                    .time_limit
                    .as_ref()
                    .map(|f| StepTime::read(rules, f.value));
                Ok(w)
            })
            .collect()
    }

    /// The title, and the case's words for the workflow of a case ("… (Trường hợp hồ sơ
    /// đầy đủ)").
    pub(crate) fn name(&self) -> String {
        match &self.option {
            Some(o) => format!("{} ({o})", self.title),
            None => self.title.clone(),
        }
    }

    /// The workflow of all the procedure's steps, with its `time_limit`.
    pub(crate) fn from_document(doc: &Document, rules: &TimeRules) -> Result<Self, WorkflowError> {
        Self::build(doc, rules, &|_| true)
    }

    /// The workflow of the steps `keep` keeps; phases left without steps are left out.
    fn build(
        doc: &Document,
        rules: &TimeRules,
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<Self, WorkflowError> {
        let code = doc.code_str().to_string();
        if doc.steps().is_empty() {
            return Err(WorkflowError::NoSteps { code });
        }
        let labels = doc.step_names();
        let numbers = doc.step_labels();
        let mut phases: Vec<WorkPhase> = Vec::new();
        let mut steps: Vec<WorkStep> = Vec::with_capacity(labels.len());
        let mut kept_numbers = Vec::with_capacity(labels.len());
        let mut rows = Vec::with_capacity(labels.len());
        for (n, range) in doc.step_groups().into_iter().enumerate() {
            let first = steps.len();
            let p = doc.phases().get(n);
            let shared = p.is_some_and(|p| p.shares_time(doc.steps()));
            for i in range.filter(|&i| keep(i)) {
                let phase = p.map(|_| phases.len());
                steps.push(step(&doc.steps()[i], &labels[i], rules, shared, phase));
                kept_numbers.push(numbers[i].clone());
                rows.push(i);
            }
            if let Some(p) = p.filter(|_| steps.len() > first) {
                phases.push(WorkPhase {
                    name: text(&p.name).unwrap_or_else(|| (n + 1).to_string()),
                    agency: text(&p.agency),
                    limit: p
                        .time_limit
                        .as_ref()
                        .map(|f| StepTime::read(rules, f.value)),
                    steps: first..steps.len(),
                });
            }
        }
        assign_ids(&mut steps, &kept_numbers, !phases.is_empty());
        Ok(Workflow {
            code,
            tthc: text(&doc.tthc),
            title: doc.title_str().trim().to_string(),
            option: None,
            case: None,
            rows,
            limit: doc
                .time_limit
                .as_ref()
                .map(|f| StepTime::read(rules, f.value)),
            phases,
            steps,
        })
    }

    /// Gives each step the role code qms.yaml maps its unit to (`opencps.roles`).
    pub(crate) fn map_roles(&mut self, mapping: &mapping::Mapping) {
        for s in &mut self.steps {
            if s.role.is_none() {
                s.role = s
                    .who
                    .as_deref()
                    .and_then(|w| mapping.role(w))
                    .map(String::from);
            }
        }
    }

    /// The steps that count towards the time limit, summed in working minutes (calendar time
    /// converted at the QMS's rate); `None` when a calendar step cannot be converted.
    pub(crate) fn working_minutes(&self, rules: &TimeRules) -> Option<u64> {
        let mut total = 0;
        for s in &self.steps {
            if let Some(d) = s.time.duration() {
                total += rules.to_working(d)?;
            }
        }
        for p in &self.phases {
            let shared = self.steps[p.steps.clone()]
                .iter()
                .all(|s| s.time == StepTime::Shared);
            if let Some(d) = p.limit.and_then(StepTime::duration).filter(|_| shared) {
                total += rules.to_working(d)?;
            }
        }
        Some(total)
    }
}

/// One row of the step table as a workflow step; `shared`: its phase gives one time for all.
fn step(
    s: &crate::model::Step,
    label: &str,
    rules: &TimeRules,
    shared: bool,
    phase: Option<usize>,
) -> WorkStep {
    let time = match &s.time {
        None if shared => StepTime::Shared,
        f => StepTime::read(rules, f.as_ref().and_then(|f| f.value)),
    };
    let who = text(&s.who).or_else(|| text(&s.responsible));
    let responsible = text(&s.responsible).filter(|r| Some(r) != who.as_ref());
    WorkStep {
        id: String::new(),
        label: label.to_string(),
        name: text(&s.what)
            .or_else(|| text(&s.task))
            .unwrap_or_else(|| label.to_string()),
        who,
        responsible,
        role: None,
        how: text(&s.how),
        forms: s.forms.iter().map(|f| f.value.trim().to_string()).collect(),
        output: text(&s.output),
        time,
        phase,
    }
}

/// Gives each step its code: `B` and its number, a sub-row the code of its step with `_2`,
/// `_3`…, `P<n>_` before it in a phased procedure; a code already taken gets the next free
/// suffix.
fn assign_ids(steps: &mut [WorkStep], numbers: &[String], phased: bool) {
    let mut taken = std::collections::HashSet::new();
    let mut last = String::new();
    let mut rows = 1;
    for (i, step) in steps.iter_mut().enumerate() {
        let number = ascii_code(&numbers[i]);
        let base = if number.is_empty() {
            rows += 1;
            format!("{last}_{rows}")
        } else {
            rows = 1;
            // "Bước 1", "B1" and "1" are all step 1.
            let number = number.trim_start_matches("BUOC_").trim_start_matches('B');
            let prefix = match step.phase {
                Some(p) if phased => format!("P{}_", p + 1),
                _ => String::new(),
            };
            last = format!("{prefix}B{number}");
            last.clone()
        };
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        step.id = id;
    }
}

pub(crate) mod compare;
pub(crate) mod findings;
pub mod mapping;
pub(crate) mod opencps;

#[cfg(test)]
mod tests;
