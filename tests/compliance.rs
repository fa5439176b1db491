//! Compliance over time: the legal-update window, the yearly audit, review and objectives,
//! the records and their rules, and `qmsdoc score`, each on a fake clock (`--as-of`).
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;

/// A register where `luat-ho-tich-2014` was amended twice (in force from 2026-01-01 and
/// 2026-07-01) and `nd-cu` replaced by a decree in force from 2026-02-10.
const REGISTER_CHANGES: &str = "\
documents:
  - id: luat-ho-tich-2014
    number: 60/2014/QH13
    title: Luật Hộ tịch
    effective: 2016-01-01
    status: amended
    amended_by: [sua-doi-1, sua-doi-2]
  - id: sua-doi-1
    number: 01/2025/QH15
    title: Luật sửa đổi thứ nhất
    effective: 2026-01-01
    status: in-force
  - id: sua-doi-2
    number: 02/2026/QH15
    title: Luật sửa đổi thứ hai
    effective: 2026-07-01
    status: in-force
";

fn qms_with_changes() -> Qms {
    Qms::valid()
        .file("legal/register.yaml", REGISTER_CHANGES)
        // Published on 2025-12-01, before both amendments.
        .procedure_with("effective: 2026-01-05", "effective: 2025-12-01")
}

fn check_at(q: &Qms, day: &str) -> Out {
    q.run(&["check", "--format", "json", "--as-of", day, "."])
}

fn rules_of(out: &Out) -> Vec<String> {
    out.findings().into_iter().map(|f| f.rule).collect()
}

#[test]
fn legal_update_window_the_day_before_the_day_and_the_day_after() {
    let q = qms_with_changes();
    // First amendment in force 2026-01-01: due 2026-04-01, warned from 2026-03-01.
    assert_eq!(rules_of(&check_at(&q, "2026-02-28")), Vec::<String>::new());
    let warn = check_at(&q, "2026-03-01");
    let f = warn.only("Q002");
    assert!(f.message.contains("còn 31 ngày"), "{}", f.message);
    assert_eq!((f.file.as_str(), f.line), ("procedures/QT-HT-01.md", 13));
    let last_day = check_at(&q, "2026-04-01").only("Q002");
    assert!(
        last_day.message.contains("còn 0 ngày"),
        "{}",
        last_day.message
    );
    let late = check_at(&q, "2026-04-02");
    assert_eq!(late.code, 1);
    let f = late.only("Q001");
    assert!(
        f.message.contains("01/04/2026") && f.message.contains("1 ngày"),
        "{}",
        f.message
    );
    assert!(f.message.contains("01/2025/QH15"), "{}", f.message);
}

#[test]
fn an_amendment_taken_in_leaves_the_next_one_counting() {
    // Re-published on 2026-03-15: the first amendment is taken in, the second (2026-07-01)
    // is due on 2026-10-01.
    let q = qms_with_changes().procedure_with("effective: 2025-12-01", "effective: 2026-03-15");
    assert_eq!(rules_of(&check_at(&q, "2026-04-02")), Vec::<String>::new());
    assert_eq!(rules_of(&check_at(&q, "2026-09-01")), vec!["Q002"]);
    let f = check_at(&q, "2026-10-02").only("Q001");
    assert!(f.message.contains("02/2026/QH15"), "{}", f.message);
    // A publication decision of the whole QMS after the change counts too.
    let q = q.file(
        "decisions/QD-09-2026.md",
        "---\nkind: decision\ncode: QD-09-2026\ntitle: Quyết định công bố lại\nnumber: 09/QĐ-UBND\nrevision: 1\neffective: 2026-08-01\nstatus: in-force\nsigned_by: Nguyễn Văn A\n---\n",
    );
    // (The decision is the QMS's first publication: from 1 October its yearly audit and
    // review are due, Q004 and Q006.)
    let rules = rules_of(&check_at(&q, "2026-10-02"));
    assert_eq!(rules, vec!["Q004", "Q006"]);
}

#[test]
fn the_window_is_set_in_qms_yaml() {
    let q = qms_with_changes().file(
        "qms.yaml",
        format!("{QMS_YAML}compliance:\n  legal_update_months: 1\n"),
    );
    // One month: the whole window is its last month; due 2026-02-01.
    assert_eq!(rules_of(&check_at(&q, "2026-01-10")), vec!["Q002"]);
    assert_eq!(rules_of(&check_at(&q, "2026-02-02")), vec!["Q001"]);
    let bad = Qms::valid().file(
        "qms.yaml",
        format!("{QMS_YAML}compliance:\n  legal_update_months: 0\n  audit_by: 31/02\n"),
    );
    let out = check_at(&bad, "2026-01-10");
    let found: Vec<(String, u64)> = out
        .findings()
        .into_iter()
        .map(|f| (f.rule, f.line))
        .collect();
    assert_eq!(
        found,
        vec![("F010".into(), 11), ("F010".into(), 12)],
        "{}",
        out.stdout
    );
}

const PUBLISHED: &str = "compliance:\n  first_published: 2025-03-03\n";

fn audit(code: &str, date: &str) -> String {
    format!(
        "---\nkind: audit\ncode: {code}\ntitle: Báo cáo đánh giá nội bộ\ndate: {date}\nowner: Thư ký ISO\n---\n\n## Kết quả đánh giá\n\nKhông có điểm không phù hợp.\n"
    )
}

fn review(code: &str, date: &str) -> String {
    format!(
        "---\nkind: review\ncode: {code}\ntitle: Biên bản xem xét của lãnh đạo\ndate: {date}\nowner: Chủ tịch UBND xã\n---\n"
    )
}

fn objectives(year: u16) -> String {
    format!(
        "---\nkind: objectives\ncode: MT-{year}\ntitle: Mục tiêu chất lượng năm {year}\nrevision: 1\neffective: {year}-01-05\nstatus: in-force\nowner: Ban chỉ đạo ISO\napproved_by: Chủ tịch UBND xã\nobjectives:\n  - {{ objective: Đúng hạn, target: \"≥ 98%\", owner: Thư ký ISO, deadline: 31/12/{year} }}\n---\n"
    )
}

fn yearly_qms() -> Qms {
    Qms::valid()
        .file("qms.yaml", format!("{QMS_YAML}{PUBLISHED}"))
        .file("records/DGNB-2025.md", audit("DGNB-2025", "2025-12-31"))
        .file("records/XXLD-2025.md", review("XXLD-2025", "2025-11-20"))
        .file("objectives/MT-2025.md", objectives(2025))
        .file("objectives/MT-2026.md", objectives(2026))
}

#[test]
fn yearly_audit_and_review_around_the_first_of_october() {
    let q = yearly_qms();
    // An audit recorded on 31 December counts for its year.
    assert_eq!(rules_of(&check_at(&q, "2026-09-30")), Vec::<String>::new());
    let due = check_at(&q, "2026-10-01");
    assert_eq!(rules_of(&due), vec!["Q004", "Q006"]);
    assert_eq!(due.code, 0, "warnings only");
    assert_eq!(due.findings()[0].file, "qms.yaml");
    let q = q
        .file("records/DGNB-2026.md", audit("DGNB-2026", "2026-10-01"))
        .file("records/XXLD-2026.md", review("XXLD-2026", "2026-10-02"));
    // The review of 2 October is not held yet on 1 October: it does not count, and its date
    // is in the future (R001).
    assert_eq!(rules_of(&check_at(&q, "2026-10-01")), vec!["Q006", "R001"]);
    assert_eq!(rules_of(&check_at(&q, "2026-10-02")), Vec::<String>::new());
    // A year with neither: an error the next year.
    let bare = Qms::valid()
        .file("qms.yaml", format!("{QMS_YAML}{PUBLISHED}"))
        .file("objectives/MT-2026.md", objectives(2026));
    let next = check_at(&bare, "2026-01-20");
    assert_eq!(rules_of(&next), vec!["Q003", "Q005"]);
    assert_eq!(next.code, 1);
}

#[test]
fn objectives_of_the_year_after_the_thirty_first_of_january() {
    let q = yearly_qms();
    // (No audit or review in 2026: Q003 and Q005 the year after.)
    let q007 = |day: &str| rules_of(&check_at(&q, day)).contains(&"Q007".to_string());
    assert!(!q007("2027-01-31"));
    assert!(q007("2027-02-01"));
    // Without a known first publication the yearly rules are silent.
    let unpublished = Qms::valid();
    assert_eq!(
        rules_of(&check_at(&unpublished, "2027-12-01")),
        Vec::<String>::new()
    );
}

#[test]
fn records_have_their_fields_and_rules() {
    let q = yearly_qms()
        .file(
            "records/HDKP-01.md",
            "---\nkind: corrective-action\ncode: HDKP-01\ntitle: Khắc phục\ndate: 2026-05-01\nowner: Công chức Tư pháp - Hộ tịch\ndue: 2026-06-30\naction_status: in-progress\n---\n",
        )
        .file(
            "records/DGNB-2026.md",
            "---\nkind: audit\ncode: DGNB-2026\ntitle: Đánh giá nội bộ\ndate: 2026-09-01\nowner: Thư ký ISO\n---\n\n## Mục đích\n",
        )
        .file(
            "records/BC-01.md",
            "---\nkind: report\ncode: BC-01\ntitle: Báo cáo\ndate: 2026-12-01\n---\n",
        );
    // On the due day the action is in time; the report and the audit are dated later.
    assert_eq!(
        rules_of(&check_at(&q, "2026-06-30")),
        vec!["M001", "M001", "R001", "R003", "R001"]
    );
    let late = check_at(&q, "2026-12-01");
    let found: Vec<(String, String, u64)> = late
        .findings()
        .into_iter()
        .map(|f| (f.rule, f.file, f.line))
        .collect();
    assert_eq!(
        found,
        vec![
            ("Q006".into(), "qms.yaml".into(), 10),
            ("M001".into(), "records/BC-01.md".into(), 1),
            ("M001".into(), "records/BC-01.md".into(), 1),
            ("R003".into(), "records/DGNB-2026.md".into(), 1),
            ("R002".into(), "records/HDKP-01.md".into(), 7),
        ],
        "{}",
        late.stdout
    );
}

#[test]
fn new_makes_each_record_from_its_template() {
    let q = yearly_qms();
    for (kind, code, path) in [
        ("audit", "DGNB-2026", "records/audits/DGNB-2026.md"),
        ("review", "XXLD-2026", "records/reviews/XXLD-2026.md"),
        (
            "corrective-action",
            "HDKP-02",
            "records/corrective-actions/HDKP-02.md",
        ),
        ("inspection", "KT-2026", "records/inspections/KT-2026.md"),
        ("báo-cáo", "BC-02", "records/reports/BC-02.md"),
    ] {
        let out = q.run(&["new", kind, "--code", code, "--title", "Hồ sơ"]);
        assert_eq!(out.code, 0, "{kind}: {}", out.stderr);
        assert!(q.join(path).is_file(), "{path}");
    }
    // The templates leave blanks to fill (owner, due, number, recipient), nothing else.
    let out = q.run(&["check", "--format", "json", "--as-of", "2099-12-31", "."]);
    let mut rules = rules_of(&out);
    rules.sort();
    rules.dedup();
    assert!(
        rules.iter().all(|r| r == "M001" || r.starts_with('Q')),
        "{rules:?}"
    );
    // Records are not published: the publication plan leaves them out.
    let text = std::fs::read_to_string(q.join("records/audits/DGNB-2026.md")).unwrap();
    assert!(text.contains("## 3. Kết quả đánh giá"), "{text}");
}

#[test]
fn as_of_before_the_first_publication_and_a_bad_date_are_refused() {
    let q = yearly_qms();
    let out = check_at(&q, "2025-03-02");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("03/03/2025") && out.stderr.contains("qms.yaml:11"),
        "{}",
        out.stderr
    );
    let out = check_at(&q, "hôm qua");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("hôm qua"), "{}", out.stderr);
}

/// A criteria file with points for every method.
const CRITERIA: &str = "\
title: Bộ tiêu chí thử
total: 10
criteria:
  - { id: \"1\", title: Phạm vi, max: 4, method: ratio, source: tthc-coverage, rule: tỷ lệ }
  - { id: \"2\", title: Đánh giá nội bộ, max: 2, method: boolean, source: internal-audit }
  - { id: \"3\", title: Xem xét của lãnh đạo, max: 2, method: boolean, source: management-review }
  - { id: \"4\", title: Niêm yết, max: 2, method: manual, evidence: Ảnh nơi niêm yết, value: Đã niêm yết, points: 1.5 }
";

#[test]
fn score_rows_in_json_with_evidence() {
    let q = yearly_qms()
        .file("records/DGNB-2026.md", audit("DGNB-2026", "2026-09-15"))
        .file("tieu-chi.yaml", CRITERIA);
    let out = q.run(&[
        "score",
        "--year",
        "2026",
        "--criteria",
        "tieu-chi.yaml",
        "--as-of",
        "2026-12-15",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let rows = v["rows"].as_array().unwrap();
    let row = |i: usize| (rows[i]["id"].as_str().unwrap(), rows[i]["points"].as_f64());
    assert_eq!(row(0), ("1", Some(4.0)));
    assert_eq!(row(1), ("2", Some(2.0)));
    assert_eq!(row(2), ("3", Some(0.0)), "no review in 2026");
    assert_eq!(row(3), ("4", Some(1.5)));
    assert_eq!(v["total_points"].as_f64(), Some(7.5));
    assert_eq!(v["total_max"].as_f64(), Some(10.0));
    let ev = &rows[1]["evidence"][0];
    assert_eq!(ev["file"], "records/DGNB-2026.md");
    let bytes = std::fs::read(q.join("records/DGNB-2026.md")).unwrap();
    assert_eq!(ev["sha256"].as_str().unwrap().len(), 64);
    assert!(!bytes.is_empty());
    assert_eq!(rows[3]["evidence"][0]["note"], "Ảnh nơi niêm yết");
    // The human form shows the provinces' columns.
    let human = q.run(&[
        "score",
        "--year",
        "2026",
        "--criteria",
        "tieu-chi.yaml",
        "--as-of",
        "2026-12-15",
    ]);
    for col in [
        "Điểm tối đa",
        "Số liệu kê khai",
        "Cách tính điểm",
        "Tài liệu kiểm chứng",
        "Điểm tự đánh giá",
    ] {
        assert!(human.stdout.contains(col), "{col}: {}", human.stdout);
    }
    assert!(
        human.stdout.contains("Tổng điểm tự đánh giá: 7,5 / 10"),
        "{}",
        human.stdout
    );
    // The HTML page: the six columns, one row per criterion with its points, the total.
    let html = q.run(&[
        "score",
        "--year",
        "2026",
        "--criteria",
        "tieu-chi.yaml",
        "--as-of",
        "2026-12-15",
        "--format",
        "html",
    ]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let page = &html.stdout;
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"),
        "{page}"
    );
    assert!(
        page.contains("<thead><tr><th>Tiêu chí</th><th>Điểm tối đa</th><th>Số liệu kê khai</th><th>Cách tính điểm</th><th>Tài liệu kiểm chứng</th><th>Điểm tự đánh giá</th></tr></thead>"),
        "{page}"
    );
    let body = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
    let cells: Vec<(String, String)> = body
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let tds: Vec<&str> = row
                .split("<td")
                .skip(1)
                .map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()])
                .collect();
            (tds[0].to_string(), tds[5].to_string())
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("1. Phạm vi".to_string(), "4".to_string()),
            ("2. Đánh giá nội bộ".to_string(), "2".to_string()),
            ("3. Xem xét của lãnh đạo".to_string(), "0".to_string()),
            ("4. Niêm yết".to_string(), "1,5".to_string()),
        ],
        "{body}"
    );
    assert!(page.contains("records/DGNB-2026.md  sha256 "), "{page}");
    assert!(page.contains("<td class=\"n\">7,5 / 10</td>"), "{page}");
}

#[test]
fn a_wrong_criteria_file_is_shown_at_file_and_line() {
    let q = yearly_qms().file(
        "sai.yaml",
        "total: 5\ncriteria:\n  - { id: \"1\", title: A, max: 2, method: percent }\n  - { id: \"2\", title: B, max: 2, method: manual }\n",
    );
    let out = q.run(&[
        "score",
        "--year",
        "2026",
        "--criteria",
        "sai.yaml",
        "--as-of",
        "2026-12-15",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("sai.yaml:3:"), "{}", out.stderr);
    assert!(out.stderr.contains("percent"), "{}", out.stderr);
    assert!(
        out.stderr.contains("sai.yaml:1:8") && out.stderr.contains("4"),
        "{}",
        out.stderr
    );
}

#[test]
fn docs_example_scored_for_2026() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example");
    let out = run_in(
        &root,
        &[
            "score",
            "--year",
            "2026",
            "--as-of",
            "2026-12-15",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let rows = v["rows"].as_array().unwrap();
    let got: Vec<(String, Option<f64>, Option<bool>)> = rows
        .iter()
        .filter(|r| r["method"] != "manual")
        .map(|r| {
            (
                r["source"].as_str().unwrap_or_default().to_string(),
                r["ratio"].as_f64(),
                r["met"].as_bool(),
            )
        })
        .collect();
    let want: Vec<(String, Option<f64>, Option<bool>)> = vec![
        ("tthc-coverage".into(), Some(1.0), Some(true)),
        ("check".into(), None, Some(true)),
        ("objectives".into(), None, Some(true)),
        ("internal-audit".into(), None, Some(true)),
        ("management-review".into(), None, Some(true)),
        ("corrective-actions".into(), Some(1.0), Some(true)),
        ("improvements".into(), None, Some(false)),
        ("publication".into(), None, Some(true)),
        ("legal-updates".into(), Some(1.0), Some(true)),
        ("republication".into(), None, Some(false)),
    ];
    assert_eq!(got, want, "{}", out.stdout);
    assert_eq!(rows[0]["value"], "16/16 TTHC có quy trình đang hiệu lực");
    // The template leaves the points to the province.
    assert!(rows.iter().all(|r| r["points"].is_null()));
}

/// A periodic review every 12 months (qms.yaml), counted from the procedure's effective date
/// (05/01/2026): reminded from 30 days before, late the day after; a `reviewed` history entry
/// starts the next period; a document's own `review_every` wins; `due --reviews` lists them.
#[test]
fn periodic_review_the_reminder_the_due_day_and_the_day_after() {
    let yearly = || {
        Qms::valid().file(
            "qms.yaml",
            format!("{QMS_YAML}compliance:\n  review_every: 12 tháng\n"),
        )
    };
    let q = yearly();
    let review = |day: &str| -> Vec<(String, String)> {
        let out = check_at(&q, day);
        out.findings()
            .into_iter()
            .filter(|f| f.rule == "Q008" || f.rule == "Q009")
            .filter(|f| f.file.ends_with("QT-HT-01.md"))
            .map(|f| (f.rule, f.message))
            .collect()
    };
    assert_eq!(review("2026-12-05"), vec![], "31 days left: nothing yet");
    assert_eq!(
        review("2026-12-06"),
        vec![(
            "Q009".to_string(),
            "đến hạn soát xét ngày 05/01/2027 (còn 30 ngày; chu kỳ 12 tháng)".to_string()
        )]
    );
    assert_eq!(
        review("2027-01-05")[0].0,
        "Q009",
        "the due day itself is in time"
    );
    assert_eq!(
        review("2027-01-06"),
        vec![(
            "Q008".to_string(),
            "quá hạn soát xét 1 ngày: soát xét gần nhất 05/01/2026, chu kỳ 12 tháng, hạn 05/01/2027"
                .to_string()
        )]
    );

    // Reviewed without changes on 03/01/2027: the next review is 03/01/2028.
    // A publication decision in force is a record: never due for review, in check or in due.
    let reviewed = yearly()
        .edit(
            "procedures/QT-HT-01.md",
            "effective: 2026-01-05\n",
            "effective: 2026-01-05\nhistory:\n  - { reviewed: 2027-01-03, changes: \"Soát xét định kỳ: không thay đổi\" }\n",
        )
        .file(
            "decisions/QD-01-2026.md",
            "---\nkind: decision\ncode: QD-01-2026\ntitle: Quyết định công bố\nnumber: 01/QĐ-UBND\nrevision: 1\neffective: 2026-01-05\nstatus: in-force\nsigned_by: Nguyễn Văn A\n---\n",
        );
    let out = check_at(&reviewed, "2027-01-06");
    let late: Vec<String> = out
        .findings()
        .into_iter()
        .filter(|f| f.rule == "Q008")
        .map(|f| f.file)
        .collect();
    // The form, reviewed never since 05/01/2026, is late; the procedure is not.
    assert_eq!(late, ["forms/BM-01.md"], "{}", out.stdout);
    let list = reviewed.run(&[
        "due",
        "--reviews",
        "--as-of",
        "2027-01-06",
        "--format",
        "json",
    ]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let rows = list.json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "QT-HT-01")
        .unwrap_or_else(|| panic!("{rows}"));
    let mut codes: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["BM-01", "QT-HT-01"], "{rows}");
    assert_eq!(row["last_review"], "2027-01-03");
    assert_eq!(row["next_review"], "2028-01-03");
    assert_eq!(row["days_left"], 362);

    // The document's own period, and a period that cannot be read.
    let own = yearly().edit(
        "procedures/QT-HT-01.md",
        "effective: 2026-01-05\n",
        "effective: 2026-01-05\nreview_every: 6 tháng\n",
    );
    let six = own.run(&["check", "--format", "json", "--as-of", "2026-07-06", "."]);
    assert!(
        six.findings()
            .iter()
            .any(|f| f.rule == "Q008" && f.message.contains("hạn 05/07/2026")),
        "{}",
        six.stdout
    );
    let bad = own.edit(
        "procedures/QT-HT-01.md",
        "review_every: 6 tháng",
        "review_every: 6 ngày",
    );
    let out = bad.check();
    let f = out.only("F010");
    assert!(f.message.contains("không hiểu chu kỳ \"6 ngày\""), "{f:?}");
}

fn inspection_and_action(due: &str, status: &str) -> Qms {
    yearly_qms()
        .file(
            "records/KT-2026-01.md",
            "---\nkind: inspection\ncode: KT-2026-01\ntitle: Biên bản kiểm tra của Sở Khoa học và Công nghệ\ndate: 2026-03-10\nowner: Thư ký ISO\n---\n",
        )
        .file(
            "records/KP-2026-01.md",
            format!("---\nkind: corrective-action\ncode: KP-2026-01\ntitle: Khắc phục theo biên bản kiểm tra\ndate: 2026-03-15\nowner: Thư ký ISO\ninspection: KT-2026-01\n{due}action_status: {status}\n---\n"),
        )
}

/// R004: after an inspection, corrective actions are due within 2 months of its minutes
/// (10/03/2026 → 10/05/2026 at the latest).
#[test]
fn corrective_actions_after_an_inspection_within_two_months() {
    let r004 = |q: &Qms, day: &str| -> Vec<(u64, String)> {
        check_at(q, day)
            .findings()
            .into_iter()
            .filter(|f| f.rule == "R004")
            .map(|f| (f.line, f.message))
            .collect()
    };
    let late = inspection_and_action("due: 2026-06-30\n", "in-progress");
    assert_eq!(
        r004(&late, "2026-04-01"),
        [(
            8,
            "hạn 30/06/2026 quá 2 tháng kể từ biên bản kiểm tra KT-2026-01 ngày 10/03/2026 (hạn chậm nhất 10/05/2026)".to_string()
        )]
    );
    let in_time = inspection_and_action("due: 2026-05-10\n", "in-progress");
    assert_eq!(r004(&in_time, "2026-04-01"), []);
    // No due date: the 2 months are the due date.
    let open = inspection_and_action("", "open");
    assert_eq!(r004(&open, "2026-05-10"), [], "the last day is in time");
    assert_eq!(r004(&open, "2026-05-11").len(), 1);
    let closed = inspection_and_action("", "closed\nclosed: 2026-05-02");
    assert_eq!(r004(&closed, "2026-05-11"), []);
    // A code no inspection record has.
    let unknown = yearly_qms().file(
        "records/KP-2026-02.md",
        "---\nkind: corrective-action\ncode: KP-2026-02\ntitle: Khắc phục\ndate: 2026-03-15\nowner: Thư ký ISO\ninspection: KT-9\naction_status: open\n---\n",
    );
    let found = r004(&unknown, "2026-04-01");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].1.contains("không có biên bản kiểm tra"),
        "{found:?}"
    );
}
