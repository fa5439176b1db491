//! What the text around a table says: the TTHC code and name in its heading ("Quy trình nội bộ
//! giải quyết TTHC: “…” (Mã TTHC: 1.001806)", "1. Thủ tục … - Mã số 3.000527.H61"), the time
//! limit stated before it ("Thời hạn giải quyết: …"), and the number of the decision.

use crate::text::fold_text;

/// A national TTHC code found in a text, and where it starts.
fn codes(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 8 <= b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.';
        if boundary
            && b[i].is_ascii_digit()
            && b[i + 1] == b'.'
            && b[i + 2..i + 8].iter().all(u8::is_ascii_digit)
            && b.get(i + 8).is_none_or(|c| !c.is_ascii_digit())
        {
            let mut end = i + 8;
            // A local suffix: "3.000527.H61".
            if b.get(end) == Some(&b'.') {
                let s = end + 1;
                let mut e = s;
                while e < b.len() && b[e].is_ascii_alphanumeric() {
                    e += 1;
                }
                if e > s && b[s].is_ascii_uppercase() {
                    end = e;
                }
            }
            out.push((i, &text[i..end]));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The part of the text before a table that is its own: from the last annex title ("PHỤ LỤC
/// II …") or title of the procedures' part ("B. QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH" after "A.
/// DANH MỤC …", Hà Tĩnh 3005) on. What comes before belongs to the TTHC list: the first table
/// of the procedures would otherwise take the code of the list's last row.
pub(crate) fn own(heading: &str) -> &str {
    let mut start = 0;
    let mut at = 0;
    let mut after_annex = false;
    for line in heading.split_inclusive('\n') {
        let annex = fold_text(line.trim()).starts_with("phu luc");
        if annex || (procedures_title(line) && !after_annex) {
            start = at;
        }
        if !line.trim().is_empty() {
            after_annex = annex;
        }
        at += line.len();
    }
    &heading[start..]
}

/// A title in capitals that opens the procedures ("B. QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH",
/// "QUY TRÌNH ĐIỆN TỬ …"); a procedure's own heading ("2. Quy trình nội bộ giải quyết TTHC:
/// “…”") is not in capitals.
fn procedures_title(line: &str) -> bool {
    let t = strip_numbering(line.trim().trim_matches(['*', '#', ' ']));
    // A part lettered "A.", "B.".
    let t = match t.split_once(". ") {
        Some((l, rest)) if l.chars().count() == 1 && l.chars().all(char::is_uppercase) => rest,
        _ => t,
    };
    fold_text(t).starts_with("quy trinh ")
        && t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The TTHC code of a text: the last one, the nearest to the table.
pub(crate) fn tthc_code(text: &str) -> Option<String> {
    codes(text).last().map(|(_, c)| c.to_string())
}

/// The name of the TTHC a heading introduces: the quoted name if there is one, else the line
/// holding the code without the code, its label and the heading's numbering.
pub(crate) fn tthc_name(heading: &str) -> Option<String> {
    let lines: Vec<&str> = heading
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = lines
        .iter()
        .rposition(|l| tthc_code(l).is_some())
        .or_else(|| form_title(&lines))
        .or_else(|| lines.len().checked_sub(1))?;
    for i in (0..=at).rev().take(6) {
        if let Some(q) = quoted(lines[i]) {
            return Some(q);
        }
        let name = strip_heading(lines[i]);
        if !name.is_empty() && !is_field_line(&name) {
            return Some(name);
        }
    }
    None
}

/// The title of a procedure written as a form ("1. Công nhận kết quả …" above the rows "1 |
/// KÝ HIỆU QUY TRÌNH | QT.ĐCKS.01", "2 | NỘI DUNG QUY TRÌNH", …, "2.10 | Quy trình xử lý công
/// việc", Hà Tĩnh): the line before the form's first row.
fn form_title(lines: &[&str]) -> Option<usize> {
    let form = lines
        .iter()
        .rposition(|l| fold_text(l) == "ky hieu quy trinh")?;
    (0..form)
        .rev()
        .find(|&i| !lines[i].chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn quoted(line: &str) -> Option<String> {
    let (open, close) = if line.contains('“') {
        ('“', '”')
    } else {
        ('"', '"')
    };
    let s = line.find(open)? + open.len_utf8();
    let e = s + line[s..].find(close)?;
    let q = line[s..e].trim();
    (q.chars().count() > 3).then(|| q.to_string())
}

/// A line that gives a field of the procedure ("Thời hạn giải quyết: …"), not its name.
fn is_field_line(line: &str) -> bool {
    let f = fold_text(line);
    [
        "thoi han",
        "thoi gian",
        "phi",
        "le phi",
        "co quan",
        "linh vuc",
        // The label of the table itself ("2. Trình tự thực hiện") and the dates of the
        // limit ("+ Hẹn lần 2: không quá 04 ngày"), Đồng Tháp 138.
        "trinh tu",
        "hen lan",
    ]
    .iter()
    .any(|w| f.starts_with(w))
}

/// A heading line without its code, the code's label, its numbering and its lead words.
fn strip_heading(line: &str) -> String {
    let mut s = line.to_string();
    if let Some(&(at, _)) = codes(line).last() {
        s.truncate(at);
        // Cut the label before the code: "(Mã TTHC: ", "- Mã số ", "Mã thủ tục: ".
        let f = s.to_lowercase();
        if let Some(i) = f.rfind("mã") {
            s.truncate(i);
        }
    }
    let s = s
        .trim()
        .trim_start_matches(['*', '_', ' '])
        .trim_end_matches(['(', '-', '–', ':', ',', ';', ' ', '*']);
    let s = strip_numbering(strip_article(s));
    let mut s = s.trim();
    for lead in [
        "quy trình nội bộ giải quyết tthc:",
        "quy trình nội bộ giải quyết thủ tục hành chính:",
        "quy trình giải quyết tthc:",
        "tên thủ tục hành chính:",
        "tên thủ tục:",
        "tên tthc:",
    ] {
        if s.to_lowercase().starts_with(lead) {
            s = s[lead.len()..].trim();
        }
    }
    s.trim_matches(|c: char| c == '*' || c == '.' || c.is_whitespace())
        .trim_end_matches([':', ';', ','])
        .to_string()
}

/// Drops the article number of a rules' article titled by its TTHC ("Điều 10. Đăng ký đất
/// đai lần đầu …", Đồng Tháp 138).
fn strip_article(s: &str) -> &str {
    let Some(rest) = s.strip_prefix("Điều ") else {
        return s;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest[digits..].strip_prefix('.') {
        Some(name) if digits > 0 => name.trim_start(),
        _ => s,
    }
}

/// Drops "1.", "2.10.", "a)", "I." at the start of a heading.
pub(crate) fn strip_numbering(s: &str) -> &str {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || "IVXivx".contains(c)))
        .map_or(t.len(), |(i, _)| i);
    let rest = &t[end..];
    if end > 0 && (t[..end].ends_with('.') || rest.starts_with(')')) {
        return rest.trim_start_matches(')').trim_start();
    }
    let mut chars = t.chars();
    if let (Some(c), Some(')')) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        return t[c.len_utf8() + 1..].trim_start();
    }
    t
}

/// The TTHC list of a decision (its first annex, or the codes named anywhere in its text):
/// each code with the name on its line, or on the next line when the code stands alone.
pub(crate) fn code_list(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(code) = tthc_code(l) else { continue };
        let rest = strip_heading(l);
        let name = if fold_text(&rest).split(' ').count() >= 3 {
            rest
        } else {
            [i + 1, i.wrapping_sub(1)]
                .iter()
                .filter_map(|&j| lines.get(j))
                .map(|n| strip_heading(n))
                .find(|n| is_list_name(n))
                .unwrap_or_default()
        };
        if !name.is_empty() {
            out.push((code, name));
        }
    }
    out
}

/// A cell of the TTHC list beside a code standing alone that can be the TTHC's name: the cell
/// after the code, else the one before it ("1 | Bổ nhiệm giám định viên … | 1.013871 | 20 ngày
/// kể từ …", Hà Tĩnh 3005). A time limit or a row number starts with a digit; a name does not.
fn is_list_name(cell: &str) -> bool {
    cell.chars().next().is_some_and(|c| !c.is_ascii_digit())
}

/// The code the list gives for a name: the same words, "Thủ tục" or not.
pub(crate) fn code_for(list: &[(String, String)], name: &str) -> Option<String> {
    let key = |s: &str| {
        let f = fold_text(s);
        f.strip_prefix("thu tuc ").map(str::to_string).unwrap_or(f)
    };
    let want = key(name);
    if want.split(' ').count() < 3 {
        return None;
    }
    let mut hits = list.iter().filter(|(_, n)| key(n) == want);
    let first = hits.next()?;
    hits.all(|(c, _)| *c == first.0).then(|| first.0.clone())
}

/// The entry of the list whose name is closest to `name`, when it is close: four in five of
/// the words of both are shared ("của sĩ quan" for "đối với sĩ quan"), and no other entry is
/// as close. Names this close may still mean different TTHC, so the entry is only shown to a
/// person, never taken.
pub(crate) fn near(list: &[(String, String)], name: &str) -> Option<(String, String)> {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        fold_text(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let want = words(name);
    if want.len() < 4 {
        return None;
    }
    let score = |n: &str| {
        let have = words(n);
        let shared = want.intersection(&have).count();
        shared as f64 / want.union(&have).count().max(1) as f64
    };
    let mut scored: Vec<(f64, &(String, String))> = list.iter().map(|e| (score(&e.1), e)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, e), rest @ ..] if *best >= 0.8 && rest.first().is_none_or(|r| r.0 < *best) => {
            Some((*e).clone())
        }
        _ => None,
    }
}

/// The time limit stated in the text before a table ("Thời hạn giải quyết: 03 ngày làm việc
/// kể từ …"), on the line after the label when the label stands alone.
pub(crate) fn stated_limit(heading: &str) -> Option<String> {
    let lines: Vec<&str> = heading.lines().map(str::trim).collect();
    for (i, l) in lines.iter().enumerate().rev() {
        // Numbering goes before folding, which drops its dot ("1. Thời gian thực hiện: …").
        let f = fold_text(strip_numbering(l.trim_start_matches(['-', '+', '*', ' '])));
        let labelled = [
            "thoi han giai quyet",
            "thoi gian giai quyet",
            "thoi gian thuc hien",
        ]
        .iter()
        .any(|w| f.starts_with(w));
        if !labelled {
            continue;
        }
        let after = l.split_once(':').map(|(_, a)| a.trim()).unwrap_or("");
        let value = if after.is_empty() {
            lines.get(i + 1).copied().unwrap_or("")
        } else {
            after
        };
        let value = clean_value(value);
        if !value.is_empty() && value.chars().any(|c| c.is_ascii_digit()) {
            return Some(value);
        }
    }
    None
}

/// A time text as a total cell or a sentence gives it, without the trailing full stop.
pub(crate) fn clean_value(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', ';', ','])
        .trim()
        .to_string()
}

/// The decision's number and symbol ("2682/QĐ-UBND"): the first in the document.
pub(crate) fn decision_number(text: &str) -> Option<String> {
    let at = text.find("/QĐ-")?;
    let b = text.as_bytes();
    let mut s = at;
    while s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] == b'/') {
        s -= 1;
    }
    let tail = &text[at + "/QĐ-".len()..];
    let e = tail
        .char_indices()
        .find(|&(_, c)| !(c.is_uppercase() || c.is_ascii_digit() || c == '-'))
        .map_or(tail.len(), |(i, _)| i);
    let number = &text[s..at + "/QĐ-".len() + e];
    (s < at && e > 0).then(|| number.trim_end_matches('-').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        let h = "PHỤ LỤC III\n**1. Thủ tục Đăng ký cai nghiện ma túy tự nguyện - Mã số 3.000527.H61**\n- Thời gian giải quyết: 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.";
        assert_eq!(tthc_code(h).as_deref(), Some("3.000527.H61"));
        assert_eq!(
            tthc_name(h).as_deref(),
            Some("Thủ tục Đăng ký cai nghiện ma túy tự nguyện")
        );
        assert_eq!(
            stated_limit(h).as_deref(),
            Some("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")
        );
        let q = "2. Quy trình nội bộ giải quyết TTHC: “Cấp giấy phép khai thác khoáng sản” (Mã TTHC: 1.001806)";
        assert_eq!(tthc_code(q).as_deref(), Some("1.001806"));
        assert_eq!(
            tthc_name(q).as_deref(),
            Some("Cấp giấy phép khai thác khoáng sản")
        );
        let form = "1. Công nhận kết quả thăm dò khoáng sản\n1\nKÝ HIỆU QUY TRÌNH\nQT.ĐCKS.01\n2.10\nQuy trình xử lý công việc";
        assert_eq!(
            tthc_name(form).as_deref(),
            Some("Công nhận kết quả thăm dò khoáng sản")
        );
        let article = "Mục 1. THỦ TỤC HÀNH CHÍNH CẤP TỈNH\nĐiều 10. Đăng ký đất đai lần đầu\n1. Thời gian thực hiện: Không quá 17 ngày làm việc.\n2. Trình tự thực hiện";
        assert_eq!(
            tthc_name(article).as_deref(),
            Some("Đăng ký đất đai lần đầu")
        );
        let sep = "a) Tên thủ tục: Cấp phép\nMã TTHC: 2.002757";
        assert_eq!(tthc_name(sep).as_deref(), Some("Cấp phép"));
        assert_eq!(tthc_code("mục 2.10 và 12.345678"), None);
    }

    /// Đồng Tháp 138: "1. Thời gian thực hiện: …" and "a) Thời gian thực hiện: …" above each
    /// table.
    #[test]
    fn a_numbered_limit_line_states_the_limit() {
        for h in [
            "Điều 10. Đăng ký đất đai lần đầu\n1. Thời gian thực hiện: Không quá 17 ngày làm việc.\n2. Trình tự thực hiện",
            "a) Thời gian thực hiện: Không quá 17 ngày làm việc.\nb) Trình tự thực hiện",
        ] {
            assert_eq!(
                stated_limit(h).as_deref(),
                Some("Không quá 17 ngày làm việc"),
                "{h}"
            );
        }
    }

    #[test]
    fn a_close_name_is_suggested_only_when_it_is_the_one_closest() {
        let list = vec![
            ("2.002767".to_string(), "Thủ tục đăng ký khám bệnh, chữa bệnh của sĩ quan phục viên có đủ 15 năm phục vụ trong Quân đội".to_string()),
            ("2.002755".to_string(), "Thủ tục giải quyết chế độ trợ cấp một lần (đối tượng còn sống)".to_string()),
        ];
        let near = |n: &str| super::near(&list, n).map(|(c, _)| c);
        let name = "Thủ tục đăng ký khám bệnh, chữa bệnh đối với sĩ quan phục viên có đủ 15 năm phục vụ trong Quân đội";
        assert_eq!(near(name).as_deref(), Some("2.002767"));
        assert_eq!(
            near("Thủ tục giải quyết chế độ trợ cấp một lần (đối tượng đã từ trần)"),
            None
        );
        assert_eq!(near("Cấp giấy phép"), None);
        let twice = [list.clone(), list].concat();
        assert_eq!(
            super::near(&twice, name),
            None,
            "two entries as close: none"
        );
    }

    /// Hà Tĩnh 3005: "A. DANH MỤC" lists both TTHC (TT | Tên | Mã | Thời hạn), "B. QUY TRÌNH
    /// NỘI BỘ" the procedures, the first one without a code.
    #[test]
    fn the_list_before_the_procedures_part_is_not_the_first_table_s() {
        let before = "A. DANH MỤC THỦ TỤC HÀNH CHÍNH\n1\nBổ nhiệm giám định viên pháp y\n1.013871\n20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ\n2\nMiễn nhiệm giám định viên pháp y\n1.013876\n10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ\nB. QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH\n1. Bổ nhiệm giám định viên pháp y\n1\nKÝ HIỆU QUY TRÌNH\n";
        let own = own(before);
        assert!(own.starts_with("B. QUY TRÌNH NỘI BỘ"), "{own}");
        assert_eq!(tthc_code(own), None);
        assert_eq!(
            tthc_name(own).as_deref(),
            Some("Bổ nhiệm giám định viên pháp y")
        );
        let list = code_list(before);
        assert_eq!(
            code_for(&list, "Bổ nhiệm giám định viên pháp y").as_deref(),
            Some("1.013871")
        );
        assert_eq!(
            code_for(&list, "Miễn nhiệm giám định viên pháp y").as_deref(),
            Some("1.013876")
        );
        let quoted = "1.013871 Bổ nhiệm\n2. Quy trình nội bộ giải quyết TTHC: “Cấp phép”\n";
        assert_eq!(super::own(quoted), quoted, "not a title in capitals");
    }

    #[test]
    fn a_table_s_heading_starts_at_its_annex_title() {
        let before = "PHỤ LỤC I\nDANH MỤC\n1. Thủ tục A. Mã TTHC: 2.002767\nPHỤ LỤC II\nQUY TRÌNH NỘI BỘ\n1. Thủ tục B\n";
        assert_eq!(own(before), "PHỤ LỤC II\nQUY TRÌNH NỘI BỘ\n1. Thủ tục B\n");
        assert_eq!(tthc_code(own(before)), None);
        assert_eq!(
            own("1. Thủ tục C (Mã TTHC: 1.001806)\n"),
            "1. Thủ tục C (Mã TTHC: 1.001806)\n"
        );
    }

    #[test]
    fn decision() {
        assert_eq!(
            decision_number("Số: 2682/QĐ-UBND\nVĩnh Long").as_deref(),
            Some("2682/QĐ-UBND")
        );
        assert_eq!(
            decision_number("số 138/2025/QĐ-UBND ngày").as_deref(),
            Some("138/2025/QĐ-UBND")
        );
    }
}
