//! `qmsdoc calendar YEAR`: the year's working calendar — public holidays, compensatory days,
//! swapped days, working days per month — and where the data comes from.

use super::error::Result;
use super::{FINDINGS, Format, Global, OK};
use crate::calendar::{Calendar, Day, Kind, hours};
use crate::diag::{Finding, Severity};
use crate::i18n::tr;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "YEAR", help = tr("Năm (2026)", "Year (2026)"))]
    year: i32,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

/// A day that is not an ordinary working day or weekly rest day.
#[derive(serde::Serialize)]
struct Special {
    date: String,
    weekday: String,
    /// holiday | compensatory | swap-off | swap-work
    kind: &'static str,
    name: String,
}

#[derive(serde::Serialize)]
struct Year {
    year: i32,
    file: String,
    sources: Vec<String>,
    rest_days: Vec<String>,
    sessions: Vec<String>,
    cutoff: Option<String>,
    days: Vec<Special>,
    /// Working days in each month, January first.
    working_days: Vec<u32>,
    total_working_days: u32,
}

/// Prints the calendar's reading findings (C001) to stderr; true when there were errors.
pub(super) fn report_calendar_findings(findings: &[Finding], files: usize) -> Result<bool> {
    let own: Vec<Finding> = findings
        .iter()
        .filter(|f| std::ptr::eq(f.rule, &crate::rule::INVALID_CALENDAR))
        .cloned()
        .collect();
    if own.is_empty() {
        return Ok(false);
    }
    let summary = crate::report::Summary::new(files, 0, &own);
    let mut err = anstream::AutoStream::auto(std::io::stderr());
    crate::report::write(crate::report::Format::Human, &own, &summary, &mut err)?;
    Ok(own.iter().any(|f| f.severity == Severity::Error))
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let root = super::root_of(&args.root, g)?;
    let config = crate::workspace::Workspace::load_config(&root);
    let (cal, findings) = crate::calendar::load::load(&root, &config.calendar);
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter_map(|d| config.settle(d, &[]))
        .collect();
    if report_calendar_findings(&findings, 0)? {
        return Ok(FINDINGS);
    }
    let Some(first) = Day::ymd(args.year, 1, 1) else {
        return Err(cal.not_covered(Day(0)).into());
    };
    let Some(src) = cal.source(args.year) else {
        return Err(cal.not_covered(first).into());
    };
    let year = describe(&cal, args.year, first, src, &config.calendar);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &year)?;
            writeln!(out)?;
        }
        Format::Human => print(&mut out, &year)?,
    }
    out.flush()?;
    Ok(OK)
}

fn describe(
    cal: &Calendar,
    y: i32,
    first: Day,
    src: &crate::calendar::YearSource,
    settings: &crate::calendar::Settings,
) -> Year {
    let mut days = Vec::new();
    let mut working_days = vec![0u32; 12];
    let end = Day::ymd(y + 1, 1, 1).unwrap_or(first);
    for n in first.0..end.0 {
        let d = Day(n);
        let k = cal.kind(d);
        if k.working()
            && let Some(date) = d.date()
        {
            working_days[usize::from(date.month) - 1] += 1;
        }
        let (kind, name) = match k {
            Kind::Holiday(h) => ("holiday", cal.holiday_name(d, h)),
            Kind::Compensatory(h) => (
                "compensatory",
                crate::tr!("Nghỉ bù {}", "Day off for {}", cal.holiday_name(d, h)),
            ),
            Kind::SwapOff => ("swap-off", tr("Nghỉ hoán đổi", "Swapped day off").into()),
            Kind::SwapWork => ("swap-work", tr("Làm bù", "Worked instead").into()),
            Kind::Work | Kind::Rest | Kind::Unknown => continue,
        };
        days.push(Special {
            date: d.date().map_or_else(String::new, |x| x.to_string()),
            weekday: d.weekday().name().to_string(),
            kind,
            name,
        });
    }
    let rest = settings.rest();
    Year {
        year: y,
        file: src.path.clone(),
        sources: src.sources.clone(),
        rest_days: crate::calendar::day::WEEK
            .iter()
            .filter(|w| rest[w.index()])
            .map(|w| w.name().to_string())
            .collect(),
        sessions: cal
            .hours
            .sessions
            .iter()
            .map(hours::Session::show)
            .collect(),
        cutoff: cal.hours.cutoff.map(hours::show_clock),
        total_working_days: working_days.iter().sum(),
        working_days,
        days,
    }
}

fn print(out: &mut dyn Write, y: &Year) -> Result<()> {
    let title = crate::tr!("Lịch làm việc năm {}", "Working calendar {}", y.year);
    writeln!(out, "{title}  ({})", y.file)?;
    for s in &y.sources {
        writeln!(out, "  {}: {s}", tr("Căn cứ", "Source"))?;
    }
    writeln!(out)?;
    for d in &y.days {
        let date = crate::model::Date::parse(&d.date).map_or_else(String::new, |x| x.vn_short());
        writeln!(out, "  {:<9} {date}  {}", d.weekday, d.name)?;
    }
    writeln!(out)?;
    writeln!(out, "{}:", tr("Số ngày làm việc", "Working days"))?;
    let months: Vec<String> = y
        .working_days
        .iter()
        .enumerate()
        .map(|(i, n)| format!("T{}: {n}", i + 1))
        .collect();
    writeln!(out, "  {}", months.join("  "))?;
    writeln!(
        out,
        "  {}: {}",
        tr("Cả năm", "Whole year"),
        y.total_working_days
    )?;
    writeln!(
        out,
        "{}: {}; {}: {}",
        tr("Nghỉ hằng tuần", "Weekly rest"),
        y.rest_days.join(", "),
        tr("giờ làm việc", "working hours"),
        y.sessions.join(", ")
    )?;
    if let Some(c) = &y.cutoff {
        writeln!(out, "{}: {c}", tr("Giờ chốt nhận hồ sơ", "Cut-off hour"))?;
    }
    Ok(())
}
