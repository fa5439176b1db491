//! Differences as findings (rules E001–E009): each points into the published procedure (the
//! step, its time, its `who`), so that the reports of `check` print them with the source line,
//! and names where the configured workflow was read.

use super::Workflow;
use super::compare::{Configured, Difference};
use crate::diag::{Draft, Place};
use crate::model::Document;
use crate::model::duration::{Basis, Duration, TimeRules};
use crate::rule::{self, Rule};
use crate::yaml::Span;

/// What a finding needs to say where both sides are.
pub(crate) struct Sides<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) published: &'a Workflow,
    pub(crate) configured: &'a Configured,
    pub(crate) rules: &'a TimeRules,
}

impl Sides<'_> {
    fn place(&self, span: Option<Span>) -> Place {
        Place::Span(self.doc.source.clone(), span.unwrap_or(self.doc.head))
    }

    /// "TTHC 1.001193 (QT-01), processes/QT-01.xml" — who the finding is about.
    fn subject(&self) -> String {
        let code = &self.published.code;
        let entry = &self.configured.entry;
        match &self.published.tthc {
            Some(t) => format!("TTHC {t} ({code}), {entry}"),
            None => format!("{code}, {entry}"),
        }
    }

    fn minutes(&self, m: Option<u64>) -> String {
        match m {
            Some(0) => crate::i18n::tr("0 (không tính)", "0 (not counted)").to_string(),
            Some(minutes) => self.rules.show(Duration {
                basis: Basis::Working,
                minutes,
                bare_day: false,
            }),
            None => crate::i18n::tr("không có", "none").to_string(),
        }
    }

    /// The procedure's step (row) a step of the published workflow comes from.
    fn row(&self, step: usize) -> Option<&crate::model::Step> {
        let i = self.published.rows.get(step).copied().unwrap_or(step);
        self.doc.steps().get(i)
    }

    fn step_span(&self, step: usize) -> Option<Span> {
        self.row(step).map(|s| s.span)
    }

    /// Where the published limit is written: the case's, else the procedure's `time_limit`.
    fn limit_span(&self) -> Option<Span> {
        let case = self.published.case.and_then(|c| self.doc.cases().get(c));
        let field = match case {
            Some(c) => c.time_limit.as_ref(),
            None => self.doc.time_limit.as_ref(),
        };
        field.map(|t| t.text.span)
    }

    fn label(&self, step: usize) -> String {
        self.published.steps[step].shown()
    }
}

/// The finding of one difference, before the configuration settles its severity.
pub(crate) fn draft(sides: &Sides, d: &Difference) -> Draft {
    let (rule, span, message): (&'static Rule, Option<Span>, String) = match d {
        Difference::Limit {
            published,
            configured,
        } => limit(sides, *published, *configured),
        Difference::Missing { step } => missing(sides, *step),
        Difference::Extra { configured } => extra(sides, *configured),
        Difference::Order {
            published,
            configured,
        } => order(sides, published, configured),
        Difference::StepTime {
            step,
            published_minutes,
            configured_minutes,
            ..
        } => step_time(sides, *step, *published_minutes, *configured_minutes),
        Difference::StepRole {
            step,
            published,
            found,
            ..
        } => step_role(sides, *step, published.as_deref(), found.as_deref()),
        Difference::ExceedsLimit { total, limit } => exceeds(sides, *total, *limit),
    };
    let subject = sides.subject();
    Draft::new(
        rule,
        sides.place(span),
        format!("{subject}: {message}"),
        None,
    )
}

type Parts = (&'static Rule, Option<Span>, String);

fn limit(s: &Sides, published: Option<u64>, configured: Option<u64>) -> Parts {
    let (p, c) = (s.minutes(published), s.minutes(configured));
    let span = s.limit_span();
    let msg = crate::tr!(
        "thời hạn giải quyết trên phần mềm là {c}, quy trình ghi {p}",
        "the software's time limit is {c}, the procedure's {p}"
    );
    (&rule::WORKFLOW_LIMIT_DIFFERS, span, msg)
}

fn missing(s: &Sides, step: usize) -> Parts {
    let (label, name) = (s.label(step), &s.published.steps[step].name);
    let msg = crate::tr!(
        "{label} \"{name}\" không có trên phần mềm",
        "{label} \"{name}\" is not in the software"
    );
    (&rule::WORKFLOW_STEP_MISSING, s.step_span(step), msg)
}

fn extra(s: &Sides, configured: usize) -> Parts {
    let c = &s.configured.workflow.steps[configured];
    let (id, name) = (&c.id, &c.name);
    let span = s.doc.steps.as_ref().map(|(k, _)| *k);
    let msg = crate::tr!(
        "phần mềm có bước {id} \"{name}\" mà quy trình không có",
        "the software has step {id} \"{name}\" that the procedure does not"
    );
    (&rule::WORKFLOW_STEP_EXTRA, span, msg)
}

fn order(s: &Sides, published: &[String], configured: &[String]) -> Parts {
    let (p, c) = (published.join(" → "), configured.join(" → "));
    let span = s.doc.steps.as_ref().map(|(k, _)| *k);
    let msg = crate::tr!(
        "thứ tự các bước trên phần mềm là {c}, quy trình là {p}",
        "the software's step order is {c}, the procedure's {p}"
    );
    (&rule::WORKFLOW_STEP_ORDER, span, msg)
}

fn step_time(s: &Sides, step: usize, published: Option<u64>, configured: Option<u64>) -> Parts {
    let (label, p, c) = (s.label(step), s.minutes(published), s.minutes(configured));
    let span = s
        .row(step)
        .and_then(|x| x.time.as_ref().map(|t| t.text.span))
        .or_else(|| s.step_span(step));
    let msg = crate::tr!(
        "{label}: thời gian trên phần mềm là {c}, quy trình ghi {p}",
        "{label}: the software's time is {c}, the procedure's {p}"
    );
    (&rule::WORKFLOW_STEP_TIME, span, msg)
}

fn step_role(s: &Sides, step: usize, published: Option<&str>, found: Option<&str>) -> Parts {
    let none = crate::i18n::tr("(không có)", "(none)");
    let (label, p, c) = (
        s.label(step),
        published.unwrap_or(none),
        found.unwrap_or(none),
    );
    let span = s
        .row(step)
        .and_then(|x| x.who.as_ref().or(x.responsible.as_ref()).map(|w| w.span))
        .or_else(|| s.step_span(step));
    let msg = crate::tr!(
        "{label}: vai trò trên phần mềm là {c}, quy trình là {p}",
        "{label}: the software's role is {c}, the procedure's {p}"
    );
    (&rule::WORKFLOW_STEP_ROLE, span, msg)
}

fn exceeds(s: &Sides, total: u64, limit: u64) -> Parts {
    let (t, l) = (s.minutes(Some(total)), s.minutes(Some(limit)));
    let span = s.limit_span();
    let msg = crate::tr!(
        "các bước trên phần mềm cộng lại {t}, vượt thời hạn {l}",
        "the software's steps add up to {t}, more than the limit of {l}"
    );
    (&rule::WORKFLOW_STEPS_EXCEED_LIMIT, span, msg)
}

/// E008: a procedure the backup has no workflow for.
pub(crate) fn not_configured(doc: &Document, workflow: &Workflow, origin: &str) -> Draft {
    let code = &workflow.code;
    let tthc = workflow.tthc.as_deref().unwrap_or("");
    let span = doc.tthc.as_ref().map_or(doc.head, |t| t.span);
    Draft::new(
        &rule::WORKFLOW_NOT_CONFIGURED,
        Place::Span(doc.source.clone(), span),
        crate::tr!(
            "TTHC {tthc} ({code}) không có quy trình điện tử trong {origin}",
            "TTHC {tthc} ({code}) has no workflow in {origin}"
        ),
        Some(crate::tr!(
            "nhập quy trình vào phần mềm: qmsdoc export opencps {code} -o {code}.zip",
            "import the workflow into the software: qmsdoc export opencps {code} -o {code}.zip"
        )),
    )
}

/// E009: a workflow of the backup that matches no procedure.
pub(crate) fn unknown(c: &Configured) -> Draft {
    let (entry, code) = (&c.entry, &c.workflow.code);
    Draft::new(
        &rule::WORKFLOW_UNKNOWN,
        Place::File(c.origin.clone()),
        crate::tr!(
            "{entry}: quy trình điện tử {code} không ứng với quy trình nào của HTQLCL",
            "{entry}: workflow {code} matches no procedure of the QMS"
        ),
        None,
    )
}
