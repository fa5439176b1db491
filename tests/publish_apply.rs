//! `publish --apply` on real repositories, checked with the git CLI; every failure, forced or
//! not, must leave HEAD, the index, the tags and the work tree exactly as they were.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(first_publication_commits_tags_and_writes_the_decision),
        case!(the_published_procedure_prints_its_change_history).needs(&["pdftotext"]),
        case!(re_publication_bumps_changed_documents_with_the_commit_subjects),
        case!(the_published_decisions_read_as_decree_30_asks).needs(&["pdftotext"]),
        case!(a_failure_at_any_step_leaves_the_repository_as_it_was),
        case!(a_publish_killed_at_any_point_is_finished_or_undone_by_the_next_run),
        case!(a_commit_made_during_the_publication_is_never_lost),
        case!(a_lock_left_by_a_dead_process_is_recovered),
        case!(refuses_a_dirty_tree_and_a_qms_that_fails_check),
        case!(a_second_publish_is_refused_while_one_runs),
        case!(bad_number_date_and_reuse),
        case!(unknown_placeholder_in_the_decision_template),
        case!(publishes_on_a_detached_head),
        case!(change_summaries_edited_in_the_editor),
    ])
}

fn repo() -> Qms {
    let q = Qms::valid();
    git(q.path(), &["init", "-q", "-b", "main"]);
    git(q.path(), &["config", "user.name", "Thư ký ISO"]);
    git(q.path(), &["config", "user.email", "iso@example.gov.vn"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Khởi tạo HTQLCL"]);
    q
}

fn publish(q: &Qms, number: &str, date: &str) -> Out {
    q.run(&["publish", "--apply", "--number", number, "--date", date])
}

/// Everything a failed publish must leave as it was.
#[derive(Debug, PartialEq)]
struct RepoState {
    head: String,
    branch: String,
    tags: String,
    status: String,
    /// The index entries (mode, object, path), not the file: git refreshes its stat cache.
    index: String,
    files: Vec<(String, Vec<u8>)>,
}

fn state(q: &Qms) -> RepoState {
    let mut files = Vec::new();
    collect(q.path(), q.path(), &mut files);
    files.sort();
    RepoState {
        head: git(q.path(), &["rev-parse", "HEAD"]),
        branch: git(q.path(), &["symbolic-ref", "-q", "--short", "HEAD"]),
        tags: git(q.path(), &["tag", "-n"]),
        status: git(q.path(), &["status", "--porcelain"]),
        index: git(q.path(), &["ls-files", "--stage"]),
        files,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push((
                p.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
}

fn first_publication_commits_tags_and_writes_the_decision() {
    let q = repo();
    let out = publish(&q, "01", "05/01/2026");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .starts_with("Đã công bố: Quyết định số 01/QĐ-UBND"),
        "{}",
        out.stdout
    );
    assert_eq!(
        git(q.path(), &["tag", "-n"]).trim(),
        "qms/1           Quyết định số 01/QĐ-UBND ngày 05/01/2026: Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015"
    );
    assert_eq!(git(q.path(), &["cat-file", "-t", "qms/1"]).trim(), "tag");
    // The decision's number and date, as trailers git itself parses.
    assert_eq!(
        git(q.path(), &["tag", "-l", "--format=%(trailers)", "qms/1"]).trim(),
        "Qmsdoc-Decision: 01/QĐ-UBND\nQmsdoc-Date: 2026-01-05"
    );
    assert!(!out.stdout.contains("tách rời"), "{}", out.stdout);
    assert_eq!(git(q.path(), &["status", "--porcelain"]), "");
    assert_eq!(git(q.path(), &["rev-list", "--count", "HEAD"]).trim(), "2");
    git(q.path(), &["fsck", "--no-progress", "--strict"]);
    let decision = std::fs::read_to_string(q.join("decisions/QD-01-2026.md")).unwrap();
    assert!(decision.contains("kind: decision"));
    assert!(decision.contains(
        "**Điều 1.** Công bố Hệ thống quản lý chất lượng của Ủy ban nhân dân xã Thử Nghiệm"
    ));
    assert!(
        decision.contains("| 2 | QT-HT-01 | Đăng ký khai sinh | 1 | 05/01/2026 |"),
        "{decision}"
    );
    let proc = std::fs::read_to_string(q.join("procedures/QT-HT-01.md")).unwrap();
    assert!(
        proc.contains("revision: 1\neffective: 2026-01-05\n"),
        "{proc}"
    );
    assert!(proc.contains("history:\n  - { revision: 1, date: 2026-01-05, changes: Ban hành lần đầu, decision: 01/QĐ-UBND }\n---"), "{proc}");
    // The published QMS still passes check, and nothing is pending.
    assert_eq!(
        q.run(&["check", "--pending", "--format", "json"])
            .findings(),
        vec![]
    );
    posting_bundle_is_committed_and_consistent(&q);
}

/// publish/qms/1/: the PDFs, a manifest whose sha256 sums match the files (checked with
/// `sha256sum`), and an index linking each file; all of it in the tagged commit.
fn posting_bundle_is_committed_and_consistent(q: &Qms) {
    let dir = q.join("publish/qms/1");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "BM-01.pdf",
            "QD-01-2026.pdf",
            "QT-HT-01.pdf",
            "danh-muc-tai-lieu.pdf",
            "index.html",
            "manifest.json"
        ]
    );
    let tracked = git(
        q.path(),
        &["ls-tree", "-r", "--name-only", "qms/1", "publish/qms/1"],
    );
    assert_eq!(tracked.lines().count(), 6, "{tracked}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["tag"], "qms/1");
    assert_eq!(manifest["decision"]["number"], "01/QĐ-UBND");
    let list = manifest["files"].as_array().unwrap();
    assert_eq!(list[0]["file"], "QD-01-2026.pdf", "the decision first");
    let sums = Command::new("sha256sum")
        .current_dir(&dir)
        .args(list.iter().map(|f| f["file"].as_str().unwrap()))
        .output()
        .unwrap();
    let sums = String::from_utf8_lossy(&sums.stdout);
    for f in list {
        let line = format!(
            "{}  {}",
            f["sha256"].as_str().unwrap(),
            f["file"].as_str().unwrap()
        );
        assert!(sums.contains(&line), "{line} in\n{sums}");
    }
    let qt = list.iter().find(|f| f["code"] == "QT-HT-01").unwrap();
    assert_eq!(qt["revision"], 1);
    assert_eq!(qt["effective"], "2026-01-05");
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for f in list {
        let href = format!("<a href=\"{}\">", f["file"].as_str().unwrap());
        assert!(index.contains(&href), "{href}");
    }
}

fn the_published_procedure_prints_its_change_history() {
    let q = repo();
    assert_eq!(publish(&q, "01", "05/01/2026").code, 0);
    let text = tool_output(
        &q.join("publish/qms/1"),
        "pdftotext",
        &["QT-HT-01.pdf", "-"],
    );
    assert!(
        text.contains("Ban hành lần đầu"),
        "the change history is printed: {text}"
    );
}

/// Page 1 and the annex's first line of a published decision, read back with `pdftotext -bbox`.
struct DecisionPdf {
    header_left: Vec<String>,
    header_right: Vec<String>,
    /// The baselines (bottom of the boxes) of "Số:" and of the place-and-date line.
    number_and_date_bottom: (f64, f64),
    body: String,
    recipients: Vec<String>,
    signature: Vec<String>,
    annex_head: String,
}

fn decision_pdf(q: &Qms, tag: &str, file: &str) -> DecisionPdf {
    use common::pdf::{lines, text, words};
    let pages = words(&q.join("publish").join(tag), file);
    let p1 = &pages[0].words;
    let first = |t: &str| p1.iter().find(|w| w.text == t).expect(t).clone();
    let (split, title) = (first("CỘNG").x0 - 1.0, first("QUYẾT"));
    let centre = pages[0].width / 2.0;
    let top_margin = 20.0 * 72.0 / 25.4;
    // The recipients and the signature block may start page 2, with the last article.
    let closing = pages
        .iter()
        .position(|p| p.words.iter().any(|w| w.text == "Nơi"))
        .expect("Nơi nhận");
    let pc = &pages[closing].words;
    let noi = pc.iter().find(|w| w.text == "Nơi").expect("Nơi").clone();
    let mut body = text(p1, |w| {
        w.y0 >= title.y0 - 0.5 && (closing > 0 || w.y1 <= noi.y0)
    });
    if closing > 0 {
        body.push(' ');
        body.push_str(&text(pc, |w| w.y0 > top_margin && w.y1 <= noi.y0));
    }
    let annex = &pages[closing + 1].words;
    let table = annex.iter().find(|w| w.text == "TT").expect("annex table");
    DecisionPdf {
        header_left: lines(p1, |w| w.y1 < title.y0 && w.x1 < split),
        header_right: lines(p1, |w| w.y1 < title.y0 && w.x0 >= split),
        number_and_date_bottom: (
            first("Số:").y1,
            p1.iter()
                .filter(|w| w.y1 < title.y0 && w.x0 >= split)
                .map(|w| w.y1)
                .fold(0.0, f64::max),
        ),
        body,
        recipients: lines(pc, |w| w.y0 >= noi.y0 - 0.5 && w.x0 < centre - 20.0),
        signature: lines(pc, |w| w.y0 >= noi.y0 - 2.0 && w.x0 > centre - 20.0),
        annex_head: text(annex, |w| w.y0 > top_margin && w.y1 < table.y0),
    }
}

/// `publish --number 5`, then a re-publication `--number 15` signed by a deputy: the PDFs say,
/// word for word, what Decree 30/2020 and the agencies' practice write.
fn the_published_decisions_read_as_decree_30_asks() {
    let q = repo();
    assert_eq!(publish(&q, "5", "2026-01-05").code, 0);
    let d = decision_pdf(&q, "qms/1", "QD-05-2026.pdf");
    assert_eq!(
        d.header_left,
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH MẪU",
            "ỦY BAN NHÂN DÂN",
            "XÃ THỬ NGHIỆM",
            "Số: 05/QĐ-UBND"
        ]
    );
    assert_eq!(
        d.header_right,
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Thử Nghiệm, ngày 05 tháng 01 năm 2026"
        ]
    );
    let (number, date) = d.number_and_date_bottom;
    assert!((number - date).abs() < 0.5, "one baseline: {number} {date}");
    assert!(
        d.body.starts_with(
            "QUYẾT ĐỊNH Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia \
             TCVN ISO 9001:2015 CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM"
        ),
        "{}",
        d.body
    );
    for ground in [
        "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ \
         về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 \
         vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;",
        "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học \
         và Công nghệ quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
        "Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21 tháng 01 năm 2019 của Bộ trưởng Bộ Khoa học và \
         Công nghệ về việc công bố Mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc \
         gia TCVN ISO 9001:2015",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Điều 3.",
    ] {
        assert!(d.body.contains(ground), "{ground}\n---\n{}", d.body);
    }
    assert_eq!(
        d.recipients.join(" "),
        "Nơi nhận: - Như Điều 3; - Sở Khoa học và Công nghệ (để theo dõi, tổng hợp); \
         - Ủy ban nhân dân tỉnh Mẫu (để báo cáo); - Lưu: VT."
    );
    assert_eq!(d.signature, ["CHỦ TỊCH", "Nguyễn Văn A"]);
    assert_eq!(
        d.annex_head,
        "DANH MỤC TÀI LIỆU CỦA HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG (Kèm theo Quyết định số 05/QĐ-UBND \
         ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Thử Nghiệm)"
    );

    // A re-publication with number 15, signed by a deputy; the drafting unit from qms.yaml.
    let q = q
        .procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc")
        .edit(
            "qms.yaml",
            "  decision_symbol:",
            "  drafting_unit: VP\n  decision_symbol:",
        );
    git(
        q.path(),
        &["commit", "-qam", "Rút ngắn thời gian thẩm định"],
    );
    let out = q.run(&[
        "publish",
        "--apply",
        "--number",
        "15",
        "--date",
        "2026-03-02",
        "--signer-title",
        "KT. CHỦ TỊCH/PHÓ CHỦ TỊCH",
        "--signer",
        "Trần Thị Bình",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let d = decision_pdf(&q, "qms/2", "QD-15-2026.pdf");
    assert_eq!(
        d.header_left.last().map(String::as_str),
        Some("Số: 15/QĐ-UBND")
    );
    assert!(
        d.body.contains(
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Quyết định này thay thế Quyết định \
             số 05/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Thử Nghiệm về \
             việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO \
             9001:2015. Điều 3."
        ),
        "{}",
        d.body
    );
    assert!(
        d.body
            .contains("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM Căn cứ")
    );
    assert!(
        d.recipients.concat().ends_with("- Lưu: VT, VP."),
        "{:?}",
        d.recipients
    );
    assert_eq!(
        d.signature,
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"]
    );
    assert!(
        d.annex_head
            .contains("Quyết định số 15/QĐ-UBND ngày 02 tháng 3 năm 2026 của Chủ tịch")
    );
}

fn re_publication_bumps_changed_documents_with_the_commit_subjects() {
    let q = repo();
    assert_eq!(publish(&q, "01", "2026-01-05").code, 0);
    let q = q.procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    git(
        q.path(),
        &["commit", "-qam", "Rút ngắn thời gian thẩm định"],
    );
    let out = publish(&q, "15/QĐ-UBND", "2026-03-02");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let proc = std::fs::read_to_string(q.join("procedures/QT-HT-01.md")).unwrap();
    assert!(
        proc.contains("revision: 2\neffective: 2026-03-02\n"),
        "{proc}"
    );
    assert!(proc.contains("  - { revision: 2, date: 2026-03-02, changes: Rút ngắn thời gian thẩm định, decision: 15/QĐ-UBND }\n"), "{proc}");
    let form = std::fs::read_to_string(q.join("forms/BM-01.md")).unwrap();
    assert!(
        form.contains("revision: 1\n"),
        "unchanged documents keep their revision"
    );
    let decision = std::fs::read_to_string(q.join("decisions/QD-15-2026.md")).unwrap();
    assert!(decision.contains("Về việc công bố lại Hệ thống"));
    assert!(
        decision.contains(
            "Quyết định này thay thế Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026 của \
             Chủ tịch Ủy ban nhân dân xã Thử Nghiệm về việc công bố Hệ thống quản lý chất lượng \
             phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015."
        ),
        "{decision}"
    );
    let history = q.run(&["history", "QT-HT-01"]).stdout;
    assert!(
        history.contains("Nội dung sửa đổi: Rút ngắn thời gian thẩm định"),
        "{history}"
    );
    assert!(git(q.path(), &["tag", "-l"]).contains("qms/2"));
    // The first decision is replaced, not a document of the QMS: marked superseded, neither
    // re-published nor in the annex or the bundle.
    let first = std::fs::read_to_string(q.join("decisions/QD-01-2026.md")).unwrap();
    assert!(first.contains("\nstatus: superseded\n"), "{first}");
    assert!(!decision.contains("QD-01-2026"), "{decision}");
    assert!(decision.contains("gồm 2 tài liệu"), "{decision}");
    assert!(q.join("publish/qms/2/QD-15-2026.pdf").exists());
    assert!(!q.join("publish/qms/2/QD-01-2026.pdf").exists());
    assert_eq!(git(q.path(), &["status", "--porcelain"]), "");
    let plan = q.run(&["publish"]);
    assert!(
        plan.stdout
            .starts_with("Không có thay đổi nào kể từ lần công bố qms/2"),
        "nothing pending right after a publication: {}",
        plan.stdout
    );
}

fn a_failure_at_any_step_leaves_the_repository_as_it_was() {
    for step in [
        "preflight",
        "plan",
        "edits",
        "render",
        "prepare",
        "blob",
        "tree",
        "commit",
        "tag-object",
        "journal",
        "refs-locked",
        "refs",
        "file",
        "index",
        "done",
    ] {
        let q = repo();
        let before = state(&q);
        let out = Command::new(BIN)
            .args([
                "publish",
                "--apply",
                "--number",
                "01",
                "--date",
                "2026-01-05",
            ])
            .current_dir(q.path())
            .env("QMSDOC_FAIL_AT", step)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{step}: {stderr}");
        assert!(
            stderr.contains(&format!("fault injected at step {step}")),
            "{step}: {stderr}"
        );
        assert_eq!(state(&q), before, "step {step}");
        for created in ["decisions", "publish"] {
            assert!(!q.join(created).exists(), "{step}: {created}/ left behind");
        }
        assert!(
            !q.join(".git/qmsdoc-publish.lock").exists(),
            "{step}: lock left behind"
        );
        git(q.path(), &["fsck", "--no-progress", "--strict"]);
        // And it can then publish for real.
        assert_eq!(publish(&q, "01", "2026-01-05").code, 0, "{step}");
    }
}

/// What the next run does with a publication killed at a point.
const CLEARED: &str = "bị dừng trước khi ghi gì vào kho: đã gỡ khóa";
const UNDONE: &str = "bị dừng giữa chừng: đã hủy công bố qms/1, kho trở lại như trước";
const FINISHED: &str = "bị dừng giữa chừng: đã hoàn tất công bố qms/1";

/// Points spread over the whole publication, in order: checking, preparing, the objects, the
/// journal, the refs, each file of the work tree, the index. `name#n` is the n-th time the
/// point is reached (the publication of `repo()` writes 9 files).
const KILL_POINTS: &[(&str, &str)] = &[
    ("lock", CLEARED),
    ("preflight", CLEARED),
    ("plan", CLEARED),
    ("edits", CLEARED),
    ("render", CLEARED),
    ("prepare", CLEARED),
    ("blob#1", CLEARED),
    ("blob#5", CLEARED),
    ("blob#9", CLEARED),
    ("tree", CLEARED),
    ("commit", CLEARED),
    ("tag-object", CLEARED),
    ("journal", UNDONE),
    ("refs-locked", UNDONE),
    ("refs", FINISHED),
    ("file#1", FINISHED),
    ("file#2", FINISHED),
    ("file#4", FINISHED),
    ("file#6", FINISHED),
    ("file#8", FINISHED),
    ("file#9", FINISHED),
    ("index", FINISHED),
    ("done", FINISHED),
];

/// `publish --apply` aborted at each point (SIGABRT, nothing cleaned up, as a `kill -9`);
/// then the next `qmsdoc` command finds the lock of a dead process and either undoes the
/// publication (the repository byte for byte as before) or finishes it (exactly what a
/// publication not killed leaves), and says which.
fn a_publish_killed_at_any_point_is_finished_or_undone_by_the_next_run() {
    let reference = repo();
    assert_eq!(publish(&reference, "01", "2026-01-05").code, 0);
    let published = state(&reference);
    for &(point, outcome) in KILL_POINTS {
        let q = repo();
        let before = state(&q);
        let killed = Command::new(BIN)
            .args([
                "publish",
                "--apply",
                "--number",
                "01",
                "--date",
                "2026-01-05",
            ])
            .current_dir(q.path())
            .env("QMSDOC_ABORT_AT", point)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(killed.status.code(), None, "{point}: not killed there");
        assert!(q.join(".git/qmsdoc-publish.lock").exists(), "{point}");
        let next = q.run(&["publish"]);
        assert_eq!(next.code, 0, "{point}: {}", next.stderr);
        assert!(next.stderr.contains(outcome), "{point}: {}", next.stderr);
        assert_eq!(git(q.path(), &["status", "--porcelain"]), "", "{point}");
        git(q.path(), &["fsck", "--no-progress", "--strict"]);
        assert!(!q.join(".git/qmsdoc-publish.lock").exists(), "{point}");
        assert_no_git_locks(&q, point);
        if outcome == FINISHED {
            is_published(&q, &before, &published, point);
        } else {
            assert_eq!(state(&q), before, "{point}");
            assert!(!q.join("publish").exists() && !q.join("decisions").exists());
            assert_eq!(publish(&q, "01", "2026-01-05").code, 0, "{point}");
            is_published(&q, &before, &published, point);
        }
    }
}

/// The repository after `before` was published: one commit on the same branch, tagged, the
/// files byte for byte those of a publication that ran to its end.
fn is_published(q: &Qms, before: &RepoState, published: &RepoState, point: &str) {
    let now = state(q);
    assert_eq!(now.branch, before.branch, "{point}");
    assert_eq!(
        git(q.path(), &["rev-parse", "HEAD~1"]),
        before.head,
        "{point}"
    );
    assert_eq!(
        now.head,
        git(q.path(), &["rev-parse", "qms/1^{commit}"]),
        "{point}"
    );
    assert_eq!(now.tags, published.tags, "{point}");
    assert_eq!(now.status, "", "{point}");
    assert_eq!(now.index, published.index, "{point}");
    assert_eq!(now.files.len(), published.files.len(), "{point}");
    for (a, b) in now.files.iter().zip(&published.files) {
        assert!(a == b, "{point}: {} differs from {}", a.0, b.0);
    }
}

/// No lock file of git (index.lock, refs' .lock) left behind.
fn assert_no_git_locks(q: &Qms, point: &str) {
    let found = Command::new("find")
        .args([".git", "-name", "*.lock"])
        .current_dir(q.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&found.stdout), "", "{point}");
}

/// A commit made by someone else while the publication renders is kept: the branch is
/// checked under git's ref lock, the publication stops with nothing written, and the next
/// one publishes on top of that commit.
fn a_commit_made_during_the_publication_is_never_lost() {
    let q = repo();
    let out = Command::new(BIN)
        .args([
            "publish",
            "--apply",
            "--number",
            "01",
            "--date",
            "2026-01-05",
        ])
        .current_dir(q.path())
        .env("QMSDOC_RUN_AT", "journal")
        .env(
            "QMSDOC_RUN",
            "git commit -q --allow-empty -m 'Biên bản họp'",
        )
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("refs/heads/main vừa bị thay đổi"),
        "{stderr}"
    );
    let other = git(q.path(), &["log", "-1", "--format=%s"]);
    assert_eq!(other.trim(), "Biên bản họp");
    assert_eq!(git(q.path(), &["tag", "-l"]), "");
    assert_eq!(git(q.path(), &["status", "--porcelain"]), "");
    assert!(!q.join("publish").exists() && !q.join("decisions").exists());
    // While the publication holds the ref locks, a commit is refused, not lost.
    let out = Command::new(BIN)
        .args([
            "publish",
            "--apply",
            "--number",
            "01",
            "--date",
            "2026-01-05",
        ])
        .current_dir(q.path())
        .env("QMSDOC_RUN_AT", "refs-locked")
        .env(
            "QMSDOC_RUN",
            "git commit -q --allow-empty -m 'Trễ' 2>/dev/null",
        )
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        git(q.path(), &["log", "-2", "--format=%s"]).lines().nth(1),
        Some("Biên bản họp")
    );
    git(q.path(), &["fsck", "--no-progress", "--strict"]);
}

/// A lock whose process is gone and that wrote nothing: removed, and said so.
fn a_lock_left_by_a_dead_process_is_recovered() {
    let q = repo();
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let journal =
        format!("{{\"pid\": {pid}, \"started\": 1, \"phase\": \"prepare\", \"moves\": null}}");
    std::fs::write(q.join(".git/qmsdoc-publish.lock"), journal).unwrap();
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "lần công bố trước (tiến trình {pid}) bị dừng trước khi ghi gì vào kho: đã gỡ khóa"
        )),
        "{}",
        out.stderr
    );
}

fn refuses_a_dirty_tree_and_a_qms_that_fails_check() {
    let q = repo().procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    let before = state(&q);
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("còn thay đổi chưa commit: procedures/QT-HT-01.md"),
        "{}",
        out.stderr
    );
    assert_eq!(state(&q), before);

    let q = repo().procedure_with("time: 4 giờ làm việc", "time: bốn giờ");
    git(q.path(), &["commit", "-qam", "Lỗi"]);
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("chưa qua kiểm tra (1 lỗi)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("lỗi[T001]"), "{}", out.stderr);

    // With --format json the findings that stopped it are the JSON report of `check`.
    let out = q.run(&[
        "publish",
        "--apply",
        "--number",
        "01",
        "--date",
        "2026-01-05",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 2);
    let t001 = out.only("T001");
    assert_eq!(t001.file, "procedures/QT-HT-01.md");
    assert!(
        out.stderr.contains("chưa qua kiểm tra (1 lỗi)") && !out.stderr.contains("lỗi[T001]"),
        "{}",
        out.stderr
    );
    assert_eq!(git(q.path(), &["tag", "-l"]), "");
}

/// A lock whose process runs (here: this test's) refuses a second publish; a lock that holds
/// no journal is not guessed at either.
fn a_second_publish_is_refused_while_one_runs() {
    let q = repo();
    let lock = q.join(".git/qmsdoc-publish.lock");
    let journal = format!(
        "{{\"pid\": {}, \"started\": null, \"phase\": \"prepare\", \"moves\": null}}",
        std::process::id()
    );
    std::fs::write(&lock, journal).unwrap();
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("một lần công bố khác đang chạy"),
        "{}",
        out.stderr
    );
    std::fs::write(&lock, "").unwrap();
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("không do qmsdoc ghi"), "{}", out.stderr);
    assert_eq!(git(q.path(), &["tag", "-l"]), "");
    assert!(lock.exists());
}

fn bad_number_date_and_reuse() {
    let q = repo();
    for (number, date, expected) in [
        ("abc", "2026-01-05", "số quyết định \"abc\" không hợp lệ"),
        ("01", "2026-02-30", "ngày \"2026-02-30\" không hợp lệ"),
        ("01", "hôm nay", "ngày \"hôm nay\" không hợp lệ"),
        ("0", "2026-01-05", "số quyết định \"0\" không hợp lệ"),
        (
            "00/QĐ-UBND",
            "2026-01-05",
            "số quyết định \"00/QĐ-UBND\" không hợp lệ",
        ),
        (
            "01",
            "9999-12-31",
            "ngày quyết định 9999-12-31 muộn hơn một năm sau hôm nay",
        ),
    ] {
        let out = publish(&q, number, date);
        assert_eq!(out.code, 2, "{number} {date}");
        assert!(out.stderr.contains(expected), "{}", out.stderr);
    }
    assert_eq!(publish(&q, "01", "2026-01-05").code, 0);
    let q = q.procedure_with("time: 4 giờ làm việc", "time: 3 giờ làm việc");
    git(q.path(), &["commit", "-qam", "Sửa"]);
    let reused = publish(&q, "01/QĐ-UBND", "2026-03-02");
    assert_eq!(reused.code, 2);
    assert!(
        reused.stderr.contains("đã dùng cho lần công bố qms/1"),
        "{}",
        reused.stderr
    );
    let earlier = publish(&q, "02", "2025-12-31");
    assert_eq!(earlier.code, 2);
    assert!(
        earlier
            .stderr
            .contains("trước ngày của lần công bố qms/1 (2026-01-05)"),
        "{}",
        earlier.stderr
    );
    let nothing_yet = q.run(&["publish", "--apply", "--number", "02"]);
    assert_eq!(nothing_yet.code, 2, "--apply needs --date");
}

fn unknown_placeholder_in_the_decision_template() {
    let q = repo().file("templates/decision.md", "# QUYẾT ĐỊNH {{so_quyet_dinh}}\n");
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "Mẫu quyết định"]);
    let before = state(&q);
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("{{so_quyet_dinh}} ở dòng 1"),
        "{}",
        out.stderr
    );
    assert_eq!(state(&q), before);
}

fn publishes_on_a_detached_head() {
    let q = repo();
    let head = git(q.path(), &["rev-parse", "HEAD"]);
    git(q.path(), &["checkout", "-q", "--detach", head.trim()]);
    let out = publish(&q, "01", "2026-01-05");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Cảnh báo: HEAD đang tách rời") && out.stdout.contains("git switch -c"),
        "{}",
        out.stdout
    );
    assert_eq!(
        git(q.path(), &["rev-parse", "HEAD"]),
        git(q.path(), &["rev-parse", "qms/1^{commit}"])
    );
    assert_eq!(git(q.path(), &["status", "--porcelain"]), "");
}

/// `--edit` opens the proposed summaries in $EDITOR (here a sed script, as a person would
/// edit them) and writes what comes back; a summary removed cancels everything.
fn change_summaries_edited_in_the_editor() {
    let q = repo();
    let before = state(&q);
    let run = |editor: &str| {
        let out = Command::new(BIN)
            .args([
                "publish",
                "--apply",
                "--edit",
                "--number",
                "01",
                "--date",
                "05/01/2026",
            ])
            .current_dir(q.path())
            .env_remove("VISUAL")
            .env("EDITOR", editor)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run("sed -i '/^QT-HT-01:/d'");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("chưa có nội dung sửa đổi cho QT-HT-01: đã hủy công bố"),
        "{err}"
    );
    assert_eq!(state(&q), before);
    let (code, err) = run("sed -i 's/^QT-HT-01: .*/QT-HT-01: Ban hành theo Luật Hộ tịch/'");
    assert_eq!(code, Some(0), "{err}");
    let proc = std::fs::read_to_string(q.join("procedures/QT-HT-01.md")).unwrap();
    assert!(
        proc.contains("changes: Ban hành theo Luật Hộ tịch, decision: 01/QĐ-UBND"),
        "{proc}"
    );
    let form = std::fs::read_to_string(q.join("forms/BM-01.md")).unwrap();
    assert!(form.contains("changes: Ban hành lần đầu"), "{form}");
}
