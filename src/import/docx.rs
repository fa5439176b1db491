//! Word (.docx) decisions: a zip holding WordprocessingML. Tables are `w:tbl` / `w:tr` /
//! `w:tc`, merged cells `w:gridSpan` (across) and `w:vMerge` (down); content controls
//! (`w:sdt`) are looked through; soft line breaks (`w:br`) and paragraphs make new lines in a
//! cell; list paragraphs (`w:numPr`) get the number or bullet Word would print.

use super::ReadError;
use super::numbering::Numbering;
use super::table::{RawCell, RawTable, clean_text};
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The most a part of the zip may hold once inflated: a decision of hundreds of tables is a few
/// megabytes; anything far beyond is a zip bomb.
pub(crate) const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The tables of a .docx file, each with the text before it, and the document's whole text.
pub(crate) fn read(bytes: &[u8]) -> Result<(Vec<RawTable>, String), ReadError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError::NotZip)?;
    let xml = part(&mut zip, "word/document.xml")?.ok_or(ReadError::NoDocumentXml)?;
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(n) => Numbering::parse(&n),
        None => Numbering::default(),
    };
    Walker::new(numbering).run(&xml)
}

/// One part of the package as text, refusing one that inflates beyond [`MAX_PART_BYTES`].
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, ReadError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(ReadError::BadZip(name.to_string())),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(ReadError::TooBig(name.to_string()));
    }
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|_| ReadError::BadZip(name.to_string()))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(ReadError::TooBig(name.to_string()));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| ReadError::BadXml(name.to_string()))
}

/// The state of the walk through `word/document.xml`.
struct Walker {
    numbering: Numbering,
    tables: Vec<RawTable>,
    /// Tables being read, innermost last.
    open: Vec<RawTable>,
    heading: String,
    all_text: String,
    cell: Option<RawCell>,
    in_text: bool,
    /// Inside `mc:Fallback`, which repeats what `mc:Choice` already holds.
    fallback: usize,
    /// The paragraph's list numbering (`w:numId`, `w:ilvl`), once its `w:pPr` is read.
    num: (Option<String>, usize),
    para: String,
}

impl Walker {
    fn new(numbering: Numbering) -> Walker {
        Walker {
            numbering,
            tables: Vec::new(),
            open: Vec::new(),
            heading: String::new(),
            all_text: String::new(),
            cell: None,
            in_text: false,
            fallback: 0,
            num: (None, 0),
            para: String::new(),
        }
    }

    fn run(mut self, xml: &str) -> Result<(Vec<RawTable>, String), ReadError> {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            let event = reader
                .read_event()
                .map_err(|_| ReadError::BadXml("word/document.xml".into()))?;
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => self.start(&e, true),
                Event::End(e) => self.end(e.name().0),
                Event::Text(t) if self.in_text && self.fallback == 0 => {
                    self.para.push_str(&t.xml10_content());
                }
                Event::GeneralRef(r) if self.in_text && self.fallback == 0 => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.para.push(c);
                    } else if let Some(c) = super::html::named_entity(&r) {
                        self.para.push_str(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok((self.tables, self.all_text))
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.name().0 {
            "w:tbl" if !empty => {
                if let Some(outer) = self.open.last_mut() {
                    outer.nested = true;
                }
                self.open.push(RawTable {
                    heading: std::mem::take(&mut self.heading),
                    ..RawTable::default()
                });
            }
            "w:tr" if !empty => {
                if let Some(t) = self.open.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            "w:tc" if !empty && self.open.len() == 1 => self.cell = Some(RawCell::new("")),
            "w:gridSpan" => {
                if let (Some(c), Some(v)) = (self.cell.as_mut(), attr(e, "w:val")) {
                    c.colspan = v.parse().unwrap_or(1);
                }
            }
            "w:vMerge" => {
                if let Some(c) = self.cell.as_mut() {
                    c.continues = attr(e, "w:val").is_none_or(|v| v == "continue");
                }
            }
            "w:t" if !empty => self.in_text = true,
            "w:br" | "w:cr" if self.fallback == 0 => self.para.push('\n'),
            "w:tab" if self.fallback == 0 => self.para.push(' '),
            "w:numId" => self.num.0 = attr(e, "w:val"),
            "w:ilvl" => self.num.1 = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
            "mc:Fallback" if !empty => self.fallback += 1,
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "w:t" => self.in_text = false,
            "mc:Fallback" => self.fallback = self.fallback.saturating_sub(1),
            "w:p" => self.end_paragraph(),
            "w:tc" if self.open.len() == 1 => {
                if let (Some(mut c), Some(t)) = (self.cell.take(), self.open.last_mut()) {
                    c.text = clean_text(&c.text);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(c);
                    }
                }
            }
            "w:tbl" => {
                if let Some(t) = self.open.pop()
                    && self.open.is_empty()
                {
                    self.tables.push(t);
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let mut text = std::mem::take(&mut self.para);
        if let (Some(id), level) = std::mem::take(&mut self.num)
            && let Some(marker) = self.numbering.next(&id, level)
            && !text.trim().is_empty()
        {
            text = format!("{marker} {}", text.trim_start());
        }
        self.all_text.push_str(&text);
        self.all_text.push('\n');
        if let Some(c) = self.cell.as_mut() {
            c.text.push_str(&text);
            c.text.push('\n');
        } else if self.open.is_empty() {
            self.heading.push_str(&text);
            self.heading.push('\n');
        }
    }
}

/// The unescaped value of an attribute.
pub(crate) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}
