//! Required fields: of the document, of every step ("rõ người, rõ việc, rõ cách làm, rõ trách
//! nhiệm", and the time), of every record. An empty or whitespace-only value counts as missing.

use crate::rule::{MISSING_FIELD, PHASE_WITHOUT_STEPS, RECORD_MISSING_FIELD, STEP_MISSING_FIELD};

use super::Sink;
use crate::model::fields::{self, Field};
use crate::model::{Document, Kind, Sp};
use crate::text::is_blank;
use crate::yaml::Span;

fn label(table: &[Field], key: &str) -> String {
    let f = table.iter().find(|f| f.key == key);
    match (f, crate::i18n::lang()) {
        (Some(f), crate::i18n::Lang::Vi) => format!("`{key}` ({})", short(f.vi)),
        _ => format!("`{key}`"),
    }
}

/// The description up to its first colon or parenthesis: "Làm gì".
fn short(s: &str) -> &str {
    s.split([':', '(', ',']).next().unwrap_or(s).trim()
}

/// `Some(span of the blank value)`, `None` (absent) or nothing to report (a value).
enum Presence {
    Absent,
    Blank(Span),
    Present,
}

fn presence(v: Option<&Sp<String>>) -> Presence {
    match v {
        None => Presence::Absent,
        Some(s) if is_blank(&s.value) => Presence::Blank(s.span),
        Some(_) => Presence::Present,
    }
}

fn doc_field(sink: &mut Sink, doc: &Document, key: &str, p: Presence) {
    if matches!(p, Presence::Present) || doc.invalid.contains(&key) {
        return;
    }
    let name = label(fields::DOCUMENT, key);
    let blank = matches!(p, Presence::Blank(_));
    let (span, message) = match p {
        Presence::Present => return,
        Presence::Absent => (
            doc.head,
            tr!(
                "thiếu trường bắt buộc {name}",
                "required field {name} is missing"
            ),
        ),
        Presence::Blank(span) => (
            span,
            tr!(
                "trường bắt buộc {name} để trống",
                "required field {name} is empty"
            ),
        ),
    };
    let example = example_of(key);
    let help = if blank {
        tr!(
            "điền `{key}`, ví dụ `{key}: {example}`",
            "fill in `{key}`, e.g. `{key}: {example}`"
        )
    } else {
        tr!(
            "thêm `{key}: {example}` vào phần đầu tài liệu",
            "add `{key}: {example}` to the front matter"
        )
    };
    sink.emit(
        &MISSING_FIELD,
        span,
        message,
        Some(help + &duration_syntax(key)),
    );
}

/// A value to show in a hint: the syntax of a duration, else an ellipsis.
fn example_of(key: &str) -> &'static str {
    match key {
        "time_limit" => "1 ngày làm việc",
        "time" => "4 giờ làm việc",
        _ => "…",
    }
}

/// For a duration: how one is written.
fn duration_syntax(key: &str) -> String {
    if matches!(key, "time_limit" | "time") {
        crate::i18n::tr(
            " (số và đơn vị: giờ làm việc, ngày làm việc, ngày; \"0,5 ngày làm việc\", \"15 ngày\")",
            " (a number and a unit: giờ làm việc, ngày làm việc, ngày, or working hours/days; \"0,5 ngày làm việc\", \"2 working days\")",
        )
        .to_string()
    } else {
        String::new()
    }
}

fn person(v: Option<&Sp<crate::model::Person>>) -> Presence {
    match v {
        None => Presence::Absent,
        Some(p) if p.value.is_blank() => Presence::Blank(p.span),
        Some(_) => Presence::Present,
    }
}

fn present<T>(v: &Option<Sp<T>>) -> Presence {
    if v.is_some() {
        Presence::Present
    } else {
        Presence::Absent
    }
}

pub(super) fn check(doc: &Document, sink: &mut Sink) {
    doc_field(sink, doc, "kind", present(&doc.kind));
    doc_field(sink, doc, "code", presence(doc.code.as_ref()));
    doc_field(sink, doc, "title", presence(doc.title.as_ref()));
    // A record (audit, review…) is not revised and published: it has a date instead.
    let record = doc.kind().is_some_and(|k| !k.is_revised());
    if !record {
        doc_field(sink, doc, "revision", present(&doc.revision));
        doc_field(sink, doc, "status", present(&doc.status));
    }
    if doc.revision.as_ref().is_some_and(|r| r.value >= 1) {
        doc_field(sink, doc, "effective", present(&doc.effective));
    }
    // A withdrawn or superseded document keeps its file and history; its content is no longer
    // applied, so only its identity is required.
    let Some(kind) = doc.kind().filter(|_| !super::retired(doc)) else {
        return;
    };
    if !matches!(kind, Kind::Form | Kind::Decision | Kind::Report) {
        doc_field(sink, doc, "owner", presence(doc.owner.as_ref()));
    }
    if matches!(
        kind,
        Kind::Procedure | Kind::Policy | Kind::Objectives | Kind::Manual | Kind::Guide
    ) {
        doc_field(sink, doc, "approved_by", person(doc.approved_by.as_ref()));
    }
    if record {
        doc_field(sink, doc, "date", present(&doc.date));
    }
    match kind {
        Kind::Procedure => check_procedure(doc, sink),
        Kind::CorrectiveAction => {
            doc_field(sink, doc, "due", present(&doc.due));
            doc_field(sink, doc, "action_status", present(&doc.action_status));
        }
        Kind::Report => {
            doc_field(sink, doc, "number", presence(doc.number.as_ref()));
            doc_field(sink, doc, "recipient", presence(doc.recipient.as_ref()));
        }
        Kind::Objectives if doc.objectives.as_ref().is_none_or(|o| o.1.is_empty()) => {
            let span = doc.objectives.as_ref().map_or(doc.head, |o| o.0);
            doc_field(
                sink,
                doc,
                "objectives",
                blank_or_absent(doc.objectives.is_some(), span),
            );
        }
        _ => {}
    }
}

fn blank_or_absent(present: bool, span: Span) -> Presence {
    if present {
        Presence::Blank(span)
    } else {
        Presence::Absent
    }
}

fn check_procedure(doc: &Document, sink: &mut Sink) {
    doc_field(sink, doc, "prepared_by", person(doc.prepared_by.as_ref()));
    doc_field(sink, doc, "reviewed_by", person(doc.reviewed_by.as_ref()));
    // A procedure with cases has one time limit per case instead.
    if doc.cases().is_empty() {
        doc_field(
            sink,
            doc,
            "time_limit",
            presence(doc.time_limit.as_ref().map(|t| &t.text)),
        );
    }
    check_cases(doc, sink);
    if doc.tthc.as_ref().is_some_and(|t| !is_blank(&t.value)) {
        doc_field(sink, doc, "fee", presence(doc.fee.as_ref()));
        if doc.legal_basis.is_empty() {
            let p = doc
                .legal_basis_key
                .map_or(Presence::Absent, Presence::Blank);
            doc_field(sink, doc, "legal_basis", p);
        }
    }
    match &doc.steps {
        None => doc_field(sink, doc, "steps", Presence::Absent),
        Some((span, steps)) if steps.is_empty() => {
            doc_field(sink, doc, "steps", Presence::Blank(*span))
        }
        Some((_, steps)) => check_steps(doc, steps, sink),
    }
    for (i, rec) in doc.records().iter().enumerate() {
        let fields = [
            ("name", presence(rec.name.as_ref())),
            ("keeper", presence(rec.keeper.as_ref())),
            ("retention", presence(rec.retention.as_ref())),
        ];
        let n = (i + 1).to_string();
        let item = Item {
            label: &n,
            span: rec.span,
            invalid: &rec.invalid,
        };
        item_fields(
            sink,
            &RECORD_MISSING_FIELD,
            fields::RECORD,
            &item,
            fields,
            |n, name| {
                (
                    tr!("hồ sơ {n} thiếu {name}", "record {n} has no {name}"),
                    tr!("hồ sơ {n}: {name} để trống", "record {n}: {name} is empty"),
                )
            },
            |key| {
                tr!(
                    "thêm `{key}: …` cho hồ sơ này",
                    "add `{key}: …` to this record"
                )
            },
        );
    }
}

/// Every case is named and has its own time limit.
fn check_cases(doc: &Document, sink: &mut Sink) {
    for (case, id) in doc.cases().iter().zip(doc.case_ids()) {
        let fields = [
            ("name", presence(case.name.as_ref())),
            (
                "time_limit",
                presence(case.time_limit.as_ref().map(|t| &t.text)),
            ),
        ];
        let item = Item {
            label: &id,
            span: case.span,
            invalid: &[],
        };
        item_fields(
            sink,
            &MISSING_FIELD,
            fields::CASE,
            &item,
            fields,
            |n, name| {
                (
                    tr!("trường hợp {n} thiếu {name}", "case {n} has no {name}"),
                    tr!(
                        "trường hợp {n}: {name} để trống",
                        "case {n}: {name} is empty"
                    ),
                )
            },
            |key| {
                let example = match key {
                    "name" => "Trường hợp hồ sơ đầy đủ",
                    _ => "10 ngày làm việc",
                };
                tr!(
                    "thêm `{key}: {example}` cho trường hợp này",
                    "add `{key}: {example}` to this case"
                )
            },
        );
    }
}

/// Every step says what is done and how (`task`, or `what` and `how`), who is responsible
/// (`responsible`; `who` when someone else does the work) and its time, unless its phase gives
/// one time for all its steps.
fn check_steps(doc: &Document, steps: &[crate::model::Step], sink: &mut Sink) {
    let labels = doc.step_names();
    let mut shared = vec![false; steps.len()];
    for p in doc.phases() {
        if p.steps.is_empty() {
            let span = p.steps_key.unwrap_or(p.span);
            let name = p.name.as_ref().map_or("", |n| n.value.as_str());
            sink.emit(
                &PHASE_WITHOUT_STEPS,
                span,
                tr!(
                    "giai đoạn “{name}” không có bước nào",
                    "phase “{name}” has no steps"
                ),
                Some(tr!(
                    "thêm các bước vào `steps` của giai đoạn, hoặc xóa giai đoạn",
                    "add the phase's `steps`, or remove the phase"
                )),
            );
        }
        if p.shares_time(steps) {
            shared[p.steps.clone()].fill(true);
        }
    }
    for (i, step) in steps.iter().enumerate() {
        // One text may say what and how; otherwise both are needed.
        let (what, how) = match presence(step.task.as_ref()) {
            _ if doc.is_continuation(i) => (Presence::Present, Presence::Present),
            Presence::Present => (Presence::Present, Presence::Present),
            task @ Presence::Blank(_) if step.what.is_none() => (task, Presence::Present),
            _ => (presence(step.what.as_ref()), presence(step.how.as_ref())),
        };
        let time = match presence(step.time.as_ref().map(|t| &t.text)) {
            Presence::Absent if shared[i] => Presence::Present,
            p => p,
        };
        let fields = [
            ("what", what),
            ("how", how),
            ("responsible", presence(step.responsible.as_ref())),
            ("time", time),
        ];
        let item = Item {
            label: &labels[i],
            span: step.span,
            invalid: &step.invalid,
        };
        item_fields(
            sink,
            &STEP_MISSING_FIELD,
            fields::STEP,
            &item,
            fields,
            |n, name| {
                (
                    tr!("bước {n} thiếu {name}", "step {n} has no {name}"),
                    tr!("bước {n}: {name} để trống", "step {n}: {name} is empty"),
                )
            },
            |key| match key {
                "what" | "how" => tr!(
                    "mỗi bước phải rõ việc và rõ cách làm: thêm `what: …` và `how: …`, hoặc một đoạn `task: …` nói cả hai",
                    "every step states what is done and how: add `what: …` and `how: …`, or one `task: …` that says both"
                ),
                _ => {
                    let example = example_of(key);
                    tr!(
                        "mỗi bước phải rõ người, rõ việc, rõ cách làm, rõ trách nhiệm và thời gian: điền `{key}: {example}`",
                        "every step states who, what, how, who is accountable and the time: fill in `{key}: {example}`"
                    ) + &duration_syntax(key)
                }
            },
        );
    }
}

/// A step or a record: its label, where it is, and its keys already reported.
struct Item<'a> {
    label: &'a str,
    span: Span,
    invalid: &'a [&'static str],
}

/// Reports the missing or blank fields of one list item. `messages(n, name)` gives the
/// (absent, blank) messages, `help(key)` the fix.
fn item_fields<const N: usize>(
    sink: &mut Sink,
    rule: &'static crate::rule::Rule,
    table: &[Field],
    item: &Item,
    fields: [(&'static str, Presence); N],
    messages: impl Fn(&str, &str) -> (String, String),
    help: impl Fn(&str) -> String,
) {
    for (key, p) in fields {
        // Messages are only formatted for a finding: most fields are present.
        if matches!(p, Presence::Present) || item.invalid.contains(&key) {
            continue;
        }
        let (absent, blank) = messages(item.label, &label(table, key));
        let (span, message) = match p {
            Presence::Present => continue,
            Presence::Absent => (item.span, absent),
            Presence::Blank(s) => (s, blank),
        };
        sink.emit(rule, span, message, Some(help(key)));
    }
}
