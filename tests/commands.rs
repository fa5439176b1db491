//! init, new, list, rules, schema — and the bad inputs of the command line.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn init_creates_a_qms_that_passes_check() {
    let q = Qms::empty();
    let out = q.run(&[
        "init",
        "qms",
        "--agency",
        "Ủy ban nhân dân xã Tân Hòa",
        "--parent",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "--head",
        "Nguyễn Văn An",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for f in [
        "qms.yaml",
        "tthc/catalog.yaml",
        "legal/register.yaml",
        "policy/CS-01.md",
        "procedures/QT-01.md",
    ] {
        assert!(q.join("qms").join(f).is_file(), "{f} missing");
    }
    let cfg = std::fs::read_to_string(q.join("qms/qms.yaml")).unwrap();
    assert!(cfg.contains("name: Ủy ban nhân dân xã Tân Hòa"), "{cfg}");
    assert!(
        cfg.contains("place: Tân Hòa"),
        "the place comes from the name: {cfg}"
    );
    let check = run_in(&q.join("qms"), &["check", "--format", "json"]);
    assert_eq!(check.findings(), vec![]);
    assert_eq!(check.code, 0);
    // A second init refuses to overwrite.
    let again = q.run(&["init", "qms", "--agency", "Ủy ban nhân dân xã Tân Hòa"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("qms.yaml"), "{}", again.stderr);
}

#[test]
fn new_procedure_is_prefilled_from_the_catalog_and_passes_once_filled_in() {
    let q = Qms::valid().file(
        "tthc/catalog.yaml",
        format!("{CATALOG}  - code: \"1.000894\"\n    name: Thủ tục đăng ký kết hôn\n    time_limit: 1 ngày làm việc\n    fee: Miễn lệ phí\n    legal_basis: [luat-ho-tich-2014]\n"),
    );
    let out = q.run(&[
        "new",
        "procedure",
        "--code",
        "QT-HT-02",
        "--title",
        "Đăng ký kết hôn",
        "--tthc",
        "1.000894",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = q.join("procedures/QT-HT-02.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("time_limit: 1 ngày làm việc"), "{text}");
    assert!(text.contains("legal_basis: [luat-ho-tich-2014]"), "{text}");
    assert!(text.contains("tthc: \"1.000894\""), "{text}");

    // Unfilled: the check names what is missing.
    let before = q.check();
    assert_eq!(before.code, 1);
    let rules: std::collections::BTreeSet<String> =
        before.findings().into_iter().map(|f| f.rule).collect();
    assert!(
        rules.contains("M002") && rules.contains("M001") && rules.contains("M003"),
        "{rules:?}"
    );

    // Filled in as a secretary would: every empty value gets its text.
    let filled = fill_blanks(&text);
    std::fs::write(&path, filled).unwrap();
    let after = q.check();
    assert_eq!(after.findings(), vec![], "{}", after.stdout);
    assert_eq!(after.code, 0);
}

/// Replaces each `key: ""` of a template with a plausible value.
fn fill_blanks(text: &str) -> String {
    let values: BTreeMap<&str, &str> = [
        ("owner", "Công chức Tư pháp - Hộ tịch"),
        ("prepared_by", "Công chức Tư pháp - Hộ tịch"),
        ("reviewed_by", "Phó Chủ tịch UBND xã"),
        ("approved_by", "Chủ tịch UBND xã"),
        ("who", "Công chức Bộ phận Một cửa"),
        ("how", "Phần mềm một cửa điện tử"),
        ("responsible", "Công chức Tư pháp - Hộ tịch"),
        ("time", "1 giờ làm việc"),
        ("name", "Sổ đăng ký kết hôn"),
        ("keeper", "Công chức Tư pháp - Hộ tịch"),
        ("retention", "Vĩnh viễn"),
    ]
    .into();
    let mut out = text.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{k}: \"\""), &format!("{k}: {v}"));
    }
    out
}

#[test]
fn new_refuses_a_code_in_use_and_a_bad_kind() {
    let q = Qms::valid();
    let dup = q.run(&["new", "form", "--code", "BM-01", "--title", "X"]);
    assert_eq!(dup.code, 2);
    assert!(dup.stderr.contains("BM-01"), "{}", dup.stderr);
    let bad = q.run(&["new", "banana", "--code", "X-1", "--title", "X"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("banana"), "{}", bad.stderr);
    // The Vietnamese kind name works too.
    let ok = q.run(&[
        "new",
        "biểu-mẫu",
        "--code",
        "BM-02",
        "--title",
        "Sổ theo dõi",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(q.join("forms/BM-02.md").is_file());
}

#[test]
fn list_as_table_csv_and_json() {
    let q = Qms::valid();
    let table = q.run(&["list"]);
    assert_eq!(table.code, 0);
    let expected = "\
Mã        Tên tài liệu                             Loại       Lần BH  Hiệu lực    Trạng thái  Chủ trì
--------  ---------------------------------------  ---------  ------  ----------  ----------  ---------------------------
BM-01     Giấy tiếp nhận hồ sơ và hẹn trả kết quả  Biểu mẫu   1       2026-01-05  hiệu lực
QT-HT-01  Đăng ký khai sinh                        Quy trình  1       2026-01-05  hiệu lực    Công chức Tư pháp - Hộ tịch
2 tài liệu
";
    assert_eq!(table.stdout, expected);

    let csv = q.run(&["list", "--format", "csv"]);
    assert_eq!(
        csv.stdout.lines().nth(2),
        Some(
            "QT-HT-01,Đăng ký khai sinh,procedure,1,2026-01-05,in-force,Công chức Tư pháp - Hộ tịch"
        )
    );
    let json = q.run(&["list", "--format", "json", "--kind", "procedure"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["code"], "QT-HT-01");
    assert_eq!(v[0]["revision"], 1);
}

#[test]
fn rules_lists_and_explains() {
    let q = Qms::empty();
    let list = q.run(&["rules"]);
    assert_eq!(list.code, 0);
    // One line per rule of the registry, each with its code.
    assert_eq!(list.stdout.lines().count(), qmsdoc::rule::ALL.len());
    for rule in qmsdoc::rule::ALL {
        assert!(
            list.stdout.contains(rule.code),
            "{} is not listed",
            rule.code
        );
    }
    assert!(list.stdout.contains("T002  steps-exceed-time-limit"));
    let one = q.run(&["rules", "steps-exceed-time-limit"]);
    assert!(
        one.stdout.starts_with("T002 steps-exceed-time-limit (lỗi)"),
        "{}",
        one.stdout
    );
    let missing = q.run(&["rules", "Z999"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn docs_rules_md_matches_the_rules() {
    let q = Qms::empty();
    let vi = q.run(&["rules", "--format", "markdown"]).stdout;
    let en = q
        .run(&["--lang", "en", "rules", "--format", "markdown"])
        .stdout;
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .unwrap();
    assert!(
        doc.contains(&vi),
        "docs/rules.md is out of date: run scripts/gen-docs"
    );
    assert!(
        doc.contains(&en),
        "docs/rules.md is out of date: run scripts/gen-docs"
    );
}

#[test]
fn schema_is_json_with_vietnamese_descriptions() {
    let q = Qms::empty();
    let out = q.run(&["schema"]);
    assert_eq!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        v["properties"]["time_limit"]["description"],
        "Thời hạn giải quyết"
    );
    let file = q.run(&["schema", "--for", "config", "-o", "qms.schema.json"]);
    assert_eq!(file.code, 0);
    assert!(q.join("qms.schema.json").is_file());
}

#[test]
fn missing_path_and_empty_folder_are_usage_errors() {
    let q = Qms::empty();
    let missing = q.run(&["check", "nowhere"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("không tìm thấy \"nowhere\""),
        "{}",
        missing.stderr
    );
    let empty = q.run(&["check", "."]);
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("không có tài liệu nào"),
        "{}",
        empty.stderr
    );
    let usage = q.run(&["check", "--format", "xml"]);
    assert_eq!(usage.code, 2);
}

#[test]
fn check_never_writes() {
    let q = Qms::valid().procedure_with(
        "    time: 2 giờ làm việc\n    forms",
        "    time: hai giờ\n    forms",
    );
    let snapshot = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        walk(dir)
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let before = snapshot(q.path());
    for format in ["human", "json", "sarif", "github"] {
        q.run(&["check", "--format", format]);
    }
    assert_eq!(snapshot(q.path()), before);
}

#[test]
fn checking_one_file_reports_only_that_file() {
    let q = Qms::valid()
        .procedure_with(
            "    time: 2 giờ làm việc\n    forms",
            "    time: hai giờ\n    forms",
        )
        .file(
            "forms/BM-02.md",
            FORM.replace("code: BM-01", "code: BM-02")
                .replace("title: Giấy", "titel: Giấy"),
        );
    let all = q.check();
    assert_eq!(all.findings().len(), 3, "{}", all.stdout); // T001, F005, M001
    let one = q.run(&["check", "--format", "json", "forms/BM-02.md"]);
    let files: Vec<String> = one.findings().into_iter().map(|f| f.file).collect();
    assert_eq!(files, vec!["forms/BM-02.md", "forms/BM-02.md"]);
}

/// A Vietnamese run prints no English from the argument parser: help headings, the help flag,
/// default values, and the errors with their suggestion. English runs keep clap's words.
#[test]
fn the_command_line_itself_speaks_vietnamese() {
    let q = Qms::empty();
    let help = q.run(&["check", "--help"]);
    assert_eq!(help.code, 0);
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Print help",
        "[default:",
        "possible values",
    ] {
        assert!(
            !help.stdout.contains(english),
            "{english} in:\n{}",
            help.stdout
        );
    }
    assert!(
        help.stdout.contains("Cách dùng: qmsdoc check"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("-h, --help"), "{}", help.stdout);
    assert!(help.stdout.contains("In trợ giúp"), "{}", help.stdout);
    assert!(help.stdout.contains("[mặc định: human]"), "{}", help.stdout);

    let typo = q.run(&["chek"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.starts_with("lỗi: không có lệnh 'chek'"),
        "{}",
        typo.stderr
    );
    assert!(
        typo.stderr.contains("gợi ý:") && typo.stderr.contains("check"),
        "{}",
        typo.stderr
    );
    assert!(
        !typo.stderr.contains("error:") && !typo.stderr.contains("Usage:"),
        "{}",
        typo.stderr
    );

    let missing = q.run(&["due"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("lỗi: thiếu đối số bắt buộc: <CODE>"),
        "{}",
        missing.stderr
    );

    let bad = q.run(&["check", "--format", "xml"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("giá trị 'xml' không hợp lệ cho '--format <FORMAT>'"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr
            .contains("giá trị hợp lệ: human, json, sarif, github"),
        "{}",
        bad.stderr
    );

    let en = q.run(&["--lang", "en", "check", "--help"]);
    assert!(en.stdout.contains("Usage: qmsdoc check"), "{}", en.stdout);
}

/// Shell completions and the manual come from the same definitions as the parser.
#[test]
fn completions_and_manual_pages() {
    let q = Qms::empty();
    let bash = q.run(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("_qmsdoc()"), "{}", bash.stdout);
    for sub in ["check", "publish", "import", "due"] {
        assert!(bash.stdout.contains(sub), "{sub} not completed");
    }
    // The script is valid bash.
    let script = q.path().join("qmsdoc.bash");
    std::fs::write(&script, &bash.stdout).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let zsh = q.run(&["completions", "zsh"]);
    assert!(zsh.stdout.starts_with("#compdef qmsdoc"), "{}", zsh.stdout);
    let fish = q.run(&["completions", "fish"]);
    assert!(
        fish.stdout.contains("complete -c qmsdoc"),
        "{}",
        fish.stdout
    );

    let man = q.run(&["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..200]
    );
    assert!(
        man.stdout.contains(".TH qmsdoc 1"),
        "{}",
        &man.stdout[..400]
    );
    let out = q.run(&["man", "-o", "man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for page in [
        "qmsdoc.1",
        "qmsdoc-check.1",
        "qmsdoc-publish.1",
        "qmsdoc-import.1",
    ] {
        let text = std::fs::read_to_string(q.path().join("man").join(page)).unwrap();
        assert!(text.contains(".SH"), "{page}");
    }
    let check = std::fs::read_to_string(q.path().join("man/qmsdoc-check.1")).unwrap();
    assert!(check.contains("Kiểm tra tài liệu HTQLCL"), "{check}");
}
