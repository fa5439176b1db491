//! Working time held to calendar days on the real calendar (T002, T003), when qms.yaml sets
//! no flat conversion rate: W working days fit in N calendar days when, for every start date
//! of the years compared, the W-th working day after it comes no later than N days after it.
//! The worst start date is named.

use crate::calendar::Calendar;
use crate::calendar::count::Worst;
use crate::model::duration::{Basis, CALENDAR_DAY_MINUTES, Duration, TimeRules};

/// The answer of the calendar.
pub(crate) enum Fit {
    Fits,
    /// Too long from the worst start date; the sentence says why.
    Exceeds(String),
    /// The calendar has no year to try.
    Unknown,
}

/// Whether `working` minutes of working time and `calendar` minutes of calendar time, one
/// after the other, fit within `limit`.
pub(crate) fn fit(
    cal: &Calendar,
    rules: &TimeRules,
    working: u64,
    calendar: u64,
    limit: Duration,
) -> Fit {
    let day = rules.day_minutes.max(1);
    let cal_days = calendar.div_ceil(CALENDAR_DAY_MINUTES);
    match limit.basis {
        Basis::Calendar => {
            let n = u32::try_from(working.div_ceil(day)).unwrap_or(u32::MAX);
            let Some(w) = cal.worst_working_span(n) else {
                return Fit::Unknown;
            };
            let max = limit.minutes / CALENDAR_DAY_MINUTES;
            if u64::from(w.span) + cal_days <= max {
                return Fit::Fits;
            }
            let shown = rules.show(rules.working(working));
            Fit::Exceeds(late_end(&w, &shown, max))
        }
        Basis::Working => {
            let n = u32::try_from(cal_days).unwrap_or(u32::MAX);
            let Some(w) = cal.most_working_in(n) else {
                return Fit::Unknown;
            };
            let total = working + u64::from(w.span) * day;
            if total <= limit.minutes {
                return Fit::Fits;
            }
            let (start, k) = (w.start.short(), w.span);
            Fit::Exceeds(crate::tr!(
                "nộp ngày {start}: {cal_days} ngày tiếp theo có {k} ngày làm việc",
                "filed on {start}: the next {cal_days} days hold {k} working days"
            ))
        }
    }
}

/// "nộp ngày 25/01/2024: 10 ngày làm việc kết thúc ngày 15/02/2024, quá 15 ngày (hạn
/// 09/02/2024)".
fn late_end(w: &Worst, shown: &str, max: u64) -> String {
    let (start, end) = (w.start.short(), w.end.short());
    let deadline = w.start.plus(i32::try_from(max).unwrap_or(i32::MAX)).short();
    crate::tr!(
        "nộp ngày {start}: {shown} kết thúc ngày {end}, quá {max} ngày (hạn {deadline})",
        "filed on {start}: {shown} end on {end}, past {max} days (due {deadline})"
    )
}
