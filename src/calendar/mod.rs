//! Vietnam's working-day calendar: which days are worked, and working time counted on them.
//!
//! The law fixes the public holidays (Labour Code 2019, art. 112(1): Tết Dương lịch, 5 days
//! of Tết Âm lịch, Giỗ Tổ Hùng Vương on 10/3 of the lunar calendar, 30/4, 1/5, 2/9 and one day
//! next to it) and the compensatory day when one falls on a weekly rest day (art. 111(3));
//! lunar dates come from [`lunar`], computed. What the law leaves to the government each year
//! (how Tết falls around its first day, the day next to 2/9, swapped working days) comes from
//! a year file ([`data`]) shipped in `templates/calendar/` or written in the QMS's `calendar/`.
//! A year without a file is not covered: qmsdoc says so instead of guessing.
//!
//! The covered years are worked out once into one array of days ([`year::Kind`]) with running
//! counts of working days, so that "the n-th working day after" and "working days between" are
//! O(1) lookups ([`count`]).

pub mod count;
pub mod data;
pub mod load;
pub mod lunar;
#[cfg(test)]
mod tests;
pub mod year;

// Days, working hours and the `calendar` section of qms.yaml are data the model reads; the
// counting on them is here.
pub use crate::model::calendar_config::Settings;
pub use crate::model::day::{Day, Weekday};
pub use crate::model::hours::{self, Hours};
pub use crate::model::{calendar_config as settings, day};
pub use year::{Holiday, Kind};

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Where a covered year's data comes from.
#[derive(Clone, Debug)]
pub struct YearSource {
    /// `templates/calendar/2026.yaml` (shipped) or the QMS's `calendar/2026.yaml`.
    pub path: String,
    /// The announcements the file cites.
    pub sources: Vec<String>,
    /// Names of the holidays the file adds.
    pub extras: Vec<String>,
}

/// The working calendar of the covered years.
pub struct Calendar {
    /// January 1 of the first covered year.
    first: Day,
    /// One entry per day from `first` to December 31 of the last covered year.
    kinds: Vec<Kind>,
    /// `worked[i]`: working days among `kinds[..i]`.
    worked: Vec<u32>,
    /// `unknown[i]`: days without data among `kinds[..i]`.
    unknown: Vec<u32>,
    /// Offsets of the working days, in order.
    working: Vec<u32>,
    pub hours: Hours,
    years: BTreeMap<i32, YearSource>,
    /// Years whose start dates the calendar comparison (T004) tries.
    compare_years: Vec<i32>,
    worst: Mutex<HashMap<(bool, u32), Option<count::Worst>>>,
}

/// A day outside the covered years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotCovered {
    pub day: Day,
    pub covered: Vec<i32>,
}

impl NotCovered {
    pub fn covered_list(&self) -> String {
        if self.covered.is_empty() {
            return crate::i18n::tr("không có năm nào", "none").to_string();
        }
        let years: Vec<String> = self.covered.iter().map(i32::to_string).collect();
        years.join(", ")
    }
}

impl std::fmt::Display for NotCovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (d, years) = (self.day.short(), self.covered_list());
        let y = self.day.date().map_or(0, |d| d.year);
        f.write_str(&crate::tr!(
            "ngày {d} nằm ngoài các năm có dữ liệu lịch nghỉ lễ ({years}); thêm tệp calendar/{y}.yaml theo thông báo lịch nghỉ của năm đó",
            "{d} is outside the years with holiday data ({years}); add calendar/{y}.yaml from that year's announcement"
        ))
    }
}

impl std::error::Error for NotCovered {}

impl Calendar {
    /// A calendar of the given years (each already worked out) and hours.
    fn new(
        years: BTreeMap<i32, (YearSource, Vec<Kind>)>,
        hours: Hours,
        compare: Option<Vec<i32>>,
    ) -> Calendar {
        let lo = years.keys().next().copied().unwrap_or(2000);
        let hi = years.keys().next_back().copied().unwrap_or(lo - 1);
        let first = Day::ymd(lo, 1, 1).unwrap_or(Day(0));
        let mut kinds = Vec::new();
        let mut sources = BTreeMap::new();
        for y in lo..=hi {
            match years.get(&y) {
                Some((src, days)) => {
                    kinds.extend_from_slice(days);
                    sources.insert(y, src.clone());
                }
                None => kinds.extend(std::iter::repeat_n(Kind::Unknown, year_len(y))),
            }
        }
        let (mut worked, mut unknown, mut working) = (vec![0], vec![0], Vec::new());
        for (i, k) in kinds.iter().enumerate() {
            let w = u32::from(k.working());
            let u = u32::from(*k == Kind::Unknown);
            worked.push(worked[i] + w);
            unknown.push(unknown[i] + u);
            if k.working() {
                working.push(i as u32);
            }
        }
        let compare_years = compare.unwrap_or_else(|| sources.keys().copied().collect());
        Calendar {
            first,
            kinds,
            worked,
            unknown,
            working,
            hours,
            years: sources,
            compare_years,
            worst: Mutex::new(HashMap::new()),
        }
    }

    /// The years with data, in order.
    pub fn covered(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn source(&self, year: i32) -> Option<&YearSource> {
        self.years.get(&year)
    }

    pub fn compare_years(&self) -> &[i32] {
        &self.compare_years
    }

    fn index(&self, d: Day) -> Option<usize> {
        usize::try_from(d.0 - self.first.0)
            .ok()
            .filter(|&i| i < self.kinds.len())
    }

    /// What a day is; [`Kind::Unknown`] outside the covered years.
    pub fn kind(&self, d: Day) -> Kind {
        self.index(d).map_or(Kind::Unknown, |i| self.kinds[i])
    }

    pub fn not_covered(&self, day: Day) -> NotCovered {
        NotCovered {
            day,
            covered: self.covered(),
        }
    }

    /// The name of a holiday a year file adds.
    pub fn holiday_name(&self, day: Day, h: Holiday) -> String {
        match h {
            Holiday::Other(i) => day
                .date()
                .and_then(|d| self.years.get(&i32::from(d.year)))
                .and_then(|y| y.extras.get(usize::from(i)))
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| h.name().to_string()),
            _ => h.name().to_string(),
        }
    }
}

fn year_len(y: i32) -> usize {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if leap { 366 } else { 365 }
}
