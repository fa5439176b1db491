//! Time limits: durations that cannot be read, steps that add up to more than the procedure
//! (or one of its phases) allows, phases that add up to more than the whole, a procedure
//! slower than the law allows, and working and calendar time mixed.
//!
//! Off-clock steps ("Không tính thời gian", "Giờ hành chính") and immediate ones ("Ngay")
//! add nothing to a sum; an immediate limit ("Trong ngày") allows one working day; an
//! off-clock limit sets none. Steps of a phase that have no time of their own share the
//! phase's time (one merged cell in the source table).

use crate::rule::{
    EXCEEDS_STATUTORY_LIMIT, INVALID_DURATION, MIXED_TIME_BASES, PHASES_EXCEED_TIME_LIMIT,
    STEPS_EXCEED_TIME_LIMIT,
};

use super::exact::{self, Fit};
use super::{Context, Sink};
use crate::calendar::Calendar;
use crate::model::duration::{Basis, Duration, Time, TimeRules, Unit};
use crate::model::{Document, TimeField};
use crate::yaml::Span;

/// One term of a sum: its value, where it is written, and how to name it ("bước 3").
#[derive(Clone)]
struct Term {
    value: Duration,
    span: Span,
    name: String,
}

/// The limit a sum is checked against.
struct Limit<'a> {
    value: Duration,
    field: &'a TimeField,
    /// "thời hạn giải quyết" or "thời hạn của giai đoạn …".
    what: String,
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Working => crate::i18n::tr("thời gian làm việc", "working time"),
        Basis::Calendar => crate::i18n::tr("ngày lịch", "calendar days"),
    }
}

fn mixed(sink: &mut Sink, rules: &TimeRules, span: Span, a: Duration, b: Duration, what: &str) {
    let (ba, bb) = (basis_name(a.basis), basis_name(b.basis));
    let (a_s, b_s) = (rules.show(a), rules.show(b));
    let note = rules.bare_day_note(a.bare_day || b.bare_day);
    sink.emit(
        &MIXED_TIME_BASES,
        span,
        tr!(
            "{what}: không so sánh được {a_s} ({ba}) với {b_s} ({bb}){note}",
            "{what}: {a_s} ({ba}) cannot be compared with {b_s} ({bb}){note}"
        ),
        Some(tr!(
            "viết cùng một loại đơn vị (\"ngày làm việc\" hoặc \"ngày lịch\"), đặt durations.bare_day, hoặc đặt durations.calendar_day_in_working_days trong qms.yaml",
            "use one kind of unit (\"working days\" or \"calendar days\"), set durations.bare_day, or set durations.calendar_day_in_working_days in qms.yaml"
        )),
    );
}

/// Checks that `terms` fit in `limit`. Returns whether something was reported.
fn check_sum(
    sink: &mut Sink,
    cal: &Calendar,
    rules: &TimeRules,
    terms: &[Term],
    limit: &Limit,
) -> bool {
    // Terms of zero (off-clock, immediate) fit any basis.
    let odd = terms
        .iter()
        .find(|t| t.value.minutes > 0 && t.value.basis != limit.value.basis);
    let values: Option<Vec<u64>> = match odd {
        None => Some(terms.iter().map(|t| t.value.minutes).collect()),
        Some(_) => terms.iter().map(|t| rules.to_working(t.value)).collect(),
    };
    let max = match odd {
        None => Some(limit.value.minutes),
        Some(_) => rules.to_working(limit.value),
    };
    let (Some(values), Some(max)) = (values, max) else {
        if odd.is_some()
            && let Some(reported) = exact_sum(sink, cal, rules, terms, limit)
        {
            return reported;
        }
        if let Some(odd) = odd {
            let what = tr!("thời gian {}", "time of {}", odd.name);
            mixed(sink, rules, odd.span, odd.value, limit.value, &what);
        }
        return true;
    };
    let total: u64 = values.iter().sum();
    if total <= max {
        return false;
    }
    let basis = if odd.is_some() {
        Basis::Working
    } else {
        limit.value.basis
    };
    let show = |minutes| {
        rules.show(Duration {
            basis,
            minutes,
            bare_day: false,
        })
    };
    let bare = limit.value.bare_day || terms.iter().any(|t| t.value.bare_day);
    let note = rules.bare_day_note(bare);
    let (lim, what) = (&limit.field.text.value, &limit.what);
    // One term longer than the whole limit: the defect is that term.
    if let Some((t, v)) = terms.iter().zip(&values).find(|(_, v)| **v > max) {
        let (name, value) = (&t.name, show(*v));
        sink.emit(
            &STEPS_EXCEED_TIME_LIMIT,
            t.span,
            tr!(
                "{name} ({value}) dài hơn cả {what} {lim}{note}",
                "{name} ({value}) is longer than the whole {what} {lim}{note}"
            ),
            Some(tr!(
                "rút ngắn thời gian của bước này, hoặc sửa thời hạn (không vượt thời hạn của TTHC)",
                "shorten this step, or change the time limit (never beyond the statutory one)"
            )),
        );
        return true;
    }
    // The terms from the one where the running sum passes the limit: they make it too long.
    let mut run = 0;
    let mut labels = Vec::new();
    for (t, v) in terms.iter().zip(&values) {
        run += v;
        if run > max && *v > 0 && labels.len() < 3 {
            let so_far = show(run);
            labels.push((t.span, tr!("đến đây đã {so_far}", "{so_far} up to here")));
        }
    }
    let (sum, n) = (show(total), terms.len());
    sink.emit_labelled(
        &STEPS_EXCEED_TIME_LIMIT,
        limit.field.text.span,
        tr!(
            "tổng thời gian {n} bước là {sum}, vượt {what} {lim}{note}",
            "the {n} steps add up to {sum}, more than the {what} {lim}{note}"
        ),
        Some(tr!(
            "rút ngắn thời gian các bước, hoặc sửa thời hạn (không vượt thời hạn của TTHC)",
            "shorten the steps, or change the time limit (never beyond the statutory one)"
        )),
        labels,
    );
    true
}

/// T002 for a sum of working and calendar time without a flat rate: on the calendar.
/// Returns whether something was reported, `None` when the calendar cannot answer (no year
/// to try).
fn exact_sum(
    sink: &mut Sink,
    cal: &Calendar,
    rules: &TimeRules,
    terms: &[Term],
    limit: &Limit,
) -> Option<bool> {
    let sum = |b: Basis| -> u64 {
        terms
            .iter()
            .filter(|t| t.value.basis == b)
            .map(|t| t.value.minutes)
            .sum()
    };
    let (w, c) = (sum(Basis::Working), sum(Basis::Calendar));
    let why = match exact::fit(cal, rules, w, c, limit.value) {
        Fit::Unknown => return None,
        Fit::Fits => return Some(false),
        Fit::Exceeds(why) => why,
    };
    let (n, lim, what) = (terms.len(), &limit.field.text.value, &limit.what);
    let bare = limit.value.bare_day || terms.iter().any(|t| t.value.bare_day);
    let note = rules.bare_day_note(bare);
    sink.emit(
        &STEPS_EXCEED_TIME_LIMIT,
        limit.field.text.span,
        tr!(
            "{n} bước vượt {what} {lim} trên lịch làm việc: {why}{note}",
            "the {n} steps exceed the {what} {lim} on the working calendar: {why}{note}"
        ),
        Some(tr!(
            "rút ngắn thời gian các bước, hoặc ghi cùng một loại đơn vị",
            "shorten the steps, or use one kind of unit"
        )),
    );
    Some(true)
}

/// T001 for cells that hold only a number when the document names no `time_unit`.
fn unstated_units(doc: &Document, rules: &TimeRules, sink: &mut Sink) {
    if rules.unit.is_some() {
        return;
    }
    let fields = doc
        .steps()
        .iter()
        .filter_map(|s| s.time.as_ref())
        .chain(doc.time_limit.as_ref())
        .chain(doc.cases().iter().filter_map(|c| c.time_limit.as_ref()))
        .chain(doc.phases().iter().filter_map(|p| p.time_limit.as_ref()));
    for f in fields {
        if let Some(Time::Amount(a)) = f.value
            && a.unit == Unit::Unstated
        {
            let v = &f.text.value;
            sink.emit(
                &INVALID_DURATION,
                f.text.span,
                tr!(
                    "thời gian \"{v}\" chỉ có số, thiếu đơn vị",
                    "the time \"{v}\" is a number without a unit"
                ),
                Some(tr!(
                    "viết đơn vị (\"{v} ngày làm việc\"), hoặc khai báo đơn vị của cả bảng: time_unit: ngày làm việc",
                    "write the unit (\"{v} ngày làm việc\"), or give the unit of the whole table: time_unit: ngày làm việc"
                )),
            );
        }
    }
}

pub(super) fn check(ctx: &Context, doc: &Document, sink: &mut Sink) {
    let rules = ctx.time_rules(doc);
    unstated_units(doc, &rules, sink);
    if doc.cases().is_empty() {
        let what = tr!("thời hạn giải quyết", "time limit");
        check_scope(ctx, doc, &rules, None, doc.time_limit.as_ref(), what, sink);
        return;
    }
    // Each case's steps against its own limit; a limit for all cases, if written, only
    // against the law.
    for (case, id) in doc.cases().iter().zip(doc.case_ids()) {
        let what = tr!("thời hạn (trường hợp {id})", "time limit (case {id})");
        let limit = case.time_limit.as_ref();
        check_scope(ctx, doc, &rules, Some(&id), limit, what, sink);
    }
    if let Some(field) = doc.time_limit.as_ref()
        && let Some(time) = field.value
    {
        statutory(ctx, doc, &rules, field, time, sink);
    }
}

/// The steps of one case (`None`: all steps) against the phases' limits and `limit`, and
/// `limit` against the law.
fn check_scope(
    ctx: &Context,
    doc: &Document,
    rules: &TimeRules,
    case: Option<&str>,
    limit: Option<&TimeField>,
    what: String,
    sink: &mut Sink,
) {
    let cal = &ctx.ws.calendar;
    let labels = doc.step_names();
    let steps = doc.steps();
    let in_scope = |i: usize| case.is_none_or(|id| steps[i].in_case(id));
    let term = |i: usize| -> Option<Term> {
        let f = steps[i].time.as_ref().filter(|_| in_scope(i))?;
        Some(Term {
            value: rules.step(f.value?)?,
            span: f.text.span,
            name: tr!("bước {}", "step {}", labels[i]),
        })
    };
    let of_case = case.map_or_else(String::new, |id| tr!(" (trường hợp {id})", " (case {id})"));

    // Each phase against its own limit; a phase whose steps share its time is one term.
    let mut reported = false;
    let mut whole: Vec<Term> = Vec::new();
    let mut phase_terms: Vec<Term> = Vec::new();
    for (n, p) in doc.phases().iter().enumerate() {
        if !p.steps.clone().any(in_scope) {
            continue;
        }
        let name = p
            .name
            .as_ref()
            .map_or_else(|| (n + 1).to_string(), |s| s.value.clone());
        let phase_limit = p
            .time_limit
            .as_ref()
            .and_then(|f| Some((rules.limit(f.value?)?, f)));
        let phase_term = phase_limit.map(|(value, field)| Term {
            value,
            span: field.text.span,
            name: tr!("giai đoạn “{name}”", "phase “{name}”"),
        });
        phase_terms.extend(phase_term.clone());
        if p.shares_time(steps) {
            whole.extend(phase_term);
            continue;
        }
        let terms: Vec<Term> = p.steps.clone().filter_map(term).collect();
        if let Some((value, field)) = phase_limit {
            let what = tr!(
                "thời hạn của giai đoạn “{name}”{of_case}",
                "time limit of phase “{name}”{of_case}"
            );
            reported |= check_sum(sink, cal, rules, &terms, &Limit { value, field, what });
        }
        whole.extend(terms);
    }
    if doc.phases().is_empty() {
        whole = (0..steps.len()).filter_map(term).collect();
    }

    let Some(field) = limit else {
        return;
    };
    let Some(time) = field.value else { return };
    if let Some(value) = rules.limit(time) {
        let limit = Limit { value, field, what };
        // T005: the phases' own limits against the whole.
        if !reported && phase_terms.len() > 1 {
            reported = check_phases(sink, rules, &phase_terms, &limit);
        }
        // One defect, one finding: a phase already reported explains the whole being long.
        if !reported {
            check_sum(sink, cal, rules, &whole, &limit);
        }
    }
    statutory(ctx, doc, rules, field, time, sink);
}

/// T005: the phases' limits add up to more than the procedure's.
fn check_phases(sink: &mut Sink, rules: &TimeRules, phases: &[Term], limit: &Limit) -> bool {
    let values: Option<Vec<u64>> = phases.iter().map(|t| rules.to_working(t.value)).collect();
    let same = phases.iter().all(|t| t.value.basis == limit.value.basis);
    let (values, max) = if same {
        (
            phases.iter().map(|t| t.value.minutes).collect(),
            limit.value.minutes,
        )
    } else {
        match (values, rules.to_working(limit.value)) {
            (Some(v), Some(m)) => (v, m),
            _ => return false,
        }
    };
    let total: u64 = values.iter().sum();
    if total <= max {
        return false;
    }
    let basis = if same {
        limit.value.basis
    } else {
        Basis::Working
    };
    let sum = rules.show(Duration {
        basis,
        minutes: total,
        bare_day: false,
    });
    let (lim, what) = (&limit.field.text.value, &limit.what);
    let n = phases.len();
    let labels = phases
        .iter()
        .map(|t| (t.span, t.name.clone()))
        .take(4)
        .collect();
    sink.emit_labelled(
        &PHASES_EXCEED_TIME_LIMIT,
        limit.field.text.span,
        tr!(
            "thời hạn của {n} giai đoạn cộng lại là {sum}, vượt {what} {lim}",
            "the {n} phases' time limits add up to {sum}, more than the {what} {lim}"
        ),
        Some(tr!(
            "rút ngắn thời hạn của giai đoạn nào đó, hoặc sửa thời hạn giải quyết (không vượt thời hạn của TTHC)",
            "shorten a phase, or change the time limit (never beyond the statutory one)"
        )),
        labels,
    );
    true
}

/// T003: the procedure is not slower than the law allows.
fn statutory(
    ctx: &Context,
    doc: &Document,
    rules: &TimeRules,
    field: &TimeField,
    time: Time,
    sink: &mut Sink,
) {
    let Some(code) = doc.tthc.as_ref() else {
        return;
    };
    let Some(entry) = ctx.tthc.get(code.value.trim()) else {
        return;
    };
    let Some(law_time) = entry.time_limit.as_ref().and_then(|t| t.value) else {
        return;
    };
    let catalog_rules = ctx.ws.config.time_rules();
    let Some(law) = catalog_rules.limit(law_time) else {
        return; // The law sets no limit.
    };
    let (lim, code) = (&field.text.value, code.value.trim());
    let law_s = catalog_rules.show(law);
    let Some(ours) = rules.limit(time) else {
        sink.emit(
            &EXCEEDS_STATUTORY_LIMIT,
            field.text.span,
            tr!(
                "thời hạn \"{lim}\" không tính thời gian, nhưng TTHC {code} có thời hạn {law_s} theo quy định",
                "time limit \"{lim}\" counts no time, but TTHC {code} has a statutory limit of {law_s}"
            ),
            Some(tr!(
                "ghi thời hạn bằng số, không vượt thời hạn của TTHC",
                "write the time limit as an amount, within the statutory limit"
            )),
        );
        return;
    };
    let note = rules.bare_day_note(ours.bare_day || law.bare_day);
    match rules.comparable(ours, law) {
        None => {
            let (w, c) = match ours.basis {
                Basis::Working => (ours.minutes, 0),
                Basis::Calendar => (0, ours.minutes),
            };
            match exact::fit(&ctx.ws.calendar, rules, w, c, law) {
                Fit::Fits => {}
                Fit::Exceeds(why) => sink.emit(
                    &EXCEEDS_STATUTORY_LIMIT,
                    field.text.span,
                    tr!(
                        "thời hạn {lim} dài hơn thời hạn {law_s} của TTHC {code} theo quy định, tính trên lịch làm việc: {why}{note}",
                        "time limit {lim} is longer than the statutory {law_s} of TTHC {code} on the working calendar: {why}{note}"
                    ),
                    Some(tr!(
                        "rút ngắn thời hạn để kịp cả khi nộp trước kỳ nghỉ dài nhất (Tết)",
                        "shorten the time limit so that it holds even for files received before the longest break (Tết)"
                    )),
                ),
                Fit::Unknown => {
                    let what = tr!(
                        "thời hạn so với thời hạn TTHC",
                        "time limit against the statutory limit"
                    );
                    mixed(sink, rules, field.text.span, ours, law, &what);
                }
            }
        }
        Some((o, l)) if o > l => {
            sink.emit(
                &EXCEEDS_STATUTORY_LIMIT,
                field.text.span,
                tr!(
                    "thời hạn {lim} dài hơn thời hạn {law_s} của TTHC {code} theo quy định{note}",
                    "time limit {lim} is longer than the statutory {law_s} of TTHC {code}{note}"
                ),
                Some(tr!(
                    "quy trình ISO có thể ngắn hơn thời hạn TTHC, không được dài hơn: sửa time_limit",
                    "an ISO procedure may be shorter than the statutory limit, never longer: change time_limit"
                )),
            );
        }
        Some(_) => {}
    }
}
