//! The four report formats, on one QMS with one error and one warning.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(human_report_shows_source_caret_help_and_summary),
        case!(english_messages_with_flag_or_environment),
        case!(no_colour_when_not_a_terminal_and_colour_when_forced),
        case!(json_report_shape),
        case!(deny_warnings_makes_warnings_fail),
        case!(github_annotations_escape_properties_and_data),
        case!(sarif_has_the_rules_and_places),
        case!(sarif_is_valid_for_the_sarif_multitool).needs_env("QMSDOC_SARIF_MULTITOOL"),
    ])
}

/// One unknown form (error) and one replaced legal basis (warning).
fn qms() -> Qms {
    Qms::valid()
        .procedure_with("    forms: [BM-01]", "    forms: [BM-10]")
        .procedure_with(
            "legal_basis: [luat-ho-tich-2014]",
            "legal_basis: [luat-ho-tich-2014, nd-cu]",
        )
}

fn human_report_shows_source_caret_help_and_summary() {
    let out = qms().run(&["check"]);
    assert_eq!(out.code, 1);
    let expected = "\
cảnh báo[X004]: căn cứ \"nd-cu\" (01/2010/NĐ-CP Nghị định cũ) đã bị thay thế bởi 60/2014/QH13 Luật Hộ tịch
  --> procedures/QT-HT-01.md:13:34
   |
13 | legal_basis: [luat-ho-tich-2014, nd-cu]
   |                                  ^^^^^
   = gợi ý: cập nhật căn cứ sang văn bản mới và rà soát nội dung quy trình

lỗi[X002]: không có biểu mẫu mã \"BM-10\"
  --> procedures/QT-HT-01.md:22:13
   |
22 |     forms: [BM-10]
   |             ^^^^^
   = gợi ý: có phải ý bạn là `BM-01`?

Đã kiểm tra 2 tài liệu: 1 lỗi, 1 cảnh báo.
";
    assert_eq!(out.stdout, expected);
}

fn english_messages_with_flag_or_environment() {
    let out = qms().run(&["--lang", "en", "check"]);
    assert!(
        out.stdout
            .contains("error[X002]: there is no form with code \"BM-10\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Checked 2 documents: 1 error, 1 warning."),
        "{}",
        out.stdout
    );
    let q = qms();
    let env = std::process::Command::new(BIN)
        .arg("check")
        .current_dir(q.path())
        .env("QMSDOC_LANG", "en")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&env.stdout).contains("= help: did you mean `BM-01`?"));
}

fn no_colour_when_not_a_terminal_and_colour_when_forced() {
    let plain = qms().run(&["check"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let forced = qms().run(&["--color", "always", "check"]);
    assert!(forced.stdout.contains("\u{1b}[31m"), "{}", forced.stdout);
}

fn json_report_shape() {
    let out = qms().run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    let j = out.json();
    assert_eq!(j["version"], 1);
    assert_eq!(j["summary"]["errors"], 1);
    assert_eq!(j["summary"]["warnings"], 1);
    assert_eq!(j["summary"]["documents"], 2);
    let f = &j["findings"][1];
    assert_eq!(f["rule"], "X002");
    assert_eq!(f["name"], "unknown-form");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "procedures/QT-HT-01.md");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(22), Some(13))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(22), Some(18))
    );
    assert!(f["help"].as_str().unwrap().contains("BM-01"));
    // The summary goes to stderr so stdout stays valid JSON.
    assert!(out.stderr.contains("1 lỗi, 1 cảnh báo"));
}

fn deny_warnings_makes_warnings_fail() {
    let q = Qms::valid().procedure_with(
        "legal_basis: [luat-ho-tich-2014]",
        "legal_basis: [luat-ho-tich-2014, nd-cu]",
    );
    assert_eq!(q.run(&["check"]).code, 0);
    assert_eq!(q.run(&["check", "--deny", "warnings"]).code, 1);
}

fn github_annotations_escape_properties_and_data() {
    let out = qms().run(&["--lang", "en", "check", "--format", "github"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "::error file=procedures/QT-HT-01.md,line=22,col=13,endLine=22,endColumn=18,title=X002 unknown-form::there is no form with code \"BM-10\"%0Adid you mean `BM-01`?"
    );
    assert!(lines[0].starts_with("::warning file=procedures/QT-HT-01.md,line=13,col=34,"));
    assert_eq!(lines[2], "Checked 2 documents: 1 error, 1 warning.");
}

/// SARIF is checked by Microsoft's SARIF Multitool (npm `@microsoft/sarif-multitool`), which
/// `.ci/run` installs; set QMSDOC_SARIF_MULTITOOL to its `sarif-multitool` launcher.
fn sarif_has_the_rules_and_places() {
    let out = qms().run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let j = out.json();
    assert_eq!(j["version"], "2.1.0");
    let results = j["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[1]["ruleId"], "X002");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        22
    );
}

fn sarif_is_valid_for_the_sarif_multitool() {
    let out = qms().run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let tool = harness::env_path("QMSDOC_SARIF_MULTITOOL");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    let v = std::process::Command::new(&tool)
        .arg("validate")
        .arg(&file)
        .output()
        .expect("run sarif-multitool");
    let text =
        String::from_utf8_lossy(&v.stdout).into_owned() + &String::from_utf8_lossy(&v.stderr);
    assert!(v.status.success(), "{text}");
    assert!(text.contains("Analysis completed successfully"), "{text}");
    assert!(!text.contains(": error "), "{text}");
}
