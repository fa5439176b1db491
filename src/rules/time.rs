//! Time limits: durations that cannot be read, steps that add up to more than the procedure
//! allows, a procedure slower than the law allows, and working and calendar time mixed.

use super::{Context, Sink, rule};
use crate::model::duration::Basis;
use crate::model::{Document, Duration, DurationField};
use crate::yaml::Span;

rule!(
    INVALID_DURATION,
    "T001",
    "invalid-duration",
    Error,
    "Không đọc được thời gian (số và đơn vị)",
    "A duration cannot be read (number and unit)"
);
rule!(
    STEPS_EXCEED_TIME_LIMIT,
    "T002",
    "steps-exceed-time-limit",
    Error,
    "Tổng thời gian các bước vượt thời hạn giải quyết của quy trình",
    "The steps add up to more than the procedure's time limit"
);
rule!(
    EXCEEDS_STATUTORY_LIMIT,
    "T003",
    "exceeds-statutory-limit",
    Error,
    "Thời hạn của quy trình dài hơn thời hạn TTHC theo quy định",
    "The procedure's time limit is longer than the statutory limit of its TTHC"
);
rule!(
    MIXED_TIME_BASES,
    "T004",
    "mixed-time-bases",
    Error,
    "Trộn ngày làm việc với ngày lịch mà không có quy tắc quy đổi",
    "Working and calendar days mixed with no rule to convert them"
);

/// Two durations brought to one basis, or `None` when they differ and no rate is set.
fn comparable(a: Duration, b: Duration, rate: Option<f64>) -> Option<(u64, u64)> {
    if a.basis == b.basis {
        return Some((a.minutes, b.minutes));
    }
    Some((a.to_working(rate)?, b.to_working(rate)?))
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Working => crate::i18n::tr("thời gian làm việc", "working time"),
        Basis::Calendar => crate::i18n::tr("ngày lịch", "calendar days"),
    }
}

fn mixed(sink: &mut Sink, span: Span, a: Duration, b: Duration, what: &str) {
    let (ba, bb) = (basis_name(a.basis), basis_name(b.basis));
    sink.emit(
        &MIXED_TIME_BASES,
        span,
        tr!(
            "{what}: không so sánh được {a} ({ba}) với {b} ({bb})",
            "{what}: {a} ({ba}) cannot be compared with {b} ({bb})"
        ),
        Some(tr!(
            "viết cùng một loại đơn vị (\"ngày làm việc\" hoặc \"ngày\"), hoặc đặt durations.calendar_day_in_working_days trong qms.yaml",
            "use one kind of unit (\"working days\" or \"days\"), or set durations.calendar_day_in_working_days in qms.yaml"
        )),
    );
}

pub fn check(ctx: &Context, doc: &Document, sink: &mut Sink) {
    let rate = ctx.rate();
    let limit = doc
        .time_limit
        .as_ref()
        .and_then(|t| t.value.map(|v| (v, t)));

    // T002: the steps fit in the time limit.
    let steps: Vec<(Duration, &DurationField)> = doc
        .steps()
        .iter()
        .filter_map(|s| s.time.as_ref().and_then(|t| t.value.map(|v| (v, t))))
        .collect();
    if let Some((limit, limit_field)) = limit {
        let odd = steps.iter().find(|(d, _)| d.basis != limit.basis);
        let totals = match (odd, rate) {
            (None, _) => Some((
                steps.iter().map(|(d, _)| d.minutes).sum::<u64>(),
                limit.minutes,
                limit.basis,
            )),
            (Some(_), Some(rate)) => {
                let total = steps
                    .iter()
                    .filter_map(|(d, _)| d.to_working(Some(rate)))
                    .sum::<u64>();
                limit
                    .to_working(Some(rate))
                    .map(|max| (total, max, Basis::Working))
            }
            (Some(&(odd, field)), None) => {
                let what = tr!("thời gian bước", "step time");
                mixed(sink, field.text.span, odd, limit, &what);
                None
            }
        };
        if let Some((total, max, basis)) = totals
            && total > max
        {
            let sum = Duration {
                basis,
                minutes: total,
            };
            let lim = &limit_field.text.value;
            sink.emit(
                &STEPS_EXCEED_TIME_LIMIT,
                limit_field.text.span,
                tr!(
                    "tổng thời gian {} bước là {sum}, vượt thời hạn giải quyết {lim}",
                    "the {} steps add up to {sum}, more than the time limit {lim}",
                    steps.len()
                ),
                Some(tr!(
                    "rút ngắn thời gian các bước, hoặc sửa thời hạn (không vượt thời hạn của TTHC)",
                    "shorten the steps, or change the time limit (never beyond the statutory one)"
                )),
            );
        }
    }

    // T003: the procedure is not slower than the law allows.
    let (Some((limit, limit_field)), Some(code)) = (limit, doc.tthc.as_ref()) else {
        return;
    };
    let Some(entry) = ctx.tthc.get(code.value.trim()) else {
        return;
    };
    let Some(statutory) = entry.time_limit.as_ref().and_then(|t| t.value) else {
        return;
    };
    match comparable(limit, statutory, rate) {
        None => {
            let what = tr!(
                "thời hạn so với thời hạn TTHC",
                "time limit against the statutory limit"
            );
            mixed(sink, limit_field.text.span, limit, statutory, &what);
        }
        Some((ours, law)) if ours > law => {
            let (lim, code) = (&limit_field.text.value, code.value.trim());
            sink.emit(
                &EXCEEDS_STATUTORY_LIMIT,
                limit_field.text.span,
                tr!(
                    "thời hạn {lim} dài hơn thời hạn {statutory} của TTHC {code} theo quy định",
                    "time limit {lim} is longer than the statutory {statutory} of TTHC {code}"
                ),
                Some(tr!(
                    "quy trình ISO có thể ngắn hơn thời hạn TTHC, không được dài hơn: sửa time_limit",
                    "an ISO procedure may be shorter than the statutory limit, never longer: change time_limit"
                )),
            );
        }
        Some(_) => {}
    }
}
