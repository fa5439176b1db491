//! References between files: document codes, forms, legal bases, TTHC codes, and the coverage
//! of the TTHC catalog by procedures.

use crate::rule::{
    DUPLICATE_CODE, FEE_MISMATCH, LEGAL_BASIS_NOT_IN_FORCE, TTHC_NOT_COVERED, UNKNOWN_FORM,
    UNKNOWN_LEGAL_BASIS, UNKNOWN_TTHC,
};

use super::{Context, Sink, retired};
use crate::diag::Finding;
use crate::model::legal::LegalStatus;
use crate::model::{Document, Kind, Sp};
use crate::text::{fold_text, is_blank};

/// The forms a document's steps name exist as forms in force. Needs every document's code.
pub(super) fn check_forms<'a>(
    ctx: &Context,
    forms: impl IntoIterator<Item = &'a Sp<String>>,
    sink: &mut Sink,
) {
    for form in forms {
        check_form(ctx, form, sink);
    }
}

/// A document's references to the catalog and the register (not to other documents).
pub(super) fn check_document(ctx: &Context, doc: &Document, sink: &mut Sink) {
    for id in &doc.legal_basis {
        check_legal_id(ctx, id, sink);
    }
    if doc.kind() != Some(Kind::Procedure) {
        return;
    }
    let Some(code) = doc.tthc.as_ref().filter(|c| !is_blank(&c.value)) else {
        return;
    };
    let Some(entry) = ctx.tthc.get(code.value.trim()) else {
        let c = code.value.trim();
        let help = if ctx.ws.catalog.is_none() {
            tr!(
                "chưa có tthc/catalog.yaml: tạo danh mục TTHC của cơ quan",
                "there is no tthc/catalog.yaml: create the agency's TTHC catalog"
            )
        } else {
            tr!(
                "thêm TTHC {c} vào tthc/catalog.yaml, hoặc sửa mã (đối chiếu CSDL quốc gia về TTHC)",
                "add TTHC {c} to tthc/catalog.yaml, or fix the code (see the national TTHC database)"
            )
        };
        sink.emit(
            &UNKNOWN_TTHC,
            code.span,
            tr!(
                "mã TTHC \"{c}\" không có trong danh mục TTHC",
                "TTHC code \"{c}\" is not in the catalog"
            ),
            Some(help),
        );
        return;
    };
    if let (Some(ours), Some(theirs)) = (&doc.fee, &entry.fee)
        && !is_blank(&ours.value)
        && !is_blank(&theirs.value)
        && fold_text(&ours.value) != fold_text(&theirs.value)
    {
        let t = &theirs.value;
        sink.emit(
            &FEE_MISMATCH,
            ours.span,
            tr!("phí, lệ phí khác với danh mục TTHC: \"{t}\"", "the fee differs from the catalog: \"{t}\""),
            Some(tr!(
                "quy trình phải phù hợp 100% với TTHC đã công bố: chép đúng phí, lệ phí của danh mục",
                "the procedure must match the published TTHC: copy the catalog's fee"
            )),
        );
    }
}

fn check_form(ctx: &Context, form: &Sp<String>, sink: &mut Sink) {
    let code = form.value.trim();
    match ctx.by_code.get(code) {
        Some(docs)
            if docs
                .iter()
                .any(|d| d.kind() == Some(Kind::Form) && !retired(d)) => {}
        Some(docs) if docs.iter().any(|d| d.kind() == Some(Kind::Form)) => {
            sink.emit(
                &UNKNOWN_FORM,
                form.span,
                tr!(
                    "biểu mẫu \"{code}\" đã bị thu hồi hoặc thay thế",
                    "form \"{code}\" was withdrawn or superseded"
                ),
                Some(tr!(
                    "dẫn chiếu biểu mẫu đang có hiệu lực",
                    "refer to a form in force"
                )),
            );
        }
        Some(docs) => {
            let kind = docs[0].kind().map_or("?", |k| k.label());
            sink.emit(
                &UNKNOWN_FORM,
                form.span,
                tr!(
                    "\"{code}\" là một tài liệu loại {kind}, không phải biểu mẫu",
                    "\"{code}\" is a {kind}, not a form"
                ),
                Some(tr!(
                    "dẫn chiếu mã của một biểu mẫu (kind: form)",
                    "refer to the code of a form (kind: form)"
                )),
            );
        }
        None => {
            let help = match suggest_code(ctx, code) {
                Some(s) => tr!("có phải ý bạn là `{s}`?", "did you mean `{s}`?"),
                None => tr!(
                    "tạo biểu mẫu bằng `qmsdoc new form --code {code} --title …`",
                    "create the form with `qmsdoc new form --code {code} --title …`"
                ),
            };
            sink.emit(
                &UNKNOWN_FORM,
                form.span,
                tr!(
                    "không có biểu mẫu mã \"{code}\"",
                    "there is no form with code \"{code}\""
                ),
                Some(help),
            );
        }
    }
}

fn suggest_code<'a>(ctx: &Context<'a>, code: &str) -> Option<&'a str> {
    ctx.by_code
        .iter()
        .filter(|(_, docs)| docs.iter().any(|d| d.kind() == Some(Kind::Form)))
        .map(|(c, _)| (strsim::jaro_winkler(c, code), *c))
        .filter(|(s, _)| *s >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn check_legal_id(ctx: &Context, id: &Sp<String>, sink: &mut Sink) {
    let key = id.value.trim();
    let Some(legal) = ctx.legal.get(key) else {
        let help = if ctx.ws.register.is_none() {
            tr!(
                "chưa có legal/register.yaml: tạo danh mục văn bản pháp lý",
                "there is no legal/register.yaml: create the legal register"
            )
        } else {
            tr!(
                "thêm văn bản có id `{key}` vào legal/register.yaml, hoặc sửa id",
                "add a document with id `{key}` to legal/register.yaml, or fix the id"
            )
        };
        sink.emit(
            &UNKNOWN_LEGAL_BASIS,
            id.span,
            tr!(
                "căn cứ \"{key}\" không có trong danh mục văn bản pháp lý",
                "legal basis \"{key}\" is not in the legal register"
            ),
            Some(help),
        );
        return;
    };
    let Some(status) = legal
        .status
        .as_ref()
        .map(|s| s.value)
        .filter(|s| !s.in_force())
    else {
        return;
    };
    let name = legal.display();
    let replacement = legal
        .replaced_by
        .as_ref()
        .map(|r| r.value.trim())
        .filter(|r| !r.is_empty())
        .map(|r| {
            ctx.legal
                .get(r)
                .map_or_else(|| r.to_string(), |d| d.display())
        });
    let (message, help) = match (status, replacement) {
        (LegalStatus::Replaced, Some(by)) => (
            tr!(
                "căn cứ \"{key}\" ({name}) đã bị thay thế bởi {by}",
                "legal basis \"{key}\" ({name}) was replaced by {by}"
            ),
            tr!(
                "cập nhật căn cứ sang văn bản mới và rà soát nội dung quy trình",
                "cite the new document and review the procedure"
            ),
        ),
        (LegalStatus::Replaced, None) => (
            tr!(
                "căn cứ \"{key}\" ({name}) đã bị thay thế",
                "legal basis \"{key}\" ({name}) was replaced"
            ),
            tr!(
                "ghi replaced_by trong legal/register.yaml và cập nhật căn cứ",
                "set replaced_by in legal/register.yaml and update the citation"
            ),
        ),
        _ => (
            tr!(
                "căn cứ \"{key}\" ({name}) đã hết hiệu lực",
                "legal basis \"{key}\" ({name}) has expired"
            ),
            tr!(
                "bỏ hoặc thay căn cứ này, rồi công bố lại HTQLCL",
                "remove or replace it, then re-publish the QMS"
            ),
        ),
    };
    sink.emit(&LEGAL_BASIS_NOT_IN_FORCE, id.span, message, Some(help));
}

/// Rules across files: duplicate codes, TTHC without a procedure, the catalog's and the
/// register's own references.
pub(super) fn check_workspace(ctx: &Context, out: &mut Vec<Finding>) {
    let config = &ctx.ws.config;
    // Codes differing only in case are the same code: file names collide on Windows and
    // readers do not tell them apart.
    let mut by_folded: std::collections::BTreeMap<String, Vec<&Document>> = Default::default();
    for docs in ctx.by_code.values() {
        for d in docs {
            by_folded
                .entry(d.code_str().trim().to_uppercase())
                .or_default()
                .push(d);
        }
    }
    for docs in by_folded.values_mut() {
        docs.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    }
    for docs in by_folded.values().filter(|d| d.len() > 1) {
        let first = docs[0];
        let at = first.code.as_ref().map_or(0, |c| c.span.start);
        let line = first.source.line_col(at).line;
        let path = crate::source::shown(&first.source.path);
        for doc in &docs[1..] {
            let mut sink = Sink::for_doc(config, doc);
            if let Some(c) = &doc.code {
                let code = c.value.trim();
                sink.emit(
                    &DUPLICATE_CODE,
                    c.span,
                    tr!("mã \"{code}\" đã dùng cho {path}:{line}", "code \"{code}\" is already used by {path}:{line}"),
                    Some(tr!(
                        "mỗi tài liệu một mã riêng; tài liệu bị thay thế thì sửa tài liệu cũ, không tạo tệp mới cùng mã",
                        "give every document its own code; to replace a document, edit it instead of adding a file with its code"
                    )),
                );
            }
            out.append(&mut sink.findings);
        }
    }

    if let Some(catalog) = &ctx.ws.catalog {
        let covered: std::collections::HashSet<&str> = ctx
            .ws
            .documents
            .iter()
            .filter(|d| d.kind() == Some(Kind::Procedure) && !retired(d))
            .filter_map(|d| d.tthc.as_ref().map(|t| t.value.trim()))
            .collect();
        let mut sink = Sink::new(config, &catalog.source, &[]);
        for entry in &catalog.entries {
            let Some(code) = entry.code.as_ref().filter(|c| !is_blank(&c.value)) else {
                continue;
            };
            let c = code.value.trim();
            if !covered.contains(c) && !ctx.ws.unreadable_tthc.contains(c) {
                let name = entry.name.as_ref().map_or("", |n| n.value.as_str());
                sink.emit(
                    &TTHC_NOT_COVERED,
                    code.span,
                    tr!("TTHC {c} \"{name}\" chưa có quy trình nào", "TTHC {c} \"{name}\" has no procedure"),
                    Some(tr!(
                        "HTQLCL phải bao quát 100% TTHC của cơ quan: tạo quy trình bằng `qmsdoc new procedure --code QT-… --title \"{name}\" --tthc {c}`",
                        "the QMS must cover every TTHC of the agency: create one with `qmsdoc new procedure --code QT-… --title \"{name}\" --tthc {c}`"
                    )),
                );
            }
            for id in &entry.legal_basis {
                check_legal_id(ctx, id, &mut sink);
            }
        }
        out.append(&mut sink.findings);
    }

    if let Some(register) = &ctx.ws.register {
        let mut sink = Sink::new(config, &register.source, &[]);
        for doc in &register.docs {
            if let Some(by) = doc.replaced_by.as_ref().filter(|b| !is_blank(&b.value))
                && !ctx.legal.contains_key(by.value.trim())
            {
                let b = by.value.trim();
                sink.emit(
                    &UNKNOWN_LEGAL_BASIS,
                    by.span,
                    tr!(
                        "replaced_by \"{b}\" không có trong danh mục",
                        "replaced_by \"{b}\" is not in the register"
                    ),
                    Some(tr!(
                        "thêm văn bản thay thế vào danh mục",
                        "add the replacing document to the register"
                    )),
                );
            }
        }
        out.append(&mut sink.findings);
    }
}
