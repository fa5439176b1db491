//! Working time counted on the calendar: the n-th working day after a day, a due time from a
//! received time, and the worst start date when working days are held to calendar days.
//!
//! Periods follow the Civil Code 2015 (art. 147): a period in days starts on the day after
//! the event, so a file received on day s with a limit of W working days is due at the end of
//! the W-th working day after s, and a limit of N calendar days ends with day s + N.

use super::hours::Minute;
use super::{Calendar, Day, NotCovered};

/// A moment: a day and a time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub day: Day,
    pub minute: Minute,
}

impl Instant {
    /// "15:10 ngày 29/12/2026".
    pub fn show(self) -> String {
        let (t, d) = (super::hours::show_clock(self.minute), self.day.short());
        crate::tr!("{t} ngày {d}", "{t} on {d}")
    }

    /// "2026-12-29T15:10".
    pub fn iso(self) -> String {
        let d = self.day.date().map_or_else(String::new, |d| d.to_string());
        format!("{d}T{}", super::hours::show_clock(self.minute))
    }
}

/// The worst start date for a number of working days (or calendar days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worst {
    pub start: Day,
    pub end: Day,
    /// Calendar days from `start` to `end` (or working days in the window).
    pub span: u32,
}

impl Calendar {
    /// The `n`-th working day after `d` (`n` ≥ 1), when every day up to it is covered.
    pub fn nth_working_after(&self, d: Day, n: u32) -> Result<Day, NotCovered> {
        let i = self.index(d).ok_or_else(|| self.not_covered(d))?;
        let k = self.worked[i + 1] as usize + n as usize - 1;
        let Some(&j) = self.working.get(k) else {
            let last = self.first.plus(self.kinds.len() as i32);
            return Err(self.not_covered(last));
        };
        let j = j as usize;
        if self.unknown[j + 1] > self.unknown[i] {
            // The count crosses a year without data: name its first day.
            let gap = (i..=j).find(|&x| self.kinds[x] == super::Kind::Unknown);
            let day = self.first.plus(gap.unwrap_or(i) as i32);
            return Err(self.not_covered(day));
        }
        Ok(self.first.plus(j as i32))
    }

    pub fn is_working(&self, d: Day) -> bool {
        self.kind(d).working()
    }

    /// When counting starts for a file received at `at`: that moment if it is in working
    /// hours; the next session's start otherwise; the next working day's opening after the
    /// cut-off hour (when qms.yaml sets one).
    pub fn received(&self, at: Instant) -> Result<Instant, NotCovered> {
        let h = &self.hours;
        self.index(at.day).ok_or_else(|| self.not_covered(at.day))?;
        let late = h.cutoff.is_some_and(|c| at.minute >= c);
        if self.is_working(at.day) && !late {
            // In a session, or waiting for the next one of the day.
            if let Some(s) = h.sessions.iter().find(|s| at.minute < s.end) {
                return Ok(Instant {
                    day: at.day,
                    minute: at.minute.max(s.start),
                });
            }
        }
        let day = self.nth_working_after(at.day, 1)?;
        Ok(Instant {
            day,
            minute: h.opening(),
        })
    }

    /// The moment `minutes` of working time after `from` (a moment in working hours, as
    /// [`Calendar::received`] gives). Landing on the end of a session gives that end.
    pub fn add_working(&self, from: Instant, minutes: u64) -> Result<Instant, NotCovered> {
        let h = &self.hours;
        let day_len = u64::from(h.day_minutes().max(1));
        let (mut day, mut done) = (from.day, u64::from(h.worked_before(from.minute)));
        if !self.is_working(day) {
            self.index(day).ok_or_else(|| self.not_covered(day))?;
            day = self.nth_working_after(day, 1)?;
            done = 0;
        }
        let left_today = day_len - done.min(day_len);
        if minutes <= left_today {
            let minute = h.time_after((done + minutes) as u32);
            return Ok(Instant { day, minute });
        }
        let rest = minutes - left_today;
        let (days, part) = (rest / day_len, rest % day_len);
        let (n, worked) = if part == 0 {
            (days, day_len)
        } else {
            (days + 1, part)
        };
        let day = self.nth_working_after(day, u32::try_from(n).unwrap_or(u32::MAX))?;
        Ok(Instant {
            day,
            minute: h.time_after(worked as u32),
        })
    }

    /// Over the start dates of the years compared: the one after which `n` working days end
    /// furthest away in calendar days. Start dates whose count runs past the covered years
    /// are not tried. `None` when no start date can be tried.
    pub fn worst_working_span(&self, n: u32) -> Option<Worst> {
        self.memo((true, n), || {
            self.starts()
                .filter_map(|s| {
                    let end = self.nth_working_after(s, n.max(1)).ok()?;
                    let span = if n == 0 { 0 } else { (end.0 - s.0) as u32 };
                    Some(Worst {
                        start: s,
                        end,
                        span,
                    })
                })
                .max_by_key(|w| (w.span, std::cmp::Reverse(w.start)))
        })
    }

    /// Over the start dates of the years compared: the most working days in the `n` calendar
    /// days after a start date.
    pub fn most_working_in(&self, n: u32) -> Option<Worst> {
        self.memo((false, n), || {
            self.starts()
                .filter_map(|s| {
                    let i = self.index(s)?;
                    let j = i + n as usize;
                    (j < self.kinds.len() && self.unknown[j + 1] == self.unknown[i]).then(|| {
                        Worst {
                            start: s,
                            end: s.plus(n as i32),
                            span: self.worked[j + 1] - self.worked[i + 1],
                        }
                    })
                })
                .max_by_key(|w| (w.span, std::cmp::Reverse(w.start)))
        })
    }

    fn memo(&self, key: (bool, u32), f: impl FnOnce() -> Option<Worst>) -> Option<Worst> {
        if let Some(w) = self.worst.lock().ok().and_then(|m| m.get(&key).copied()) {
            return w;
        }
        let w = f();
        if let Ok(mut m) = self.worst.lock() {
            m.insert(key, w);
        }
        w
    }

    /// Every day of the compared years that is covered.
    fn starts(&self) -> impl Iterator<Item = Day> + '_ {
        self.compare_years.iter().flat_map(move |&y| {
            let (a, b) = (Day::ymd(y, 1, 1), Day::ymd(y + 1, 1, 1));
            let (a, b) = (a.map_or(0, |d| d.0), b.map_or(0, |d| d.0));
            (a..b).map(Day).filter(|d| self.index(*d).is_some())
        })
    }
}
