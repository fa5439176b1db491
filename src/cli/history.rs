//! `qmsdoc history CODE`: every published revision of a document.

use super::error::{Result, bail};
use super::{Format, Global, OK};
use crate::i18n::tr;
use crate::publish::history::{published, working};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "CODE", help = tr("Mã tài liệu (QT-HT-01)", "Document code (QT-HT-01)"))]
    code: String,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let qms = super::open_qms(&args.root, g)?;
    let (ws, repo) = (&qms.workspace, &qms.repo);
    let code = args.code.trim();
    let versions = published(ws, repo, code)?;
    let current = working(ws, code);
    if versions.is_empty() && current.is_none() {
        bail!(crate::tr!(
            "không có tài liệu mã \"{code}\"",
            "there is no document with code \"{code}\""
        ));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &versions)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(OK);
    }
    if versions.is_empty() {
        writeln!(
            out,
            "{}",
            crate::tr!("{code}: chưa công bố lần nào.", "{code}: never published.")
        )?;
    }
    for v in &versions {
        let tag = v.tag.as_deref().unwrap_or("");
        let commit = v.commit.as_deref().map_or("", |c| &c[..8.min(c.len())]);
        let eff = v.effective.as_deref().unwrap_or("—");
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Lần ban hành {}  hiệu lực {eff}  ({tag}, commit {commit})",
                "Revision {}  effective {eff}  ({tag}, commit {commit})",
                v.revision
            )
        )?;
        if let Some(line) = v.decision.lines().next().filter(|l| !l.is_empty()) {
            writeln!(out, "  {}: {line}", tr("Quyết định", "Decision"))?;
        }
        if let Some(c) = &v.changes {
            writeln!(out, "  {}: {c}", tr("Nội dung sửa đổi", "Changes"))?;
        }
        writeln!(out, "  {}: {}", tr("Tệp", "File"), v.path.display())?;
    }
    if let (Some(cur), Some(last)) = (&current, versions.last())
        && crate::publish::plan::fingerprint(&cur.text)
            != crate::publish::plan::fingerprint(&last.text)
    {
        writeln!(
            out,
            "\n{}",
            crate::tr!(
                "Bản trong thư mục làm việc đã sửa đổi so với lần công bố gần nhất (xem: qmsdoc diff {code}).",
                "The work tree version has changed since the last publication (see: qmsdoc diff {code})."
            )
        )?;
    }
    out.flush()?;
    Ok(OK)
}
