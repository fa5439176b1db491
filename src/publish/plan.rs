//! The publication plan: what changed in the QMS since the last publication tag, by document
//! code (a renamed or moved file is the same document), and what the decision will say.

use crate::frontmatter;
use crate::git::{GitError, Publication, QmsRepo};
use crate::model::fields::{self, DOCUMENT};
use crate::model::legal::LegalStatus;
use crate::model::{Catalog, Document, Register, Status};
use crate::source::SourceFile;
use crate::workspace::{self, Workspace};
use crate::yaml::{self, Limits};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Front-matter fields that `publish` itself writes: changing them is not a change of the
/// document.
const MANAGED: &[&str] = &["revision", "effective", "history"];

/// A hash of what a publication is about: the text without the fields `publish` manages.
pub(crate) fn fingerprint(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    let text = text.trim_start_matches('\u{FEFF}');
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    if let Ok(split) = frontmatter::split(text)
        && let Ok(root) = yaml::parse(
            &text[split.yaml.start..split.yaml.end],
            split.yaml.start,
            Limits::FrontMatter,
        )
        && let Some(map) = root.as_map()
    {
        for (i, (k, _)) in map.iter().enumerate() {
            let managed = fields::lookup(DOCUMENT, k.key_text(text))
                .is_some_and(|f| MANAGED.contains(&f.key));
            if managed {
                let end = map
                    .get(i + 1)
                    .map_or(split.yaml.end, |(next, _)| next.span.start);
                cuts.push((k.span.start, end));
            }
        }
    }
    let mut pos = 0;
    for (start, end) in cuts {
        text[pos..start].replace("\r\n", "\n").hash(&mut h);
        pos = end;
    }
    text[pos..].replace("\r\n", "\n").hash(&mut h);
    h.finish()
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Item {
    pub code: String,
    pub title: String,
    pub path: PathBuf,
    /// The revision as published last (0 for a new document).
    pub revision: i64,
    /// The revision the publication will give it.
    pub next_revision: i64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Renamed {
    pub code: String,
    pub from: PathBuf,
    pub to: PathBuf,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct LegalChange {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub replaced_by: Option<String>,
    /// Codes of the documents in force that cite it.
    pub cited_by: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Plan {
    /// True when there is no publication tag yet: the decision is a first publication.
    pub first: bool,
    pub since: Option<Publication>,
    /// The number the next publication tag will have.
    pub next_number: u64,
    pub added: Vec<Item>,
    pub changed: Vec<Item>,
    pub withdrawn: Vec<Item>,
    pub renamed: Vec<Renamed>,
    /// A file whose code changed: its old code is withdrawn and its new one added.
    pub code_changes: Vec<(String, String)>,
    pub legal: Vec<LegalChange>,
    pub tthc_added: Vec<String>,
    pub tthc_removed: Vec<String>,
    /// Every document in force after the publication: the annex of the decision.
    pub annex: Vec<Item>,
}

impl Plan {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.withdrawn.is_empty()
            && self.legal.is_empty()
            && self.tthc_added.is_empty()
            && self.tthc_removed.is_empty()
    }
}

/// What a document looked like at one point: its path and fingerprint.
struct State {
    path: PathBuf,
    fingerprint: u64,
    title: String,
    revision: i64,
    status: Option<Status>,
}

fn state(doc: &Document, path: PathBuf, text: &str) -> State {
    State {
        path,
        fingerprint: fingerprint(text),
        title: doc.title_str().to_string(),
        revision: doc.revision.as_ref().map_or(0, |r| r.value),
        status: doc.status.as_ref().map(|s| s.value),
    }
}

/// The publication decisions, like the other records (audits, reviews, corrective
/// actions…), are what was done, not documents of the QMS: they are neither published nor
/// listed in the annex.
fn is_decision(doc: &Document) -> bool {
    doc.kind.as_ref().is_some_and(|k| k.value.is_record())
}

fn live(status: Option<Status>) -> bool {
    !matches!(status, Some(Status::Withdrawn | Status::Superseded))
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Computes the plan of the QMS loaded in `ws`, against the last publication in `repo`.
pub(crate) fn plan(ws: &Workspace, repo: &QmsRepo) -> Result<Plan, PlanError> {
    let pubs = repo.publications(ws.config.tag_prefix())?;
    plan_with(ws, repo, &pubs)
}

/// The plan against the last of `pubs`, the publications already read from `repo`.
pub(crate) fn plan_with(
    ws: &Workspace,
    repo: &QmsRepo,
    pubs: &[Publication],
) -> Result<Plan, PlanError> {
    if pubs.is_empty() && repo.is_shallow() {
        return Err(PlanError::Shallow);
    }
    let since = pubs.last().cloned();
    let excludes = workspace::excludes(&ws.root, &ws.config);

    let mut old: BTreeMap<String, State> = BTreeMap::new();
    // Who cited each legal document when it was last published: a procedure updated since
    // to cite the replacement still has to be re-published.
    let mut old_citations: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(p) = &since {
        for s in repo.documents_at(p.commit, &excludes)? {
            let code = s.doc.code_str().trim().to_string();
            if code.is_empty() || is_decision(&s.doc) {
                continue;
            }
            for l in &s.doc.legal_basis {
                old_citations
                    .entry(l.value.trim().to_string())
                    .or_default()
                    .insert(code.clone());
            }
            old.insert(code, state(&s.doc, s.path, &s.text));
        }
    }
    let mut new: BTreeMap<String, State> = BTreeMap::new();
    for doc in &ws.documents {
        let code = doc.code_str().trim().to_string();
        if code.is_empty() || is_decision(doc) {
            continue;
        }
        new.insert(
            code,
            state(doc, rel(&ws.root, doc.source.path()), doc.source.text()),
        );
    }

    let item = |code: &str, s: &State, old_rev: i64, bump: bool| Item {
        code: code.to_string(),
        title: s.title.clone(),
        path: s.path.clone(),
        revision: old_rev,
        next_revision: if bump { old_rev + 1 } else { old_rev },
    };
    let (mut added, mut changed, mut withdrawn, mut renamed, mut annex) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (code, n) in &new {
        match old.get(code) {
            None if live(n.status) => added.push(item(code, n, 0, true)),
            None => {}
            Some(o) => {
                if o.path != n.path {
                    renamed.push(Renamed {
                        code: code.clone(),
                        from: o.path.clone(),
                        to: n.path.clone(),
                    });
                }
                if live(o.status) && !live(n.status) {
                    withdrawn.push(item(code, n, o.revision, false));
                } else if live(n.status) && (o.fingerprint != n.fingerprint || !live(o.status)) {
                    changed.push(item(code, n, o.revision, true));
                }
            }
        }
    }
    for (code, o) in &old {
        if !new.contains_key(code) && live(o.status) {
            withdrawn.push(item(code, o, o.revision, false));
        }
    }
    for (code, n) in &new {
        if !live(n.status) {
            continue;
        }
        let listed = added.iter().chain(&changed).find(|i| &i.code == code);
        annex.push(match listed {
            Some(i) => i.clone(),
            None => item(
                code,
                n,
                old.get(code).map_or(n.revision, |o| o.revision),
                false,
            ),
        });
    }
    // A file that keeps its path but changes its code: said as such.
    let code_changes = withdrawn
        .iter()
        .filter_map(|w| {
            added
                .iter()
                .find(|a| a.path == w.path)
                .map(|a| (w.code.clone(), a.code.clone()))
        })
        .collect();

    let (legal, tthc_added, tthc_removed) = match &since {
        Some(p) => scope_changes(ws, repo, p, &old_citations)?,
        None => (Vec::new(), Vec::new(), Vec::new()),
    };

    Ok(Plan {
        first: since.is_none(),
        next_number: since.as_ref().map_or(1, |p| p.number + 1),
        since,
        added,
        changed,
        withdrawn,
        renamed,
        code_changes,
        legal,
        tthc_added,
        tthc_removed,
        annex,
    })
}

type ScopeChanges = (Vec<LegalChange>, Vec<String>, Vec<String>);

/// Legal documents replaced or expired since the publication (and who cites them), TTHC
/// added to or removed from the catalog.
fn scope_changes(
    ws: &Workspace,
    repo: &QmsRepo,
    since: &Publication,
    old_citations: &BTreeMap<String, BTreeSet<String>>,
) -> Result<ScopeChanges, GitError> {
    let mut ignored = Vec::new();
    let old_register = repo
        .file_at(since.commit, workspace::REGISTER_FILE)?
        .and_then(|text| {
            let file = Arc::new(SourceFile::new(
                PathBuf::from(workspace::REGISTER_FILE),
                text,
            ));
            workspace::parse_yaml(&file, &mut ignored, Register::read)
        });
    let old_catalog = repo
        .file_at(since.commit, workspace::CATALOG_FILE)?
        .and_then(|text| {
            let file = Arc::new(SourceFile::new(
                PathBuf::from(workspace::CATALOG_FILE),
                text,
            ));
            workspace::parse_yaml(&file, &mut ignored, Catalog::read)
        });
    let was_in_force = |id: &str| {
        old_register
            .as_ref()
            .and_then(|r| r.get(id))
            .and_then(|d| d.status.as_ref())
            .is_none_or(|s| s.value.in_force())
    };
    let mut legal = Vec::new();
    for d in ws.register.iter().flat_map(|r| &r.docs) {
        let (Some(id), Some(status)) = (&d.id, &d.status) else {
            continue;
        };
        let id = id.value.trim();
        if status.value.in_force() || !was_in_force(id) {
            continue;
        }
        let mut cited_by: BTreeSet<String> = ws
            .documents
            .iter()
            .filter(|doc| {
                !crate::rules::retired(doc) && doc.legal_basis.iter().any(|l| l.value.trim() == id)
            })
            .map(|doc| doc.code_str().to_string())
            .collect();
        cited_by.extend(old_citations.get(id).into_iter().flatten().cloned());
        let cited_by = cited_by.into_iter().collect();
        legal.push(LegalChange {
            id: id.to_string(),
            name: d.display(),
            status: match status.value {
                LegalStatus::Expired => "expired",
                _ => "replaced",
            },
            replaced_by: d.replaced_by.as_ref().map(|r| r.value.trim().to_string()),
            cited_by,
        });
    }
    let codes = |c: Option<&Catalog>| -> BTreeSet<String> {
        c.iter()
            .flat_map(|c| &c.entries)
            .filter_map(|e| e.code.as_ref().map(|c| c.value.trim().to_string()))
            .collect()
    };
    let (before, after) = (codes(old_catalog.as_ref()), codes(ws.catalog.as_ref()));
    Ok((
        legal,
        after.difference(&before).cloned().collect(),
        before.difference(&after).cloned().collect(),
    ))
}

#[derive(Debug)]
pub(crate) enum PlanError {
    Git(GitError),
    /// A shallow clone without publication tags: the history is incomplete.
    Shallow,
}

impl From<GitError> for PlanError {
    fn from(e: GitError) -> Self {
        PlanError::Git(e)
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            PlanError::Git(e) => e.fmt(f),
            PlanError::Shallow => f.write_str(&tr!(
                "kho git này là bản sao nông (shallow) và không có tag công bố: không biết lần công bố trước\ngợi ý: git fetch --tags --unshallow",
                "this git repository is a shallow clone without publication tags: the last publication is unknown\nhelp: git fetch --tags --unshallow"
            )),
        }
    }
}

impl std::error::Error for PlanError {}
