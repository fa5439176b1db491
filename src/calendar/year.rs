//! One year of the working calendar, worked out once: the public holidays of the Labour Code
//! 2019 (art. 112(1)), the compensatory days when one falls on a weekly rest day (art.
//! 111(3)), then the government's swaps. Each day gets a [`Kind`].

use super::data::YearPlan;
use super::day::Day;
use super::lunar::{self, LunarDate};
use crate::model::reader::Reader;
use crate::rule::INVALID_CALENDAR;

/// The public holidays of art. 112(1), and one a year file adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// Tết Dương lịch, 1 January.
    NewYear,
    /// Tết Âm lịch, 5 days.
    Tet,
    /// Giỗ Tổ Hùng Vương, 10/3 of the lunar calendar.
    HungKings,
    /// Ngày Chiến thắng, 30 April.
    Victory,
    /// Ngày Quốc tế lao động, 1 May.
    Labour,
    /// Quốc khánh, 2 September and one day next to it.
    NationalDay,
    /// A holiday of the year file (its name is kept by the calendar).
    Other(u16),
}

impl Holiday {
    pub fn name(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            Holiday::NewYear => tr("Tết Dương lịch", "New Year's Day"),
            Holiday::Tet => tr("Tết Âm lịch", "Lunar New Year (Tết)"),
            Holiday::HungKings => tr("Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration"),
            Holiday::Victory => tr("Ngày Chiến thắng", "Reunification Day"),
            Holiday::Labour => tr("Ngày Quốc tế lao động", "International Labour Day"),
            Holiday::NationalDay => tr("Quốc khánh", "National Day"),
            Holiday::Other(_) => tr("Ngày lễ", "Holiday"),
        }
    }
}

/// What a day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Work,
    /// A weekly rest day worked in exchange for a day off.
    SwapWork,
    /// A weekly rest day.
    Rest,
    Holiday(Holiday),
    /// The working day off that makes up for a holiday on a weekly rest day.
    Compensatory(Holiday),
    /// A working day off in exchange for a rest day worked.
    SwapOff,
    /// A day of a year without data.
    Unknown,
}

impl Kind {
    pub fn working(self) -> bool {
        matches!(self, Kind::Work | Kind::SwapWork)
    }
}

/// The statutory holidays of a year, in date order.
fn statutory(plan: &YearPlan) -> Vec<(Day, Holiday)> {
    let y = plan.year;
    let mut out = Vec::new();
    let mut push = |d: Option<Day>, h| out.extend(d.map(|d| (d, h)));
    push(Day::ymd(y, 1, 1), Holiday::NewYear);
    if let Some(tet) = lunar::tet(y) {
        let before = i32::from(plan.tet_before);
        for i in 0..5 {
            push(Some(tet.plus(i - before)), Holiday::Tet);
        }
    }
    let hung = LunarDate {
        year: y,
        month: 3,
        day: 10,
        leap: false,
    };
    push(lunar::from_lunar(hung), Holiday::HungKings);
    push(Day::ymd(y, 4, 30), Holiday::Victory);
    push(Day::ymd(y, 5, 1), Holiday::Labour);
    push(Day::ymd(y, 9, 2), Holiday::NationalDay);
    push(Some(plan.national_day), Holiday::NationalDay);
    for (i, x) in plan.extras.iter().enumerate() {
        push(
            Some(x.day.value),
            Holiday::Other(u16::try_from(i).unwrap_or(u16::MAX)),
        );
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// The days of `plan.year`, January 1 first. Swaps that rest on a holiday or work on one are
/// reported through `r` and left out.
pub fn build(r: &mut Reader, plan: &YearPlan, rest: [bool; 7]) -> Vec<Kind> {
    let Some(first) = Day::ymd(plan.year, 1, 1) else {
        return Vec::new();
    };
    let Some(next) = Day::ymd(plan.year + 1, 1, 1) else {
        return Vec::new();
    };
    let mut kinds: Vec<Kind> = (first.0..next.0)
        .map(|n| match rest[Day(n).weekday().index()] {
            true => Kind::Rest,
            false => Kind::Work,
        })
        .collect();
    let at = |d: Day| usize::try_from(d.0 - first.0).ok();
    // Art. 111(3): every holiday on a weekly rest day is made up on the next working day,
    // once all holidays are placed.
    let mut owed = Vec::new();
    for (d, h) in statutory(plan) {
        let Some(i) = at(d).filter(|&i| i < kinds.len()) else {
            continue;
        };
        if kinds[i] != Kind::Work {
            owed.push((i, h));
        }
        kinds[i] = Kind::Holiday(h);
    }
    for (i, h) in owed {
        if let Some(j) = (i + 1..kinds.len()).find(|&j| kinds[j] == Kind::Work) {
            kinds[j] = Kind::Compensatory(h);
        }
    }
    for s in &plan.swaps {
        let (Some(off), Some(work)) = (at(s.off.value), at(s.work.value)) else {
            continue;
        };
        if swap_ok(r, &kinds, off, work, s) {
            kinds[off] = Kind::SwapOff;
            kinds[work] = Kind::SwapWork;
        }
    }
    kinds
}

fn swap_ok(r: &mut Reader, kinds: &[Kind], off: usize, work: usize, s: &super::data::Swap) -> bool {
    let describe = |k: Kind| match k {
        Kind::Holiday(h) => crate::tr!("ngày lễ {}", "the holiday {}", h.name()),
        Kind::Compensatory(h) => crate::tr!("ngày nghỉ bù {}", "a day off for {}", h.name()),
        Kind::Rest => crate::tr!("ngày nghỉ hằng tuần", "a weekly rest day"),
        Kind::SwapOff | Kind::SwapWork => crate::tr!("đã được hoán đổi", "already swapped"),
        Kind::Work | Kind::Unknown => crate::tr!("ngày làm việc", "a working day"),
    };
    let (k_off, k_work) = (kinds.get(off).copied(), kinds.get(work).copied());
    if let Some(k) = k_off.filter(|k| *k != Kind::Work) {
        let (d, what) = (s.off.value.short(), describe(k));
        r.report(
            &INVALID_CALENDAR,
            s.off.span,
            crate::tr!(
                "hoán đổi để nghỉ ngày {d}, nhưng ngày đó là {what}",
                "the swap rests on {d}, which is {what}"
            ),
            Some(crate::tr!(
                "ngày được nghỉ (`off`) phải là một ngày làm việc",
                "the day taken off (`off`) must be a working day"
            )),
        );
        return false;
    }
    if let Some(k) = k_work.filter(|k| *k != Kind::Rest) {
        let (d, what) = (s.work.value.short(), describe(k));
        r.report(
            &INVALID_CALENDAR,
            s.work.span,
            crate::tr!(
                "hoán đổi để làm bù ngày {d}, nhưng ngày đó là {what}",
                "the swap works on {d}, which is {what}"
            ),
            Some(crate::tr!(
                "ngày làm bù (`work`) phải là một ngày nghỉ hằng tuần",
                "the day worked instead (`work`) must be a weekly rest day"
            )),
        );
        return false;
    }
    true
}
