//! The publication decision laid out as Decree 30/2020/NĐ-CP, Appendix I prescribes (sizes and
//! positions in docs/format.md): the two-column header, the document type and summary, the
//! authority, the legal grounds, the articles, the recipients and the signature block side by
//! side, page numbers from page 2, and the annex on a new page.

use super::font::Face;
use super::layout::{Align, Flow, LayoutError, MM, Mark, Para, Slice, Style, lay_para, text_width};
use super::markdown::{Block, BodyStyle, blocks};
use super::writer::{Meta, SignatureField};
use super::{RenderError, Rendered, page_number, setup_decree30};
use crate::model::Date;

/// What the header and the signature block need beyond the Markdown body.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// Parent body ("Ủy ban nhân dân tỉnh Đồng Nai"), shown above the agency when set.
    pub parent: Option<String>,
    pub agency: String,
    pub place: String,
    /// "15/QĐ-UBND".
    pub number: String,
    pub date: Option<Date>,
    pub title: String,
    /// Shown in the signature block when the body has no signature lines.
    pub signer: String,
}

/// The name of the signature field `qmsdoc sign` fills in.
pub const SIGNATURE_FIELD: &str = "chu_ky";

const BODY: f32 = 14.0;
const HEADER: f32 = 13.0;
const LEADING: f32 = 1.2;
/// 1.27 cm.
const FIRST_INDENT: f32 = 1.27 / 2.54 * 72.0;

/// The body split into the parts of a decision.
#[derive(Default)]
struct Parts {
    doc_type: Option<Para>,
    summary: Vec<Para>,
    authority: Option<Para>,
    grounds: Vec<Para>,
    decides: Option<Para>,
    articles: Vec<Block>,
    recipients_title: Option<Para>,
    recipients: Vec<Para>,
    signature: Vec<Para>,
    annex: Vec<Block>,
}

fn all_faces(p: &Para, pred: impl Fn(Face) -> bool) -> bool {
    p.spans
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .all(|s| pred(s.face))
}

fn is_bold(p: &Para) -> bool {
    all_faces(p, |f| matches!(f, Face::Bold | Face::BoldItalic))
}

fn is_italic(p: &Para) -> bool {
    all_faces(p, |f| matches!(f, Face::Italic | Face::BoldItalic))
}

/// Reads the decision's structure from its Markdown: `# QUYẾT ĐỊNH`, the bold summary and
/// authority lines, the italic grounds, the bold `QUYẾT ĐỊNH:`, the articles, `Nơi nhận:` and its
/// list, the bold signature lines, then `##` sections for the annex.
fn parts(body: &[Block]) -> Parts {
    #[derive(PartialEq, PartialOrd)]
    enum At {
        Top,
        Grounds,
        Articles,
        Recipients,
        Signature,
        Annex,
    }
    let mut p = Parts::default();
    let mut at = At::Top;
    for b in body {
        match b {
            Block::Heading(1, h) if p.doc_type.is_none() && at == At::Top => {
                p.doc_type = Some(h.clone())
            }
            Block::Heading(..) if at >= At::Articles => {
                at = At::Annex;
                p.annex.push(b.clone());
            }
            _ if at == At::Annex => p.annex.push(b.clone()),
            Block::Para(para) => {
                let text = para.plain_text();
                let t = text.trim();
                if at < At::Articles && is_bold(para) && t.ends_with(':') && t == t.to_uppercase() {
                    p.decides = Some(para.clone());
                    at = At::Articles;
                } else if at == At::Top && is_bold(para) {
                    if p.summary.is_empty() || p.authority.is_some() {
                        p.summary.push(para.clone());
                    } else {
                        p.authority = Some(para.clone());
                    }
                } else if at <= At::Grounds && (is_italic(para) || t.starts_with("Căn cứ")) {
                    at = At::Grounds;
                    p.grounds.push(para.clone());
                } else if at < At::Recipients
                    && t.trim_end_matches(':').eq_ignore_ascii_case("Nơi nhận")
                {
                    p.recipients_title = Some(para.clone());
                    at = At::Recipients;
                } else if at == At::Recipients && t.starts_with("- ") {
                    p.recipients.push(para.clone());
                } else if at >= At::Recipients && is_bold(para) {
                    at = At::Signature;
                    p.signature.push(para.clone());
                } else if at >= At::Recipients {
                    p.signature.push(para.clone());
                } else {
                    p.articles.push(b.clone());
                }
            }
            Block::Table(_) | Block::Heading(..) => p.articles.push(b.clone()),
        }
    }
    // A summary line after the authority (unusual) stays a summary.
    if p.authority.is_none() && p.summary.len() > 1 {
        p.authority = p.summary.pop();
    }
    p
}

fn restyle(mut para: Para, style: Style, face: Option<Face>) -> Para {
    para.style = style;
    if let Some(f) = face {
        for s in &mut para.spans {
            s.face = f;
        }
    }
    para
}

/// A short rule centred under a block whose last line is `line_width` wide (Decree 30: one
/// third to one half of the line above).
fn rule_under(x_centre: f32, y: f32, width: f32) -> Mark {
    Mark::Line {
        x1: x_centre - width / 2.0,
        y1: y,
        x2: x_centre + width / 2.0,
        y2: y,
        width: 0.5,
    }
}

/// The width of the widest line of the last laid-out paragraph.
fn widest(slices: &[Slice]) -> f32 {
    slices
        .iter()
        .flat_map(|s| &s.marks)
        .filter_map(|m| match m {
            Mark::Text {
                text, face, size, ..
            } => text_width(text, *face, *size).ok(),
            Mark::Line { .. } => None,
        })
        .fold(0.0, f32::max)
}

/// Sets paragraphs centred in a column; returns the marks (relative to the column's top left),
/// the height, and the width of the widest text line of the last paragraph.
fn column(paras: &[Para], width: f32) -> Result<(Vec<Mark>, f32, f32), LayoutError> {
    let mut marks = Vec::new();
    let mut y = 0.0;
    let mut last_width = 0.0;
    for p in paras {
        let slices = lay_para(p, width)?;
        last_width = widest(&slices);
        for s in slices {
            marks.extend(s.marks.iter().map(|m| m.shifted(0.0, y)));
            y += s.height;
        }
    }
    Ok((marks, y, last_width))
}

/// Lays out the decision: the header, the title block, the body, the recipients and the
/// signature block, then the annex on a new page.
pub fn render(markdown: &str, h: &Header) -> Result<Rendered, RenderError> {
    let setup = setup_decree30();
    let st = BodyStyle {
        size: BODY,
        table_size: 12.0,
        first_indent: FIRST_INDENT,
        para_after: 6.0,
        leading: LEADING,
    };
    let parts = parts(&blocks(markdown, &st));
    let mut flow = Flow::new(setup);
    header(&mut flow, h)?;
    title_block(&mut flow, &parts)?;
    body(&mut flow, &parts)?;
    let signature = closing(&mut flow, &parts, h)?;
    annex(&mut flow, &parts)?;
    let pages = flow.finish(|n, _| page_number(&setup, n, 13.0))?;
    let meta = Meta {
        title: h.title.clone(),
        author: h.agency.clone(),
        subject: format!("Quyết định số {}", h.number),
        date: h.date.map(|d| (d.year, d.month, d.day)),
    };
    super::finish(&pages, &setup, &meta, Some(&signature))
}

/// Centred, bold-able body text: the document type, summary, authority and annex titles.
fn big_centre() -> Style {
    Style::new(BODY).align(Align::Center).leading(LEADING)
}

/// The two-column header: the agency and the number on the left, the national title, the
/// motto, the place and the date on the right. Leaves `flow.y` below both.
fn header(flow: &mut Flow, h: &Header) -> Result<(), RenderError> {
    let setup = flow.setup;
    let body_w = setup.body_width();
    let centre = Style::new(HEADER).align(Align::Center).leading(1.1);

    // Columns: the right one as wide as the national title needs (size 13, or 12 when that
    // would leave the left one narrower than a third of the page), the left one the rest.
    let title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    let title13 = text_width(title, Face::Bold, 13.0)? + 8.0;
    let title_size = if body_w - title13 >= body_w * 0.36 {
        13.0
    } else {
        12.0
    };
    let right_w = text_width(title, Face::Bold, title_size)? + 8.0;
    let left_w = body_w - right_w;

    // Left column: parent body, agency (bold, a short rule under it).
    let mut left = Vec::new();
    if let Some(parent) = h.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        let t = name_lines(&parent.to_uppercase(), Face::Regular, HEADER, left_w)?;
        left.push(Para::text(centre.clone(), Face::Regular, t));
    }
    let agency = name_lines(&h.agency.to_uppercase(), Face::Bold, HEADER, left_w)?;
    left.push(Para::text(centre.clone(), Face::Bold, agency));
    let (mut lm, lh, agency_w) = column(&left, left_w)?;
    lm.push(rule_under(left_w / 2.0, lh + 1.5, agency_w / 2.0));

    // Right column: national title, the motto with a rule as long as itself.
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let (mut rm, rh, motto_w) = column(
        &[
            Para::text(centre.clone(), Face::Bold, title).tap_size(title_size),
            Para::text(centre.clone(), Face::Bold, motto).tap_size(14.0),
        ],
        right_w,
    )?;
    rm.push(rule_under(right_w / 2.0, rh + 1.5, motto_w));

    // The number under the agency and the place and date (italics) under the motto, on one
    // baseline below the lower of the two rules.
    let number = Para::text(
        centre.clone().space(6.0, 0.0),
        Face::Regular,
        format!("Số: {}", h.number),
    );
    let date = h
        .date
        .map_or_else(|| "ngày … tháng … năm …".to_string(), |d| d.vn_long());
    let place = Para::text(
        Style::new(14.0).align(Align::Center).space(6.0, 0.0),
        Face::Italic,
        format!("{}, {date}", h.place),
    );
    let (nm, nh, _) = column(&[number], left_w)?;
    let (pm, ph, _) = column(&[place], right_w)?;
    let (nb, pb) = (first_baseline(&nm), first_baseline(&pm));
    let baseline = (lh + 2.0 + nb).max(rh + 2.0 + pb);
    let (ny, py) = (baseline - nb, baseline - pb);
    lm.extend(nm.iter().map(|m| m.shifted(0.0, ny)));
    rm.extend(pm.iter().map(|m| m.shifted(0.0, py)));
    flow.draw(setup.left, setup.top, &lm);
    flow.draw(setup.left + left_w, setup.top, &rm);
    flow.y = setup.top + (ny + nh).max(py + ph) + 18.0;
    Ok(())
}

/// The baseline of the first text mark, from the top of its column.
fn first_baseline(marks: &[Mark]) -> f32 {
    marks
        .iter()
        .find_map(|m| match m {
            Mark::Text { y, .. } => Some(*y),
            Mark::Line { .. } => None,
        })
        .unwrap_or(0.0)
}

/// Document type, summary with a short rule under it, authority.
fn title_block(flow: &mut Flow, parts: &Parts) -> Result<(), RenderError> {
    let setup = flow.setup;
    let body_w = setup.body_width();
    if let Some(t) = parts.doc_type.clone() {
        flow.para(&restyle(t, big_centre(), Some(Face::Bold)))?;
    }
    let mut summary_w = 0.0f32;
    for s in &parts.summary {
        let p = restyle(s.clone(), big_centre(), Some(Face::Bold));
        summary_w = widest(&lay_para(&p, body_w)?);
        flow.para(&p)?;
    }
    if !parts.summary.is_empty() {
        let y = flow.y + 3.0;
        flow.draw(
            0.0,
            0.0,
            &[rule_under(
                setup.left + body_w / 2.0,
                y,
                (summary_w / 3.0).max(40.0),
            )],
        );
        flow.space(14.0);
    }
    if let Some(a) = parts.authority.clone() {
        flow.para(&restyle(a, big_centre().space(0.0, 10.0), Some(Face::Bold)))?;
    }
    Ok(())
}

/// The grounds and the articles: size 14, justified, first line indented 1.27 cm, 6 pt after.
fn article_style() -> Style {
    Style::new(BODY)
        .align(Align::Justify)
        .leading(LEADING)
        .indent(FIRST_INDENT)
        .space(0.0, 6.0)
}

/// The legal grounds in italics, `QUYẾT ĐỊNH:`, and the articles.
fn body(flow: &mut Flow, parts: &Parts) -> Result<(), RenderError> {
    let body_style = article_style();
    for g in &parts.grounds {
        flow.para(&restyle(g.clone(), body_style.clone(), Some(Face::Italic)))?;
    }
    if let Some(d) = parts.decides.clone() {
        flow.para(&restyle(d, big_centre().space(6.0, 10.0), Some(Face::Bold)))?;
    }
    // The last paragraph is set with the signature block (`closing`), never apart from it.
    let kept = usize::from(matches!(parts.articles.last(), Some(Block::Para(_))));
    for a in &parts.articles[..parts.articles.len() - kept] {
        match a {
            Block::Para(p) => flow.para(&restyle(p.clone(), body_style.clone(), None))?,
            Block::Heading(_, p) => flow.para(p)?,
            Block::Table(t) => flow.table(t)?,
        }
    }
    Ok(())
}

/// The last article when it is a paragraph, in the body's style: it goes to the next page
/// with the signature block rather than leave the block alone on a page (Decree 30/2020,
/// Appendix I: a page holding only the signature block is not allowed).
fn last_article(parts: &Parts) -> Option<Para> {
    match parts.articles.last() {
        Some(Block::Para(p)) => Some(restyle(p.clone(), article_style(), None)),
        _ => None,
    }
}

/// The signature block's titles and name, bold and centred: the body's signature lines, or
/// the signer from the front matter (`signed_by`) when it has none.
fn signature_lines(parts: &Parts, h: &Header) -> (Vec<Para>, Vec<Para>) {
    let sig_centre = Style::new(BODY).align(Align::Center).leading(LEADING);
    let (titles, name) = match parts.signature.len() {
        0 if !h.signer.trim().is_empty() => (
            Vec::new(),
            vec![Para::text(sig_centre.clone(), Face::Bold, h.signer.clone())],
        ),
        0 => (Vec::new(), Vec::new()),
        n => (
            parts.signature[..n - 1].to_vec(),
            parts.signature[n - 1..].to_vec(),
        ),
    };
    let bold = |v: Vec<Para>| -> Vec<Para> {
        v.into_iter()
            .map(|p| restyle(p, sig_centre.clone(), Some(Face::Bold)))
            .collect()
    };
    (bold(titles), bold(name))
}

/// Recipients (bottom left) and signature block (bottom right), kept together; returns the
/// signature field between the titles and the name.
fn closing(flow: &mut Flow, parts: &Parts, h: &Header) -> Result<SignatureField, RenderError> {
    let setup = flow.setup;
    let body_w = setup.body_width();
    let block_left_w = body_w * 0.45;
    let block_right_w = body_w - block_left_w;
    let mut rec = Vec::new();
    if let Some(t) = parts.recipients_title.clone() {
        rec.push(restyle(
            t,
            Style::new(12.0).leading(1.0),
            Some(Face::BoldItalic),
        ));
    }
    for r in &parts.recipients {
        rec.push(restyle(
            r.clone(),
            Style::new(11.0).leading(1.1),
            Some(Face::Regular),
        ));
    }
    let (rec_m, rec_h, _) = column(&rec, block_left_w)?;
    let (titles, name) = signature_lines(parts, h);
    let (tm, th, _) = column(&titles, block_right_w)?;
    let sign_space = 30.0 * MM;
    let (nm, nh, _) = column(&name, block_right_w)?;
    let sig_h = th + sign_space + nh;
    let last = last_article(parts);
    let last_h: f32 = match &last {
        Some(p) => lay_para(p, body_w)?.iter().map(|s| s.height).sum(),
        None => 0.0,
    };
    if flow.remaining() < last_h + rec_h.max(sig_h) + 12.0 {
        flow.new_page();
    }
    if let Some(p) = &last {
        flow.para(p)?;
    }
    flow.y += 12.0;
    let top = flow.y;
    flow.draw(setup.left, top, &rec_m);
    let right_x = setup.left + block_left_w;
    flow.draw(right_x, top, &tm);
    flow.draw(right_x, top + th + sign_space, &nm);
    let signature = SignatureField {
        name: SIGNATURE_FIELD.to_string(),
        page: flow.pages.len() - 1,
        rect: (right_x, top + th + 2.0, block_right_w, sign_space - 4.0),
    };
    flow.y = top + rec_h.max(sig_h);
    Ok(signature)
}

/// The annex, starting on a new page.
fn annex(flow: &mut Flow, parts: &Parts) -> Result<(), RenderError> {
    if parts.annex.is_empty() {
        return Ok(());
    }
    flow.new_page();
    for b in &parts.annex {
        match b {
            Block::Heading(_, p) => flow.para(&restyle(
                p.clone(),
                big_centre().space(0.0, 2.0),
                Some(Face::Bold),
            ))?,
            Block::Para(p) if is_italic(p) => flow.para(&restyle(
                p.clone(),
                Style::new(BODY)
                    .align(Align::Center)
                    .leading(LEADING)
                    .space(0.0, 10.0),
                None,
            ))?,
            Block::Para(p) => flow.para(p)?,
            Block::Table(t) => flow.table(t)?,
        }
    }
    Ok(())
}

/// Two words that make one word of meaning: a line never breaks between them.
const BOUND: &[(&str, &str)] = &[
    ("ỦY", "BAN"),
    ("NHÂN", "DÂN"),
    ("HỘI", "ĐỒNG"),
    ("XÃ", "HỘI"),
    ("THÀNH", "PHỐ"),
    ("THỊ", "XÃ"),
    ("THỊ", "TRẤN"),
    ("ĐẶC", "KHU"),
    ("KHOA", "HỌC"),
    ("CÔNG", "NGHỆ"),
    ("CÔNG", "NGHIỆP"),
    ("CÔNG", "THƯƠNG"),
    ("CÔNG", "AN"),
    ("QUẢN", "LÝ"),
    ("NỘI", "VỤ"),
    ("NGOẠI", "VỤ"),
    ("TƯ", "PHÁP"),
    ("TÀI", "CHÍNH"),
    ("TÀI", "NGUYÊN"),
    ("MÔI", "TRƯỜNG"),
    ("GIÁO", "DỤC"),
    ("ĐÀO", "TẠO"),
    ("Y", "TẾ"),
    ("KINH", "TẾ"),
    ("VĂN", "PHÒNG"),
    ("VĂN", "HÓA"),
    ("THỂ", "THAO"),
    ("DU", "LỊCH"),
    ("XÂY", "DỰNG"),
    ("NÔNG", "NGHIỆP"),
    ("NÔNG", "THÔN"),
    ("GIAO", "THÔNG"),
    ("VẬN", "TẢI"),
    ("LAO", "ĐỘNG"),
    ("THƯƠNG", "BINH"),
    ("DÂN", "TỘC"),
    ("TÔN", "GIÁO"),
    ("TRUNG", "TÂM"),
    ("HÀNH", "CHÍNH"),
    ("PHỤC", "VỤ"),
    ("DỊCH", "VỤ"),
    ("THANH", "TRA"),
    ("KHU", "CÔNG"),
    ("CHỈ", "HUY"),
    ("QUÂN", "SỰ"),
    ("DỰ", "ÁN"),
    ("ĐẦU", "TƯ"),
    ("CÔNG", "TRÌNH"),
    ("DÂN", "DỤNG"),
];

/// Words that open a place name ("XÃ TÂN HÒA", "TỈNH ĐỒNG NAI"): the name is never broken, and
/// the best break is just before it ("ỦY BAN NHÂN DÂN / XÃ TÂN HÒA").
const PLACE: &[&str] = &[
    "XÃ",
    "PHƯỜNG",
    "THỊ",
    "HUYỆN",
    "QUẬN",
    "THÀNH",
    "TỈNH",
    "ĐẶC",
];

/// How a line may break between two words of a name.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Gap {
    Never,
    /// Before a place name: where clerks break.
    Best,
    /// Before "VÀ" ("SỞ KHOA HỌC / VÀ CÔNG NGHỆ") or "CÁC" ("BAN QUẢN LÝ / CÁC KHU …").
    Good,
    Allowed,
}

/// Whether word `i` opens a place name: a place word, not the first half of a compound of the
/// bound list other than a place's own ("THÀNH PHỐ", "THỊ XÃ"), and not "XÃ HỘI".
fn opens_place(words: &[&str], i: usize) -> bool {
    let w = words[i];
    let next = words.get(i + 1).copied().unwrap_or("");
    match w {
        "XÃ" => next != "HỘI",
        "THÀNH" => next == "PHỐ",
        "THỊ" => next == "XÃ" || next == "TRẤN",
        "ĐẶC" => next == "KHU",
        _ => PLACE.contains(&w),
    }
}

/// The kind of each gap between the words of a name.
fn gaps(words: &[&str]) -> Vec<Gap> {
    let mut in_place = false;
    (0..words.len().saturating_sub(1))
        .map(|i| {
            let starts = opens_place(words, i + 1);
            if opens_place(words, i) {
                in_place = true;
            }
            if starts {
                in_place = false;
            }
            if BOUND.contains(&(words[i], words[i + 1])) || (in_place && !starts) {
                Gap::Never
            } else if starts {
                Gap::Best
            } else if matches!(words[i + 1], "VÀ" | "CÁC") {
                Gap::Good
            } else {
                Gap::Allowed
            }
        })
        .collect()
}

/// An agency or parent name in capitals, broken into as few lines as fit `width` where clerks
/// break them: before the place name, never inside a compound ("NHÂN DÂN", "HỘI ĐỒNG") or a
/// place name; among equals, the most even lines. A name that cannot be broken so is left to
/// the line breaker.
fn name_lines(text: &str, face: Face, size: f32, width: f32) -> Result<String, LayoutError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    if text_width(&joined, face, size)? <= width || words.len() < 2 {
        return Ok(joined);
    }
    let kinds = gaps(&words);
    let open: Vec<usize> = (0..kinds.len())
        .filter(|&g| kinds[g] != Gap::Never)
        .collect();
    let line_w = |a: usize, b: usize| text_width(&words[a..b].join(" "), face, size);
    for breaks in 1..=open.len().min(5) {
        let mut best: Option<(f32, Vec<usize>)> = None;
        for cut in combinations(&open, breaks) {
            let mut bounds = vec![0];
            bounds.extend(cut.iter().map(|g| g + 1));
            bounds.push(words.len());
            let mut widths = Vec::with_capacity(bounds.len() - 1);
            for w in bounds.windows(2) {
                widths.push(line_w(w[0], w[1])?);
            }
            if widths.iter().any(|w| *w > width) {
                continue;
            }
            let penalty: f32 = cut
                .iter()
                .map(|g| match kinds[*g] {
                    Gap::Best => 0.0,
                    Gap::Good => 20.0,
                    _ => 60.0,
                })
                .sum();
            let widest = widths.iter().copied().fold(0.0, f32::max);
            let narrowest = widths.iter().copied().fold(f32::MAX, f32::min);
            let cost = penalty + (widest - narrowest) / 4.0;
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, cut));
            }
        }
        if let Some((_, cut)) = best {
            let mut out = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    out.push(if cut.contains(&(i - 1)) { '\n' } else { ' ' });
                }
                out.push_str(w);
            }
            return Ok(out);
        }
    }
    Ok(joined)
}

/// Every way to choose `k` of `items`, in order.
fn combinations(items: &[usize], k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

trait TapSize {
    fn tap_size(self, size: f32) -> Self;
}

impl TapSize for Para {
    fn tap_size(mut self, size: f32) -> Para {
        self.style.size = size;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_body_is_read_into_its_parts() {
        let md = "# QUYẾT ĐỊNH\n\n**Về việc công bố Hệ thống**\n\n**CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ**\n\n\
                  *Căn cứ Luật A;*\n\n*Căn cứ Luật B.*\n\n**QUYẾT ĐỊNH:**\n\n**Điều 1.** Công bố.\n\n\
                  **Điều 2.** Hiệu lực./.\n\n**Nơi nhận:**\n\n- Như Điều 3;\n- Lưu: VT.\n\n\
                  **CHỦ TỊCH**\n\n**Nguyễn Văn An**\n\n## Danh mục\n\n| TT | Mã |\n|---|---|\n| 1 | QT-01 |\n";
        let st = BodyStyle {
            size: 14.0,
            table_size: 12.0,
            first_indent: 36.0,
            para_after: 6.0,
            leading: 1.2,
        };
        let p = parts(&blocks(md, &st));
        assert_eq!(
            p.doc_type.map(|x| x.plain_text()).as_deref(),
            Some("QUYẾT ĐỊNH")
        );
        assert_eq!(p.summary.len(), 1);
        assert_eq!(
            p.authority.map(|x| x.plain_text()).as_deref(),
            Some("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ")
        );
        assert_eq!(p.grounds.len(), 2);
        assert!(p.decides.is_some());
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.recipients.len(), 2);
        let sig: Vec<String> = p.signature.iter().map(Para::plain_text).collect();
        assert_eq!(sig, ["CHỦ TỊCH", "Nguyễn Văn An"]);
        assert_eq!(p.annex.len(), 2);
    }

    /// The lines of a name in the left column of the header (size 13 bold, as `header` sets it).
    fn lines(name: &str) -> Vec<String> {
        let setup = setup_decree30();
        let title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let right = text_width(title, Face::Bold, 13.0).unwrap() + 8.0;
        let left = setup.body_width() - right;
        name_lines(name, Face::Bold, HEADER, left)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn agency_names_break_between_the_body_and_the_place() {
        assert_eq!(
            lines("ỦY BAN NHÂN DÂN XÃ TÂN HÒA"),
            ["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA"]
        );
        assert_eq!(
            lines("ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH"),
            ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN THÀNH"]
        );
        assert_eq!(lines("SỞ NỘI VỤ"), ["SỞ NỘI VỤ"]);
        assert_eq!(
            lines("SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
            ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]
        );
        assert_eq!(
            lines("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH ĐỒNG NAI"),
            ["BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP", "TỈNH ĐỒNG NAI"]
        );
        assert_eq!(
            lines("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÁC CÔNG TRÌNH GIAO THÔNG TỈNH ĐỒNG NAI"),
            [
                "BAN QUẢN LÝ DỰ ÁN",
                "ĐẦU TƯ XÂY DỰNG CÁC",
                "CÔNG TRÌNH GIAO THÔNG",
                "TỈNH ĐỒNG NAI"
            ]
        );
        assert_eq!(
            lines("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
        );
        assert_eq!(
            lines("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
            ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]
        );
    }

    #[test]
    fn a_gap_inside_a_compound_or_a_place_is_never_a_break() {
        let words: Vec<&str> = "ỦY BAN NHÂN DÂN XÃ TÂN HÒA".split(' ').collect();
        assert_eq!(
            gaps(&words),
            [
                Gap::Never,
                Gap::Allowed,
                Gap::Never,
                Gap::Best,
                Gap::Never,
                Gap::Never
            ]
        );
    }
}
