//! Embedding the font in a PDF: text encoded as two-byte glyph ids of a subset, and the
//! Type 0 font (Identity-H, CIDFontType2 subset, widths, ToUnicode map) written once the
//! document's glyphs are known. Used by the renderer and by the signature appearance.

use super::font::{Face, MissingGlyph, font};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Name, Rect, Ref, Str};
use std::collections::BTreeMap;
use std::io::Write;
use subsetter::GlyphRemapper;

pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// Where new objects go: a whole PDF being written, or the objects of an incremental update
/// (which must know where each object starts).
pub trait Sink {
    fn alloc(&mut self) -> Ref;
    /// The chunk to write object `id` into, right now.
    fn object(&mut self, id: Ref) -> &mut Chunk;
}

/// The glyphs of one face a document uses.
#[derive(Default)]
pub struct FontUse {
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows.
    unicode: BTreeMap<u16, char>,
}

impl FontUse {
    /// `text` as two-byte glyph ids of the subset.
    pub fn encode(&mut self, face: Face, text: &str) -> Result<Vec<u8>, MissingGlyph> {
        let f = font(face);
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            out.extend_from_slice(&self.glyph(f.glyph(c)?.0, c).to_be_bytes());
        }
        Ok(out)
    }

    /// The subset's id of glyph `gid`, which shows `c`.
    pub fn glyph(&mut self, gid: u16, c: char) -> u16 {
        let new = self.remapper.remap(gid);
        self.unicode.entry(new).or_insert(c);
        new
    }

    pub fn is_empty(&self) -> bool {
        self.unicode.is_empty()
    }

    /// Writes the font as object `type0` and the objects it needs.
    pub fn write(&self, sink: &mut dyn Sink, type0: Ref, face: Face) -> Result<(), String> {
        let f = font(face);
        let (cid_id, desc_id, file_id, cmap_id) =
            (sink.alloc(), sink.alloc(), sink.alloc(), sink.alloc());
        let subset = subsetter::subset(f.data(), 0, &self.remapper)
            .map_err(|e| format!("subsetting {}: {e:?}", face.postscript_name()))?;
        // The subset tag (six capitals) is derived from the glyph set, as the PDF spec asks.
        let mut n: u64 = 1469598103934665603;
        for (g, c) in &self.unicode {
            n = (n ^ ((u64::from(*g) << 21) | u64::from(*c))).wrapping_mul(1099511628211);
        }
        let tag: String = (0..6)
            .map(|i| char::from(b'A' + ((n >> (i * 5)) % 26) as u8))
            .collect();
        let base = format!("{tag}+{}", face.postscript_name());
        let identity = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        sink.object(type0)
            .type0_font(type0)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);

        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|old| f.advance_of(old))
            .collect();
        let mut cid = sink.object(cid_id).cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(identity)
            .font_descriptor(desc_id)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, widths);
        drop(cid);

        let mut flags = if face == Face::Symbols {
            FontFlags::SYMBOLIC
        } else {
            FontFlags::SERIF | FontFlags::NON_SYMBOLIC
        };
        if matches!(face, Face::Italic | Face::BoldItalic) {
            flags |= FontFlags::ITALIC;
        }
        let [x0, y0, x1, y1] = f.bbox;
        sink.object(desc_id)
            .font_descriptor(desc_id)
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
        sink.object(file_id)
            .stream(file_id, &data)
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
        for (g, c) in &self.unicode {
            cmap.pair(*g, *c);
        }
        let cmap = deflate(&cmap.finish());
        sink.object(cmap_id)
            .cmap(cmap_id, &cmap)
            .filter(Filter::FlateDecode);
        Ok(())
    }
}
