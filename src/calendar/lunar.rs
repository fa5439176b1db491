//! The Vietnamese lunar calendar, computed: months begin on the day (at UTC+7) of an
//! astronomical new moon, the month holding the winter solstice is the 11th, and a year of
//! 13 months repeats the first month that holds no major solar term. This is the algorithm
//! Hồ Ngọc Đức published ("Âm lịch Việt Nam", 2004), with Jean Meeus's new-moon and solar
//! longitude series. Because Vietnam counts at UTC+7 and China at UTC+8, the two calendars
//! differ in some years: Tết was 29/01/1968 and 21/01/1985 in Vietnam, 30/01/1968 and
//! 20/02/1985 in China.

use super::day::Day;
use std::f64::consts::PI;

/// Vietnam's time zone, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;
/// Julian day of the new moon of 1 January 1900, the origin of the lunation count.
const EPOCH: f64 = 2_415_021.076_998_695;
/// Mean length of a lunation, in days.
const LUNATION: f64 = 29.530_588_853;

/// A day of the lunar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LunarDate {
    /// The year of the Gregorian calendar in which the lunar year begins.
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The repeated (leap) month of a 13-month year: "tháng 2 nhuận".
    pub leap: bool,
}

/// Julian day (with fraction) of the `k`-th new moon after 1 January 1900.
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let sin = |x: f64| (x * dr).sin();
    let c1 = (0.1734 - 0.000_393 * t) * sin(m) + 0.0021 * sin(2.0 * m) - 0.4068 * sin(mpr)
        + 0.0161 * sin(2.0 * mpr)
        - 0.0004 * sin(3.0 * mpr)
        + 0.0104 * sin(2.0 * f)
        - 0.0051 * sin(m + mpr)
        - 0.0074 * sin(m - mpr)
        + 0.0004 * sin(2.0 * f + m)
        - 0.0004 * sin(2.0 * f - m)
        - 0.0006 * sin(2.0 * f + mpr)
        + 0.0010 * sin(2.0 * f - mpr)
        + 0.0005 * sin(2.0 * mpr + m);
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The day (at UTC+7) of the `k`-th new moon.
fn new_moon_day(k: i32) -> i32 {
    (new_moon(f64::from(k)) + 0.5 + TIME_ZONE / 24.0).floor() as i32
}

/// The sun's apparent longitude at Julian day `jd`, in radians from 0 to 2π.
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin()
        + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin()
        + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Which of the 12 major solar terms (0–11, 30° each) the sun is in at the start of `day`.
fn solar_term(day: i32) -> i32 {
    (sun_longitude(f64::from(day) - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i32
}

/// The first day of the 11th lunar month of the lunar year before Gregorian `year` ends:
/// the month that holds the winter solstice.
fn month11(year: i32) -> i32 {
    let Some(dec31) = Day::ymd(year, 12, 31) else {
        return 0;
    };
    let off = f64::from(dec31.0) - 2_415_021.0;
    let k = (off / LUNATION).floor() as i32;
    let nm = new_moon_day(k);
    if solar_term(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// The lunation count of the month that starts on day `a11`.
fn lunation_of(a11: i32) -> i32 {
    ((f64::from(a11) - EPOCH) / LUNATION + 0.5).floor() as i32
}

/// In a 13-month year starting with month 11 on day `a11`: how many months after it the
/// leap month comes (the first month without a major solar term).
fn leap_offset(a11: i32) -> i32 {
    let k = lunation_of(a11);
    let mut i = 1;
    let mut arc = solar_term(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = solar_term(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// The lunar date of a day.
pub fn to_lunar(day: Day) -> Option<LunarDate> {
    let date = day.date()?;
    let jd = day.0;
    let k = ((f64::from(jd) - EPOCH) / LUNATION).floor() as i32;
    let mut month_start = new_moon_day(k + 1);
    if month_start > jd {
        month_start = new_moon_day(k);
    }
    let yy = i32::from(date.year);
    let (mut year, a11, b11) = {
        let a = month11(yy);
        if a >= month_start {
            (yy, month11(yy - 1), a)
        } else {
            (yy + 1, a, month11(yy + 1))
        }
    };
    let diff = (month_start - a11) / 29;
    let mut month = diff + 11;
    let mut leap = false;
    if b11 - a11 > 365 {
        let leap_diff = leap_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    Some(LunarDate {
        year,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(jd - month_start + 1).ok()?,
        leap,
    })
}

/// The day of a lunar date; `None` for a leap month the year does not have.
pub fn from_lunar(l: LunarDate) -> Option<Day> {
    let (a11, b11) = if l.month < 11 {
        (month11(l.year - 1), month11(l.year))
    } else {
        (month11(l.year), month11(l.year + 1))
    };
    let k = lunation_of(a11);
    let mut off = i32::from(l.month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if l.leap && i32::from(l.month) != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None;
    }
    Some(Day(new_moon_day(k + off) + i32::from(l.day) - 1))
}

/// Mùng 1 Tết (the first day of the first lunar month) of the lunar year that begins in
/// Gregorian `year`.
pub fn tet(year: i32) -> Option<Day> {
    from_lunar(LunarDate {
        year,
        month: 1,
        day: 1,
        leap: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    /// Mùng 1 Tết in Vietnam, 1966–2030, from the published Vietnamese calendars (lịch vạn
    /// niên). 1968, 1985, 2007 and 2030 differ from the Chinese New Year (30/01/1968,
    /// 20/02/1985, 18/02/2007, 03/02/2030).
    const TET: &[(i32, u8, u8)] = &[
        (1966, 1, 21),
        (1967, 2, 9),
        (1968, 1, 29),
        (1970, 2, 6),
        (1975, 2, 11),
        (1976, 1, 31),
        (1977, 2, 18),
        (1978, 2, 7),
        (1979, 1, 28),
        (1980, 2, 16),
        (1981, 2, 5),
        (1982, 1, 25),
        (1983, 2, 13),
        (1984, 2, 2),
        (1985, 1, 21),
        (1986, 2, 9),
        (1987, 1, 29),
        (1988, 2, 17),
        (1989, 2, 6),
        (1990, 1, 27),
        (1991, 2, 15),
        (1992, 2, 4),
        (1993, 1, 23),
        (1994, 2, 10),
        (1995, 1, 31),
        (1996, 2, 19),
        (1997, 2, 7),
        (1998, 1, 28),
        (1999, 2, 16),
        (2000, 2, 5),
        (2001, 1, 24),
        (2002, 2, 12),
        (2003, 2, 1),
        (2004, 1, 22),
        (2005, 2, 9),
        (2006, 1, 29),
        (2007, 2, 17),
        (2008, 2, 7),
        (2009, 1, 26),
        (2010, 2, 14),
        (2011, 2, 3),
        (2012, 1, 23),
        (2013, 2, 10),
        (2014, 1, 31),
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        (2030, 2, 2),
    ];

    /// Giỗ Tổ Hùng Vương, 10/3 âm lịch, 2016–2026.
    const HUNG_KINGS: &[(i32, u8, u8)] = &[
        (2016, 4, 16),
        (2017, 4, 6),
        (2018, 4, 25),
        (2019, 4, 14),
        (2020, 4, 2),
        (2021, 4, 21),
        (2022, 4, 10),
        (2023, 4, 29),
        (2024, 4, 18),
        (2025, 4, 7),
        (2026, 4, 26),
    ];

    /// The first day of leap months: (lunar year, leap month, solar date).
    const LEAP: &[(i32, u8, (i32, u8, u8))] = &[
        (1990, 5, (1990, 6, 23)),
        (1998, 5, (1998, 6, 24)),
        (2001, 4, (2001, 5, 23)),
        (2004, 2, (2004, 3, 21)),
        (2006, 7, (2006, 8, 24)),
        (2009, 5, (2009, 6, 23)),
        (2012, 4, (2012, 5, 21)),
        (2014, 9, (2014, 10, 24)),
        (2017, 6, (2017, 7, 23)),
        (2020, 4, (2020, 5, 23)),
        (2023, 2, (2023, 3, 22)),
        (2025, 6, (2025, 7, 25)),
    ];

    #[test]
    fn tet_matches_the_published_vietnamese_dates() {
        let wrong: Vec<String> = TET
            .iter()
            .filter(|&&(y, m, d)| tet(y) != Some(day(y, m, d)))
            .map(|&(y, m, d)| format!("{y}: {d}/{m} expected, {:?}", tet(y).map(Day::short)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        for &(y, m, d) in TET {
            let l = to_lunar(day(y, m, d)).unwrap();
            assert_eq!((l.year, l.month, l.day, l.leap), (y, 1, 1, false));
        }
    }

    #[test]
    fn hung_kings_day_is_the_tenth_of_the_third_month() {
        for &(y, m, d) in HUNG_KINGS {
            let lunar = LunarDate {
                year: y,
                month: 3,
                day: 10,
                leap: false,
            };
            assert_eq!(from_lunar(lunar), Some(day(y, m, d)), "{y}");
        }
    }

    #[test]
    fn leap_months() {
        for &(ly, lm, (y, m, d)) in LEAP {
            let first = LunarDate {
                year: ly,
                month: lm,
                day: 1,
                leap: true,
            };
            assert_eq!(from_lunar(first), Some(day(y, m, d)), "{ly} leap {lm}");
            assert_eq!(to_lunar(day(y, m, d)), Some(first));
            // The day before is the last day of the ordinary month of the same number.
            let before = to_lunar(day(y, m, d).plus(-1)).unwrap();
            assert_eq!((before.month, before.leap), (lm, false), "{ly}");
        }
        // 2024 has no leap month.
        let none = LunarDate {
            year: 2024,
            month: 2,
            day: 1,
            leap: true,
        };
        assert_eq!(from_lunar(none), None);
    }

    #[test]
    fn the_last_days_of_the_year() {
        // 2024: Tết on Saturday 10/02, 08/02 is the 29th of the 12th month (as the
        // government's announcement names it); 2025 and 2026 have no 30th.
        let l = to_lunar(day(2024, 2, 8)).unwrap();
        assert_eq!((l.year, l.month, l.day), (2023, 12, 29));
        let l = to_lunar(day(2025, 1, 25)).unwrap();
        assert_eq!((l.year, l.month, l.day), (2024, 12, 26));
        let l = to_lunar(day(2026, 2, 14)).unwrap();
        assert_eq!((l.year, l.month, l.day), (2025, 12, 27));
        let l = to_lunar(day(2026, 2, 22)).unwrap();
        assert_eq!((l.year, l.month, l.day), (2026, 1, 6));
    }

    #[test]
    fn every_day_converts_back() {
        let (from, to) = (day(1950, 1, 1), day(2060, 12, 31));
        for n in from.0..=to.0 {
            let l = to_lunar(Day(n)).unwrap();
            assert_eq!(from_lunar(l), Some(Day(n)), "{l:?}");
        }
    }
}
