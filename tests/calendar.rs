//! The working calendar through the real binary: `qmsdoc due`, `qmsdoc calendar`, and
//! statutory limits in calendar days against procedures in working days (T003).
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;

/// A 10-working-day procedure whose TTHC allows "15 ngày", read as calendar days.
fn ten_days_against_fifteen(years: &str) -> Qms {
    Qms::valid()
        .file(
            "qms.yaml",
            format!("{QMS_YAML}durations:\n  bare_day: calendar\n{years}"),
        )
        .edit(
            "tthc/catalog.yaml",
            "time_limit: 1 ngày làm việc",
            "time_limit: 15 ngày",
        )
        .procedure_with(
            "time_limit: 1 ngày làm việc",
            "time_limit: 10 ngày làm việc",
        )
        .procedure_with("time: 4 giờ làm việc", "time: 76 giờ làm việc")
}

#[test]
fn ten_working_days_do_not_fit_in_fifteen_days_before_tet() {
    let q = ten_days_against_fifteen("");
    let f = q.check().only("T003");
    assert_eq!((f.line, f.column), (14, 13), "{f:?}");
    assert!(
        f.message.contains(
            "nộp ngày 25/01/2024: 10 ngày làm việc kết thúc ngày 15/02/2024, quá 15 ngày (hạn 09/02/2024)"
        ),
        "{}",
        f.message
    );
    // Over 2026 only: the first start date with the longest span (21 days) is Monday 02/02,
    // a fortnight before Tết Bính Ngọ (14/02–22/02).
    let y2026 = ten_days_against_fifteen("calendar:\n  years: [2026]\n");
    let f = y2026.check().only("T003");
    assert!(
        f.message.contains("nộp ngày 02/02/2026: 10 ngày làm việc kết thúc ngày 23/02/2026, quá 15 ngày (hạn 17/02/2026)"),
        "{}",
        f.message
    );
    // 21 calendar days are enough whatever the start date; the flat factor is still an
    // explicit override (10 working days = 14,3 days at 0.7).
    let flat = ten_days_against_fifteen("").file(
        "qms.yaml",
        format!(
            "{QMS_YAML}durations:\n  bare_day: calendar\n  calendar_day_in_working_days: 0.7\n"
        ),
    );
    assert_eq!(flat.check().findings(), vec![]);
    let fits = q.edit(
        "tthc/catalog.yaml",
        "time_limit: 15 ngày",
        "time_limit: 21 ngày",
    );
    assert_eq!(fits.check().findings(), vec![]);
}

#[test]
fn due_across_tet_as_json() {
    let q = Qms::valid();
    let out = q.run(&[
        "due",
        "QT-HT-01",
        "--from",
        "2026-02-13 15:10",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = out.json();
    assert_eq!(j["received"], "2026-02-13T15:10");
    assert_eq!(j["start"], "2026-02-13T15:10");
    // 1 working day: 2 h 20 on Friday 13/02, Tết 14/02–22/02, then Monday 23/02.
    assert_eq!(j["due"], "2026-02-23T15:10");
    let steps: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["due"].as_str().unwrap_or("—"))
        .collect();
    assert_eq!(
        steps,
        ["2026-02-13T17:10", "2026-02-23T11:10", "2026-02-23T15:10"]
    );
}

/// One-stop software knows the TTHC code, not the agency's document code: `due` answers for
/// the procedure in force for that TTHC, and names both codes when it finds neither.
#[test]
fn due_by_the_tthc_code_and_a_clear_refusal_for_an_unknown_code() {
    let q = Qms::valid();
    let by_code = q.run(&[
        "due",
        "QT-HT-01",
        "--from",
        "2026-02-13 15:10",
        "--format",
        "json",
    ]);
    let by_tthc = q.run(&[
        "due",
        "1.001193",
        "--from",
        "2026-02-13 15:10",
        "--format",
        "json",
    ]);
    assert_eq!(by_tthc.code, 0, "{}", by_tthc.stderr);
    assert_eq!(by_tthc.json()["code"], "QT-HT-01");
    assert_eq!(by_tthc.stdout, by_code.stdout);
    let unknown = q.run(&["due", "9.999999"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("không có tài liệu mã \"9.999999\", cũng không có quy trình hiệu lực cho TTHC \"9.999999\""),
        "{}",
        unknown.stderr
    );
}

#[test]
fn due_for_a_case_counts_that_case_s_steps_and_limit() {
    // Case 1 (4 hours) leaves out step 2 (4 hours); case 2 is all three steps in one day.
    let q = Qms::valid()
        .procedure_with(
            "time_limit: 1 ngày làm việc\n",
            "cases:\n  - { id: \"1\", name: Hồ sơ đầy đủ, time_limit: 4 giờ làm việc }\n  - { id: \"2\", name: Cần xác minh, time_limit: 1 ngày làm việc }\n",
        )
        .procedure_with(
            "    time: 4 giờ làm việc\n",
            "    time: 4 giờ làm việc\n    cases: [\"2\"]\n",
        );
    let due = |case: &str| {
        let args = [
            "due",
            "QT-HT-01",
            "--from",
            "2026-03-09 08:00",
            "--format",
            "json",
        ];
        q.run(&[&args[..], &["--case", case]].concat())
    };
    // Monday 09/03/2026 from 08:00: 3.5 hours to 11:30, then 13:30 to 14:00.
    let j = due("1").json();
    assert_eq!(j["case"], "1");
    assert_eq!(j["time_limit"], "4 giờ làm việc");
    assert_eq!(j["due"], "2026-03-09T14:00");
    let steps: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["due"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["2026-03-09T10:00", "2026-03-09T14:00"]);
    let j = due("2").json();
    assert_eq!(j["due"], "2026-03-10T08:00");
    assert_eq!(j["steps"].as_array().unwrap().len(), 3);
    // Without --case, or with one the procedure does not have: the cases are listed.
    let none = q.run(&["due", "QT-HT-01", "--from", "2026-03-09 08:00"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains(
            "QT-HT-01 có thời hạn khác nhau theo trường hợp: 1 (Hồ sơ đầy đủ); 2 (Cần xác minh); chọn một trường hợp, ví dụ --case 1"
        ),
        "{}",
        none.stderr
    );
    let wrong = due("3");
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("QT-HT-01 không có trường hợp \"3\""),
        "{}",
        wrong.stderr
    );
}

#[test]
fn due_from_a_friday_afternoon_and_across_a_swapped_weekend() {
    let q = Qms::valid();
    let human = q.run(&["due", "QT-HT-01", "--from", "06/03/2026 16:00"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(
        human
            .stdout
            .contains("Hẹn trả kết quả: 16:00 ngày 09/03/2026 (Thứ Hai)"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    );
    // Friday 09/01/2026 at 16:00: Saturday 10/01 is worked (swap for 02/01).
    let j = q
        .run(&[
            "due",
            "QT-HT-01",
            "--from",
            "2026-01-09 16:00",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(j["due"], "2026-01-10T16:00");
    // Thursday 30/04/2025 is a holiday and Friday 02/05 a swapped day off: from Tuesday
    // 29/04 at 14:00, one working day ends on Monday 05/05.
    let j = q
        .run(&[
            "due",
            "QT-HT-01",
            "--from",
            "2025-04-29 14:00",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(j["due"], "2025-05-05T14:00");
}

#[test]
fn due_after_the_cutoff_hour_counts_from_the_next_working_day() {
    let q = Qms::valid().file(
        "qms.yaml",
        format!("{QMS_YAML}calendar:\n  cutoff: \"16:00\"\n  sessions: [\"07:00-11:30\", \"13:00-16:30\"]\n"),
    );
    let j = q
        .run(&[
            "due",
            "QT-HT-01",
            "--from",
            "2026-03-06 16:10",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(j["start"], "2026-03-09T07:00");
    // 1 working day of these sessions (8 hours) ends at closing time.
    assert_eq!(j["due"], "2026-03-09T16:30");
    let en = q.run(&[
        "--lang",
        "en",
        "due",
        "QT-HT-01",
        "--from",
        "2026-03-06 16:10",
    ]);
    assert!(
        en.stdout
            .contains("Files received after 16:00 count from the next working day."),
        "{}",
        en.stdout
    );
}

#[test]
fn a_date_outside_the_covered_years_is_an_error_naming_them() {
    let q = Qms::valid();
    let out = q.run(&["due", "QT-HT-01", "--from", "2027-01-04 08:00"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "ngày 04/01/2027 nằm ngoài các năm có dữ liệu lịch nghỉ lễ (2024, 2025, 2026); thêm tệp calendar/2027.yaml"
        ),
        "{}",
        out.stderr
    );
    let out = q.run(&["calendar", "2027"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("(2024, 2025, 2026)"), "{}", out.stderr);
    let bad = q.run(&["due", "QT-HT-01", "--from", "hôm qua"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("không đọc được thời điểm"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_qms_year_file_covers_2027_and_bad_calendar_data_stops_due() {
    let year = "year: 2027\nsources: [Thông báo thử nghiệm]\ntet: { before: 1 }\nnational_day: 2027-09-03\n";
    let q = Qms::valid().file("calendar/2027.yaml", year);
    let out = q.run(&["calendar", "2027", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = out.json();
    assert_eq!(j["file"], "calendar/2027.yaml");
    // Tết Đinh Mùi is Saturday 06/02/2027: 05/02–09/02 off, 06/02 and 07/02 made up on
    // 10/02 and 11/02.
    let days: Vec<(String, String)> = j["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(d, _)| d.starts_with("2027-02"))
        .collect();
    let want: Vec<(String, String)> = [
        ("2027-02-05", "holiday"),
        ("2027-02-06", "holiday"),
        ("2027-02-07", "holiday"),
        ("2027-02-08", "holiday"),
        ("2027-02-09", "holiday"),
        ("2027-02-10", "compensatory"),
        ("2027-02-11", "compensatory"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(days, want);
    let broken = q.file(
        "calendar/2027.yaml",
        format!("{year}swaps:\n  - {{ off: 2027-09-03, work: 2027-09-04 }}\n"),
    );
    let out = broken.run(&["due", "QT-HT-01", "--from", "2027-03-01 08:00"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("C001"), "{}", out.stderr);
    assert!(
        out.stderr.contains("calendar/2027.yaml:6:12"),
        "{}",
        out.stderr
    );
}

#[test]
fn calendar_2025_lists_holidays_swaps_and_working_days() {
    let q = Qms::valid();
    let out = q.run(&["calendar", "2025", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = out.json();
    assert_eq!(j["file"], "templates/calendar/2025.yaml");
    assert!(j["sources"][0].as_str().unwrap().contains("8726/VPCP-KGVX"));
    let months: Vec<u64> = j["working_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    // January: 23 weekdays − 01/01 − 27/01–31/01; April: 22 − 07/04 − 30/04 + 26/04;
    // May: 22 − 01/05 − 02/05.
    assert_eq!(months[0], 17);
    assert_eq!(months[3], 21);
    assert_eq!(months[4], 20);
    assert_eq!(j["total_working_days"], 250);
    let human = q.run(&["calendar", "2025"]);
    assert!(
        human.stdout.contains("Thứ Bảy   26/04/2025  Làm bù"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("Thứ Sáu   02/05/2025  Nghỉ hoán đổi"),
        "{}",
        human.stdout
    );
}
