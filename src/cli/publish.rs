//! `qmsdoc publish`: the publication plan — what changed since the last publication and what
//! the decision will say. It reads git and writes nothing.

use super::error::{Error, Result, bail};
use super::{Format, Global, OK};
use crate::i18n::tr;
use crate::publish::apply::{ApplyError, EditCancelled};
use crate::publish::plan::{Item, Plan, plan};
use crate::qms::Qms;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
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
    #[arg(long, value_name = "CHỨC VỤ", requires = "apply", help = tr(
        "Thẩm quyền, chức vụ người ký, in đúng như ghi; dòng cách nhau bằng \"/\" hoặc lặp lại tùy chọn (\"KT. CHỦ TỊCH/PHÓ CHỦ TỊCH\", \"Q. CHỦ TỊCH\", \"TM. ỦY BAN NHÂN DÂN/CHỦ TỊCH\") [mặc định: agency.signer_title, hoặc chức vụ người đứng đầu]",
        "The signer's authority and title, printed as written; lines separated by \"/\" or by repeating the option (\"KT. CHỦ TỊCH/PHÓ CHỦ TỊCH\", \"Q. CHỦ TỊCH\", \"TM. ỦY BAN NHÂN DÂN/CHỦ TỊCH\") [default: agency.signer_title, else the head's title]"
    ))]
    signer_title: Vec<String>,
    #[arg(long, value_name = "HỌ TÊN", requires = "apply", help = tr(
        "Họ tên người ký [mặc định: agency.signer, hoặc người đứng đầu]",
        "The signer's name [default: agency.signer, else the head]"
    ))]
    signer: Option<String>,
    /// The head of the agency's key: the decision is signed when one is given.
    #[command(flatten)]
    keys: super::keys::KeyArgs,
    #[command(flatten)]
    signing: super::keys::SigningArgs,
    #[arg(long, value_name = "ẢNH.png", requires = "apply", help = tr(
        "Ảnh chữ ký người ký (PNG nền trong suốt) [mặc định: agency.signature_image trong qms.yaml]",
        "The signer's signature image (PNG, transparent) [default: agency.signature_image in qms.yaml]"
    ))]
    signature_image: Option<PathBuf>,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    if args.apply {
        return apply(args, g);
    }
    if args.keys.source().is_some() {
        bail!(tr(
            "khóa ký chỉ dùng khi công bố: thêm --apply --number … --date …",
            "a signing key is only used when publishing: add --apply --number … --date …"
        ));
    }
    let qms = super::open_qms(args.root.path(), g)?;
    let plan = plan(&qms.workspace, &qms.repo)?;
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

/// Why editing the change summaries cancelled the publication.
#[derive(Debug)]
enum EditorError {
    Io(PathBuf, std::io::Error),
    Read(std::io::Error),
    Failed(String),
    NoSummary(String),
}

impl std::fmt::Display for EditorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditorError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            EditorError::Read(e) => write!(f, "{e}"),
            EditorError::Failed(editor) => f.write_str(&crate::tr!(
                "trình soạn thảo \"{editor}\" không chạy được hoặc thoát với lỗi: đã hủy công bố",
                "the editor \"{editor}\" failed to run or exited with an error: publish cancelled"
            )),
            EditorError::NoSummary(code) => f.write_str(&crate::tr!(
                "chưa có nội dung sửa đổi cho {code}: đã hủy công bố",
                "no change summary for {code}: publish cancelled"
            )),
        }
    }
}

impl std::error::Error for EditorError {}

/// Opens the proposed change summaries ("CODE: summary" lines) in the user's editor and reads
/// them back; a line removed or left empty cancels the publication.
fn edit_in_editor(items: &mut [(String, String)]) -> std::result::Result<(), EditCancelled> {
    edit_summaries(items).map_err(|e| Box::new(e) as EditCancelled)
}

fn edit_summaries(items: &mut [(String, String)]) -> std::result::Result<(), EditorError> {
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
    std::fs::write(&path, text).map_err(|e| EditorError::Io(path.clone(), e))?;
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
        _ => return Err(EditorError::Failed(editor)),
    }
    let edited = edited.map_err(EditorError::Read)?;
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
            _ => return Err(EditorError::NoSummary(code.clone())),
        }
    }
    Ok(())
}

/// The signer's signature of the decision (Decree 30/2020/NĐ-CP): the signature image from
/// the command line or qms.yaml (relative to the QMS root), the agency's place as the
/// location. The agency's seal is a later signature of its own (`sign --as agency`).
fn sign_options(args: &Args, qms: &Qms) -> Result<crate::sign::SignOptions> {
    let signature_image = match &args.signature_image {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            Error::msg(crate::tr!(
                "không đọc được ảnh \"{}\": {e}",
                "cannot read the image \"{}\": {e}",
                p.display()
            ))
        })?),
        None => {
            super::sign::configured_image(qms.root(), qms.config().agency.signature_image.as_ref())?
        }
    };
    if let Some(png) = &signature_image {
        let what = crate::sign::error::Image::Signature;
        if let Some(w) = crate::sign::appearance::check_image(png, what)? {
            eprintln!("{}", crate::tr!("cảnh báo: {w}", "warning: {w}"));
        }
    }
    Ok(crate::sign::SignOptions {
        signature_image,
        location: qms.config().agency.place.as_ref().map(|p| p.value.clone()),
        rsa_pkcs1v15: args.signing.rsa_pkcs1v15,
        tsa: args.signing.tsa(),
        reason: Some(
            tr(
                "Ban hành quyết định công bố HTQLCL",
                "Issuing the QMS publication decision",
            )
            .to_string(),
        ),
        role: Some(crate::sign::role::Role::Signer),
        ..Default::default()
    })
}

/// The plan for a person: what the publication is, then (for a re-publication) what changed,
/// then what the decision will say.
fn write_human(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    if !write_heading(plan, out)? {
        return Ok(());
    }
    if plan.since.is_some() {
        write_changes(plan, out)?;
        write_scope(plan, out)?;
    }
    write_decision(plan, out)
}

/// First publication or re-publication, and since which; false when nothing is due.
fn write_heading(plan: &Plan, out: &mut dyn Write) -> std::io::Result<bool> {
    let n = plan.next_number;
    let Some(p) = &plan.since else {
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Công bố lần đầu HTQLCL (chưa có tag công bố nào).",
                "First publication of the QMS (no publication tag yet)."
            )
        )?;
        return Ok(true);
    };
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
        return Ok(false);
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
    Ok(true)
}

/// A list of documents under its title, with the revision change when `show_rev`.
fn write_section(
    out: &mut dyn Write,
    title: &str,
    items: &[Item],
    show_rev: bool,
) -> std::io::Result<()> {
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
}

/// Documents added, changed, withdrawn, renamed, and codes changed.
fn write_changes(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    write_section(out, tr("Thêm mới", "Added"), &plan.added, true)?;
    write_section(out, tr("Sửa đổi", "Changed"), &plan.changed, true)?;
    write_section(
        out,
        tr(
            "Thu hồi (giữ tệp và lịch sử)",
            "Withdrawn (file and history kept)",
        ),
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
    Ok(())
}

/// Changes of scope: legal documents replaced or expired, TTHC added or removed.
fn write_scope(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
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
    Ok(())
}

/// What the decision will do, and that nothing was written.
fn write_decision(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
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
            "Đây là kế hoạch: chưa ghi gì vào kho. Công bố: qmsdoc publish --apply --number SỐ --date NGÀY [--p12 TỆP.p12]",
            "This is a plan: nothing was written. To publish: qmsdoc publish --apply --number N --date DATE [--p12 FILE.p12]"
        )
    )
}

fn apply(mut args: Args, g: &Global) -> Result<u8> {
    let root = super::root_of(args.root.path(), g)?;
    args.signing
        .settle(&crate::workspace::Workspace::load_config(&root));
    let args = &args;
    // The key is opened (and its password or PIN asked) before anything is prepared.
    let signer = match args.keys.source() {
        Some(source) => Some(source.load(&super::keys::ask_secret)?),
        None => None,
    };
    // The certificate is checked (validity, key usage, chain, revocation) before anything is
    // prepared, as `sign` does.
    if let Some(signer) = &signer {
        let check = args.signing.check()?;
        let time = crate::sign::Instant::signing_time()?;
        for w in crate::sign::preflight::check(signer.as_ref(), time, &check)? {
            eprintln!("{}", crate::tr!("cảnh báo: {w}", "warning: {w}"));
        }
    }
    let qms = Qms::open(&root)?;
    super::note_recovered(&qms);
    let signing = match signer {
        Some(signer) => Some((signer, sign_options(args, &qms)?)),
        None => None,
    };
    let sign_fn = |pdf: &[u8]| -> std::result::Result<Vec<u8>, crate::sign::Error> {
        match &signing {
            Some((signer, opts)) => crate::sign::sign_pdf(pdf, signer.as_ref(), opts),
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
        signer_title: args.signer_title.clone(),
        signer: args.signer.clone(),
    };
    let outcome = match crate::publish::apply::apply(&qms, &opts) {
        Ok(o) => o,
        Err(e @ ApplyError::NotPassing(_)) => return not_passing(e, args.format),
        Err(e) => return Err(e.into()),
    };
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &outcome)?;
        writeln!(out)?;
    } else {
        write_outcome(&outcome, &mut out)?;
        if outcome.detached {
            write_detached(&outcome.tag, &mut out)?;
        }
        let public_url = qms.workspace.config.public_url.is_some();
        write_caveats(signing.is_some(), public_url, &mut out)?;
    }
    Ok(OK)
}

/// A publication on a detached HEAD is on no branch: `git push` would not send it.
fn write_detached(tag: &str, out: &mut dyn Write) -> Result<()> {
    let note = crate::tr!(
        "Cảnh báo: HEAD đang tách rời (detached HEAD), commit công bố không thuộc nhánh nào và `git push` sẽ không đẩy nó. Tạo nhánh rồi đẩy: git switch -c cong-bo && git push -u origin cong-bo && git push origin {tag}",
        "Warning: HEAD is detached, the publication commit is on no branch and `git push` will not send it. Make a branch, then push: git switch -c cong-bo && git push -u origin cong-bo && git push origin {tag}"
    );
    writeln!(out, "{note}")?;
    Ok(())
}

/// What the publication lacks and how to add it next time: a signature, the QR codes.
fn write_caveats(signed: bool, public_url: bool, out: &mut dyn Write) -> Result<()> {
    if !signed {
        let note = tr(
            "Lưu ý: quyết định chưa ký số (không có --p12, --key/--cert hoặc --pkcs11); ký sau bằng `qmsdoc sign`, hoặc công bố với khóa của người đứng đầu.",
            "Note: the decision is not signed (no --p12, --key/--cert or --pkcs11); sign it later with `qmsdoc sign`, or publish with the head's key.",
        );
        writeln!(out, "{note}")?;
    }
    if !public_url {
        let note = tr(
            "Lưu ý: index.html không có mã QR vì qms.yaml chưa có `public_url` (địa chỉ web nơi đăng bộ niêm yết).",
            "Note: index.html has no QR codes because qms.yaml has no `public_url` (the web address the bundle is posted at).",
        );
        writeln!(out, "{note}")?;
    }
    Ok(())
}

/// The findings that stopped the publication: after the error in human form, or as the JSON
/// report of `check` on stdout with the error on stderr.
fn not_passing(error: ApplyError, format: Format) -> Result<u8> {
    let ApplyError::NotPassing(found) = &error else {
        return Err(error.into());
    };
    let summary = found.summary();
    let headline = error.to_string();
    match format {
        Format::Human => {
            let mut text = Vec::new();
            crate::report::write(
                crate::report::Format::Human,
                &found.findings,
                &summary,
                &mut text,
            )?;
            Err(Error::msg(format!(
                "{headline}\n\n{}",
                String::from_utf8_lossy(&text)
            )))
        }
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            crate::report::write(
                crate::report::Format::Json,
                &found.findings,
                &summary,
                &mut out,
            )?;
            out.flush()?;
            Err(Error::msg(headline))
        }
    }
}

/// What was published, and how to share it.
fn write_outcome(outcome: &crate::publish::apply::Outcome, out: &mut dyn Write) -> Result<()> {
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
    Ok(())
}
