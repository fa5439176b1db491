//! Time cells as procedures and step tables write them: "2 giờ làm việc", "0,5 ngày làm việc",
//! "1/4 ngày", "02 ngày", "Không quá 08 ngày làm việc kể từ …", "168 giờ (tương đương 21
//! ngày)", "3 working days", and the words that are not an amount: "Không tính thời gian",
//! "Giờ hành chính" (off the clock), "Ngay", "Trong ngày" (immediate).
//!
//! Reading is in two stages. [`Time::parse`] reads the text alone into a number and a unit as
//! written; [`TimeRules`] (from `qms.yaml` and the document) then says what the units mean:
//! how many hours a working day has, whether a bare "ngày" is a working day or a calendar day,
//! and the unit of a cell that holds only a number.
//!
//! Working time (giờ/ngày làm việc: Monday to Friday) and calendar time (every day counts) are
//! different quantities: they are only compared when `qms.yaml` gives a conversion rate.

use crate::text::fold_text;

/// Minutes in one calendar day.
pub const CALENDAR_DAY_MINUTES: u64 = 24 * 60;
/// Hours in a working day unless `qms.yaml` says otherwise (Decree 2020 on working hours).
pub const DEFAULT_HOURS_PER_DAY: f64 = 8.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Working time: hours of the working day, working days.
    Working,
    /// Calendar time: days as on the calendar, weekends and holidays included.
    Calendar,
}

impl Basis {
    pub fn from_folded(s: &str) -> Option<Basis> {
        Some(match s {
            "working" | "lam_viec" | "ngay_lam_viec" => Basis::Working,
            "calendar" | "lich" | "ngay_lich" => Basis::Calendar,
            _ => return None,
        })
    }
}

/// The unit as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Minute,
    Hour,
    WorkingDay,
    /// "ngày" without "làm việc" or "lịch": its meaning is [`TimeRules::bare_day`].
    Day,
    CalendarDay,
    /// Only a number: the unit is the document's `time_unit` (a column header's unit).
    Unstated,
}

impl Unit {
    /// The unit as a column header prints it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Unit::Minute => "phút",
            Unit::Hour => "giờ làm việc",
            Unit::WorkingDay => "ngày làm việc",
            Unit::Day => "ngày",
            Unit::CalendarDay => "ngày lịch",
            Unit::Unstated => "",
        }
    }
}

/// A number and its unit, the number kept in thousandths so that "0,25", "1/4" and "3,5"
/// add up exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    pub milli: u64,
    pub unit: Unit,
}

/// What a time cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Time {
    Amount(Amount),
    /// Not counted in the time limit: the applicant's, the counter's or the post's time
    /// ("Không tính thời gian", "Giờ hành chính", "Không quy định", "… (không tính trong …)").
    OffClock,
    /// At once, within the same working day ("Ngay", "Ngay sau khi nhận đủ hồ sơ", "Trong
    /// ngày"). As a step it adds nothing to the sum; as a limit it allows one working day.
    Immediate,
}

/// A resolved quantity of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub basis: Basis,
    /// Working minutes for `Working`, wall-clock minutes for `Calendar`.
    pub minutes: u64,
    /// A bare "ngày" was read to get this value (the reading is named in findings).
    pub bare_day: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    NoNumber,
    BadNumber,
    UnknownUnit,
    Negative,
}

impl DurationError {
    pub fn describe(self) -> String {
        match self {
            DurationError::Empty => tr!("thời gian để trống", "the duration is empty"),
            DurationError::NoNumber => tr!(
                "không nêu một thời gian (ví dụ \"2 giờ làm việc\") và không phải cách ghi đã biết (\"Không tính thời gian\", \"Giờ hành chính\", \"Ngay\", \"Trong ngày\")",
                "it names no single time (for example \"2 working hours\") and is not a known wording (\"not counted\", \"office hours\", \"immediately\", \"same day\")"
            ),
            DurationError::BadNumber => tr!("số không hợp lệ", "the number is not valid"),
            DurationError::UnknownUnit => tr!(
                "đơn vị không nhận ra (giờ làm việc, ngày làm việc, ngày, giờ, phút)",
                "the unit is not known (working hours, working days, days, hours, minutes)"
            ),
            DurationError::Negative => tr!("thời gian âm", "the duration is negative"),
        }
    }
}

/// Units, folded (lower case, no diacritics, single spaces), as one to three words.
const UNITS: &[(&str, Unit)] = &[
    ("gio lam viec", Unit::Hour),
    ("gio", Unit::Hour),
    ("tieng", Unit::Hour),
    ("h", Unit::Hour),
    ("hr", Unit::Hour),
    ("hrs", Unit::Hour),
    ("hour", Unit::Hour),
    ("hours", Unit::Hour),
    ("working hour", Unit::Hour),
    ("working hours", Unit::Hour),
    ("business hour", Unit::Hour),
    ("business hours", Unit::Hour),
    ("phut", Unit::Minute),
    ("phut lam viec", Unit::Minute),
    ("min", Unit::Minute),
    ("mins", Unit::Minute),
    ("minute", Unit::Minute),
    ("minutes", Unit::Minute),
    ("ngay lam viec", Unit::WorkingDay),
    ("wd", Unit::WorkingDay),
    ("working day", Unit::WorkingDay),
    ("working days", Unit::WorkingDay),
    ("business day", Unit::WorkingDay),
    ("business days", Unit::WorkingDay),
    ("ngay", Unit::Day),
    ("d", Unit::Day),
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("ngay lich", Unit::CalendarDay),
    ("calendar day", Unit::CalendarDay),
    ("calendar days", Unit::CalendarDay),
];

/// Words before the number that do not change it ("Không quá 08 ngày làm việc").
const LEADS: &[&str] = &[
    "khong qua",
    "toi da",
    "trong vong",
    "trong thoi han",
    "trong",
    "within",
    "up to",
    "at most",
    "no more than",
];

/// Wordings of time that is not counted, folded; matched at the start of a text without digits.
const OFF_CLOCK: &[&str] = &[
    "khong tinh",
    "gio hanh chinh",
    "trong gio hanh chinh",
    "trong gio lam viec",
    "khong quy dinh",
    "theo quy dinh",
    "trong thoi gian",
    "not counted",
    "off clock",
    "office hours",
    "during office hours",
    "not specified",
];

impl Time {
    /// Reads a time cell. The text is kept by the caller, verbatim, for printing.
    pub fn parse(text: &str) -> Result<Time, DurationError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(DurationError::Empty);
        }
        if t.starts_with('-')
            && t[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        {
            return Err(DurationError::Negative);
        }
        let folded = fold_text(t);
        let rest = strip_lead(t);
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            let amount = parse_amount(rest)?;
            // "05 ngày làm việc (không tính trong quy trình giải quyết hồ sơ)".
            if folded.contains("khong tinh") || folded.contains("not counted") {
                return Ok(Time::OffClock);
            }
            return Ok(Time::Amount(amount));
        }
        if is_immediate(t) {
            return Ok(Time::Immediate);
        }
        if !t.contains(|c: char| c.is_ascii_digit()) {
            if OFF_CLOCK.iter().any(|w| starts_with_words(&folded, w)) {
                return Ok(Time::OffClock);
            }
            return Err(DurationError::NoNumber);
        }
        sentence_amount(t)
    }
}

/// A total written as a sentence: "Theo quy định thời gian giải quyết … là 80 giờ làm việc
/// (tương đương 10 ngày làm việc) kể từ …". Read when every amount outside brackets is the
/// same; a compound total of several amounts is not a single time.
fn sentence_amount(t: &str) -> Result<Time, DurationError> {
    let mut found: Option<Amount> = None;
    let mut depth = 0usize;
    let mut prev = ' ';
    for (i, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0
                && c.is_ascii_digit()
                && !prev.is_alphanumeric()
                && prev != ','
                && prev != '.'
                && prev != '/' =>
            {
                let Ok(a) = parse_amount(&t[i..]) else {
                    prev = c;
                    continue;
                };
                if a.unit == Unit::Unstated {
                    prev = c;
                    continue;
                }
                match found {
                    Some(f) if f != a => return Err(DurationError::NoNumber),
                    _ => found = Some(a),
                }
            }
            _ => {}
        }
        prev = c;
    }
    found.map(Time::Amount).ok_or(DurationError::NoNumber)
}

/// "ngay …", "trong ngày …", "immediately", "same day": told apart from "ngày" (a day) by the
/// diacritic, which a text typed without diacritics does not have.
fn is_immediate(t: &str) -> bool {
    let lower = crate::text::nfc(t).to_lowercase();
    let word = |s: &str, w: &str| {
        s.strip_prefix(w)
            .is_some_and(|r| r.is_empty() || r.starts_with(|c: char| !c.is_alphanumeric()))
    };
    let ascii = lower.is_ascii();
    word(&lower, "ngay")
        || word(&lower, "trong ngày")
        || (ascii && word(&lower, "trong ngay"))
        || ["immediately", "at once", "same day", "same working day"]
            .iter()
            .any(|w| word(&lower, w))
}

fn starts_with_words(folded: &str, words: &str) -> bool {
    folded
        .strip_prefix(words)
        .is_some_and(|r| r.is_empty() || r.starts_with(' '))
}

/// The text after the words that may stand before the number.
fn strip_lead(t: &str) -> &str {
    let mut words = t.split_whitespace();
    let mut consumed = 0;
    let mut best = 0;
    let mut folded = String::new();
    for _ in 0..4 {
        let Some(w) = words.next() else { break };
        consumed += 1;
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(&fold_text(w));
        if LEADS.contains(&folded.as_str()) {
            best = consumed;
        }
    }
    skip_words(t, best)
}

/// `t` without its first `n` whitespace-separated words.
fn skip_words(t: &str, n: usize) -> &str {
    let mut rest = t.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

fn parse_amount(t: &str) -> Result<Amount, DurationError> {
    let num_end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '/'))
        .map_or(t.len(), |(i, _)| i);
    // A sentence's full stop after a number ("3 ngày.") is not a decimal point.
    let number = t[..num_end].trim_end_matches(['.', ',']);
    let milli = parse_number(number)?;
    let rest = t[number.len()..].trim_start();
    if rest.is_empty() || rest.starts_with(['(', ';']) {
        return Ok(Amount {
            milli,
            unit: Unit::Unstated,
        });
    }
    let unit = parse_unit(rest)?;
    Ok(Amount { milli, unit })
}

/// "0,25", "7.5", "02", "1/4" → thousandths.
fn parse_number(s: &str) -> Result<u64, DurationError> {
    let value = match s.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (decimal(a)?, decimal(b)?);
            if b == 0.0 {
                return Err(DurationError::BadNumber);
            }
            a / b
        }
        None => decimal(s)?,
    };
    if !value.is_finite() || value > 1e9 {
        return Err(DurationError::BadNumber);
    }
    Ok((value * 1000.0).round() as u64)
}

fn decimal(s: &str) -> Result<f64, DurationError> {
    // Vietnamese writes the decimal separator as a comma ("0,5 ngày").
    let s = s.replace(',', ".");
    if s.is_empty() || s.matches('.').count() > 1 {
        return Err(DurationError::BadNumber);
    }
    s.parse().map_err(|_| DurationError::BadNumber)
}

/// The longest unit (one to three words) at the start of `rest`, followed by nothing, a
/// bracket, punctuation or "kể từ …".
fn parse_unit(rest: &str) -> Result<Unit, DurationError> {
    let words: Vec<&str> = rest.split_whitespace().take(4).collect();
    for n in (1..=words.len().min(3)).rev() {
        let folded = words[..n]
            .iter()
            .map(|w| fold_text(w))
            .collect::<Vec<_>>()
            .join(" ");
        let Some(&(_, unit)) = UNITS.iter().find(|(u, _)| *u == folded) else {
            continue;
        };
        // The last unit word may carry punctuation ("ngày," "việc).") that ends the unit.
        let last = words[n - 1];
        let closed = last
            .chars()
            .last()
            .is_some_and(|c| !c.is_alphanumeric() && c != '/');
        let after = skip_words(rest, n);
        if after.is_empty() || closed || follows_unit(after) {
            return Ok(unit);
        }
    }
    Err(DurationError::UnknownUnit)
}

/// What may follow a unit: a bracket, punctuation, or "kể từ …" / "tính từ …".
fn follows_unit(after: &str) -> bool {
    if after.starts_with(['(', ',', ';', '.', '-', '–', ':']) {
        return true;
    }
    let f = fold_text(after);
    ["ke tu", "tinh tu", "sau khi", "from", "after"]
        .iter()
        .any(|w| starts_with_words(&f, w))
}

/// What the units of a document mean, from `qms.yaml` and the document's own settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeRules {
    /// Working minutes in a working day (8 hours unless `qms.yaml` says otherwise).
    pub day_minutes: u64,
    /// How a bare "ngày" is read.
    pub bare_day: Basis,
    /// Working days per calendar day, when the QMS sets one.
    pub rate: Option<f64>,
    /// The unit of a cell that holds only a number.
    pub unit: Option<Unit>,
}

impl Default for TimeRules {
    fn default() -> Self {
        TimeRules {
            day_minutes: (DEFAULT_HOURS_PER_DAY * 60.0) as u64,
            bare_day: Basis::Working,
            rate: None,
            unit: None,
        }
    }
}

impl TimeRules {
    pub fn working(&self, minutes: u64) -> Duration {
        Duration {
            basis: Basis::Working,
            minutes,
            bare_day: false,
        }
    }

    /// The quantity an amount stands for; `None` for a bare number with no `time_unit`.
    pub fn resolve(&self, a: Amount) -> Option<Duration> {
        let unit = match a.unit {
            Unit::Unstated => self.unit.filter(|u| *u != Unit::Unstated)?,
            u => u,
        };
        let (basis, per_unit, bare_day) = match unit {
            Unit::Minute => (Basis::Working, 1, false),
            Unit::Hour => (Basis::Working, 60, false),
            Unit::WorkingDay => (Basis::Working, self.day_minutes, false),
            Unit::CalendarDay => (Basis::Calendar, CALENDAR_DAY_MINUTES, false),
            Unit::Day => match self.bare_day {
                Basis::Working => (Basis::Working, self.day_minutes, true),
                Basis::Calendar => (Basis::Calendar, CALENDAR_DAY_MINUTES, true),
            },
            Unit::Unstated => return None,
        };
        Some(Duration {
            basis,
            minutes: (a.milli * per_unit + 500) / 1000,
            bare_day,
        })
    }

    /// What a step adds to the sum of its procedure: off-clock and immediate steps add
    /// nothing.
    pub fn step(&self, t: Time) -> Option<Duration> {
        match t {
            Time::Amount(a) => self.resolve(a),
            Time::OffClock | Time::Immediate => Some(self.working(0)),
        }
    }

    /// What a time limit allows: an immediate limit allows the same working day; an off-clock
    /// limit sets none (`None`).
    pub fn limit(&self, t: Time) -> Option<Duration> {
        match t {
            Time::Amount(a) => self.resolve(a),
            Time::Immediate => Some(self.working(self.day_minutes)),
            Time::OffClock => None,
        }
    }

    /// Converts to working minutes, calendar days at the QMS's rate; `None` for calendar time
    /// when no rate is set.
    pub fn to_working(&self, d: Duration) -> Option<u64> {
        match d.basis {
            Basis::Working => Some(d.minutes),
            Basis::Calendar => self.rate.map(|rate| {
                (d.minutes as f64 / CALENDAR_DAY_MINUTES as f64 * rate * self.day_minutes as f64)
                    .round() as u64
            }),
        }
    }

    /// Two durations on one basis, or `None` when they differ and no rate is set.
    pub fn comparable(&self, a: Duration, b: Duration) -> Option<(u64, u64)> {
        if a.basis == b.basis {
            return Some((a.minutes, b.minutes));
        }
        Some((self.to_working(a)?, self.to_working(b)?))
    }

    /// "2 ngày làm việc", "1,5 giờ làm việc", "15 ngày" in the user's language.
    pub fn show(&self, d: Duration) -> String {
        let m = d.minutes as f64;
        match d.basis {
            // Whole and quarter days read as days ("4,5 ngày làm việc"), as step tables write them.
            Basis::Working
                if d.minutes >= self.day_minutes
                    && (d.minutes * 4).is_multiple_of(self.day_minutes) =>
            {
                let n = trim_number(m / self.day_minutes as f64);
                tr!("{n} ngày làm việc", "{n} working days")
            }
            Basis::Working if d.minutes.is_multiple_of(60) || d.minutes >= 60 => {
                let n = trim_number(m / 60.0);
                tr!("{n} giờ làm việc", "{n} working hours")
            }
            Basis::Working => tr!("{} phút", "{} minutes", d.minutes),
            Basis::Calendar => {
                let n = trim_number(m / CALENDAR_DAY_MINUTES as f64);
                tr!("{n} ngày", "{n} days")
            }
        }
    }

    /// A note for findings that used a bare "ngày": how it was read and where that is set.
    pub fn bare_day_note(&self, used: bool) -> String {
        if !used {
            return String::new();
        }
        match self.bare_day {
            Basis::Working => tr!(
                " (\"ngày\" được hiểu là ngày làm việc, theo durations.bare_day)",
                " (a bare \"ngày\" read as a working day, per durations.bare_day)"
            ),
            Basis::Calendar => tr!(
                " (\"ngày\" được hiểu là ngày lịch, theo durations.bare_day)",
                " (a bare \"ngày\" read as a calendar day, per durations.bare_day)"
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(milli: u64, unit: Unit) -> Result<Time, DurationError> {
        Ok(Time::Amount(Amount { milli, unit }))
    }

    #[test]
    fn vietnamese_units() {
        assert_eq!(Time::parse("2 giờ làm việc"), amount(2000, Unit::Hour));
        assert_eq!(
            Time::parse("0,5 ngày làm việc"),
            amount(500, Unit::WorkingDay)
        );
        assert_eq!(
            Time::parse("01 ngày làm việc"),
            amount(1000, Unit::WorkingDay)
        );
        assert_eq!(Time::parse("30 phút"), amount(30_000, Unit::Minute));
        assert_eq!(Time::parse("15 ngày"), amount(15_000, Unit::Day));
        assert_eq!(
            Time::parse("15 ngày lịch"),
            amount(15_000, Unit::CalendarDay)
        );
        assert_eq!(Time::parse("2 GIỜ"), amount(2000, Unit::Hour));
        assert_eq!(
            Time::parse("1 ngay lam viec"),
            amount(1000, Unit::WorkingDay)
        );
        assert_eq!(Time::parse("04 giờ"), amount(4000, Unit::Hour));
    }

    #[test]
    fn numbers_as_real_tables_write_them() {
        assert_eq!(Time::parse("1/4 ngày"), amount(250, Unit::Day));
        assert_eq!(Time::parse("1/2 ngày"), amount(500, Unit::Day));
        assert_eq!(Time::parse("3,5 ngày"), amount(3500, Unit::Day));
        assert_eq!(Time::parse("0,25 ngày"), amount(250, Unit::Day));
        assert_eq!(
            Time::parse("7.5 ngày làm việc"),
            amount(7500, Unit::WorkingDay)
        );
        assert_eq!(Time::parse("02"), amount(2000, Unit::Unstated));
        assert_eq!(Time::parse("1 ngà y"), Err(DurationError::UnknownUnit));
    }

    #[test]
    fn words_around_the_amount() {
        assert_eq!(
            Time::parse("Không quá 08 ngày làm việc"),
            amount(8000, Unit::WorkingDay)
        );
        assert_eq!(
            Time::parse("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
            amount(3000, Unit::WorkingDay)
        );
        assert_eq!(
            Time::parse("168 giờ (tương đương 21 ngày)"),
            amount(168_000, Unit::Hour)
        );
        assert_eq!(
            Time::parse("30 ngày làm việc, kể từ ngày nhận đủ hồ sơ"),
            amount(30_000, Unit::WorkingDay)
        );
        assert_eq!(
            Time::parse("05 ngày làm việc (không tính trong quy trình giải quyết hồ sơ)"),
            Ok(Time::OffClock)
        );
    }

    #[test]
    fn off_clock_and_immediate_wordings() {
        for t in [
            "Không tính thời gian",
            "không tính thời gian",
            "KHONG TINH THOI GIAN",
            "Giờ hành chính",
            "Trong giờ hành chính",
            "Không quy định",
            "Trong thời gian thông báo tuyển dụng của cơ quan có thẩm quyền tuyển dụng",
            "not counted",
        ] {
            assert_eq!(Time::parse(t), Ok(Time::OffClock), "{t}");
        }
        for t in [
            "Ngay",
            "ngay",
            "Ngay sau khi nhận đủ hồ sơ hợp lệ",
            "Trong ngày",
            "trong ngay",
            "Ngay trong ngày làm việc",
            "immediately",
        ] {
            assert_eq!(Time::parse(t), Ok(Time::Immediate), "{t}");
        }
        // "Ngày" is a day, not "at once": without a number it is unreadable.
        assert_eq!(Time::parse("Ngày"), Err(DurationError::NoNumber));
        assert_eq!(
            Time::parse(
                "Theo quy định thời gian giải quyết trong trường hợp này là 80 giờ làm việc \
                 (tương đương 10 ngày làm việc) kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ"
            ),
            amount(80_000, Unit::Hour)
        );
        // A compound total names several times: not one time limit.
        assert_eq!(
            Time::parse("- Thẩm định: 05 ngày làm việc; - Phê duyệt: 28 ngày"),
            Err(DurationError::NoNumber)
        );
    }

    #[test]
    fn decomposed_vietnamese_is_understood() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "3 ngày làm việc".nfd().collect();
        assert_eq!(Time::parse(&nfd), amount(3000, Unit::WorkingDay));
        let nfd: String = "Không tính thời gian".nfd().collect();
        assert_eq!(Time::parse(&nfd), Ok(Time::OffClock));
        let nfd: String = "Trong ngày".nfd().collect();
        assert_eq!(Time::parse(&nfd), Ok(Time::Immediate));
    }

    #[test]
    fn english_units() {
        assert_eq!(
            Time::parse("3 working days"),
            amount(3000, Unit::WorkingDay)
        );
        assert_eq!(Time::parse("4h"), amount(4000, Unit::Hour));
        assert_eq!(Time::parse("1.5 hours"), amount(1500, Unit::Hour));
        assert_eq!(Time::parse("2 days"), amount(2000, Unit::Day));
        assert_eq!(Time::parse("within 2 days"), amount(2000, Unit::Day));
    }

    #[test]
    fn errors() {
        assert_eq!(Time::parse(""), Err(DurationError::Empty));
        assert_eq!(Time::parse("hai giờ"), Err(DurationError::NoNumber));
        assert_eq!(Time::parse("2 tuần trăng"), Err(DurationError::UnknownUnit));
        assert_eq!(Time::parse("1,2,3 giờ"), Err(DurationError::BadNumber));
        assert_eq!(Time::parse("1/0 ngày"), Err(DurationError::BadNumber));
        assert_eq!(Time::parse("-2 giờ"), Err(DurationError::Negative));
    }

    #[test]
    fn resolution_follows_the_rules() {
        let r = TimeRules::default();
        let a = |t: &str| match Time::parse(t) {
            Ok(Time::Amount(a)) => a,
            other => panic!("{t}: {other:?}"),
        };
        let d = r.resolve(a("1/4 ngày")).unwrap();
        assert_eq!(
            (d.basis, d.minutes, d.bare_day),
            (Basis::Working, 120, true)
        );
        assert_eq!(r.resolve(a("2")), None);
        let with_unit = TimeRules {
            unit: Some(Unit::WorkingDay),
            ..r
        };
        assert_eq!(with_unit.resolve(a("2")).map(|d| d.minutes), Some(960));
        let calendar = TimeRules {
            bare_day: Basis::Calendar,
            ..r
        };
        assert_eq!(
            calendar.resolve(a("10 ngày")).map(|d| d.basis),
            Some(Basis::Calendar)
        );
        let long_day = TimeRules {
            day_minutes: 7 * 60,
            ..r
        };
        assert_eq!(long_day.resolve(a("1 ngày làm việc")).unwrap().minutes, 420);
        assert_eq!(r.limit(Time::Immediate).map(|d| d.minutes), Some(480));
        assert_eq!(r.step(Time::Immediate).map(|d| d.minutes), Some(0));
        assert_eq!(r.limit(Time::OffClock), None);
    }

    #[test]
    fn conversion_needs_a_rate_for_calendar_days() {
        let r = TimeRules {
            bare_day: Basis::Calendar,
            ..TimeRules::default()
        };
        let d = r
            .resolve(Amount {
                milli: 10_000,
                unit: Unit::Day,
            })
            .unwrap();
        assert_eq!(r.to_working(d), None);
        let r = TimeRules {
            rate: Some(0.7),
            ..r
        };
        assert_eq!(r.to_working(d), Some(7 * 480));
    }

    #[test]
    fn display() {
        crate::i18n::set_lang(crate::i18n::Lang::Vi);
        let r = TimeRules::default();
        assert_eq!(r.show(r.working(240)), "4 giờ làm việc");
        assert_eq!(r.show(r.working(960)), "2 ngày làm việc");
        assert_eq!(r.show(r.working(90)), "1,5 giờ làm việc");
        assert_eq!(r.show(r.working(36 * 60)), "4,5 ngày làm việc");
        assert_eq!(r.show(r.working(7 * 60)), "7 giờ làm việc");
    }
}
