//! A new user's first hour: `init`, the first `check`, the first `publish`, as the README's
//! quick start has them, read from what the binary prints.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use std::collections::BTreeMap;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(the_placeholders_init_leaves_in_qms_yaml_are_errors_with_their_place),
        case!(a_missing_or_dotted_agency_value_is_an_error_and_publish_refuses_it),
        case!(init_in_the_current_folder_says_so_and_ignores_rendered_pdfs),
        case!(the_editor_task_puts_front_matter_findings_at_their_line).needs(&["python3"]),
        case!(a_new_procedure_prints_its_front_matter_and_no_author_notes).needs(&["pdftotext"]),
        case!(a_new_procedure_for_an_unknown_tthc_reports_what_is_missing),
        case!(publish_takes_who_commits_from_the_environment_as_git_does),
        case!(the_readme_starts_with_two_commands),
        case!(every_command_takes_the_qms_folder_as_root),
        case!(diff_of_a_document_published_once_is_an_answer_not_a_usage_error),
        case!(render_all_prints_the_documents_in_force_only),
        case!(a_blank_value_is_asked_to_be_filled_in_with_the_duration_syntax),
        case!(the_readme_quick_start_runs_line_by_line_in_an_empty_folder),
    ])
}

/// `init` with only the agency's name, as the README's quick start has it.
fn init_with_only_the_name() -> Qms {
    let q = Qms::empty();
    let out = q.run(&["init", ".", "--agency", "Ủy ban nhân dân xã Tân Hòa"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    q
}

fn the_placeholders_init_leaves_in_qms_yaml_are_errors_with_their_place() {
    let q = init_with_only_the_name();
    let out = q.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "lỗi[M005]: agency.parent (cơ quan chủ quản) còn chỗ chờ điền: \"Ủy ban nhân dân tỉnh …\"\n --> qms.yaml:5:11"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "lỗi[M005]: agency.head (họ tên người đứng đầu, người ký quyết định) để trống\n --> qms.yaml:7:9"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "gợi ý: điền cơ quan chủ quản, ví dụ `parent: Ủy ban nhân dân tỉnh Đồng Nai`"
        ),
        "{}",
        out.stdout
    );
    // The place was taken from the name; nothing else is reported.
    assert_eq!(out.stdout.matches("lỗi[").count(), 2, "{}", out.stdout);
    let en = q.run(&["--lang", "en", "check"]);
    assert!(
        en.stdout.contains(
            "error[M005]: agency.head (the name of the head, who signs decisions) is empty"
        ),
        "{}",
        en.stdout
    );
}

fn a_missing_or_dotted_agency_value_is_an_error_and_publish_refuses_it() {
    let q = Qms::valid()
        .edit("qms.yaml", "  head: Nguyễn Văn A\n", "")
        .edit("qms.yaml", "place: Thử Nghiệm", "place: ...");
    let f: Vec<F> = q.check().findings();
    let got: Vec<(&str, u64, u64)> = f
        .iter()
        .map(|f| (f.rule.as_str(), f.line, f.column))
        .collect();
    assert_eq!(got, [("M005", 1, 1), ("M005", 4, 10)], "{f:#?}");
    assert_eq!(
        f[0].message,
        "thiếu agency.head (họ tên người đứng đầu, người ký quyết định)"
    );

    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo"]);
    let out = q.run(&[
        "publish",
        "--apply",
        "--number",
        "01",
        "--date",
        "2026-01-05",
    ]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("lỗi[M005]"), "{}", out.stderr);
    assert_eq!(git(q.path(), &["tag", "-l"]), "", "nothing was published");
}

fn init_in_the_current_folder_says_so_and_ignores_rendered_pdfs() {
    let q = Qms::empty();
    let out = q.run(&["init", "--agency", "Ủy ban nhân dân xã Tân Hòa"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Đã tạo HTQLCL trong thư mục hiện tại. Tiếp theo:\n  qmsdoc check"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(".."), "{}", out.stdout);
    // The editor knows the schemas of the repository files.
    let settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(q.join(".vscode/settings.json")).unwrap()).unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./.vscode/qmsdoc-config.schema.json"],
        "qms.yaml"
    );
    assert!(q.join(".vscode/qmsdoc-config.schema.json").is_file());
    // `git add .` after a render commits the sources, not the PDFs.
    git(q.path(), &["init", "-q"]);
    std::fs::create_dir(q.join("out")).unwrap();
    std::fs::write(q.join("out/QT-01.pdf"), "%PDF").unwrap();
    git(q.path(), &["add", "."]);
    let staged = git(q.path(), &["diff", "--cached", "--name-only"]);
    assert!(staged.contains("qms.yaml"), "{staged}");
    assert!(!staged.contains("out/"), "{staged}");
}

/// Front matter inside `.md` files is not read by yaml-language-server: `init` writes a VS
/// Code task running `qmsdoc check --format github` with a problem matcher. Its regular
/// expression (the same syntax in JavaScript and Python for what it uses) reads every line
/// qmsdoc prints into the file, line, column and rule of the finding.
fn the_editor_task_puts_front_matter_findings_at_their_line() {
    let q = Qms::empty();
    assert_eq!(
        q.run(&["init", "--agency", "Ủy ban nhân dân xã Tân Hòa"])
            .code,
        0
    );
    let tasks: serde_json::Value =
        serde_json::from_slice(&std::fs::read(q.join(".vscode/tasks.json")).unwrap()).unwrap();
    let task = &tasks["tasks"][0];
    assert_eq!(task["command"], "qmsdoc check --format github");
    let pattern = &task["problemMatcher"]["pattern"];
    let regexp = pattern["regexp"].as_str().unwrap();
    let procedure = std::fs::read_to_string(q.join("procedures/QT-01.md")).unwrap();
    let owner_line = procedure
        .lines()
        .position(|l| l.starts_with("owner:"))
        .unwrap()
        + 1;
    std::fs::write(
        q.join("procedures/QT-01.md"),
        procedure.replacen("owner:", "owner: \"\"\nx_owner:", 1),
    )
    .unwrap();
    let out = q.run(&["check", "--format", "github"]);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(lines.len() >= 2, "{}", out.stdout);
    let script = "import json, re, sys\nrx = re.compile(sys.argv[1])\nfor line in sys.stdin.read().splitlines():\n    m = rx.match(line)\n    print(json.dumps(m.groups() if m else None))\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, regexp])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let parsed = child.wait_with_output().unwrap();
    let groups: Vec<serde_json::Value> = String::from_utf8(parsed.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups.len(), lines.len());
    assert!(
        groups.iter().all(|g| !g.is_null()),
        "{groups:?}\n{}",
        out.stdout
    );
    let field = |g: &serde_json::Value, i: u64| g[i as usize - 1].as_str().unwrap().to_string();
    let (file, line, code) = (
        pattern["file"].as_u64().unwrap(),
        pattern["line"].as_u64().unwrap(),
        pattern["code"].as_u64().unwrap(),
    );
    let blank = groups
        .iter()
        .find(|g| field(g, code).starts_with("M001"))
        .unwrap_or_else(|| panic!("{groups:?}"));
    assert_eq!(field(blank, file), "procedures/QT-01.md");
    assert_eq!(field(blank, line), owner_line.to_string());
    let unknown = groups
        .iter()
        .find(|g| field(g, code).starts_with("F005"))
        .unwrap();
    assert_eq!(field(unknown, line), (owner_line + 1).to_string());
}

/// The catalog with a second TTHC, as a secretary adds it before `new procedure`.
fn with_marriage() -> Qms {
    Qms::valid().file(
        "tthc/catalog.yaml",
        format!("{CATALOG}  - code: \"1.000894\"\n    name: Thủ tục đăng ký kết hôn\n    time_limit: 1 ngày làm việc\n    fee: Miễn lệ phí\n    legal_basis: [luat-ho-tich-2014]\n"),
    )
}

/// Replaces each `key: ""` of the template with a plausible value, as a secretary would.
fn fill_blanks(text: &str) -> String {
    let values: BTreeMap<&str, &str> = [
        ("owner", "Công chức Tư pháp - Hộ tịch"),
        ("prepared_by", "Công chức Tư pháp - Hộ tịch"),
        ("reviewed_by", "Phó Chủ tịch UBND xã"),
        ("approved_by", "Chủ tịch UBND xã"),
        ("responsible", "Công chức Tư pháp - Hộ tịch"),
        ("time", "2 giờ làm việc"),
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

fn a_new_procedure_prints_its_front_matter_and_no_author_notes() {
    let q = with_marriage();
    let args = [
        "new",
        "procedure",
        "--code",
        "QT-HT-02",
        "--title",
        "Đăng ký kết hôn",
    ];
    let out = q.run(&[&args[..], &["--tthc", "1.000894"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = q.join("procedures/QT-HT-02.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("## 3. Tài liệu viện dẫn\n\n- 60/2014/QH13 Luật Hộ tịch.\n"),
        "{text}"
    );
    std::fs::write(&path, fill_blanks(&text)).unwrap();
    let check = q.check();
    assert_eq!(check.findings(), vec![], "{}", check.stdout);

    let out = q.run(&["render", "QT-HT-02", "-o", "qt.pdf"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pdf = tool_output(q.path(), "pdftotext", &["-layout", "qt.pdf", "-"]);
    let squashed = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "5.4 Thời gian xử lý 1 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.",
        "5.6 Phí, lệ phí Miễn lệ phí",
        "3. Tài liệu viện dẫn - 60/2014/QH13 Luật Hộ tịch.",
        "7. Hồ sơ cần lưu TT Tên hồ sơ Nơi lưu Thời gian lưu 1 Sổ đăng ký kết hôn Công chức Tư pháp - Hộ tịch Vĩnh viễn",
    ] {
        assert!(squashed.contains(expected), "{expected:?} in\n{pdf}");
    }
    for note in [
        "<!--",
        "Để trống",
        "Trình tự các bước theo bảng",
        "legal_basis",
        "`",
    ] {
        assert!(!pdf.contains(note), "{note:?} reached the PDF:\n{pdf}");
    }
}

/// Without the TTHC in the catalog, the values `new` cannot know are errors of `check`,
/// not blanks in the printed procedure.
fn a_new_procedure_for_an_unknown_tthc_reports_what_is_missing() {
    let q = Qms::valid();
    let out = q.run(&[
        "new",
        "procedure",
        "--code",
        "QT-X",
        "--title",
        "X",
        "--tthc",
        "2.000001",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("TTHC 2.000001 chưa có trong tthc/catalog.yaml"),
        "{}",
        out.stderr
    );
    let text = std::fs::read_to_string(q.join("procedures/QT-X.md")).unwrap();
    std::fs::write(q.join("procedures/QT-X.md"), fill_blanks(&text)).unwrap();
    let messages: Vec<String> = q
        .check()
        .findings()
        .into_iter()
        .filter(|f| f.file == "procedures/QT-X.md")
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    for field in ["time_limit", "fee", "legal_basis"] {
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("M001") && m.contains(field)),
            "{field}: {messages:#?}"
        );
    }
}

/// `qmsdoc ARGS` in `q` with HOME (and so the global git configuration) at `home`, and the
/// given environment variables.
fn run_with_env(q: &Qms, home: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> Out {
    let mut c = std::process::Command::new(BIN);
    c.args(args)
        .current_dir(q.path())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("QMSDOC_LANG");
    for var in ["NAME", "EMAIL"] {
        c.env_remove(format!("GIT_AUTHOR_{var}"))
            .env_remove(format!("GIT_COMMITTER_{var}"));
    }
    c.env_remove("EMAIL");
    c.envs(env.iter().copied());
    let out = c.output().expect("run qmsdoc");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// As in many CI jobs: no `user.name` anywhere, only GIT_AUTHOR_* and GIT_COMMITTER_*; and
/// with a global `user.name` as well, the variables still win, as with `git commit`.
fn publish_takes_who_commits_from_the_environment_as_git_does() {
    let q = Qms::valid();
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo"]);
    let home = tempfile::tempdir().unwrap();
    let apply = [
        "publish",
        "--apply",
        "--number",
        "01",
        "--date",
        "2026-01-05",
    ];
    let nobody = run_with_env(&q, home.path(), &[], &apply);
    assert_eq!(nobody.code, 2, "{}", nobody.stdout);
    assert!(
        nobody.stderr.contains("GIT_AUTHOR_NAME"),
        "{}",
        nobody.stderr
    );

    std::fs::write(
        home.path().join(".gitconfig"),
        "[user]\n\tname = Global\n\temail = global@example.vn\n",
    )
    .unwrap();
    let env = [
        ("GIT_AUTHOR_NAME", "Thư ký ISO"),
        ("GIT_AUTHOR_EMAIL", "iso@example.gov.vn"),
        ("GIT_COMMITTER_NAME", "CI"),
        ("GIT_COMMITTER_EMAIL", "ci@example.gov.vn"),
    ];
    let out = run_with_env(&q, home.path(), &env, &apply);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let who = git(q.path(), &["log", "-1", "--format=%an <%ae> | %cn <%ce>"]);
    assert_eq!(
        who.trim(),
        "Thư ký ISO <iso@example.gov.vn> | CI <ci@example.gov.vn>"
    );
    let tag = git(q.path(), &["cat-file", "tag", "qms/1"]);
    assert!(tag.contains("\ntagger CI <ci@example.gov.vn> "), "{tag}");
}

/// The code blocks of README.md, in order.
fn readme_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(_), true) => blocks.extend(current.take()),
            (Some(b), false) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// The commands of a block: its lines that are not comments or blank.
fn commands(block: &str) -> Vec<&str> {
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn the_readme_starts_with_two_commands() {
    let blocks = readme_blocks();
    assert_eq!(
        commands(&blocks[0]),
        [
            "cargo install --locked --path . && qmsdoc check docs-example",
            "bash scripts/test"
        ]
    );
}

/// The README's quick start ("Dùng nhanh"), run as one bash script, line by line (`set -e`,
/// each line traced), in an empty folder, with the built qmsdoc first on PATH, no git
/// configuration at all and the identity in the environment, as in a CI job.
fn the_readme_quick_start_runs_line_by_line_in_an_empty_folder() {
    let blocks = readme_blocks();
    let quick = blocks
        .iter()
        .find(|b| b.starts_with("qmsdoc init"))
        .expect("the quick start block starts with `qmsdoc init`");
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let bin_dir = std::path::Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["-euxo", "pipefail", "-c", quick])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("GIT_AUTHOR_NAME", "Thư ký ISO")
        .env("GIT_AUTHOR_EMAIL", "iso@example.gov.vn")
        .env("GIT_COMMITTER_NAME", "Thư ký ISO")
        .env("GIT_COMMITTER_EMAIL", "iso@example.gov.vn")
        .env("NO_COLOR", "1")
        .env_remove("QMSDOC_LANG")
        .output()
        .expect("run bash");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let qms = dir.path().join("htqlcl");
    for file in [
        "publish/qms/1/index.html",
        "out/QT-01.pdf",
        ".vscode/qmsdoc.schema.json",
        "procedures/QT-HT-01.md",
    ] {
        assert!(qms.join(file).is_file(), "{file}: {stdout}\n{stderr}");
    }
    // Each command ran and said what it did.
    assert!(
        stdout.contains("Đã kiểm tra 3 tài liệu: không có phát hiện nào."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Công bố: qmsdoc publish --apply --number"),
        "{stdout}"
    );
    assert!(stdout.contains("Lưu ý: quyết định chưa ký số"), "{stdout}");
    assert!(
        stdout.contains("index.html không có mã QR vì qms.yaml chưa có `public_url`"),
        "{stdout}"
    );
}

fn diff_of_a_document_published_once_is_an_answer_not_a_usage_error() {
    let q = Qms::valid();
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["config", "user.name", "Thư ký ISO"]);
    git(q.path(), &["config", "user.email", "iso@example.gov.vn"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo"]);
    let apply = q.run(&[
        "publish",
        "--apply",
        "--number",
        "01",
        "--date",
        "2026-01-05",
    ]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let out = q.run(&["diff", "QT-HT-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "QT-HT-01 mới có một phiên bản, lần ban hành 1 (qms/1): chưa có gì để so sánh\n"
    );
}

fn render_all_prints_the_documents_in_force_only() {
    let q = Qms::valid().file(
        "forms/BM-02.md",
        "---\nkind: form\ncode: BM-02\ntitle: Bản nháp\nrevision: 0\nstatus: draft\n---\n\nNháp.\n",
    );
    let out = q.run(&["render", "--all", "-o", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("QT-HT-01: out/QT-HT-01.pdf"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("BM-02"),
        "a draft is not in force: {}",
        out.stdout
    );
    assert!(!q.join("out/BM-02.pdf").exists());
}

fn a_blank_value_is_asked_to_be_filled_in_with_the_duration_syntax() {
    let q = Qms::valid().procedure_with("time_limit: 1 ngày làm việc", "time_limit: \"\"");
    let out = q.run(&["check"]);
    assert!(
        out.stdout.contains(
            "= gợi ý: điền `time_limit`, ví dụ `time_limit: 1 ngày làm việc` (số và đơn vị: giờ làm việc, ngày làm việc, ngày;"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("thêm `time_limit"), "{}", out.stdout);
}

/// One convention: `--root DIR` names the QMS for every command that reads one; `check`
/// still takes the folder or files as PATH.
fn every_command_takes_the_qms_folder_as_root() {
    let q = Qms::valid();
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = q.path().to_str().unwrap();
    for args in [
        &["check", "--root", root][..],
        &["list", "--root", root],
        &["publish", "--root", root],
        &["history", "--root", root, "QT-HT-01"],
        &["render", "--root", root, "QT-HT-01", "-o", "qt.pdf"],
        &[
            "new", "--root", root, "form", "--code", "BM-02", "--title", "Sổ",
        ],
        &["check", root],
    ] {
        let out = run_in(elsewhere.path(), args);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
    }
    assert!(q.join("forms/BM-02.md").is_file());
    let help = run_in(elsewhere.path(), &["publish", "--help"]);
    assert!(help.stdout.contains("--root <DIR>"), "{}", help.stdout);
}
