//! A procedure's cases (`cases`): each declared once, each with steps, and every step's
//! `cases` naming declared ones. The time of each case is checked in `time`.

use crate::rule::{CASE_WITHOUT_STEPS, INVALID_CASE};

use super::Sink;
use crate::model::Document;
use crate::model::document::same_id;

pub(super) fn check(doc: &Document, sink: &mut Sink) {
    if doc.cases().is_empty() && doc.steps().iter().all(|s| s.cases.is_empty()) {
        return;
    }
    let ids = doc.case_ids();
    duplicate_ids(doc, &ids, sink);
    let names = doc.step_names();
    let known = ids.join(", ");
    for (step, name) in doc.steps().iter().zip(&names) {
        for c in &step.cases {
            if ids.iter().any(|id| same_id(id, &c.value)) {
                continue;
            }
            let v = c.value.trim();
            let (message, help) = if ids.is_empty() {
                (
                    tr!(
                        "bước {name} thuộc trường hợp \"{v}\", nhưng quy trình không khai báo `cases`",
                        "step {name} belongs to case \"{v}\", but the procedure declares no `cases`"
                    ),
                    tr!(
                        "khai báo các trường hợp: cases: - {{ id: \"{v}\", name: …, time_limit: … }}, hoặc bỏ `cases` của bước",
                        "declare the cases: cases: - {{ id: \"{v}\", name: …, time_limit: … }}, or remove the step's `cases`"
                    ),
                )
            } else {
                (
                    tr!(
                        "bước {name} thuộc trường hợp \"{v}\", không có trong `cases` ({known})",
                        "step {name} belongs to case \"{v}\", which `cases` does not declare ({known})"
                    ),
                    tr!(
                        "ghi một mã có trong `cases`: {known}",
                        "name a case that `cases` declares: {known}"
                    ),
                )
            };
            sink.emit(&INVALID_CASE, c.span, message, Some(help));
        }
    }
    for (case, id) in doc.cases().iter().zip(&ids) {
        if doc.steps().iter().any(|s| s.in_case(id)) {
            continue;
        }
        let span = case.id.as_ref().map_or(case.span, |i| i.span);
        sink.emit(
            &CASE_WITHOUT_STEPS,
            span,
            tr!(
                "trường hợp {id} không có bước nào",
                "case {id} has no steps"
            ),
            Some(tr!(
                "ghi `cases: [\"{id}\"]` ở các bước của trường hợp này, hoặc xóa trường hợp",
                "add `cases: [\"{id}\"]` to the steps of this case, or remove the case"
            )),
        );
    }
}

/// Two cases with one id: a step naming it would belong to both.
fn duplicate_ids(doc: &Document, ids: &[String], sink: &mut Sink) {
    for (n, (case, id)) in doc.cases().iter().zip(ids).enumerate() {
        let Some(first) = ids[..n].iter().position(|other| same_id(other, id)) else {
            continue;
        };
        let line = doc.source.line_col(doc.cases()[first].span.start).line;
        let span = case.id.as_ref().map_or(case.span, |i| i.span);
        sink.emit(
            &INVALID_CASE,
            span,
            tr!(
                "mã trường hợp \"{id}\" đã dùng ở dòng {line}",
                "case id \"{id}\" is already used on line {line}"
            ),
            Some(tr!(
                "đặt cho mỗi trường hợp một mã riêng (`id: \"1\"`, `id: \"2\"`)",
                "give each case its own id (`id: \"1\"`, `id: \"2\"`)"
            )),
        );
    }
}
