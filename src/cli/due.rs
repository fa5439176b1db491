//! `qmsdoc due CODE --from "2026-12-29 15:10"`: the date and time a file received then is due
//! back ("ngày hẹn trả kết quả"), and each step's deadline for the control sheet ("Phiếu
//! kiểm soát quá trình giải quyết hồ sơ"), on the working calendar.

use super::error::{Result, bail};
use super::{FINDINGS, Format, Global, OK};
use crate::calendar::count::Instant;
use crate::calendar::{Calendar, Day, hours};
use crate::i18n::tr;
use crate::model::document::same_id;
use crate::model::duration::{Basis, CALENDAR_DAY_MINUTES, Duration, TimeRules};
use crate::model::{Date, Document, Kind, Status};
use crate::workspace::Workspace;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "CODE", required_unless_present = "reviews", help = tr("Mã quy trình (QT-HT-01) hoặc mã TTHC (1.001193)", "Procedure code (QT-HT-01) or TTHC code (1.001193)"))]
    code: Option<String>,
    #[arg(long, conflicts_with_all = ["code", "from"], help = tr(
        "Liệt kê hạn soát xét định kỳ của các tài liệu (review_every) thay vì hạn trả kết quả",
        "List the documents' periodic review dates (review_every) instead of a result's due date"
    ))]
    reviews: bool,
    #[arg(long, value_name = "DATE", env = "QMSDOC_AS_OF", help = tr(
        "Ngày tính hạn soát xét (--reviews) [mặc định: hôm nay]",
        "The day reviews are counted to (--reviews) [default: today]"
    ))]
    as_of: Option<String>,
    #[arg(long, value_name = "NGÀY GIỜ", help = tr(
        "Thời điểm nhận hồ sơ: \"2026-12-29 15:10\" hoặc \"29/12/2026 15:10\" [mặc định: bây giờ, giờ Việt Nam]",
        "When the file was received: \"2026-12-29 15:10\" or \"29/12/2026 15:10\" [default: now, Vietnam time]"
    ))]
    from: Option<String>,
    #[arg(long, value_name = "ID", help = tr(
        "Trường hợp của hồ sơ, khi quy trình có nhiều trường hợp (cases): mã của trường hợp (1, 2, I…)",
        "The file's case, for a procedure with cases: the case's id (1, 2, I…)"
    ))]
    case: Option<String>,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

/// One line of the control sheet.
#[derive(serde::Serialize)]
struct StepDue {
    step: String,
    what: String,
    time: String,
    /// When the step must be done; `null` for a step whose time is not counted.
    due: Option<String>,
}

#[derive(serde::Serialize)]
struct Answer {
    code: String,
    title: String,
    /// The case counted, for a procedure with cases: its id.
    case: Option<String>,
    received: String,
    /// When the counting starts (the next working time; after the cut-off hour, the next
    /// working day).
    start: String,
    time_limit: Option<String>,
    due: Option<String>,
    steps: Vec<StepDue>,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let root = super::root_of(&args.root, g)?;
    if args.reviews {
        return reviews(&root, &args);
    }
    let (mut ws, paths) = crate::workspace::Workspace::open(&root);
    if super::calendar::report_calendar_findings(&ws.findings, ws.files)? {
        return Ok(FINDINGS);
    }
    let code = args.code.as_deref().unwrap_or("").trim();
    let Some(doc) = find(&mut ws, &paths, code) else {
        bail!(crate::tr!(
            "không có tài liệu mã \"{code}\", cũng không có quy trình hiệu lực cho TTHC \"{code}\"",
            "there is no document with code \"{code}\", nor a procedure in force for TTHC \"{code}\""
        ));
    };
    let received = match &args.from {
        Some(s) => parse_moment(s, ws.calendar.hours.opening())?,
        None => now(),
    };
    let rules = doc.time_rules(ws.config.time_rules());
    let case = case_of(&doc, args.case.as_deref())?;
    let answer = compute(&ws.calendar, &rules, &doc, case, received)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &answer)?;
            writeln!(out)?;
        }
        Format::Human => print(&mut out, &answer, received, &ws.calendar)?,
    }
    out.flush()?;
    Ok(OK)
}

/// The case `--case` names (its index and id): required when the procedure has cases, refused
/// when it has none.
fn case_of(doc: &Document, wanted: Option<&str>) -> Result<Option<(usize, String)>> {
    let ids = doc.case_ids();
    let code = doc.code_str();
    let listed = || {
        let names = doc.cases().iter().zip(&ids).map(|(c, id)| {
            let name = c.name.as_ref().map_or("", |n| n.value.trim());
            format!("{id} ({name})")
        });
        names.collect::<Vec<_>>().join("; ")
    };
    match wanted {
        None if ids.is_empty() => Ok(None),
        None => {
            let (list, first) = (listed(), &ids[0]);
            bail!(crate::tr!(
                "{code} có thời hạn khác nhau theo trường hợp: {list}; chọn một trường hợp, ví dụ --case {first}",
                "{code} has a time limit per case: {list}; choose one, e.g. --case {first}"
            ))
        }
        Some(w) if ids.is_empty() => bail!(crate::tr!(
            "{code} không chia trường hợp (không có `cases`); bỏ --case {w}",
            "{code} has no cases (no `cases`); leave out --case {w}"
        )),
        Some(w) => match ids.iter().position(|id| same_id(id, w)) {
            Some(i) => Ok(Some((i, ids[i].clone()))),
            None => {
                let list = listed();
                bail!(crate::tr!(
                    "{code} không có trường hợp \"{w}\"; các trường hợp: {list}",
                    "{code} has no case \"{w}\"; its cases: {list}"
                ))
            }
        },
    }
}

/// The document with this code, or the procedure in force for this TTHC code. A file named
/// after the code is read first: an answer for the counter should not wait for the whole QMS.
fn find(ws: &mut Workspace, paths: &[PathBuf], code: &str) -> Option<Document> {
    let is = |d: &Document| {
        d.code_str() == code
            || (d.kind() == Some(Kind::Procedure)
                && d.status
                    .as_ref()
                    .is_some_and(|s| s.value == Status::InForce)
                && d.tthc.as_ref().is_some_and(|t| t.value.trim() == code))
    };
    let named = |p: &PathBuf| p.file_stem().is_some_and(|s| s == code);
    let (first, rest): (Vec<PathBuf>, Vec<PathBuf>) = paths.iter().cloned().partition(named);
    for batch in [first, rest] {
        let kept = ws.add(ws.read_documents(&batch, |d| is(d)));
        let start = ws.documents.len() - kept.len();
        if let Some(i) = kept.iter().position(|&hit| hit) {
            return Some(ws.documents.swap_remove(start + i));
        }
    }
    None
}

/// Moves `at` by a duration: working time on the calendar, calendar time on the clock.
fn advance(cal: &Calendar, at: Instant, d: Duration) -> Result<Instant> {
    Ok(match d.basis {
        Basis::Working => cal.add_working(at, d.minutes)?,
        Basis::Calendar => {
            let total = u64::from(at.minute) + d.minutes;
            let days = i32::try_from(total / CALENDAR_DAY_MINUTES).unwrap_or(i32::MAX);
            Instant {
                day: at.day.plus(days),
                minute: (total % CALENDAR_DAY_MINUTES) as u16,
            }
        }
    })
}

fn compute(
    cal: &Calendar,
    rules: &TimeRules,
    doc: &Document,
    case: Option<(usize, String)>,
    received: Instant,
) -> Result<Answer> {
    let start = cal.received(received)?;
    let limit = match &case {
        Some((i, _)) => doc.cases()[*i].time_limit.as_ref(),
        None => doc.time_limit.as_ref(),
    };
    let due = match limit.and_then(|f| rules.limit(f.value?)) {
        Some(d) => Some(advance(cal, start, d)?.iso()),
        None => None,
    };
    let names = doc.step_names();
    let mut at = start;
    let mut steps = Vec::new();
    let in_case = |s: &crate::model::Step| case.as_ref().is_none_or(|(_, id)| s.in_case(id));
    for (i, s) in doc.steps().iter().enumerate().filter(|(_, s)| in_case(s)) {
        let time = s.time.as_ref();
        let d = time.and_then(|f| rules.step(f.value?));
        let due = match d {
            Some(d) if d.minutes > 0 => {
                at = advance(cal, at, d)?;
                Some(at.iso())
            }
            _ => None,
        };
        steps.push(StepDue {
            step: names.get(i).cloned().unwrap_or_default(),
            what: s
                .task
                .as_ref()
                .or(s.what.as_ref())
                .map_or(String::new(), |w| w.value.clone()),
            time: time.map_or(String::new(), |t| t.text.value.clone()),
            due,
        });
    }
    Ok(Answer {
        code: doc.code_str().to_string(),
        title: doc.title_str().to_string(),
        case: case.map(|(_, id)| id),
        received: received.iso(),
        start: start.iso(),
        time_limit: limit.map(|f| f.text.value.clone()),
        due,
        steps,
    })
}

/// "15:10 ngày 29/12/2026 (Thứ Ba)" from "2026-12-29T15:10".
fn show_iso(iso: &str) -> String {
    let Some((d, t)) = iso.split_once('T') else {
        return iso.to_string();
    };
    let (Some(date), Some(m)) = (Date::parse(d), hours::parse_clock(t)) else {
        return iso.to_string();
    };
    let day = Day::of(date);
    let at = Instant { day, minute: m };
    format!("{} ({})", at.show(), day.weekday().name())
}

fn print(out: &mut dyn Write, a: &Answer, received: Instant, cal: &Calendar) -> Result<()> {
    writeln!(out, "{} {}", a.code, a.title)?;
    let label = |vi, en| tr(vi, en);
    if let Some(case) = &a.case {
        writeln!(out, "{}: {case}", label("Trường hợp", "Case"))?;
    }
    writeln!(
        out,
        "{}: {}",
        label("Nhận hồ sơ", "Received"),
        show_iso(&received.iso())
    )?;
    if a.start != a.received {
        writeln!(
            out,
            "{}: {}",
            label("Bắt đầu tính", "Counting from"),
            show_iso(&a.start)
        )?;
    }
    let lim = a.time_limit.as_deref().unwrap_or("—");
    match &a.due {
        Some(d) => writeln!(
            out,
            "{}: {}  ({lim})",
            label("Hẹn trả kết quả", "Due back"),
            show_iso(d)
        )?,
        None => writeln!(out, "{}: —  ({lim})", label("Hẹn trả kết quả", "Due back"))?,
    }
    if !a.steps.is_empty() {
        let sheet = label(
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "Control sheet of the file's handling",
        );
        writeln!(out, "\n{sheet}:")?;
    }
    for s in &a.steps {
        let due = s.due.as_deref().map_or_else(|| "—".to_string(), show_iso);
        writeln!(out, "  {:>4}. {}  [{}]  → {due}", s.step, s.what, s.time)?;
    }
    if let Some(c) = cal.hours.cutoff {
        let c = hours::show_clock(c);
        let note = crate::tr!(
            "Hồ sơ nhận sau {c} được tính từ ngày làm việc tiếp theo.",
            "Files received after {c} count from the next working day."
        );
        writeln!(out, "\n{note}")?;
    }
    Ok(())
}

/// "2026-12-29 15:10", "29/12/2026 15:10", "2026-12-29T15:10", or a date alone (at the
/// opening hour).
fn parse_moment(s: &str, opening: u16) -> Result<Instant> {
    let s = s.trim();
    let (d, t) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = Date::parse(d);
    let minute = match t {
        Some(t) => hours::parse_clock(t),
        None => Some(opening),
    };
    let (Some(date), Some(minute)) = (date, minute) else {
        bail!(crate::tr!(
            "không đọc được thời điểm \"{s}\"; ghi \"2026-12-29 15:10\" hoặc \"29/12/2026 15:10\"",
            "cannot read the moment \"{s}\"; write \"2026-12-29 15:10\" or \"29/12/2026 15:10\""
        ));
    };
    Ok(Instant {
        day: Day::of(date),
        minute,
    })
}

/// Now, in Vietnam (UTC+7).
fn now() -> Instant {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 7 * 3600;
    Instant {
        // 2440588 is the Julian day of 1 January 1970.
        day: Day(2_440_588 + i32::try_from(secs / 86_400).unwrap_or(0)),
        minute: ((secs % 86_400) / 60) as u16,
    }
}

/// One document's periodic review, as `due --reviews` lists it.
#[derive(serde::Serialize)]
struct ReviewRow {
    code: String,
    title: String,
    last_review: String,
    every_months: u32,
    next_review: String,
    /// Days until the review is due; negative when it is late.
    days_left: i32,
}

/// `due --reviews`: every document with a periodic review, soonest first.
fn reviews(root: &std::path::Path, args: &Args) -> Result<u8> {
    let as_of = super::as_of(args.as_of.as_deref())?;
    let ws = Workspace::load(root);
    let mut rows: Vec<ReviewRow> = ws
        .documents
        .iter()
        .filter_map(|d| {
            let r = d.review(&ws.config.compliance)?;
            Some(ReviewRow {
                code: d.code_str().to_string(),
                title: d.title_str().to_string(),
                last_review: r.last.to_string(),
                every_months: r.every.months,
                next_review: r.next.to_string(),
                days_left: as_of.days_until(r.next),
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.days_left, &a.code).cmp(&(b.days_left, &b.code)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Human if rows.is_empty() => writeln!(
            out,
            "{}",
            tr(
                "Không tài liệu nào có chu kỳ soát xét (review_every trong tài liệu hoặc compliance.review_every trong qms.yaml).",
                "No document has a review period (review_every in the document or compliance.review_every in qms.yaml)."
            )
        )?,
        Format::Human => {
            for r in &rows {
                let next = Date::parse(&r.next_review).map_or(String::new(), |d| d.vn_short());
                let state = match r.days_left {
                    d if d < 0 => crate::tr!("quá hạn {} ngày", "{} days late", -d),
                    d => crate::tr!("còn {d} ngày", "{d} days left"),
                };
                writeln!(out, "{:<12} {next}  {state:<16} {}", r.code, r.title)?;
            }
        }
    }
    out.flush()?;
    Ok(OK)
}
