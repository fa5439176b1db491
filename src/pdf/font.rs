//! The embedded Times-metric font (Liberation Serif 2, OFL, see fonts/LICENSE-OFL.txt) in its
//! four faces: glyph lookup and text measurement. Liberation Serif 2 has every precomposed
//! Vietnamese letter, so NFC text needs no shaping: one character, one glyph. Symbols it lacks
//! (☐ ✓ ✔ ⇒ of forms) come from a fifth face, a subset of DejaVu Sans
//! (fonts/LICENSE-DejaVu.txt), whatever the face of the text around them ([`resolve`]).

use std::sync::OnceLock;
use ttf_parser::GlyphId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    /// The fallback for symbols the text faces lack.
    Symbols,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Symbols,
    ];
    /// The faces text is set in (the symbols face only stands in for them).
    pub const TEXT: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
            Face::Symbols => Face::Symbols,
        }
    }

    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
            Face::Symbols => Face::Symbols,
        }
    }

    fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
            Face::Bold => include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
            Face::Italic => include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
            Face::Symbols => include_bytes!("../../fonts/DejaVuSans-Symbols.ttf"),
        }
    }

    /// The PostScript name, prefixed in the PDF with the subset tag.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSerif",
            Face::Bold => "LiberationSerif-Bold",
            Face::Italic => "LiberationSerif-Italic",
            Face::BoldItalic => "LiberationSerif-BoldItalic",
            Face::Symbols => "DejaVuSans",
        }
    }
}

/// Characters below this code point are looked up once, when the font is first used; the
/// Vietnamese letters (up to U+1EF9) and general punctuation are all below it.
const TABLE_END: u32 = 0x2100;

/// A character the font has no glyph for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingGlyph(pub char);

pub struct Font {
    pub face: Face,
    parsed: ttf_parser::Face<'static>,
    /// Glyph id and advance (in 1/1000 em) per character below `TABLE_END`, looked up on its
    /// first use (a signature's appearance needs a few dozen of them); gid 0 = missing.
    table: Vec<OnceLock<(u16, f32)>>,
    scale: f32,
    pub ascender: f32,
    pub descender: f32,
    pub cap_height: f32,
    pub italic_angle: f32,
    pub bbox: [f32; 4],
}

impl Font {
    fn load(face: Face) -> Font {
        // The fonts are compiled in and checked by the tests: failing to parse them is a
        // build defect, not bad user input.
        let parsed = ttf_parser::Face::parse(face.data(), 0).expect("embedded font parses");
        let scale = 1000.0 / f32::from(parsed.units_per_em());
        let mut font = Font {
            face,
            table: Vec::new(),
            scale,
            ascender: f32::from(parsed.ascender()) * scale,
            descender: f32::from(parsed.descender()) * scale,
            cap_height: parsed
                .capital_height()
                .map_or(660.0, |h| f32::from(h) * scale),
            italic_angle: parsed.italic_angle(),
            bbox: {
                let b = parsed.global_bounding_box();
                [
                    f32::from(b.x_min) * scale,
                    f32::from(b.y_min) * scale,
                    f32::from(b.x_max) * scale,
                    f32::from(b.y_max) * scale,
                ]
            },
            parsed,
        };
        font.table = (0..TABLE_END).map(|_| OnceLock::new()).collect();
        font
    }

    fn lookup(&self, c: char) -> Option<(u16, f32)> {
        let gid = self.parsed.glyph_index(c)?;
        Some((gid.0, self.advance_of(gid.0)))
    }

    /// Advance width of a glyph, in 1/1000 em.
    pub fn advance_of(&self, gid: u16) -> f32 {
        self.parsed
            .glyph_hor_advance(GlyphId(gid))
            .map_or(0.0, |a| f32::from(a) * self.scale)
    }

    /// Glyph id and advance (1/1000 em) of a character.
    pub fn glyph(&self, c: char) -> Result<(u16, f32), MissingGlyph> {
        let found = match self.table.get(c as usize) {
            Some(cell) => {
                let &(gid, adv) = cell.get_or_init(|| self.lookup(c).unwrap_or((0, 0.0)));
                (gid != 0).then_some((gid, adv))
            }
            None => self.lookup(c),
        };
        found.ok_or(MissingGlyph(c))
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> Result<f32, MissingGlyph> {
        let mut units = 0.0;
        for c in text.chars() {
            units += self.glyph(c)?.1;
        }
        Ok(units * size / 1000.0)
    }

    pub fn data(&self) -> &'static [u8] {
        self.face.data()
    }
}

/// The font of a face, loaded on first use and shared by every thread.
pub fn font(face: Face) -> &'static Font {
    static FONTS: OnceLock<[Font; 5]> = OnceLock::new();
    &FONTS.get_or_init(|| Face::ALL.map(Font::load))[face.index()]
}

/// The face that shows `c` in text set in `face` (the face itself, else the symbols face), with
/// the glyph id and advance (1/1000 em).
pub fn resolve(face: Face, c: char) -> Result<(Face, u16, f32), MissingGlyph> {
    match font(face).glyph(c) {
        Ok((gid, adv)) => Ok((face, gid, adv)),
        Err(e) => match font(Face::Symbols).glyph(c) {
            Ok((gid, adv)) => Ok((Face::Symbols, gid, adv)),
            Err(_) => Err(e),
        },
    }
}

/// Width of `text` in `face`, symbols from the symbols face, at `size` points.
pub fn width(text: &str, face: Face, size: f32) -> Result<f32, MissingGlyph> {
    let mut units = 0.0;
    for c in text.chars() {
        units += resolve(face, c)?.2;
    }
    Ok(units * size / 1000.0)
}

/// The first character of `text` that neither `face` nor the symbols face can show, if any.
pub fn first_missing(text: &str, face: Face) -> Option<char> {
    text.chars()
        .filter(|c| !c.is_control())
        .find(|&c| resolve(face, c).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_has_a_glyph_in_every_face() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ\
                       pqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let all: String = letters
            .chars()
            .flat_map(|c| std::iter::once(c).chain(c.to_uppercase()))
            .collect();
        for face in Face::TEXT {
            assert_eq!(first_missing(&all, face), None, "{face:?}");
        }
    }

    #[test]
    fn times_metrics_and_missing_glyphs() {
        let f = font(Face::Regular);
        // Times New Roman: "a" is 444/1000 em, space 250/1000.
        assert_eq!(f.glyph('a').map(|g| g.1.round()), Ok(444.0));
        assert_eq!(f.width(" ", 10.0), Ok(2.5));
        assert_eq!(f.glyph('\u{4E2D}'), Err(MissingGlyph('\u{4E2D}')));
        assert_eq!(first_missing("Số 01 😀", Face::Bold), Some('😀'));
    }

    #[test]
    fn symbols_of_forms_come_from_the_symbols_face() {
        for face in Face::TEXT {
            for c in ['☐', '☑', '☒', '✓', '✔', '⇒'] {
                assert_eq!(
                    resolve(face, c).map(|r| r.0),
                    Ok(Face::Symbols),
                    "{c} {face:?}"
                );
            }
            assert_eq!(resolve(face, 'ấ').map(|r| r.0), Ok(face));
            assert_eq!(first_missing("☐ Có ☐ Không ✓ ✔ ⇒", face), None);
        }
    }
}
