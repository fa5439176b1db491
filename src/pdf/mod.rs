//! PDF rendering: the embedded font, a small layout engine, the writer, and the documents laid
//! out from the model (the publication decision, procedures, the document register).

pub mod decision;
pub mod embed;
pub mod font;
pub mod layout;
pub mod markdown;
pub mod procedure;
pub mod register;
pub mod writer;

use layout::{Align, LayoutError, Mark, Page, PageSetup, Para, Style};
use writer::{Meta, SignatureField};

/// Why a document could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// A character the font lacks.
    Glyph(LayoutError),
    /// The PDF could not be written (the embedded font could not be subset).
    Pdf(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Glyph(e) => e.fmt(f),
            RenderError::Pdf(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<LayoutError> for RenderError {
    fn from(e: LayoutError) -> Self {
        RenderError::Glyph(e)
    }
}

/// A rendered PDF.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Decree 30/2020, Appendix I: A4, top and bottom margins 20–25 mm, left 30–35 mm, right
/// 15–20 mm. The smallest top and bottom and the usual 30/15 left and right.
pub fn setup_decree30() -> PageSetup {
    PageSetup::a4(20.0, 20.0, 30.0, 15.0)
}

/// The page number centred in the top margin, from page 2 (Decree 30/2020, Appendix I).
pub fn page_number(setup: &PageSetup, n: usize, size: f32) -> Result<Vec<Mark>, LayoutError> {
    if n < 2 {
        return Ok(Vec::new());
    }
    let p = Para::text(
        Style::new(size).align(Align::Center),
        font::Face::Regular,
        n.to_string(),
    );
    let y = setup.top / 2.0 - size / 2.0;
    layout::place_at(&p, setup.left, y, setup.body_width())
}

pub(crate) fn finish(
    pages: &[Page],
    setup: &PageSetup,
    meta: &Meta,
    signature: Option<&SignatureField>,
) -> Result<Rendered, RenderError> {
    let bytes = writer::write(pages, setup, meta, signature).map_err(RenderError::Pdf)?;
    Ok(Rendered {
        bytes,
        pages: pages.len(),
    })
}

/// A document that could not be rendered; `offset` is the byte in its text of the character
/// the font lacks, when that is the reason.
#[derive(Debug)]
pub struct DocError {
    pub offset: Option<usize>,
    pub error: RenderError,
}

impl DocError {
    /// The error for a person: the file, line and column of a character the font lacks and
    /// what to do about it, or the file and the error.
    pub fn describe(&self, path: &std::path::Path, text: &str) -> String {
        let shown = crate::source::shown(path);
        match (self.offset, &self.error) {
            (Some(offset), RenderError::Glyph(g)) => {
                let file = crate::source::SourceFile::new(path.to_path_buf(), text.to_string());
                let lc = file.line_col(offset);
                crate::tr!(
                    "{}:{}:{}: các phông chữ kèm theo (Liberation Serif, DejaVu Sans) không có ký tự {:?} (U+{:04X}); thay bằng ký tự khác hoặc bỏ đi",
                    "{}:{}:{}: the bundled fonts (Liberation Serif, DejaVu Sans) have no character {:?} (U+{:04X}); replace or remove it",
                    shown,
                    lc.line,
                    lc.column,
                    g.ch,
                    g.ch as u32
                )
            }
            _ => format!("{shown}: {}", self.error),
        }
    }
}

/// The first character of `text` (at its byte offset) that one of the faces cannot show.
pub fn first_unprintable(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        !c.is_control()
            && c != '\u{FEFF}'
            && font::Face::TEXT
                .iter()
                .any(|&f| font::resolve(f, c).is_err())
    })
}

/// Renders a document of the QMS from its text (the file as it is, or as publish is about
/// to write it): a decision in the Decree 30 layout, anything else as a controlled document.
pub fn render_document(
    config: &crate::model::Config,
    doc: &crate::model::Document,
    text: &str,
) -> Result<Rendered, DocError> {
    if let Some((offset, ch)) = first_unprintable(text) {
        return Err(DocError {
            offset: Some(offset),
            error: RenderError::Glyph(LayoutError {
                ch,
                context: String::new(),
            }),
        });
    }
    let body = match crate::frontmatter::split(text) {
        Ok(s) => &text[s.body.start..s.body.end],
        Err(_) => text,
    };
    let get = |v: &Option<crate::model::Sp<String>>| v.as_ref().map(|s| s.value.clone());
    let a = &config.agency;
    let agency = get(&a.name).unwrap_or_default();
    let wrap = |e: RenderError| DocError {
        offset: None,
        error: e,
    };
    if doc.kind.as_ref().map(|k| k.value) == Some(crate::model::Kind::Decision) {
        let header = decision::Header {
            parent: get(&a.parent),
            agency,
            place: get(&a.place).unwrap_or_default(),
            number: get(&doc.number).unwrap_or_else(|| "…".into()),
            date: doc.effective.as_ref().map(|d| d.value),
            title: get(&doc.title).unwrap_or_default(),
            signer: get(&doc.signed_by)
                .or_else(|| get(&a.head))
                .unwrap_or_default(),
        };
        decision::render(body, &header).map_err(wrap)
    } else {
        procedure::render(doc, body, &procedure::Context { agency }).map_err(wrap)
    }
}
