//! Procedures whose time limit depends on the case ("Trường hợp …"): a row that opens the
//! steps of one case ("I | Trường hợp công nhận … nhóm III"), a total row per case ("Tổng thời
//! gian thực hiện trong trường hợp hồ sơ đầy đủ: | 10 ngày"), and the lines before the table
//! that give each case its limit ("- Trường hợp … nhóm III: 32 ngày làm việc.").

use super::Problem;
use super::heading;
use super::recognise::Procedure;
use super::table::RawTable;
use crate::text::fold_text;

/// A case read from a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Case {
    /// As printed before its steps ("I", "2.1"), else its place from 1.
    pub id: String,
    /// As the source words it, from "Trường hợp" on.
    pub name: String,
    pub time_limit: Option<String>,
    /// 1-based row of the table that opens the case's steps; `None` for a case named in a
    /// total row (whose steps the table does not mark) or above a table of its own.
    pub row: Option<usize>,
}

/// The words after "trường hợp", folded: what tells one case from another.
fn case_words(text: &str) -> Option<String> {
    let f = format!(" {} ", fold_text(text));
    let at = f.find(" truong hop ")?;
    Some(f[at + " truong hop ".len()..].trim().to_string())
}

/// A row that opens the steps of a case: "Trường hợp …", "Đối với trường hợp …", after any
/// numbering ("1. Trường hợp …"). Phase rows name a place or a stage instead ("Tại UBND cấp
/// xã", "Giai đoạn 1", "Quy trình giải quyết tại Sở …").
pub(crate) fn is_case_row(text: &str) -> bool {
    let f = fold_text(heading::strip_numbering(text));
    f.starts_with("truong hop ") || f.starts_with("doi voi truong hop ")
}

/// The id a case row prints in its number cell or before its name ("I.", "1)", "2.1."):
/// without the punctuation around it.
pub(crate) fn case_id(label: &str) -> Option<String> {
    let id = label
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ')' | '(' | ':' | '*') || c.is_whitespace());
    (!id.is_empty() && id.chars().count() <= 8).then(|| id.to_string())
}

/// The numbering before a case's name in the same cell ("1. Trường hợp …" → "1"), and the
/// name without it.
pub(crate) fn split_numbering(text: &str) -> (Option<String>, String) {
    let t = text.trim();
    let name = heading::strip_numbering(t);
    (case_id(&t[..t.len() - name.len()]), name.to_string())
}

/// The case a total row is for: "Tổng thời gian thực hiện trong trường hợp hồ sơ đầy đủ thông
/// tin xác minh:" → "Trường hợp hồ sơ đầy đủ thông tin xác minh" (the label's words from
/// "trường hợp" on, as a case is named).
pub(crate) fn of_total(label: &str) -> Option<String> {
    let at = ["trường hợp", "Trường hợp", "TRƯỜNG HỢP"]
        .iter()
        .filter_map(|w| label.find(w))
        .min()?;
    let rest = label[at + "trường hợp".len()..]
        .trim()
        .trim_end_matches([':', '.', ';', ',', '*'])
        .trim();
    (!rest.is_empty()).then(|| format!("Trường hợp {rest}"))
}

/// The "… trường hợp …: 42 ngày làm việc" lines of a text: each case's words and its limit.
pub(crate) fn stated_limits(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((label, value)) = line.rsplit_once(':') else {
            continue;
        };
        let value = heading::clean_value(value);
        if !value.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(words) = case_words(label).filter(|w| !w.is_empty()) {
            out.push((words, value));
        }
    }
    out
}

/// The limit stated for a case: the line with the same words after "trường hợp", else the
/// one whose words hold the case's (or are held in them); `None` when there is none or the
/// lines that fit give different limits.
pub(crate) fn limit_for(name: &str, stated: &[(String, String)]) -> Option<String> {
    let want = case_words(name).unwrap_or_else(|| fold_text(name));
    let holds = |a: &str, b: &str| format!(" {a} ").contains(&format!(" {b} "));
    let exact: Vec<&String> = stated
        .iter()
        .filter(|(w, _)| *w == want)
        .map(|(_, v)| v)
        .collect();
    let near: Vec<&String> = stated
        .iter()
        .filter(|(w, _)| holds(w, &want) || holds(&want, w))
        .map(|(_, v)| v)
        .collect();
    let fits = if exact.is_empty() { near } else { exact };
    let first = fits.first()?;
    fits.iter()
        .all(|v| fold_text(v) == fold_text(first))
        .then(|| (*first).clone())
}

/// The case a table's heading ends with ("1.2. Đối với trường hợp tuyển chọn Kiến trúc sư
/// trưởng cấp Dự án"): its id as numbered and its name.
fn heading_case(heading: &str) -> Option<(Option<String>, String)> {
    let last = heading.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    is_case_row(last).then(|| split_numbering(last))
}

/// A step table as read, before it is written.
pub(crate) struct Read<'a> {
    pub index: usize,
    pub table: &'a RawTable,
    pub procs: Vec<Procedure>,
    pub problems: Vec<Problem>,
}

/// Tables of one TTHC, one per case: "1. Quy trình … (Mã TTHC: 1.014319)", "1.1. Đối với
/// trường hợp …" and a table, "1.2. Đối với trường hợp …" and a table without a code (Cao
/// Bằng 2028). The later tables' steps join the first table's procedure, each table a case
/// with its total as the case's limit.
pub(crate) fn join_case_tables(read: Vec<Read<'_>>) -> Vec<Read<'_>> {
    let mut out: Vec<(Read, bool)> = Vec::new();
    for r in read {
        let case = heading_case(&r.table.heading);
        let lone = match r.procs.as_slice() {
            [p] => {
                p.tthc.is_none()
                    && p.cases.is_empty()
                    && r.problems.is_empty()
                    && p.problems.is_empty()
            }
            _ => false,
        };
        let into = out.last_mut().filter(|(prev, joined)| {
            let last = prev.procs.last();
            let first_case = last.is_some_and(|p| p.cases.is_empty())
                && heading_case(&prev.table.heading).is_some()
                && prev.procs.len() == 1;
            last.is_some_and(|p| p.tthc.is_some()) && (*joined || first_case)
        });
        match (case, into) {
            (Some((id, name)), Some((prev, joined))) if lone => {
                let heading = &prev.table.heading;
                let Some(p) = prev.procs.last_mut() else {
                    continue;
                };
                if !*joined && let Some((first_id, first_name)) = heading_case(heading) {
                    let from = std::mem::take(p);
                    *p = Procedure {
                        phases: Vec::new(),
                        time_limit: None,
                        ..from.clone()
                    };
                    add_case(p, from, first_id, first_name);
                }
                for from in r.procs {
                    add_case(p, from, id.clone(), name.clone());
                }
                *joined = true;
            }
            _ => out.push((r, false)),
        }
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// `from`'s steps as one more case of `into`, its total the case's limit.
fn add_case(into: &mut Procedure, mut from: Procedure, id: Option<String>, name: String) {
    let id = id.unwrap_or_else(|| (into.cases.len() + 1).to_string());
    for s in from.phases.iter_mut().flat_map(|ph| &mut ph.steps) {
        s.case = Some(id.clone());
    }
    into.cases.push(Case {
        id,
        name,
        time_limit: from.time_limit.take(),
        row: None,
    });
    let plain = |p: &Procedure| {
        p.phases.len() == 1 && p.phases[0].name.is_none() && p.phases[0].time_limit.is_none()
    };
    if plain(into) && plain(&from) {
        into.phases[0].steps.append(&mut from.phases[0].steps);
    } else {
        into.phases.append(&mut from.phases);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hà Tĩnh 2916, section 2.5 and the case rows of its table.
    #[test]
    fn each_case_takes_the_limit_stated_for_its_words() {
        let text = "2.5\nThời hạn giải quyết:\n- Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm I có quy mô phân tán, nhỏ lẻ; khoáng sản nhóm II: 42 ngày làm việc.\n- Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm III: 32 ngày làm việc.";
        let stated = stated_limits(text);
        assert_eq!(stated.len(), 2);
        let one = "Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm I có quy mô phân tán, nhỏ lẻ; khoáng sản nhóm II";
        let three = "Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm III";
        assert_eq!(limit_for(one, &stated).as_deref(), Some("42 ngày làm việc"));
        assert_eq!(
            limit_for(three, &stated).as_deref(),
            Some("32 ngày làm việc")
        );
        assert_eq!(limit_for("Trường hợp khác hẳn", &stated), None);
    }

    #[test]
    fn case_rows_and_totals() {
        assert!(is_case_row("Trường hợp công nhận kết quả"));
        assert!(is_case_row("Đối với trường hợp tuyển chọn"));
        assert!(is_case_row("1. Trường hợp hồ sơ đầy đủ"));
        assert!(!is_case_row("Tại UBND cấp xã"));
        assert!(!is_case_row("Giai đoạn 1: trường hợp nào cũng vậy"));
        assert_eq!(
            of_total("Tổng thời gian thực hiện trong trường hợp hồ sơ đầy đủ thông tin xác minh:")
                .as_deref(),
            Some("Trường hợp hồ sơ đầy đủ thông tin xác minh")
        );
        assert_eq!(of_total("Tổng thời gian giải quyết"), None);
        assert_eq!(case_id("II.").as_deref(), Some("II"));
        assert_eq!(
            split_numbering("2. Trường hợp B"),
            (Some("2".to_string()), "Trường hợp B".to_string())
        );
    }
}
