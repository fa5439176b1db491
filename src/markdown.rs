//! The outline of a Markdown body: the headings that are sections of the framework model, and
//! the number of tables. Other headings are not kept: a large QMS holds thousands of documents
//! in memory at once.

use crate::yaml::Span;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading that names a framework section (index into `model::sections::SECTIONS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionHeading {
    pub section: usize,
    pub level: u8,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<SectionHeading>,
    pub tables: usize,
    /// A heading names the findings of an audit ("Kết quả đánh giá", "Các phát hiện").
    pub findings: bool,
}

/// Parses `body`, which starts at byte `base` of its file.
pub(crate) fn outline(body: &str, base: usize) -> Outline {
    let mut out = Outline::default();
    let mut current: Option<(u8, String, Span)> = None;
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let span = Span::new(base + range.start, base + range.end);
                current = Some((level_number(level), String::new(), span));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((_, text, _)) = &current {
                    out.findings |= crate::model::sections::names_findings(text);
                }
                if let Some((level, text, span)) = current.take()
                    && let Some(section) = crate::model::sections::section_of(&text)
                {
                    out.sections.push(SectionHeading {
                        section,
                        level,
                        span,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Table(_)) => out.tables += 1,
            _ => {}
        }
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_tables() {
        let body = "## 1. Mục đích\ntext\n\n## 2. *Phạm vi*\n\n## Ghi chú\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let o = outline(body, 100);
        assert_eq!(o.sections.len(), 2);
        assert_eq!(o.sections[0].section, 0);
        assert_eq!(o.sections[0].span.start, 100);
        assert_eq!(o.sections[1].section, 1);
        assert_eq!(o.sections[1].level, 2);
        assert_eq!(o.tables, 1);
    }
}
