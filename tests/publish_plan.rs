//! `qmsdoc publish` (the plan) and `check --pending` on real git repositories built by the
//! tests with the git CLI: one test per kind of change.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use serde_json::Value;

/// A valid QMS committed and published once as `qms/1`.
fn published() -> Qms {
    let q = Qms::valid();
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo HTQLCL"]);
    git(
        q.path(),
        &[
            "tag",
            "-a",
            "qms/1",
            "-m",
            "Quyết định số 01/QĐ-UBND ngày 05/01/2026",
        ],
    );
    q
}

fn commit(q: &Qms, message: &str) {
    git(q.path(), &["add", "-A"]);
    git(q.path(), &["commit", "-qm", message]);
}

fn plan(q: &Qms) -> Value {
    let out = q.run(&["publish", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn codes(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn first_publication_when_there_is_no_tag() {
    let q = Qms::valid();
    git(q.path(), &["init", "-q"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo"]);
    let p = plan(&q);
    assert_eq!(p["first"], true);
    assert_eq!(p["next_number"], 1);
    assert_eq!(codes(&p, "annex"), vec!["BM-01", "QT-HT-01"]);
    let human = q.run(&["publish"]);
    assert!(
        human.stdout.starts_with("Công bố lần đầu HTQLCL"),
        "{}",
        human.stdout
    );
}

#[test]
fn nothing_changed_right_after_a_publication() {
    let q = published();
    let p = plan(&q);
    assert_eq!(p["first"], false);
    assert_eq!(p["since"]["tag"], "qms/1");
    assert_eq!(
        p["since"]["message"],
        "Quyết định số 01/QĐ-UBND ngày 05/01/2026"
    );
    assert_eq!(p["next_number"], 2);
    for key in ["added", "changed", "withdrawn", "renamed", "legal"] {
        assert_eq!(p[key].as_array().unwrap().len(), 0, "{key}");
    }
    assert!(q.run(&["publish"]).stdout.contains("chưa cần công bố lại"));
}

#[test]
fn body_change_is_a_change_but_managed_fields_are_not() {
    let q = published()
        .procedure_with(
            "Quy định trình tự đăng ký khai sinh.",
            "Quy định trình tự, thời hạn đăng ký khai sinh.",
        )
        .edit(
            "forms/BM-01.md",
            "revision: 1\neffective: 2026-01-05",
            "revision: 2\neffective: 2026-03-02",
        );
    commit(&q, "Sửa mục đích QT-HT-01");
    let p = plan(&q);
    assert_eq!(codes(&p, "changed"), vec!["QT-HT-01"]);
    assert_eq!(p["changed"][0]["revision"], 1);
    assert_eq!(p["changed"][0]["next_revision"], 2);
    // Uncommitted edits count too: the plan is of the work tree.
    let q = q.edit(
        "forms/BM-01.md",
        "title: Giấy tiếp nhận",
        "title: Giấy biên nhận",
    );
    assert_eq!(codes(&plan(&q), "changed"), vec!["BM-01", "QT-HT-01"]);
}

#[test]
fn front_matter_change_is_a_change() {
    let q = published().procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    assert_eq!(codes(&plan(&q), "changed"), vec!["QT-HT-01"]);
}

#[test]
fn renamed_file_is_the_same_document() {
    let q = published();
    std::fs::create_dir_all(q.join("procedures/ho-tich")).unwrap();
    git(
        q.path(),
        &[
            "mv",
            "procedures/QT-HT-01.md",
            "procedures/ho-tich/QT-HT-01.md",
        ],
    );
    commit(&q, "Chuyển QT-HT-01");
    let p = plan(&q);
    assert_eq!(p["renamed"][0]["code"], "QT-HT-01");
    assert_eq!(p["renamed"][0]["from"], "procedures/QT-HT-01.md");
    assert_eq!(p["renamed"][0]["to"], "procedures/ho-tich/QT-HT-01.md");
    assert_eq!(codes(&p, "changed"), Vec::<String>::new());
    assert_eq!(codes(&p, "added"), Vec::<String>::new());
}

#[test]
fn withdrawn_and_deleted_documents() {
    let q = published().edit("forms/BM-01.md", "status: in-force", "status: withdrawn");
    let p = plan(&q);
    assert_eq!(codes(&p, "withdrawn"), vec!["BM-01"]);
    assert_eq!(codes(&p, "annex"), vec!["QT-HT-01"]);

    let q = published();
    std::fs::remove_file(q.join("forms/BM-01.md")).unwrap();
    assert_eq!(codes(&plan(&q), "withdrawn"), vec!["BM-01"]);
}

#[test]
fn added_document() {
    let q = published().file("forms/BM-02.md", FORM.replace("code: BM-01", "code: BM-02"));
    let p = plan(&q);
    assert_eq!(codes(&p, "added"), vec!["BM-02"]);
    assert_eq!(p["added"][0]["next_revision"], 1);
    assert_eq!(codes(&p, "annex"), vec!["BM-01", "BM-02", "QT-HT-01"]);
}

#[test]
fn code_change_is_withdrawn_plus_added_and_said_so() {
    let q = published()
        .edit("forms/BM-01.md", "code: BM-01", "code: BM-TN-01")
        .procedure_with("[BM-01]", "[BM-TN-01]");
    let p = plan(&q);
    assert_eq!(codes(&p, "withdrawn"), vec!["BM-01"]);
    assert_eq!(codes(&p, "added"), vec!["BM-TN-01"]);
    assert_eq!(
        p["code_changes"][0],
        serde_json::json!(["BM-01", "BM-TN-01"])
    );
    let human = q.run(&["publish"]).stdout;
    assert!(
        human.contains("tài liệu đổi mã BM-01 → BM-TN-01"),
        "{human}"
    );
}

#[test]
fn legal_basis_replaced_since_the_publication_names_the_citing_documents() {
    let q = published().edit(
        "legal/register.yaml",
        "    effective: 2016-01-01\n    status: in-force",
        "    effective: 2016-01-01\n    status: replaced\n    replaced_by: nd-cu",
    );
    let p = plan(&q);
    assert_eq!(p["legal"][0]["id"], "luat-ho-tich-2014");
    assert_eq!(p["legal"][0]["replaced_by"], "nd-cu");
    assert_eq!(p["legal"][0]["cited_by"], serde_json::json!(["QT-HT-01"]));
    // nd-cu was replaced before the publication: not a change.
    assert_eq!(p["legal"].as_array().unwrap().len(), 1);
}

#[test]
fn tthc_added_and_removed() {
    let q = published().edit("tthc/catalog.yaml", "\"1.001193\"", "\"1.000894\"");
    let p = plan(&q);
    assert_eq!(p["tthc_added"], serde_json::json!(["1.000894"]));
    assert_eq!(p["tthc_removed"], serde_json::json!(["1.001193"]));
}

#[test]
fn plan_writes_nothing_and_works_on_a_detached_head() {
    let q = published().procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    commit(&q, "Rút ngắn bước 2");
    let head = git(q.path(), &["rev-parse", "HEAD"]);
    git(q.path(), &["checkout", "-q", "--detach", head.trim()]);
    let status_before = git(q.path(), &["status", "--porcelain"]);
    let tags_before = git(q.path(), &["tag", "-n"]);
    assert_eq!(codes(&plan(&q), "changed"), vec!["QT-HT-01"]);
    q.run(&["publish"]);
    assert_eq!(git(q.path(), &["status", "--porcelain"]), status_before);
    assert_eq!(git(q.path(), &["tag", "-n"]), tags_before);
    assert_eq!(git(q.path(), &["rev-parse", "HEAD"]), head);
    git(q.path(), &["fsck", "--no-progress"]);
}

#[test]
fn shallow_clone_without_tags_says_how_to_fetch_them() {
    let q = published();
    git(
        q.path(),
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Một commit sau lần công bố",
        ],
    );
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", q.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", "--no-tags", &url, "c"],
    );
    let out = run_in(&clone.path().join("c"), &["publish"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("git fetch --tags --unshallow"),
        "{}",
        out.stderr
    );
}

#[test]
fn not_a_git_repository() {
    let q = Qms::valid();
    let out = q.run(&["publish"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("không nằm trong một kho git"),
        "{}",
        out.stderr
    );
}

#[test]
fn check_pending_warns_about_unpublished_changes() {
    let q = published().procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    let out = q.run(&["check", "--pending", "--format", "json"]);
    out.assert_exactly(&[("P001", "procedures/QT-HT-01.md", 1, 1)]);
    assert_eq!(out.code, 0);
    assert_eq!(q.run(&["check", "--pending", "--deny", "warnings"]).code, 1);
    // Without --pending, nothing is said about publication.
    assert_eq!(q.check().findings(), vec![]);
}

/// Two publications: QT-HT-01 revision 1 (qms/1), then revision 2 (qms/2) with a shorter
/// step 2 and one more sentence in its purpose.
fn published_twice() -> Qms {
    let q = published()
        .procedure_with(
            "revision: 1\neffective: 2026-01-05",
            "revision: 2\neffective: 2026-03-02",
        )
        .procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc")
        .procedure_with(
            "Quy định trình tự đăng ký khai sinh.\n",
            "Quy định trình tự đăng ký khai sinh.\nÁp dụng cả đăng ký trực tuyến.\n",
        );
    commit(&q, "Rút ngắn bước 2");
    git(
        q.path(),
        &[
            "tag",
            "-a",
            "qms/2",
            "-m",
            "Quyết định số 15/QĐ-UBND ngày 02/03/2026",
        ],
    );
    q
}

#[test]
fn history_lists_published_revisions_with_their_decisions() {
    let q = published_twice();
    let out = q.run(&["history", "QT-HT-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Lần ban hành 1  hiệu lực 2026-01-05  (qms/1, commit "),
        "{}",
        out.stdout
    );
    assert_eq!(
        lines[1],
        "  Quyết định: Quyết định số 01/QĐ-UBND ngày 05/01/2026"
    );
    assert!(
        lines[3].starts_with("Lần ban hành 2  hiệu lực 2026-03-02  (qms/2, commit "),
        "{}",
        out.stdout
    );
    assert_eq!(
        lines[4],
        "  Quyết định: Quyết định số 15/QĐ-UBND ngày 02/03/2026"
    );
    // The form, unchanged in qms/2, has one revision only.
    let form = q.run(&["history", "BM-01", "--format", "json"]);
    let v: Value = serde_json::from_str(&form.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["tag"], "qms/1");
    assert_eq!(q.run(&["history", "KHONG-CO"]).code, 2);
}

#[test]
fn diff_names_fields_and_shows_the_body() {
    let q = published_twice();
    let out = q.run(&["diff", "QT-HT-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = "\
QT-HT-01: lần ban hành 1 (qms/1) → lần ban hành 2 (qms/2)

Các trường thay đổi:
  Bước 2 › Thời gian thực hiện bước: \"4 giờ làm việc\" → \"3 giờ làm việc\"

Nội dung:
    
    Quy định trình tự đăng ký khai sinh.
  + Áp dụng cả đăng ký trực tuyến.
    
    ## 2. Phạm vi
";
    assert_eq!(out.stdout, expected);
    let bad = q.run(&["diff", "QT-HT-01", "--from", "9"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("các lần đã công bố: 1, 2"),
        "{}",
        bad.stderr
    );
    // An edit in the work tree is compared with the last publication.
    let q = q.procedure_with("fee: Miễn lệ phí", "fee: Miễn lệ phí đăng ký khai sinh");
    let out = q.run(&["diff", "QT-HT-01"]);
    assert!(
        out.stdout
            .starts_with("QT-HT-01: lần ban hành 2 (qms/2) → bản đang làm việc"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Phí, lệ phí: \"Miễn lệ phí\" → \"Miễn lệ phí đăng ký khai sinh\""),
        "{}",
        out.stdout
    );
}
