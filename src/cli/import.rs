//! `qmsdoc import FILE…`: the province's decision (.docx, HTML) into procedures and the TTHC
//! catalog; on re-import, what changed. The work is in `crate::import`; this file parses the
//! arguments, applies the plan and prints it.

use super::error::Result;
use super::{FAILURE, FINDINGS, Format, Global, OK};
use crate::i18n::tr;
use crate::import::{Item, Options, Plan};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "FILE", required = true, help = tr(
        "Quyết định của tỉnh: .docx hoặc .html (.doc, .pdf: chuyển sang .docx trước)",
        "The province's decision: .docx or .html (.doc, .pdf: convert to .docx first)"
    ))]
    files: Vec<PathBuf>,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
    #[arg(long, value_name = "MÃ,…", value_delimiter = ',', help = tr(
        "Chỉ nhập các TTHC có mã này",
        "Only the TTHC with these codes"
    ))]
    only: Vec<String>,
    #[arg(long, help = tr("Chỉ báo cáo, không ghi gì", "Report only, write nothing"))]
    dry_run: bool,
    #[arg(long, help = tr(
        "Ghi cả các bảng có lỗi (thiếu mã TTHC, tổng không khớp…)",
        "Write the tables with problems too (no TTHC code, total not matching…)"
    ))]
    force: bool,
    #[arg(long, value_name = "MẪU", help = tr(
        "Mã quy trình mới, ví dụ QT-XA-{n} hoặc QT-{tthc} [mặc định: theo mã các quy trình đã có]",
        "Code of new procedures, e.g. QT-XA-{n} or QT-{tthc} [default: as the existing procedures]"
    ))]
    code_pattern: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let root = super::root_of(&args.root, g)?;
    let opts = Options {
        files: args.files,
        root,
        only: args.only.iter().map(|c| c.trim().to_string()).collect(),
        force: args.force,
        code_pattern: args.code_pattern,
        year: super::init::current_year(),
    };
    let plan = crate::import::plan(&opts);
    if !args.dry_run {
        plan.apply()?;
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &plan)?;
            writeln!(out)?;
        }
        Format::Human => human(&mut out, &plan, args.dry_run)?,
    }
    // What the agency still has to do in the written files, on stderr in either format.
    for note in &plan.notes {
        eprintln!("{}", crate::tr!("lưu ý: {note}", "note: {note}"));
    }
    Ok(
        if plan
            .items
            .iter()
            .any(|i| matches!(i, Item::Unreadable { .. }))
        {
            FAILURE
        } else if plan.has_problems() {
            FINDINGS
        } else {
            OK
        },
    )
}

fn human(out: &mut impl Write, plan: &Plan, dry_run: bool) -> std::io::Result<()> {
    for f in &plan.files {
        let decision = f.decision.as_deref().unwrap_or("?");
        writeln!(
            out,
            "{}",
            crate::tr!(
                "{}: quyết định {decision}, {} bảng trình tự / {} bảng",
                "{}: decision {decision}, {} step tables of {} tables",
                f.file,
                f.step_tables,
                f.tables
            )
        )?;
    }
    for item in &plan.items {
        writeln!(out, "{}", line(item))?;
    }
    if !plan.catalog_added.is_empty() {
        let codes = plan.catalog_added.join(", ");
        writeln!(
            out,
            "{}",
            crate::tr!(
                "tthc/catalog.yaml: thêm {codes}",
                "tthc/catalog.yaml: added {codes}"
            )
        )?;
    }
    if dry_run {
        writeln!(
            out,
            "{}",
            tr(
                "(--dry-run: chưa ghi tệp nào)",
                "(--dry-run: nothing written)"
            )
        )?;
    }
    Ok(())
}

fn line(item: &Item) -> String {
    let tthc = |t: &Option<String>| t.as_deref().map_or(String::new(), |t| format!(" ({t})"));
    match item {
        Item::Added {
            table,
            tthc: t,
            code,
            title,
            path,
            steps,
            ..
        } => crate::tr!(
            "  thêm       {code}{}: {title} — {steps} bước, bảng {table} → {path}",
            "  added      {code}{}: {title} — {steps} steps, table {table} → {path}",
            tthc(t)
        ),
        Item::Changed {
            table,
            tthc: t,
            code,
            path,
            steps,
            ..
        } => {
            let which = if steps.is_empty() {
                tr(
                    "thời hạn, giai đoạn hoặc nguồn",
                    "time limit, phases or source",
                )
                .to_string()
            } else {
                steps.join(", ")
            };
            crate::tr!(
                "  sửa        {code}{}: {which} (bảng {table}) → {path}",
                "  changed    {code}{}: {which} (table {table}) → {path}",
                tthc(t)
            )
        }
        Item::Unchanged {
            table,
            tthc: t,
            code,
            ..
        } => crate::tr!(
            "  không đổi  {code}{} (bảng {table})",
            "  unchanged  {code}{} (table {table})",
            tthc(t)
        ),
        Item::Refused {
            file,
            table,
            heading,
            problems,
            forced,
        } => {
            let mut s = if *forced {
                crate::tr!(
                    "  ghi dù lỗi {file}, bảng {table} \"{heading}\" (--force):",
                    "  forced     {file}, table {table} \"{heading}\" (--force):"
                )
            } else {
                crate::tr!(
                    "  lỗi        {file}, bảng {table} \"{heading}\": không ghi (--force để ghi)",
                    "  error      {file}, table {table} \"{heading}\": not written (--force writes it)"
                )
            };
            for (row, msg) in problems {
                let at = row.map_or(String::new(), |r| crate::tr!("dòng {r}: ", "row {r}: "));
                s.push_str(&format!("\n             {at}{msg}"));
            }
            s
        }
        Item::Unreadable { file, message } => {
            crate::tr!(
                "  lỗi        {file}: {message}",
                "  error      {file}: {message}"
            )
        }
        Item::NotInDecision { tthc, code, path } => crate::tr!(
            "  không có trong quyết định: {code} ({tthc}) {path}",
            "  not in this decision: {code} ({tthc}) {path}"
        ),
    }
}
