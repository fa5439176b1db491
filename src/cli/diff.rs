//! `qmsdoc diff CODE [--from REV] [--to REV]`: what changed between two published revisions
//! (or the last one and the work tree), for a person: fields by name, the body as text.

use super::error::{Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::publish::history::{Version, body_diff, field_changes, published, working};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "CODE", help = tr("Mã tài liệu (QT-HT-01)", "Document code (QT-HT-01)"))]
    code: String,
    #[arg(long, value_name = "REV", help = tr("Từ lần ban hành [mặc định: lần trước của --to]", "From revision [default: the one before --to]"))]
    from: Option<i64>,
    #[arg(long, value_name = "REV", help = tr("Đến lần ban hành [mặc định: bản đang làm việc nếu đã sửa, nếu không là lần công bố cuối]", "To revision [default: the work tree if edited, else the last published]"))]
    to: Option<i64>,
    #[arg(long, value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: PathBuf,
}

fn name(v: &Version) -> String {
    match &v.tag {
        Some(t) => crate::tr!("lần ban hành {} ({t})", "revision {} ({t})", v.revision),
        None => tr("bản đang làm việc", "the work tree").to_string(),
    }
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let qms = super::open_qms(&args.root, g)?;
    let (ws, repo) = (&qms.workspace, &qms.repo);
    let code = args.code.trim();
    let mut versions = published(ws, repo, code)?;
    if let Some(cur) = working(ws, code) {
        let edited = versions.last().is_none_or(|l| {
            crate::publish::plan::fingerprint(&l.text)
                != crate::publish::plan::fingerprint(&cur.text)
        });
        if edited {
            versions.push(cur);
        }
    }
    let find = |rev: i64| {
        versions
            .iter()
            .position(|v| v.tag.is_some() && v.revision == rev)
    };
    let to = match args.to {
        Some(r) => find(r).ok_or_else(|| unknown(code, r, &versions))?,
        None if versions.is_empty() => bail!(crate::tr!(
            "không có tài liệu mã \"{code}\"",
            "there is no document with code \"{code}\""
        )),
        None => versions.len() - 1,
    };
    let from = match args.from {
        Some(r) => find(r).ok_or_else(|| unknown(code, r, &versions))?,
        None if to == 0 => {
            // Nothing to compare is an answer, not a usage error.
            println!(
                "{}",
                crate::tr!(
                    "{code} mới có một phiên bản, {}: chưa có gì để so sánh",
                    "{code} has a single version so far, {}: nothing to compare yet",
                    name(&versions[0])
                )
            );
            return Ok(OK);
        }
        None => to - 1,
    };
    let (a, b) = (&versions[from], &versions[to]);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "{code}: {} → {}", name(a), name(b))?;
    let fields = field_changes(&a.text, &b.text);
    if a.path != b.path {
        writeln!(
            out,
            "{}: {} → {}",
            tr("Tệp", "File"),
            a.path.display(),
            b.path.display()
        )?;
    }
    if !fields.is_empty() {
        writeln!(out, "\n{}:", tr("Các trường thay đổi", "Fields changed"))?;
        let empty = tr("(trống)", "(empty)");
        for f in &fields {
            let before = f.before.as_deref().unwrap_or(empty);
            let after = f.after.as_deref().unwrap_or(empty);
            writeln!(out, "  {}: \"{before}\" → \"{after}\"", f.label)?;
        }
    }
    let body = body_diff(&a.text, &b.text);
    if !body.is_empty() {
        writeln!(out, "\n{}:", tr("Nội dung", "Body"))?;
        for (sign, line) in &body {
            writeln!(out, "  {sign} {line}")?;
        }
    }
    if fields.is_empty() && body.is_empty() {
        writeln!(out, "{}", tr("Không có khác biệt.", "No difference."))?;
    }
    out.flush()?;
    Ok(OK)
}

fn unknown(code: &str, rev: i64, versions: &[Version]) -> super::error::Error {
    let known: Vec<String> = versions
        .iter()
        .filter(|v| v.tag.is_some())
        .map(|v| v.revision.to_string())
        .collect();
    let known = known.join(", ");
    super::error::Error::msg(crate::tr!(
        "{code} không có lần ban hành {rev} đã công bố; các lần đã công bố: {known}",
        "{code} has no published revision {rev}; published revisions: {known}"
    ))
}
