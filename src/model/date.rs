//! Calendar dates as QMS documents write them: `2026-03-02` (ISO) or `02/03/2026` (Vietnamese).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let d = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= d.days_in_month() && year >= 1900)
            .then_some(d)
    }

    fn days_in_month(&self) -> u8 {
        match self.month {
            2 if self.is_leap() => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    fn is_leap(&self) -> bool {
        let y = self.year;
        (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
    }

    /// The date as an administrative document writes it (Decree 30/2020, Appendix I): a day
    /// below 10 and the months 1 and 2 take a leading zero: "ngày 05 tháng 01 năm 2026",
    /// "ngày 15 tháng 3 năm 2025".
    pub fn vn_long(&self) -> String {
        let month = if self.month <= 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        format!("ngày {:02} tháng {month} năm {}", self.day, self.year)
    }

    /// `05/01/2026`, as Vietnamese tables write dates.
    pub fn vn_short(&self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }

    /// Parses `YYYY-MM-DD` or `DD/MM/YYYY` (also `DD-MM-YYYY`, `DD.MM.YYYY`).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let num = |x: &str| -> Option<u32> {
            (!x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit()))
                .then(|| x.parse().ok())
                .flatten()
        };
        let (y, m, d) = if a.len() == 4 {
            (num(a)?, num(b)?, num(c)?)
        } else if c.len() == 4 {
            (num(c)?, num(b)?, num(a)?)
        } else {
            return None;
        };
        Date::new(
            u16::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }
}

impl Date {
    /// Today in Vietnam (UTC+7), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + 7 * 3600;
        let day = super::day::Day(2_440_588 + i32::try_from(secs / 86_400).unwrap_or(0));
        day.date().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// The same day `n` months later; the last day of the month when that month is shorter
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, n: u32) -> Date {
        let total = u32::from(self.month) - 1 + n;
        let year = self
            .year
            .saturating_add(u16::try_from(total / 12).unwrap_or(u16::MAX));
        let month = u8::try_from(total % 12 + 1).unwrap_or(12);
        let mut d = Date {
            year,
            month,
            day: 1,
        };
        d.day = self.day.min(d.days_in_month());
        d
    }

    /// The number of days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        super::day::Day::of(later).0 - super::day::Day::of(self).0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrative_dates_follow_decree_30() {
        let long = |y, m, d| Date::new(y, m, d).unwrap().vn_long();
        assert_eq!(long(2026, 1, 5), "ngày 05 tháng 01 năm 2026");
        assert_eq!(long(2026, 2, 28), "ngày 28 tháng 02 năm 2026");
        assert_eq!(long(2025, 3, 15), "ngày 15 tháng 3 năm 2025");
        assert_eq!(long(2025, 12, 9), "ngày 09 tháng 12 năm 2025");
        assert_eq!(Date::new(2026, 1, 5).unwrap().vn_short(), "05/01/2026");
    }

    #[test]
    fn formats() {
        let d = Date::new(2026, 3, 2).unwrap();
        assert_eq!(Date::parse("2026-03-02"), Some(d));
        assert_eq!(Date::parse("02/03/2026"), Some(d));
        assert_eq!(Date::parse("2/3/2026"), Some(d));
        assert_eq!(d.to_string(), "2026-03-02");
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("31/04/2026"), None);
        assert_eq!(Date::parse("hôm nay"), None);
        assert_eq!(Date::parse("2026-3"), None);
    }

    #[test]
    fn months_and_days() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2026-11-15").add_months(3), d("2027-02-15"));
        assert_eq!(d("2026-03-01").add_months(12), d("2027-03-01"));
        assert_eq!(d("2026-12-31").days_until(d("2027-01-01")), 1);
        assert_eq!(d("2026-03-01").days_until(d("2026-02-01")), -28);
        assert!(Date::today().year >= 2024);
    }
}
