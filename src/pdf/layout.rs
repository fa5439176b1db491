//! A small layout engine: paragraphs of styled runs broken into lines (greedy, justified with
//! per-space adjustments), tables with wrapped cells and header rows repeated on every page, and
//! a flow that fills A4 pages. Coordinates here are points from the top-left corner of the page;
//! the writer turns them into PDF's bottom-left system.

use super::font::{Face, MissingGlyph, font};
use std::fmt;

pub const MM: f32 = 72.0 / 25.4;

/// One piece of drawing on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A run of text in one face; `y` is the baseline. `extra` is added after every space
    /// (justification), in points.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        extra: f32,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

impl Mark {
    /// The same mark moved by (dx, dy).
    pub fn shifted(&self, dx: f32, dy: f32) -> Mark {
        match self {
            Mark::Text {
                x,
                y,
                face,
                size,
                text,
                extra,
            } => Mark::Text {
                x: x + dx,
                y: y + dy,
                face: *face,
                size: *size,
                text: text.clone(),
                extra: *extra,
            },
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => Mark::Line {
                x1: x1 + dx,
                y1: y1 + dy,
                x2: x2 + dx,
                y2: y2 + dy,
                width: *width,
            },
        }
    }
}

/// A character the font lacks, with the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub ch: char,
    pub context: String,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context: String = self.context.chars().take(60).collect();
        write!(
            f,
            "{}",
            crate::tr!(
                "các phông chữ kèm theo (Liberation Serif, DejaVu Sans) không có ký tự {:?} (U+{:04X}), trong đoạn «{}»",
                "the bundled fonts (Liberation Serif, DejaVu Sans) have no character {:?} (U+{:04X}), in «{}»",
                self.ch,
                self.ch as u32,
                context
            )
        )
    }
}

impl std::error::Error for LayoutError {}

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
}

impl Span {
    /// Text reaches the page in NFC: decomposed Vietnamese (UniKey's "Unicode tổ hợp", macOS
    /// files) would otherwise print its accents beside the letters.
    pub fn new(text: impl Into<String>, face: Face) -> Span {
        let text: String = text.into();
        let text = match crate::text::nfc(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(nfc) => nfc,
        };
        Span { text, face }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// How a paragraph is set. Lengths in points.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub size: f32,
    /// Line height as a multiple of the size; 1.15 is Word's "single" for Times.
    pub leading: f32,
    pub align: Align,
    pub first_indent: f32,
    pub left: f32,
    pub right: f32,
    pub before: f32,
    pub after: f32,
    /// Keep on the same page as the start of the next block (headings).
    pub keep_with_next: bool,
}

impl Style {
    pub fn new(size: f32) -> Style {
        Style {
            size,
            leading: 1.15,
            align: Align::Left,
            first_indent: 0.0,
            left: 0.0,
            right: 0.0,
            before: 0.0,
            after: 0.0,
            keep_with_next: false,
        }
    }
    pub fn align(mut self, align: Align) -> Style {
        self.align = align;
        self
    }
    pub fn leading(mut self, leading: f32) -> Style {
        self.leading = leading;
        self
    }
    pub fn indent(mut self, first: f32) -> Style {
        self.first_indent = first;
        self
    }
    pub fn margins(mut self, left: f32, right: f32) -> Style {
        self.left = left;
        self.right = right;
        self
    }
    pub fn space(mut self, before: f32, after: f32) -> Style {
        self.before = before;
        self.after = after;
        self
    }
    pub fn keep(mut self) -> Style {
        self.keep_with_next = true;
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Para {
    pub spans: Vec<Span>,
    pub style: Style,
}

impl Para {
    pub fn new(style: Style) -> Para {
        Para {
            spans: Vec::new(),
            style,
        }
    }
    pub fn text(style: Style, face: Face, text: impl Into<String>) -> Para {
        Para::new(style).span(face, text)
    }
    pub fn span(mut self, face: Face, text: impl Into<String>) -> Para {
        self.spans.push(Span::new(text, face));
        self
    }
    pub fn plain_text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A laid-out line or gap: its height and its marks relative to its top-left corner.
#[derive(Clone, Debug, Default)]
pub struct Slice {
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// Pieces of one line before placement.
struct Run {
    face: Face,
    text: String,
    width: f32,
}

/// Greedy line breaking: words (runs without spaces, possibly in several faces) go on the
/// current line while they fit; the spaces between two words on a line are kept, those at a
/// break are dropped.
struct Breaker<F: Fn(usize) -> f32> {
    /// The width available to line n (the first line may be indented).
    avail: F,
    size: f32,
    lines: Vec<(Vec<Run>, bool)>,
    line: Vec<Run>,
    line_w: f32,
    /// Spaces since the last word: placed only if another word follows on the line.
    pending: Vec<Run>,
    pending_w: f32,
    word: Vec<Run>,
}

impl<F: Fn(usize) -> f32> Breaker<F> {
    fn room(&self) -> f32 {
        (self.avail)(self.lines.len())
    }

    fn end_line(&mut self, last: bool) {
        self.lines.push((std::mem::take(&mut self.line), last));
        self.line_w = 0.0;
        self.pending.clear();
        self.pending_w = 0.0;
    }

    fn char(&mut self, face: Face, c: char, w: f32) {
        match self.word.last_mut() {
            Some(r) if r.face == face => {
                r.text.push(c);
                r.width += w;
            }
            _ => self.word.push(Run {
                face,
                text: c.to_string(),
                width: w,
            }),
        }
    }

    fn space(&mut self, face: Face, w: f32) {
        self.flush_word();
        self.pending.push(Run {
            face,
            text: " ".into(),
            width: w,
        });
        self.pending_w += w;
    }

    fn hard_break(&mut self) {
        self.flush_word();
        self.end_line(true);
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let ww: f32 = self.word.iter().map(|r| r.width).sum();
        if !self.line.is_empty() && self.line_w + self.pending_w + ww > self.room() + 0.01 {
            self.end_line(false);
        }
        if !self.line.is_empty() {
            self.line.append(&mut self.pending);
            self.line_w += self.pending_w;
        }
        self.pending.clear();
        self.pending_w = 0.0;
        if ww > self.room() && self.line.is_empty() {
            self.cut_word();
        } else {
            self.line_w += ww;
            self.line.append(&mut self.word);
        }
    }

    /// A word longer than a whole line (a URL, a long code) is cut between characters.
    fn cut_word(&mut self) {
        for r in std::mem::take(&mut self.word) {
            let f = font(r.face);
            let mut cur = String::new();
            let mut cur_w = 0.0;
            for c in r.text.chars() {
                let cw = super::font::resolve(f.face, c).map_or(0.0, |g| g.2 * self.size / 1000.0);
                let used = self.line_w + cur_w;
                // An indented first line too narrow for even one character is left empty.
                let next_wider = (self.avail)(self.lines.len() + 1) > self.room();
                if used + cw > self.room() && (used > 0.0 || next_wider) {
                    if !cur.is_empty() {
                        self.line.push(Run {
                            face: r.face,
                            text: std::mem::take(&mut cur),
                            width: cur_w,
                        });
                    }
                    self.end_line(false);
                    cur_w = 0.0;
                }
                cur.push(c);
                cur_w += cw;
            }
            if !cur.is_empty() {
                self.line_w += cur_w;
                self.line.push(Run {
                    face: r.face,
                    text: cur,
                    width: cur_w,
                });
            }
        }
    }

    fn finish(mut self) -> Vec<(Vec<Run>, bool)> {
        self.flush_word();
        if !self.line.is_empty() || self.lines.is_empty() {
            self.end_line(true);
        }
        self.lines
    }
}

/// Breaks a paragraph into lines `width` points wide; returns one slice per line, with the
/// space before and after as empty slices.
pub fn lay_para(p: &Para, width: f32) -> Result<Vec<Slice>, LayoutError> {
    let st = &p.style;
    let size = st.size;
    let err = |MissingGlyph(ch)| LayoutError {
        ch,
        context: p.plain_text(),
    };
    let avail = |n: usize| width - st.left - st.right - if n == 0 { st.first_indent } else { 0.0 };
    let mut b = Breaker {
        avail,
        size,
        lines: Vec::new(),
        line: Vec::new(),
        line_w: 0.0,
        pending: Vec::new(),
        pending_w: 0.0,
        word: Vec::new(),
    };
    for span in &p.spans {
        let f = font(span.face);
        for c in span.text.chars() {
            match c {
                '\n' => b.hard_break(),
                ' ' => b.space(span.face, f.glyph(' ').map_err(err)?.1 * size / 1000.0),
                c if c.is_control() => {}
                c => {
                    let (face, _, adv) = super::font::resolve(span.face, c).map_err(err)?;
                    b.char(face, c, adv * size / 1000.0)
                }
            }
        }
    }
    let lines = b.finish();

    let line_h = size * st.leading;
    // Baseline: the ascent of the font, centred in the line's extra leading.
    let asc = font(Face::Regular).ascender / 1000.0 * size;
    let desc = -font(Face::Regular).descender / 1000.0 * size;
    let baseline = asc + (line_h - asc - desc).max(0.0) / 2.0;
    let mut out = Vec::with_capacity(lines.len() + 2);
    if st.before > 0.0 {
        out.push(Slice {
            height: st.before,
            marks: Vec::new(),
        });
    }
    for (i, (runs, last)) in lines.into_iter().enumerate() {
        let runs = merge_runs(runs);
        let natural: f32 = runs.iter().map(|r| r.width).sum();
        let spaces: usize = runs
            .iter()
            .map(|r| r.text.chars().filter(|&c| c == ' ').count())
            .sum();
        let room = avail(i);
        let x0 = st.left + if i == 0 { st.first_indent } else { 0.0 };
        let (mut x, extra) = match st.align {
            Align::Left => (x0, 0.0),
            Align::Center => (x0 + (room - natural) / 2.0, 0.0),
            Align::Right => (x0 + room - natural, 0.0),
            Align::Justify if !last && spaces > 0 && natural < room => {
                (x0, (room - natural) / spaces as f32)
            }
            Align::Justify => (x0, 0.0),
        };
        let mut marks = Vec::with_capacity(runs.len());
        for r in runs {
            let n = r.text.chars().filter(|&c| c == ' ').count() as f32;
            let w = r.width + n * extra;
            marks.push(Mark::Text {
                x,
                y: baseline,
                face: r.face,
                size,
                text: r.text,
                extra,
            });
            x += w;
        }
        out.push(Slice {
            height: line_h,
            marks,
        });
    }
    if st.after > 0.0 {
        out.push(Slice {
            height: st.after,
            marks: Vec::new(),
        });
    }
    Ok(out)
}

/// Joins neighbouring runs of the same face so that a line is a few text operations.
fn merge_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs {
        match out.last_mut() {
            Some(last) if last.face == r.face => {
                last.text.push_str(&r.text);
                last.width += r.width;
            }
            _ => out.push(r),
        }
    }
    out
}

/// The marks of a paragraph laid out `width` wide with its top-left corner at (x, y).
pub fn place_at(p: &Para, x: f32, y: f32, width: f32) -> Result<Vec<Mark>, LayoutError> {
    let mut marks = Vec::new();
    let mut top = y;
    for s in lay_para(p, width)? {
        marks.extend(s.marks.iter().map(|m| m.shifted(x, top)));
        top += s.height;
    }
    Ok(marks)
}

/// The natural width of a one-line text.
pub fn text_width(text: &str, face: Face, size: f32) -> Result<f32, LayoutError> {
    super::font::width(text, face, size).map_err(|MissingGlyph(ch)| LayoutError {
        ch,
        context: text.to_string(),
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Relative column widths.
    pub columns: Vec<f32>,
    /// How many leading rows are headers, repeated at the top of each page.
    pub header_rows: usize,
    pub rows: Vec<Vec<Vec<Para>>>,
    pub padding: f32,
    pub border: f32,
    /// Rows that head the rows after them (a phase, a case): never last on a page.
    pub keep_with_next: Vec<usize>,
}

/// A table row laid out: each cell's slices, and the row's height.
struct LaidRow {
    cells: Vec<Vec<Slice>>,
    height: f32,
}

fn lay_row(row: &[Vec<Para>], widths: &[f32], pad: f32) -> Result<LaidRow, LayoutError> {
    let mut cells = Vec::with_capacity(widths.len());
    let mut height: f32 = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let mut slices = Vec::new();
        for p in row.get(i).map(Vec::as_slice).unwrap_or_default() {
            slices.extend(lay_para(p, w - 2.0 * pad)?);
        }
        height = height.max(slices.iter().map(|s| s.height).sum());
        cells.push(slices);
    }
    Ok(LaidRow {
        cells,
        height: height + 2.0 * pad,
    })
}

/// Page size and margins, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl PageSetup {
    pub fn a4(top_mm: f32, bottom_mm: f32, left_mm: f32, right_mm: f32) -> PageSetup {
        PageSetup {
            width: 210.0 * MM,
            height: 297.0 * MM,
            top: top_mm * MM,
            bottom: bottom_mm * MM,
            left: left_mm * MM,
            right: right_mm * MM,
        }
    }
    pub fn body_width(&self) -> f32 {
        self.width - self.left - self.right
    }
}

/// A laid-out page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub marks: Vec<Mark>,
}

/// Fills pages top to bottom.
pub struct Flow {
    pub setup: PageSetup,
    pub pages: Vec<Page>,
    /// Distance from the top of the page to where the next block starts.
    pub y: f32,
    /// Blocks held back by `keep_with_next`, placed with the next block.
    kept: Vec<Slice>,
}

impl Flow {
    pub fn new(setup: PageSetup) -> Flow {
        Flow {
            setup,
            pages: vec![Page::default()],
            y: setup.top,
            kept: Vec::new(),
        }
    }

    fn bottom(&self) -> f32 {
        self.setup.height - self.setup.bottom
    }

    pub fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.setup.top;
    }

    fn page(&mut self) -> &mut Page {
        // `pages` always has at least the first page.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Draws marks given relative to (x, y) on the current page, without moving the flow.
    pub fn draw(&mut self, x: f32, y: f32, marks: &[Mark]) {
        let page = self.page();
        page.marks.extend(marks.iter().map(|m| m.shifted(x, y)));
    }

    /// Places slices in order, moving to a new page when the next one does not fit.
    /// Leading gaps are dropped at the top of a page.
    fn place(&mut self, slices: Vec<Slice>) {
        let x = self.setup.left;
        for s in slices {
            let is_gap = s.marks.is_empty();
            if s.height > self.remaining() + 0.01 {
                if is_gap {
                    self.y = self.bottom();
                    continue;
                }
                self.new_page();
            }
            if is_gap && self.y <= self.setup.top + 0.01 && self.pages.len() > 1 {
                continue;
            }
            self.draw(x, self.y, &s.marks);
            self.y += s.height;
        }
    }

    pub fn para(&mut self, p: &Para) -> Result<(), LayoutError> {
        let slices = lay_para(p, self.setup.body_width())?;
        if p.style.keep_with_next {
            self.kept.extend(slices);
            return Ok(());
        }
        self.place_with_kept(slices);
        Ok(())
    }

    /// Places the held-back heading with at least the first two lines of what follows.
    fn place_with_kept(&mut self, slices: Vec<Slice>) {
        if !self.kept.is_empty() {
            let kept = std::mem::take(&mut self.kept);
            let need: f32 = kept.iter().map(|s| s.height).sum::<f32>()
                + slices.iter().take(3).map(|s| s.height).sum::<f32>();
            if need > self.remaining() && need < self.bottom() - self.setup.top {
                self.new_page();
            }
            self.place(kept);
        }
        self.place(slices);
    }

    pub fn space(&mut self, height: f32) {
        self.place_with_kept(vec![Slice {
            height,
            marks: Vec::new(),
        }]);
    }

    /// Sets the paragraphs at a fixed place of the current page (the header of a decision),
    /// without moving the flow; returns the height used.
    pub fn fixed(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        paras: &[Para],
    ) -> Result<f32, LayoutError> {
        let mut h = 0.0;
        for p in paras {
            for s in lay_para(p, width)? {
                self.draw(x, y + h, &s.marks);
                h += s.height;
            }
        }
        Ok(h)
    }

    pub fn table(&mut self, t: &Table) -> Result<(), LayoutError> {
        let body = self.setup.body_width();
        let widths: Vec<f32> = if t.columns.is_empty() {
            auto_columns(t, body)?
        } else {
            let total: f32 = t.columns.iter().sum::<f32>().max(f32::EPSILON);
            t.columns.iter().map(|c| c / total * body).collect()
        };
        let mut laid = Vec::with_capacity(t.rows.len());
        for row in &t.rows {
            laid.push(lay_row(row, &widths, t.padding)?);
        }
        let header_h: f32 = laid.iter().take(t.header_rows).map(|r| r.height).sum();
        let full = self.bottom() - self.setup.top;
        // Keep a pending heading with the header and the first row.
        let first_body = laid.get(t.header_rows).map_or(0.0, |r| r.height);
        let kept = std::mem::take(&mut self.kept);
        let kept_h: f32 = kept.iter().map(|s| s.height).sum();
        if kept_h + header_h + first_body.min(full / 3.0) > self.remaining() {
            self.new_page();
        }
        self.place(kept);
        for (i, row) in laid.iter().enumerate() {
            let is_header = i < t.header_rows;
            if t.keep_with_next.contains(&i)
                && let Some(next) = laid.get(i + 1)
                && row.height + next.height.min(full / 3.0) > self.remaining()
                && self.y > self.setup.top + header_h + 0.01
            {
                self.new_page();
                for hr in laid.iter().take(t.header_rows) {
                    self.draw_row(&hr.cells, hr.height, &widths, t);
                }
            }
            let mut parts = vec![row.cells.clone()];
            // A row taller than a whole page (minus the headers) is cut between lines.
            if row.height > full - header_h {
                parts = split_row(row, full - header_h - 2.0 * t.padding);
            }
            for cells in parts {
                let h = cells
                    .iter()
                    .map(|c| c.iter().map(|s| s.height).sum::<f32>())
                    .fold(0.0, f32::max)
                    + 2.0 * t.padding;
                if h > self.remaining() + 0.01 && !is_header {
                    self.new_page();
                    for hr in laid.iter().take(t.header_rows) {
                        self.draw_row(&hr.cells, hr.height, &widths, t);
                    }
                }
                self.draw_row(&cells, h, &widths, t);
            }
        }
        Ok(())
    }

    fn draw_row(&mut self, cells: &[Vec<Slice>], height: f32, widths: &[f32], t: &Table) {
        let top = self.y;
        let mut x = self.setup.left;
        let right = x + widths.iter().sum::<f32>();
        let bw = t.border;
        let mut marks = vec![
            Mark::Line {
                x1: x,
                y1: top,
                x2: right,
                y2: top,
                width: bw,
            },
            Mark::Line {
                x1: x,
                y1: top + height,
                x2: right,
                y2: top + height,
                width: bw,
            },
            Mark::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top + height,
                width: bw,
            },
        ];
        for (cell, w) in cells.iter().zip(widths) {
            let mut y = top + t.padding;
            for s in cell {
                marks.extend(s.marks.iter().map(|m| m.shifted(x + t.padding, y)));
                y += s.height;
            }
            x += w;
            marks.push(Mark::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top + height,
                width: bw,
            });
        }
        self.page().marks.extend(marks);
        self.y += height;
    }

    /// Finishes the pages, calling `decorate` for each with its 1-based number and the total
    /// (running headers, footers, page numbers).
    pub fn finish(
        mut self,
        mut decorate: impl FnMut(usize, usize) -> Result<Vec<Mark>, LayoutError>,
    ) -> Result<Vec<Page>, LayoutError> {
        if !self.kept.is_empty() {
            let kept = std::mem::take(&mut self.kept);
            self.place(kept);
        }
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            page.marks.extend(decorate(i + 1, total)?);
        }
        Ok(self.pages)
    }
}

/// Column widths for a table without given ones, as browsers size automatic tables: a column
/// whose longest text fits in its share gets just that; the others share what is left in
/// proportion to their longest text, never narrower than their longest word.
fn auto_columns(t: &Table, width: f32) -> Result<Vec<f32>, LayoutError> {
    let n = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let pad = 2.0 * t.padding + 0.5;
    let mut min = vec![pad; n];
    let mut max = vec![pad; n];
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate() {
            for p in cell {
                let space = text_width(" ", Face::Regular, p.style.size)?;
                let mut whole: f32 = 0.0;
                for s in &p.spans {
                    for (k, word) in s.text.split(' ').enumerate() {
                        let w = text_width(word, s.face, p.style.size)?;
                        min[i] = min[i].max(w + pad);
                        whole += w + if k > 0 { space } else { 0.0 };
                    }
                }
                max[i] = max[i].max(whole + pad + p.style.left + p.style.first_indent.max(0.0));
            }
        }
    }
    let max_total: f32 = max.iter().sum();
    if max_total <= width {
        // Everything fits on one line: share the slack in proportion to the natural widths.
        return Ok(max.iter().map(|m| m / max_total * width).collect());
    }
    let mut out = vec![0.0; n];
    let mut flexible: Vec<usize> = (0..n).collect();
    let mut remaining = width;
    // Columns that fit in an equal share of what is left take their natural width.
    loop {
        let share = remaining / flexible.len().max(1) as f32;
        let (fit, rest): (Vec<usize>, Vec<usize>) =
            flexible.iter().partition(|&&i| max[i] <= share);
        if fit.is_empty() {
            break;
        }
        for i in fit {
            out[i] = max[i];
            remaining -= max[i];
        }
        flexible = rest;
        if flexible.is_empty() {
            break;
        }
    }
    // The others in proportion to their natural width, but never below their longest word.
    let mut wide = flexible;
    loop {
        let total: f32 = wide.iter().map(|&i| max[i]).sum::<f32>().max(f32::EPSILON);
        let (narrow, rest): (Vec<usize>, Vec<usize>) = wide
            .iter()
            .partition(|&&i| max[i] / total * remaining < min[i]);
        if narrow.is_empty() || rest.is_empty() {
            for &i in &wide {
                out[i] = (max[i] / total * remaining).max(min[i]);
            }
            break;
        }
        for i in narrow {
            out[i] = min[i];
            remaining -= min[i];
        }
        wide = rest;
    }
    // Words too long for the page: scale everything down rather than overflow.
    let sum: f32 = out.iter().sum();
    if sum > width {
        out.iter_mut().for_each(|w| *w *= width / sum);
    }
    Ok(out)
}

/// Cuts a row into parts no taller than `limit`, each cell keeping its lines in order.
fn split_row(row: &LaidRow, limit: f32) -> Vec<Vec<Vec<Slice>>> {
    let mut parts = Vec::new();
    let mut rest: Vec<&[Slice]> = row.cells.iter().map(Vec::as_slice).collect();
    while rest.iter().any(|c| !c.is_empty()) {
        let mut part = Vec::with_capacity(rest.len());
        for cell in rest.iter_mut() {
            let mut h = 0.0;
            let mut n = 0;
            while n < cell.len() && (h + cell[n].height <= limit || n == 0) {
                h += cell[n].height;
                n += 1;
            }
            part.push(cell[..n].to_vec());
            *cell = &cell[n..];
        }
        parts.push(part);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(slices: &[Slice]) -> Vec<String> {
        slices
            .iter()
            .filter(|s| !s.marks.is_empty())
            .map(|s| {
                s.marks
                    .iter()
                    .map(|m| match m {
                        Mark::Text { text, .. } => text.as_str(),
                        Mark::Line { .. } => "",
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn greedy_lines_keep_every_word_and_justify_all_but_the_last() {
        let p = Para::text(
            Style::new(13.0).align(Align::Justify),
            Face::Regular,
            "Quyết định này có hiệu lực kể từ ngày ký và thay thế các quyết định trước đây.",
        );
        let lines = lay_para(&p, 200.0).unwrap();
        let t = texts(&lines);
        assert!(t.len() >= 3, "{t:?}");
        assert_eq!(
            t.join(" "),
            "Quyết định này có hiệu lực kể từ ngày ký và thay thế các quyết định trước đây."
        );
        for (i, s) in lines.iter().enumerate() {
            let Mark::Text {
                x,
                extra,
                text,
                size,
                face,
                ..
            } = &s.marks[0]
            else {
                panic!()
            };
            assert_eq!(*x, 0.0);
            let w =
                text_width(text, *face, *size).unwrap() + extra * text.matches(' ').count() as f32;
            if i + 1 < lines.len() {
                assert!((w - 200.0).abs() < 0.01, "line {i} is {w} wide");
            } else {
                assert_eq!(*extra, 0.0);
            }
        }
    }

    #[test]
    fn bold_runs_inside_a_line_and_centred_lines() {
        let p = Para::new(Style::new(14.0).align(Align::Center))
            .span(Face::Bold, "Điều 1.")
            .span(Face::Regular, " Ban hành");
        let lines = lay_para(&p, 400.0).unwrap();
        assert_eq!(lines.len(), 1);
        let w = text_width("Điều 1.", Face::Bold, 14.0).unwrap()
            + text_width(" Ban hành", Face::Regular, 14.0).unwrap();
        match &lines[0].marks[..] {
            [
                Mark::Text {
                    x,
                    face: Face::Bold,
                    ..
                },
                Mark::Text {
                    face: Face::Regular,
                    ..
                },
            ] => {
                assert!((x - (400.0 - w) / 2.0).abs() < 0.01)
            }
            m => panic!("{m:?}"),
        }
    }

    #[test]
    fn long_words_are_cut_and_line_breaks_kept() {
        let url = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html";
        let p = Para::text(
            Style::new(12.0),
            Face::Regular,
            format!("Xem {url}\nDòng hai"),
        );
        let t = texts(&lay_para(&p, 150.0).unwrap());
        assert!(t.len() >= 4, "{t:?}");
        assert_eq!(t[0], "Xem");
        assert_eq!(t[1..t.len() - 1].concat(), url);
        assert_eq!(t.last().map(String::as_str), Some("Dòng hai"));
        for line in &t {
            assert!(text_width(line, Face::Regular, 12.0).unwrap() <= 150.0 + 0.01);
        }
    }

    #[test]
    fn a_missing_character_is_named() {
        let p = Para::text(Style::new(12.0), Face::Regular, "Ký hiệu 中 lạ");
        let e = lay_para(&p, 300.0).unwrap_err();
        assert_eq!(e.ch, '中');
    }

    #[test]
    fn a_symbol_is_set_in_the_symbols_face_between_text_runs() {
        let p = Para::text(Style::new(12.0), Face::Bold, "☐ Có ☐ Không");
        let faces: Vec<(Face, String)> = lay_para(&p, 300.0)
            .unwrap()
            .iter()
            .flat_map(|s| &s.marks)
            .filter_map(|m| match m {
                Mark::Text { face, text, .. } => Some((*face, text.clone())),
                Mark::Line { .. } => None,
            })
            .collect();
        assert_eq!(
            faces,
            [
                (Face::Symbols, "☐".to_string()),
                (Face::Bold, " Có ".to_string()),
                (Face::Symbols, "☐".to_string()),
                (Face::Bold, " Không".to_string()),
            ]
        );
    }

    #[test]
    fn a_row_kept_with_the_next_is_never_last_on_a_page() {
        let cell = |s: &str| vec![Para::text(Style::new(12.0), Face::Regular, s)];
        let table = |keep: Vec<usize>| {
            let mut rows = vec![vec![cell("TT"), cell("Nội dung")]];
            for i in 0..120 {
                rows.push(vec![cell(&i.to_string()), cell("Một dòng của bảng")]);
            }
            Table {
                columns: vec![1.0, 5.0],
                header_rows: 1,
                rows,
                padding: 3.0,
                border: 0.5,
                keep_with_next: keep,
            }
        };
        // The text of the last row on each page.
        let last_rows = |t: &Table| -> Vec<String> {
            let mut flow = Flow::new(PageSetup::a4(20.0, 20.0, 30.0, 15.0));
            flow.table(t).unwrap();
            let pages = flow.finish(|_, _| Ok(Vec::new())).unwrap();
            let last = |p: &Page| {
                p.marks.iter().rev().find_map(|m| match m {
                    Mark::Text { text, .. } if text != "Một dòng của bảng" => {
                        Some(text.clone())
                    }
                    _ => None,
                })
            };
            pages.iter().filter_map(last).collect()
        };
        let plain = last_rows(&table(Vec::new()));
        let first_last: usize = plain[0].parse().unwrap();
        // Row `first_last` (its index in the table is one more, after the header) heads the next.
        let kept = last_rows(&table(vec![first_last + 1]));
        assert_eq!(kept[0], (first_last - 1).to_string(), "{plain:?} {kept:?}");
    }

    #[test]
    fn table_headers_repeat_on_every_page() {
        let cell = |s: &str| vec![Para::text(Style::new(12.0), Face::Regular, s)];
        let mut rows = vec![vec![cell("TT"), cell("Nội dung")]];
        for i in 0..120 {
            rows.push(vec![cell(&i.to_string()), cell("Một dòng của bảng")]);
        }
        let t = Table {
            columns: vec![1.0, 5.0],
            header_rows: 1,
            rows,
            padding: 3.0,
            border: 0.5,
            keep_with_next: Vec::new(),
        };
        let mut flow = Flow::new(PageSetup::a4(20.0, 20.0, 30.0, 15.0));
        flow.table(&t).unwrap();
        let pages = flow.finish(|_, _| Ok(Vec::new())).unwrap();
        assert!(pages.len() >= 3);
        for p in &pages {
            let first = p.marks.iter().find_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first, Some("TT"));
        }
    }
}
