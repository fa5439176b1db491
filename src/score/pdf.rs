//! The self-assessment as a PDF in the format of the decision (A4, Decree 30/2020 margins):
//! the agency, the title, the year, the table in the provinces' six columns with the total,
//! and the head's signature block, for `qmsdoc sign` to sign as the agency's report.

use super::measure::Evidence;
use super::{Score, points_text};
use crate::pdf::font::Face;
use crate::pdf::layout::{Align, Flow, Para, Style, Table};
use crate::pdf::writer::Meta;
use crate::pdf::{RenderError, Rendered, page_number, setup_decree30};

pub(crate) fn render(s: &Score, head_title: &str, head: &str) -> Result<Rendered, RenderError> {
    let setup = setup_decree30();
    let mut flow = Flow::new(setup);
    let centre = Style::new(13.0).align(Align::Center).leading(1.2);
    flow.para(&Para::text(
        centre.clone(),
        Face::Bold,
        s.agency.to_uppercase(),
    ))?;
    flow.para(&Para::text(
        centre.clone().space(12.0, 0.0),
        Face::Bold,
        s.title.to_uppercase(),
    ))?;
    flow.para(&Para::text(
        centre,
        Face::Italic,
        format!("Năm {} (số liệu tính đến {})", s.year, vn_date(&s.as_of)),
    ))?;
    flow.space(10.0);
    let cell = |t: &str, face: Face, align: Align| {
        vec![Para::text(Style::new(10.0).align(align), face, t)]
    };
    let heads = [
        "Tiêu chí",
        "Điểm tối đa",
        "Số liệu kê khai",
        "Cách tính điểm",
        "Tài liệu kiểm chứng",
        "Điểm tự đánh giá",
    ];
    let mut rows = vec![heads.map(|h| cell(h, Face::Bold, Align::Center)).to_vec()];
    for r in &s.rows {
        let evidence = evidence_cell(&r.evidence);
        rows.push(vec![
            cell(
                &format!("{}. {}", r.id, r.title),
                Face::Regular,
                Align::Left,
            ),
            cell(&points_text(r.max), Face::Regular, Align::Center),
            cell(&r.value, Face::Regular, Align::Left),
            cell(&r.rule, Face::Regular, Align::Left),
            cell(&evidence, Face::Regular, Align::Left),
            cell(&points_text(r.points), Face::Regular, Align::Center),
        ]);
    }
    let total = format!(
        "{} / {}",
        points_text(s.total_points),
        points_text(s.total_max)
    );
    rows.push(vec![
        cell("Tổng điểm tự đánh giá", Face::Bold, Align::Left),
        cell("", Face::Regular, Align::Left),
        cell("", Face::Regular, Align::Left),
        cell("", Face::Regular, Align::Left),
        cell("", Face::Regular, Align::Left),
        cell(&total, Face::Bold, Align::Center),
    ]);
    flow.table(&Table {
        columns: vec![2.2, 0.8, 2.0, 1.6, 2.6, 0.9],
        header_rows: 1,
        rows,
        padding: 3.0,
        border: 0.5,
        keep_with_next: Vec::new(),
    })?;
    // The head's block on the right, as on the decision: title, room to sign, name.
    let right = Style::new(13.0).align(Align::Right).leading(1.2);
    flow.space(18.0);
    flow.para(&Para::text(
        right.clone(),
        Face::Bold,
        head_title.to_uppercase(),
    ))?;
    flow.space(60.0);
    flow.para(&Para::text(right, Face::Bold, head))?;
    let pages = flow.finish(|n, _| page_number(&setup, n, 13.0))?;
    let meta = Meta {
        title: s.title.clone(),
        author: s.agency.clone(),
        subject: format!("Tự đánh giá năm {}", s.year),
        date: crate::model::Date::parse(&s.as_of).map(|d| (d.year, d.month, d.day)),
    };
    crate::pdf::finish(&pages, &setup, &meta, None)
}

/// "2026-12-15" as "15/12/2026".
fn vn_date(iso: &str) -> String {
    crate::model::Date::parse(iso).map_or_else(|| iso.to_string(), |d| d.vn_short())
}

/// At most this many pieces of evidence in a cell: a row cannot break across pages.
const EVIDENCE_LINES: usize = 8;

/// The evidence of a row for the printed table: each file or tag with the first 12 digits of
/// its hash, the rest counted (every piece, hashes whole, is in `--format json`).
fn evidence_cell(evidence: &[Evidence]) -> String {
    fn short(h: &Option<String>) -> Option<String> {
        h.as_deref().map(|h| h.chars().take(12).collect())
    }
    let mut lines: Vec<String> = evidence
        .iter()
        .take(EVIDENCE_LINES)
        .map(|e| {
            let mut parts: Vec<String> = Vec::new();
            parts.extend(e.file.clone());
            parts.extend(short(&e.sha256).map(|h| format!("sha256 {h}…")));
            parts.extend(e.tag.clone());
            parts.extend(short(&e.commit).map(|c| format!("commit {c}")));
            parts.extend(e.note.clone());
            parts.join(" ")
        })
        .collect();
    if evidence.len() > EVIDENCE_LINES {
        let more = evidence.len() - EVIDENCE_LINES;
        lines.push(format!("… và {more} mục khác (đủ trong --format json)"));
    }
    lines.join("\n")
}
