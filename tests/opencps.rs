//! `qmsdoc export opencps` and `qmsdoc compare --opencps`: the exported zip read back agrees
//! with the procedures; a copy edited as someone would edit it in the one-stop software shows
//! exactly the edits; backups that are not OpenCPS's are refused with exit 2 and no report.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::{Out, Qms, harness, run_in};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(every_tthc_procedure_of_docs_example_reads_back_without_a_difference),
        case!(the_calendar_goes_with_the_processes),
        case!(each_case_is_a_process_and_an_option_of_its_service),
        case!(a_time_a_role_an_order_and_a_step_changed_are_exactly_four_differences),
        case!(sarif_and_human_reports_carry_the_same_differences),
        case!(a_procedure_missing_from_the_backup_and_a_process_of_no_procedure_are_warned_about),
        case!(backups_that_are_not_opencps_processes_are_refused),
        case!(a_unit_without_a_role_code_stops_the_export_and_writes_nothing),
        case!(compare_sarif_is_valid_for_the_sarif_multitool).needs_env("QMSDOC_SARIF_MULTITOOL"),
    ])
}

fn docs_example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example")
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_in(dir, args)
}

/// Exports `codes` of docs-example into `dir/x.zip`.
fn export(dir: &Path, codes: &[&str]) -> PathBuf {
    let root = docs_example();
    let zip = dir.join("x.zip");
    let mut args = vec!["export", "opencps", "--root", root.to_str().unwrap()];
    args.extend(codes);
    args.extend(["-o", zip.to_str().unwrap()]);
    let out = run(dir, &args);
    assert_eq!(out.code, 0, "{out:?}");
    zip
}

fn compare(dir: &Path, zip: &Path, codes: &[&str]) -> Out {
    let root = docs_example();
    let mut args = vec![
        "compare",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend(["--opencps", zip.to_str().unwrap()]);
    args.extend(codes);
    run(dir, &args)
}

/// Every entry of a zip, by name.
fn entries(zip: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().into_owned(), text)
        })
        .collect()
}

fn write_zip(path: &Path, files: &[(String, String)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in files {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn every_tthc_procedure_of_docs_example_reads_back_without_a_difference() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &[]);
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"x/processes/QT-HT-01.xml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"x/services/1.001193.xml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"x/WorkingTime.xml".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"x/Holiday.xml".to_string()), "{names:?}");
    // 16 procedures with a TTHC: a process and a service each, and the calendar.
    assert_eq!(names.len(), 16 * 2 + 2, "{names:?}");
    let out = compare(dir.path(), &zip, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.findings(), vec![], "{out:?}");
}

fn the_calendar_goes_with_the_processes() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &["QT-HT-01"]);
    let all = entries(&zip);
    let text = |name: &str| &all.iter().find(|(n, _)| n == name).unwrap().1;
    let working = text("x/WorkingTime.xml");
    // Monday to Friday (Java's day of week 2–6), the default sessions.
    assert_eq!(working.matches("<WorkingTime>").count(), 5, "{working}");
    assert!(
        working.contains("<workTimeDay>2</workTimeDay>"),
        "{working}"
    );
    assert!(
        !working.contains("<workTimeDay>1</workTimeDay>"),
        "{working}"
    );
    assert!(working.contains("07:30-11:30,13:30-17:30"), "{working}");
    let holidays = text("x/Holiday.xml");
    // 2 September 2026 is National Day (dd/MM/yyyy, as OpenCPS's import reads it).
    assert!(
        holidays.contains("<holidayDate>02/09/2026</holidayDate>"),
        "{holidays}"
    );
}

/// docs-example with QT-HT-01 in two cases: step 3 (4 hours) only when the file needs
/// verification.
fn docs_example_with_cases() -> Qms {
    let path = "procedures/ho-tich/QT-HT-01.md";
    Qms::copy_of(&docs_example())
        .edit(
            path,
            "time_limit: 1 ngày làm việc\n",
            "cases:\n  - { id: \"1\", name: Trường hợp hồ sơ đầy đủ, time_limit: 4 giờ làm việc }\n  - { id: \"2\", name: Trường hợp cần xác minh, time_limit: 1 ngày làm việc }\n",
        )
        .edit(
            path,
            "    time: 4 giờ làm việc\n",
            "    time: 4 giờ làm việc\n    cases: [\"2\"]\n",
        )
}

fn each_case_is_a_process_and_an_option_of_its_service() {
    let q = docs_example_with_cases();
    // (Under the tests' fixed clock, docs-example's records of later in 2026 are in the future.)
    let about = |f: &common::F| f.file.ends_with("QT-HT-01.md");
    assert_eq!(q.check().findings().into_iter().filter(about).count(), 0);
    let zip = q.join("x.zip");
    let out = q.run(&["export", "opencps", "QT-HT-01", "-o", zip.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let all = entries(&zip);
    let text = |name: &str| &all.iter().find(|(n, _)| n == name).unwrap().1;
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "x/processes/QT-HT-01-1.xml",
            "x/processes/QT-HT-01-2.xml",
            "x/services/1.001193.xml",
            "x/WorkingTime.xml",
            "x/Holiday.xml"
        ]
    );
    // Case 1 has five steps numbered as the procedure numbers them (step 3 left out).
    let one = text("x/processes/QT-HT-01-1.xml");
    assert_eq!(one.matches("<ProcessStep>").count(), 5, "{one}");
    assert!(!one.contains("<stepCode>B3</stepCode>"), "{one}");
    assert!(one.contains("<durationCount>4</durationCount>"), "{one}");
    assert!(
        one.contains("(Trường hợp hồ sơ đầy đủ)</processName>"),
        "{one}"
    );
    let two = text("x/processes/QT-HT-01-2.xml");
    assert_eq!(two.matches("<ProcessStep>").count(), 6, "{two}");
    let service = text("x/services/1.001193.xml");
    assert_eq!(service.matches("<ProcessOption>").count(), 2, "{service}");
    assert!(
        service.contains("<optionName>Trường hợp cần xác minh</optionName>"),
        "{service}"
    );
    assert!(service.contains("<seqOrder>2</seqOrder>"), "{service}");
    // Read back, both cases match their processes.
    let args = [
        "compare",
        "--format",
        "json",
        "--opencps",
        zip.to_str().unwrap(),
        "QT-HT-01",
    ];
    let out = q.run(&args);
    assert_eq!((out.code, out.findings()), (0, vec![]), "{out:?}");
    // A time changed in case 1's process is reported on that step's line of the procedure.
    let mut files = all.clone();
    let one = &mut files
        .iter_mut()
        .find(|(n, _)| n.ends_with("QT-HT-01-1.xml"))
        .unwrap()
        .1;
    edit_step(
        one,
        "B4",
        "<durationCount>2</durationCount>",
        "<durationCount>3</durationCount>",
    );
    let changed = q.join("changed.zip");
    write_zip(&changed, &files);
    let out = q.run(&[
        "compare",
        "--format",
        "json",
        "--opencps",
        changed.to_str().unwrap(),
        "QT-HT-01",
    ]);
    let f = out.only("E005");
    let src = std::fs::read_to_string(q.join("procedures/ho-tich/QT-HT-01.md")).unwrap();
    let line = src
        .lines()
        .position(|l| l == "    time: 2 giờ làm việc")
        .unwrap()
        + 1;
    assert_eq!(f.line as usize, line, "{f:?}");
    assert!(f.message.contains("QT-HT-01-1"), "{}", f.message);
    // The backup without the second case's process: that case is not configured.
    let edited = q.join("edited.zip");
    let kept: Vec<(String, String)> = all
        .iter()
        .filter(|(n, _)| !n.ends_with("QT-HT-01-2.xml"))
        .cloned()
        .collect();
    write_zip(&edited, &kept);
    let out = q.run(&[
        "compare",
        "--format",
        "json",
        "--opencps",
        edited.to_str().unwrap(),
        "QT-HT-01",
    ]);
    let f = out.only("E008");
    assert!(f.message.contains("QT-HT-01-2"), "{}", f.message);
}

/// The `<ProcessStep>` of a step code, as a range of the text.
fn step(xml: &str, code: &str) -> std::ops::Range<usize> {
    let at = xml.find(&format!("<stepCode>{code}</stepCode>")).unwrap();
    let start = xml[..at].rfind("    <ProcessStep>").unwrap();
    let end = at + xml[at..].find("</ProcessStep>\n").unwrap() + "</ProcessStep>\n".len();
    start..end
}

/// Replaces `from` by `to` inside step `code`.
fn edit_step(xml: &mut String, code: &str, from: &str, to: &str) {
    let r = step(xml, code);
    let block = xml[r.clone()].to_string();
    assert!(block.contains(from), "{block}");
    xml.replace_range(r, &block.replacen(from, to, 1));
}

/// The flow through `codes`, in this order.
fn set_flow(xml: &mut String, codes: &[&str]) {
    let start = xml.find("<actions>").unwrap();
    let end = xml.find("</actions>").unwrap();
    let mut flow = String::from("<actions>\n");
    let mut pre = "";
    for (i, c) in codes.iter().enumerate() {
        flow.push_str(&format!(
            "    <ProcessAction><actionCode>{i}</actionCode><preStepCode>{pre}</preStepCode><postStepCode>{c}</postStepCode></ProcessAction>\n"
        ));
        pre = c;
    }
    xml.replace_range(start..end, &flow);
}

fn a_time_a_role_an_order_and_a_step_changed_are_exactly_four_differences() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &["QT-HT-01"]);
    let mut files = entries(&zip);
    let process = files
        .iter_mut()
        .find(|(n, _)| n == "x/processes/QT-HT-01.xml")
        .unwrap();
    let xml = &mut process.1;
    // Step 3 is 4 working hours (the process counts in hours: 15 minutes is no whole day part).
    assert!(xml.contains("<durationUnit>1</durationUnit>"), "{xml}");
    edit_step(
        xml,
        "B3",
        "<durationCount>4</durationCount>",
        "<durationCount>3</durationCount>",
    );
    edit_step(
        xml,
        "B4",
        "<roleCode>LANHDAO_UBND</roleCode>",
        "<roleCode>VANTHU</roleCode>",
    );
    let last = step(xml, "B6");
    xml.replace_range(last, "");
    set_flow(xml, &["B1", "B2", "B3", "B5", "B4"]);
    let edited = dir.path().join("edited.zip");
    write_zip(&edited, &files);

    let out = compare(dir.path(), &edited, &["QT-HT-01"]);
    assert_eq!(out.code, 1, "{out:?}");
    let found: Vec<(String, String)> = out
        .findings()
        .into_iter()
        .map(|f| (f.rule, f.message))
        .collect();
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(rules, ["E004", "E005", "E006", "E002"], "{found:#?}");
    let message = |rule: &str| &found.iter().find(|(r, _)| r == rule).unwrap().1;
    assert!(message("E002").contains("(B6)"), "{found:#?}");
    assert!(
        message("E004").contains("B1 → B2 → B3 → B5 → B4"),
        "{found:#?}"
    );
    assert!(message("E005").contains("3 giờ làm việc"), "{found:#?}");
    assert!(message("E005").contains("4 giờ làm việc"), "{found:#?}");
    assert!(message("E006").contains("VANTHU"), "{found:#?}");
    assert!(message("E006").contains("LANHDAO_UBND"), "{found:#?}");
    assert!(
        message("E002").starts_with("TTHC 1.001193 (QT-HT-01)"),
        "{found:#?}"
    );
}

fn sarif_and_human_reports_carry_the_same_differences() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &["QT-HT-01"]);
    let mut files = entries(&zip);
    let xml = &mut files
        .iter_mut()
        .find(|(n, _)| n == "x/processes/QT-HT-01.xml")
        .unwrap()
        .1;
    edit_step(
        xml,
        "B4",
        "<roleCode>LANHDAO_UBND</roleCode>",
        "<roleCode>VANTHU</roleCode>",
    );
    let edited = dir.path().join("edited.zip");
    write_zip(&edited, &files);
    let root = docs_example();
    let base = [
        "compare",
        "--root",
        root.to_str().unwrap(),
        "--opencps",
        "edited.zip",
        "QT-HT-01",
    ];
    let sarif = run(dir.path(), &[&base[..], &["--format", "sarif"]].concat());
    assert_eq!(sarif.code, 1, "{sarif:?}");
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{v:#}");
    assert_eq!(results[0]["ruleId"], "E006");
    let human = run(dir.path(), &base);
    assert_eq!(human.code, 1, "{human:?}");
    assert!(human.stdout.contains("E006"), "{human:?}");
    assert!(
        human
            .stdout
            .contains("Đã so sánh 1 quy trình với quy trình điện tử: 1 lỗi, 0 cảnh báo."),
        "{human:?}"
    );
    assert!(human.stdout.contains("QT-HT-01.md"), "{human:?}");
}

fn a_procedure_missing_from_the_backup_and_a_process_of_no_procedure_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &["QT-HT-01"]);
    let mut files = entries(&zip);
    let (_, xml) = files
        .iter()
        .find(|(n, _)| n == "x/processes/QT-HT-01.xml")
        .unwrap()
        .clone();
    let other = xml.replace(
        "<processNo>QT-HT-01</processNo>",
        "<processNo>QT-KHAC</processNo>",
    );
    files.push(("x/processes/QT-KHAC.xml".into(), other));
    let edited = dir.path().join("edited.zip");
    write_zip(&edited, &files);
    let out = compare(dir.path(), &edited, &[]);
    // Warnings only: the exit code is 0 unless warnings are denied.
    assert_eq!(out.code, 0, "{out:?}");
    let rules: Vec<String> = out.findings().into_iter().map(|f| f.rule).collect();
    assert_eq!(
        rules.iter().filter(|r| *r == "E008").count(),
        15,
        "{rules:?}"
    );
    assert_eq!(
        rules.iter().filter(|r| *r == "E009").count(),
        1,
        "{rules:?}"
    );
}

/// A compare that must fail on its input: exit 2, the message on stderr, no report.
fn refused(dir: &Path, zip: &Path, expect: &str) {
    let out = run(
        dir,
        &[
            "--lang",
            "en",
            "compare",
            "--root",
            docs_example().to_str().unwrap(),
            "--opencps",
            zip.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "", "{out:?}");
    assert!(
        out.stderr.contains(expect),
        "{expect:?} not in {}",
        out.stderr
    );
}

fn backups_that_are_not_opencps_processes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zip = export(d, &["QT-HT-01"]);
    let good = entries(&zip);
    let process = good
        .iter()
        .find(|(n, _)| n.ends_with("processes/QT-HT-01.xml"))
        .unwrap()
        .1
        .clone();
    let with = |name: &str, xml: String| {
        let path = d.join(name);
        write_zip(&path, &[("x/processes/QT-HT-01.xml".to_string(), xml)]);
        path
    };

    std::fs::write(d.join("text.zip"), "not a zip").unwrap();
    refused(d, &d.join("text.zip"), "is not a readable zip file");
    refused(d, &d.join("absent.zip"), "cannot read");

    let calendar_only: Vec<(String, String)> = good
        .iter()
        .filter(|(n, _)| !n.contains("processes/"))
        .cloned()
        .collect();
    write_zip(&d.join("no-processes.zip"), &calendar_only);
    refused(d, &d.join("no-processes.zip"), "has no processes/ folder");

    let bpmn = with("bpmn.zip", "<definitions><process/></definitions>".into());
    refused(
        d,
        &bpmn,
        "the root element is <definitions>, not OpenCPS's <ServiceProcess>",
    );

    let broken = with("broken.zip", process.replace("</steps>", ""));
    refused(d, &broken, "x/processes/QT-HT-01.xml: not well-formed XML");

    let start = process.find("<steps>").unwrap();
    let end = process.find("</steps>").unwrap() + "</steps>".len();
    let mut empty = process.clone();
    empty.replace_range(start..end, "<steps></steps>");
    let no_steps = with("no-steps.zip", empty);
    refused(d, &no_steps, "process QT-HT-01 has no steps");

    let weeks = with(
        "weeks.zip",
        process.replace(
            "<durationUnit>1</durationUnit>",
            "<durationUnit>2</durationUnit>",
        ),
    );
    refused(
        d,
        &weeks,
        "<durationUnit> is \"2\"; OpenCPS uses only 0 (working days) or 1",
    );

    let words = with(
        "words.zip",
        process.replacen("<durationCount>", "<durationCount>hai", 1),
    );
    refused(d, &words, "is not a non-negative number");
}

fn a_unit_without_a_role_code_stops_the_export_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let qms = dir.path().join("qms");
    for entry in common::walk(&docs_example()) {
        let to = qms.join(entry.strip_prefix(docs_example()).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    let yaml = std::fs::read_to_string(qms.join("qms.yaml")).unwrap();
    let without = yaml.replace("    - { who: Chủ tịch, role: LANHDAO_UBND }\n", "");
    assert_ne!(yaml, without);
    std::fs::write(qms.join("qms.yaml"), without).unwrap();
    let out = run(
        dir.path(),
        &[
            "--lang", "en", "export", "opencps", "--root", "qms", "QT-HT-01", "-o", "x.zip",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains(
            "QT-HT-01, step 4 (B4): \"Chủ tịch hoặc Phó Chủ tịch UBND xã được phân công\" has no OpenCPS role code"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("opencps:\n    roles:"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("x.zip").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the QMS copy: {leftovers:?}");
}

/// The SARIF of `compare`, as Microsoft's SARIF Multitool validates it.
fn compare_sarif_is_valid_for_the_sarif_multitool() {
    let dir = tempfile::tempdir().unwrap();
    let zip = export(dir.path(), &["QT-HT-01"]);
    let mut files = entries(&zip);
    let xml = &mut files
        .iter_mut()
        .find(|(n, _)| n == "x/processes/QT-HT-01.xml")
        .unwrap()
        .1;
    edit_step(
        xml,
        "B4",
        "<roleCode>LANHDAO_UBND</roleCode>",
        "<roleCode>VANTHU</roleCode>",
    );
    let edited = dir.path().join("edited.zip");
    write_zip(&edited, &files);
    // Every procedure: E006 in a file, and E008 warnings.
    let root = docs_example();
    let args = [
        "compare",
        "--root",
        root.to_str().unwrap(),
        "--opencps",
        "edited.zip",
    ];
    let out = run(dir.path(), &[&args[..], &["--format", "sarif"]].concat());
    assert_eq!(out.code, 1, "{out:?}");
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    let v = std::process::Command::new(harness::env_path("QMSDOC_SARIF_MULTITOOL"))
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
