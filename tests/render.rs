//! `qmsdoc render`: the PDFs are read back by poppler's `pdftotext` (text and word boxes) and
//! checked by `qpdf --check`; positions are compared with Decree 30/2020's margins and layout.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::pdf::{PageWords, Word, text, words};
use common::{Qms, harness, tool_output};
use std::path::Path;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(decision_text_and_layout_follow_decree_30).needs(&["pdftotext", "qpdf"]),
        case!(agency_names_of_one_to_four_lines_break_between_words).needs(&["pdftotext"]),
        case!(procedure_cover_tracking_body_steps_and_running_footer).needs(&["pdftotext", "qpdf"]),
        case!(every_document_of_docs_example_renders_and_passes_qpdf).needs(&["qpdf"]),
        case!(cases_print_as_notes_and_totals_or_as_blocks).needs(&["pdftotext", "qpdf"]),
        case!(a_character_the_font_lacks_is_named_with_its_place),
        case!(symbols_of_forms_render_with_the_fallback_font).needs(&[
            "pdftotext",
            "pdffonts",
            "qpdf",
        ]),
        case!(unknown_targets_and_nothing_to_do_are_usage_errors),
        case!(the_self_assessment_pdf_reads_back_row_by_row).needs(&["pdftotext", "qpdf"]),
        case!(a_test_whose_program_is_missing_is_skipped_and_fails_in_ci),
    ])
}

const MM: f64 = 72.0 / 25.4;

/// A publication decision as `publish --apply` writes it.
const DECISION: &str = "\
---
kind: decision
code: QD-01-2026
title: Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015
number: 01/QĐ-UBND
revision: 1
effective: 2026-01-05
status: in-force
signed_by: Nguyễn Văn A
---

# QUYẾT ĐỊNH

**Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015**

**CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM**

*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;*

*Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc \
áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các \
cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;*

*Theo đề nghị của Thư ký ISO.*

**QUYẾT ĐỊNH:**

**Điều 1.** Công bố Hệ thống quản lý chất lượng của Ủy ban nhân dân xã Thử Nghiệm phù hợp Tiêu \
chuẩn quốc gia TCVN ISO 9001:2015, gồm 2 tài liệu theo Danh mục kèm theo Quyết định này.

**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.

**Điều 3.** Văn phòng, các bộ phận chuyên môn và cán bộ, công chức có liên quan chịu trách \
nhiệm thi hành Quyết định này./.

**Nơi nhận:**

- Như Điều 3;
- Ủy ban nhân dân tỉnh Mẫu (để báo cáo);
- Lưu: VT.

**CHỦ TỊCH**

**Nguyễn Văn A**

## Danh mục tài liệu của Hệ thống quản lý chất lượng

*(Kèm theo Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã Thử Nghiệm)*

| TT | Mã tài liệu | Tên tài liệu | Lần ban hành | Ngày hiệu lực |
|:-:|---|---|:-:|:-:|
| 1 | BM-01 | Giấy tiếp nhận hồ sơ và hẹn trả kết quả | 1 | 05/01/2026 |
| 2 | QT-HT-01 | Đăng ký khai sinh | 1 | 05/01/2026 |
";

fn find<'a>(words: &'a [Word], text: &str) -> &'a Word {
    words
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?}"))
}

fn qpdf_ok(dir: &Path, pdf: &str) {
    let out = tool_output(dir, "qpdf", &["--check", pdf]);
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
}

fn decision_text_and_layout_follow_decree_30() {
    let q = Qms::valid().file("decisions/QD-01-2026.md", DECISION);
    let out = q.run(&["render", "decisions/QD-01-2026.md", "-o", "qd.pdf"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("(2 trang)"), "{}", out.stdout);
    qpdf_ok(q.path(), "qd.pdf");
    let size = std::fs::metadata(q.join("qd.pdf")).unwrap().len();
    assert!(size < 100_000, "a two-page decision is {size} bytes");

    let pages = words(q.path(), "qd.pdf");
    assert_eq!(pages.len(), 2);
    let p1 = &pages[0].words;
    let centre = pages[0].width / 2.0;
    let title = find(p1, "QUYẾT");
    let header_end = title.y0 - 1.0;

    // Header: the left column (parent, agency, number) and the right one (national title,
    // motto, place and date), each centred in its column.
    let split = find(p1, "CỘNG").x0 - 1.0;
    let left = text(p1, |w| w.y1 < header_end && w.x1 < split);
    assert_eq!(
        left,
        "ỦY BAN NHÂN DÂN TỈNH MẪU ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM Số: 01/QĐ-UBND"
    );
    let right = text(p1, |w| w.y1 < header_end && w.x0 >= split);
    assert_eq!(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \
         Thử Nghiệm, ngày 05 tháng 01 năm 2026"
    );
    assert!(
        find(p1, "CỘNG").x0 > centre - 40.0,
        "national title on the right"
    );

    // Margins: top 20 mm, left 30 mm, right 15 mm (justified lines reach it).
    let top = p1.iter().map(|w| w.y0).fold(f64::MAX, f64::min);
    assert!((top - 20.0 * MM).abs() < 1.0, "top margin {top}");
    let body: Vec<&Word> = p1.iter().filter(|w| w.y0 > title.y0).collect();
    let left_edge = body.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    assert!(
        (left_edge - 30.0 * MM).abs() < 0.5,
        "left margin {left_edge}"
    );
    let right_edge = body.iter().map(|w| w.x1).fold(0.0, f64::max);
    assert!(
        (right_edge - (210.0 - 15.0) * MM).abs() < 0.5,
        "right margin {right_edge}"
    );
    // First-line indent of 1.27 cm on the grounds and articles.
    let can_cu = p1.iter().filter(|w| w.text == "Căn").map(|w| w.x0);
    for x in can_cu {
        assert!((x - 42.7 * MM).abs() < 0.5, "indent {x}");
    }
    assert!((find(p1, "Điều").x0 - 42.7 * MM).abs() < 0.5);
    // Document type centred.
    let qd_centre = (title.x0 + find(p1, "ĐỊNH").x1) / 2.0;
    let body_centre = (30.0 + 195.0) / 2.0 * MM;
    assert!((qd_centre - body_centre).abs() < 1.0);

    // The body, word for word.
    let noi_nhan = find(p1, "Nơi");
    let body_text = text(p1, |w| w.y0 >= title.y0 - 0.5 && w.y1 <= noi_nhan.y0);
    assert_eq!(
        body_text,
        "QUYẾT ĐỊNH \
         Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015 \
         CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM \
         Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; \
         Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc \
         áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các \
         cơ quan, tổ chức thuộc hệ thống hành chính nhà nước; \
         Theo đề nghị của Thư ký ISO. \
         QUYẾT ĐỊNH: \
         Điều 1. Công bố Hệ thống quản lý chất lượng của Ủy ban nhân dân xã Thử Nghiệm phù hợp Tiêu \
         chuẩn quốc gia TCVN ISO 9001:2015, gồm 2 tài liệu theo Danh mục kèm theo Quyết định này. \
         Điều 2. Quyết định này có hiệu lực kể từ ngày ký. \
         Điều 3. Văn phòng, các bộ phận chuyên môn và cán bộ, công chức có liên quan chịu trách \
         nhiệm thi hành Quyết định này./."
    );

    // Recipients at the bottom left, the signature block at the bottom right, side by side.
    let recipients = text(p1, |w| w.y0 >= noi_nhan.y0 - 0.5 && w.x1 < centre - 20.0);
    assert_eq!(
        recipients,
        "Nơi nhận: - Như Điều 3; - Ủy ban nhân dân tỉnh Mẫu (để báo cáo); - Lưu: VT."
    );
    let signer_title = p1
        .iter()
        .rfind(|w| w.text == "CHỦ" && w.y0 >= noi_nhan.y0 - 2.0)
        .expect("the signer's title");
    assert!((signer_title.y0 - noi_nhan.y0).abs() < 3.0, "same top");
    assert!(signer_title.x0 > centre);
    let name = find(p1, "Nguyễn");
    assert!(
        name.y0 - signer_title.y1 > 25.0 * MM,
        "room for the signature"
    );
    assert!(name.x0 > centre);
    assert!(
        p1.iter()
            .all(|w| w.x0 >= 30.0 * MM - 0.5 || w.y1 < header_end)
    );

    // Page 2: the number centred in the top margin, then the annex.
    let p2 = &pages[1].words;
    let number = &p2[0];
    assert_eq!(number.text, "2");
    assert!(number.y1 < 20.0 * MM, "page number in the top margin");
    assert!(((number.x0 + number.x1) / 2.0 - body_centre).abs() < 1.0);
    assert!(
        !p1.iter().any(|w| w.text == "1" && w.y1 < 20.0 * MM),
        "no number on page 1"
    );
    let annex = text(p2, |w| w.y0 > 20.0 * MM);
    assert!(
        annex.starts_with(
            "Danh mục tài liệu của Hệ thống quản lý chất lượng (Kèm theo Quyết định số 01/QĐ-UBND \
             ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã Thử Nghiệm) TT Mã tài liệu Tên tài liệu"
        ),
        "{annex}"
    );
    assert!(
        annex.contains("2 QT-HT-01 Đăng ký khai sinh 1 05/01/2026"),
        "{annex}"
    );

    // The signature field qmsdoc sign fills is where the signature goes.
    let qpdf_json = tool_output(
        q.path(),
        "qpdf",
        &["--json", "--json-key=acroform", "qd.pdf"],
    );
    assert!(qpdf_json.contains("\"fieldtype\": \"/Sig\""), "{qpdf_json}");
    assert!(
        qpdf_json.contains("\"fullname\": \"chu_ky\""),
        "{qpdf_json}"
    );
}

/// The agency's name in the header's left column, rendered for names of one to four lines,
/// read back line by line: breaks fall between the body and the place, never inside a word
/// pair such as "NHÂN DÂN" or a place name.
fn agency_names_of_one_to_four_lines_break_between_words() {
    for (name, expected) in [
        ("Sở Nội vụ", &["SỞ NỘI VỤ"][..]),
        (
            "Ủy ban nhân dân xã Tân Hòa",
            &["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA"],
        ),
        (
            "Ủy ban nhân dân phường Bến Thành",
            &["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN THÀNH"],
        ),
        ("Sở Khoa học và Công nghệ", &["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]),
        (
            "Ban Quản lý các khu công nghiệp tỉnh Đồng Nai",
            &["BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP", "TỈNH ĐỒNG NAI"],
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Đồng Nai",
            &[
                "BAN QUẢN LÝ DỰ ÁN",
                "ĐẦU TƯ XÂY DỰNG CÁC",
                "CÔNG TRÌNH GIAO THÔNG",
                "TỈNH ĐỒNG NAI",
            ],
        ),
    ] {
        let q = Qms::valid()
            .edit("qms.yaml", "  parent: Ủy ban nhân dân tỉnh Mẫu\n", "")
            .edit("qms.yaml", "Ủy ban nhân dân xã Thử Nghiệm", name)
            .file("decisions/QD-01-2026.md", DECISION);
        let out = q.run(&["render", "decisions/QD-01-2026.md", "-o", "qd.pdf"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        let pages = words(q.path(), "qd.pdf");
        let p1 = &pages[0].words;
        let split = find(p1, "CỘNG").x0 - 1.0;
        let number = find(p1, "Số:");
        let got = common::pdf::lines(p1, |w| w.y1 < number.y0 && w.x1 < split);
        assert_eq!(got, expected, "{name}");
    }
}

fn procedure_cover_tracking_body_steps_and_running_footer() {
    let q = Qms::valid();
    let out = q.run(&["render", "QT-HT-01", "-o", "out"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    qpdf_ok(q.path(), "out/QT-HT-01.pdf");
    let pages = words(q.path(), "out/QT-HT-01.pdf");
    let n = pages.len();
    assert!(n >= 3, "cover, change tracking, body: {n} pages");
    for (i, p) in pages.iter().enumerate() {
        let all = text(&p.words, |_| true);
        assert!(
            all.ends_with(&format!("Trang {}/{n}", i + 1)),
            "page {}: {all}",
            i + 1
        );
        assert!(all.contains("Mã hiệu: QT-HT-01 Lần ban hành: 1 Ngày hiệu lực: 05/01/2026"));
    }
    let cover = text(&pages[0].words, |_| true);
    assert!(cover.contains("Soạn thảo Xem xét Phê duyệt"), "{cover}");
    for name in ["Họ và tên", "Phó Chủ tịch UBND xã", "Chữ ký", "Chức vụ"] {
        assert!(cover.contains(name), "{name} in {cover}");
    }
    let tracking = text(&pages[1].words, |_| true);
    assert!(
        tracking
            .contains("THEO DÕI SỬA ĐỔI TÀI LIỆU TT Ngày Lần ban hành Nội dung sửa đổi Quyết định"),
        "{tracking}"
    );
    let body: String = pages[2..]
        .iter()
        .map(|p| text(&p.words, |_| true))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        body.contains("TT Trình tự thực hiện Trách nhiệm Thời gian Biểu mẫu/Kết quả"),
        "{body}"
    );
    // The body word for word, without the running header and footer, then the step table.
    let body_only = body_text(&pages[2..]);
    assert!(
        body_only.starts_with(
            "1. Mục đích Quy định trình tự đăng ký khai sinh. 2. Phạm vi Áp dụng tại UBND xã. \
             3. Tài liệu viện dẫn - Luật Hộ tịch 2014. 4. Định nghĩa và từ viết tắt - UBND: Ủy ban \
             nhân dân. 5. Nội dung quy trình 5.2 Thành phần hồ sơ Tờ khai. 6. Biểu mẫu - BM-01. \
             7. Hồ sơ cần lưu Sổ đăng ký khai sinh. TT Trình tự thực hiện Trách nhiệm Thời gian \
             Biểu mẫu/Kết quả 1 Tiếp nhận, kiểm tra hồ sơ"
        ),
        "{body_only}"
    );
    let src = std::fs::read_to_string(q.join("procedures/QT-HT-01.md")).unwrap();
    // Every step's "what" is in the table, in order.
    let whats: Vec<&str> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- what: "))
        .collect();
    in_order(&body, &whats);
}

/// The body of rendered pages without their running header and footer, in reading order.
fn body_text(pages: &[PageWords]) -> String {
    let inside = |w: &Word| w.y0 >= 25.0 * MM - 1.0 && w.y1 <= (297.0 - 22.0) * MM + 1.0;
    pages
        .iter()
        .map(|p| text(&p.words, inside))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each of `parts` occurs in `text`, in this order.
fn in_order(text: &str, parts: &[&str]) {
    let mut at = 0;
    for p in parts {
        let found = text[at..]
            .find(p)
            .unwrap_or_else(|| panic!("{p:?} after byte {at} of {text}"));
        at += found + p.len();
    }
}

fn cases_print_as_notes_and_totals_or_as_blocks() {
    // Shared steps: step 2 is in case 2 only; one total row per case; the empty section on
    // the time limit gives each case's limit.
    let shared = Qms::valid()
        .procedure_with(
            "time_limit: 1 ngày làm việc\n",
            "cases:\n  - { id: \"1\", name: Trường hợp hồ sơ đầy đủ, time_limit: 4 giờ làm việc }\n  - { id: \"2\", name: Trường hợp cần xác minh, time_limit: 1 ngày làm việc }\n",
        )
        .procedure_with(
            "    time: 4 giờ làm việc\n",
            "    time: 4 giờ làm việc\n    cases: [\"2\"]\n",
        )
        .procedure_with("## 6. Biểu mẫu", "### 5.3 Thời hạn giải quyết\n\n## 6. Biểu mẫu");
    assert_eq!(shared.check().findings(), vec![]);
    let out = shared.run(&["render", "QT-HT-01", "-o", "out"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    qpdf_ok(shared.path(), "out/QT-HT-01.pdf");
    let body = body_text(&words(shared.path(), "out/QT-HT-01.pdf")[2..]);
    // Reading order runs across the columns, and the time column wraps ("4 giờ làm / việc").
    in_order(
        &body,
        &[
            "5.3 Thời hạn giải quyết - Trường hợp hồ sơ đầy đủ: 4 giờ làm việc. - Trường hợp cần xác minh: 1 ngày làm việc. 6. Biểu mẫu",
            "2 Thẩm định, trình ký",
            "Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung (Trường hợp 2) 3 Ký Giấy khai sinh",
            "Tổng thời gian giải quyết, trường hợp 1 4 giờ làm",
            "(hồ sơ đầy đủ)",
            "Tổng thời gian giải quyết, trường hợp 2 1 ngày",
            "(cần xác minh)",
        ],
    );
    assert_eq!(body.matches("(Trường hợp").count(), 1, "{body}");

    // One block per case, as a table that numbers each case's steps apart prints it: a row
    // with the case's id, words and limit before its steps; no total rows.
    let blocks = Qms::valid()
        .procedure_with(
            "time_limit: 1 ngày làm việc\n",
            "cases:\n  - { id: I, name: Trường hợp nhóm I, time_limit: 6 giờ làm việc }\n  - { id: II, name: Trường hợp nhóm II, time_limit: 2 giờ làm việc }\n",
        )
        .procedure_with("    forms: [BM-01]\n", "    forms: [BM-01]\n    cases: [I]\n")
        .procedure_with("    time: 4 giờ làm việc\n", "    time: 4 giờ làm việc\n    cases: [I]\n")
        .procedure_with(
            "    time: 2 giờ làm việc\nrecords",
            "    time: 2 giờ làm việc\n    cases: [II]\nrecords",
        );
    assert_eq!(blocks.check().findings(), vec![]);
    let out = blocks.run(&["render", "QT-HT-01", "-o", "out"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let body = body_text(&words(blocks.path(), "out/QT-HT-01.pdf")[2..]);
    let table = &body[body.find("Biểu mẫu/Kết quả").unwrap()..];
    in_order(
        table,
        &[
            "Biểu mẫu/Kết quả I Trường hợp nhóm I 6 giờ làm",
            "1 Tiếp nhận, kiểm tra hồ sơ",
            "2 Thẩm định, trình ký",
            "II Trường hợp nhóm II 2 giờ làm",
            "3 Ký Giấy khai sinh",
        ],
    );
    assert!(!table.contains("Tổng thời gian"), "{table}");
    assert!(!table.contains("(Trường hợp"), "{table}");
}

fn every_document_of_docs_example_renders_and_passes_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pdf");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example");
    let out = common::run_in(
        dir.path(),
        &[
            "render",
            "--all",
            example.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let pdfs: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // 58 documents and the register.
    assert_eq!(pdfs.len(), 59);
    for p in &pdfs {
        qpdf_ok(dir.path(), p.to_str().unwrap());
    }
    // The same input gives the same bytes.
    let again = common::run_in(
        dir.path(),
        &[
            "render",
            "QT-HT-01",
            "--root",
            example.to_str().unwrap(),
            "-o",
            "again.pdf",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("again.pdf")).unwrap(),
        std::fs::read(out_dir.join("QT-HT-01.pdf")).unwrap()
    );
}

fn a_character_the_font_lacks_is_named_with_its_place() {
    let q = Qms::valid().procedure_with("## 1. Mục đích", "## 1. Mục đích 中");
    let out = q.run(&["render", "QT-HT-01", "-o", "out"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    let line = std::fs::read_to_string(q.join("procedures/QT-HT-01.md"))
        .unwrap()
        .lines()
        .position(|l| l.contains('中'))
        .unwrap()
        + 1;
    assert!(
        out.stderr.contains(&format!("procedures/QT-HT-01.md:{line}:16: các phông chữ kèm theo (Liberation Serif, DejaVu Sans) không có ký tự '中' (U+4E2D)")),
        "{}",
        out.stderr
    );
    assert!(!q.join("out/QT-HT-01.pdf").exists(), "no partial output");
    let en = q.run(&["--lang", "en", "render", "QT-HT-01", "-o", "out"]);
    assert!(
        en.stderr.contains("have no character '中' (U+4E2D)"),
        "{}",
        en.stderr
    );
}

/// Checkboxes, ticks and arrows of Vietnamese forms come from the symbols font, embedded as a
/// subset next to the text font, and read back as the same characters.
fn symbols_of_forms_render_with_the_fallback_font() {
    let line = "Đã nộp lệ phí: ☐ Có ☐ Không; kiểm tra ✓, đủ ✔ ⇒ tiếp nhận. **☑ Đạt** *☒ Không đạt*";
    let q = Qms::valid().edit("forms/BM-01.md", "---\n\n#", &format!("---\n\n{line}\n\n#"));
    let out = q.run(&["render", "BM-01", "-o", "out"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    qpdf_ok(&q.join("out"), "BM-01.pdf");
    let text = tool_output(&q.join("out"), "pdftotext", &["BM-01.pdf", "-"]);
    assert!(
        text.contains(
            "Đã nộp lệ phí: ☐ Có ☐ Không; kiểm tra ✓, đủ ✔ ⇒ tiếp nhận. ☑ Đạt ☒ Không đạt"
        ),
        "{text}"
    );
    let fonts = tool_output(&q.join("out"), "pdffonts", &["BM-01.pdf"]);
    let symbols = fonts
        .lines()
        .find(|l| l.contains("+DejaVuSans "))
        .unwrap_or_else(|| panic!("{fonts}"));
    // Embedded ("emb") and subset ("sub") like the text font, with its ToUnicode map ("uni").
    assert!(symbols.contains("CID TrueType"), "{symbols}");
    let flags: Vec<&str> = symbols.split_whitespace().rev().take(5).collect();
    assert_eq!(&flags[2..5], ["yes", "yes", "yes"], "{symbols}");
    let size = std::fs::metadata(q.join("out/BM-01.pdf")).unwrap().len();
    assert!(
        size < 60_000,
        "a one-page form with symbols is {size} bytes"
    );
}

fn unknown_targets_and_nothing_to_do_are_usage_errors() {
    let q = Qms::valid();
    let out = q.run(&["render", "QT-XX-99"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("không có tệp hay tài liệu mã \"QT-XX-99\""),
        "{}",
        out.stderr
    );
    let out = q.run(&["render"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--all"), "{}", out.stderr);
}

/// This file run again with an empty PATH: the test that needs pdftotext and qpdf is reported
/// as ignored (nextest: SKIP), never as passed; with CI set it fails and names the program.
fn a_test_whose_program_is_missing_is_skipped_and_fails_in_ci() {
    let empty = tempfile::tempdir().unwrap();
    let run = |ci: Option<&str>| {
        let mut c = std::process::Command::new(std::env::current_exe().unwrap());
        c.args(["--exact", "decision_text_and_layout_follow_decree_30"])
            .env("PATH", empty.path())
            .env_remove("CI");
        if let Some(v) = ci {
            c.env("CI", v);
        }
        let o = c.output().unwrap();
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        (o.status.success(), text)
    };
    let (ok, out) = run(None);
    assert!(ok, "{out}");
    assert!(
        out.contains("test decision_text_and_layout_follow_decree_30 ... ignored"),
        "{out}"
    );
    assert!(out.contains("0 passed; 0 failed; 1 ignored"), "{out}");
    let (ok, out) = run(Some("true"));
    assert!(!ok, "{out}");
    assert!(
        out.contains("the program `pdftotext` is not installed"),
        "{out}"
    );
}

/// `qmsdoc score --format pdf`: the provinces' columns, each row's points and the total read
/// back from the PDF, the head's name at the end, and a file qpdf accepts.
fn the_self_assessment_pdf_reads_back_row_by_row() {
    let q = Qms::valid().file(
        "tieu-chi.yaml",
        "title: Tự đánh giá năm 2026\ntotal: 5\ncriteria:\n  - { id: \"1\", title: Niêm yết, max: 2, method: manual, evidence: Ảnh nơi niêm yết, value: Đã niêm yết, points: 1.5 }\n  - { id: \"2\", title: Kiểm tra không có lỗi, max: 3, method: boolean, source: check }\n",
    );
    let out = q.run(&[
        "score",
        "--year",
        "2026",
        "--as-of",
        "2026-12-15",
        "--criteria",
        "tieu-chi.yaml",
        "--format",
        "pdf",
        "-o",
        "tu-danh-gia.pdf",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("đã ghi tu-danh-gia.pdf"),
        "{}",
        out.stdout
    );
    let pdf = q.join("tu-danh-gia.pdf");
    tool_output(q.path(), "qpdf", &["--check", pdf.to_str().unwrap()]);
    let page = tool_output(
        q.path(),
        "pdftotext",
        &["-layout", pdf.to_str().unwrap(), "-"],
    );
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines.contains(&"TỰ ĐÁNH GIÁ NĂM 2026"), "{page}");
    assert!(
        lines.contains(&"Năm 2026 (số liệu tính đến 15/12/2026)"),
        "{page}"
    );
    let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let rows: Vec<String> = lines.iter().map(|l| squeeze(l)).collect();
    assert!(
        rows.iter().any(|r| r.starts_with(
            "Tiêu chí Điểm Số liệu kê khai Cách tính điểm Tài liệu kiểm chứng Điểm tự"
        )),
        "{page}"
    );
    assert!(
        rows.iter()
            .any(|r| r == "1. Niêm yết 2 Đã niêm yết Ảnh nơi niêm yết 1,5"),
        "{page}"
    );
    // The valid QMS has no error: the boolean row scores its maximum.
    // (Cells wrap: "lỗi" and "giá" go to the next line of their cell.)
    assert!(
        rows.iter()
            .any(|r| r == "2. Kiểm tra không có 3 2 tài liệu: 0 lỗi, 0 qmsdoc check --as-of 3"),
        "{page}"
    );
    assert!(
        rows.iter().any(|r| r == "Tổng điểm tự đánh 4,5 / 5"),
        "{page}"
    );
    assert!(
        rows.iter()
            .any(|r| r == "NGUYỄN VĂN A" || r == "Nguyễn Văn A"),
        "{page}"
    );
}
