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
}
