//! Durations as procedures write them: "2 giờ làm việc", "0,5 ngày làm việc", "15 ngày",
//! "3 working days", "4h".
//!
//! Working time (giờ/ngày làm việc: Monday to Friday, 8 hours a day) and calendar time
//! (ngày: every day counts) are different quantities: 15 calendar days is not 15 working days.
//! They are kept apart and only converted when `qms.yaml` gives a conversion rate.

use std::fmt;

/// Minutes in one working day.
pub const WORKING_DAY_MINUTES: u64 = 8 * 60;
/// Minutes in one calendar day.
pub const CALENDAR_DAY_MINUTES: u64 = 24 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Working time: hours of the working day, working days of 8 hours.
    Working,
    /// Calendar time: days as on the calendar, weekends and holidays included.
    Calendar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub basis: Basis,
    /// Working minutes for `Working`, wall-clock minutes for `Calendar`.
    pub minutes: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    NoNumber,
    BadNumber,
    NoUnit,
    UnknownUnit,
    Negative,
}

impl DurationError {
    pub fn describe(self) -> String {
        match self {
            DurationError::Empty => tr!("thời gian để trống", "the duration is empty"),
            DurationError::NoNumber => tr!(
                "không có số ở đầu (ví dụ \"2 giờ làm việc\")",
                "it does not start with a number (for example \"2 working hours\")"
            ),
            DurationError::BadNumber => tr!("số không hợp lệ", "the number is not valid"),
            DurationError::NoUnit => tr!(
                "thiếu đơn vị (giờ làm việc, ngày làm việc, ngày…)",
                "the unit is missing (working hours, working days, days…)"
            ),
            DurationError::UnknownUnit => tr!("đơn vị không nhận ra", "the unit is not known"),
            DurationError::Negative => tr!("thời gian âm", "the duration is negative"),
        }
    }
}

/// Units, folded (lower case, no diacritics, single spaces). Longest first is not needed:
/// the whole unit text must match one entry.
const UNITS: &[(&str, Basis, u64)] = &[
    ("gio lam viec", Basis::Working, 60),
    ("gio", Basis::Working, 60),
    ("tieng", Basis::Working, 60),
    ("h", Basis::Working, 60),
    ("hr", Basis::Working, 60),
    ("hrs", Basis::Working, 60),
    ("hour", Basis::Working, 60),
    ("hours", Basis::Working, 60),
    ("working hour", Basis::Working, 60),
    ("working hours", Basis::Working, 60),
    ("business hour", Basis::Working, 60),
    ("business hours", Basis::Working, 60),
    ("phut", Basis::Working, 1),
    ("phut lam viec", Basis::Working, 1),
    ("min", Basis::Working, 1),
    ("mins", Basis::Working, 1),
    ("minute", Basis::Working, 1),
    ("minutes", Basis::Working, 1),
    ("ngay lam viec", Basis::Working, WORKING_DAY_MINUTES),
    ("wd", Basis::Working, WORKING_DAY_MINUTES),
    ("working day", Basis::Working, WORKING_DAY_MINUTES),
    ("working days", Basis::Working, WORKING_DAY_MINUTES),
    ("business day", Basis::Working, WORKING_DAY_MINUTES),
    ("business days", Basis::Working, WORKING_DAY_MINUTES),
    ("ngay", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("ngay lich", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("d", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("day", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("days", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("calendar day", Basis::Calendar, CALENDAR_DAY_MINUTES),
    ("calendar days", Basis::Calendar, CALENDAR_DAY_MINUTES),
];

impl Duration {
    pub fn working_minutes(minutes: u64) -> Self {
        Duration {
            basis: Basis::Working,
            minutes,
        }
    }

    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(DurationError::Empty);
        }
        if t.starts_with('-') {
            return Err(DurationError::Negative);
        }
        let num_end = t
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .map_or(t.len(), |(i, _)| i);
        if num_end == 0 {
            return Err(DurationError::NoNumber);
        }
        // Vietnamese writes the decimal separator as a comma ("0,5 ngày").
        let number: f64 = t[..num_end]
            .replace(',', ".")
            .parse()
            .map_err(|_| DurationError::BadNumber)?;
        if !number.is_finite() {
            return Err(DurationError::BadNumber);
        }
        let unit = crate::text::fold_text(&t[num_end..]);
        if unit.is_empty() {
            return Err(DurationError::NoUnit);
        }
        let &(_, basis, per_unit) = UNITS
            .iter()
            .find(|(u, _, _)| *u == unit)
            .ok_or(DurationError::UnknownUnit)?;
        Ok(Duration {
            basis,
            minutes: (number * per_unit as f64).round() as u64,
        })
    }

    /// Converts to working minutes, calendar days at `calendar_day_in_working_days` working
    /// days each; `None` for calendar time when no rate is set.
    pub fn to_working(self, calendar_day_in_working_days: Option<f64>) -> Option<u64> {
        match self.basis {
            Basis::Working => Some(self.minutes),
            Basis::Calendar => calendar_day_in_working_days.map(|rate| {
                (self.minutes as f64 / CALENDAR_DAY_MINUTES as f64
                    * rate
                    * WORKING_DAY_MINUTES as f64)
                    .round() as u64
            }),
        }
    }
}

fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match crate::i18n::lang() {
        crate::i18n::Lang::Vi => s.replace('.', ","),
        crate::i18n::Lang::En => s.to_string(),
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let m = self.minutes as f64;
        let s = match self.basis {
            Basis::Working
                if self.minutes.is_multiple_of(WORKING_DAY_MINUTES) && self.minutes > 0 =>
            {
                let n = trim_number(m / WORKING_DAY_MINUTES as f64);
                tr!("{n} ngày làm việc", "{n} working days")
            }
            Basis::Working if self.minutes.is_multiple_of(60) || self.minutes >= 60 => {
                let n = trim_number(m / 60.0);
                tr!("{n} giờ làm việc", "{n} working hours")
            }
            Basis::Working => tr!("{} phút", "{} minutes", self.minutes),
            Basis::Calendar => {
                let n = trim_number(m / CALENDAR_DAY_MINUTES as f64);
                tr!("{n} ngày", "{n} days")
            }
        };
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(minutes: u64) -> Duration {
        Duration::working_minutes(minutes)
    }

    #[test]
    fn vietnamese_units() {
        assert_eq!(Duration::parse("2 giờ làm việc"), Ok(w(120)));
        assert_eq!(Duration::parse("0,5 ngày làm việc"), Ok(w(240)));
        assert_eq!(Duration::parse("01 ngày làm việc"), Ok(w(480)));
        assert_eq!(Duration::parse("30 phút"), Ok(w(30)));
        assert_eq!(
            Duration::parse("15 ngày"),
            Ok(Duration {
                basis: Basis::Calendar,
                minutes: 15 * CALENDAR_DAY_MINUTES
            })
        );
        assert_eq!(Duration::parse("2 GIỜ"), Ok(w(120)));
        assert_eq!(Duration::parse("1 ngay lam viec"), Ok(w(480)));
    }

    #[test]
    fn decomposed_vietnamese_is_understood() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "3 ngày làm việc".nfd().collect();
        assert_eq!(Duration::parse(&nfd), Ok(w(3 * 480)));
    }

    #[test]
    fn english_units() {
        assert_eq!(Duration::parse("3 working days"), Ok(w(3 * 480)));
        assert_eq!(Duration::parse("4h"), Ok(w(240)));
        assert_eq!(Duration::parse("1.5 hours"), Ok(w(90)));
        assert_eq!(
            Duration::parse("2 days").map(|d| d.basis),
            Ok(Basis::Calendar)
        );
    }

    #[test]
    fn errors() {
        assert_eq!(Duration::parse(""), Err(DurationError::Empty));
        assert_eq!(Duration::parse("hai giờ"), Err(DurationError::NoNumber));
        assert_eq!(Duration::parse("2"), Err(DurationError::NoUnit));
        assert_eq!(
            Duration::parse("2 tuần trăng"),
            Err(DurationError::UnknownUnit)
        );
        assert_eq!(Duration::parse("1,2,3 giờ"), Err(DurationError::BadNumber));
        assert_eq!(Duration::parse("-2 giờ"), Err(DurationError::Negative));
    }

    #[test]
    fn conversion_needs_a_rate_for_calendar_days() {
        let d = Duration::parse("10 ngày").unwrap();
        assert_eq!(d.to_working(None), None);
        assert_eq!(d.to_working(Some(0.7)), Some(7 * 480));
        assert_eq!(w(90).to_working(None), Some(90));
    }

    #[test]
    fn display() {
        crate::i18n::set_lang(crate::i18n::Lang::Vi);
        assert_eq!(w(240).to_string(), "4 giờ làm việc");
        assert_eq!(w(960).to_string(), "2 ngày làm việc");
        assert_eq!(w(90).to_string(), "1,5 giờ làm việc");
    }
}
