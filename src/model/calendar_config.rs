//! The `calendar` section of qms.yaml: weekly rest days, working hours, the cut-off hour and
//! the years the calendar comparison covers, each checked where it is written (rule C001).

use super::day::{WEEK, Weekday};
use super::hours::{Hours, Session, parse_clock, parse_session, show_clock};
use crate::model::Sp;
use crate::model::fields;
use crate::model::reader::Reader;
use crate::rule::INVALID_CALENDAR;
use crate::yaml::{Node, Span};

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Weekly rest days; `None` is Saturday and Sunday.
    pub rest_days: Option<Vec<Weekday>>,
    /// Sessions of the working day, with the span of the `sessions` value.
    pub sessions: Option<Sp<Vec<Session>>>,
    pub cutoff: Option<Sp<u16>>,
    /// Years to compare over (T004), each with its span; empty means every year with data.
    pub years: Vec<Sp<i32>>,
    /// qms.yaml, where the spans point.
    pub file: Option<std::sync::Arc<crate::source::SourceFile>>,
}

impl Settings {
    pub fn rest(&self) -> [bool; 7] {
        let mut rest = [false; 7];
        match &self.rest_days {
            Some(days) => days.iter().for_each(|d| rest[d.index()] = true),
            None => {
                rest[Weekday::Sat.index()] = true;
                rest[Weekday::Sun.index()] = true;
            }
        }
        rest
    }

    pub fn hours(&self) -> Hours {
        let mut h = Hours::default();
        if let Some(s) = &self.sessions {
            h.sessions = s.value.clone();
        }
        h.cutoff = self.cutoff.as_ref().map(|c| c.value);
        h
    }

    pub fn read(r: &mut Reader, node: &Node) -> Settings {
        let mut s = Settings {
            file: Some(r.file.clone()),
            ..Settings::default()
        };
        for e in r.entries(node, fields::CALENDAR, "calendar") {
            match e.field.key {
                "rest_days" => {
                    let items = r.text_list(&e);
                    s.rest_days = rest_days(r, &items);
                }
                "sessions" => {
                    let items = r.text_list(&e);
                    s.sessions = sessions(r, &items, e.value.span);
                }
                "cutoff" => s.cutoff = r.text(&e).and_then(|t| cutoff(r, &t)),
                "years" => {
                    let items = r.text_list(&e);
                    s.years = years(r, &items);
                }
                _ => {}
            }
        }
        s
    }
}

fn bad(r: &mut Reader, span: Span, message: String, help: String) {
    r.report(&INVALID_CALENDAR, span, message, Some(help));
}

fn rest_days(r: &mut Reader, items: &[Sp<String>]) -> Option<Vec<Weekday>> {
    let mut days = Vec::new();
    for it in items {
        match Weekday::parse(&it.value) {
            Some(d) => days.push(d),
            None => {
                let v = &it.value;
                let names: Vec<&str> = WEEK.iter().map(|d| d.name()).collect();
                bad(
                    r,
                    it.span,
                    tr!(
                        "\"{v}\" không phải là một ngày trong tuần",
                        "\"{v}\" is not a day of the week"
                    ),
                    tr!("ghi một trong: {}", "write one of: {}", names.join(", ")),
                );
            }
        }
    }
    (days.len() == items.len()).then_some(days)
}

fn sessions(r: &mut Reader, items: &[Sp<String>], span: Span) -> Option<Sp<Vec<Session>>> {
    let mut out: Vec<(Session, Span)> = Vec::new();
    let mut ok = true;
    for it in items {
        match parse_session(&it.value).filter(|s| s.start < s.end) {
            Some(s) => out.push((s, it.span)),
            None => {
                ok = false;
                let v = &it.value;
                bad(
                    r,
                    it.span,
                    tr!(
                        "không đọc được ca làm việc \"{v}\"",
                        "cannot read the session \"{v}\""
                    ),
                    tr!(
                        "ghi giờ bắt đầu và kết thúc: \"07:30-11:30\"",
                        "write a start and an end: \"07:30-11:30\""
                    ),
                );
            }
        }
    }
    out.sort_by_key(|(s, _)| s.start);
    for w in out.windows(2) {
        let ((a, _), (b, b_span)) = (w[0], w[1]);
        if b.start < a.end {
            ok = false;
            let (a_s, a_e, b_s) = (show_clock(a.start), show_clock(a.end), show_clock(b.start));
            bad(
                r,
                b_span,
                tr!(
                    "ca bắt đầu {b_s} chồng lên ca {a_s}-{a_e}",
                    "the session starting at {b_s} overlaps {a_s}-{a_e}"
                ),
                tr!(
                    "các ca làm việc không được chồng nhau",
                    "sessions must not overlap"
                ),
            );
        }
    }
    if items.is_empty() {
        bad(
            r,
            span,
            tr!("chưa có ca làm việc nào", "no working session is given"),
            tr!(
                "ghi ví dụ: [\"07:30-11:30\", \"13:30-17:30\"]",
                "for example: [\"07:30-11:30\", \"13:30-17:30\"]"
            ),
        );
        return None;
    }
    ok.then(|| Sp::new(out.into_iter().map(|(s, _)| s).collect(), span))
}

fn cutoff(r: &mut Reader, t: &Sp<String>) -> Option<Sp<u16>> {
    if let Some(m) = parse_clock(&t.value) {
        return Some(Sp::new(m, t.span));
    }
    let v = &t.value;
    bad(
        r,
        t.span,
        tr!(
            "\"{v}\" không phải là giờ trong ngày",
            "\"{v}\" is not a time of day"
        ),
        tr!("ghi giờ, ví dụ \"16:00\"", "write a time, e.g. \"16:00\""),
    );
    None
}

fn years(r: &mut Reader, items: &[Sp<String>]) -> Vec<Sp<i32>> {
    let mut out = Vec::new();
    for it in items {
        match it.value.trim().parse::<i32>() {
            Ok(y) if (1950..=2100).contains(&y) => out.push(Sp::new(y, it.span)),
            _ => {
                let v = &it.value;
                bad(
                    r,
                    it.span,
                    tr!("\"{v}\" không phải là một năm", "\"{v}\" is not a year"),
                    tr!("ghi năm, ví dụ 2026", "write a year, e.g. 2026"),
                );
            }
        }
    }
    out
}
