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
use crate::model::document::same_id;
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
        keep_with_next: Vec::new(),
    }
}

fn text_of(v: &Option<crate::model::Sp<String>>) -> &str {
    v.as_ref().map_or("", |s| s.value.as_str().trim())
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
    let people = [&doc.prepared_by, &doc.reviewed_by, &doc.approved_by].map(|p| {
        p.as_ref().map_or(("", ""), |p| {
            (p.value.name.as_str(), p.value.title.as_str())
        })
    });
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
    for item in with_front_matter(blocks(body, &st), doc, &st) {
        match item {
            Item::Block(b) => place(&mut flow, &b)?,
            Item::Table(t) => {
                flow.space(4.0);
                flow.table(&t)?;
                flow.space(6.0);
            }
        }
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

/// A piece of the body as printed: the author's, or a table made from the front matter.
enum Item {
    Block(Block),
    Table(Table),
}

/// The sections whose content the front matter can give.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Other,
    /// "Quy trình xử lý", "Trình tự thực hiện": the step table goes at its end.
    Process,
    /// "Thời gian xử lý", "Thời hạn giải quyết": `time_limit`, when the author wrote nothing.
    Time,
    /// "Phí, lệ phí": `fee`, when the author wrote nothing.
    Fee,
    /// "Hồ sơ cần lưu": the `records` table, when the author wrote nothing.
    Records,
}

fn section_of(b: &Block) -> Option<Section> {
    let p = match b {
        Block::Heading(_, p) => p,
        Block::Para(p) if p.style.keep_with_next => p,
        _ => return None,
    };
    let t = fold_text(&p.plain_text());
    Some(
        if t.contains("quy trinh xu ly") || t.contains("trinh tu thuc hien") {
            Section::Process
        } else if t.contains("thoi gian xu ly") || t.contains("thoi han giai quyet") {
            Section::Time
        } else if t.contains("le phi") {
            Section::Fee
        } else if t.contains("ho so can luu") {
            Section::Records
        } else {
            Section::Other
        },
    )
}

/// The body with the front matter put in place: the step table (and the objectives) at the
/// end of the section on the process, or after the body when there is none; in a section on
/// the time limit, the fee or the records that the author left empty, that value from the
/// front matter. The front matter stays the one place these are written.
fn with_front_matter(body: Vec<Block>, doc: &Document, st: &BodyStyle) -> Vec<Item> {
    let mut tables: Vec<Table> = [step_table(doc), objectives_table(doc)]
        .into_iter()
        .flatten()
        .collect();
    let mut out = Vec::with_capacity(body.len() + 4);
    let (mut current, mut empty) = (Section::Other, true);
    for b in body {
        if let Some(next) = section_of(&b) {
            close(&mut out, current, empty, doc, st, &mut tables);
            (current, empty) = (next, true);
        } else {
            empty = false;
        }
        out.push(Item::Block(b));
    }
    close(&mut out, current, empty, doc, st, &mut tables);
    out.extend(tables.into_iter().map(Item::Table));
    out
}

/// What goes at the end of a section, before the next heading.
fn close(
    out: &mut Vec<Item>,
    section: Section,
    empty: bool,
    doc: &Document,
    st: &BodyStyle,
    tables: &mut Vec<Table>,
) {
    let value = |v: Option<&crate::model::Sp<String>>| {
        v.map(|s| s.value.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let text = match section {
        Section::Process => {
            out.extend(tables.drain(..).map(Item::Table));
            return;
        }
        Section::Records if empty => {
            out.extend(records_table(doc).map(Item::Table));
            return;
        }
        Section::Time if empty => time_text(doc),
        Section::Fee if empty => value(doc.fee.as_ref()),
        _ => None,
    };
    if let Some(text) = text {
        out.extend(blocks(&text, st).into_iter().map(Item::Block));
    }
}

/// The time limit in words, one line per case when the procedure has cases.
fn time_text(doc: &Document) -> Option<String> {
    let limit = |t: &Option<crate::model::TimeField>| {
        t.as_ref()
            .map(|t| t.text.value.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    if doc.cases().is_empty() {
        return limit(&doc.time_limit).map(|t| format!("{t} kể từ khi nhận đủ hồ sơ hợp lệ."));
    }
    let lines: Vec<String> = doc
        .cases()
        .iter()
        .filter_map(|c| {
            let t = limit(&c.time_limit)?;
            Some(format!(
                "- Trường hợp {}: {t}.",
                case_words(text_of(&c.name))
            ))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// TT | Tên hồ sơ | Nơi lưu | Thời gian lưu, from `records`.
fn records_table(doc: &Document) -> Option<Table> {
    let records = doc.records();
    if records.is_empty() {
        return None;
    }
    let mut rows = vec![vec![
        head("TT"),
        head("Tên hồ sơ"),
        head("Nơi lưu"),
        head("Thời gian lưu"),
    ]];
    for (i, r) in records.iter().enumerate() {
        rows.push(vec![
            centred(&(i + 1).to_string()),
            plain(text_of(&r.name)),
            plain(text_of(&r.keeper)),
            centred(text_of(&r.retention)),
        ]);
    }
    Some(table(&[0.9, 6.5, 4.5, 2.5], rows, 1))
}

/// TT | Trình tự thực hiện | Trách nhiệm | Thời gian [| Biểu mẫu/Kết quả], from the front
/// matter, as the source table prints it: the source's step labels, time cells verbatim, phase
/// rows with their own time, and the total. The last column only when a step has forms or a
/// result.
fn step_table(doc: &Document) -> Option<Table> {
    let steps = doc.steps();
    if steps.is_empty() || !matches!(doc.kind.as_ref().map(|k| k.value), Some(Kind::Procedure)) {
        return None;
    }
    let results = steps
        .iter()
        .any(|s| !s.forms.is_empty() || !text_of(&s.output).is_empty());
    let time_head = match &doc.time_unit {
        Some(u) => format!("Thời gian ({})", u.value.label_vi()),
        None => "Thời gian".to_string(),
    };
    let mut header = vec![
        head("TT"),
        head("Trình tự thực hiện"),
        head("Trách nhiệm"),
        head(&time_head),
    ];
    if results {
        header.push(head("Biểu mẫu/Kết quả"));
    }
    let mut rows = vec![header];
    let labels = doc.step_labels();
    // Phase and case rows head the rows after them.
    let mut heads = Vec::new();
    let mut push = |mut row: Vec<Vec<Para>>, head: bool| {
        if head {
            heads.push(rows.len());
        }
        if !results {
            row.truncate(4);
        }
        rows.push(row);
    };
    let whole = std::iter::once(0..steps.len());
    let ranges: Vec<(Option<&crate::model::Phase>, std::ops::Range<usize>)> =
        if doc.phases().is_empty() {
            whole.map(|r| (None, r)).collect()
        } else {
            doc.phases()
                .iter()
                .map(|p| (Some(p), p.steps.clone()))
                .collect()
        };
    let layout = CaseLayout::of(doc);
    let ids = doc.case_ids();
    for (phase, range) in ranges {
        if let Some(p) = phase
            && (p.name.is_some() || p.time_limit.is_some())
        {
            push(phase_row(p), true);
        }
        for i in range {
            if let Some(c) = layout.block_starting_at(i) {
                push(case_row(&doc.cases()[c], &ids[c]), true);
            }
            let mut row = step_row(&steps[i], &labels[i]);
            if matches!(layout, CaseLayout::Notes) && !steps[i].cases.is_empty() {
                row[1].push(case_note(&steps[i]));
            }
            push(row, false);
        }
    }
    let total = |text: &str, time: &str| {
        vec![
            centred(""),
            cell(text, Face::Bold, Align::Left),
            plain(""),
            cell(time, Face::Bold, Align::Center),
            plain(""),
        ]
    };
    // Blocks carry their own limits on their case rows.
    if matches!(layout, CaseLayout::Notes) {
        for (case, id) in doc.cases().iter().zip(&ids) {
            let time = case
                .time_limit
                .as_ref()
                .map_or("", |t| t.text.value.as_str());
            let words = case_words(text_of(&case.name));
            push(
                total(
                    &format!("Tổng thời gian giải quyết, trường hợp {id} ({words})"),
                    time,
                ),
                false,
            );
        }
    }
    if let Some(limit) = &doc.time_limit {
        push(total("Tổng thời gian giải quyết", &limit.text.value), false);
    }
    let columns: &[f32] = if results {
        &[1.2, 7.0, 3.6, 2.0, 2.8]
    } else {
        &[1.2, 8.4, 4.0, 2.4]
    };
    let mut t = table(columns, rows, 1);
    t.keep_with_next = heads;
    Some(t)
}

/// How a procedure's cases print in its step table.
enum CaseLayout {
    /// No cases.
    None,
    /// Each case's steps in one block after a row naming the case ("I | Trường hợp …"), as
    /// tables that give each case its own steps print them. The step each block starts at,
    /// with its case.
    Blocks(Vec<(usize, usize)>),
    /// Steps shared by the cases: a step in some cases only says which, and each case has
    /// its own total row.
    Notes,
}

impl CaseLayout {
    fn of(doc: &Document) -> CaseLayout {
        if doc.cases().is_empty() {
            return CaseLayout::None;
        }
        let ids = doc.case_ids();
        let case_of = |s: &crate::model::Step| match s.cases.as_slice() {
            [one] => ids.iter().position(|id| same_id(id, &one.value)),
            _ => None,
        };
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (i, s) in doc.steps().iter().enumerate() {
            let Some(c) = case_of(s) else {
                return CaseLayout::Notes;
            };
            match starts.last() {
                Some(&(_, last)) if last == c => {}
                // A case met again after another: its steps are not one block.
                _ if starts.iter().any(|&(_, seen)| seen == c) => return CaseLayout::Notes,
                _ => starts.push((i, c)),
            }
        }
        if doc.phases().is_empty() {
            CaseLayout::Blocks(starts)
        } else {
            CaseLayout::Notes
        }
    }

    /// The case whose block starts at step `i`.
    fn block_starting_at(&self, i: usize) -> Option<usize> {
        match self {
            CaseLayout::Blocks(starts) => starts.iter().find(|(s, _)| *s == i).map(|&(_, c)| c),
            _ => None,
        }
    }
}

/// A case row: its id where the steps have their labels, its words and its limit in bold.
fn case_row(case: &crate::model::Case, id: &str) -> Vec<Vec<Para>> {
    let time = case
        .time_limit
        .as_ref()
        .map_or("", |t| t.text.value.as_str());
    vec![
        cell(id, Face::Bold, Align::Center),
        cell(text_of(&case.name), Face::Bold, Align::Left),
        plain(""),
        cell(time, Face::Bold, Align::Center),
        plain(""),
    ]
}

/// "(Trường hợp 2)" under the work of a step that is not in every case.
fn case_note(s: &crate::model::Step) -> Para {
    let ids: Vec<&str> = s.cases.iter().map(|c| c.value.trim()).collect();
    Para::text(
        Style::new(TABLE).leading(1.15).space(2.0, 0.0),
        Face::Italic,
        format!("(Trường hợp {})", ids.join(", ")),
    )
}

/// A case's words without a leading "Trường hợp" ("hồ sơ đầy đủ thông tin xác minh").
fn case_words(name: &str) -> &str {
    let name = name.trim();
    ["Đối với trường hợp ", "Trong trường hợp ", "Trường hợp "]
        .iter()
        .flat_map(|p| [p.to_string(), p.to_lowercase()])
        .find_map(|p| name.strip_prefix(p.as_str()))
        .unwrap_or(name)
        .trim_end_matches(':')
}

/// A phase row: its name in bold, its agency, and its own time (or the time its steps share).
fn phase_row(p: &crate::model::Phase) -> Vec<Vec<Para>> {
    let time = p.time_limit.as_ref().map_or("", |t| t.text.value.as_str());
    vec![
        centred(""),
        cell(text_of(&p.name), Face::Bold, Align::Left),
        plain(text_of(&p.agency)),
        cell(time, Face::Bold, Align::Center),
        plain(""),
    ]
}

/// One step: its label, what and how (or the task), who answers for it, the time cell as
/// written, and its forms and result. Nothing is printed twice in a row.
fn step_row(s: &crate::model::Step, label: &str) -> Vec<Vec<Para>> {
    let para = |face, text: &str, before: f32| {
        Para::text(
            Style::new(TABLE).leading(1.15).space(before, 0.0),
            face,
            text,
        )
    };
    let mut work = Vec::new();
    let (what, how, task) = (text_of(&s.what), text_of(&s.how), text_of(&s.task));
    if !what.is_empty() {
        work.push(para(Face::Bold, what, 0.0));
    }
    for text in [task, how] {
        if !text.is_empty() && text != what {
            let before = if work.is_empty() { 0.0 } else { 2.0 };
            work.extend(lines(text, before));
        }
    }
    let (who, responsible) = (text_of(&s.who), text_of(&s.responsible));
    let mut people = Vec::new();
    if !who.is_empty() {
        people.push(para(Face::Regular, who, 0.0));
    }
    if !responsible.is_empty() && responsible != who {
        if people.is_empty() {
            people.push(para(Face::Regular, responsible, 0.0));
        } else {
            people.push(para(
                Face::Italic,
                &format!("Chịu trách nhiệm: {responsible}"),
                2.0,
            ));
        }
    }
    // Steps that share their phase's time print it once, on the phase row.
    let time = s.time.as_ref().map_or("", |t| t.text.value.trim());
    let output = text_of(&s.output);
    let mut out = Vec::new();
    // Form codes the result text already names are not printed again above it.
    let forms: Vec<&str> = s
        .forms
        .iter()
        .map(|f| f.value.trim())
        .filter(|f| !output.contains(f))
        .collect();
    if !forms.is_empty() {
        out.push(para(Face::Regular, &forms.join(", "), 0.0));
    }
    if !output.is_empty() {
        let before = if out.is_empty() { 0.0 } else { 2.0 };
        out.push(para(Face::Italic, output, before));
    }
    vec![centred(label), work, people, centred(time), out]
}

/// A cell text of several lines ("+ Nếu hồ sơ hợp lệ …" on their own lines in the source) as
/// one paragraph per line.
fn lines(text: &str, before: f32) -> Vec<Para> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| {
            Para::text(
                Style::new(TABLE)
                    .leading(1.15)
                    .align(Align::Justify)
                    .space(if i == 0 { before } else { 1.0 }, 0.0),
                Face::Regular,
                l,
            )
        })
        .collect()
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
