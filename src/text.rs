//! Text helpers shared by the parser and the rules: Unicode normalization and folding of
//! Vietnamese keys and headings for comparison.

use std::borrow::Cow;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Returns the text in NFC. Files saved on macOS often hold decomposed (NFD) Vietnamese,
/// which looks the same but compares differently.
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    // Decomposed Vietnamese carries combining diacritics U+0300–U+036F, which UTF-8 encodes
    // with a lead byte 0xCC or 0xCD: text without those bytes is left as it is, unscanned.
    if memchr::memchr2(0xCC, 0xCD, s.as_bytes()).is_none()
        || is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Folds a key or heading for lookup: lower case, Vietnamese diacritics removed (đ → d),
/// runs of spaces, hyphens and underscores made one `_`. `"Thời gian"`, `"thoi-gian"` and
/// `"THOI_GIAN"` all fold to `"thoi_gian"`.
pub(crate) fn fold_key(s: &str) -> String {
    if s.is_ascii() {
        return fold_ascii_key(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for c in s.chars() {
        let Some(c) = base_letter(c) else { continue };
        if c.is_whitespace() || c == '-' || c == '_' {
            sep = !out.is_empty();
            continue;
        }
        if sep {
            out.push('_');
            sep = false;
        }
        out.push(c);
    }
    out
}

/// [`fold_key`] for ASCII text, which has no diacritics to remove.
fn fold_ascii_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for b in s.bytes() {
        if b.is_ascii_whitespace() || b == b'-' || b == b'_' {
            sep = !out.is_empty();
            continue;
        }
        if sep {
            out.push('_');
            sep = false;
        }
        out.push(b.to_ascii_lowercase() as char);
    }
    out
}

/// Folds free text for loose comparison (headings, fees): like [`fold_key`] but keeps only
/// letters and digits, separated by single spaces.
pub(crate) fn fold_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let Some(c) = base_letter(c) else { continue };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Vietnamese letters by their base letter, lower case, precomposed (NFC).
const VIETNAMESE: &[(char, &str)] = &[
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
    ('d', "đ"),
];

/// [`VIETNAMESE`] as a `match`, which compiles to a binary search: this runs on every
/// character of every folded text (a test keeps the two the same).
fn vietnamese_base(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        _ => return None,
    })
}

/// The lower-case base letter of a character, diacritics removed; `None` for a combining mark
/// (decomposed text carries its diacritics as separate marks, which are simply dropped).
/// A table instead of Unicode decomposition: this runs on every key of every document.
fn base_letter(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if matches!(c, '\u{0300}'..='\u{036F}') {
        return None;
    }
    // Most letters of Vietnamese text are lower case already: no case mapping for them.
    if let Some(base) = vietnamese_base(c) {
        return Some(base);
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(vietnamese_base(lower).unwrap_or(lower))
}

/// A regular expression (ECMA-262, as JSON Schema uses) for every spelling of a key that
/// [`fold_key`] folds to `folded`: any case, with or without diacritics (composed or not),
/// words joined by `_`, `-` or spaces. `trach_nhiem` matches `trách_nhiệm`, `Trách nhiệm`.
pub(crate) fn key_pattern(folded: &str) -> String {
    let mut p = String::from("^\\s*");
    for c in folded.chars() {
        if c == '_' {
            p.push_str("[\\s_-]+");
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            p.push('\\');
            p.push(c);
            continue;
        }
        let variants = VIETNAMESE
            .iter()
            .find(|(base, _)| *base == c)
            .map_or("", |(_, v)| v);
        p.push('[');
        p.push(c);
        p.push(c.to_ascii_uppercase());
        for v in variants.chars() {
            p.push(v);
            p.extend(v.to_uppercase());
        }
        p.push_str("][\\u0300-\\u036f]*");
    }
    p.push_str("\\s*$");
    p
}

/// True when the text is absent or only whitespace.
pub(crate) fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Text as HTML shows it: `&`, `<`, `>` and quotes escaped.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold_key("Thời gian"), "thoi_gian");
        assert_eq!(fold_key("thoi-gian"), "thoi_gian");
        assert_eq!(fold_key("  Mã  số "), "ma_so");
        assert_eq!(fold_key("ĐIỀU_KHOẢN"), "dieu_khoan");
        assert_eq!(fold_text("1. Định nghĩa/viết tắt"), "1 dinh nghia viet tat");
        assert_eq!(fold_key(" Legal-Basis "), "legal_basis");
        assert_eq!(fold_key("TIME"), "time");
        assert_eq!(
            fold_text("Trách nhiệm, Ủy ban, ĐIỀU KHOẢN, Người"),
            "trach nhiem uy ban dieu khoan nguoi"
        );
        let nfd: String = "Định nghĩa và từ viết tắt".nfd().collect();
        assert_eq!(fold_text(&nfd), "dinh nghia va tu viet tat");
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Đăng ký khai sinh".nfd().collect();
        assert_ne!(nfd, "Đăng ký khai sinh");
        assert_eq!(nfc(&nfd), "Đăng ký khai sinh");
        assert!(matches!(nfc("abc"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_fast_base_letters_are_the_table() {
        let mut n = 0;
        for (base, variants) in VIETNAMESE {
            for v in variants.chars() {
                assert_eq!(vietnamese_base(v), Some(*base), "{v}");
                n += 1;
            }
        }
        assert_eq!(n, 67);
        assert_eq!(vietnamese_base('z'), None);
        assert_eq!(fold_text("TRÁCH NHIỆM Đơn vị"), "trach nhiem don vi");
    }
}
