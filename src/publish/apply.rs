//! `publish --apply`: bumps revisions and effective dates, appends change-history entries,
//! marks withdrawn documents, writes the decision, then makes one commit and an annotated tag.
//!
//! All contents are prepared in memory first; the repository changes only at the end, as git
//! itself changes it (`transaction`): objects, then HEAD's ref and the tag together, then the
//! work tree. A failure undoes what was done; a killed process leaves a journal in the lock
//! from which the next run finishes or undoes the publication (`recover`).
//!
//! The stages, in order: take the lock, check the repository and the QMS ([`preflight`]),
//! settle the decision's number and date ([`Issue`]), compute the plan, prepare the edited
//! documents ([`document_edits`]), the decision ([`render_decision`]) and the posting bundle
//! ([`bundle_files`]), then commit and tag.

use super::decision::{self, Signer};
use super::edit::{self, HistoryEntry};
pub(crate) use super::error::{ApplyError, Findings};
use super::fault::fault;
use super::journal::Lock;
use super::plan::{Plan, plan_with};
use super::transaction::{self, Write};
use crate::diag::Severity;
use crate::git::Publication;
use crate::model::{Date, Document};
use crate::qms::Qms;
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Signs the rendered decision (PDF bytes in, signed PDF bytes out).
pub(crate) type SignFn<'a> = dyn Fn(&[u8]) -> Result<Vec<u8>, crate::sign::Error> + 'a;

/// Why a person's edit of the change summaries cancelled the publication.
pub(crate) type EditCancelled = Box<dyn std::error::Error + Send + Sync>;

/// Edits the change summaries in place; an error cancels the publication.
pub(crate) type EditFn<'a> = dyn Fn(&mut [(String, String)]) -> Result<(), EditCancelled> + 'a;

pub(crate) struct Options<'a> {
    /// The decision number as given: `15` or `15/QĐ-UBND`.
    pub number: String,
    pub date: String,
    /// The change summary for every changed document; else proposed from commit subjects.
    pub message: Option<String>,
    /// Signs the decision PDF when a key was given.
    pub sign: Option<&'a SignFn<'a>>,
    /// Lets a person edit the proposed change summaries, (code, summary) pairs.
    pub edit: Option<&'a EditFn<'a>>,
    /// The signature block's title lines (`--signer-title`); else qms.yaml's, else the head's.
    pub signer_title: Vec<String>,
    /// Who signs (`--signer`); else qms.yaml's `signer`, else the head.
    pub signer: Option<String>,
}

/// The result of a publication.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Outcome {
    pub tag: String,
    pub commit: String,
    pub decision: PathBuf,
    /// The posting bundle, `publish/<tag>/`.
    pub bundle: PathBuf,
    pub number: String,
    pub files: Vec<PathBuf>,
    /// HEAD was detached: the publication is on no branch, and `git push` does not send it.
    pub detached: bool,
}

/// The decision this publication issues: its number with symbol, date and tag.
struct Issue {
    number: String,
    date: Date,
    /// `2026-03-02`, as written into the documents.
    date_iso: String,
    tag: String,
}

pub(crate) fn apply(qms: &Qms, opts: &Options<'_>) -> Result<Outcome, ApplyError> {
    let mut lock = Lock::take(qms.repo.repo.path())?;
    fault("lock")?;
    preflight(qms)?;
    fault("preflight")?;
    let (number, date, pubs) = number_and_date(qms, opts)?;
    let signer = Signer::choose(
        &qms.config().agency,
        &opts.signer_title,
        opts.signer.as_deref(),
    )?;
    let plan = plan_with(&qms.workspace, &qms.repo, &pubs)?;
    fault("plan")?;
    if !plan.first && plan.is_empty() {
        let since = plan.since.as_ref().map_or("", |p| p.tag.as_str());
        return Err(ApplyError::NothingToPublish {
            since: since.to_string(),
        });
    }
    let issue = Issue {
        number,
        date,
        date_iso: date.to_string(),
        tag: format!("{}{}", qms.config().tag_prefix(), plan.next_number),
    };
    let mut writes = document_edits(qms, &plan, &issue, opts)?;
    fault("edits")?;
    let decision_issue = decision::Issue {
        number: &issue.number,
        date: issue.date,
        signer: &signer,
    };
    let decision = Write {
        rel: decision::path(&issue.number, issue.date),
        bytes: decision::render(qms, &plan, &decision_issue)?.into_bytes(),
    };
    let bundle = bundle_files(qms, &plan, &writes, &decision, &issue, opts)?;
    let decision_rel = decision.rel.clone();
    writes.push(decision);
    writes.extend(bundle);
    fault("prepare")?;

    // The repository changes from here on: see `transaction` for the order and the undoing.
    let message = commit_message(&plan, &qms.workspace, &issue);
    let detached = qms.repo.repo.head_detached().unwrap_or(false);
    let publication = transaction::Publication {
        writes: &writes,
        prefix: &qms.repo.prefix,
        tag: &issue.tag,
        message: &message,
    };
    let commit = transaction::publish(&qms.repo.repo, &mut lock, &publication)?;
    Ok(Outcome {
        detached,
        bundle: PathBuf::from("publish").join(&issue.tag),
        tag: issue.tag,
        commit: commit.to_string(),
        decision: decision_rel,
        number: issue.number,
        files: writes.iter().map(|w| w.rel.clone()).collect(),
    })
}

/// What must hold before anything is prepared: the repository is where the QMS was loaded
/// from, the work tree is clean (what is published is what is committed), and the QMS passes
/// `check`.
fn preflight(qms: &Qms) -> Result<(), ApplyError> {
    let repo = &qms.repo.repo;
    let head = repo.head().ok().and_then(|h| h.target());
    if head != qms.head {
        return Err(ApplyError::Moved);
    }
    let mut so = git2::StatusOptions::new();
    so.include_untracked(true)
        .include_ignored(false)
        .recurse_untracked_dirs(true);
    let dirty: Vec<String> = repo
        .statuses(Some(&mut so))?
        .iter()
        .filter(|s| s.status() != git2::Status::CURRENT)
        .filter_map(|s| s.path().ok().map(str::to_string))
        .collect();
    if !dirty.is_empty() {
        return Err(ApplyError::Dirty(dirty));
    }
    let ws = &qms.workspace;
    let findings = crate::rules::check(ws);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Err(ApplyError::NotPassing(Box::new(Findings {
            findings,
            files: ws.files,
            documents: ws.documents.len(),
        })));
    }
    Ok(())
}

/// The decision's number (with the agency's symbol) and date, checked against the earlier
/// publications: a number is used once, dates never go back. Also returns those publications.
fn number_and_date(
    qms: &Qms,
    opts: &Options<'_>,
) -> Result<(String, Date, Vec<Publication>), ApplyError> {
    let date = Date::parse(&opts.date).ok_or_else(|| ApplyError::BadDate(opts.date.clone()))?;
    check_not_too_late(date)?;
    let symbol = qms
        .config()
        .agency
        .decision_symbol
        .as_ref()
        .map(|s| s.value.as_str());
    let number = number_symbol(&opts.number, symbol)?;
    let pubs = qms.publications()?;
    if let Some(p) = pubs.iter().find(|p| p.decision.as_deref() == Some(&number)) {
        return Err(ApplyError::NumberUsed {
            number,
            tag: p.tag.clone(),
        });
    }
    if let Some(last) = pubs.last()
        && let Some(prev) = publication_date(last)
        && date < prev
    {
        return Err(ApplyError::DateBeforeLast {
            date,
            tag: last.tag.clone(),
            prev,
        });
    }
    Ok((number, date, pubs))
}

/// `15` → `15/QĐ-UBND` with the agency's symbol; `15/QĐ-UBND` as it is. A number below 10
/// takes a leading zero (Decree 30/2020, Appendix I: "Số: 05/QĐ-UBND"); 0 is no number.
fn number_symbol(number: &str, symbol: Option<&str>) -> Result<String, ApplyError> {
    let n = crate::text::nfc(number.trim()).into_owned();
    let (digits, rest) = n
        .split_once('/')
        .map_or((n.as_str(), None), |(d, r)| (d, Some(r)));
    let value = (digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<u32>().ok())
        .flatten()
        .filter(|v| *v > 0);
    let ok_rest =
        rest.is_none_or(|r| !r.is_empty() && r.chars().all(|c| c.is_alphanumeric() || c == '-'));
    let Some(value) = value.filter(|_| ok_rest) else {
        return Err(ApplyError::BadNumber(n));
    };
    let digits = format!("{value:02}");
    match (rest, symbol) {
        (Some(r), _) => Ok(format!("{digits}/{r}")),
        (None, Some(s)) if !s.trim().is_empty() => Ok(format!("{digits}/{}", s.trim())),
        (None, _) => Err(ApplyError::NoDecisionSymbol),
    }
}

/// A decision is not dated more than a year ahead of today (Vietnam time).
fn check_not_too_late(date: Date) -> Result<(), ApplyError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        + crate::sign::time::VN_OFFSET;
    let (y, m, d, ..) = crate::sign::time::civil(secs);
    let latest = Date::new(
        u16::try_from(y + 1).unwrap_or(u16::MAX),
        m as u8,
        d.min(28) as u8,
    );
    match latest {
        Some(latest) if date > latest => Err(ApplyError::DateTooLate(date)),
        _ => Ok(()),
    }
}

/// The date of a publication's decision, from its tag's `Qmsdoc-Date:` trailer.
fn publication_date(p: &crate::git::Publication) -> Option<Date> {
    p.date.as_deref().and_then(Date::parse)
}

/// The subjects of the commits since the publication that touched each path.
fn subjects_by_path(
    repo: &git2::Repository,
    since: Option<git2::Oid>,
    prefix: &Path,
) -> Result<BTreeMap<PathBuf, Vec<String>>, git2::Error> {
    let mut out: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut walk = repo.revwalk()?;
    walk.push_head()?;
    if let Some(s) = since {
        walk.hide(s)?;
    }
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let subject = commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or("")
            .trim()
            .to_string();
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&commit.tree()?), None)?;
        for d in diff.deltas() {
            if let Some(p) = d.new_file().path()
                && let Ok(rel) = p.strip_prefix(prefix)
            {
                let list = out.entry(rel.to_path_buf()).or_default();
                if !subject.is_empty() && !list.contains(&subject) {
                    list.push(subject.clone());
                }
            }
        }
    }
    Ok(out)
}

/// The documents of the QMS by code.
fn by_code(ws: &Workspace) -> BTreeMap<&str, &Document> {
    ws.documents
        .iter()
        .map(|d| (d.code_str().trim(), d))
        .collect()
}

/// Every edit of a document the publication makes: new revision, effective date and history
/// entry of each added or changed document, withdrawn ones marked so, earlier decisions
/// marked superseded.
fn document_edits(
    qms: &Qms,
    plan: &Plan,
    issue: &Issue,
    opts: &Options<'_>,
) -> Result<Vec<Write>, ApplyError> {
    let summaries = change_summaries(qms, plan, opts)?;
    let mut writes = bumped_documents(qms, plan, issue, &summaries)?;
    writes.extend(withdrawn_documents(qms, plan, issue)?);
    writes.extend(superseded_decisions(&qms.workspace)?);
    Ok(writes)
}

/// What each history entry says (in Vietnamese: it is written into the documents):
/// --message, else proposed from the commit subjects; then, if asked, edited by a person.
fn change_summaries(
    qms: &Qms,
    plan: &Plan,
    opts: &Options<'_>,
) -> Result<BTreeMap<String, String>, ApplyError> {
    let since = plan.since.as_ref().map(|p| p.commit);
    let subjects = subjects_by_path(&qms.repo.repo, since, &qms.repo.prefix)?;
    let mut summaries: Vec<(String, String)> = plan
        .added
        .iter()
        .chain(&plan.changed)
        .map(|item| {
            let changes = match &opts.message {
                Some(m) => m.clone(),
                None if item.revision == 0 => "Ban hành lần đầu".to_string(),
                None => subjects
                    .get(&item.path)
                    .map(|s| s.join("; "))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "Sửa đổi, bổ sung".to_string()),
            };
            (item.code.clone(), changes)
        })
        .collect();
    if let Some(edit) = opts.edit
        && !summaries.is_empty()
    {
        edit(&mut summaries).map_err(ApplyError::Edit)?;
    }
    Ok(summaries.into_iter().collect())
}

/// A document's text with `set` and a history entry applied.
fn edited(
    path: &Path,
    text: &str,
    set: &[(&str, String)],
    history: Option<&HistoryEntry>,
) -> Result<Write, ApplyError> {
    let text = edit::apply(text, set, history).map_err(|error| ApplyError::EditDocument {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(Write {
        rel: path.to_path_buf(),
        bytes: text.into_bytes(),
    })
}

/// Added and changed documents: the next revision, the effective date, in force, and the
/// history entry with the change summary.
fn bumped_documents(
    qms: &Qms,
    plan: &Plan,
    issue: &Issue,
    summaries: &BTreeMap<String, String>,
) -> Result<Vec<Write>, ApplyError> {
    let docs = by_code(&qms.workspace);
    let mut writes = Vec::new();
    for item in plan.added.iter().chain(&plan.changed) {
        let Some(doc) = docs.get(item.code.as_str()) else {
            continue;
        };
        let changes = summaries.get(&item.code).cloned().unwrap_or_default();
        let mut set = vec![
            ("revision", item.next_revision.to_string()),
            ("effective", issue.date_iso.clone()),
        ];
        if doc
            .status
            .as_ref()
            .is_some_and(|s| s.value == crate::model::Status::Draft)
        {
            set.push(("status", "in-force".to_string()));
        }
        let h = HistoryEntry {
            revision: item.next_revision,
            date: &issue.date_iso,
            changes: &changes,
            decision: &issue.number,
        };
        writes.push(edited(&item.path, doc.source.text(), &set, Some(&h))?);
    }
    Ok(writes)
}

/// Withdrawn documents, marked so; a deleted one comes back from the last publication.
fn withdrawn_documents(qms: &Qms, plan: &Plan, issue: &Issue) -> Result<Vec<Write>, ApplyError> {
    let docs = by_code(&qms.workspace);
    let mut writes = Vec::new();
    for item in &plan.withdrawn {
        let current = match docs.get(item.code.as_str()) {
            Some(d) => d.source.text().to_string(),
            None => match &plan.since {
                Some(p) => qms
                    .repo
                    .file_at(p.commit, &item.path.to_string_lossy())?
                    .unwrap_or_default(),
                None => continue,
            },
        };
        let h = HistoryEntry {
            revision: item.revision,
            date: &issue.date_iso,
            changes: "Thu hồi",
            decision: &issue.number,
        };
        let set = [("status", "withdrawn".to_string())];
        writes.push(edited(&item.path, &current, &set, Some(&h))?);
    }
    Ok(writes)
}

/// The decisions of earlier publications are replaced by this one ("Quyết định này thay
/// thế …" in Article 2): they stay in the repository, marked superseded.
fn superseded_decisions(ws: &Workspace) -> Result<Vec<Write>, ApplyError> {
    let mut writes = Vec::new();
    for d in &ws.documents {
        let is_decision = d.kind.as_ref().map(|k| k.value) == Some(crate::model::Kind::Decision);
        let in_force = matches!(
            d.status.as_ref().map(|s| s.value),
            None | Some(crate::model::Status::InForce)
        );
        if !is_decision || !in_force {
            continue;
        }
        let rel = d
            .source
            .path()
            .strip_prefix(&ws.root)
            .unwrap_or(d.source.path());
        let set = [("status", "superseded".to_string())];
        writes.push(edited(rel, d.source.text(), &set, None)?);
    }
    Ok(writes)
}

/// The message of the commit and of the tag: the decision in words, then the trailers
/// that later publications read back (`Qmsdoc-Decision:`, `Qmsdoc-Date:`).
fn commit_message(plan: &Plan, ws: &Workspace, issue: &Issue) -> String {
    let title = decision::title(plan, ws);
    let (number, date) = (&issue.number, &issue.date_iso);
    format!(
        "{}: {title}\n\n{}: {number}\n{}: {date}\n",
        decision_words(number, issue.date),
        crate::git::DECISION_TRAILER,
        crate::git::DATE_TRAILER
    )
}

/// "Quyết định số 15/QĐ-UBND ngày 02/03/2026".
fn decision_words(number: &str, date: Date) -> String {
    let date_vn = format!("{:02}/{:02}/{}", date.day, date.month, date.year);
    format!("Quyết định số {number} ngày {date_vn}")
}

/// Renders the decision and every document in force as they will be once published, signs
/// the decision when asked, and adds the register, `manifest.json` and `index.html`: the
/// posting bundle `publish/<tag>/`. Nothing is written here.
fn bundle_files(
    qms: &Qms,
    plan: &Plan,
    writes: &[Write],
    decision: &Write,
    issue: &Issue,
    opts: &Options<'_>,
) -> Result<Vec<Write>, ApplyError> {
    use crate::publish::bundle;
    let sources = posting_sources(qms, plan, writes, decision);
    let (mut entries, docs) = render_entries(qms.root(), qms.config(), &sources)?;
    // The decision first, signed when a key was given.
    if let Some(mut decision) = entries.pop() {
        if let Some(sign) = opts.sign {
            decision.bytes = sign(&decision.bytes).map_err(ApplyError::Sign)?;
            decision.signed = true;
        }
        entries.insert(0, decision);
    }
    let agency = qms
        .config()
        .agency
        .name
        .as_ref()
        .map_or("", |n| n.value.as_str());
    entries.push(register_entry(&docs, agency, issue.date)?);
    fault("render")?;
    let b = bundle::Bundle {
        tag: &issue.tag,
        agency,
        number: &issue.number,
        date: issue.date,
        public_url: qms.config().public_url.as_ref().map(|u| u.value.as_str()),
        entries: &entries,
    };
    let dir = PathBuf::from("publish").join(&issue.tag);
    let mut out = vec![
        Write {
            rel: dir.join("manifest.json"),
            bytes: bundle::manifest(&b).into_bytes(),
        },
        Write {
            rel: dir.join("index.html"),
            bytes: bundle::index_html(&b).into_bytes(),
        },
    ];
    out.extend(entries.into_iter().map(|e| Write {
        rel: dir.join(&e.file),
        bytes: e.bytes,
    }));
    Ok(out)
}

/// Each document of the annex as it will read after the publication (its edited text, or as
/// it is), then the decision last.
fn posting_sources(
    qms: &Qms,
    plan: &Plan,
    writes: &[Write],
    decision: &Write,
) -> Vec<(PathBuf, String)> {
    let new_text: BTreeMap<&Path, &[u8]> = writes
        .iter()
        .map(|w| (w.rel.as_path(), w.bytes.as_slice()))
        .collect();
    let by_path: BTreeMap<PathBuf, &Document> = qms
        .workspace
        .documents
        .iter()
        .filter_map(|d| {
            d.source
                .path()
                .strip_prefix(qms.root())
                .ok()
                .map(|p| (p.to_path_buf(), d))
        })
        .collect();
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    for item in &plan.annex {
        let text = match new_text.get(item.path.as_path()) {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => match by_path.get(&item.path) {
                Some(d) => d.source.text().to_string(),
                None => continue,
            },
        };
        sources.push((item.path.clone(), text));
    }
    sources.push((
        decision.rel.clone(),
        String::from_utf8_lossy(&decision.bytes).into_owned(),
    ));
    sources
}

/// Renders every source to PDF, in parallel: the bundle entries and the documents they were
/// read as (the last source's document, the decision's, is not returned).
fn render_entries(
    root: &Path,
    config: &crate::model::Config,
    sources: &[(PathBuf, String)],
) -> Result<(Vec<crate::publish::bundle::Entry>, Vec<Document>), ApplyError> {
    use rayon::prelude::*;
    let rendered: Vec<Result<_, ApplyError>> = sources
        .par_iter()
        .map(|(rel, text)| render_entry(root, config, rel, text))
        .collect();
    let mut entries = Vec::with_capacity(rendered.len() + 1);
    let mut docs = Vec::with_capacity(rendered.len());
    for r in rendered {
        let (e, d) = r?;
        entries.push(e);
        docs.push(d);
    }
    docs.pop();
    Ok((entries, docs))
}

/// One document, parsed from its text and rendered, as an entry of the bundle.
fn render_entry(
    root: &Path,
    config: &crate::model::Config,
    rel: &Path,
    text: &str,
) -> Result<(crate::publish::bundle::Entry, Document), ApplyError> {
    let path = root.join(rel);
    let file = std::sync::Arc::new(crate::source::SourceFile::new(
        path.clone(),
        text.to_string(),
    ));
    let (doc, _) = crate::workspace::parse_document(&file);
    let doc = doc.ok_or_else(|| ApplyError::Unreadable(rel.to_path_buf()))?;
    let pdf =
        crate::pdf::render_document(config, &doc, text).map_err(|error| ApplyError::Render {
            path,
            text: text.to_string(),
            error,
        })?;
    let code = doc.code_str().trim().to_string();
    let entry = crate::publish::bundle::Entry {
        file: format!("{code}.pdf"),
        title: doc
            .title
            .as_ref()
            .map_or(String::new(), |t| t.value.clone()),
        kind: doc
            .kind
            .as_ref()
            .map_or("", |k| k.value.label_vi())
            .to_string(),
        revision: doc.revision.as_ref().map(|r| r.value),
        effective: doc.effective.as_ref().map(|e| e.value),
        code,
        bytes: pdf.bytes,
        signed: false,
    };
    Ok((entry, doc))
}

/// The document register of the bundle, as of the decision's date.
fn register_entry(
    docs: &[Document],
    agency: &str,
    date: Date,
) -> Result<crate::publish::bundle::Entry, ApplyError> {
    let refs: Vec<&Document> = docs.iter().collect();
    let register =
        crate::pdf::register::render(&refs, agency, Some(date)).map_err(ApplyError::Register)?;
    Ok(crate::publish::bundle::Entry {
        file: "danh-muc-tai-lieu.pdf".into(),
        code: String::new(),
        title: "Danh mục tài liệu Hệ thống quản lý chất lượng".into(),
        kind: "Danh mục".into(),
        revision: None,
        effective: Some(date),
        bytes: register.bytes,
        signed: false,
    })
}
