//! Year files (`templates/calendar/YYYY.yaml` shipped with qmsdoc, `calendar/YYYY.yaml` in the
//! QMS): the government's decisions for one year that the Labour Code leaves open — how the 5
//! days of Tết fall around the first day, which day next to 2 September is off, the swapped
//! working days, and any holiday added by law. Read with positions, checked where written.

use super::day::Day;
use crate::model::fields;
use crate::model::reader::{Entry, Reader};
use crate::model::{Date, Sp};
use crate::rule::INVALID_CALENDAR;
use crate::yaml::{Node, Span};

/// A working day taken off, worked back on a weekly rest day.
#[derive(Clone, Debug)]
pub struct Swap {
    pub off: Sp<Day>,
    pub work: Sp<Day>,
}

/// A public holiday a year file adds (a holiday the law added after 2019).
#[derive(Clone, Debug)]
pub struct Extra {
    pub day: Sp<Day>,
    pub name: String,
}

/// What a year file says.
#[derive(Clone, Debug)]
pub struct YearPlan {
    pub year: i32,
    pub sources: Vec<String>,
    /// Days of Tết before the first day of the lunar year (1 to 3).
    pub tet_before: u8,
    /// 1 or 3 September.
    pub national_day: Day,
    pub swaps: Vec<Swap>,
    pub extras: Vec<Extra>,
}

/// Reads a year file named for `file_year`; `None` when something required is missing or
/// wrong (each problem is reported).
pub fn read(r: &mut Reader, root: &Node, file_year: i32) -> Option<YearPlan> {
    let mut year = None;
    let (mut sources, mut swaps, mut extras) = (Vec::new(), Vec::new(), Vec::new());
    let (mut tet_before, mut national_day) = (None, None);
    for e in r.entries(root, fields::YEAR_FILE, "calendar/YYYY.yaml") {
        match e.field.key {
            "year" => year = r.int(&e),
            "sources" => sources = r.text_list(&e).into_iter().map(|s| s.value).collect(),
            "tet" => tet_before = tet(r, e.value),
            "national_day" => national_day = r.date(&e),
            "swaps" => swaps = items(r, &e, swap),
            "holidays" => extras = items(r, &e, extra),
            _ => {}
        }
    }
    let year = check_year(r, year, file_year, root.span)?;
    let national_day = check_national_day(r, national_day, year, root.span);
    let tet_before = require(r, tet_before, "tet.before", root.span);
    let in_year = |r: &mut Reader, d: &Sp<Day>| in_year(r, d, year);
    let swaps_ok = swaps
        .iter()
        .all(|s| in_year(r, &s.off) & in_year(r, &s.work));
    let extras_ok = extras.iter().all(|x| in_year(r, &x.day));
    Some(YearPlan {
        year,
        sources,
        tet_before: tet_before?,
        national_day: national_day?,
        swaps,
        extras,
    })
    .filter(|_| swaps_ok && extras_ok)
}

fn bad(r: &mut Reader, span: Span, message: String, help: String) {
    r.report(&INVALID_CALENDAR, span, message, Some(help));
}

fn require<T>(r: &mut Reader, v: Option<T>, key: &str, span: Span) -> Option<T> {
    if v.is_none() {
        bad(
            r,
            Span::new(span.start, span.start),
            tr!("tệp năm thiếu `{key}`", "the year file has no `{key}`"),
            tr!(
                "ghi theo thông báo lịch nghỉ lễ, Tết của năm đó",
                "write it from that year's announcement of holidays"
            ),
        );
    }
    v
}

fn check_year(r: &mut Reader, year: Option<Sp<i64>>, file_year: i32, span: Span) -> Option<i32> {
    let year = require(r, year, "year", span)?;
    if year.value == i64::from(file_year) {
        return Some(file_year);
    }
    let y = year.value;
    bad(
        r,
        year.span,
        tr!(
            "`year: {y}` khác năm trong tên tệp ({file_year})",
            "`year: {y}` is not the year of the file name ({file_year})"
        ),
        tr!(
            "đặt tên tệp theo năm: calendar/{y}.yaml",
            "name the file after its year: calendar/{y}.yaml"
        ),
    );
    None
}

fn check_national_day(r: &mut Reader, d: Option<Sp<Date>>, year: i32, span: Span) -> Option<Day> {
    let d = require(r, d, "national_day", span)?;
    let day = Day::of(d.value);
    let ok = [1, 3].iter().any(|&n| Day::ymd(year, 9, n) == Some(day));
    if ok {
        return Some(day);
    }
    bad(
        r,
        d.span,
        tr!(
            "ngày nghỉ liền kề Quốc khánh phải là 01/09/{year} hoặc 03/09/{year}",
            "the day next to National Day must be 01/09/{year} or 03/09/{year}"
        ),
        tr!(
            "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ: ngày 2/9 và 1 ngày liền kề trước hoặc sau",
            "Labour Code 2019, art. 112(1)(đ): 2 September and one day before or after it"
        ),
    );
    None
}

fn in_year(r: &mut Reader, d: &Sp<Day>, year: i32) -> bool {
    if d.value.date().is_some_and(|x| i32::from(x.year) == year) {
        return true;
    }
    let shown = d.value.short();
    bad(
        r,
        d.span,
        tr!(
            "ngày {shown} không thuộc năm {year} của tệp",
            "{shown} is not in the file's year {year}"
        ),
        tr!(
            "ghi ngày này vào tệp của năm đó",
            "put this date in the file of its own year"
        ),
    );
    false
}

fn tet(r: &mut Reader, node: &Node) -> Option<u8> {
    let e = r
        .entries(node, fields::TET_PLAN, "tet")
        .into_iter()
        .find(|e| e.field.key == "before")?;
    let n = r.int(&e)?;
    if (1..=3).contains(&n.value) {
        return u8::try_from(n.value).ok();
    }
    bad(
        r,
        n.span,
        tr!(
            "số ngày nghỉ trước mùng 1 Tết phải từ 1 đến 3",
            "the days off before the first day of Tết must be 1 to 3"
        ),
        tr!(
            "ghi theo phương án nghỉ Tết được công bố (thường 1 hoặc 2)",
            "write the announced Tết schedule (usually 1 or 2)"
        ),
    );
    None
}

/// Reads each item of a list of objects with `one`.
fn items<T>(r: &mut Reader, e: &Entry, one: fn(&mut Reader, &Node) -> Option<T>) -> Vec<T> {
    let Some(list) = r.list(e) else {
        return Vec::new();
    };
    list.iter().filter_map(|n| one(r, n)).collect()
}

fn day_of(r: &mut Reader, e: &Entry) -> Option<Sp<Day>> {
    r.date(e).map(|d| Sp::new(Day::of(d.value), d.span))
}

fn swap(r: &mut Reader, node: &Node) -> Option<Swap> {
    let (mut off, mut work) = (None, None);
    for e in r.entries(node, fields::SWAP, "swaps") {
        match e.field.key {
            "off" => off = day_of(r, &e),
            "work" => work = day_of(r, &e),
            // A remark for whoever reads the file (the announcement's wording); not used.
            "note" => {}
            _ => {}
        }
    }
    let off = require(r, off, "off", node.span);
    let work = require(r, work, "work", node.span);
    Some(Swap {
        off: off?,
        work: work?,
    })
}

fn extra(r: &mut Reader, node: &Node) -> Option<Extra> {
    let (mut day, mut name) = (None, String::new());
    for e in r.entries(node, fields::EXTRA_HOLIDAY, "holidays") {
        match e.field.key {
            "date" => day = day_of(r, &e),
            "name" => name = r.text(&e).map(|t| t.value).unwrap_or_default(),
            _ => {}
        }
    }
    Some(Extra {
        day: require(r, day, "date", node.span)?,
        name,
    })
}
