//! The document register (*danh mục tài liệu*) as a PDF: every document in force with its code,
//! title, revision and effective date, grouped by kind.

use super::font::Face;
use super::layout::{Align, Flow, Para, Style, Table};
use super::writer::Meta;
use super::{RenderError, Rendered, page_number, setup_decree30};
use crate::model::{Date, Document, Status};

pub fn render(
    docs: &[&Document],
    agency: &str,
    date: Option<Date>,
) -> Result<Rendered, RenderError> {
    let setup = setup_decree30();
    let mut flow = Flow::new(setup);
    let centre = Style::new(14.0).align(Align::Center).leading(1.2);
    flow.para(&Para::text(
        centre.clone(),
        Face::Bold,
        agency.to_uppercase(),
    ))?;
    flow.para(&Para::text(
        centre.clone().space(12.0, 0.0),
        Face::Bold,
        "DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG",
    ))?;
    if let Some(d) = date {
        flow.para(&Para::text(
            centre.clone(),
            Face::Italic,
            format!("(Cập nhật {})", d.vn_long()),
        ))?;
    }
    flow.space(12.0);
    let cell = |t: &str, face: Face, align: Align| {
        vec![Para::text(Style::new(11.0).align(align), face, t)]
    };
    let mut rows = vec![
        [
            "TT",
            "Mã tài liệu",
            "Tên tài liệu",
            "Lần ban hành",
            "Ngày hiệu lực",
            "Tình trạng",
        ]
        .map(|h| cell(h, Face::Bold, Align::Center))
        .to_vec(),
    ];
    let mut sorted: Vec<&Document> = docs.to_vec();
    sorted.sort_by_key(|d| {
        (
            d.kind.as_ref().map(|k| k.value as u8),
            d.code_str().to_string(),
        )
    });
    for (i, d) in sorted.iter().enumerate() {
        let status = d.status.as_ref().map_or(Status::InForce, |s| s.value);
        rows.push(vec![
            cell(&(i + 1).to_string(), Face::Regular, Align::Center),
            cell(d.code_str().trim(), Face::Regular, Align::Left),
            cell(
                d.title.as_ref().map_or("", |t| t.value.as_str()),
                Face::Regular,
                Align::Left,
            ),
            cell(
                &d.revision
                    .as_ref()
                    .map_or(String::new(), |r| r.value.to_string()),
                Face::Regular,
                Align::Center,
            ),
            cell(
                &d.effective
                    .as_ref()
                    .map_or(String::new(), |e| e.value.vn_short()),
                Face::Regular,
                Align::Center,
            ),
            cell(status.label_vi(), Face::Regular, Align::Center),
        ]);
    }
    flow.table(&Table {
        columns: Vec::new(),
        header_rows: 1,
        rows,
        padding: 3.0,
        border: 0.5,
        keep_with_next: Vec::new(),
    })?;
    let pages = flow.finish(|n, _| page_number(&setup, n, 13.0))?;
    let meta = Meta {
        title: "Danh mục tài liệu Hệ thống quản lý chất lượng".into(),
        author: agency.to_string(),
        subject: String::new(),
        date: date.map(|d| (d.year, d.month, d.day)),
    };
    super::finish(&pages, &setup, &meta, None)
}
