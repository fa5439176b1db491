//! `qmsdoc export FORMAT`: the procedures as workflows for other software (the one-stop
//! software's exchange format, a workflow standard). Every format takes the same selection
//! of procedures; each writes its output whole or not at all.

use super::error::{Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::model::Document;
use crate::workflow::Workflow;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: ExportFormat,
}

#[derive(clap::Subcommand)]
enum ExportFormat {
    #[command(about = tr(
        "Tệp zip trao đổi quy trình của OpenCPS (processes/, services/, WorkingTime.xml, Holiday.xml)",
        "OpenCPS's process exchange zip (processes/, services/, WorkingTime.xml, Holiday.xml)"
    ))]
    Opencps(OpencpsArgs),
    #[command(about = tr(
        "Mỗi quy trình một tệp BPMN 2.0 (làn theo đơn vị, hẹn giờ theo thời gian từng bước, sơ đồ BPMN DI)",
        "One BPMN 2.0 file per procedure (a lane per unit, a timer per step's time, BPMN DI diagram)"
    ))]
    Bpmn(BpmnArgs),
}

/// The procedures to export, as every format takes them.
#[derive(clap::Args)]
pub(super) struct Selection {
    #[arg(value_name = "CODE", help = tr(
        "Mã quy trình (QT-01) hoặc mã TTHC (1.001193) [mặc định: mọi quy trình TTHC có bảng các bước]",
        "Procedure code (QT-01) or TTHC code (1.001193) [default: every TTHC procedure with a step table]"
    ))]
    codes: Vec<String>,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
}

#[derive(clap::Args)]
struct OpencpsArgs {
    #[command(flatten)]
    selection: Selection,
    #[arg(short, long, value_name = "FILE.zip", help = tr(
        "Tệp zip cần ghi (ghi trọn vẹn hoặc không ghi gì)",
        "The zip file to write (written whole or not at all)"
    ))]
    output: PathBuf,
}

#[derive(clap::Args)]
struct BpmnArgs {
    #[command(flatten)]
    selection: Selection,
    #[arg(short, long, value_name = "DIR", help = tr(
        "Thư mục ghi các tệp <mã>.bpmn (ghi trọn vẹn hoặc không ghi gì)",
        "The folder to write the <code>.bpmn files to (written whole or not at all)"
    ))]
    output: PathBuf,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    match args.format {
        ExportFormat::Opencps(a) => opencps(a, g),
        ExportFormat::Bpmn(a) => bpmn(a, g),
    }
}

/// One file per procedure, all written or none.
fn bpmn(args: BpmnArgs, g: &Global) -> Result<u8> {
    let ws = args.selection.load(g)?;
    let chosen = args.selection.workflows(&ws)?;
    let qms = ws.config.time_rules();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(chosen.len());
    for (doc, w) in &chosen {
        let name = crate::workflow::bpmn::file_name(&w.code);
        if files.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            let code = &w.code;
            bail!(crate::tr!(
                "hai quy trình cùng ghi vào tệp {name} (mã {code} trùng): hãy sửa mã quy trình",
                "two procedures would be written to {name} (code {code} twice): fix the procedure codes"
            ));
        }
        let xml = crate::workflow::bpmn::write(w, &doc.time_rules(qms));
        files.push((name, xml.into_bytes()));
    }
    crate::fsutil::write_dir_atomic(&args.output, &files).map_err(|e| {
        let p = args.output.display();
        super::error::Error::msg(crate::tr!(
            "không ghi được {p}: {e}",
            "cannot write {p}: {e}"
        ))
    })?;
    let (n, out) = (files.len(), args.output.display());
    eprintln!(
        "{}",
        crate::tr!(
            "Đã ghi {n} quy trình BPMN vào {out}",
            "Wrote {n} BPMN processes to {out}"
        )
    );
    Ok(OK)
}

fn opencps(args: OpencpsArgs, g: &Global) -> Result<u8> {
    let ws = args.selection.load(g)?;
    let chosen = args.selection.workflows(&ws)?;
    let workflows: Vec<Workflow> = chosen.into_iter().map(|(_, w)| w).collect();
    let rules = ws.config.time_rules();
    let folder = args
        .output
        .file_stem()
        .map_or_else(|| "opencps".into(), |s| s.to_string_lossy().into_owned());
    let bytes = crate::workflow::opencps::export(&crate::workflow::opencps::Export {
        workflows: &workflows,
        mapping: &ws.config.opencps,
        rules: &rules,
        calendar: &ws.calendar,
        rest: ws.config.calendar.rest(),
        folder: &folder,
    })?;
    write_output(&args.output, &bytes)?;
    let (n, out) = (workflows.len(), args.output.display());
    eprintln!(
        "{}",
        crate::tr!(
            "Đã ghi {n} quy trình vào {out}",
            "Wrote {n} procedures to {out}"
        )
    );
    Ok(OK)
}

/// Writes the file whole (a temporary file renamed over it).
pub(super) fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::fsutil::write_atomic(path, bytes).map_err(|e| {
        let p = path.display();
        super::error::Error::msg(crate::tr!(
            "không ghi được {p}: {e}",
            "cannot write {p}: {e}"
        ))
    })
}

impl Selection {
    /// The QMS, loaded.
    pub(super) fn load(&self, g: &Global) -> Result<Workspace> {
        let root = super::root_of(&self.root, g)?;
        Ok(Workspace::load(&root))
    }

    pub(super) fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The chosen procedures and their workflows: those named (by procedure or TTHC code),
    /// else every TTHC procedure with a step table (the one-stop software serves TTHCs). A
    /// code that names nothing, or a procedure without steps, is an error.
    pub(super) fn workflows<'w>(&self, ws: &'w Workspace) -> Result<Vec<(&'w Document, Workflow)>> {
        let qms = ws.config.time_rules();
        let docs: Vec<&Document> = if self.codes.is_empty() {
            let all: Vec<&Document> = ws
                .documents
                .iter()
                .filter(|d| !d.steps().is_empty() && d.tthc.is_some())
                .collect();
            if all.is_empty() {
                let shown = ws.root.display();
                bail!(crate::tr!(
                    "\"{shown}\" không có quy trình TTHC nào có bảng các bước (steps)",
                    "\"{shown}\" has no TTHC procedure with a step table (steps)"
                ));
            }
            all
        } else {
            self.codes
                .iter()
                .map(|c| find(ws, c))
                .collect::<Result<_>>()?
        };
        let mut out = Vec::with_capacity(docs.len());
        for d in docs {
            let all = Workflow::of_document(d, &d.time_rules(qms))?;
            out.extend(all.into_iter().map(|w| (d, w)));
        }
        Ok(out)
    }
}

/// A procedure by its code or its TTHC code (either case).
fn find<'w>(ws: &'w Workspace, code: &str) -> Result<&'w Document> {
    let code = code.trim();
    let hit = ws.documents.iter().find(|d| {
        d.code_str().trim().eq_ignore_ascii_case(code)
            || d.tthc.as_ref().is_some_and(|t| t.value.trim() == code)
    });
    match hit {
        Some(d) => Ok(d),
        None => bail!(crate::tr!(
            "không có quy trình mã \"{code}\" (mã quy trình hoặc mã TTHC)",
            "there is no procedure \"{code}\" (procedure or TTHC code)"
        )),
    }
}
