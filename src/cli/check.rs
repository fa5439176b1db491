//! `qmsdoc check`: validate the QMS and report the findings.

use super::error::{Result, bail};
use super::{FINDINGS, Global, OK};
use crate::diag::{Finding, Severity};
use crate::i18n::tr;
use crate::report::{self, Format, Summary};
use crate::workspace::Workspace;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "PATH", help = tr(
        "Thư mục HTQLCL (có qms.yaml) hoặc tệp cần kiểm tra [mặc định: .]",
        "QMS folder (holding qms.yaml) or files to check [default: .]"
    ))]
    paths: Vec<PathBuf>,
    #[arg(long, value_name = "DIR", help = tr(
        "Thư mục HTQLCL [mặc định: thư mục của PATH, hoặc thư mục hiện tại]",
        "QMS folder [default: that of PATH, or the current folder]"
    ))]
    root: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    #[arg(long, help = tr(
        "Liệt kê tài liệu thay đổi từ lần công bố trước (đọc git; quy tắc P001)",
        "List documents changed since the last publication (reads git; rule P001)"
    ))]
    pending: bool,
    #[arg(long, value_name = "DATE", env = "QMSDOC_AS_OF", help = tr(
        "Ngày tính các thời hạn (cập nhật văn bản, đánh giá nội bộ, xem xét của lãnh đạo, mục tiêu, hành động khắc phục) [mặc định: hôm nay]",
        "The day the deadlines are counted to (legal updates, internal audit, management review, objectives, corrective actions) [default: today]"
    ))]
    as_of: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Deny {
    Warnings,
}

/// The report on stdout (coloured for a person); the summary line on stderr after JSON and
/// SARIF, which programs read.
fn print(format: Format, found: &[Finding], summary: &Summary, g: &Global) -> Result<()> {
    let stdout = std::io::stdout();
    if format == Format::Human {
        let mut out = anstream::AutoStream::new(stdout.lock(), g.color.stream());
        report::write(format, found, summary, &mut out)?;
        out.flush()?;
    } else {
        let mut out = std::io::BufWriter::new(stdout.lock());
        report::write(format, found, summary, &mut out)?;
        out.flush()?;
        if matches!(format, Format::Json | Format::Sarif) {
            eprintln!("{}", summary.line());
        }
    }
    Ok(())
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let root_given = args.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let paths = if args.paths.is_empty() {
        vec![root_given.clone()]
    } else {
        args.paths
    };
    for p in &paths {
        if !p.exists() {
            let shown = p.display();
            bail!(crate::tr!(
                "không tìm thấy \"{shown}\"",
                "\"{shown}\" does not exist"
            ));
        }
    }
    let root = super::root_of(args.root.as_deref().unwrap_or(&paths[0]), g)?;
    let as_of = super::as_of(args.as_of.as_deref())?;
    // `--pending` compares the documents with the last publication: it needs them whole.
    let (ws, mut findings) = if args.pending {
        let ws = Workspace::load(&root);
        let findings = crate::rules::check_at(&ws, Some(as_of));
        (ws, findings)
    } else {
        crate::rules::check_root(&root, Some(as_of))
    };
    super::before_first_publication(&ws, as_of)?;
    if ws.files == 0 {
        let shown = root.display();
        bail!(crate::tr!(
            "không có tài liệu nào (tệp .md) trong \"{shown}\"\ngợi ý: tạo HTQLCL mới bằng `qmsdoc init {shown}`",
            "there are no documents (.md files) in \"{shown}\"\nhelp: create a QMS with `qmsdoc init {shown}`"
        ));
    }
    if args.pending {
        findings.extend(pending(&ws)?);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    let scope = Scope::new(&root, &paths);
    findings.retain(|f| scope.contains(f.path()));

    let summary = Summary::new(ws.files, ws.documents.len(), &findings);
    let code = args.report.finish(&findings, &summary, g)?;
    // The process ends here: freeing tens of thousands of small allocations one by one would
    // only delay the exit.
    std::mem::forget(ws);
    std::mem::forget(findings);
    Ok(code)
}

/// How findings are reported, by `check` and `compare`.
#[derive(clap::Args)]
pub(super) struct ReportArgs {
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr(
        "Định dạng kết quả: human, json, sarif, github",
        "Output format: human, json, sarif, github"
    ))]
    format: Format,
    #[arg(long, value_name = "warnings", help = tr(
        "Coi cảnh báo là lỗi (--deny warnings)",
        "Treat warnings as errors (--deny warnings)"
    ))]
    deny: Option<Deny>,
}

impl ReportArgs {
    /// Prints the findings and the summary; returns the exit code.
    pub(super) fn finish(&self, findings: &[Finding], summary: &Summary, g: &Global) -> Result<u8> {
        print(self.format, findings, summary, g)?;
        Ok(exit_code(findings, self.deny.is_some()))
    }
}

/// P001 findings: what a re-publication would publish (the rule is in rules/publication.rs).
fn pending(ws: &Workspace) -> Result<Vec<Finding>> {
    let repo = crate::git::QmsRepo::open(&ws.root)?;
    let plan = crate::publish::plan::plan(ws, &repo)?;
    Ok(crate::rules::pending(ws, &plan))
}

/// 1 when a finding is an error (or a warning, with `--deny warnings`).
fn exit_code(findings: &[Finding], deny_warnings: bool) -> u8 {
    let failing = |f: &&Finding| {
        f.severity == Severity::Error || (deny_warnings && f.severity == Severity::Warning)
    };
    if findings.iter().any(|f| failing(&f)) {
        FINDINGS
    } else {
        OK
    }
}

/// The files and folders the user asked about: the whole QMS is always loaded (references
/// cross files), but only findings under these paths are reported.
struct Scope {
    all: bool,
    paths: Vec<PathBuf>,
}

impl Scope {
    fn new(root: &Path, paths: &[PathBuf]) -> Self {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let root = canon(root);
        let paths: Vec<PathBuf> = paths.iter().map(|p| canon(p)).collect();
        Scope {
            all: paths.contains(&root),
            paths,
        }
    }

    fn contains(&self, file: &Path) -> bool {
        if self.all {
            return true;
        }
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        self.paths.iter().any(|p| file.starts_with(p))
    }
}
