//! Laid-out pages to PDF bytes: content streams, subset Type 0 fonts (Identity-H, with a
//! ToUnicode map so that copied or extracted text is the source text), an optional empty
//! signature field where the signer's block is, and document metadata.

use super::embed::{FontUse, Sink, deflate};
use super::font::{Face, font};
use super::layout::{Mark, Page, PageSetup};
use pdf_writer::types::{AnnotationFlags, FieldType};
use pdf_writer::{Chunk, Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// Document-level information.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// (year, month, day): the document's own date, so that the same input gives the same bytes.
    pub date: Option<(u16, u8, u8)>,
}

/// An empty signature field, for `qmsdoc sign` to fill in: `rect` in points from the
/// top-left of the page, as (x, y, width, height).
#[derive(Clone, Debug)]
pub struct SignatureField {
    pub name: String,
    pub page: usize,
    pub rect: (f32, f32, f32, f32),
}

/// A whole PDF being written: objects go into it in any order.
struct Whole<'a> {
    pdf: &'a mut Pdf,
    ids: &'a mut Ref,
}

impl Sink for Whole<'_> {
    fn alloc(&mut self) -> Ref {
        self.ids.bump()
    }
    fn object(&mut self, _: Ref) -> &mut Chunk {
        self.pdf
    }
}

pub fn write(
    pages: &[Page],
    setup: &PageSetup,
    meta: &Meta,
    signature: Option<&SignatureField>,
) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new();
    let mut ids = Ref::new(1);
    let catalog_id = ids.bump();
    let tree_id = ids.bump();
    let info_id = ids.bump();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (ids.bump(), ids.bump())).collect();
    let field_id = signature.map(|_| ids.bump());
    // Allocated on first use, so that a face no page uses leaves no hole in the file.
    let mut font_ids: [Option<Ref>; Face::ALL.len()] = [None; Face::ALL.len()];

    let mut uses: [FontUse; Face::ALL.len()] = Default::default();
    let (h, w) = (setup.height, setup.width);

    for (i, page) in pages.iter().enumerate() {
        let mut c = Content::new();
        let mut used = [false; Face::ALL.len()];
        let mut lines = false;
        for m in &page.marks {
            if let Mark::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } = m
            {
                if !lines {
                    c.save_state();
                    lines = true;
                }
                c.set_line_width(*width);
                c.move_to(*x1, h - y1);
                c.line_to(*x2, h - y2);
                c.stroke();
            }
        }
        if lines {
            c.restore_state();
        }
        for m in &page.marks {
            let Mark::Text {
                x,
                y,
                face,
                size,
                text,
                extra,
            } = m
            else {
                continue;
            };
            used[face.index()] = true;
            let u = &mut uses[face.index()];
            let f = font(*face);
            c.begin_text();
            c.set_font(Name(face_name(*face).as_bytes()), *size);
            c.next_line(*x, h - y);
            {
                let mut shown = c.show_positioned();
                let mut items = shown.items();
                let mut buf: Vec<u8> = Vec::with_capacity(text.len() * 2);
                let adjust = -extra * 1000.0 / size;
                for ch in text.chars() {
                    let gid = f.glyph(ch).map_err(|e| format!("U+{:04X}", e.0 as u32))?.0;
                    let new = u.glyph(gid, ch);
                    buf.extend_from_slice(&new.to_be_bytes());
                    if ch == ' ' && *extra != 0.0 {
                        items.show(Str(&buf));
                        items.adjust(adjust);
                        buf.clear();
                    }
                }
                if !buf.is_empty() {
                    items.show(Str(&buf));
                }
            }
            c.end_text();
        }
        let (page_id, content_id) = page_ids[i];
        let data = deflate(&c.finish());
        pdf.stream(content_id, &data).filter(Filter::FlateDecode);
        let mut p = pdf.page(page_id);
        p.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, w, h))
            .contents(content_id);
        {
            let mut res = p.resources();
            let mut fonts = res.fonts();
            for face in Face::ALL {
                if used[face.index()] {
                    let id = *font_ids[face.index()].get_or_insert_with(|| ids.bump());
                    fonts.pair(Name(face_name(face).as_bytes()), id);
                }
            }
        }
        if let (Some(sig), Some(fid)) = (signature, field_id)
            && sig.page == i
        {
            p.annotations([fid]);
        }
        p.finish();
    }

    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|p| p.0))
        .count(pages.len() as i32);

    for face in Face::ALL {
        if let Some(id) = font_ids[face.index()] {
            let mut sink = Whole {
                pdf: &mut pdf,
                ids: &mut ids,
            };
            uses[face.index()].write(&mut sink, id, face)?;
        }
    }

    if let (Some(sig), Some(fid)) = (signature, field_id) {
        let (x, y, fw, fh) = sig.rect;
        let page = page_ids.get(sig.page).map(|p| p.0);
        let mut field = pdf.form_field(fid);
        field
            .field_type(FieldType::Signature)
            .partial_name(TextStr(&sig.name));
        let mut annot = field.into_annotation();
        annot
            .rect(Rect::new(x, h - y - fh, x + fw, h - y))
            .flags(AnnotationFlags::PRINT);
        if let Some(page) = page {
            annot.page(page);
        }
        annot.finish();
    }

    let mut cat = pdf.catalog(catalog_id);
    cat.pages(tree_id).lang(TextStr("vi"));
    cat.viewer_preferences().display_doc_title(true);
    if let Some(fid) = field_id {
        cat.form().fields([fid]);
    }
    cat.finish();

    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr(&meta.subject))
        .creator(TextStr("qmsdoc"))
        .producer(TextStr(concat!("qmsdoc ", env!("CARGO_PKG_VERSION"))));
    if let Some((y, m, d)) = meta.date {
        info.creation_date(Date::new(y).month(m).day(d));
    }
    info.finish();
    let id = file_id(meta, pages);
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

fn face_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "R",
        Face::Bold => "B",
        Face::Italic => "I",
        Face::BoldItalic => "BI",
        Face::Symbols => "S",
    }
}

/// A stable document identifier: the same document gives the same bytes.
fn file_id(meta: &Meta, pages: &[Page]) -> Vec<u8> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    meta.title.hash(&mut h);
    meta.date.hash(&mut h);
    pages.len().hash(&mut h);
    let a = Hasher::finish(&h);
    meta.author.hash(&mut h);
    let b = Hasher::finish(&h);
    [a.to_be_bytes(), b.to_be_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{Align, Flow, Para, Style};

    #[test]
    fn a_page_of_vietnamese_text_is_a_small_pdf() {
        let setup = PageSetup::a4(20.0, 20.0, 30.0, 15.0);
        let mut flow = Flow::new(setup);
        let text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; \
                    Ủy ban nhân dân xã Tân Hòa ban hành Hệ thống quản lý chất lượng.";
        for _ in 0..3 {
            flow.para(&Para::text(
                Style::new(14.0).align(Align::Justify).indent(28.0),
                Face::Regular,
                text,
            ))
            .unwrap();
        }
        let pages = flow.finish(|_, _| Ok(Vec::new())).unwrap();
        let bytes = write(&pages, &setup, &Meta::default(), None).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
        if let Ok(dir) = std::env::var("QMSDOC_PDF_OUT") {
            std::fs::write(format!("{dir}/writer-test.pdf"), &bytes).unwrap();
        }
    }
}
