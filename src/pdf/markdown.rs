//! Markdown bodies to layout blocks: headings, paragraphs with bold and italic runs, bullet and
//! numbered lists, tables and block quotes. What a printed administrative document has no use
//! for (images, raw HTML, code blocks' highlighting) is set as plain text.

use super::font::Face;
use super::layout::{Align, Para, Style, Table};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
    /// A level-1 or level-2 heading, kept apart so that callers can treat them specially.
    Heading(u8, Para),
}

/// How body text is set.
#[derive(Clone, Debug)]
pub struct BodyStyle {
    pub size: f32,
    pub table_size: f32,
    pub first_indent: f32,
    pub para_after: f32,
    pub leading: f32,
}

struct Builder<'s> {
    st: &'s BodyStyle,
    out: Vec<Block>,
    para: Option<Para>,
    faces: Vec<Face>,
    lists: Vec<Option<u64>>,
    quote: usize,
    heading: Option<u8>,
    table: Option<Table>,
    row: Vec<Vec<Para>>,
    in_head: bool,
    /// Column alignments of the table being read.
    aligns: Vec<Align>,
    /// The marker of a list item, taken by the item's first paragraph.
    marker: Option<String>,
}

impl Builder<'_> {
    fn face(&self) -> Face {
        self.faces.last().copied().unwrap_or(Face::Regular)
    }

    fn text(&mut self, s: &str) {
        let face = self.face();
        if self.para.is_none() {
            let marker = self.marker.take();
            self.start_para(marker);
        }
        if let Some(p) = self.para.as_mut() {
            match p.spans.last_mut() {
                Some(last) if last.face == face => last.text.push_str(s),
                _ => p.spans.push(super::layout::Span::new(s, face)),
            }
        }
    }

    fn body_style(&self) -> Style {
        let indent = self.lists.len() as f32 * 18.0 + self.quote as f32 * 18.0;
        Style::new(if self.table.is_some() {
            self.st.table_size
        } else {
            self.st.size
        })
        .leading(self.st.leading)
        .align(if self.table.is_some() {
            Align::Left
        } else {
            Align::Justify
        })
        .margins(indent, 0.0)
        .indent(if indent > 0.0 || self.table.is_some() {
            0.0
        } else {
            self.st.first_indent
        })
        .space(
            0.0,
            if self.table.is_some() {
                0.0
            } else {
                self.st.para_after
            },
        )
    }

    /// Starts a paragraph; a list item's first paragraph starts with its marker, hanging.
    fn start_para(&mut self, marker: Option<String>) {
        let mut style = self.body_style();
        let mut p = Para::new(style.clone());
        if let Some(m) = marker {
            let w = super::layout::text_width(&m, Face::Regular, style.size).unwrap_or(0.0);
            let hang = w.max(14.0);
            style.first_indent = -hang;
            style.left += hang;
            p.style = style;
            p.spans.push(super::layout::Span::new(m, Face::Regular));
        }
        self.para = Some(p);
    }

    fn end_para(&mut self) {
        let Some(mut p) = self.para.take() else {
            return;
        };
        // Trailing spaces would be justified into the margin; markers alone are dropped.
        if let Some(last) = p.spans.last_mut() {
            let t = last.text.trim_end().len();
            last.text.truncate(t);
        }
        if p.plain_text().trim().is_empty() {
            return;
        }
        if let Some(level) = self.heading {
            p.style = heading_style(level, self.st);
            for s in &mut p.spans {
                s.face = match level {
                    1 | 2 => s.face.bold(),
                    _ => s.face.bold().italic(),
                };
            }
            if level <= 2 {
                self.out.push(Block::Heading(level, p));
            } else {
                self.out.push(Block::Para(p));
            }
        } else if self.table.is_some() {
            if let Some(cell) = self.row.last_mut() {
                if self.in_head {
                    for s in &mut p.spans {
                        s.face = s.face.bold();
                    }
                }
                cell.push(p);
            }
        } else {
            self.out.push(Block::Para(p));
        }
    }
}

fn heading_style(level: u8, st: &BodyStyle) -> Style {
    let s = Style::new(st.size).leading(st.leading).keep();
    match level {
        1 => s.align(Align::Center).space(6.0, 6.0),
        2 => s.space(6.0, 3.0),
        _ => s.space(3.0, 3.0),
    }
}

pub fn blocks(markdown: &str, st: &BodyStyle) -> Vec<Block> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        st,
        out: Vec::new(),
        para: None,
        faces: Vec::new(),
        lists: Vec::new(),
        quote: 0,
        heading: None,
        table: None,
        row: Vec::new(),
        in_head: false,
        marker: None,
        aligns: Vec::new(),
    };
    let mut in_comment = false;
    for ev in Parser::new_ext(markdown, opts) {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    b.end_para();
                    let marker = b.marker.take();
                    b.start_para(marker);
                }
                Tag::Heading { level, .. } => {
                    b.end_para();
                    b.heading = Some(match level {
                        HeadingLevel::H1 => 1,
                        HeadingLevel::H2 => 2,
                        _ => 3,
                    });
                    b.start_para(None);
                }
                Tag::Emphasis => b.faces.push(b.face().italic()),
                Tag::Strong => b.faces.push(b.face().bold()),
                Tag::List(start) => {
                    b.end_para();
                    b.lists.push(start);
                }
                Tag::Item => {
                    b.end_para();
                    let marker = match b.lists.last_mut() {
                        Some(Some(n)) => {
                            let m = format!("{n}. ");
                            *n += 1;
                            m
                        }
                        _ => "- ".to_string(),
                    };
                    b.marker = Some(marker);
                }
                Tag::BlockQuote(_) => {
                    b.end_para();
                    b.quote += 1;
                }
                Tag::Table(aligns) => {
                    b.end_para();
                    b.aligns = aligns
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::Center => Align::Center,
                            pulldown_cmark::Alignment::Right => Align::Right,
                            _ => Align::Left,
                        })
                        .collect();
                    b.table = Some(Table {
                        columns: Vec::new(),
                        header_rows: 0,
                        rows: Vec::new(),
                        padding: 3.0,
                        border: 0.5,
                        keep_with_next: Vec::new(),
                    });
                }
                Tag::TableHead => {
                    b.in_head = true;
                    b.row = Vec::new();
                }
                Tag::TableRow => b.row = Vec::new(),
                Tag::TableCell => {
                    b.row.push(Vec::new());
                    b.start_para(None);
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => b.end_para(),
                TagEnd::Heading(_) => {
                    b.end_para();
                    b.heading = None;
                }
                TagEnd::Emphasis | TagEnd::Strong => {
                    b.faces.pop();
                }
                TagEnd::List(_) => {
                    b.end_para();
                    b.lists.pop();
                }
                TagEnd::Item => b.end_para(),
                TagEnd::BlockQuote(_) => {
                    b.end_para();
                    b.quote = b.quote.saturating_sub(1);
                }
                TagEnd::TableCell => b.end_para(),
                TagEnd::TableHead | TagEnd::TableRow => {
                    let row = std::mem::take(&mut b.row);
                    if let Some(t) = b.table.as_mut() {
                        let mut row = row;
                        for (cell, align) in row.iter_mut().zip(&b.aligns) {
                            for p in cell.iter_mut() {
                                p.style.align = if b.in_head { Align::Center } else { *align };
                            }
                        }
                        t.rows.push(row);
                        if b.in_head {
                            t.header_rows = 1;
                        }
                    }
                    b.in_head = false;
                }
                TagEnd::Table => {
                    if let Some(t) = b.table.take() {
                        b.out.push(Block::Table(t));
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => b.text(&t),
            Event::Html(t) | Event::InlineHtml(t) => {
                // Comments are notes for the author (`<!-- … -->`): never printed.
                if in_comment || t.trim_start().starts_with("<!--") {
                    in_comment = !t.contains("-->");
                } else {
                    b.text(t.trim_end_matches('\n'));
                }
            }
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.text("\n"),
            Event::Rule | Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
            _ => {}
        }
    }
    b.end_para();
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st() -> BodyStyle {
        BodyStyle {
            size: 13.0,
            table_size: 12.0,
            first_indent: 28.0,
            para_after: 6.0,
            leading: 1.2,
        }
    }

    #[test]
    fn paragraphs_runs_lists_and_tables() {
        let md = "## 1. Mục đích\n\n**Điều 1.** Ban hành *kèm theo*.\n\n- Một;\n- Hai.\n\n\
                  1. Thứ nhất\n2. Thứ hai\n\n| TT | Mã |\n|---|---|\n| 1 | BM-01 |\n";
        let b = blocks(md, &st());
        assert!(matches!(&b[0], Block::Heading(2, p) if p.plain_text() == "1. Mục đích"));
        let Block::Para(p) = &b[1] else {
            panic!("{:?}", b[1])
        };
        assert_eq!(p.spans[0].face, Face::Bold);
        assert_eq!(p.spans[0].text, "Điều 1.");
        assert_eq!(p.spans[2].face, Face::Italic);
        let texts: Vec<String> = b[2..6]
            .iter()
            .map(|x| match x {
                Block::Para(p) => p.plain_text(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["- Một;", "- Hai.", "1. Thứ nhất", "2. Thứ hai"]);
        let Block::Table(t) = &b[6] else { panic!() };
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][1][0].plain_text(), "BM-01");
    }
}
