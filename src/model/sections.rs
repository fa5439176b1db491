//! The sections of a procedure in the national framework model (mô hình khung) of QMS
//! documents, and how a heading is recognised as one of them.

use crate::text::fold_text;

/// The folded words of a heading that holds an audit's findings.
const FINDINGS: &[&str] = &[
    "ket qua danh gia",
    "phat hien",
    "su khong phu hop",
    "diem khong phu hop",
    "findings",
    "nonconformit",
];

/// True when a heading names the findings of an audit ("3. Kết quả đánh giá", "Các phát
/// hiện", "Findings").
pub fn names_findings(heading: &str) -> bool {
    let folded = fold_text(heading);
    FINDINGS.iter().any(|w| folded.contains(w))
}

/// The framework sections, in order: the name shown and the folded prefixes that match it.
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("Mục đích", &["muc dich"]),
    ("Phạm vi", &["pham vi"]),
    (
        "Tài liệu viện dẫn",
        &[
            "tai lieu vien dan",
            "can cu",
            "tai lieu tham chieu",
            "tai lieu lien quan",
        ],
    ),
    (
        "Định nghĩa và từ viết tắt",
        &[
            "dinh nghia",
            "tu viet tat",
            "chu viet tat",
            "viet tat",
            "thuat ngu",
        ],
    ),
    ("Nội dung quy trình", &["noi dung"]),
    ("Biểu mẫu", &["bieu mau"]),
    ("Hồ sơ cần lưu", &["ho so"]),
];

/// Which framework section a heading is, numbering ("5.", "V.") ignored.
pub fn section_of(heading: &str) -> Option<usize> {
    let folded = fold_text(heading);
    let rest = folded
        .split(' ')
        .skip_while(|w| w.chars().all(|c| c.is_ascii_digit()) || is_roman(w))
        .collect::<Vec<_>>()
        .join(" ");
    SECTIONS
        .iter()
        .position(|(_, prefixes)| prefixes.iter().any(|p| rest.starts_with(p)))
}

fn is_roman(w: &str) -> bool {
    matches!(w, "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_map_to_sections() {
        assert_eq!(section_of("1. Mục đích"), Some(0));
        assert_eq!(section_of("II. PHẠM VI ÁP DỤNG"), Some(1));
        assert_eq!(section_of("4. Định nghĩa/viết tắt"), Some(3));
        assert_eq!(section_of("Tài liệu viện dẫn"), Some(2));
        assert_eq!(section_of("7. Hồ sơ cần lưu"), Some(6));
        assert_eq!(section_of("5.2 Thành phần hồ sơ"), None);
        assert_eq!(section_of("Ghi chú"), None);
    }
}
