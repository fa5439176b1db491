//! `qmsdoc import`: real decisions rebuilt as .docx and HTML (tests/fixtures/import/, made by
//! scripts/gen-import-fixtures.py from the plain-text sources), compared with the procedures
//! transcribed by hand from the same tables (tests/fixtures/real/); re-import of an amended
//! copy; Word conventions; bad input.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::{Qms, git, walk};
use qmsdoc::model::Document;
use qmsdoc::workspace::Workspace;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn input(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

/// A QMS with qms.yaml, an empty catalog and a legal register, and no procedure.
fn qms() -> Qms {
    Qms::empty()
        .file("qms.yaml", common::QMS_YAML)
        .file("tthc/catalog.yaml", "procedures: []\n")
        .file("legal/register.yaml", common::REGISTER)
}

fn import(q: &Qms, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["import", "--format", "json", "--root", "."];
    all.extend_from_slice(args);
    let out = q.run(&all);
    let json = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, json)
}

fn items<'a>(j: &'a Value, status: &str) -> Vec<&'a Value> {
    j["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["status"] == status)
        .collect()
}

/// Every file of a folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).expect("read")))
        .collect()
}

/// label | task | responsible | time of each step, one group per phase, and phase name | limit.
fn table(d: &Document) -> Vec<String> {
    let text = |s: &Option<qmsdoc::model::Sp<String>>| {
        s.as_ref().map_or("", |v| v.value.as_str()).to_string()
    };
    let mut out = Vec::new();
    for p in d.phases() {
        out.push(format!(
            "phase {} | {}",
            text(&p.name),
            p.time_limit.as_ref().map_or("", |t| t.text.value.as_str())
        ));
    }
    for s in d.steps() {
        out.push(format!(
            "{} | {} | {} | {}",
            text(&s.label),
            text(&s.task),
            text(&s.responsible),
            s.time.as_ref().map_or("", |t| t.text.value.as_str())
        ));
    }
    out
}

fn procedure_for(root: &Path, tthc: &str) -> Document {
    Workspace::load(root)
        .documents
        .into_iter()
        .find(|d| d.tthc.as_ref().is_some_and(|t| t.value == tthc))
        .unwrap_or_else(|| panic!("no procedure for {tthc}"))
}

fn hand_made(slug: &str, tthc: &str) -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(slug);
    procedure_for(&root, tthc)
}

#[test]
fn vinh_long_steps_equal_the_hand_transcription_cell_by_cell() {
    for file in ["vinh-long-2682-qd-ubnd.docx", "vinh-long-2682-qd-ubnd.html"] {
        let q = qms();
        let (code, j) = import(&q, &[&input(file)]);
        assert_eq!(code, 0, "{j}");
        let added = items(&j, "added");
        assert_eq!(added.len(), 1);
        assert_eq!(added[0]["tthc"], "3.000527.H61");
        assert_eq!(added[0]["steps"], 6);
        let imported = procedure_for(q.path(), "3.000527.H61");
        let expected = hand_made("vinh-long-2682", "3.000527.H61");
        assert_eq!(table(&imported), table(&expected), "{file}");
        let limit = imported.time_limit.as_ref().map(|t| t.text.value.clone());
        assert_eq!(
            limit.as_deref(),
            Some("03 ngày làm việc (kể từ ngày nhận đủ hồ sơ)")
        );
    }
}

#[test]
fn ha_noi_phases_and_shared_time_equal_the_hand_transcription() {
    let q = qms();
    let (code, j) = import(&q, &[&input("ha-noi-1594-qd-ttpvhcc.docx")]);
    assert_eq!(code, 0, "{j}");
    assert_eq!(items(&j, "added").len(), 2);
    let imported = procedure_for(q.path(), "1.012644");
    let expected = hand_made("ha-noi-1594", "1.012644");
    assert_eq!(table(&imported), table(&expected));
    // Bước 6–13 share the merged "07 ngày" cell: the phase's own limit.
    assert_eq!(
        imported.phases()[1]
            .time_limit
            .as_ref()
            .map(|t| t.text.value.as_str()),
        Some("07 ngày")
    );
}

#[test]
fn dong_nai_sub_rows_equal_the_hand_transcription() {
    let q = qms();
    let (code, j) = import(&q, &[&input("dong-nai-2811-qd-ubnd.html")]);
    assert_eq!(code, 0, "{j}");
    let imported = table(&procedure_for(q.path(), "1.014464"));
    let expected = table(&hand_made("dong-nai-2811", "1.014464"));
    // Labels, responsible units and times equal; the hand transcription wrote the sub-rows'
    // merged task cell as absent, as the import does.
    assert_eq!(imported, expected);
}

#[test]
fn every_step_table_of_the_fifteen_real_decisions_is_imported() {
    // (file, step tables, procedures written, tables refused without --force and why)
    let cases: &[(&str, usize, usize, &[&str])] = &[
        ("vinh-long-2682-qd-ubnd.docx", 1, 1, &[]),
        ("ha-noi-1594-qd-ttpvhcc.docx", 2, 2, &[]),
        ("dong-nai-2811-qd-ubnd.docx", 2, 2, &[]),
        // Table 1's code is in the TTHC list (Phụ lục I), not in the heading; tables 8 and 9
        // repeat the TTHC of tables 6 and 7.
        (
            "cao-bang-1948-qd-ubnd.docx",
            9,
            6,
            &["mã TTHC", "đã có ở một bảng trước"],
        ),
        // Table 4 gives one total per case (10 and 30 ngày) under steps of 40 ngày: written
        // with `cases` (see below); table 6 has no code.
        ("son-la-2929-qd-ubnd.docx", 6, 5, &["mã TTHC"]),
        // son-la-2969 table 2 really adds up to 3,5 ngày against its total "03 ngày" (real-sources README)
        (
            "son-la-2969-qd-ubnd.docx",
            2,
            0,
            &["mã TTHC", "các bước cộng lại 3,5 ngày làm việc, khác tổng"],
        ),
        ("nghe-an-3760-qd-ubnd.html", 5, 0, &["mã TTHC"]),
        ("bac-ninh-1490-qd-ubnd.html", 3, 0, &["mã TTHC"]),
        // Its codes are of abolished TTHC (Phụ lục I, II); the new ones are listed without codes.
        ("lang-son-2487-qd-ubnd.docx", 8, 0, &["mã TTHC"]),
        // No code in the decision (its list leaves the column empty).
        ("ha-tinh-2916-qd-ubnd.docx", 1, 0, &["mã TTHC"]),
        // Tables 7 and 8 are the two cases of TTHC 1.014319: one procedure. Table 10 really
        // adds up to 9,5 ngày làm việc against its total "10,5 ngày làm việc".
        (
            "cao-bang-2028-qd-ubnd.docx",
            17,
            12,
            &["mã TTHC", "các bước cộng lại 9,5 ngày làm việc, khác tổng"],
        ),
        // Table 2 has two cases (2.1, 2.2), each with its total row (17 and 12 ngày).
        ("bac-ninh-1582-qd-ubnd.docx", 5, 5, &[]),
        // One table of 15 procedures, each under its row "N. Thủ tục … (Mã TTHC: …)". Two
        // really do not add up (real-sources/dong-nai-2776-qd-ubnd.md): procedure 4 (lines
        // 985–1059, steps 8+1+1+4+1) against "27 ngày"; procedure 13 (lines 1536–1610, steps
        // 35+2+2+10+2) against "53 ngày". The other 13 are written.
        (
            "dong-nai-2776-qd-ubnd.docx",
            1,
            13,
            &[
                "các bước cộng lại 15 ngày làm việc, khác tổng \"27 ngày\"",
                "các bước cộng lại 51 ngày làm việc, khác tổng \"53 ngày\"",
            ],
        ),
        // Rules for routing land TTHC: no TTHC code anywhere in the decision (its articles
        // "Điều N. <TTHC>" name them only). Điều 22 (lines 2373–2480) gives step 2 four
        // alternative times, the last "Theo thỏa thuận" (line 2471), which is no time.
        (
            "dong-thap-138-2025-qd-ubnd.docx",
            88,
            0,
            &["mã TTHC", "\"Theo thỏa thuận\""],
        ),
        // "A. DANH MỤC" lists both TTHC with their codes; "B. QUY TRÌNH NỘI BỘ" the two
        // procedures, each without a code (lines 142–209).
        ("ha-tinh-3005-qd-ubnd.docx", 2, 2, &[]),
    ];
    for (file, tables, written, reasons) in cases {
        let q = qms();
        let (code, j) = import(&q, &[&input(file)]);
        assert_eq!(j["files"][0]["step_tables"], *tables, "{file}");
        assert_eq!(items(&j, "added").len(), *written, "{file}: {j}");
        let refused = items(&j, "refused");
        assert_eq!(code, if refused.is_empty() { 0 } else { 1 }, "{file}");
        let messages = refused
            .iter()
            .flat_map(|r| r["problems"].as_array().unwrap())
            .map(|p| format!("{}\n", p[1].as_str().unwrap()))
            .collect::<String>();
        for r in *reasons {
            assert!(messages.contains(r), "{file}: no {r:?} in {messages}");
        }
        // With --force every step table becomes a procedure (some share a code: one each).
        let q = qms();
        let (code, j) = import(&q, &["--force", &input(file)]);
        assert_eq!(code, 0, "{file}: {j}");
        assert!(
            items(&j, "added").len() + items(&j, "refused").len() >= *tables,
            "{file}"
        );
    }
}

/// What the four later decisions' procedures are: the code and title of each, from the source.
#[test]
fn codes_titles_and_limits_are_the_decisions_own() {
    let q = qms();
    let (_, j) = import(&q, &[&input("ha-tinh-3005-qd-ubnd.docx")]);
    let got: Vec<(&str, &str)> = items(&j, "added")
        .iter()
        .map(|i| (i["tthc"].as_str().unwrap(), i["title"].as_str().unwrap()))
        .collect();
    // real-sources/ha-tinh-3005-qd-ubnd.md lines 162–199 (the list), 210 and 556.
    assert_eq!(
        got,
        [
            (
                "1.013871",
                "Bổ nhiệm giám định viên pháp y và pháp y tâm thần"
            ),
            (
                "1.013876",
                "Miễn nhiệm giám định viên pháp y và pháp y tâm thần"
            ),
        ]
    );

    // Each procedure of the Đồng Nai table is refused or written on its own.
    let q = qms();
    let (code, j) = import(&q, &[&input("dong-nai-2776-qd-ubnd.docx")]);
    assert_eq!(code, 1);
    let refused: Vec<&str> = items(&j, "refused")
        .iter()
        .map(|i| i["heading"].as_str().unwrap())
        .collect();
    assert_eq!(refused.len(), 2, "{j}");
    assert!(refused[0].contains("hỗ trợ khởi nghiệp sáng tạo cấp tỉnh"));
    assert!(refused[1].starts_with("Thủ tục đăng ký thực hiện nhiệm vụ đổi mới sáng tạo"));
    let codes: Vec<&str> = items(&j, "added")
        .iter()
        .map(|i| i["tthc"].as_str().unwrap())
        .collect();
    assert_eq!(codes.first(), Some(&"1.014438"));
    assert!(!codes.contains(&"1.014431") && !codes.contains(&"1.014451"));
    assert_eq!(codes.last(), Some(&"1.014454"));

    // Đồng Tháp: the article names the TTHC; "1. Thời gian thực hiện: …" is its limit.
    let q = qms();
    let (_, j) = import(&q, &["--force", &input("dong-thap-138-2025-qd-ubnd.docx")]);
    let second = items(&j, "added")
        .into_iter()
        .find(|i| i["table"] == 2)
        .unwrap();
    assert_eq!(
        second["title"],
        "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý"
    );
    let text = std::fs::read_to_string(q.path().join(second["path"].as_str().unwrap())).unwrap();
    assert!(
        text.contains("time_limit: Không quá 17 ngày làm việc\n"),
        "{text}"
    );

    // Bắc Ninh 1582 table 2: one limit per case, from each case's total row.
    let q = qms();
    let (_, j) = import(&q, &[&input("bac-ninh-1582-qd-ubnd.docx")]);
    let second = items(&j, "added")
        .into_iter()
        .find(|i| i["table"] == 2)
        .unwrap();
    let text = std::fs::read_to_string(q.path().join(second["path"].as_str().unwrap())).unwrap();
    for limit in ["Không quá 17 ngày", "Không quá 12 ngày"] {
        assert!(
            text.contains(&format!(
                "time_limit: {limit} kể từ ngày nhận được hồ sơ hợp lệ\n"
            )),
            "{text}"
        );
    }
}

#[test]
fn check_reports_only_what_the_decision_does_not_say() {
    let q = qms();
    import(&q, &[&input("vinh-long-2682-qd-ubnd.docx")]);
    let mut rules: Vec<(String, u64)> = q
        .check()
        .findings()
        .into_iter()
        .map(|f| (f.rule, f.line))
        .collect();
    rules.sort();
    // owner, prepared_by, reviewed_by, approved_by, legal_basis, fee (M001) and the record's
    // name, keeper and retention (M003): the decision gives none of them.
    let expected: Vec<(String, u64)> = [
        ("M001", 7),
        ("M001", 8),
        ("M001", 9),
        ("M001", 10),
        ("M001", 12),
        ("M001", 14),
        ("M003", 52),
        ("M003", 52),
        ("M003", 52),
    ]
    .iter()
    .map(|(r, l)| (r.to_string(), *l))
    .collect();
    assert_eq!(rules, expected);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let q = qms();
    import(
        &q,
        &[
            &input("ha-noi-1594-qd-ttpvhcc.docx"),
            &input("vinh-long-2682-qd-ubnd.html"),
        ],
    );
    let before = snapshot(q.path());
    let (code, j) = import(
        &q,
        &[
            &input("ha-noi-1594-qd-ttpvhcc.html"),
            &input("vinh-long-2682-qd-ubnd.docx"),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(items(&j, "unchanged").len(), 3, "{j}");
    assert_eq!(snapshot(q.path()), before);
}

#[test]
fn re_import_of_an_amended_decision_reports_exactly_its_changes_and_keeps_the_agencys_text() {
    let q = qms();
    let (_, first) = import(&q, &["--force", &input("cao-bang-1948-qd-ubnd.docx")]);
    let first_added = items(&first, "added");
    // The agency adds a `how` to Bước 2 of the first procedure and writes its purpose.
    let path = first_added[0]["path"].as_str().unwrap().to_string();
    let text = std::fs::read_to_string(q.path().join(&path)).unwrap();
    let edited = text
        .replacen(
            "  - label: Bước 2\n",
            "  - label: Bước 2\n    how: Theo phần mềm một cửa\n",
            1,
        )
        .replacen("## 2. Phạm vi", "Viết bởi cơ quan.\n\n## 2. Phạm vi", 1);
    std::fs::write(q.path().join(&path), &edited).unwrap();

    let (code, j) = import(&q, &["--force", &input("cao-bang-1948-amended.docx")]);
    assert_eq!(code, 0, "{j}");
    let changed: Vec<(u64, Vec<String>)> = items(&j, "changed")
        .iter()
        .map(|c| {
            let steps = c["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            (c["table"].as_u64().unwrap(), steps)
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (1, vec!["Bước 1".to_string()]),
            (2, vec!["Bước 2".to_string()]),
            (3, vec!["Bước 3".to_string()])
        ]
    );
    let gone: Vec<&str> = items(&j, "not-in-decision")
        .iter()
        .map(|i| i["tthc"].as_str().unwrap())
        .collect();
    let removed = first_added
        .iter()
        .find(|a| a["table"] == 4)
        .and_then(|a| a["tthc"].as_str());
    assert_eq!(gone, vec![removed.unwrap()]);
    assert!(items(&j, "added").is_empty());
    let after = std::fs::read_to_string(q.path().join(&path)).unwrap();
    assert!(after.contains("how: Theo phần mềm một cửa"), "{after}");
    assert!(after.contains("Viết bởi cơ quan."));
    assert!(after.contains("Kiểm tra trên Cổng dịch vụ công."));
    // And the same amended file again: nothing more.
    let before = snapshot(q.path());
    let (_, j) = import(&q, &["--force", &input("cao-bang-1948-amended.docx")]);
    assert!(items(&j, "changed").is_empty(), "{j}");
    assert_eq!(snapshot(q.path()), before);
}

#[test]
fn word_conventions_content_controls_merges_soft_breaks_and_numbering() {
    let q = qms();
    let (code, j) = import(&q, &[&input("word-conventions.docx")]);
    assert_eq!(code, 0, "{j}");
    let d = procedure_for(q.path(), "1.009999");
    assert_eq!(d.title_str(), "Thủ tục cấp thử & nghiệm");
    assert_eq!(
        table(&d),
        vec![
            "Bước 1 | Tiếp nhận hồ sơ;\nquét hồ sơ | Bộ phận Một cửa | 0,5 ngày",
            "Bước 2 | Thẩm định hồ sơ:\n- hồ sơ đủ: trình ký\n- hồ sơ thiếu: trả lại\na) thông báo | Công chức | 01 ngày",
            // the responsible cell is merged down from Bước 2 (w:vMerge): not repeated
            "Bước 3 | Ký duyệt |  | 0,5 ngày",
        ]
    );
    assert_eq!(
        d.time_limit.as_ref().map(|t| t.text.value.as_str()),
        Some("02 ngày làm việc")
    );
}

#[test]
fn bad_input_is_named_and_nothing_is_written() {
    let cases: &[(&str, i32, &str)] = &[
        ("not-a-zip.docx", 2, "không phải tệp zip"),
        ("zip-bomb.docx", 2, "zip bomb"),
        ("huge-table.docx", 1, "10001 dòng"),
        ("broken.html", 1, "lồng bên trong"),
        ("no-code.html", 1, "không tìm thấy mã TTHC"),
    ];
    for (file, exit, message) in cases {
        let q = qms();
        let mut before = snapshot(q.path());
        let out = q.run(&["import", "--root", ".", &input(file)]);
        assert_eq!(out.code, *exit, "{file}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains(message), "{file}: {}", out.stdout);
        assert!(
            out.stdout.contains(file),
            "{file} not named: {}",
            out.stdout
        );
        let mut after = snapshot(q.path());
        // A TTHC without a code waits in the catalog for it; nothing else is written.
        if *file == "no-code.html" {
            let catalog = q.join("tthc/catalog.yaml");
            let text = String::from_utf8(after.remove(&catalog).unwrap()).unwrap();
            assert!(text.contains("  - code: \"\"\n    name: "), "{text}");
            before.remove(&catalog);
        }
        assert_eq!(after, before, "{file}");
    }
    // broken.html: the nested table, the table without known columns and the unreadable time
    // are each named with their table (and row).
    let q = qms();
    let out = q.run(&["import", "--root", ".", &input("broken.html")]);
    assert!(out.stdout.contains("bảng 1"), "{}", out.stdout);
    assert!(out.stdout.contains("bảng 2") && out.stdout.contains("không nhận ra các cột"));
    assert!(
        out.stdout.contains("bảng 3")
            && out
                .stdout
                .contains("dòng 2: không đọc được thời gian \"vài hôm\"")
    );
    // --force writes the table without a code.
    let (code, j) = import(&q, &["--force", &input("no-code.html")]);
    assert_eq!((code, items(&j, "added").len()), (0, 1), "{j}");
}

#[test]
fn doc_and_pdf_say_how_to_convert() {
    let q = qms()
        .file("qd.doc", [0xD0, 0xCF, 0x11, 0xE0, 0, 0])
        .file("qd.pdf", "%PDF-1.7\n");
    for f in ["qd.doc", "qd.pdf"] {
        let out = q.run(&["import", "--lang", "en", f]);
        assert_eq!(out.code, 2);
        assert!(
            out.stdout.contains("soffice --headless --convert-to docx"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn dry_run_writes_nothing() {
    let q = qms();
    let before = snapshot(q.path());
    let out = q.run(&["import", "--dry-run", &input("ha-noi-1594-qd-ttpvhcc.docx")]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("QT-01 (1.012644)"), "{}", out.stdout);
    assert_eq!(snapshot(q.path()), before);
}

#[test]
fn only_the_codes_asked_for_and_the_messages_in_english() {
    let q = qms();
    let (code, j) = import(
        &q,
        &["--only", "1.012657", &input("ha-noi-1594-qd-ttpvhcc.html")],
    );
    assert_eq!(code, 0, "{j}");
    let added = items(&j, "added");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["tthc"], "1.012657");
    assert!(items(&j, "not-in-decision").is_empty());
    let out = q.run(&[
        "--lang",
        "en",
        "import",
        "--dry-run",
        &input("ha-noi-1594-qd-ttpvhcc.html"),
    ]);
    assert!(
        out.stdout.contains("added      QT-02 (1.012644)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("unchanged  QT-01 (1.012657)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("(--dry-run: nothing written)"));
}

/// A decision that names a TTHC without its code: the code comes from the QMS's own catalog
/// when the catalog holds that TTHC under the same name ("Thủ tục" or not, any case).
#[test]
fn a_table_without_a_code_takes_it_from_the_catalog_by_name() {
    let q = qms().file(
        "tthc/catalog.yaml",
        "procedures:\n  - code: \"1.999001\"\n    name: thủ tục KHÔNG có mã\n    time_limit: 1 ngày làm việc\n",
    );
    let (code, j) = import(&q, &[&input("no-code.html")]);
    assert_eq!(code, 0, "{j}");
    let added = items(&j, "added");
    assert_eq!(added.len(), 1, "{j}");
    assert_eq!(added[0]["tthc"], "1.999001", "{j}");
    // Without the catalog entry the table is refused for want of a code (see bad input).
    let (code, _) = import(&qms(), &[&input("no-code.html")]);
    assert_eq!(code, 1);
}

/// "The province amended → re-import → re-publish" is three commands: after a publication of
/// the imported procedures, re-importing the amended decision puts exactly the changed
/// procedures (and the one the decision no longer lists, untouched) in the publication plan.
#[test]
fn a_re_import_shows_in_the_publication_plan() {
    // The agency has not filled in owners, persons and records yet: the test turns those
    // rules off so that the first publication can go ahead.
    let q = qms().file(
        "qms.yaml",
        format!(
            "{}rules: {{ M001: off, M003: off, M004: off }}\n",
            common::QMS_YAML
        ),
    );
    let (_, first) = import(&q, &["--force", &input("cao-bang-1948-qd-ubnd.docx")]);
    let added = items(&first, "added").len();
    assert!(added >= 5, "{first}");
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["config", "user.name", "Thư ký ISO"]);
    git(q.path(), &["config", "user.email", "iso@example.gov.vn"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Nhập Quyết định 1948/QĐ-UBND"]);
    let out = q.run(&[
        "publish",
        "--apply",
        "--number",
        "1",
        "--date",
        "2026-01-05",
    ]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);

    let (code, j) = import(&q, &["--force", &input("cao-bang-1948-amended.docx")]);
    assert_eq!(code, 0, "{j}");
    let changed: Vec<String> = items(&j, "changed")
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(changed.len(), 3, "{j}");
    git(q.path(), &["commit", "-qam", "Quyết định sửa đổi"]);
    let plan = q.run(&["publish", "--format", "json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let plan: Value = serde_json::from_str(&plan.stdout).unwrap();
    let mut planned: Vec<String> = plan["changed"]
        .as_array()
        .unwrap_or_else(|| panic!("{plan}"))
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    planned.sort();
    let mut changed = changed;
    changed.sort();
    assert_eq!(planned, changed, "{plan}");
    assert_eq!(plan["added"].as_array().map(Vec::len), Some(0), "{plan}");
}

/// The 1-based line of the first `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u64 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in\n{text}"));
    text[..at].matches('\n').count() as u64 + 1
}

/// `qmsdoc check` on the QMS: rule and line of each finding in the file at `path`, sorted.
fn findings_in(q: &Qms, path: &str) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = q
        .check()
        .findings()
        .into_iter()
        .filter(|f| f.file.ends_with(path))
        .map(|f| (f.rule, f.line))
        .collect();
    out.sort();
    out
}

/// What every imported procedure of a TTHC lacks, the decision not saying it: owner, the
/// three persons, legal basis and fee (M001), the record's name, keeper, retention (M003).
fn unsaid(text: &str) -> Vec<(String, u64)> {
    let m001 = [
        "owner: \"\"",
        "prepared_by: \"\"",
        "reviewed_by: \"\"",
        "approved_by: \"\"",
        "legal_basis: []",
        "fee: \"\"",
    ];
    let mut out: Vec<(String, u64)> = m001
        .iter()
        .map(|k| ("M001".to_string(), line_of(text, k)))
        .collect();
    let record = line_of(text, "records:\n") + 1;
    out.extend(std::iter::repeat_n(("M003".to_string(), record), 3));
    out
}

fn case_table(d: &Document) -> Vec<String> {
    let text = |s: &Option<qmsdoc::model::Sp<String>>| {
        s.as_ref().map_or("", |v| v.value.as_str()).to_string()
    };
    d.cases()
        .iter()
        .map(|c| {
            let limit = c.time_limit.as_ref().map_or("", |t| t.text.value.as_str());
            format!("{} | {} | {limit}", text(&c.id), text(&c.name))
        })
        .collect()
}

fn step_cases(d: &Document) -> Vec<String> {
    d.steps()
        .iter()
        .map(|s| {
            let label = s.label.as_ref().map_or("", |l| l.value.as_str());
            let cases: Vec<&str> = s.cases.iter().map(|c| c.value.as_str()).collect();
            format!("{label} {}", cases.join(","))
        })
        .collect()
}

/// `step_cases` of one block of steps per case, numbered from 1 in each.
fn blocks(label: &str, steps: usize, ids: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        out.extend((1..=steps).map(|n| format!("{label}{n} {id}")));
    }
    out
}

/// Hà Tĩnh 2916 prints no TTHC code: the agency's catalog gives it by name (a test code).
fn ha_tinh_qms() -> Qms {
    qms().file(
        "tthc/catalog.yaml",
        "procedures:\n  - code: \"1.999002\"\n    name: Công nhận kết quả thăm dò khoáng sản thuộc thẩm quyền của UBND tỉnh Hà Tĩnh\n",
    )
}

const HA_TINH_CASE_I: &str = "Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm I có quy mô phân tán, nhỏ lẻ; khoáng sản nhóm II";
const HA_TINH_CASE_II: &str = "Trường hợp công nhận kết quả thăm dò đối với khoáng sản nhóm III";

/// Hà Tĩnh 2916: rows "I | Trường hợp …" and "II | Trường hợp …" each open B1–B11; section
/// 2.5 before the table gives "- Trường hợp …: 42 ngày làm việc." and "…: 32 ngày làm việc."
#[test]
fn ha_tinh_one_block_of_steps_per_case_becomes_cases() {
    for file in ["ha-tinh-2916-qd-ubnd.docx", "ha-tinh-2916-qd-ubnd.html"] {
        let q = ha_tinh_qms();
        let out = q.run(&["import", "--format", "json", "--root", ".", &input(file)]);
        assert_eq!(out.code, 0, "{file}: {}", out.stdout);
        assert_eq!(out.stderr, "", "{file}: no note");
        let d = procedure_for(q.path(), "1.999002");
        assert_eq!(
            case_table(&d),
            vec![
                format!("I | {HA_TINH_CASE_I} | 42 ngày làm việc"),
                format!("II | {HA_TINH_CASE_II} | 32 ngày làm việc"),
            ],
            "{file}"
        );
        assert_eq!(step_cases(&d), blocks("B", 11, &["I", "II"]), "{file}");
        // Each case has its own limit: none for all of them.
        assert!(d.time_limit.is_none(), "{file}");
        let times: Vec<&str> = d
            .steps()
            .iter()
            .map(|s| s.time.as_ref().map_or("", |t| t.text.value.as_str()))
            .collect();
        assert_eq!(times[3], "12 ngày", "case I B4");
        assert_eq!(times[14], "10 ngày", "case II B4");
        // The steps of each case add up to its limit: check reports only what the decision
        // does not say.
        let path = crate::path_of(&d);
        let text = std::fs::read_to_string(q.path().join(&path)).unwrap();
        let mut want = unsaid(&text);
        want.sort();
        assert_eq!(findings_in(&q, &path), want, "{file}:\n{text}");
        // Imported again: not a byte changes.
        let before = snapshot(q.path());
        let (code, j) = import(&q, &[&input(file)]);
        assert_eq!((code, items(&j, "unchanged").len()), (0, 1), "{j}");
        assert_eq!(snapshot(q.path()), before);
    }
}

fn path_of(d: &Document) -> String {
    d.source
        .path
        .to_string_lossy()
        .rsplit_once("procedures/")
        .map(|(_, p)| format!("procedures/{p}"))
        .unwrap()
}

/// The Hà Tĩnh table with one case's limit changed before it: the case's steps no longer add
/// up, and the table is refused naming the case; without any limit for the case, the
/// procedure is written with a blank one that `check` reports, and a note names the case.
#[test]
fn ha_tinh_a_case_whose_steps_do_not_add_up_or_that_has_no_limit() {
    let html = std::fs::read_to_string(input("ha-tinh-2916-qd-ubnd.html")).unwrap();
    assert_eq!(html.matches("nhóm II: 42 ngày làm việc.").count(), 2);
    let wrong = html.replace("nhóm II: 42 ngày làm việc.", "nhóm II: 40 ngày làm việc.");
    let q = ha_tinh_qms().file("qd.html", wrong);
    let (code, j) = import(&q, &["qd.html"]);
    assert_eq!(code, 1, "{j}");
    let refused = items(&j, "refused");
    assert_eq!(refused.len(), 1, "{j}");
    assert_eq!(
        refused[0]["problems"][0][1],
        "các bước của trường hợp I cộng lại 42 ngày làm việc, khác thời hạn \"40 ngày làm việc\" của trường hợp này"
    );

    let none = html.replace("nhóm II: 42 ngày làm việc.", "nhóm II.");
    let q = ha_tinh_qms().file("qd.html", none);
    let out = q.run(&["import", "--root", ".", "qd.html"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(
        out.stderr.trim(),
        format!(
            "lưu ý: qd.html, bảng 1: trường hợp I \"{HA_TINH_CASE_I}\" không có thời hạn (không có dòng tổng của trường hợp, không có dòng \"Trường hợp …: N ngày\" trước bảng); đã ghi `time_limit: \"\"`, hãy điền trong procedures/QT-01.md"
        )
    );
    let d = procedure_for(q.path(), "1.999002");
    assert_eq!(
        case_table(&d),
        vec![
            format!("I | {HA_TINH_CASE_I} | "),
            format!("II | {HA_TINH_CASE_II} | 32 ngày làm việc"),
        ]
    );
    let text = std::fs::read_to_string(q.join("procedures/QT-01.md")).unwrap();
    let mut want = unsaid(&text);
    want.push(("M001".to_string(), line_of(&text, "time_limit: \"\"")));
    want.sort();
    assert_eq!(findings_in(&q, "procedures/QT-01.md"), want, "{text}");
}

/// Inserts `cases: ["2"]` at the end of each named step (where import writes it).
fn mark_case_2(text: &str, labels: &[&str]) -> String {
    let mut out = text.to_string();
    for l in labels {
        let at = out.find(&format!("  - label: {l}\n")).unwrap() + 4;
        let end = at
            + [
                &out[at..].find("\n  - label: "),
                &out[at..].find("\nrecords:"),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap();
        out.insert_str(end, "\n    cases: [\"2\"]");
    }
    out
}

/// Sơn La 2929: the annex of procedures (Phụ lục II) follows the TTHC list (Phụ lục I), whose
/// last row is 2.002767. The first procedure's heading names no code: its code comes from the
/// list by name (2.002755), never from the list's last row.
#[test]
fn a_table_takes_no_code_from_the_annex_before_its_own() {
    for file in ["son-la-2929-qd-ubnd.docx", "son-la-2929-qd-ubnd.html"] {
        let q = qms();
        let (_, j) = import(&q, &[&input(file)]);
        let added = items(&j, "added");
        let by_table = |n: u64| {
            added
                .iter()
                .find(|i| i["table"] == n)
                .map(|i| i["tthc"].as_str().unwrap().to_string())
        };
        assert_eq!(by_table(1).as_deref(), Some("2.002755"), "{file}: {j}");
        assert_eq!(by_table(2).as_deref(), Some("2.002757"), "{file}");
        // Table 6 says "đối với sĩ quan" where the list says "của sĩ quan": not the same name,
        // but the close one is named for the person to decide.
        assert_eq!(by_table(6), None, "{file}");
        let refused = items(&j, "refused");
        let six = refused.iter().find(|i| i["table"] == 6).unwrap();
        assert!(
            six["problems"].to_string().contains("danh mục có tên gần giống: 2.002767 “Thủ tục đăng ký khám bệnh, chữa bệnh của sĩ quan"),
            "{six}"
        );
        let d = procedure_for(q.path(), "2.002755");
        assert!(
            d.title_str().contains("(đối tượng còn sống)"),
            "{}",
            d.title_str()
        );
    }
    // Cao Bằng 1948: table 1 is 1.013861 (its code in the list by name), not the list's last
    // code 1.013040.
    let q = qms();
    let (_, j) = import(&q, &[&input("cao-bang-1948-qd-ubnd.docx")]);
    let first = items(&j, "added")
        .into_iter()
        .find(|i| i["table"] == 1)
        .cloned();
    assert_eq!(
        first.map(|i| i["tthc"].clone()),
        Some("1.013861".into()),
        "{j}"
    );
    // Lạng Sơn 2487: the codes before its procedures are of TTHC it abolishes (the last,
    // 2.001525); its new procedures carry no code and are not given one.
    let q = qms();
    let (_, j) = import(&q, &[&input("lang-son-2487-qd-ubnd.docx")]);
    assert_eq!(items(&j, "added").len(), 0, "{j}");
}

/// Sơn La 2929 table 4: one list of steps (40 ngày in all) and two total rows, "… trong trường
/// hợp hồ sơ đầy đủ thông tin xác minh: | 10 ngày" and "… chưa đầy đủ thông tin, cần phải
/// xác minh: | 30 ngày". The cases are written with their limits, the steps unmarked, and
/// the agency told to mark them; its marks survive a re-import.
#[test]
fn son_la_one_total_per_case_leaves_the_steps_for_the_agency_to_mark() {
    let q = qms();
    let out = q.run(&["import", "--root", ".", &input("son-la-2929-qd-ubnd.docx")]);
    assert_eq!(out.code, 1, "table 6 has no code: {}", out.stdout);
    let d = procedure_for(q.path(), "2.002760");
    let path = path_of(&d);
    // Then the TTHC of table 6, without a code, waiting in the catalog.
    let (first, second) = out.stderr.trim().split_once('\n').unwrap();
    assert!(
        second.starts_with("lưu ý: 1 TTHC quyết định không ghi mã"),
        "{second}"
    );
    assert_eq!(
        first,
        format!(
            "lưu ý: {}, bảng 4: bảng ghi tổng thời gian cho từng trường hợp (1, 2) nhưng không ghi bước nào thuộc trường hợp nào; hãy ghi `cases` ở các bước chỉ thuộc một số trường hợp trong {path} (khi chưa ghi, `qmsdoc check` báo T002 ở trường hợp ngắn hơn)",
            input("son-la-2929-qd-ubnd.docx")
        )
    );
    assert_eq!(
        case_table(&d),
        vec![
            "1 | Trường hợp hồ sơ đầy đủ thông tin xác minh | 10 ngày",
            "2 | Trường hợp hồ sơ chưa đầy đủ thông tin, cần phải xác minh | 30 ngày",
        ]
    );
    assert!(d.time_limit.is_none());
    assert!(d.steps().iter().all(|s| s.cases.is_empty()));
    assert_eq!(d.steps().len(), 8);
    let text = std::fs::read_to_string(q.path().join(&path)).unwrap();
    assert!(
        text.contains("cases:\n  # Nhập từ Quyết định số 2929/QĐ-UBND; bảng 4.\n  # Quyết định ghi thời hạn riêng cho từng trường hợp nhưng không ghi bước nào thuộc trường\n"),
        "{text}"
    );
    // Until the steps are marked, every step is in both cases: B4 alone (28 ngày) is longer
    // than case 1, and the 40 ngày of all steps longer than case 2.
    let mut want = unsaid(&text);
    want.push(("T002".to_string(), line_of(&text, "time: 28 ngày")));
    want.push(("T002".to_string(), line_of(&text, "time_limit: 30 ngày")));
    want.sort();
    assert_eq!(findings_in(&q, &path), want, "{text}");

    // The agency marks B4–B7 (the verification B3 sends files to) as case 2.
    let marked = mark_case_2(&text, &["B4", "B5", "B6", "B7"]);
    std::fs::write(q.path().join(&path), &marked).unwrap();
    let before = snapshot(q.path());
    let out = q.run(&[
        "import",
        "--format",
        "json",
        "--root",
        ".",
        "--only",
        "2.002760",
        &input("son-la-2929-qd-ubnd.docx"),
    ]);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(items(&j, "unchanged").len(), 1, "{j}");
    assert_eq!(out.stderr, "", "marked: no note");
    assert_eq!(snapshot(q.path()), before);
    let d = procedure_for(q.path(), "2.002760");
    assert_eq!(
        step_cases(&d),
        vec!["B1 ", "B2 ", " ", "B3 ", "B4 2", "B5 2", "B6 2", "B7 2"]
    );
    // Case 1 is B1–B3, 10 ngày. Case 2 still adds up to 40 ngày against 30: the decision's
    // own figures.
    let mut want = unsaid(&marked);
    want.push(("T002".to_string(), line_of(&marked, "time_limit: 30 ngày")));
    want.sort();
    assert_eq!(findings_in(&q, &path), want, "{marked}");
}

/// Cao Bằng 2028: "1. Quy trình … Tuyển chọn kiến trúc sư trưởng cấp tỉnh, dự án (Mã TTHC:
/// 1.014319)", then "1.1. Đối với trường hợp … cấp tỉnh" and a table (total "Không quy
/// định"), "1.2. Đối với trường hợp … cấp Dự án" and a table without a code (total "Không
/// tính thời gian"): one procedure, a case per table.
#[test]
fn cao_bang_one_table_per_case_becomes_one_procedure_with_cases() {
    for file in ["cao-bang-2028-qd-ubnd.docx", "cao-bang-2028-qd-ubnd.html"] {
        let q = qms();
        let out = q.run(&["import", "--root", ".", &input(file)]);
        // The only note: three TTHC without a code wait in the catalog (tables 13, 16, 17).
        assert!(
            out.stderr.starts_with(
                "lưu ý: 3 TTHC quyết định không ghi mã được ghi vào tthc/catalog.yaml"
            ) && out.stderr.trim().lines().count() == 1,
            "{file}: {}",
            out.stderr
        );
        assert!(
            out.stdout.contains(
                "QT-07 (1.014319): Tuyển chọn kiến trúc sư trưởng cấp tỉnh, dự án — 12 bước, bảng 7"
            ),
            "{file}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("bảng 8"), "{file}: {}", out.stdout);
        let d = procedure_for(q.path(), "1.014319");
        assert_eq!(
            case_table(&d),
            vec![
                "1.1 | Đối với trường hợp tuyển chọn Kiến trúc sư trưởng cấp tỉnh | Không quy định",
                "1.2 | Đối với trường hợp tuyển chọn Kiến trúc sư trưởng cấp Dự án | Không tính thời gian",
            ],
            "{file}"
        );
        assert_eq!(
            step_cases(&d),
            blocks("Bước ", 6, &["1.1", "1.2"]),
            "{file}"
        );
        let path = path_of(&d);
        let text = std::fs::read_to_string(q.path().join(&path)).unwrap();
        let mut want = unsaid(&text);
        want.sort();
        assert_eq!(findings_in(&q, &path), want, "{file}:\n{text}");
        let before = snapshot(q.path());
        let (_, j) = import(&q, &[&input(file)]);
        assert!(items(&j, "changed").is_empty(), "{j}");
        assert_eq!(snapshot(q.path()), before);
    }
}

/// Nghệ An 3760 prints no TTHC code anywhere. Its five TTHC go into the catalog by name with
/// the code blank, which `check` reports one by one; once the agency fills in the codes, the
/// same import writes the five procedures, each with its code.
#[test]
fn tthc_without_codes_wait_in_the_catalog_for_theirs() {
    // (A form, for `check` to have a document to read.)
    let q = qms().file("forms/BM-01.md", common::FORM);
    let (code, j) = import(&q, &[&input("nghe-an-3760-qd-ubnd.docx")]);
    assert_eq!(code, 1, "{j}");
    assert_eq!(items(&j, "refused").len(), 5, "{j}");
    assert_eq!(j["catalog_added"], serde_json::json!([]), "{j}");
    let note = &j["notes"][0];
    assert_eq!(note["kind"], "codes-to-fill", "{j}");
    assert_eq!(note["names"].as_array().unwrap().len(), 5, "{j}");
    let catalog = std::fs::read_to_string(q.join("tthc/catalog.yaml")).unwrap();
    assert_eq!(catalog.matches("  - code: \"\"\n").count(), 5, "{catalog}");
    assert!(
        catalog.contains("    name: Đề nghị miễn, giảm học phí trong cơ sở giáo dục nghề nghiệp và cơ sở giáo dục đại học công lập\n"),
        "{catalog}"
    );
    let blank: Vec<(String, u64)> = q
        .check()
        .findings()
        .into_iter()
        .filter(|f| f.file == "tthc/catalog.yaml")
        .map(|f| (f.rule, f.line))
        .collect();
    assert_eq!(
        blank,
        (0..5)
            .map(|i| ("M001".to_string(), 2 + 3 * i))
            .collect::<Vec<_>>(),
        "{catalog}"
    );
    // Importing again before the codes are filled in adds nothing to the catalog.
    let (_, j) = import(&q, &[&input("nghe-an-3760-qd-ubnd.docx")]);
    assert_eq!(j["notes"], serde_json::json!([]), "{j}");
    assert_eq!(
        std::fs::read_to_string(q.join("tthc/catalog.yaml")).unwrap(),
        catalog
    );

    let mut n = 0;
    let filled = catalog
        .lines()
        .map(|l| {
            if l == "  - code: \"\"" {
                n += 1;
                format!("  - code: \"1.99910{n}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(q.join("tthc/catalog.yaml"), filled + "\n").unwrap();
    let (code, j) = import(&q, &[&input("nghe-an-3760-qd-ubnd.docx")]);
    assert_eq!(code, 0, "{j}");
    let added: Vec<&str> = items(&j, "added")
        .iter()
        .map(|i| i["tthc"].as_str().unwrap())
        .collect();
    assert_eq!(
        added,
        ["1.999101", "1.999102", "1.999103", "1.999104", "1.999105"]
    );
    let d = procedure_for(q.path(), "1.999101");
    assert_eq!(
        d.title_str(),
        "Đề nghị miễn, giảm học phí trong cơ sở giáo dục nghề nghiệp và cơ sở giáo dục đại học công lập"
    );

    // Đồng Tháp 138 (88 tables, no code): the tables of an article's cases are titled by the
    // case ("Đối với trường hợp …", "Đối với cá nhân …", "- Giấy chứng nhận …"), which names no
    // TTHC and does not go into the catalog; 34 TTHC names do, each once.
    let q = qms();
    let (_, j) = import(&q, &[&input("dong-thap-138-2025-qd-ubnd.docx")]);
    let names: Vec<&str> = j["notes"][0]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 34, "{names:#?}");
    assert!(names.contains(&"Tách thửa hoặc hợp thửa đất"), "{names:#?}");
    for n in &names {
        assert!(!n.starts_with("Đối với") && !n.starts_with('-'), "{n}");
    }
}
