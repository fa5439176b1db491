//! The published schedules of days off reproduced from the law, the lunar calendar and the
//! shipped year files; due times and worst start dates on them.

use super::count::Instant;
use super::{Calendar, Day, Kind, Settings};

fn shipped() -> Calendar {
    let (cal, findings) =
        super::load::load(std::path::Path::new("/nonexistent"), &Settings::default());
    assert!(findings.is_empty(), "{findings:#?}");
    cal
}

fn day(y: i32, m: u8, d: u8) -> Day {
    Day::ymd(y, m, d).unwrap()
}

/// Weekdays off and weekend days worked in `year`, as "dd/mm".
fn exceptions(cal: &Calendar, year: i32) -> (Vec<String>, Vec<String>) {
    let (mut off, mut worked) = (Vec::new(), Vec::new());
    let (a, b) = (day(year, 1, 1).0, day(year + 1, 1, 1).0);
    for n in a..b {
        let d = Day(n);
        let weekend = matches!(d.weekday(), super::Weekday::Sat | super::Weekday::Sun);
        let short = d.short()[..5].to_string();
        match (weekend, cal.kind(d).working()) {
            (false, false) => off.push(short),
            (true, true) => worked.push(short),
            _ => {}
        }
    }
    (off, worked)
}

#[test]
fn schedule_2024_as_announced() {
    // Tết 08/02–14/02 (10/02 and 11/02 fall on the weekend: made up on 13/02 and 14/02);
    // 27/04–01/05 with 04/05 worked; National Day 31/08–03/09.
    let (off, worked) = exceptions(&shipped(), 2024);
    let want = [
        "01/01", "08/02", "09/02", "12/02", "13/02", "14/02", "18/04", "29/04", "30/04", "01/05",
        "02/09", "03/09",
    ];
    assert_eq!(off, want);
    assert_eq!(worked, ["04/05"]);
}

#[test]
fn schedule_2025_as_announced() {
    // Tết 25/01–02/02; Giỗ Tổ 07/04; 30/04–04/05 with 26/04 worked; 30/08–02/09.
    let (off, worked) = exceptions(&shipped(), 2025);
    let want = [
        "01/01", "27/01", "28/01", "29/01", "30/01", "31/01", "07/04", "30/04", "01/05", "02/05",
        "01/09", "02/09",
    ];
    assert_eq!(off, want);
    assert_eq!(worked, ["26/04"]);
}

#[test]
fn schedule_2026_as_announced() {
    // 01/01–04/01 with 10/01 worked; Tết 14/02–22/02; Giỗ Tổ on Sunday 26/04, made up on
    // 27/04; 30/04–03/05; 29/08–02/09 with 22/08 worked.
    let cal = shipped();
    let (off, worked) = exceptions(&cal, 2026);
    let want = [
        "01/01", "02/01", "16/02", "17/02", "18/02", "19/02", "20/02", "27/04", "30/04", "01/05",
        "31/08", "01/09", "02/09",
    ];
    assert_eq!(off, want);
    assert_eq!(worked, ["10/01", "22/08"]);
    use super::Holiday::*;
    assert_eq!(cal.kind(day(2026, 4, 26)), Kind::Holiday(HungKings));
    assert_eq!(cal.kind(day(2026, 4, 27)), Kind::Compensatory(HungKings));
    assert_eq!(cal.kind(day(2026, 1, 2)), Kind::SwapOff);
}

fn at(y: i32, m: u8, d: u8, h: u16, min: u16) -> Instant {
    Instant {
        day: day(y, m, d),
        minute: h * 60 + min,
    }
}

#[test]
fn due_times() {
    let cal = shipped();
    let due = |from: Instant, minutes: u64| {
        let start = cal.received(from).unwrap();
        cal.add_working(start, minutes).unwrap()
    };
    // 4 working hours from Friday 15:10: 2h20 on Friday, 1h40 on Monday morning.
    assert_eq!(due(at(2026, 3, 6, 15, 10), 240), at(2026, 3, 9, 9, 10));
    // A whole day ends at closing time, not at the next opening.
    assert_eq!(due(at(2026, 3, 9, 7, 30), 480), at(2026, 3, 9, 17, 30));
    // Received at lunch: counting starts at 13:30.
    assert_eq!(due(at(2026, 3, 9, 12, 0), 60), at(2026, 3, 9, 14, 30));
    // Across Tết 2026: received Friday 13/02 at 10:00, 1 working day → Monday 23/02 10:00.
    assert_eq!(due(at(2026, 2, 13, 10, 0), 480), at(2026, 2, 23, 10, 0));
    // Across the New Year swap: Wednesday 31/12/2025 14:00 + 1 day → Monday 05/01/2026.
    assert_eq!(due(at(2025, 12, 31, 14, 0), 480), at(2026, 1, 5, 14, 0));
    // Saturday 10/01/2026 is worked: Friday 09/01 16:00 + 2 hours → Saturday 08:00.
    assert_eq!(due(at(2026, 1, 9, 16, 0), 120), at(2026, 1, 10, 8, 0));
}

#[test]
fn cutoff_hour_moves_the_start_to_the_next_working_day() {
    let settings = Settings {
        cutoff: Some(crate::model::Sp::new(16 * 60, crate::yaml::Span::default())),
        ..Settings::default()
    };
    let (cal, _) = super::load::load(std::path::Path::new("/nonexistent"), &settings);
    let start = cal.received(at(2026, 3, 6, 16, 5)).unwrap();
    assert_eq!(start, at(2026, 3, 9, 7, 30));
    assert_eq!(cal.add_working(start, 480).unwrap(), at(2026, 3, 9, 17, 30));
    // Before the cut-off, the same day counts.
    assert_eq!(
        cal.received(at(2026, 3, 6, 15, 59)).unwrap(),
        at(2026, 3, 6, 15, 59)
    );
}

#[test]
fn outside_the_covered_years_is_an_error_naming_them() {
    let cal = shipped();
    let err = cal.received(at(2027, 1, 4, 8, 0)).unwrap_err();
    assert_eq!(err.covered, vec![2024, 2025, 2026]);
    let err = cal
        .add_working(at(2026, 12, 30, 8, 0), 10 * 480)
        .unwrap_err();
    assert_eq!(err.day, day(2027, 1, 1));
}

#[test]
fn worst_start_for_ten_working_days() {
    let cal = shipped();
    // 10 working days after a start date end at most 21 days later: from Thursday 25/01/2024
    // they end on 15/02/2024, after Tết (08/02–14/02); the same from 06/02/2026.
    let w = cal.worst_working_span(10).unwrap();
    assert_eq!(
        (w.start, w.end, w.span),
        (day(2024, 1, 25), day(2024, 2, 15), 21)
    );
    assert_eq!(
        cal.nth_working_after(day(2026, 2, 6), 10),
        Ok(day(2026, 2, 27))
    );
    // In an ordinary fortnight, 14 days.
    assert_eq!(
        cal.nth_working_after(day(2026, 3, 6), 10),
        Ok(day(2026, 3, 20))
    );
    // 5 working days fit in a week except around holidays.
    assert_eq!(cal.most_working_in(7).unwrap().span, 6);
}
