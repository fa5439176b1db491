//! Procedures transcribed word for word from real provincial decisions approving "quy trình nội
//! bộ giải quyết TTHC" (tests/fixtures/real/, each with the source named in its front matter and
//! in its EXPECTED.md). They check with only the true-positive findings listed here, and their
//! step tables print with the source's labels, phase rows and time cells, row by row.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::pdf::{PageWords, Word, words};
use common::{Out, harness, run_in, walk};
use std::path::{Path, PathBuf};

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(fixtures_without_a_defect_check_clean),
        case!(true_positives_of_the_sources_are_reported_where_they_are),
        case!(one_unit_more_on_a_real_step_fires_the_sum_rules),
        case!(step_tables_print_the_sources_labels_phases_and_times).needs(&["pdftotext"]),
        case!(phase_rows_print_with_their_shared_time).needs(&["pdftotext"]),
    ])
}

const MM: f64 = 72.0 / 25.4;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
}

/// A copy of the fixture in a temporary folder (rendering writes files).
fn copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture(name);
    for entry in walk(&src) {
        let to = dir.path().join(entry.strip_prefix(&src).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    dir
}

fn check(name: &str) -> Out {
    run_in(&fixture(name), &["check", "--format", "json"])
}

/// The one procedure of a fixture.
fn procedure(name: &str) -> PathBuf {
    let dir = fixture(name).join("procedures");
    let mut files: Vec<PathBuf> = walk(&dir);
    assert_eq!(files.len(), 1, "{name}: one procedure");
    files.remove(0)
}

/// (rule, file, line) of every finding.
fn findings(out: &Out) -> Vec<(String, String, u64)> {
    out.findings()
        .into_iter()
        .map(|f| (f.rule, f.file, f.line))
        .collect()
}

fn fixtures_without_a_defect_check_clean() {
    for name in [
        "vinh-long-2682",
        "ha-noi-1594",
        "cao-bang-1948",
        "nghe-an-3760",
        "dong-nai-2811",
        "lang-son-2487",
        "cao-bang-2028",
        "ha-tinh-2916",
    ] {
        let out = check(name);
        assert_eq!(findings(&out), vec![], "{name}: {}", out.stdout);
        assert_eq!(out.code, 0, "{name}");
    }
}

fn true_positives_of_the_sources_are_reported_where_they_are() {
    // Sơn La 2929, table 2: "B5" twice in one table without phases (the sibling table prints B6).
    let out = check("son-la-2929");
    assert_eq!(
        findings(&out),
        vec![("S005".into(), "procedures/QT-SL-02.md".into(), 71)],
        "{}",
        out.stdout
    );
    assert_eq!(out.code, 0, "a warning does not fail the check");
    // Sơn La 2929, table 4: the steps of the case that needs verification (B1–B7) add up to
    // 40 days against its total row of 30; the full-information case (B1–B3) makes its 10.
    let out = check("son-la-2929-xac-minh");
    assert_eq!(
        findings(&out),
        vec![("T002".into(), "procedures/QT-SL-04.md".into(), 30)],
        "{}",
        out.stdout
    );
    let f = out.only("T002");
    assert!(
        f.message.contains("40 ngày làm việc")
            && f.message.contains("thời hạn (trường hợp 2) 30 ngày"),
        "{}",
        f.message
    );
    assert_eq!(out.code, 1, "T002 is an error");
    // Đồng Tháp 138: the "Cơ quan thuế" row has no time of its own (set by other law).
    let out = check("dong-thap-138");
    assert_eq!(
        findings(&out),
        vec![("M002".into(), "procedures/QT-DT-12.md".into(), 37)],
        "{}",
        out.stdout
    );
    // Bắc Ninh 1490: the total cell holds three limits; no single time limit to check against.
    let out = check("bac-ninh-1490");
    assert_eq!(
        findings(&out),
        vec![("T001".into(), "procedures/QT-BN-02.md".into(), 21)],
        "{}",
        out.stdout
    );
}

/// Replaces the first occurrence of `from` in the fixture's procedure and checks the copy.
fn check_changed(name: &str, from: &str, to: &str) -> Out {
    let dir = copy(name);
    let rel = procedure(name)
        .strip_prefix(fixture(name))
        .unwrap()
        .to_path_buf();
    let path = dir.path().join(&rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{name}: {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json"]);
    drop(dir);
    out
}

fn one_unit_more_on_a_real_step_fires_the_sum_rules() {
    // Vĩnh Long: Bước 3 from 01 to 02 ngày làm việc: 4 of 3 days.
    let out = check_changed(
        "vinh-long-2682",
        "time: 01 ngày làm việc",
        "time: 02 ngày làm việc",
    );
    let f = out.only("T002");
    assert!(
        f.message.contains("4 ngày làm việc") && f.message.contains("03 ngày làm việc"),
        "{}",
        f.message
    );
    // Hà Nội: the shared "07 ngày" of the UBND thành phố phase becomes 08: 31 of 30 days.
    let out = check_changed("ha-noi-1594", "time_limit: 07 ngày", "time_limit: 08 ngày");
    let f = out.only("T002");
    assert!(f.message.contains("31 ngày làm việc"), "{}", f.message);
    assert!(
        f.message.contains("\"ngày\" được hiểu là ngày làm việc"),
        "the reading of a bare ngày is named: {}",
        f.message
    );
    // Sơn La: a quarter day more on one step ("1/4 ngày" → "1/2 ngày").
    let out = check_changed("son-la-2929", "time: 1/4 ngày", "time: 1/2 ngày");
    out.only("T002");
    // Cao Bằng 1948: a number-only cell of its "(ngày làm việc)" column, one more.
    let out = check_changed("cao-bang-1948", "time: \"8,25\"", "time: \"9,25\"");
    let f = out.only("T002");
    assert!(f.message.contains("18 ngày làm việc"), "{}", f.message);
    // Hà Tĩnh: one day more on a step of one block exceeds that case's limit, and only its.
    let file = "procedures/QT-DCKS-01.md".to_string();
    for (from, to, case, line) in [
        ("time: 12 ngày", "time: 13 ngày", "(trường hợp I) 42", 25),
        ("time: 07 ngày", "time: 08 ngày", "(trường hợp II) 32", 26),
    ] {
        let out = check_changed("ha-tinh-2916", from, to);
        assert_eq!(
            findings(&out),
            vec![("T002".into(), file.clone(), line)],
            "{}",
            out.stdout
        );
        let f = out.only("T002");
        assert!(f.message.contains(case), "{case}: {}", f.message);
    }
}

/// The x ranges of the step table's columns, from the centres of its header cells (the
/// header texts are centred) and the left margin (30 mm): each column is twice as wide as
/// from its left edge to its header's centre.
/// Also returns the bottom of the header row.
fn columns(page: &PageWords, headers: &[&str]) -> (Vec<(f64, f64)>, f64) {
    let mut left = 30.0 * MM;
    let mut out = Vec::new();
    let mut bottom: f64 = 0.0;
    // Each header starts on the row of "TT": a cell word such as "Trình" of "- Trình hồ sơ"
    // may come before the header in the page's word order.
    let row = page
        .words
        .iter()
        .find(|w| w.text == headers[0] && w.x0 >= left - 1.0)
        .map(|w| w.y0)
        .unwrap_or_else(|| panic!("header {:?}", headers[0]));
    for h in headers {
        let first = h.split_whitespace().next().unwrap();
        let last = h.split_whitespace().last().unwrap();
        let start = page
            .words
            .iter()
            .position(|w| w.text == first && w.x0 >= left - 1.0 && (w.y0 - row).abs() < 1.0)
            .unwrap_or_else(|| panic!("header {h:?}"));
        let x0 = page.words[start].x0;
        let end = page.words[start..]
            .iter()
            .find(|w| w.text.ends_with(last))
            .unwrap();
        bottom = bottom.max(end.y1);
        let centre = (x0 + end.x1) / 2.0;
        let right = left + 2.0 * (centre - left);
        out.push((left, right));
        left = right;
    }
    (out, bottom)
}

/// The text of one column of the step table, over every page it spans, in reading order.
fn column_text(pages: &[PageWords], headers: &[&str], col: usize) -> String {
    let mut texts = Vec::new();
    for page in pages {
        if !page.words.iter().any(|w| w.text == "TT")
            || !page
                .words
                .windows(2)
                .any(|w| w[0].text == "Trình" && w[1].text == "tự")
        {
            continue;
        }
        let (cols, top) = columns(page, headers);
        let (l, r) = cols[col];
        // The table ends where text starts at the left margin again (cells are padded).
        let bottom = page
            .words
            .iter()
            .filter(|w| w.y0 > top && w.x0 < 30.0 * MM + 1.5)
            .map(|w| w.y0)
            .fold((297.0 - 22.0) * MM, f64::min);
        let inside = |w: &Word| {
            let c = (w.x0 + w.x1) / 2.0;
            c > l && c < r && w.y0 > top + 2.0 && w.y1 < bottom
        };
        texts.push(common::pdf::text(&page.words, inside));
    }
    texts.join(" ")
}

/// What a fixture says its table holds, read from its front matter line by line: the labels,
/// and the time cells in row order (phase rows, steps, the total). Block scalars are joined.
fn declared(path: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let front: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "---").collect();
    let value = |i: usize, v: &str| -> String {
        let v = v.trim();
        let v = v.split(" #").next().unwrap().trim();
        if v == "|-" || v == ">-" || v == "|" || v == ">" {
            let indent = front[i].len() - front[i].trim_start().len();
            return front[i + 1..]
                .iter()
                .take_while(|l| l.len() - l.trim_start().len() > indent)
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
        }
        v.trim_matches('"').to_string()
    };
    let (mut labels, mut times, mut total) = (Vec::new(), Vec::new(), String::new());
    // Cases (`- { id: …, time_limit: … }` under a top-level `cases:`), and for each step where
    // its label and time go in `labels` and `times`, and its `cases`.
    let (mut cases, mut in_cases): (Vec<(String, String)>, bool) = (Vec::new(), false);
    let mut steps: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (i, line) in front.iter().enumerate() {
        let t = line.trim_start().trim_start_matches("- ");
        let top = !line.starts_with(' ');
        if top {
            in_cases = line.starts_with("cases:");
        }
        if in_cases && t.starts_with('{') {
            let field = |key: &str| {
                let v = t.split(key).nth(1)?.split([',', '}']).next()?;
                Some(v.trim().trim_matches('"').to_string())
            };
            let id = field("id:").unwrap_or_else(|| (cases.len() + 1).to_string());
            cases.push((id, field("time_limit:").unwrap()));
        } else if let Some(v) = t.strip_prefix("label:") {
            steps.push((labels.len(), times.len(), Vec::new()));
            labels.push(value(i, v));
        } else if let Some(v) = t.strip_prefix("cases:").filter(|_| !top) {
            let list = v.trim().trim_start_matches('[').trim_end_matches(']');
            let ids = list
                .split(',')
                .map(|c| c.trim().trim_matches('"').to_string());
            steps.last_mut().unwrap().2 = ids.collect();
        } else if let Some(v) = t.strip_prefix("time:") {
            times.push(value(i, v));
        } else if let Some(v) = t.strip_prefix("time_limit:") {
            if top {
                total = value(i, v);
            } else {
                times.push(value(i, v));
            }
        }
    }
    // Steps each in one case, each case's steps together: a row naming the case (its id, its
    // limit) before each block. Otherwise one total row per case before the whole's.
    let case_of: Vec<Option<usize>> = steps
        .iter()
        .map(|(_, _, c)| match c.as_slice() {
            [one] => cases.iter().position(|(id, _)| id == one),
            _ => None,
        })
        .collect();
    let mut runs: Vec<Option<usize>> = case_of.clone();
    runs.dedup();
    let blocks = !cases.is_empty()
        && case_of.iter().all(Option::is_some)
        && (0..runs.len()).all(|r| !runs[..r].contains(&runs[r]));
    if blocks {
        for k in (0..steps.len()).rev() {
            if k == 0 || case_of[k] != case_of[k - 1] {
                let (id, limit) = &cases[case_of[k].unwrap()];
                labels.insert(steps[k].0, id.clone());
                times.insert(steps[k].1, limit.clone());
            }
        }
    } else {
        times.extend(cases.into_iter().map(|(_, limit)| limit));
    }
    times.push(total);
    let clean = |v: Vec<String>| v.into_iter().filter(|s| !s.is_empty()).collect();
    (clean(labels), clean(times))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn step_tables_print_the_sources_labels_phases_and_times() {
    let all = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real"))
        .unwrap()
        .filter_map(|e| e.ok().filter(|e| e.path().is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(all.len() >= 6, "{all:?}");
    for name in all {
        let dir = copy(&name);
        let path = procedure(&name);
        let source = std::fs::read_to_string(&path).unwrap();
        let code = source
            .lines()
            .find_map(|l| l.strip_prefix("code: "))
            .expect("code")
            .trim();
        let out = run_in(dir.path(), &["render", code, "-o", "p.pdf"]);
        assert_eq!(out.code, 0, "{name}: {}{}", out.stdout, out.stderr);
        let pages = words(dir.path(), "p.pdf");
        let mut headers = vec!["TT", "Trình tự thực hiện", "Trách nhiệm", "Thời gian"];
        if source.contains("time_unit:") {
            headers[3] = "Thời gian (ngày làm việc)";
        }
        let (labels, times) = declared(&path);
        let tt = column_text(&pages[2..], &headers, 0);
        assert_eq!(squash(&tt), squash(&labels.join(" ")), "{name}: labels");
        let time = column_text(&pages[2..], &headers, 3);
        assert_eq!(squash(&time), squash(&times.join(" ")), "{name}: times");
    }
}

fn phase_rows_print_with_their_shared_time() {
    // Hà Nội 1594: Bước 6–13 sit under one merged "07 ngày" cell of the phase at UBND thành phố.
    let dir = copy("ha-noi-1594");
    let out = run_in(dir.path(), &["render", "QTTP-20", "-o", "p.pdf"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pages = words(dir.path(), "p.pdf");
    let headers = [
        "TT",
        "Trình tự thực hiện",
        "Trách nhiệm",
        "Thời gian",
        "Biểu mẫu/Kết quả",
    ];
    let work = squash(&column_text(&pages[2..], &headers, 1));
    let at = |s: &str| work.find(s).unwrap_or_else(|| panic!("{s:?} in {work}"));
    let (city, dept) = (
        at("Quy trình nội bộ tại UBND thành phố Hà Nội"),
        at("Quy trình nội bộ tại Sở Dân tộc và Tôn giáo"),
    );
    assert!(at("Phê duyệt, thẩm định") < city && city < at("Tiếp nhận hồ sơ, chuyển đến"));
    assert!(at("chuyển kết quả giải quyết TTHC bản giấy") < dept);
    assert!(work.ends_with("Tổng thời gian giải quyết"), "{work}");
    // The merged time cell prints once, on the phase row, and Bước 6–13 have none.
    let time = squash(&column_text(&pages[2..], &headers, 3));
    assert_eq!(
        time,
        "1/2 ngày 1/2 ngày 1 ngày 1 ngày 16 ngày 01 ngày 01 ngày 07 ngày 02 ngày Giờ hành chính \
         30 ngày làm việc kể từ ngày nhận đủ hồ sơ đề nghị hợp lệ"
    );
}
