//! `qmsdoc export bpmn` and `qmsdoc compare --bpmn`, with real BPMN engines as oracles: every
//! procedure of docs-example and of the real transcriptions is exported, parsed by bpmn-moddle
//! without warnings, linted by bpmnlint's recommended rules, run to the end by bpmn-engine and
//! by SpiffWorkflow (after SpiffWorkflow validated it against the BPMN 2.0 schema), each timer
//! with the duration written; and read back by `compare --bpmn` with no difference.
//! The drivers are in tests/bpmn/; scripts/test installs the engines and names them in
//! QMSDOC_BPMN_NODE_TOOLS (the folder holding node_modules) and QMSDOC_BPMN_PYTHON.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::{Out, harness, run_in};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(exports_pass_bpmn_moddle_bpmnlint_and_bpmn_engine)
            .needs(&["node"])
            .needs_env("QMSDOC_BPMN_NODE_TOOLS"),
        case!(exports_validate_and_run_in_spiffworkflow).needs_env("QMSDOC_BPMN_PYTHON"),
        case!(export_then_compare_finds_no_difference),
        case!(a_modified_copy_gives_exactly_the_four_differences),
        case!(bad_bpmn_is_refused_with_exit_2),
        case!(export_writes_every_file_or_none),
    ])
}

fn base() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// docs-example and every real transcription.
fn roots() -> Vec<PathBuf> {
    let mut real: Vec<PathBuf> = std::fs::read_dir(base().join("tests/fixtures/real"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    real.sort();
    std::iter::once(base().join("docs-example"))
        .chain(real)
        .collect()
}

/// The codes of every procedure of a QMS (`qmsdoc list`): without codes, `export` and `compare`
/// take only the TTHC procedures, and the internal ones are exported too.
fn codes(root: &Path) -> Vec<String> {
    let list = run_in(root, &["list", "--kind", "procedure", "--format", "json"]);
    let all: Value = serde_json::from_str(&list.stdout).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Every procedure of `root` exported into `out`.
fn export(root: &Path, out: &Path) -> Out {
    let codes = codes(root);
    let mut args = vec!["export", "bpmn", "-o", out.to_str().unwrap()];
    args.extend(codes.iter().map(String::as_str));
    let out = run_in(root, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

/// Every root exported into its own folder under `dir`; the files, in name order.
fn export_all(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (n, root) in roots().iter().enumerate() {
        let out = dir.join(n.to_string());
        export(root, &out);
        let mut mine: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        mine.sort();
        files.extend(mine);
    }
    assert!(files.len() >= 30, "{} files", files.len());
    files
}

/// The values of `attr` on the elements `<bpmn:tag …>` of a file, in order.
fn attrs(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    xml.split(&format!("<bpmn:{tag} "))
        .skip(1)
        .map(|rest| {
            let rest = &rest[..rest.find('>').unwrap()];
            let from = format!(" {rest}").find(&format!(" {attr}=\"")).unwrap() + attr.len() + 2;
            rest[from..from + rest[from..].find('"').unwrap()].to_string()
        })
        .collect()
}

/// (timer id, ISO duration) of each timer of a file.
fn timers(xml: &str) -> Vec<(String, String)> {
    let ids = attrs(xml, "boundaryEvent", "id");
    let durations: Vec<String> = xml
        .split("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">")
        .skip(1)
        .map(|r| r[..r.find('<').unwrap()].to_string())
        .collect();
    assert_eq!(ids.len(), durations.len());
    ids.into_iter().zip(durations).collect()
}

/// Seconds of the durations the writer uses: `PnDTnHnM`.
fn seconds(iso: &str) -> u64 {
    let (mut total, mut n) = (0, 0);
    for c in iso.chars() {
        match c {
            '0'..='9' => n = n * 10 + u64::from(c.to_digit(10).unwrap()),
            'D' => (total, n) = (total + n * 86_400, 0),
            'H' => (total, n) = (total + n * 3_600, 0),
            'M' => (total, n) = (total + n * 60, 0),
            _ => {}
        }
    }
    total
}

/// Runs a driver over the files; one JSON report per line, one per file.
fn reports(program: &str, script: &str, files: &[PathBuf], env: (&str, &str)) -> Vec<Value> {
    let out = Command::new(program)
        .arg(base().join("tests/bpmn").join(script))
        .args(files)
        .env(env.0, env.1)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(all.len(), files.len(), "{stdout}");
    all
}

/// The tasks a run completed, in order, are the file's tasks; every timer started with the
/// duration written (`seconds` reads a report's timer entry).
fn assert_ran(file: &Path, report: &Value, seconds_of: impl Fn(&Value) -> f64) {
    let xml = std::fs::read_to_string(file).unwrap();
    let name = file.display();
    assert!(report["error"].is_null(), "{name}: {}", report["error"]);
    assert_eq!(report["completed"], true, "{name}");
    let tasks: Vec<String> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert_eq!(tasks, attrs(&xml, "userTask", "id"), "{name}");
    let written = timers(&xml);
    assert_eq!(
        report["timers"].as_object().unwrap().len(),
        written.len(),
        "{name}"
    );
    for (id, iso) in written {
        let got = seconds_of(&report["timers"][&id]);
        assert!(
            (got - seconds(&iso) as f64).abs() < 1.0,
            "{name} {id}: {iso} ran as {got} s"
        );
    }
}

fn exports_pass_bpmn_moddle_bpmnlint_and_bpmn_engine() {
    let tools = std::env::var("QMSDOC_BPMN_NODE_TOOLS").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = export_all(dir.path());
    // bpmnlint's recommended rules, all of them (tests/bpmn/.bpmnlintrc), warnings included.
    let lint = Command::new(Path::new(&tools).join("node_modules/.bin/bpmnlint"))
        .arg("--config")
        .arg(base().join("tests/bpmn/.bpmnlintrc"))
        .arg("--max-warnings=0")
        .args(&files)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&lint.stdout).into_owned() + &String::from_utf8_lossy(&lint.stderr);
    assert!(
        lint.status.success() && said.trim().is_empty(),
        "bpmnlint:\n{said}"
    );
    let runs = reports("node", "engines.cjs", &files, ("QMSDOC_NODE_TOOLS", &tools));
    for (file, report) in files.iter().zip(&runs) {
        assert_eq!(
            report["warnings"],
            serde_json::json!([]),
            "{}",
            file.display()
        );
        assert_ran(file, report, |t| t["timeoutMs"].as_f64().unwrap() / 1000.0);
        let xml = std::fs::read_to_string(file).unwrap();
        for (id, iso) in timers(&xml) {
            assert_eq!(
                report["timers"][&id]["timeDuration"],
                iso.as_str(),
                "{}",
                file.display()
            );
        }
    }
}

fn exports_validate_and_run_in_spiffworkflow() {
    let python = std::env::var("QMSDOC_BPMN_PYTHON").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = export_all(dir.path());
    let runs = reports(
        &python,
        "spiff.py",
        &files,
        ("PYTHONDONTWRITEBYTECODE", "1"),
    );
    for (file, report) in files.iter().zip(&runs) {
        assert_ran(file, report, |t| t.as_f64().unwrap());
    }
}

fn compare(root: &Path, dir: &Path, extra: &[&str]) -> Out {
    let mut args = vec![
        "compare",
        "--bpmn",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run_in(root, &args)
}

fn export_then_compare_finds_no_difference() {
    for root in roots() {
        let dir = tempfile::tempdir().unwrap();
        export(&root, &dir.path().join("bpmn"));
        let codes = codes(&root);
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let out = compare(&root, &dir.path().join("bpmn"), &codes);
        assert_eq!(out.findings(), vec![], "{}: {}", root.display(), out.stderr);
        assert_eq!(out.code, 0, "{}", root.display());
    }
}

/// Replaces `from` (which must be there) by `to`, once.
fn edit(text: &mut String, from: &str, to: &str) {
    assert!(text.contains(from), "{from}");
    *text = text.replacen(from, to, 1);
}

fn a_modified_copy_gives_exactly_the_four_differences() {
    let root = base().join("docs-example");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bpmn");
    export(&root, &out);
    let file = out.join("QT-01.bpmn");
    let mut xml = std::fs::read_to_string(&file).unwrap();
    // Step 1 takes two working days instead of one.
    edit(
        &mut xml,
        ">PT8H</bpmn:timeDuration>",
        ">PT16H</bpmn:timeDuration>",
    );
    // Step 3 moves to the lane of step 2.
    edit(
        &mut xml,
        "<bpmn:flowNodeRef>Task_B3</bpmn:flowNodeRef>\n",
        "",
    );
    edit(
        &mut xml,
        "<bpmn:flowNodeRef>Task_B2</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>Task_B2</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_B3</bpmn:flowNodeRef>",
    );
    // Steps 4 and 5 swap.
    let flow = |n: u32, from: u32, to: u32| {
        format!("id=\"Flow_{n}\" sourceRef=\"Task_B{from}\" targetRef=\"Task_B{to}\"")
    };
    edit(&mut xml, &flow(4, 3, 4), &flow(4, 3, 5));
    edit(&mut xml, &flow(5, 4, 5), &flow(5, 5, 4));
    edit(&mut xml, &flow(6, 5, 6), &flow(6, 4, 6));
    // Step 2 is left out of the flow.
    edit(&mut xml, &flow(2, 1, 2), &flow(2, 1, 3));
    std::fs::write(&file, xml).unwrap();
    let report = compare(&root, &out, &["QT-01"]);
    let got: Vec<(String, u64)> = report
        .findings()
        .into_iter()
        .map(|f| (f.rule, f.line))
        .collect();
    // E004 order (at `steps:`), E005 step 1's time, E002 step 2 missing, E006 step 3's role.
    assert_eq!(
        got,
        [("E004", 15), ("E005", 23), ("E002", 25), ("E006", 32)].map(|(r, l)| (r.to_string(), l)),
        "{}",
        report.stdout
    );
    let messages: Vec<String> = report.findings().into_iter().map(|f| f.message).collect();
    assert!(
        messages[0].contains("B1 → B3 → B5 → B4 → B6"),
        "{messages:?}"
    );
    assert!(messages[1].contains("2 ngày làm việc"), "{messages:?}");
    assert!(messages[3].contains("Phó Chủ tịch UBND xã"), "{messages:?}");
    assert_eq!(report.code, 1);
}

fn bad_bpmn_is_refused_with_exit_2() {
    let root = base().join("docs-example");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    export(&root, &good);
    let xml = std::fs::read_to_string(good.join("QT-01.bpmn")).unwrap();
    let gateway = xml.replacen(
        "<bpmn:sequenceFlow id=\"Flow_2\"",
        "<bpmn:exclusiveGateway id=\"Gateway_1\" name=\"Đủ hồ sơ?\"/><bpmn:sequenceFlow id=\"Flow_2\"",
        1,
    );
    let cycle = xml.replacen("targetRef=\"Task_B4\"", "targetRef=\"Task_B2\"", 1);
    let split = xml.replacen(
        "<bpmn:sequenceFlow id=\"Flow_2\"",
        "<bpmn:sequenceFlow id=\"Flow_X\" sourceRef=\"Task_B1\" targetRef=\"Task_B4\"/><bpmn:sequenceFlow id=\"Flow_2\"",
        1,
    );
    let no_process = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><collaboration id=\"c\"/></definitions>";
    for (name, text, says) in [
        ("text", "Quy trình một cửa", "không phải tệp XML"),
        (
            "broken",
            "<definitions><process></definitions>",
            "không phải XML hợp lệ",
        ),
        (
            "html",
            "<html><body/></html>",
            "không phải tệp BPMN 2.0: phần tử gốc là <html>",
        ),
        ("empty", no_process, "không có quy trình (<process>)"),
        (
            "gateway",
            &gateway,
            "Gateway_1 là cổng rẽ nhánh (exclusiveGateway)",
        ),
        ("cycle", &cycle, "quay lại phần tử Task_B2 (vòng lặp)"),
        ("split", &split, "Task_B1 có nhiều luồng đi ra"),
    ] {
        let bad = dir.path().join(name);
        std::fs::create_dir(&bad).unwrap();
        std::fs::write(bad.join("QT-01.bpmn"), text).unwrap();
        let out = compare(&root, &bad, &[]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{name}: {}", out.stdout);
        assert!(
            out.stderr.contains("QT-01.bpmn: ") && out.stderr.contains(says),
            "{name}: {}",
            out.stderr
        );
    }
    let empty = dir.path().join("none");
    std::fs::create_dir(&empty).unwrap();
    let out = compare(&root, &empty, &[]);
    assert!(
        out.code == 2 && out.stderr.contains("không có tệp BPMN nào"),
        "{}",
        out.stderr
    );
}

fn export_writes_every_file_or_none() {
    let root = base().join("docs-example");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bpmn");
    // A code that names nothing: nothing is written.
    let failed = run_in(
        &root,
        &[
            "export",
            "bpmn",
            "QT-01",
            "QT-99",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert!(failed.stderr.contains("QT-99"), "{}", failed.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Into a folder that exists: the procedures' files are replaced, other files are kept.
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("QT-01.bpmn"), "old").unwrap();
    std::fs::write(out.join("README"), "kept").unwrap();
    let ok = run_in(
        &root,
        &[
            "export",
            "bpmn",
            "QT-01",
            "1.001193",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        std::fs::read_to_string(out.join("QT-01.bpmn"))
            .unwrap()
            .starts_with("<?xml")
    );
    // A file where the folder should be: an error, and no temporary folder left.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let blocked = run_in(&root, &["export", "bpmn", "-o", file.to_str().unwrap()]);
    assert_eq!(blocked.code, 2, "{}", blocked.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
