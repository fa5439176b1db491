//! One broken fixture per rule: each breaks one thing in a valid QMS and asserts the rule code,
//! the file, the line and the column of what is reported, and the exit code.
//! Line numbers refer to `common::PROCEDURE` (35 lines of front matter, then the body).
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;

const P: &str = "procedures/QT-HT-01.md";

/// Asserts the exact findings and the exit code.
fn expect(q: &Qms, findings: &[(&str, &str, u64, u64)], code: i32) {
    let out = q.check();
    out.assert_exactly(findings);
    assert_eq!(out.code, code, "{}", out.stdout);
}

#[test]
fn f001_markdown_without_front_matter() {
    let q = Qms::valid().file("forms/BM-09.md", "# Biểu mẫu\n\nKhông có phần đầu.\n");
    expect(&q, &[("F001", "forms/BM-09.md", 1, 1)], 1);
}

#[test]
fn f002_front_matter_never_closed() {
    let q = Qms::valid().file("forms/BM-09.md", "---\nkind: form\ncode: BM-09\n");
    expect(&q, &[("F002", "forms/BM-09.md", 1, 1)], 1);
}

#[test]
fn f003_yaml_syntax_error_is_located_in_the_file() {
    let q = Qms::valid().procedure_with(
        "owner: Công chức Tư pháp - Hộ tịch",
        "owner: \"Công chức Tư pháp",
    );
    // A double-quoted value may span lines: the parser stumbles where the quote finally
    // closes (line 12), but the finding points at the quote left open on line 8.
    let f = q.check().only("F003");
    assert_eq!((f.file.as_str(), f.line, f.column), (P, 8, 8), "{f:?}");
    assert!(
        f.message.contains("YAML báo lỗi ở dòng 12"),
        "{}",
        f.message
    );
}

#[test]
fn f004_duplicate_key_and_key_given_in_both_languages() {
    // A YAML duplicate stops the reading of the file; its TTHC is not also reported as
    // uncovered (one defect, one finding).
    let dup = Qms::valid().procedure_with(
        "title: Đăng ký khai sinh\n",
        "title: Đăng ký khai sinh\ncode: QT-HT-99\n",
    );
    expect(&dup, &[("F004", P, 5, 1)], 1);
    let alias = Qms::valid().procedure_with(
        "title: Đăng ký khai sinh\n",
        "title: Đăng ký khai sinh\nmã: QT-HT-99\n",
    );
    expect(&alias, &[("F004", P, 5, 1)], 1);
}

#[test]
fn f005_unknown_key_with_a_suggestion() {
    let q = Qms::valid().procedure_with(
        "title: Đăng ký khai sinh\n",
        "title: Đăng ký khai sinh\nrevison: 2\n",
    );
    expect(&q, &[("F005", P, 5, 1)], 1);
    let json = q.check().json();
    assert_eq!(json["findings"][0]["help"], "có phải ý bạn là `revision`?");
}

#[test]
fn f006_wrong_type_is_not_also_reported_missing() {
    let q = Qms::valid().procedure_with("revision: 1", "revision: [1]");
    expect(&q, &[("F006", P, 5, 11)], 1);
    let steps = Qms::valid().procedure_with(
        "    who: Công chức Bộ phận Một cửa\n",
        "    who: [Công chức Bộ phận Một cửa]\n",
    );
    expect(&steps, &[("F006", P, 18, 10)], 1);
}

#[test]
fn f007_invalid_utf8_points_at_the_byte() {
    let q = Qms::valid().file(
        "forms/BM-09.md",
        b"---\nkind: form\ncode: BM-\xff\xfe9\n---\n".as_slice(),
    );
    expect(&q, &[("F007", "forms/BM-09.md", 3, 10)], 1);
}

#[test]
fn f008_empty_file() {
    let q = Qms::valid().file("forms/BM-09.md", "  \n\n");
    expect(&q, &[("F008", "forms/BM-09.md", 1, 1)], 1);
}

#[test]
fn f009_huge_file_alias_bomb_and_deep_nesting_are_refused() {
    let big = "a".repeat(5 * 1024 * 1024);
    let q = Qms::valid().file("forms/BM-09.md", format!("---\nkind: form\n---\n{big}"));
    expect(&q, &[("F009", "forms/BM-09.md", 1, 1)], 1);

    let mut bomb = String::from("---\nkind: form\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        bomb += &format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", "));
    }
    bomb += "---\n";
    let q = Qms::valid().file("forms/BM-09.md", bomb);
    let f = q.check().only("F009");
    assert_eq!(f.file, "forms/BM-09.md");
    assert!(f.line >= 3 && f.line <= 12, "{f:?}");

    let deep = format!(
        "---\nkind: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let f = Qms::valid()
        .file("forms/BM-09.md", deep)
        .check()
        .only("F009");
    assert_eq!((f.file.as_str(), f.line), ("forms/BM-09.md", 2));

    let mut block = String::from("---\n");
    for i in 0..100 {
        block += &format!("{}a:\n", " ".repeat(i));
    }
    block += "---\n";
    let f = Qms::valid()
        .file("forms/BM-09.md", block)
        .check()
        .only("F009");
    assert_eq!(f.file, "forms/BM-09.md");
}

#[test]
fn f010_invalid_kind_and_date() {
    // Without a valid kind the file is no procedure: its TTHC counts as uncovered.
    let kind = Qms::valid().procedure_with("kind: procedure", "kind: banana");
    expect(
        &kind,
        &[("F010", P, 2, 7), ("X006", "tthc/catalog.yaml", 2, 11)],
        1,
    );
    let date = Qms::valid().procedure_with("effective: 2026-01-05", "effective: 2026-02-30");
    expect(&date, &[("F010", P, 6, 12)], 1);
}

#[cfg(unix)]
#[test]
fn f011_symlink_loop_is_reported_not_followed_forever() {
    let q = Qms::valid();
    std::os::unix::fs::symlink(q.path(), q.join("procedures/loop")).unwrap();
    let out = q.check();
    let f = out.only("F011");
    assert!(f.file.contains("loop"), "{f:?}");
    assert_eq!(out.code, 1);
}

#[test]
fn f012_missing_qms_yaml_is_a_warning() {
    let q = Qms::valid();
    std::fs::remove_file(q.join("qms.yaml")).unwrap();
    expect(&q, &[("F012", "qms.yaml", 1, 1)], 0);
}

/// `qmsdoc check` with a time limit: a hang (a FIFO read) fails the test instead of stalling.
fn check_within(q: &Qms, seconds: u64) -> Out {
    let mut child = std::process::Command::new(BIN)
        .args(["check", "--format", "json", "."])
        .current_dir(q.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() >= seconds {
            child.kill().unwrap();
            panic!("qmsdoc check still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn f011_a_fifo_is_reported_without_being_opened() {
    let q = Qms::valid();
    let made = std::process::Command::new("mkfifo")
        .arg(q.join("procedures/fifo.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = check_within(&q, 20);
    let f = out.only("F011");
    assert_eq!(f.file, "procedures/fifo.md");
    assert!(f.message.contains("không phải tệp thường"), "{f:?}");
    assert_eq!(out.code, 1);
}

#[test]
fn f013_links_out_of_the_root_are_reported_by_path_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "BÍ-MẬT: dòng đầu của một tệp ngoài HTQLCL\n").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/other.md"), "BÍ-MẬT 2\n").unwrap();
    let q = Qms::valid();
    std::os::unix::fs::symlink(&secret, q.join("procedures/secret.md")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), q.join("procedures/etc")).unwrap();
    // A link inside the root is fine.
    std::os::unix::fs::symlink(q.join("forms"), q.join("procedures/forms-link")).unwrap();
    for format in ["json", "human", "sarif"] {
        let out = q.run(&["check", "--format", format, "."]);
        assert!(!out.stdout.contains("BÍ-MẬT"), "{format}: {}", out.stdout);
        assert!(!out.stderr.contains("BÍ-MẬT"), "{format}: {}", out.stderr);
    }
    let out = q.check();
    let mut f013: Vec<String> = out
        .findings()
        .into_iter()
        .filter(|f| f.rule == "F013")
        .map(|f| f.file)
        .collect();
    f013.sort();
    assert_eq!(
        f013,
        ["procedures/etc", "procedures/secret.md"],
        "{}",
        out.stdout
    );
    assert_eq!(out.code, 1);
}

#[test]
fn f013_images_of_qms_yaml_stay_inside_the_root() {
    let with_seal = |image: &str| {
        let q = Qms::valid().edit(
            "qms.yaml",
            "  parent:",
            &format!("  seal_image: {image}\n  parent:"),
        );
        std::fs::create_dir_all(q.join("assets")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", q.join("assets/link.png")).unwrap();
        q
    };
    for image in ["/etc/passwd", "../../../con-dau.png", "assets/link.png"] {
        let f = with_seal(image).check().only("F013");
        assert_eq!(
            (f.file.as_str(), f.line, f.column),
            ("qms.yaml", 3, 15),
            "{image}: {f:?}"
        );
        assert!(f.message.contains("agency.seal_image"), "{f:?}");
    }
    let q = with_seal("assets/real.png").file("assets/real.png", b"\x89PNG");
    let out = q.check();
    assert!(out.findings().is_empty(), "{}", out.stdout);
}

#[test]
fn f010_a_bad_exclude_glob_is_reported_and_the_others_still_apply() {
    let q = Qms::valid()
        .file("nhap/QT-NHAP.md", "# bản nháp, không có phần đầu YAML\n")
        .file(
            "qms.yaml",
            format!("{QMS_YAML}exclude:\n  - \"nhap/[\"\n  - \"nhap/**\"\n"),
        );
    expect(&q, &[("F010", "qms.yaml", 11, 5)], 1);
}

#[test]
fn f009_an_alias_bomb_in_qms_yaml_is_refused_at_once() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!(
            "l{i}: &l{i} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    let q = Qms::valid().file("qms.yaml", format!("{QMS_YAML}{bomb}"));
    let started = std::time::Instant::now();
    let f = check_within(&q, 20).only("F009");
    assert_eq!(f.file, "qms.yaml");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn m001_missing_and_blank_document_fields() {
    let missing = Qms::valid().procedure_with("title: Đăng ký khai sinh\n", "");
    expect(&missing, &[("M001", P, 1, 1)], 1);
    let blank = Qms::valid().procedure_with("owner: Công chức Tư pháp - Hộ tịch", "owner: \"   \"");
    expect(&blank, &[("M001", P, 8, 8)], 1);
}

#[test]
fn m001_a_catalog_entry_without_its_code_or_name() {
    let q = Qms::valid().file(
        "tthc/catalog.yaml",
        format!(
            "{}  - code: \"\"\n    name: Thủ tục đăng ký kết hôn\n  - code: \"1.000894\"\n",
            common::CATALOG
        ),
    );
    expect(
        &q,
        &[
            ("M001", "tthc/catalog.yaml", 8, 11),
            ("M001", "tthc/catalog.yaml", 10, 5),
            // The TTHC with a code and no procedure; the one without a code is not also
            // reported as uncovered.
            ("X006", "tthc/catalog.yaml", 10, 11),
        ],
        1,
    );
    let f = q.check().findings().remove(0);
    assert_eq!(f.message, "TTHC “Thủ tục đăng ký kết hôn” chưa có mã");
}

#[test]
fn m002_every_step_field_is_required() {
    // A blank value is pointed at where the value is (or would be).
    for (line, col, from, to) in [
        (
            17,
            11,
            "  - what: Tiếp nhận, kiểm tra hồ sơ",
            "  - what: \"\"",
        ),
        (
            19,
            8,
            "    how: Kiểm tra thành phần hồ sơ; in Giấy tiếp nhận",
            "    how:",
        ),
        (
            20,
            18,
            "    responsible: Công chức Tư pháp - Hộ tịch\n    time: 2",
            "    responsible: \"\"\n    time: 2",
        ),
    ] {
        let q = Qms::valid().procedure_with(from, to);
        expect(&q, &[("M002", P, line, col)], 1);
    }
    let no_time = Qms::valid().procedure_with("    time: 4 giờ làm việc\n", "");
    expect(&no_time, &[("M002", P, 23, 5)], 1);
    // `who` may be left out: the responsible one does the work.
    let no_who = Qms::valid().procedure_with("    who: Công chức Bộ phận Một cửa\n", "");
    expect(&no_who, &[], 0);
    // `what` without `how`: the step says what, not how.
    let no_how = Qms::valid().procedure_with(
        "    how: Kiểm tra thành phần hồ sơ; in Giấy tiếp nhận\n",
        "",
    );
    expect(&no_how, &[("M002", P, 17, 5)], 1);
}

#[test]
fn m002_a_task_says_what_and_how_in_one_text() {
    let q = Qms::valid().procedure_with(
        "  - what: Tiếp nhận, kiểm tra hồ sơ\n    who: Công chức Bộ phận Một cửa\n    how: Kiểm tra thành phần hồ sơ; in Giấy tiếp nhận\n",
        "  - task: Tiếp nhận, kiểm tra thành phần hồ sơ; in Giấy tiếp nhận\n",
    );
    expect(&q, &[], 0);
    let blank = Qms::valid().procedure_with(
        "  - what: Tiếp nhận, kiểm tra hồ sơ\n    who: Công chức Bộ phận Một cửa\n    how: Kiểm tra thành phần hồ sơ; in Giấy tiếp nhận\n",
        "  - task: \"\"\n",
    );
    let f = blank.check().only("M002");
    assert_eq!((f.line, f.column), (17, 11), "{f:?}");
    assert!(f.message.contains("bước 1"), "{}", f.message);
}

#[test]
fn m003_record_without_retention() {
    let q = Qms::valid().procedure_with(", retention: Vĩnh viễn }", " }");
    expect(&q, &[("M003", P, 34, 5)], 1);
}

/// The fixture procedure with two cases: "1" (6 hours) and "2" (1 day); step 2 (4 hours)
/// only in case 2. Lines 14–16 are `cases`; the steps move down two lines.
fn with_cases(case1_limit: &str, step2_cases: &str) -> Qms {
    Qms::valid()
        .procedure_with(
            "time_limit: 1 ngày làm việc\n",
            &format!(
                "cases:\n  - {{ id: \"1\", name: Hồ sơ đầy đủ, time_limit: {case1_limit} }}\n  - {{ id: \"2\", name: Hồ sơ cần xác minh, time_limit: 1 ngày làm việc }}\n"
            ),
        )
        .procedure_with(
            "    time: 4 giờ làm việc\n",
            &format!("    time: 4 giờ làm việc\n    cases: {step2_cases}\n"),
        )
}

#[test]
fn cases_each_fit_their_own_limit() {
    // Case 1: steps 1 and 3, 4 hours of 6; case 2: all three, 8 hours of 1 day.
    expect(&with_cases("6 giờ làm việc", "[\"2\"]"), &[], 0);
    // A case id is matched folded, and a step may be in several cases.
    expect(
        &with_cases("6 giờ làm việc", "[\"2\", \"1\"]"),
        &[("T002", P, 15, 48)],
        1,
    );
}

#[test]
fn t002_a_case_whose_steps_exceed_its_limit() {
    let f = with_cases("3 giờ làm việc", "[\"2\"]").check().only("T002");
    assert_eq!((f.line, f.column), (15, 48), "{f:?}");
    assert!(
        f.message.contains("trường hợp 1") && f.message.contains("4 giờ làm việc"),
        "{}",
        f.message
    );
}

#[test]
fn m006_a_step_in_an_undeclared_case() {
    expect(
        &with_cases("6 giờ làm việc", "[\"3\"]"),
        &[("M006", P, 30, 13)],
        1,
    );
    let f = with_cases("6 giờ làm việc", "[\"3\"]").check().only("M006");
    assert!(f.message.contains("(1, 2)"), "{}", f.message);
    // Cases named by a step of a procedure that declares none.
    let q = Qms::valid().procedure_with(
        "    time: 4 giờ làm việc\n",
        "    time: 4 giờ làm việc\n    cases: [\"2\"]\n",
    );
    expect(&q, &[("M006", P, 28, 13)], 1);
    // Two cases with one id (folded: "A" and "a").
    let dup = with_cases("1 ngày làm việc", "[\"2\"]")
        .procedure_with("id: \"1\"", "id: A")
        .procedure_with("id: \"2\"", "id: a")
        .procedure_with("cases: [\"2\"]", "cases: [a]");
    expect(&dup, &[("M006", P, 16, 11)], 1);
}

#[test]
fn m007_a_case_without_steps() {
    let q = with_cases("1 ngày làm việc", "[\"1\"]")
        .procedure_with(
            "    forms: [BM-01]\n",
            "    forms: [BM-01]\n    cases: [\"1\"]\n",
        )
        .procedure_with(
            "    time: 2 giờ làm việc\nrecords",
            "    time: 2 giờ làm việc\n    cases: [\"1\"]\nrecords",
        );
    expect(&q, &[("M007", P, 16, 11)], 1);
}

#[test]
fn m001_a_case_without_a_time_limit() {
    let q = with_cases("6 giờ làm việc", "[\"2\"]")
        .procedure_with(", time_limit: 6 giờ làm việc }", " }");
    let f = q.check().only("M001");
    assert_eq!((f.line, f.column), (15, 5), "{f:?}");
    assert!(f.message.contains("trường hợp 1"), "{}", f.message);
}

#[test]
fn s005_labels_repeat_across_cases_but_not_within_one() {
    // Each case's block numbers its steps from B1 again.
    let blocks = Qms::valid()
        .procedure_with(
            "time_limit: 1 ngày làm việc\n",
            "cases:\n  - { id: I, name: Nhóm I, time_limit: 1 ngày làm việc }\n  - { id: II, name: Nhóm II, time_limit: 1 ngày làm việc }\n",
        )
        .procedure_with("  - what: Tiếp nhận", "  - label: B1\n    cases: [I]\n    what: Tiếp nhận")
        .procedure_with("  - what: Thẩm định", "  - label: B2\n    cases: [I]\n    what: Thẩm định")
        .procedure_with("  - what: Ký Giấy", "  - label: B1\n    cases: [II]\n    what: Ký Giấy");
    expect(&blocks, &[], 0);
    let shared = blocks.procedure_with("    cases: [II]\n", "    cases: [I, II]\n");
    expect(&shared, &[("S005", P, 34, 12)], 0);
}

#[test]
fn t001_unreadable_duration() {
    let q = Qms::valid().procedure_with(
        "    time: 2 giờ làm việc\n    forms",
        "    time: hai giờ\n    forms",
    );
    expect(&q, &[("T001", P, 21, 11)], 1);
}

#[test]
fn t002_steps_over_the_time_limit() {
    let q = Qms::valid().procedure_with("    time: 4 giờ làm việc", "    time: 0,75 ngày làm việc");
    expect(&q, &[("T002", P, 14, 13)], 1);
    let msg = &q.check().findings()[0].message;
    assert_eq!(
        msg,
        "tổng thời gian 3 bước là 1,25 ngày làm việc, vượt thời hạn giải quyết 1 ngày làm việc"
    );
}

#[test]
fn t003_procedure_slower_than_the_law() {
    let q =
        Qms::valid().procedure_with("time_limit: 1 ngày làm việc", "time_limit: 2 ngày làm việc");
    expect(&q, &[("T003", P, 14, 13)], 1);
}

#[test]
fn t004_calendar_day_in_a_working_time_procedure() {
    // With no year of the calendar to compare over, working and calendar time cannot be
    // compared (and the year named in qms.yaml without data is reported).
    let q = Qms::valid()
        .procedure_with(
            "    time: 2 giờ làm việc\n    forms",
            "    time: 0,1 ngày lịch\n    forms",
        )
        .file(
            "qms.yaml",
            format!("{QMS_YAML}calendar:\n  years: [2031]\n"),
        );
    expect(&q, &[("T004", P, 21, 11), ("C001", "qms.yaml", 11, 11)], 1);
    let converted = q.file(
        "qms.yaml",
        format!("{QMS_YAML}durations:\n  calendar_day_in_working_days: 0.7\n"),
    );
    expect(&converted, &[], 0);
}

#[test]
fn t002_calendar_day_on_the_working_calendar() {
    // On the calendar (2024–2026), a day of calendar time may hold a whole working day: with
    // the 6 working hours of the other steps it passes the 1-day limit.
    let q = Qms::valid().procedure_with(
        "    time: 2 giờ làm việc\n    forms",
        "    time: 0,1 ngày lịch\n    forms",
    );
    let f = q.check().only("T002");
    assert_eq!((f.line, f.column), (14, 13), "{f:?}");
    assert!(
        f.message.contains("1 ngày tiếp theo có 1 ngày làm việc"),
        "{}",
        f.message
    );
}

#[test]
fn a_bare_ngay_is_a_working_day_unless_the_qms_says_otherwise() {
    // 0,25 ngày + 4 h + 2 h = 8 working hours: exactly the 1-day limit.
    let q = Qms::valid().procedure_with(
        "    time: 2 giờ làm việc\n    forms",
        "    time: 0,25 ngày\n    forms",
    );
    expect(&q, &[], 0);
    let calendar = q.file(
        "qms.yaml",
        format!("{QMS_YAML}durations:\n  bare_day: calendar\n"),
    );
    let f = calendar.check().only("T002");
    assert_eq!((f.line, f.column), (14, 13), "{f:?}");
    assert!(
        f.message
            .contains("\"ngày\" được hiểu là ngày lịch, theo durations.bare_day"),
        "{}",
        f.message
    );
    // The document's own setting wins over qms.yaml's.
    let doc_says = calendar.edit(P, "tthc: ", "bare_day: working\ntthc: ");
    expect(&doc_says, &[], 0);
}

#[test]
fn c001_unknown_weekday_overlapping_sessions_and_a_bad_cutoff() {
    let q = Qms::valid().file(
        "qms.yaml",
        format!(
            "{QMS_YAML}calendar:\n  rest_days: [Chủ nhật, thứ Tám]\n  sessions: [\"07:30-11:30\", \"11:00-17:00\"]\n  cutoff: chiều\n"
        ),
    );
    expect(
        &q,
        &[
            ("C001", "qms.yaml", 11, 25),
            ("C001", "qms.yaml", 12, 29),
            ("C001", "qms.yaml", 13, 11),
        ],
        1,
    );
    let f = q.check().findings();
    assert!(
        f[0].message
            .contains("\"thứ Tám\" không phải là một ngày trong tuần"),
        "{f:?}"
    );
    assert!(
        f[1].message
            .contains("ca bắt đầu 11:00 chồng lên ca 07:30-11:30"),
        "{f:?}"
    );
}

#[test]
fn c001_year_file_swapping_onto_a_holiday() {
    let q = Qms::valid().file(
        "calendar/2027.yaml",
        "year: 2027\nsources: [Thông báo thử]\ntet: { before: 1 }\nnational_day: 2027-09-03\nswaps:\n  - { off: 2027-04-30, work: 2027-05-08 }\n  - { off: 2027-05-03, work: 2027-05-04 }\n",
    );
    expect(
        &q,
        &[
            ("C001", "calendar/2027.yaml", 6, 12),
            ("C001", "calendar/2027.yaml", 7, 12),
        ],
        1,
    );
    let f = q.check().findings();
    assert!(
        f[0].message.contains(
            "hoán đổi để nghỉ ngày 30/04/2027, nhưng ngày đó là ngày lễ Ngày Chiến thắng"
        ),
        "{f:?}"
    );
    // 01/05/2027 is a Saturday: Monday 03/05 is its compensatory day (art. 111(3)).
    assert!(
        f[1].message
            .contains("nhưng ngày đó là ngày nghỉ bù Ngày Quốc tế lao động"),
        "{f:?}"
    );
    let missing = Qms::valid().file("calendar/2027.yaml", "year: 2028\n");
    expect(&missing, &[("C001", "calendar/2027.yaml", 1, 7)], 1);
}

#[test]
fn x001_duplicate_code_reported_on_the_second_file() {
    let q = Qms::valid().file("forms/BM-01b.md", FORM);
    expect(&q, &[("X001", "forms/BM-01b.md", 3, 7)], 1);
}

#[test]
fn x002_unknown_form_and_a_code_that_is_not_a_form() {
    let unknown = Qms::valid().procedure_with("forms: [BM-01]", "forms: [BM-99]");
    expect(&unknown, &[("X002", P, 22, 13)], 1);
    let not_form = Qms::valid().procedure_with("forms: [BM-01]", "forms: [QT-HT-01]");
    expect(&not_form, &[("X002", P, 22, 13)], 1);
}

#[test]
fn x003_unknown_legal_basis() {
    let q = Qms::valid().procedure_with("[luat-ho-tich-2014]", "[luat-ho-tich-2014, khong-co]");
    expect(&q, &[("X003", P, 13, 34)], 1);
}

#[test]
fn x004_replaced_legal_basis_is_a_warning_naming_the_replacement() {
    let q = Qms::valid().procedure_with("[luat-ho-tich-2014]", "[luat-ho-tich-2014, nd-cu]");
    expect(&q, &[("X004", P, 13, 34)], 0);
    let f = q.check().only("X004");
    assert_eq!(f.severity, "warning");
    assert!(
        f.message.contains("60/2014/QH13 Luật Hộ tịch"),
        "{}",
        f.message
    );
    assert_eq!(q.run(&["check", "--deny", "warnings"]).code, 1);
}

#[test]
fn x005_tthc_not_in_the_catalog() {
    let q = Qms::valid().procedure_with("tthc: \"1.001193\"", "tthc: \"9.999999\"");
    // The catalog's TTHC is now without a procedure too.
    expect(
        &q,
        &[("X005", P, 12, 7), ("X006", "tthc/catalog.yaml", 2, 11)],
        1,
    );
}

#[test]
fn x006_tthc_without_procedure() {
    let catalog = format!(
        "{CATALOG}  - code: \"1.000894\"\n    name: Thủ tục đăng ký kết hôn\n    time_limit: 5 ngày làm việc\n"
    );
    let q = Qms::valid().file("tthc/catalog.yaml", catalog);
    expect(&q, &[("X006", "tthc/catalog.yaml", 8, 11)], 1);
}

#[test]
fn x007_fee_differs_from_the_catalog() {
    let q = Qms::valid().procedure_with("fee: Miễn lệ phí", "fee: 10.000 đồng");
    expect(&q, &[("X007", P, 15, 6)], 0);
}

#[test]
fn s001_missing_framework_section() {
    let q = Qms::valid().procedure_with(
        "## 4. Định nghĩa và từ viết tắt\n\n- UBND: Ủy ban nhân dân.\n\n",
        "",
    );
    expect(&q, &[("S001", P, 49, 1)], 1);
}

#[test]
fn s002_sections_out_of_order() {
    let q = Qms::valid()
        .procedure_with("## 1. Mục đích", "## 1. Phạm vi")
        .procedure_with("## 2. Phạm vi", "## 2. Mục đích");
    expect(&q, &[("S002", P, 41, 1)], 0);
}

#[test]
fn s003_procedure_without_records() {
    let q = Qms::valid().procedure_with("records:\n  - { name: Sổ đăng ký khai sinh, keeper: Công chức Tư pháp - Hộ tịch, retention: Vĩnh viễn }\n", "");
    expect(&q, &[("S003", P, 1, 1)], 1);
}

#[test]
fn s004_objective_without_a_number() {
    let objectives = "---\nkind: objectives\ncode: MT-2026\ntitle: Mục tiêu chất lượng năm 2026\nrevision: 1\neffective: 2026-01-05\nstatus: in-force\nowner: Ban Chỉ đạo ISO\napproved_by: Chủ tịch UBND xã\nobjectives:\n  - objective: Giải quyết hồ sơ đúng hạn\n    target: Cao\n    owner: Bộ phận Một cửa\n    deadline: 31/12/2026\n---\n";
    let q = Qms::valid().file("objectives/MT-2026.md", objectives);
    expect(&q, &[("S004", "objectives/MT-2026.md", 12, 13)], 1);
}

#[test]
fn severities_from_qms_yaml_and_from_the_document() {
    let swapped = || {
        Qms::valid()
            .procedure_with("## 1. Mục đích", "## 1. Phạm vi")
            .procedure_with("## 2. Phạm vi", "## 2. Mục đích")
    };
    let off = swapped().file(
        "qms.yaml",
        format!("{QMS_YAML}rules:\n  section-order: off\n"),
    );
    expect(&off, &[], 0);
    let per_doc = swapped().procedure_with(
        "fee: Miễn lệ phí\n",
        "fee: Miễn lệ phí\nrules: { S002: error }\n",
    );
    expect(&per_doc, &[("S002", P, 42, 1)], 1);
}

#[test]
fn vietnamese_aliases_with_and_without_diacritics() {
    let q = Qms::valid()
        .procedure_with("    time: 4 giờ làm việc", "    thời_gian: 4 giờ làm việc")
        .procedure_with(
            "    responsible: Chủ tịch UBND xã",
            "    trach_nhiem: Chủ tịch UBND xã",
        )
        .procedure_with("title: Đăng ký khai sinh", "Tên: Đăng ký khai sinh");
    expect(&q, &[], 0);
}

#[test]
fn decomposed_vietnamese_is_read_as_composed() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = PROCEDURE.nfd().collect();
    assert_ne!(nfd, PROCEDURE);
    let q = Qms::valid().file(P, nfd);
    expect(&q, &[], 0);
    let list = q.run(&["list", "--format", "json", "--kind", "procedure"]);
    assert!(
        list.stdout.contains("\"title\": \"Đăng ký khai sinh\""),
        "{}",
        list.stdout
    );
}

#[test]
fn bom_and_crlf_keep_line_numbers() {
    let crlf = format!("\u{feff}{}", PROCEDURE.replace('\n', "\r\n")).replace(
        "time: 2 giờ làm việc\r\n    forms",
        "time: hai giờ\r\n    forms",
    );
    let q = Qms::valid().file(P, crlf);
    expect(&q, &[("T001", P, 21, 11)], 1);
}

#[test]
fn x001_codes_differing_only_in_case_are_duplicates() {
    let q = Qms::valid().file(
        "forms/BM-01b.md",
        FORM.replace("code: BM-01", "code: bm-01"),
    );
    expect(&q, &[("X001", "forms/BM-01b.md", 3, 7)], 1);
    let f = q.check().only("X001");
    assert_eq!(f.message, "mã \"bm-01\" đã dùng cho forms/BM-01.md:3");
}

#[test]
fn f003_unclosed_quote_in_a_crlf_file() {
    let crlf = PROCEDURE.replace('\n', "\r\n").replace(
        "owner: Công chức Tư pháp - Hộ tịch",
        "owner: \"Công chức Tư pháp",
    );
    let q = Qms::valid().file(P, crlf);
    let f = q.check().only("F003");
    assert_eq!((f.line, f.column), (8, 8), "{f:?}");
}

/// The valid procedure with its `steps` block (line 16 on) replaced by `block`.
fn with_steps(block: &str) -> Qms {
    let start = PROCEDURE.find("steps:\n").unwrap();
    let end = PROCEDURE.find("records:\n").unwrap();
    Qms::valid().procedure_with(&PROCEDURE[start..end], block)
}

/// Two phases of a liên thông procedure with a 1-day limit: 4 h at the commune (two steps of
/// 2 h), 4 h at the department. Lines: 16 `phases:`, 18 phase I's limit, 20 and 24 its steps,
/// 29 phase II's limit.
const PHASES: &str = "\
phases:
  - name: I. Tại UBND cấp xã
    time_limit: 4 giờ làm việc
    steps:
      - label: Bước 1
        task: Tiếp nhận, kiểm tra hồ sơ
        responsible: Công chức Bộ phận Một cửa
        time: 2 giờ làm việc
      - label: Bước 2
        task: Thẩm định hồ sơ, chuyển Sở Tư pháp
        responsible: Công chức Tư pháp - Hộ tịch
        time: 2 giờ làm việc
  - name: II. Tại Sở Tư pháp
    time_limit: 4 giờ làm việc
    steps:
      - label: Bước 1
        task: Thẩm định, trình ký, trả kết quả
        responsible: Phòng Hành chính tư pháp
        time: 4 giờ làm việc
";

#[test]
fn phases_check_clean_with_labels_numbered_again() {
    expect(&with_steps(PHASES), &[], 0);
}

#[test]
fn t002_a_phase_longer_than_its_own_limit_is_reported_once() {
    let q = with_steps(&PHASES.replacen("time: 2 giờ làm việc", "time: 3 giờ làm việc", 1));
    // At the phase's limit; the whole (9 h of 8 h) is not reported again.
    expect(&q, &[("T002", P, 18, 17)], 1);
}

#[test]
fn t005_phases_whose_limits_exceed_the_whole() {
    let q = with_steps(&PHASES.replacen(
        "time_limit: 4 giờ làm việc\n    steps:\n      - label: Bước 1\n        task: Thẩm định",
        "time_limit: 5 giờ làm việc\n    steps:\n      - label: Bước 1\n        task: Thẩm định",
        1,
    ));
    let out = q.check();
    out.assert_exactly(&[("T005", P, 14, 13)]);
    let labels = &out.json()["findings"][0]["labels"];
    assert_eq!(labels.as_array().map(Vec::len), Some(2), "{labels}");
    assert_eq!(
        (labels[0]["line"].clone(), labels[1]["line"].clone()),
        (18.into(), 29.into())
    );
}

#[test]
fn m004_a_phase_without_steps() {
    let q = with_steps(&format!(
        "{PHASES}  - name: III. Tại UBND tỉnh\n    steps: []\n"
    ));
    expect(&q, &[("M004", P, 36, 5)], 1);
}

#[test]
fn m005_agency_placeholders_and_empty_values() {
    let q = Qms::valid()
        .edit(
            "qms.yaml",
            "name: Ủy ban nhân dân xã Thử Nghiệm",
            "name: Ủy ban nhân dân xã …",
        )
        .edit("qms.yaml", "head: Nguyễn Văn A", "head:");
    expect(
        &q,
        &[("M005", "qms.yaml", 2, 9), ("M005", "qms.yaml", 5, 7)],
        1,
    );
    let off = q.edit(
        "qms.yaml",
        "language: vi\n",
        "language: vi\nrules: { M005: off }\n",
    );
    expect(&off, &[], 0);
}

#[test]
fn steps_of_a_phase_share_its_time_when_none_has_its_own() {
    let shared = PHASES.replacen("        time: 2 giờ làm việc\n", "", 2);
    expect(&with_steps(&shared), &[], 0);
    // One step with a time and one without, in a phase: the one without is missing it.
    let mixed = PHASES.replacen("        time: 2 giờ làm việc\n", "", 1);
    expect(&with_steps(&mixed), &[("M002", P, 20, 9)], 1);
}

#[test]
fn t002_names_the_steps_that_make_the_sum_too_long() {
    // 2 + 4 + 3 = 9 h of 8 h: the limit is reported, the third step carries the label.
    let q = Qms::valid().procedure_with(
        "    time: 2 giờ làm việc\nrecords",
        "    time: 3 giờ làm việc\nrecords",
    );
    let out = q.check();
    out.assert_exactly(&[("T002", P, 14, 13)]);
    let labels = &out.json()["findings"][0]["labels"];
    assert_eq!(labels[0]["line"], 32, "{labels}");
    assert!(
        labels[0]["message"]
            .as_str()
            .unwrap()
            .contains("9 giờ làm việc"),
        "{labels}"
    );
    let human = q.run(&["check"]).stdout;
    assert!(human.contains("đến đây đã 9 giờ làm việc"), "{human}");
    // One step longer than the whole day: reported at that step.
    let long = Qms::valid().procedure_with("    time: 4 giờ làm việc", "    time: 2 ngày làm việc");
    expect(&long, &[("T002", P, 27, 11)], 1);
}

#[test]
fn off_clock_and_immediate_steps_and_limits() {
    // "Giờ hành chính" and "Ngay" add nothing to the sum.
    let q = Qms::valid()
        .procedure_with(
            "    time: 2 giờ làm việc\n    forms",
            "    time: Giờ hành chính\n    forms",
        )
        .edit(
            P,
            "    time: 2 giờ làm việc\nrecords",
            "    time: Ngay sau khi ký\nrecords",
        );
    expect(&q, &[], 0);
    // An off-clock wording as the time limit while the law gives 1 working day.
    let off = Qms::valid().procedure_with(
        "time_limit: 1 ngày làm việc",
        "time_limit: Không tính thời gian",
    );
    expect(&off, &[("T003", P, 14, 13)], 1);
    // An immediate statutory limit ("Trong ngày": the same working day) still catches a
    // procedure that takes longer.
    let catalog = CATALOG.replace("time_limit: 1 ngày làm việc", "time_limit: Trong ngày");
    let same_day = Qms::valid().file("tthc/catalog.yaml", &catalog);
    expect(&same_day, &[], 0);
    let longer = same_day.edit(
        P,
        "time_limit: 1 ngày làm việc",
        "time_limit: 2 ngày làm việc",
    );
    expect(&longer, &[("T003", P, 14, 13)], 1);
}

#[test]
fn a_title_with_commas_is_not_split_into_a_name() {
    let q = Qms::valid().procedure_with(
        "approved_by: Chủ tịch UBND xã",
        "approved_by: { name: Nguyễn Văn A, title: \"Giám đốc Sở Văn hóa, Thể thao và Du lịch\" }",
    );
    expect(&q, &[], 0);
    let blank = Qms::valid().procedure_with(
        "approved_by: Chủ tịch UBND xã",
        "approved_by: { name: \"\" }",
    );
    expect(&blank, &[("M001", P, 11, 14)], 1);
}

#[test]
fn f010_a_seal_diameter_outside_20_to_60_mm_is_reported_where_it_is_written() {
    let with_diameter = |d: &str| {
        Qms::valid().edit(
            "qms.yaml",
            "  parent:",
            &format!("  seal_diameter_mm: {d}\n  parent:"),
        )
    };
    for bad in ["15", "60.5", "0"] {
        let f = with_diameter(bad).check().only("F010");
        assert_eq!(
            (f.file.as_str(), f.line, f.column),
            ("qms.yaml", 3, 21),
            "{bad}: {f:?}"
        );
        assert!(
            f.message.contains(&format!(
                "con dấu đường kính {bad} mm nằm ngoài khoảng 20–60 mm"
            )),
            "{f:?}"
        );
    }
    for good in ["20", "36", "60", "duong_kinh"] {
        let q = if good == "duong_kinh" {
            Qms::valid().edit(
                "qms.yaml",
                "  parent:",
                "  duong_kinh_con_dau: 40\n  parent:",
            )
        } else {
            with_diameter(good)
        };
        let out = q.check();
        assert!(out.findings().is_empty(), "{good}: {}", out.stdout);
    }
}
