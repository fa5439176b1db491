//! A QMS document (procedure, policy, manual, form…) as the agency prints and posts it: a cover
//! page with the identification block and the prepared / reviewed / approved table, the
//! change-tracking page, the body, and for procedures the step table built from the front
//! matter. Every page carries a running header and footer with the code, the revision and
//! "Trang x/y".

use super::font::Face;
use super::layout::{Align, Flow, LayoutError, MM, Mark, PageSetup, Para, Style, Table, place_at};
use super::markdown::{Block, BodyStyle, blocks};
use super::writer::Meta;
use super::{RenderError, Rendered};
use crate::model::{Document, Kind};
use crate::text::fold_text;

const BODY: f32 = 13.0;
const TABLE: f32 = 11.0;
const RUNNING: f32 = 10.0;

fn setup() -> PageSetup {
    // Decree 30 margins, with the top and bottom made room for the running header and footer.
    PageSetup::a4(25.0, 22.0, 30.0, 15.0)
}

fn cell(text: &str, face: Face, align: Align) -> Vec<Para> {
    vec![Para::text(
        Style::new(TABLE).align(align).leading(1.15),
        face,
        text,
    )]
}

fn plain(text: &str) -> Vec<Para> {
    cell(text, Face::Regular, Align::Left)
}

fn head(text: &str) -> Vec<Para> {
    cell(text, Face::Bold, Align::Center)
}

fn centred(text: &str) -> Vec<Para> {
    cell(text, Face::Regular, Align::Center)
}

fn table(columns: &[f32], rows: Vec<Vec<Vec<Para>>>, header_rows: usize) -> Table {
    Table {
        columns: columns.to_vec(),
        header_rows,
        rows,
        padding: 3.0,
        border: 0.5,
    }
}

fn text_of(v: &Option<crate::model::Sp<String>>) -> &str {
    v.as_ref().map_or("", |s| s.value.as_str())
}

/// "Đặng Thị Mai, Công chức Tư pháp - Hộ tịch" → ("Đặng Thị Mai", "Công chức Tư pháp - Hộ tịch").
fn name_and_title(s: &str) -> (&str, &str) {
    match s.split_once(',') {
        Some((n, t)) => (n.trim(), t.trim()),
        None => (s.trim(), ""),
    }
}

/// What the running header and the cover need to know about the agency.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub agency: String,
}

pub fn render(doc: &Document, body: &str, ctx: &Context) -> Result<Rendered, RenderError> {
    let setup = setup();
    let code = doc.code_str().trim().to_string();
    let title = text_of(&doc.title).to_string();
    let revision = doc.revision.as_ref().map_or(1, |r| r.value);
    let effective = doc
        .effective
        .as_ref()
        .map_or(String::new(), |d| d.value.vn_short());
    let kind = doc.kind.as_ref().map(|k| k.value);
    let mut flow = Flow::new(setup);

    // Cover: identification block, then the approval table.
    // The document type above the title, unless the title already says it ("Quy trình …").
    let kind_label = kind.map_or("Tài liệu", |k| k.label_vi());
    let mut id_title = Vec::new();
    if !fold_text(&title).starts_with(&fold_text(kind_label)) {
        id_title.push(Para::text(
            Style::new(14.0).align(Align::Center),
            Face::Bold,
            kind_label.to_uppercase(),
        ));
    }
    id_title.push(Para::text(
        Style::new(14.0).align(Align::Center).space(3.0, 0.0),
        Face::Bold,
        title.to_uppercase(),
    ));
    let id = table(
        &[3.0, 4.0, 3.0],
        vec![vec![
            cell(&ctx.agency.to_uppercase(), Face::Bold, Align::Center),
            id_title,
            vec![
                Para::text(Style::new(TABLE), Face::Regular, format!("Mã hiệu: {code}")),
                Para::text(
                    Style::new(TABLE),
                    Face::Regular,
                    format!("Lần ban hành: {revision}"),
                ),
                Para::text(
                    Style::new(TABLE),
                    Face::Regular,
                    format!("Ngày hiệu lực: {effective}"),
                ),
            ],
        ]],
        0,
    );
    flow.table(&id)?;
    flow.space(20.0 * MM);
    let cover_title = Style::new(16.0).align(Align::Center).leading(1.3);
    flow.para(&Para::text(
        cover_title.clone(),
        Face::Bold,
        text_of(&doc.title).to_uppercase(),
    ))?;
    flow.para(&Para::text(
        Style::new(BODY).align(Align::Center).space(6.0, 0.0),
        Face::Regular,
        format!("Mã hiệu: {code}    Lần ban hành: {revision}    Ngày hiệu lực: {effective}"),
    ))?;
    flow.space(20.0 * MM);
    let people =
        [&doc.prepared_by, &doc.reviewed_by, &doc.approved_by].map(|p| name_and_title(text_of(p)));
    let sign_row = |label: &str| -> Vec<Vec<Para>> {
        let mut row = vec![cell(label, Face::Bold, Align::Left)];
        row.extend([0, 1, 2].map(|_| plain("\n\n")));
        row
    };
    let mut approval = vec![
        vec![
            head("Trách nhiệm"),
            head("Soạn thảo"),
            head("Xem xét"),
            head("Phê duyệt"),
        ],
        vec![cell("Họ và tên", Face::Bold, Align::Left)],
        sign_row("Chữ ký"),
        vec![cell("Chức vụ", Face::Bold, Align::Left)],
    ];
    for (name, title) in people {
        approval[1].push(centred(name));
        approval[3].push(centred(title));
    }
    flow.table(&table(&[2.2, 3.0, 3.0, 3.0], approval, 1))?;

    // Change tracking.
    flow.new_page();
    let section = Style::new(BODY)
        .align(Align::Center)
        .leading(1.2)
        .space(0.0, 8.0);
    flow.para(&Para::text(
        section.clone(),
        Face::Bold,
        "THEO DÕI SỬA ĐỔI TÀI LIỆU",
    ))?;
    let mut rows = vec![vec![
        head("TT"),
        head("Ngày"),
        head("Lần ban hành"),
        head("Nội dung sửa đổi"),
        head("Quyết định"),
    ]];
    for (i, h) in doc.history.iter().enumerate() {
        rows.push(vec![
            centred(&(i + 1).to_string()),
            centred(
                &h.date
                    .as_ref()
                    .map_or(String::new(), |d| d.value.vn_short()),
            ),
            centred(
                &h.revision
                    .as_ref()
                    .map_or(String::new(), |r| r.value.to_string()),
            ),
            plain(text_of(&h.changes)),
            plain(text_of(&h.decision)),
        ]);
    }
    if doc.history.is_empty() {
        rows.push(vec![
            centred("1"),
            centred(&effective),
            centred(&revision.to_string()),
            plain("Ban hành lần đầu"),
            plain(""),
        ]);
    }
    flow.table(&table(&[0.9, 2.3, 2.6, 5.6, 3.0], rows, 1))?;

    // Body, with the step table at the end of the section on the process ("Quy trình xử lý",
    // "Trình tự thực hiện"), or after the body when there is no such section.
    flow.new_page();
    let st = BodyStyle {
        size: BODY,
        table_size: TABLE,
        first_indent: 0.0,
        para_after: 4.0,
        leading: 1.2,
    };
    let body = blocks(body, &st);
    let steps = step_table(doc);
    let objectives = objectives_table(doc);
    let mut insert_at = None;
    let mut in_process = false;
    for (i, b) in body.iter().enumerate() {
        if let Block::Heading(_, p) | Block::Para(p) = b {
            let is_heading = matches!(b, Block::Heading(..)) || p.style.keep_with_next;
            if is_heading && in_process && insert_at.is_none() {
                insert_at = Some(i);
            }
            let t = fold_text(&p.plain_text());
            if is_heading && (t.contains("quy trinh xu ly") || t.contains("trinh tu thuc hien")) {
                in_process = true;
            }
        }
    }
    let insert_at = match (insert_at, in_process) {
        (Some(i), _) => i,
        (None, _) => body.len(),
    };
    for (i, b) in body.iter().enumerate() {
        if i == insert_at {
            place_extra(&mut flow, steps.as_ref(), objectives.as_ref())?;
        }
        place(&mut flow, b)?;
    }
    if insert_at >= body.len() {
        place_extra(&mut flow, steps.as_ref(), objectives.as_ref())?;
    }

    let agency = ctx.agency.clone();
    let running_code = code.clone();
    let pages = flow.finish(|n, total| {
        running(
            &setup,
            &agency,
            &running_code,
            revision,
            &effective,
            n,
            total,
        )
    })?;
    let meta = Meta {
        title: format!("{code} {title}"),
        author: ctx.agency.clone(),
        subject: kind.map_or("", |k| k.label_vi()).to_string(),
        date: doc
            .effective
            .as_ref()
            .map(|d| (d.value.year, d.value.month, d.value.day)),
    };
    super::finish(&pages, &setup, &meta, None)
}

fn place(flow: &mut Flow, b: &Block) -> Result<(), LayoutError> {
    match b {
        Block::Heading(_, p) | Block::Para(p) => flow.para(p),
        Block::Table(t) => flow.table(t),
    }
}

fn place_extra(
    flow: &mut Flow,
    steps: Option<&Table>,
    objectives: Option<&Table>,
) -> Result<(), LayoutError> {
    for t in [steps, objectives].into_iter().flatten() {
        flow.space(4.0);
        flow.table(t)?;
        flow.space(6.0);
    }
    Ok(())
}

/// TT | Trình tự thực hiện | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả, from the front matter.
fn step_table(doc: &Document) -> Option<Table> {
    let steps = doc.steps.as_ref()?;
    if steps.1.is_empty() || !matches!(doc.kind.as_ref().map(|k| k.value), Some(Kind::Procedure)) {
        return None;
    }
    let mut rows = vec![vec![
        head("TT"),
        head("Trình tự thực hiện"),
        head("Trách nhiệm"),
        head("Thời gian"),
        head("Biểu mẫu/Kết quả"),
    ]];
    for (i, s) in steps.1.iter().enumerate() {
        let mut what = vec![Para::text(
            Style::new(TABLE).leading(1.15),
            Face::Bold,
            text_of(&s.what),
        )];
        if !text_of(&s.how).is_empty() {
            what.push(Para::text(
                Style::new(TABLE)
                    .leading(1.15)
                    .align(Align::Justify)
                    .space(2.0, 0.0),
                Face::Regular,
                text_of(&s.how),
            ));
        }
        let mut who = plain(text_of(&s.who));
        let responsible = text_of(&s.responsible);
        if !responsible.is_empty() && responsible != text_of(&s.who) {
            who.push(Para::text(
                Style::new(TABLE).leading(1.15).space(2.0, 0.0),
                Face::Italic,
                format!("Chịu trách nhiệm: {responsible}"),
            ));
        }
        let time = s
            .time
            .as_ref()
            .map_or(String::new(), |t| t.text.value.clone());
        let mut out = Vec::new();
        if !s.forms.is_empty() {
            let forms: Vec<&str> = s.forms.iter().map(|f| f.value.as_str()).collect();
            out.push(Para::text(
                Style::new(TABLE).leading(1.15),
                Face::Regular,
                forms.join(", "),
            ));
        }
        if !text_of(&s.output).is_empty() {
            out.push(Para::text(
                Style::new(TABLE).leading(1.15).space(2.0, 0.0),
                Face::Italic,
                text_of(&s.output),
            ));
        }
        rows.push(vec![
            centred(&format!("B{}", i + 1)),
            what,
            who,
            centred(&time),
            out,
        ]);
    }
    if let Some(limit) = &doc.time_limit {
        rows.push(vec![
            centred(""),
            cell("Tổng thời gian giải quyết", Face::Bold, Align::Left),
            plain(""),
            cell(&limit.text.value, Face::Bold, Align::Center),
            plain(""),
        ]);
    }
    Some(table(&[1.0, 7.0, 3.6, 2.0, 2.8], rows, 1))
}

/// The quality objectives of an objectives document.
fn objectives_table(doc: &Document) -> Option<Table> {
    let list = &doc.objectives.as_ref()?.1;
    if list.is_empty() {
        return None;
    }
    let mut rows = vec![vec![
        head("TT"),
        head("Mục tiêu"),
        head("Chỉ tiêu"),
        head("Chủ trì"),
        head("Thời hạn"),
        head("Cách đo"),
    ]];
    for (i, o) in list.iter().enumerate() {
        rows.push(vec![
            centred(&(i + 1).to_string()),
            plain(text_of(&o.objective)),
            plain(text_of(&o.target)),
            plain(text_of(&o.owner)),
            centred(text_of(&o.deadline)),
            plain(text_of(&o.measure)),
        ]);
    }
    Some(table(&[], rows, 1))
}

/// The running header (agency, code) and footer (code, revision, date, "Trang x/y").
fn running(
    setup: &PageSetup,
    agency: &str,
    code: &str,
    revision: i64,
    effective: &str,
    n: usize,
    total: usize,
) -> Result<Vec<Mark>, LayoutError> {
    let w = setup.body_width();
    let mut marks = Vec::new();
    let mut line = |y: f32, text: String, align: Align, face: Face| -> Result<(), LayoutError> {
        let p = Para::text(Style::new(RUNNING).align(align).leading(1.0), face, text);
        marks.extend(place_at(&p, setup.left, y, w)?);
        Ok(())
    };
    let top = setup.top - 10.0 * MM;
    line(top, agency.to_string(), Align::Left, Face::Regular)?;
    line(top, code.to_string(), Align::Right, Face::Bold)?;
    let bottom = setup.height - setup.bottom + 5.0 * MM;
    line(
        bottom,
        format!("Mã hiệu: {code}   Lần ban hành: {revision}   Ngày hiệu lực: {effective}"),
        Align::Left,
        Face::Italic,
    )?;
    line(
        bottom,
        format!("Trang {n}/{total}"),
        Align::Right,
        Face::Regular,
    )?;
    let rule = |y: f32| Mark::Line {
        x1: setup.left,
        y1: y,
        x2: setup.left + w,
        y2: y,
        width: 0.5,
    };
    marks.push(rule(top + RUNNING * 1.3));
    marks.push(rule(bottom - 3.0));
    Ok(marks)
}
