//! Laid-out pages to PDF bytes: content streams, subset Type 0 fonts (Identity-H, with a
//! ToUnicode map so that copied or extracted text is the source text), an optional empty
//! signature field where the signer's block is, and document metadata.

use super::font::{Face, font};
use super::layout::{Mark, Page, PageSetup};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{
    AnnotationFlags, CidFontType, FieldType, FontFlags, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use std::io::Write;
use subsetter::GlyphRemapper;

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

#[derive(Default)]
struct FontUse {
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows.
    unicode: BTreeMap<u16, char>,
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
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
    let mut font_ids: [Option<Ref>; 4] = [None; 4];

    let mut uses: [FontUse; 4] = Default::default();
    let (h, w) = (setup.height, setup.width);

    for (i, page) in pages.iter().enumerate() {
        let mut c = Content::new();
        let mut used = [false; 4];
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
                    let new = u.remapper.remap(gid);
                    u.unicode.entry(new).or_insert(ch);
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
            write_font(&mut pdf, &mut ids, id, face, &uses[face.index()])?;
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

fn write_font(
    pdf: &mut Pdf,
    ids: &mut Ref,
    type0_id: Ref,
    face: Face,
    u: &FontUse,
) -> Result<(), String> {
    let f = font(face);
    let cid_id = ids.bump();
    let desc_id = ids.bump();
    let file_id = ids.bump();
    let cmap_id = ids.bump();
    let subset = subsetter::subset(f.data(), 0, &u.remapper)
        .map_err(|e| format!("subsetting {}: {e:?}", face.postscript_name()))?;
    // The subset tag (six capitals) is derived from the glyph set, as the PDF spec asks.
    let tag: String = {
        let mut n: u64 = 1469598103934665603;
        for (g, c) in &u.unicode {
            n = (n ^ (u64::from(*g) << 21 | u64::from(*c))).wrapping_mul(1099511628211);
        }
        (0..6)
            .map(|i| char::from(b'A' + ((n >> (i * 5)) % 26) as u8))
            .collect()
    };
    let base = format!("{tag}+{}", face.postscript_name());

    pdf.type0_font(type0_id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let widths: Vec<f32> = u
        .remapper
        .remapped_gids()
        .map(|old| f.advance_of(old))
        .collect();
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(desc_id)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
    if matches!(face, Face::Italic | Face::BoldItalic) {
        flags |= FontFlags::ITALIC;
    }
    let [x0, y0, x1, y1] = f.bbox;
    pdf.font_descriptor(desc_id)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(f.italic_angle)
        .ascent(f.ascender)
        .descent(f.descender)
        .cap_height(f.cap_height)
        .stem_v(if matches!(face, Face::Bold | Face::BoldItalic) {
            140.0
        } else {
            80.0
        })
        .font_file2(file_id);

    let data = deflate(&subset);
    pdf.stream(file_id, &data)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut cmap = UnicodeCmap::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (g, c) in &u.unicode {
        cmap.pair(*g, *c);
    }
    let cmap = deflate(&cmap.finish());
    pdf.cmap(cmap_id, &cmap).filter(Filter::FlateDecode);
    Ok(())
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
