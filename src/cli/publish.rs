//! `qmsdoc publish`: the publication plan — what changed since the last publication and what
//! the decision will say. It reads git and writes nothing.

use super::{Format, Global, OK};
use crate::i18n::tr;
use crate::publish::plan::{Item, Plan, plan};
use crate::workspace::Workspace;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "PATH", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    path: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
    #[arg(long, requires_all = ["number", "date"], help = tr(
        "Công bố: tăng lần ban hành, ghi lịch sử sửa đổi, tạo quyết định, commit và tag",
        "Publish: bump revisions, write the change history and the decision, commit and tag"
    ))]
    apply: bool,
    #[arg(long, value_name = "SỐ", help = tr("Số quyết định (15 hoặc 15/QĐ-UBND)", "Decision number (15 or 15/QĐ-UBND)"))]
    number: Option<String>,
    #[arg(long, value_name = "NGÀY", help = tr("Ngày quyết định (2026-03-02 hoặc 02/03/2026)", "Decision date (2026-03-02 or 02/03/2026)"))]
    date: Option<String>,
    #[arg(long, short, value_name = "NỘI DUNG", help = tr(
        "Nội dung sửa đổi ghi vào lịch sử [mặc định: tiêu đề các commit đã sửa tài liệu]",
        "Change summary for the history [default: subjects of the commits that touched the document]"
    ))]
    message: Option<String>,
    #[arg(long, requires = "apply", conflicts_with = "message", help = tr(
        "Sửa nội dung sửa đổi đề xuất của từng tài liệu trong trình soạn thảo ($VISUAL, $EDITOR)",
        "Edit the proposed change summary of each document in an editor ($VISUAL, $EDITOR)"
    ))]
    edit: bool,
    /// The head of the agency's key: the decision is signed when one is given.
    #[command(flatten)]
    keys: super::keys::KeyArgs,
    #[arg(long, value_name = "ẢNH.png", requires = "apply", help = tr(
        "Ảnh chữ ký người ký (PNG nền trong suốt) [mặc định: agency.signature_image trong qms.yaml]",
        "The signer's signature image (PNG, transparent) [default: agency.signature_image in qms.yaml]"
    ))]
    signature_image: Option<PathBuf>,
    #[arg(long, value_name = "ẢNH.png", requires = "apply", help = tr(
        "Ảnh con dấu (PNG nền trong suốt) [mặc định: agency.seal_image trong qms.yaml]",
        "The seal image (PNG, transparent) [default: agency.seal_image in qms.yaml]"
    ))]
    seal_image: Option<PathBuf>,
}

/// Loads the QMS at `path` and computes its plan.
pub fn load_plan(path: &std::path::Path, g: &Global) -> Result<(Workspace, Plan)> {
    let (ws, repo) = super::open_repo(path, g)?;
    let plan = plan(&ws, &repo)?;
    Ok((ws, plan))
}

pub fn run(args: Args, g: &Global) -> Result<u8> {
    if args.apply {
        return apply(&args, g);
    }
    if args.keys.source().is_some() {
        anyhow::bail!(tr(
            "khóa ký chỉ dùng khi công bố: thêm --apply --number … --date …",
            "a signing key is only used when publishing: add --apply --number … --date …"
        ));
    }
    let (_ws, plan) = load_plan(&args.path, g)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &plan)?;
            writeln!(out)?;
        }
        Format::Human => write_human(&plan, &mut out)?,
    }
    out.flush()?;
    Ok(OK)
}

/// Opens the proposed change summaries ("CODE: summary" lines) in the user's editor and reads
/// them back; a line removed or left empty cancels the publication.
fn edit_in_editor(items: &mut [(String, String)]) -> std::result::Result<(), String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    let path = std::env::temp_dir().join(format!("qmsdoc-sua-doi-{}.txt", std::process::id()));
    let mut text = String::from(tr(
        "# Nội dung sửa đổi ghi vào lịch sử của từng tài liệu, mỗi dòng \"MÃ: nội dung\".\n\
         # Dòng bắt đầu bằng # bị bỏ qua. Lưu và đóng trình soạn thảo để tiếp tục.\n",
        "# The change summary written into each document's history, one \"CODE: summary\" line each\n\
         # (in Vietnamese: it goes into the documents). Lines starting with # are ignored.\n",
    ));
    for (code, summary) in items.iter() {
        text.push_str(&format!("{code}: {summary}\n"));
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let edited = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => {}
        _ => {
            return Err(crate::tr!(
                "trình soạn thảo \"{editor}\" không chạy được hoặc thoát với lỗi: đã hủy công bố",
                "the editor \"{editor}\" failed to run or exited with an error: publish cancelled"
            ));
        }
    }
    let edited = edited.map_err(|e| e.to_string())?;
    let mut given: std::collections::BTreeMap<String, String> = Default::default();
    for line in edited.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((code, summary)) = line.split_once(':') {
            given.insert(code.trim().to_string(), summary.trim().to_string());
        }
    }
    for (code, summary) in items.iter_mut() {
        match given.get(code.as_str()) {
            Some(s) if !s.is_empty() => *summary = crate::text::nfc(s).into_owned(),
            _ => {
                return Err(crate::tr!(
                    "chưa có nội dung sửa đổi cho {code}: đã hủy công bố",
                    "no change summary for {code}: publish cancelled"
                ));
            }
        }
    }
    Ok(())
}

/// The visible signature of the decision: the images from the command line or qms.yaml (paths
/// relative to the QMS root), the agency's place as the location.
fn sign_options(args: &Args, root: &std::path::Path) -> Result<crate::sign::SignOptions> {
    let ws_config = crate::workspace::Workspace::load_config(root);
    let agency = &ws_config.agency;
    let image = |given: &Option<PathBuf>, configured: &Option<crate::model::Sp<String>>| {
        let path = match (given, configured) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(c)) => Some(root.join(&c.value)),
            (None, None) => None,
        };
        path.map(|p| {
            std::fs::read(&p).map_err(|e| {
                anyhow::anyhow!(crate::tr!(
                    "không đọc được ảnh \"{}\": {e}",
                    "cannot read the image \"{}\": {e}",
                    p.display()
                ))
            })
        })
        .transpose()
    };
    Ok(crate::sign::SignOptions {
        signature_image: image(&args.signature_image, &agency.signature_image)?,
        seal_image: image(&args.seal_image, &agency.seal_image)?,
        location: agency.place.as_ref().map(|p| p.value.clone()),
        reason: Some(
            tr(
                "Ban hành quyết định công bố HTQLCL",
                "Issuing the QMS publication decision",
            )
            .to_string(),
        ),
        ..Default::default()
    })
}

fn write_human(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    let n = plan.next_number;
    match &plan.since {
        None => writeln!(
            out,
            "{}",
            crate::tr!(
                "Công bố lần đầu HTQLCL (chưa có tag công bố nào).",
                "First publication of the QMS (no publication tag yet)."
            )
        )?,
        Some(p) => {
            let (tag, commit) = (&p.tag, &p.commit.to_string()[..8]);
            if plan.is_empty() {
                writeln!(
                    out,
                    "{}",
                    crate::tr!(
                        "Không có thay đổi nào kể từ lần công bố {tag} (commit {commit}): chưa cần công bố lại.",
                        "Nothing changed since publication {tag} (commit {commit}): no re-publication is due."
                    )
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "{}",
                crate::tr!(
                    "Công bố lại HTQLCL (lần {n}), so với lần công bố {tag} (commit {commit}):",
                    "Re-publication of the QMS (number {n}), since publication {tag} (commit {commit}):"
                )
            )?;
            if !p.message.is_empty() {
                writeln!(out, "  {}", p.message.lines().next().unwrap_or(""))?;
            }
        }
    }
    let section = |out: &mut dyn Write,
                   title: String,
                   items: &[Item],
                   show_rev: bool|
     -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title} ({}):", items.len())?;
        let width = items
            .iter()
            .map(|i| i.code.chars().count())
            .max()
            .unwrap_or(0);
        for i in items {
            let rev = if show_rev {
                crate::tr!(
                    "  lần ban hành {} → {}",
                    "  revision {} → {}",
                    i.revision,
                    i.next_revision
                )
            } else {
                String::new()
            };
            writeln!(out, "  {:<width$}  {}{rev}", i.code, i.title)?;
        }
        Ok(())
    };
    if plan.since.is_some() {
        section(out, tr("Thêm mới", "Added").into(), &plan.added, true)?;
        section(out, tr("Sửa đổi", "Changed").into(), &plan.changed, true)?;
        section(
            out,
            tr(
                "Thu hồi (giữ tệp và lịch sử)",
                "Withdrawn (file and history kept)",
            )
            .into(),
            &plan.withdrawn,
            false,
        )?;
        if !plan.renamed.is_empty() {
            writeln!(
                out,
                "\n{} ({}):",
                tr("Đổi tên hoặc chuyển tệp", "Renamed or moved"),
                plan.renamed.len()
            )?;
            for r in &plan.renamed {
                writeln!(
                    out,
                    "  {}  {} → {}",
                    r.code,
                    r.from.display(),
                    r.to.display()
                )?;
            }
        }
        for (old, new) in &plan.code_changes {
            writeln!(
                out,
                "{}",
                crate::tr!(
                    "  ! tài liệu đổi mã {old} → {new}: coi là thu hồi {old} và thêm mới {new}",
                    "  ! a document changed its code {old} → {new}: treated as {old} withdrawn and {new} added"
                )
            )?;
        }
        if !plan.legal.is_empty() {
            writeln!(
                out,
                "\n{} ({}):",
                tr(
                    "Văn bản pháp lý bị thay thế hoặc hết hiệu lực",
                    "Legal documents replaced or expired"
                ),
                plan.legal.len()
            )?;
            for l in &plan.legal {
                let by = l
                    .replaced_by
                    .as_deref()
                    .map(|b| crate::tr!(" → {b}", " → {b}"))
                    .unwrap_or_default();
                let cited = if l.cited_by.is_empty() {
                    tr("không tài liệu nào dẫn chiếu", "cited by no document").to_string()
                } else {
                    crate::tr!("dẫn chiếu bởi {}", "cited by {}", l.cited_by.join(", "))
                };
                writeln!(out, "  {} ({}){by}; {cited}", l.id, l.name)?;
            }
        }
        if !plan.tthc_added.is_empty() {
            writeln!(
                out,
                "\n{}: {}",
                tr("TTHC thêm vào danh mục", "TTHC added to the catalog"),
                plan.tthc_added.join(", ")
            )?;
        }
        if !plan.tthc_removed.is_empty() {
            writeln!(
                out,
                "\n{}: {}",
                tr("TTHC bỏ khỏi danh mục", "TTHC removed from the catalog"),
                plan.tthc_removed.join(", ")
            )?;
        }
    }
    let kind = if plan.first {
        tr(
            "công bố HTQLCL phù hợp TCVN ISO 9001:2015",
            "publish the QMS as conforming to TCVN ISO 9001:2015",
        )
    } else {
        tr(
            "công bố lại HTQLCL phù hợp TCVN ISO 9001:2015",
            "re-publish the QMS as conforming to TCVN ISO 9001:2015",
        )
    };
    writeln!(
        out,
        "\n{}",
        crate::tr!(
            "Quyết định sẽ {kind}; phụ lục gồm {} tài liệu có hiệu lực.",
            "The decision will {kind}; its annex lists {} documents in force.",
            plan.annex.len()
        )
    )?;
    writeln!(
        out,
        "{}",
        tr(
            "Đây là kế hoạch: chưa ghi gì vào kho.",
            "This is a plan: nothing was written."
        )
    )
}

fn apply(args: &Args, g: &Global) -> Result<u8> {
    let root = super::root_of(&args.path, g)?;
    // The key is opened (and its password or PIN asked) before anything is prepared.
    let signing = match args.keys.source() {
        Some(source) => Some((source.load(None)?, sign_options(args, &root)?)),
        None => None,
    };
    let sign_fn = |pdf: &[u8]| -> std::result::Result<Vec<u8>, String> {
        match &signing {
            Some((signer, opts)) => {
                crate::sign::sign_pdf(pdf, signer.as_ref(), opts).map_err(|e| format!("{e:#}"))
            }
            None => Ok(pdf.to_vec()),
        }
    };
    let opts = crate::publish::apply::Options {
        number: args.number.clone().unwrap_or_default(),
        date: args.date.clone().unwrap_or_default(),
        message: args.message.clone(),
        sign: signing
            .as_ref()
            .map(|_| &sign_fn as &crate::publish::apply::SignFn),
        edit: args
            .edit
            .then_some(&edit_in_editor as &crate::publish::apply::EditFn),
    };
    let outcome = crate::publish::apply::apply(&root, &opts)?;
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &outcome)?;
        writeln!(out)?;
    } else {
        let (tag, commit, number) = (&outcome.tag, &outcome.commit[..8], &outcome.number);
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Đã công bố: Quyết định số {number}, commit {commit}, tag {tag}.",
                "Published: decision {number}, commit {commit}, tag {tag}."
            )
        )?;
        writeln!(
            out,
            "  {}: {}",
            tr("Quyết định", "Decision"),
            outcome.decision.display()
        )?;
        writeln!(
            out,
            "  {}: {}",
            tr(
                "Bộ niêm yết (PDF, manifest.json, index.html)",
                "Posting bundle (PDFs, manifest.json, index.html)"
            ),
            outcome.bundle.display()
        )?;
        writeln!(
            out,
            "  {}: {}",
            tr("Tệp đã ghi", "Files written"),
            outcome.files.len()
        )?;
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Đẩy lên kho chung: git push && git push origin {tag}",
                "Share it: git push && git push origin {tag}"
            )
        )?;
    }
    Ok(OK)
}
