//! `qmsdoc render`: documents to PDF (a decision in the Decree 30 layout, procedures and other
//! documents with their cover and change-tracking pages), one, several or all of them, and the
//! document register.

use super::error::{Result, bail};
use super::{FAILURE, FINDINGS, Global, OK};
use crate::diag::Severity;
use crate::i18n::tr;
use crate::model::{Document, Status};
use crate::pdf;
use crate::source::shown;
use crate::workspace::Workspace;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "FILE|CODE", help = tr(
        "Tài liệu cần in: đường dẫn tệp .md hoặc mã (QT-HT-01)",
        "Documents to render: a .md path or a code (QT-HT-01)"
    ))]
    targets: Vec<String>,
    #[arg(long, help = tr(
        "In mọi tài liệu đang hiệu lực và danh mục tài liệu",
        "Render every document in force and the document register"
    ))]
    all: bool,
    #[arg(long, help = tr("In danh mục tài liệu", "Render the document register"))]
    register: bool,
    #[arg(short, long, value_name = "PATH", help = tr(
        "Thư mục ra (mặc định: out), hoặc tệp .pdf khi in một tài liệu",
        "Output folder (default: out), or a .pdf file for one document"
    ))]
    output: Option<PathBuf>,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
}

/// Where a PDF was written and its page count, or why it was not.
type Outcome = Result<(PathBuf, usize), String>;

/// One PDF to make.
enum Job<'w> {
    Doc(&'w Document),
    Register,
}

pub(super) fn run(mut args: Args, g: &Global) -> Result<u8> {
    // A folder given as a target is the QMS (`render --all docs-example`); a file given as
    // the target also tells where the QMS is.
    if let Some(i) = args.targets.iter().position(|t| Path::new(t).is_dir()) {
        args.root = PathBuf::from(args.targets.remove(i));
    }
    let start = match args.targets.first() {
        Some(t) if args.root == Path::new(".") && Path::new(t).exists() => PathBuf::from(t),
        _ => args.root.clone(),
    };
    let root = super::root_of(&start, g)?;
    let ws = Workspace::load(&root);
    let jobs = jobs_of(&args, &ws)?;
    // A document that failed to parse is not rendered: its findings say why.
    let broken: Vec<_> = ws
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule.code.starts_with('F'))
        .collect();
    for f in &broken {
        eprintln!("{}: {} [{}]", shown(f.path()), f.message, f.rule.code);
    }

    let single_file = jobs.len() == 1
        && args
            .output
            .as_ref()
            .is_some_and(|o| o.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    let out_dir = output_dir(&args, single_file)?;
    let bar = progress(jobs.len());
    let results: Vec<(String, Outcome)> = jobs
        .par_iter()
        .map(|job| {
            let (name, result) = match job {
                Job::Doc(d) => (d.code_str().trim().to_string(), render_doc(&ws, d)),
                Job::Register => ("danh-muc-tai-lieu".to_string(), render_register(&ws)),
            };
            let path = match (&args.output, single_file) {
                (Some(o), true) => o.clone(),
                _ => out_dir.join(format!("{}.pdf", file_name(&name))),
            };
            let written = result.and_then(|r| {
                crate::fsutil::write_atomic(&path, &r.bytes)
                    .map(|()| (path.clone(), r.pages))
                    .map_err(|e| format!("{}: {e}", path.display()))
            });
            bar.inc(1);
            (name, written)
        })
        .collect();
    bar.finish_and_clear();
    report(&results, broken.is_empty())
}

/// A record of keeping the QMS (an audit report, a review…): rendered when named, but not
/// with `--all` nor listed in the register of documents, which are for posting.
fn is_qms_record(d: &Document) -> bool {
    d.kind().is_some_and(|k| !k.is_revised())
}

/// What to render: the targets, every document in force (`--all`), the register.
fn jobs_of<'w>(args: &Args, ws: &'w Workspace) -> Result<Vec<Job<'w>>> {
    let mut jobs: Vec<Job> = Vec::new();
    for t in &args.targets {
        jobs.push(Job::Doc(find(ws, t)?));
    }
    if args.all {
        jobs.extend(
            ws.documents
                .iter()
                .filter(|d| d.status.as_ref().map(|s| s.value) == Some(Status::InForce))
                .filter(|d| !is_qms_record(d))
                .map(Job::Doc),
        );
    }
    if args.all || args.register {
        jobs.push(Job::Register);
    }
    if jobs.is_empty() {
        bail!(tr(
            "chưa nói in gì: cho một tệp, một mã tài liệu, --all hoặc --register",
            "nothing to render: give a file, a document code, --all or --register"
        ));
    }
    Ok(jobs)
}

/// The folder the PDFs go to (made if missing): the one given, that of the one PDF, `out`.
fn output_dir(args: &Args, single_file: bool) -> Result<PathBuf> {
    let out_dir = match (&args.output, single_file) {
        (Some(o), true) => o.parent().map(Path::to_path_buf).unwrap_or_default(),
        (Some(o), false) => o.clone(),
        (None, _) => PathBuf::from("out"),
    };
    if !out_dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&out_dir).map_err(|e| {
            super::error::Error::msg(crate::tr!(
                "không tạo được thư mục {}: {e}",
                "cannot create the folder {}: {e}",
                out_dir.display()
            ))
        })?;
    }

    Ok(out_dir)
}

/// The register of the documents in force, as of the latest effective date.
fn render_register(ws: &Workspace) -> Result<pdf::Rendered, String> {
    let agency = ws
        .config
        .agency
        .name
        .as_ref()
        .map_or(String::new(), |n| n.value.clone());
    let in_force: Vec<&Document> = ws
        .documents
        .iter()
        .filter(|d| !is_qms_record(d))
        .filter(|d| {
            matches!(
                d.status.as_ref().map(|s| s.value),
                None | Some(Status::InForce)
            )
        })
        .collect();
    let latest = in_force
        .iter()
        .filter_map(|d| d.effective.as_ref().map(|e| e.value))
        .max();
    pdf::register::render(&in_force, &agency, latest).map_err(|e| e.to_string())
}

/// Where each PDF went, or why it did not; the exit code.
fn report(results: &[(String, Outcome)], clean: bool) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for (name, r) in results {
        match r {
            Ok((path, pages)) => writeln!(
                out,
                "{}",
                crate::tr!(
                    "{name}: {} ({pages} trang)",
                    "{name}: {} ({pages} pages)",
                    path.display()
                )
            )?,
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", tr("lỗi", "error"));
            }
        }
    }
    if failed > 0 {
        return Ok(FAILURE);
    }
    Ok(if clean { OK } else { FINDINGS })
}

/// A document by path or by code (codes compared without regard to case).
fn find<'w>(ws: &'w Workspace, target: &str) -> Result<&'w Document> {
    let as_path = Path::new(target);
    if as_path.exists() {
        let want = std::fs::canonicalize(as_path).ok();
        if let Some(d) = ws
            .documents
            .iter()
            .find(|d| std::fs::canonicalize(d.source.path()).ok() == want)
        {
            return Ok(d);
        }
        bail!(crate::tr!(
            "{target} không phải là tài liệu HTQLCL đọc được (chạy qmsdoc check để biết lý do)",
            "{target} is not a readable QMS document (run qmsdoc check to see why)"
        ));
    }
    ws.documents
        .iter()
        .find(|d| d.code_str().trim().eq_ignore_ascii_case(target.trim()))
        .ok_or_else(|| {
            super::error::Error::msg(crate::tr!(
                "không có tệp hay tài liệu mã \"{target}\"",
                "there is no file or document with code \"{target}\""
            ))
        })
}

fn render_doc(ws: &Workspace, d: &Document) -> Result<pdf::Rendered, String> {
    let text = std::fs::read_to_string(d.source.path())
        .map_err(|e| format!("{}: {e}", shown(d.source.path())))?;
    pdf::render_document(&ws.config, d, &text).map_err(|e| e.describe(d.source.path(), &text))
}

/// Codes are file names as they are, less characters no file system likes.
fn file_name(code: &str) -> String {
    code.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// A progress bar on a terminal; nothing otherwise (CI logs, pipes).
fn progress(len: usize) -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() && len > 1 {
        let bar = indicatif::ProgressBar::new(len as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}
