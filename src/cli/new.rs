//! `qmsdoc new KIND --code … --title …`: a new document from its template, prefilled from the
//! TTHC catalog when the procedure is for a TTHC.

use super::error::{Context, Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::model::Kind;
use crate::templates::{self, Template, render};
use crate::workspace::{self, Workspace};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "KIND", help = tr(
        "Loại: procedure, form, policy, objectives, manual, guide; hồ sơ: audit, review, corrective-action, inspection, report (hoặc quy-trinh, bieu-mau, danh-gia-noi-bo…)",
        "Kind: procedure, form, policy, objectives, manual, guide; records: audit, review, corrective-action, inspection, report"
    ))]
    kind: String,
    #[arg(long, help = tr("Mã tài liệu (QT-HT-01)", "Document code (QT-HT-01)"))]
    code: String,
    #[arg(long, help = tr("Tên tài liệu", "Title"))]
    title: String,
    #[arg(long, value_name = "MÃ", help = tr("Mã TTHC quốc gia (cho quy trình TTHC)", "National TTHC code (for a TTHC procedure)"))]
    tthc: Option<String>,
    #[arg(long, value_name = "DIR", help = tr("Thư mục HTQLCL [mặc định: tìm qms.yaml từ thư mục hiện tại]", "QMS folder [default: found from the current folder]"))]
    root: Option<PathBuf>,
    #[arg(short, long, value_name = "FILE", help = tr("Tệp cần tạo [mặc định: <thư mục theo loại>/<mã>.md]", "File to create [default: <kind folder>/<code>.md]"))]
    output: Option<PathBuf>,
}

fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::Procedure => "procedures",
        Kind::Form => "forms",
        Kind::Policy => "policy",
        Kind::Objectives => "objectives",
        Kind::Manual => "manual",
        Kind::Guide => "guides",
        Kind::Decision => "decisions",
        Kind::Audit => "records/audits",
        Kind::Review => "records/reviews",
        Kind::CorrectiveAction => "records/corrective-actions",
        Kind::Inspection => "records/inspections",
        Kind::Report => "records/reports",
    }
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    let Some(kind) = Kind::from_folded(&crate::text::fold_key(&args.kind)) else {
        let k = &args.kind;
        bail!(crate::tr!(
            "loại \"{k}\" không hợp lệ\ngợi ý: procedure, form, policy, objectives, manual, guide, audit, review, corrective-action, inspection, report",
            "kind \"{k}\" is not valid\nhelp: procedure, form, policy, objectives, manual, guide, audit, review, corrective-action, inspection, report"
        ));
    };
    let code = args.code.trim().to_string();
    if code.is_empty() || code.contains(['/', '\\']) || code.starts_with('.') {
        bail!(crate::tr!(
            "mã \"{code}\" không dùng được làm tên tệp",
            "code \"{code}\" cannot be used as a file name"
        ));
    }
    let root = args
        .root
        .clone()
        .unwrap_or_else(|| workspace::find_root(std::path::Path::new(".")));
    g.adopt_language(&root);
    let ws = Workspace::load(&root);
    if let Some(existing) = ws.documents.iter().find(|d| d.code_str().trim() == code) {
        let path = existing.source.path.display();
        bail!(crate::tr!(
            "mã \"{code}\" đã dùng cho {path}",
            "code \"{code}\" is already used by {path}"
        ));
    }
    let template: &Template = match kind {
        Kind::Procedure if args.tthc.is_some() => &templates::PROCEDURE,
        Kind::Procedure => &templates::PROCEDURE_INTERNAL,
        Kind::Form => &templates::FORM,
        Kind::Policy => &templates::POLICY,
        Kind::Objectives => &templates::OBJECTIVES,
        Kind::Manual => &templates::MANUAL,
        Kind::Guide => &templates::GUIDE,
        Kind::Audit => &templates::AUDIT,
        Kind::Review => &templates::REVIEW,
        Kind::CorrectiveAction => &templates::CORRECTIVE_ACTION,
        Kind::Inspection => &templates::INSPECTION,
        Kind::Report => &templates::REPORT,
        Kind::Decision => bail!(crate::tr!(
            "quyết định công bố do `qmsdoc publish` tạo",
            "publication decisions are made by `qmsdoc publish`"
        )),
    };
    let tthc = args.tthc.as_deref().map(str::trim).unwrap_or("");
    let entry = ws.catalog.as_ref().and_then(|c| c.get(tthc));
    if !tthc.is_empty() && entry.is_none() {
        eprintln!(
            "{}",
            crate::tr!(
                "cảnh báo: TTHC {tthc} chưa có trong tthc/catalog.yaml; thời hạn, phí và căn cứ để trống",
                "warning: TTHC {tthc} is not in tthc/catalog.yaml; time limit, fee and legal basis are left empty"
            )
        );
    }
    let text_of =
        |v: Option<&crate::model::Sp<String>>| v.map_or(String::new(), |s| s.value.clone());
    let time_limit = entry
        .and_then(|e| e.time_limit.as_ref())
        .map_or(String::new(), |t| t.text.value.clone());
    let fee = text_of(entry.and_then(|e| e.fee.as_ref()));
    let legal_basis: Vec<String> = entry.map_or(Vec::new(), |e| {
        e.legal_basis.iter().map(|l| l.value.clone()).collect()
    });
    let vars = templates::DocumentVars {
        code: &code,
        title: &args.title,
        year: super::init::current_year(),
        tthc,
        time_limit: &time_limit,
        fee: &fee,
        legal_basis: &legal_basis,
        references: &references(&ws, entry),
    }
    .map();
    let mut vars = vars;
    vars.insert("today", crate::model::Date::today().to_string());
    let text = render(template.text, &vars).with_context(|| template.path)?;
    let path = args
        .output
        .unwrap_or_else(|| root.join(folder(kind)).join(format!("{code}.md")));
    crate::fsutil::create_new(&path, text.as_bytes()).with_context(|| {
        crate::tr!(
            "không tạo được {} (tệp đã tồn tại?)",
            "cannot create {} (does it exist already?)",
            path.display()
        )
    })?;
    println!("{}", crate::tr!("đã tạo {}", "created {}", path.display()));
    Ok(OK)
}

/// Section 3 of a TTHC procedure: the legal bases of the TTHC, by number and title from the
/// legal register; a note for the author when there are none.
fn references(ws: &Workspace, entry: Option<&crate::model::TthcEntry>) -> String {
    let ids = entry.map_or(&[][..], |e| &e.legal_basis[..]);
    if ids.is_empty() {
        return templates::NO_REFERENCES.into();
    }
    let docs: Vec<&crate::model::LegalDoc> = ws.register.iter().flat_map(|r| &r.docs).collect();
    ids.iter()
        .map(|id| {
            let doc = docs
                .iter()
                .find(|d| d.id.as_ref().is_some_and(|i| i.value == id.value));
            let named = doc.map(|d| {
                let text = |v: &Option<crate::model::Sp<String>>| {
                    v.as_ref()
                        .map_or(String::new(), |s| s.value.trim().to_string())
                };
                format!("{} {}", text(&d.number), text(&d.title))
            });
            let named = named
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            format!("- {}.", named.unwrap_or_else(|| id.value.clone()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
