//! `qmsdoc compare --opencps BACKUP.zip` or `--bpmn DIR`: the workflows configured in the one-stop software
//! against the published procedures, per TTHC, reported like `check` (rules E001–E009).

use super::Global;
use super::error::Result;
use super::export::Selection;
use crate::diag::{Draft, Finding};
use crate::i18n::tr;
use crate::model::Document;
use crate::report::Summary;
use crate::workflow::Workflow;
use crate::workflow::compare::{self, Configured};
use crate::workflow::findings::{self, Sides};
use crate::workspace::Workspace;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["opencps", "bpmn"])))]
pub struct Args {
    #[command(flatten)]
    selection: Selection,
    #[arg(long, value_name = "BACKUP.zip", help = tr(
        "Bản sao lưu quy trình của OpenCPS (tệp zip có thư mục processes/)",
        "OpenCPS's process backup (a zip with a processes/ folder)"
    ))]
    opencps: Option<PathBuf>,
    #[arg(long, value_name = "DIR", help = tr(
        "Thư mục các tệp BPMN 2.0 (*.bpmn) của quy trình điện tử, hoặc một tệp",
        "A folder of the workflows' BPMN 2.0 files (*.bpmn), or one file"
    ))]
    bpmn: Option<PathBuf>,
    #[command(flatten)]
    report: super::check::ReportArgs,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let ws = args.selection.load(g)?;
    let configured = configured(&args, &ws)?;
    let mut chosen = args.selection.workflows(&ws)?;
    for (_, w) in &mut chosen {
        w.map_roles(&ws.config.opencps);
    }
    let everything = args.selection.codes().is_empty();
    let drafts = differences(&ws, &chosen, &configured, &origin(&args), everything);
    let mut found: Vec<Finding> = drafts
        .into_iter()
        .filter_map(|(doc, d)| ws.config.settle(d, doc.map_or(&[][..], |d| &d.rules)))
        .collect();
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let summary = Summary::compared(ws.files, chosen.len(), &found);
    args.report.finish(&found, &summary, g)
}

/// The workflows of the one-stop software, from the file given.
fn configured(args: &Args, ws: &Workspace) -> Result<Vec<Configured>> {
    if let Some(dir) = &args.bpmn {
        return Ok(crate::workflow::bpmn::read_dir(
            dir,
            &ws.config.time_rules(),
        )?);
    }
    let day_minutes = ws.config.time_rules().day_minutes;
    match &args.opencps {
        Some(zip) => Ok(crate::workflow::opencps::read(zip, day_minutes)?),
        None => Ok(Vec::new()),
    }
}

/// A draft and the procedure it is about (whose own `rules:` apply).
type Located<'w> = (Option<&'w Document>, Draft);

/// Every difference of the chosen procedures; workflows that match none are reported only
/// when every procedure was chosen.
fn differences<'w>(
    ws: &'w Workspace,
    chosen: &[(&'w Document, Workflow)],
    configured: &[Configured],
    origin: &str,
    everything: bool,
) -> Vec<Located<'w>> {
    let matches = matching(chosen, configured);
    let mut used = vec![false; configured.len()];
    let mut out = Vec::new();
    let qms = ws.config.time_rules();
    for ((doc, published), found) in chosen.iter().zip(matches) {
        let rules = doc.time_rules(qms);
        let Some(i) = found else {
            if published.tthc.is_some() {
                out.push((Some(*doc), findings::not_configured(doc, published, origin)));
            }
            continue;
        };
        used[i] = true;
        let sides = Sides {
            doc,
            published,
            configured: &configured[i],
            rules: &rules,
        };
        for d in compare::compare(published, &configured[i].workflow, &rules) {
            out.push((Some(*doc), findings::draft(&sides, &d)));
        }
    }
    if everything {
        for (c, _) in configured.iter().zip(&used).filter(|(_, u)| !**u) {
            out.push((None, findings::unknown(c)));
        }
    }
    out
}

/// The configured workflow of a procedure: the same code, else one serving its TTHC.
/// The configured workflow of each published one: the one with its code, else the first
/// one left that serves its TTHC (a workflow of the software keeps its own code).
fn matching(chosen: &[(&Document, Workflow)], configured: &[Configured]) -> Vec<Option<usize>> {
    let mut taken = vec![false; configured.len()];
    let mut out: Vec<Option<usize>> = chosen
        .iter()
        .map(|(_, w)| {
            let code = w.code.trim();
            let i = configured
                .iter()
                .position(|c| c.workflow.code.trim().eq_ignore_ascii_case(code))?;
            taken[i] = true;
            Some(i)
        })
        .collect();
    for ((_, w), found) in chosen.iter().zip(&mut out) {
        let Some(tthc) = w.tthc.as_deref().map(str::trim).filter(|_| found.is_none()) else {
            continue;
        };
        *found = (0..configured.len())
            .find(|&i| !taken[i] && configured[i].services.iter().any(|s| s.trim() == tthc));
        if let Some(i) = *found {
            taken[i] = true;
        }
    }
    out
}

fn origin(args: &Args) -> String {
    args.opencps
        .as_deref()
        .or(args.bpmn.as_deref())
        .map_or_else(
            || tr("bản sao lưu", "the backup").to_string(),
            crate::source::shown,
        )
}
