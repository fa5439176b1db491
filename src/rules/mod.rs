//! The checks of the rules (their identities are in `crate::rule`). Rules produce findings;
//! the `report` module prints them.
//!
//! Parse rules (`F…`) and duration/required-field checks that need the raw YAML are emitted
//! while the model is read (`model::reader`); the rest run on the model, per document
//! (`check_document`) or across the repository (`check_workspace`).

mod agency;
mod cases;
pub(crate) mod compliance;
mod exact;
mod publication;
mod records;
mod references;
mod required;
mod structure;
mod time;

use crate::diag::{Draft, Finding, Place, Severity};
use crate::model::{Config, Date, Document, Kind, LegalDoc, Sp, Status, TthcEntry};
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::workspace::Workspace;
use crate::yaml::Span;
pub(crate) use publication::pending;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Lookup tables shared by the rules, built once per run.
pub(crate) struct Context<'a> {
    pub ws: &'a Workspace,
    pub tthc: HashMap<&'a str, &'a TthcEntry>,
    pub legal: HashMap<&'a str, &'a LegalDoc>,
    pub by_code: HashMap<&'a str, Vec<&'a Document>>,
    /// The day the time-aware rules count to (`check --as-of`); `None` leaves them out.
    pub as_of: Option<Date>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(ws: &'a Workspace, as_of: Option<Date>) -> Self {
        let mut tthc = HashMap::new();
        for e in ws.catalog.iter().flat_map(|c| &c.entries) {
            if let Some(code) = &e.code {
                tthc.entry(code.value.trim()).or_insert(e);
            }
        }
        let mut legal = HashMap::new();
        for d in ws.register.iter().flat_map(|r| &r.docs) {
            if let Some(id) = &d.id {
                legal.entry(id.value.trim()).or_insert(d);
            }
        }
        let mut by_code: HashMap<&str, Vec<&Document>> = HashMap::new();
        for d in &ws.documents {
            if let Some(code) = &d.code {
                let c = code.value.trim();
                if !c.is_empty() {
                    by_code.entry(c).or_default().push(d);
                }
            }
        }
        Context {
            ws,
            tthc,
            legal,
            by_code,
            as_of,
        }
    }

    /// What time units mean for this document.
    pub(crate) fn time_rules(&self, doc: &Document) -> crate::model::TimeRules {
        doc.time_rules(self.ws.config.time_rules())
    }
}

/// Collects the findings of one file, settling each one's severity as it is made.
pub(crate) struct Sink<'a> {
    config: &'a Config,
    doc_rules: &'a [(&'static Rule, Severity)],
    file: Arc<SourceFile>,
    pub findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(
        config: &'a Config,
        file: &Arc<SourceFile>,
        doc_rules: &'a [(&'static Rule, Severity)],
    ) -> Self {
        Sink {
            config,
            doc_rules,
            file: file.clone(),
            findings: Vec::new(),
        }
    }

    pub(crate) fn for_doc(config: &'a Config, doc: &'a Document) -> Self {
        Sink::new(config, &doc.source, &doc.rules)
    }

    pub(crate) fn emit(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        self.emit_labelled(rule, span, message, help, Vec::new());
    }

    /// A finding with secondary places in the same file, each with a short note.
    pub(crate) fn emit_labelled(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
        help: Option<String>,
        labels: Vec<(Span, String)>,
    ) {
        let draft = Draft {
            rule,
            place: Place::Span(self.file.clone(), span),
            message,
            help,
            labels,
        };
        self.findings
            .extend(self.config.settle(draft, self.doc_rules));
    }
}

/// True for documents that are no longer applied: they keep their file and history, but the
/// content rules no longer look at them.
pub(crate) fn retired(doc: &Document) -> bool {
    matches!(
        doc.status.as_ref().map(|s| s.value),
        Some(Status::Withdrawn | Status::Superseded)
    )
}

/// Runs every rule but the time-aware ones on the workspace (as `publish` does before it
/// publishes: a publication is what brings an overdue legal update up to date). Returns all
/// findings, reading ones included, sorted by file and position.
pub(crate) fn check(ws: &Workspace) -> Vec<Finding> {
    check_at(ws, None)
}

/// Runs every rule on the workspace, the time-aware ones counting to `as_of` when given.
pub(crate) fn check_at(ws: &Workspace, as_of: Option<Date>) -> Vec<Finding> {
    let ctx = Context::new(ws, as_of);
    let per_doc: Vec<Vec<Finding>> = ws
        .documents
        .par_iter()
        .map(|doc| {
            let mut sink = Sink::for_doc(&ws.config, doc);
            run_document(&ctx, doc, &mut sink);
            references::check_forms(&ctx, doc.steps().iter().flat_map(|s| &s.forms), &mut sink);
            sink.findings
        })
        .collect();
    let mut findings = ws.findings.clone();
    findings.extend(per_doc.into_iter().flatten());
    run_workspace(&ctx, &mut findings);
    findings
}

/// Loads the QMS at `root` and checks it in one pass, as `qmsdoc check` does: the rules of
/// one document run as soon as it is read, and only what the rules across documents need is
/// kept of it, so memory stays small on a QMS of thousands of documents. The documents of
/// the workspace returned have shed their content (see [`Document::shed_content`]). The
/// time-aware rules count to `as_of` when given.
pub(crate) fn check_root(root: &std::path::Path, as_of: Option<Date>) -> (Workspace, Vec<Finding>) {
    let (mut ws, paths) = Workspace::open(root);
    let loaded = {
        // No document is loaded yet: the rules of one document do not look at the others.
        let ctx = Context::new(&ws, as_of);
        ws.read_documents(&paths, |doc| {
            let mut sink = Sink::for_doc(&ws.config, doc);
            run_document(&ctx, doc, &mut sink);
            let found = sink.findings;
            let forms: Vec<Sp<String>> = doc
                .steps()
                .iter()
                .flat_map(|s| s.forms.iter().cloned())
                .collect();
            doc.shed_content();
            (found, forms)
        })
    };
    let kept = ws.add(loaded);
    let ctx = Context::new(&ws, as_of);
    let mut findings = ws.findings.clone();
    for (doc, (found, forms)) in ws.documents.iter().zip(kept) {
        findings.extend(found);
        let mut sink = Sink::for_doc(&ws.config, doc);
        references::check_forms(&ctx, &forms, &mut sink);
        findings.extend(sink.findings);
    }
    run_workspace(&ctx, &mut findings);
    (ws, findings)
}

/// The rules of the QMS as a whole (its profile in qms.yaml, codes across documents, the
/// catalog's coverage); then the findings are put in file and position order.
fn run_workspace(ctx: &Context, findings: &mut Vec<Finding>) {
    findings.extend(agency::check(&ctx.ws.config));
    references::check_workspace(ctx, findings);
    records::check_inspections(ctx, findings);
    if let Some(as_of) = ctx.as_of {
        compliance::check(ctx, as_of, findings);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The rules of one document. They may use the catalog and the register, never the other
/// documents (`ctx.by_code`): [`check_root`] runs them before the others are read.
fn run_document(ctx: &Context, doc: &Document, sink: &mut Sink) {
    required::check(doc, sink);
    if retired(doc) {
        return;
    }
    if doc.kind() == Some(Kind::Procedure) {
        cases::check(doc, sink);
        time::check(ctx, doc, sink);
        structure::check_procedure(doc, sink);
    }
    if doc.kind() == Some(Kind::Objectives) {
        structure::check_objectives(doc, sink);
    }
    records::check(ctx, doc, sink);
    references::check_document(ctx, doc, sink);
    if let Some(as_of) = ctx.as_of {
        compliance::check_review(ctx, doc, as_of, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn shown(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| {
                let span = match &f.place {
                    Place::Span(_, s) => Some(*s),
                    Place::File(_) => None,
                };
                let (code, path) = (f.rule.code, f.path().display());
                let (sev, msg, help, labels) = (f.severity, &f.message, &f.help, &f.labels);
                format!("{path} {span:?} {code} {sev:?} {msg} {help:?} {labels:?}")
            })
            .collect()
    }

    /// docs-example with one defect per procedure, of six kinds in turn: a misspelt key, an
    /// unknown form, a step too long, an unknown TTHC, a missing section, a duplicate code.
    fn broken_copy(from: &Path, to: &Path) {
        let mut n = 0;
        for e in crate::testutil::files(from) {
            let rel = e.strip_prefix(from).unwrap();
            let target = to.join(rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            let mut text = std::fs::read_to_string(&e).unwrap();
            if text.contains("kind: procedure") && text.contains("tthc:") {
                let (from, into) = match n % 6 {
                    0 => ("responsible:", "responsibl:"),
                    1 => ("BM-", "BX-"),
                    2 => ("time: ", "time: 9 ngày làm việc #"),
                    3 => ("tthc: \"", "tthc: \"9."),
                    4 => ("## 7", "## 9"),
                    _ => ("code: ", "code: QT-HT-01 #"),
                };
                text = text.replacen(from, into, 1);
                n += 1;
            }
            std::fs::write(&target, text).unwrap();
        }
        assert!(n >= 12, "{n} procedures changed");
    }

    /// `check` in one pass (documents shed their content as they are checked) finds exactly
    /// what checking the whole loaded workspace finds.
    #[test]
    fn one_pass_check_finds_what_the_whole_workspace_check_finds() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR"));
        // Every QMS of the fixtures: the folders that hold a qms.yaml.
        let mut all: Vec<PathBuf> = crate::testutil::files(&base.join("tests/fixtures"))
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n == "qms.yaml"))
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        all.push(base.join("docs-example"));
        let broken = tempfile::tempdir().unwrap();
        broken_copy(&base.join("docs-example"), broken.path());
        all.push(broken.path().to_path_buf());
        assert!(all.len() >= 10, "{all:?}");
        let mut total = 0;
        // A clock late enough for the yearly rules and the legal deadlines to speak.
        let as_of = Date::parse("2027-10-15");
        for root in &all {
            let whole = check_at(&Workspace::load(root), as_of);
            let (_, one_pass) = check_root(root, as_of);
            assert_eq!(shown(&one_pass), shown(&whole), "{}", root.display());
            total += whole.len();
        }
        // The fixtures hold defects: the comparison is not between two empty lists.
        assert!(total > 15, "{total} findings");
        let (_, found) = check_root(broken.path(), None);
        let mut codes: Vec<&str> = found.iter().map(|f| f.rule.code).collect();
        codes.dedup();
        codes.sort_unstable();
        codes.dedup();
        assert!(codes.len() >= 6, "{codes:?}");
    }
}
