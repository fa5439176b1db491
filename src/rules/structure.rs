//! Structure: the body of a procedure follows the national framework model (mô hình khung),
//! a procedure declares its records, quality objectives are measurable.

use crate::rule::{
    DUPLICATE_STEP_LABEL, MISSING_SECTION, NO_RECORDS, OBJECTIVE_NOT_MEASURABLE, SECTION_ORDER,
};

use super::Sink;
use crate::markdown::SectionHeading;
use crate::model::sections::SECTIONS;
use crate::model::{Document, Step};
use crate::text::is_blank;

pub(super) fn check_procedure(doc: &Document, sink: &mut Sink) {
    check_sections(doc, sink);
    check_labels(doc, sink);
    match &doc.records {
        Some((_, recs)) if !recs.is_empty() => {}
        other => {
            let span = other.as_ref().map_or(doc.head, |r| r.0);
            sink.emit(
                &NO_RECORDS,
                span,
                tr!(
                    "quy trình chưa khai báo hồ sơ cần lưu (records)",
                    "the procedure declares no records"
                ),
                Some(tr!(
                    "thêm records: - {{ name: …, keeper: …, retention: … }}",
                    "add records: - {{ name: …, keeper: …, retention: … }}"
                )),
            );
        }
    }
}

fn check_sections(doc: &Document, sink: &mut Sink) {
    let matched: Vec<(usize, &SectionHeading)> = doc
        .outline
        .sections
        .iter()
        .map(|h| (h.section, h))
        .collect();
    // Subsections such as "5.2 Thành phần hồ sơ" may fold like a section: only the level of
    // the top-most matching headings counts.
    let Some(level) = matched.iter().map(|(_, h)| h.level).min() else {
        let names: Vec<&str> = SECTIONS.iter().map(|s| s.0).collect();
        sink.emit(
            &MISSING_SECTION,
            doc.head,
            tr!(
                "quy trình không có mục nào của mô hình khung",
                "the procedure has none of the framework sections"
            ),
            Some(tr!(
                "thêm các mục: {}",
                "add the sections: {}",
                names.join(", ")
            )),
        );
        return;
    };
    let top: Vec<(usize, &SectionHeading)> = matched
        .into_iter()
        .filter(|(_, h)| h.level == level)
        .collect();
    for (i, (name, _)) in SECTIONS.iter().enumerate() {
        if top.iter().any(|(s, _)| *s == i) {
            continue;
        }
        // Point at the section it should come before, or the last one.
        let next = top.iter().find(|(s, _)| *s > i).or(top.last());
        let span = next.map_or(doc.head, |(_, h)| h.span);
        let n = i + 1;
        sink.emit(
            &MISSING_SECTION,
            span,
            tr!("thiếu mục {n}. {name}", "section {n}. {name} is missing"),
            Some(tr!(
                "thêm tiêu đề \"{n}. {name}\" theo mô hình khung HTQLCL",
                "add the heading \"{n}. {name}\" as in the framework model"
            )),
        );
    }
    let mut highest: Option<usize> = None;
    for (s, h) in &top {
        if let Some(prev) = highest
            && *s < prev
        {
            let (name, before) = (SECTIONS[*s].0, SECTIONS[prev].0);
            sink.emit(
                &SECTION_ORDER,
                h.span,
                tr!("mục \"{name}\" phải đứng trước mục \"{before}\"", "section \"{name}\" must come before \"{before}\""),
                Some(tr!(
                    "thứ tự: Mục đích, Phạm vi, Tài liệu viện dẫn, Định nghĩa, Nội dung quy trình, Biểu mẫu, Hồ sơ cần lưu",
                    "order: purpose, scope, references, definitions, procedure, forms, records"
                )),
            );
        }
        highest = highest.max(Some(*s));
    }
}

pub(super) fn check_objectives(doc: &Document, sink: &mut Sink) {
    let Some((_, list)) = &doc.objectives else {
        return;
    };
    for (i, o) in list.iter().enumerate() {
        let n = i + 1;
        let mut problems = Vec::new();
        let target = o.target.as_ref().filter(|t| !is_blank(&t.value));
        if !target.is_some_and(|t| t.value.chars().any(|c| c.is_ascii_digit())) {
            problems.push(tr!("chỉ tiêu có số đo (target)", "a numeric target"));
        }
        if o.owner.as_ref().is_none_or(|v| is_blank(&v.value)) {
            problems.push(tr!("người phụ trách (owner)", "an owner"));
        }
        if o.deadline.as_ref().is_none_or(|v| is_blank(&v.value)) {
            problems.push(tr!("thời hạn (deadline)", "a deadline"));
        }
        if problems.is_empty() {
            continue;
        }
        let span = target.map_or(o.span, |t| t.span);
        let missing = problems.join(", ");
        sink.emit(
            &OBJECTIVE_NOT_MEASURABLE,
            span,
            tr!("mục tiêu {n} không đo được: thiếu {missing}", "objective {n} is not measurable: it lacks {missing}"),
            Some(tr!(
                "mục tiêu SMART: chỉ tiêu có số và đơn vị (\"≥ 98% hồ sơ đúng hạn\"), người phụ trách, thời hạn",
                "a SMART objective: a target with a number and unit (\"≥ 98% on time\"), an owner, a deadline"
            )),
        );
    }
}

/// S005: within a table, or within each phase, no label is used twice.
fn check_labels(doc: &Document, sink: &mut Sink) {
    let steps = doc.steps();
    for range in doc.step_groups() {
        let mut seen: Vec<(String, usize, &Step)> = Vec::new();
        for s in &steps[range] {
            let Some(label) = &s.label else { continue };
            let folded = crate::text::fold_text(&label.value);
            if folded.is_empty() {
                continue;
            }
            // Each case's block may number its steps from B1 again.
            match seen
                .iter()
                .find(|(l, _, other)| *l == folded && s.shares_a_case(other))
            {
                Some((_, first, _)) => {
                    // Lines are computed only here: a released source is read again for them.
                    let (l, first) = (&label.value, doc.source.line_col(*first).line);
                    sink.emit(
                        &DUPLICATE_STEP_LABEL,
                        label.span,
                        tr!(
                            "nhãn bước \"{l}\" đã dùng ở dòng {first}",
                            "step label \"{l}\" is already used on line {first}"
                        ),
                        Some(tr!(
                            "đánh số lại các bước; nếu bảng gốc cố ý lặp nhãn: rules: {{ S005: off }}",
                            "renumber the steps; if the source repeats the label on purpose: rules: {{ S005: off }}"
                        )),
                    );
                }
                None => seen.push((folded, label.span.start, s)),
            }
        }
    }
}
