//! The people of the approval table (soạn thảo, xem xét, phê duyệt): "Họ tên, Chức vụ" or
//! `{ name, title }`. Titles have commas of their own ("Giám đốc Sở Văn hóa, Thể thao và Du
//! lịch"), so a text is only split when what stands before its first comma reads as a name.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub title: String,
}

/// Words that begin a title, not a personal name (lower case, with diacritics: "Trưởng" is a
/// title, "Trương" a family name).
const TITLE_WORDS: &[&str] = &[
    "giám",
    "phó",
    "chủ",
    "trưởng",
    "chánh",
    "công",
    "chuyên",
    "lãnh",
    "cán",
    "bí",
    "kế",
    "văn",
    "ủy",
    "ubnd",
    "hđnd",
    "sở",
    "phòng",
    "ban",
    "bộ",
    "đội",
    "tổ",
    "nhân",
    "quyền",
    "tổng",
    "viên",
    "thủ",
    "head",
    "director",
    "deputy",
    "chairman",
    "officer",
];

impl Person {
    /// Reads "Đặng Thị Mai, Công chức Tư pháp - Hộ tịch" as a name and a title, and
    /// "Giám đốc Sở Văn hóa, Thể thao và Du lịch" as a title alone.
    pub fn from_text(s: &str) -> Person {
        let s = s.trim();
        match s.split_once(',') {
            Some((n, t)) if looks_like_name(n) => Person {
                name: n.trim().to_string(),
                title: t.trim().to_string(),
            },
            _ if looks_like_name(s) => Person {
                name: s.to_string(),
                title: String::new(),
            },
            _ => Person {
                name: String::new(),
                title: s.to_string(),
            },
        }
    }

    pub fn is_blank(&self) -> bool {
        crate::text::is_blank(&self.name) && crate::text::is_blank(&self.title)
    }
}

/// Two to six capitalised words, no digits, not starting with a word of a title.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) {
        return false;
    }
    let first = crate::text::nfc(words[0]).to_lowercase();
    words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !s.contains(|c: char| c.is_ascii_digit() || "-–()/".contains(c))
        && !TITLE_WORDS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, title: &str) -> Person {
        Person {
            name: name.into(),
            title: title.into(),
        }
    }

    #[test]
    fn name_then_title() {
        assert_eq!(
            Person::from_text("Đặng Thị Mai, Công chức Tư pháp - Hộ tịch"),
            p("Đặng Thị Mai", "Công chức Tư pháp - Hộ tịch")
        );
        assert_eq!(Person::from_text("Nguyễn Văn An"), p("Nguyễn Văn An", ""));
    }

    #[test]
    fn a_title_with_commas_is_never_split() {
        assert_eq!(
            Person::from_text("Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
            p("", "Giám đốc Sở Văn hóa, Thể thao và Du lịch")
        );
        assert_eq!(
            Person::from_text("Chủ tịch UBND xã"),
            p("", "Chủ tịch UBND xã")
        );
        assert_eq!(
            Person::from_text("Công chức Tư pháp - Hộ tịch"),
            p("", "Công chức Tư pháp - Hộ tịch")
        );
    }
}
