//! docs-example/ is the QMS a new user tries first: it must pass `check` with no finding, and
//! its front matter must validate against `qmsdoc schema` in a real JSON-Schema validator.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(docs_example_passes_check_with_no_finding),
        case!(docs_example_covers_what_a_commune_qms_needs),
        case!(docs_example_front_matter_validates_against_the_schema)
            .needs_env("QMSDOC_CHECK_JSONSCHEMA"),
    ])
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example")
}

fn docs_example_passes_check_with_no_finding() {
    let out = run_in(
        &example(),
        &[
            "check",
            "--format",
            "json",
            "--deny",
            "warnings",
            "--as-of",
            "2026-12-15",
        ],
    );
    assert_eq!(out.findings(), vec![], "{}", out.stdout);
    assert_eq!(out.code, 0);
    let s = &out.json()["summary"];
    // The minimum: 12 TTHC procedures, 6 internal ones, policy, objectives, forms.
    assert!(s["documents"].as_u64().unwrap() >= 25, "{s}");
}

fn docs_example_covers_what_a_commune_qms_needs() {
    let out = run_in(&example(), &["list", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    let count = |kind: &str| rows.iter().filter(|r| r["kind"] == kind).count();
    assert!(count("procedure") >= 18, "{}", out.stdout);
    assert_eq!(count("policy"), 1);
    assert_eq!(count("objectives"), 1);
    assert!(count("form") >= 1);
    let catalog = std::fs::read_to_string(example().join("tthc/catalog.yaml")).unwrap();
    assert!(catalog.matches("- code:").count() >= 12, "{catalog}");
}

/// Validated by check-jsonschema (PyPI), which `scripts/test` installs; set
/// QMSDOC_CHECK_JSONSCHEMA to its path.
fn docs_example_front_matter_validates_against_the_schema() {
    let tool = harness::env_path("QMSDOC_CHECK_JSONSCHEMA");
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    let out = run_in(dir.path(), &["schema", "-o", "schema.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut files = Vec::new();
    // docs-example and the transcriptions of real decisions, whose step tables have sub-rows.
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    for path in markdown_files(&example())
        .into_iter()
        .chain(markdown_files(&real))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(rest) = text.strip_prefix("---\n") else {
            continue;
        };
        let yaml = &rest[..rest.find("\n---").expect("closing ---")];
        let target = dir.path().join(format!("{}.yaml", files.len()));
        std::fs::write(&target, yaml).unwrap();
        files.push(target);
    }
    assert!(files.len() >= 25);
    let v = std::process::Command::new(&tool)
        .arg("--schemafile")
        .arg(&schema)
        .args(&files)
        .output()
        .expect("run check-jsonschema");
    let text =
        String::from_utf8_lossy(&v.stdout).into_owned() + &String::from_utf8_lossy(&v.stderr);
    assert!(v.status.success(), "{text}");

    // And the validator does reject what qmsdoc rejects: a step without `responsible`.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "kind: procedure\ncode: X\ntitle: X\nrevision: 0\nstatus: draft\nowner: A\nprepared_by: A\nreviewed_by: A\napproved_by: A\ntime_limit: 1 ngày làm việc\nrecords: []\nsteps:\n  - {what: a, who: b, how: c, time: 1 giờ}\n").unwrap();
    let bad = std::process::Command::new(&tool)
        .arg("--schemafile")
        .arg(&schema)
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!bad.status.success());

    // Keys spelt as `check` also reads them (diacritics, capitals, spaces) are accepted, and a
    // blank value `check` refuses is refused here too.
    let validate = |name: &str, yaml: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, yaml).unwrap();
        let out = std::process::Command::new(&tool)
            .arg("--schemafile")
            .arg(&schema)
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.success(), text)
    };
    let accented = "kind: procedure\nmã: QT-01\nTiêu đề: Đăng ký\nrevision: 0\nstatus: draft\nowner: A\nprepared_by: A\nreviewed_by: A\napproved_by: A\ntime_limit: 1 ngày làm việc\nrecords: []\nsteps:\n  - {what: a, who: b, how: c, trách_nhiệm: d, time: 1 giờ}\n";
    let (ok, text) = validate("accented.yaml", accented);
    assert!(ok, "{text}");
    let blank = accented.replace("trách_nhiệm: d", "responsible: \"\"");
    let (ok, text) = validate("blank.yaml", &blank);
    assert!(!ok && text.contains("responsible"), "{text}");
    assert!(
        String::from_utf8_lossy(&bad.stdout).contains("responsible"),
        "{}",
        String::from_utf8_lossy(&bad.stdout)
    );

    // One limit per case instead of one for the whole; a case needs its own, and a procedure
    // one or the other.
    let cases = accented.replace(
        "time_limit: 1 ngày làm việc\n",
        "trường_hợp:\n  - { id: \"1\", name: A, time_limit: 1 giờ }\n  - { name: B, thời_hạn: 2 giờ }\n",
    ) + "  - {what: e, who: b, how: c, responsible: d, time: 1 giờ, cases: [\"2\"]}\n";
    let (ok, text) = validate("cases.yaml", &cases);
    assert!(ok, "{text}");
    let (ok, text) = validate(
        "case-no-limit.yaml",
        &cases.replace(", thời_hạn: 2 giờ", ""),
    );
    assert!(!ok && text.contains("time_limit"), "{text}");
    let neither = accented.replace("time_limit: 1 ngày làm việc\n", "");
    let (ok, text) = validate("no-limit.yaml", &neither);
    assert!(!ok, "{text}");
}

/// The Markdown documents under `dir` (README files left out), sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    out.sort();
    out
}
