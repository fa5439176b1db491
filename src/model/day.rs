//! Days as Julian day numbers: one integer per day, so that "the next day", "how many days
//! between" and "which weekday" are additions and remainders.

use crate::model::Date;

/// A day, as its Julian day number (the number of days since 1 January 4713 BC at noon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// Days of the week, Monday first; `index` is 0 for Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Weekday {
    pub fn index(self) -> usize {
        self as usize
    }

    /// "Thứ Hai" … "Chủ nhật", or "Monday" … "Sunday".
    pub fn name(self) -> &'static str {
        const VI: [&str; 7] = [
            "Thứ Hai",
            "Thứ Ba",
            "Thứ Tư",
            "Thứ Năm",
            "Thứ Sáu",
            "Thứ Bảy",
            "Chủ nhật",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        crate::i18n::tr(VI[self.index()], EN[self.index()])
    }

    /// Reads a weekday as qms.yaml writes it: "thứ Bảy", "thu 7", "T7", "CN", "saturday",
    /// "sat" (any case, with or without diacritics).
    pub fn parse(s: &str) -> Option<Weekday> {
        let f = crate::text::fold_text(s).replace(' ', "");
        let i = match f.as_str() {
            "thuhai" | "thu2" | "t2" | "monday" | "mon" => 0,
            "thuba" | "thu3" | "t3" | "tuesday" | "tue" => 1,
            "thutu" | "thu4" | "t4" | "wednesday" | "wed" => 2,
            "thunam" | "thu5" | "t5" | "thursday" | "thu" => 3,
            "thusau" | "thu6" | "t6" | "friday" | "fri" => 4,
            "thubay" | "thu7" | "t7" | "saturday" | "sat" => 5,
            "chunhat" | "cn" | "sunday" | "sun" => 6,
            _ => return None,
        };
        Some(WEEK[i])
    }
}

impl Day {
    /// The day of a Gregorian date.
    pub fn of(d: Date) -> Day {
        let (y, m) = (i32::from(d.year), i32::from(d.month));
        let a = (14 - m) / 12;
        let y = y + 4800 - a;
        let m = m + 12 * a - 3;
        Day(i32::from(d.day) + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045)
    }

    /// The Gregorian date of this day; `None` before 1900 (dates are not kept that far back).
    pub fn date(self) -> Option<Date> {
        let a = self.0 + 32044;
        let b = (4 * a + 3) / 146_097;
        let c = a - b * 146_097 / 4;
        let d = (4 * c + 3) / 1461;
        let e = c - 1461 * d / 4;
        let m = (5 * e + 2) / 153;
        let day = e - (153 * m + 2) / 5 + 1;
        let month = m + 3 - 12 * (m / 10);
        let year = b * 100 + d - 4800 + m / 10;
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The day of `year-month-day`, which must be a real date.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Day> {
        Date::new(u16::try_from(year).ok()?, month, day).map(Day::of)
    }

    pub fn weekday(self) -> Weekday {
        WEEK[self.0.rem_euclid(7) as usize]
    }

    pub fn plus(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// "24/01/2027", or "—" for a day outside the dates kept.
    pub fn short(self) -> String {
        self.date()
            .map_or_else(|| "—".to_string(), |d| d.vn_short())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn julian_day_numbers_round_trip() {
        let d = Date::new(2000, 1, 1).unwrap();
        assert_eq!(Day::of(d), Day(2_451_545));
        for n in 2_415_021..2_488_070 {
            let date = Day(n).date().unwrap();
            assert_eq!(Day::of(date), Day(n));
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(Day::ymd(2026, 12, 29).unwrap().weekday(), Weekday::Tue);
        assert_eq!(Day::ymd(2025, 4, 26).unwrap().weekday(), Weekday::Sat);
        assert_eq!(Weekday::parse("thứ Bảy"), Some(Weekday::Sat));
        assert_eq!(Weekday::parse("Chủ nhật"), Some(Weekday::Sun));
        assert_eq!(Weekday::parse("CN"), Some(Weekday::Sun));
        assert_eq!(Weekday::parse("thu 7"), Some(Weekday::Sat));
        assert_eq!(Weekday::parse("Sunday"), Some(Weekday::Sun));
        assert_eq!(Weekday::parse("thứ Tám"), None);
    }
}
