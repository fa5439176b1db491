//! A new user's first hour: `init`, the first `check`, the first `publish`, as the README's
//! quick start has them, read from what the binary prints.

mod common;
use common::*;

/// `init` with only the agency's name, as the README's quick start has it.
fn init_with_only_the_name() -> Qms {
    let q = Qms::empty();
    let out = q.run(&["init", ".", "--agency", "Ủy ban nhân dân xã Tân Hòa"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    q
}

#[test]
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

#[test]
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

#[test]
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
    // `git add .` after a render commits the sources, not the PDFs.
    git(q.path(), &["init", "-q"]);
    std::fs::create_dir(q.join("out")).unwrap();
    std::fs::write(q.join("out/QT-01.pdf"), "%PDF").unwrap();
    git(q.path(), &["add", "."]);
    let staged = git(q.path(), &["diff", "--cached", "--name-only"]);
    assert!(staged.contains("qms.yaml"), "{staged}");
    assert!(!staged.contains("out/"), "{staged}");
}
