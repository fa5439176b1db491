//! `publish --apply`: bumps revisions and effective dates, appends change-history entries,
//! marks withdrawn documents, writes the decision, then makes one commit and an annotated tag.
//!
//! All contents are prepared in memory first; the repository changes only at the end, in
//! steps that are each undone if a later one fails: the work tree, the index, HEAD and the
//! tags are left exactly as they were, and the message says what failed.

use super::edit::{self, HistoryEntry};
use super::plan::{Plan, plan};
use crate::diag::Severity;
use crate::git::QmsRepo;
use crate::model::Date;
use crate::templates;
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Signs the rendered decision (PDF bytes in, signed PDF bytes out).
pub type SignFn<'a> = dyn Fn(&[u8]) -> Result<Vec<u8>, String> + 'a;

/// Edits the change summaries in place; an error cancels the publication.
pub type EditFn<'a> = dyn Fn(&mut [(String, String)]) -> Result<(), String> + 'a;

pub struct Options<'a> {
    /// The decision number as given: `15` or `15/QĐ-UBND`.
    pub number: String,
    pub date: String,
    /// The change summary for every changed document; else proposed from commit subjects.
    pub message: Option<String>,
    /// Signs the decision PDF when a key was given.
    pub sign: Option<&'a SignFn<'a>>,
    /// Lets a person edit the proposed change summaries, (code, summary) pairs.
    pub edit: Option<&'a EditFn<'a>>,
}

/// The result of a publication.
#[derive(Debug, serde::Serialize)]
pub struct Outcome {
    pub tag: String,
    pub commit: String,
    pub decision: PathBuf,
    /// The posting bundle, `publish/<tag>/`.
    pub bundle: PathBuf,
    pub number: String,
    pub files: Vec<PathBuf>,
}

#[derive(Debug)]
pub struct ApplyError(pub String);

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApplyError {}

fn err(s: String) -> ApplyError {
    ApplyError(s)
}

impl From<crate::git::GitError> for ApplyError {
    fn from(e: crate::git::GitError) -> Self {
        ApplyError(e.to_string())
    }
}

impl From<git2::Error> for ApplyError {
    fn from(e: git2::Error) -> Self {
        ApplyError(tr!("lỗi git: {}", "git error: {}", e.message()))
    }
}

/// Fails on purpose at a named step when the test build asks for it (`QMSDOC_FAIL_AT`), so
/// that the tests can prove each step is undone.
fn fault(step: &str) -> Result<(), ApplyError> {
    if cfg!(feature = "fault-injection") && std::env::var("QMSDOC_FAIL_AT").is_ok_and(|s| s == step)
    {
        return Err(err(format!("fault injected at step {step}")));
    }
    Ok(())
}

/// A lock file in `.git` that refuses a second publish while one is running.
struct Lock(PathBuf);

impl Lock {
    fn take(git_dir: &Path) -> Result<Lock, ApplyError> {
        let path = git_dir.join("qmsdoc-publish.lock");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => Ok(Lock(path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(err(tr!(
                "một lần công bố khác đang chạy (khóa {})\ngợi ý: nếu không có lần nào đang chạy, xóa tệp khóa đó",
                "another publish is running (lock {})\nhelp: if none is, delete that lock file",
                path.display()
            ))),
            Err(e) => Err(err(tr!(
                "không tạo được khóa {}: {e}",
                "cannot create the lock {}: {e}",
                path.display()
            ))),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `15` → `15/QĐ-UBND` with the agency's symbol; `15/QĐ-UBND` as it is.
fn number_symbol(number: &str, symbol: Option<&str>) -> Result<String, ApplyError> {
    let n = crate::text::nfc(number.trim()).into_owned();
    let (digits, rest) = n
        .split_once('/')
        .map_or((n.as_str(), None), |(d, r)| (d, Some(r)));
    let ok_digits =
        !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit());
    let ok_rest =
        rest.is_none_or(|r| !r.is_empty() && r.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !ok_digits || !ok_rest {
        return Err(err(tr!(
            "số quyết định \"{n}\" không hợp lệ\ngợi ý: --number 15 hoặc --number 15/QĐ-UBND",
            "decision number \"{n}\" is not valid\nhelp: --number 15 or --number 15/QĐ-UBND"
        )));
    }
    match (rest, symbol) {
        (Some(_), _) => Ok(n),
        (None, Some(s)) if !s.trim().is_empty() => Ok(format!("{digits}/{}", s.trim())),
        (None, _) => Err(err(tr!(
            "chưa có ký hiệu quyết định: ghi --number 15/QĐ-UBND, hoặc agency.decision_symbol trong qms.yaml",
            "no decision symbol: give --number 15/QĐ-UBND, or set agency.decision_symbol in qms.yaml"
        ))),
    }
}

/// The date a publication's tag message gives ("… ngày 02/03/2026"), else its commit date.
fn publication_date(p: &crate::git::Publication) -> Option<Date> {
    let m = &p.message;
    m.match_indices("ngày ").find_map(|(i, _)| {
        let rest = &m[i + "ngày ".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-'))
            .unwrap_or(rest.len());
        Date::parse(&rest[..end])
    })
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

/// A file the publication writes: its path relative to the QMS root and new content.
struct Write {
    rel: PathBuf,
    bytes: Vec<u8>,
}

pub fn apply(root: &Path, opts: &Options<'_>) -> Result<Outcome, ApplyError> {
    let qrepo = QmsRepo::open(root)?;
    let repo = &qrepo.repo;
    let _lock = Lock::take(repo.path())?;
    fault("lock")?;

    // The work tree must be clean: what is published is what is committed.
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
        let list = dirty.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        return Err(err(tr!(
            "thư mục làm việc còn thay đổi chưa commit: {list}\ngợi ý: git add … && git commit, rồi chạy lại",
            "the work tree has uncommitted changes: {list}\nhelp: git add … && git commit, then run again"
        )));
    }

    let ws = Workspace::load(root);
    let findings = crate::rules::check(&ws);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        let mut text = Vec::new();
        let summary = crate::report::Summary::new(ws.files, ws.documents.len(), &findings);
        let _ = crate::report::write(crate::report::Format::Human, &findings, &summary, &mut text);
        return Err(err(tr!(
            "HTQLCL chưa qua kiểm tra ({errors} lỗi): sửa rồi công bố\n\n{}",
            "the QMS does not pass check ({errors} errors): fix them, then publish\n\n{}",
            String::from_utf8_lossy(&text)
        )));
    }

    let date = Date::parse(&opts.date).ok_or_else(|| {
        let d = &opts.date;
        err(tr!(
            "ngày \"{d}\" không hợp lệ\ngợi ý: --date 2026-03-02 hoặc --date 02/03/2026",
            "date \"{d}\" is not valid\nhelp: --date 2026-03-02 or --date 02/03/2026"
        ))
    })?;
    let symbol = ws
        .config
        .agency
        .decision_symbol
        .as_ref()
        .map(|s| s.value.as_str());
    let number = number_symbol(&opts.number, symbol)?;
    let pubs = qrepo.publications(ws.config.tag_prefix())?;
    if let Some(p) = pubs
        .iter()
        .find(|p| p.message.contains(&format!("số {number} ")))
    {
        let tag = &p.tag;
        return Err(err(tr!(
            "số quyết định {number} đã dùng cho lần công bố {tag}",
            "decision number {number} was already used by publication {tag}"
        )));
    }
    if let Some(last) = pubs.last()
        && let Some(prev) = publication_date(last)
        && date < prev
    {
        let tag = &last.tag;
        return Err(err(tr!(
            "ngày {date} trước ngày của lần công bố {tag} ({prev})",
            "date {date} is before the date of publication {tag} ({prev})"
        )));
    }

    let plan: Plan = plan(&ws, &qrepo).map_err(|e| err(e.to_string()))?;
    if !plan.first && plan.is_empty() {
        let tag = plan.since.as_ref().map_or("", |p| p.tag.as_str());
        return Err(err(tr!(
            "không có gì để công bố: không có thay đổi nào từ {tag}",
            "nothing to publish: nothing changed since {tag}"
        )));
    }

    // Everything the publication writes, prepared in memory.
    let date_iso = date.to_string();
    let subjects = subjects_by_path(repo, plan.since.as_ref().map(|p| p.commit), &qrepo.prefix)?;
    let mut writes: Vec<Write> = Vec::new();
    let docs_by_code: BTreeMap<&str, &crate::model::Document> = ws
        .documents
        .iter()
        .map(|d| (d.code_str().trim(), d))
        .collect();
    // What each history entry says (in Vietnamese: it is written into the documents):
    // --message, else proposed from the commit subjects; then, if asked, edited by a person.
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
        edit(&mut summaries).map_err(err)?;
    }
    let summary_of: BTreeMap<String, String> = summaries.into_iter().collect();
    for item in plan.added.iter().chain(&plan.changed) {
        let Some(doc) = docs_by_code.get(item.code.as_str()) else {
            continue;
        };
        let changes = summary_of.get(&item.code).cloned().unwrap_or_default();
        let mut set = vec![
            ("revision", item.next_revision.to_string()),
            ("effective", date_iso.clone()),
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
            date: &date_iso,
            changes: &changes,
            decision: &number,
        };
        let text = edit::apply(doc.source.text(), &set, Some(&h))
            .map_err(|e| err(format!("{}: {}", item.path.display(), e.0)))?;
        writes.push(Write {
            rel: item.path.clone(),
            bytes: text.into_bytes(),
        });
    }
    for item in &plan.withdrawn {
        // A deleted document comes back from the last publication, marked withdrawn.
        let current = match docs_by_code.get(item.code.as_str()) {
            Some(d) => d.source.text().to_string(),
            None => match &plan.since {
                Some(p) => qrepo
                    .file_at(p.commit, &item.path.to_string_lossy())?
                    .unwrap_or_default(),
                None => continue,
            },
        };
        let changes = "Thu hồi";
        let h = HistoryEntry {
            revision: item.revision,
            date: &date_iso,
            changes,
            decision: &number,
        };
        let text = edit::apply(&current, &[("status", "withdrawn".to_string())], Some(&h))
            .map_err(|e| err(format!("{}: {}", item.path.display(), e.0)))?;
        writes.push(Write {
            rel: item.path.clone(),
            bytes: text.into_bytes(),
        });
    }
    // The decisions of earlier publications are replaced by this one ("Quyết định này thay
    // thế …" in Article 2): they stay in the repository, marked superseded.
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
            .strip_prefix(root)
            .unwrap_or(d.source.path())
            .to_path_buf();
        let text = edit::apply(
            d.source.text(),
            &[("status", "superseded".to_string())],
            None,
        )
        .map_err(|e| err(format!("{}: {}", rel.display(), e.0)))?;
        writes.push(Write {
            rel,
            bytes: text.into_bytes(),
        });
    }
    let decision_rel = decision_path(&number, date);
    let decision = render_decision(root, &ws, &plan, &number, date)?;
    let tag_name = format!("{}{}", ws.config.tag_prefix(), plan.next_number);
    let bundle = bundle_files(
        root,
        &ws,
        &plan,
        &writes,
        (&decision_rel, &decision),
        &number,
        date,
        &tag_name,
        opts,
    )?;
    writes.push(Write {
        rel: decision_rel.clone(),
        bytes: decision.into_bytes(),
    });
    writes.extend(bundle);
    fault("prepare")?;

    // The repository changes from here on; each step is undone if a later one fails.
    let mut tx = Transaction::new(repo, root, &qrepo.prefix);
    let result = (|| -> Result<Outcome, ApplyError> {
        tx.write_files(&writes)?;
        fault("files")?;
        let mut index = repo.index()?;
        for w in &writes {
            index.add_path(&qrepo.prefix.join(&w.rel))?;
        }
        let tree = repo.find_tree(index.write_tree()?)?;
        let sig = repo.signature().map_err(|_| err(tr!(
            "git chưa biết tên người commit\ngợi ý: git config user.name \"…\" && git config user.email \"…\"",
            "git does not know who commits\nhelp: git config user.name \"…\" && git config user.email \"…\""
        )))?;
        let head = repo.head()?.peel_to_commit()?;
        let title = decision_title(&plan, &ws);
        let tag_name = tag_name.clone();
        let date_vn = format!("{:02}/{:02}/{}", date.day, date.month, date.year);
        let message = format!("Quyết định số {number} ngày {date_vn}: {title}\n");
        let commit = repo.commit(None, &sig, &sig, &message, &tree, &[&head])?;
        fault("commit")?;
        let tag_obj = repo.tag_annotation_create(
            &tag_name,
            &repo.find_object(commit, None)?,
            &sig,
            &message,
        )?;
        tx.write_index(&mut index)?;
        fault("index")?;
        tx.move_head(commit, &message)?;
        fault("head")?;
        tx.create_tag(&tag_name, tag_obj)?;
        fault("tag")?;
        let tag = tag_name.clone();
        Ok(Outcome {
            tag: tag_name,
            commit: commit.to_string(),
            decision: decision_rel.clone(),
            bundle: PathBuf::from("publish").join(&tag),
            number: number.clone(),
            files: writes.iter().map(|w| w.rel.clone()).collect(),
        })
    })();
    match result {
        Ok(o) => Ok(o),
        Err(e) => {
            let undo = tx.rollback();
            Err(match undo {
                Ok(()) => err(tr!(
                    "công bố thất bại, kho được giữ nguyên như trước: {e}",
                    "publish failed, the repository is as it was: {e}"
                )),
                Err(u) => err(tr!(
                    "công bố thất bại ({e}) và không hoàn tác được hết: {u}",
                    "publish failed ({e}) and could not be fully undone: {u}"
                )),
            })
        }
    }
}

fn decision_path(number: &str, date: Date) -> PathBuf {
    let n: String = number.split('/').next().unwrap_or(number).to_string();
    PathBuf::from("decisions").join(format!("QD-{n}-{}.md", date.year))
}

fn decision_title(plan: &Plan, ws: &Workspace) -> String {
    let standard = ws
        .config
        .standard
        .as_ref()
        .map_or("TCVN ISO 9001:2015", |s| s.value.as_str());
    let what = if plan.first {
        "công bố"
    } else {
        "công bố lại"
    };
    format!("Về việc {what} Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia {standard}")
}

/// The decision from `templates/decision.md` of the QMS when it has one, else the built-in one.
fn render_decision(
    root: &Path,
    ws: &Workspace,
    plan: &Plan,
    number: &str,
    date: Date,
) -> Result<String, ApplyError> {
    let own = root.join("templates/decision.md");
    let template = match std::fs::read_to_string(&own) {
        Ok(t) => t,
        Err(_) => templates::DECISION.text.to_string(),
    };
    let a = &ws.config.agency;
    let get = |v: &Option<crate::model::Sp<String>>, default: &str| {
        v.as_ref().map_or(default.to_string(), |s| s.value.clone())
    };
    let agency = get(&a.name, "…");
    let head_title = get(&a.head_title, "Chủ tịch");
    let standard = ws
        .config
        .standard
        .as_ref()
        .map_or("TCVN ISO 9001:2015".to_string(), |s| s.value.clone());
    let publication = if plan.first {
        "công bố"
    } else {
        "công bố lại"
    };
    let mut annex = String::from(
        "| TT | Mã tài liệu | Tên tài liệu | Lần ban hành | Ngày hiệu lực |\n|:-:|---|---|:-:|:-:|\n",
    );
    let effective: BTreeMap<&str, String> = ws
        .documents
        .iter()
        .map(|d| {
            (
                d.code_str().trim(),
                d.effective
                    .as_ref()
                    .map_or(String::new(), |e| e.value.vn_short()),
            )
        })
        .collect();
    let bumped: std::collections::BTreeSet<&str> = plan
        .added
        .iter()
        .chain(&plan.changed)
        .map(|i| i.code.as_str())
        .collect();
    for (i, item) in plan.annex.iter().enumerate() {
        let eff = if bumped.contains(item.code.as_str()) {
            date.vn_short()
        } else {
            effective
                .get(item.code.as_str())
                .cloned()
                .unwrap_or_default()
        };
        let title = item.title.replace('|', "\\|");
        annex.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i + 1,
            item.code,
            title,
            item.next_revision,
            eff
        ));
    }
    let replaces = match &plan.since {
        Some(p) => {
            let first = p
                .message
                .lines()
                .next()
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if first.is_empty() {
                String::new()
            } else {
                format!(" Quyết định này thay thế {first}.")
            }
        }
        None => String::new(),
    };
    let article1 = format!(
        "{} Hệ thống quản lý chất lượng của {agency} phù hợp Tiêu chuẩn quốc gia {standard}, gồm {} tài liệu theo Danh mục kèm theo Quyết định này.",
        if plan.first {
            "Công bố"
        } else {
            "Công bố lại"
        },
        plan.annex.len()
    );
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert(
        "code",
        decision_path(number, date)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    vars.insert("title", decision_title(plan, ws));
    vars.insert("number_symbol", number.to_string());
    vars.insert("date", date.to_string());
    vars.insert("date_vn", date.vn_long());
    vars.insert("publication", publication.to_string());
    vars.insert("standard", standard);
    vars.insert(
        "authority",
        format!("{} {}", head_title.to_uppercase(), agency.to_uppercase()),
    );
    vars.insert("agency", agency);
    vars.insert("parent", get(&a.parent, "…"));
    vars.insert("place", get(&a.place, "…"));
    vars.insert("head", get(&a.head, "…"));
    vars.insert("head_title", head_title.clone());
    vars.insert("signer_title", head_title.to_uppercase());
    vars.insert("article1", article1);
    vars.insert("replaces", replaces);
    vars.insert("annex", annex);
    templates::render(&template, &vars).map_err(|e| {
        let path = if own.exists() {
            own.display().to_string()
        } else {
            templates::DECISION.path.to_string()
        };
        err(format!("{path}: {e}"))
    })
}

/// Renders the decision and every document in force as they will be once published, signs
/// the decision when asked, and adds the register, `manifest.json` and `index.html`: the
/// posting bundle `publish/<tag>/`. Nothing is written here.
#[allow(clippy::too_many_arguments)]
fn bundle_files(
    root: &Path,
    ws: &Workspace,
    plan: &Plan,
    writes: &[Write],
    decision: (&Path, &str),
    number: &str,
    date: Date,
    tag: &str,
    opts: &Options<'_>,
) -> Result<Vec<Write>, ApplyError> {
    use crate::publish::bundle::{self, Entry};
    use rayon::prelude::*;
    let new_text: BTreeMap<&Path, &[u8]> = writes
        .iter()
        .map(|w| (w.rel.as_path(), w.bytes.as_slice()))
        .collect();
    let by_path: BTreeMap<PathBuf, &crate::model::Document> = ws
        .documents
        .iter()
        .filter_map(|d| {
            d.source
                .path()
                .strip_prefix(root)
                .ok()
                .map(|p| (p.to_path_buf(), d))
        })
        .collect();
    // Each document as it will read after the publication: its edited text, or as it is.
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
    sources.push((decision.0.to_path_buf(), decision.1.to_string()));
    let rendered: Vec<Result<(Entry, crate::model::Document), ApplyError>> = sources
        .par_iter()
        .map(|(rel, text)| {
            let file =
                std::sync::Arc::new(crate::source::SourceFile::new(root.join(rel), text.clone()));
            let (doc, _) = crate::workspace::parse_document(&file);
            let doc = doc.ok_or_else(|| {
                err(tr!(
                    "{}: không đọc được tài liệu sau khi sửa",
                    "{}: the document cannot be read once edited",
                    rel.display()
                ))
            })?;
            let pdf = crate::pdf::render_document(&ws.config, &doc, text)
                .map_err(|e| err(e.describe(&root.join(rel), text)))?;
            let code = doc.code_str().trim().to_string();
            let entry = Entry {
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
        })
        .collect();
    let mut entries = Vec::with_capacity(rendered.len() + 1);
    let mut docs = Vec::with_capacity(rendered.len());
    for r in rendered {
        let (e, d) = r?;
        entries.push(e);
        docs.push(d);
    }
    // The decision first, signed when a key was given.
    if let Some(mut decision) = entries.pop() {
        docs.pop();
        if let Some(sign) = opts.sign {
            decision.bytes = sign(&decision.bytes).map_err(|e| {
                err(tr!(
                    "ký quyết định thất bại: {e}",
                    "signing the decision failed: {e}"
                ))
            })?;
            decision.signed = true;
        }
        entries.insert(0, decision);
    }
    let agency = ws
        .config
        .agency
        .name
        .as_ref()
        .map_or("", |n| n.value.as_str());
    let refs: Vec<&crate::model::Document> = docs.iter().collect();
    let register =
        crate::pdf::register::render(&refs, agency, Some(date)).map_err(|e| err(e.to_string()))?;
    entries.push(Entry {
        file: "danh-muc-tai-lieu.pdf".into(),
        code: String::new(),
        title: "Danh mục tài liệu Hệ thống quản lý chất lượng".into(),
        kind: "Danh mục".into(),
        revision: None,
        effective: Some(date),
        bytes: register.bytes,
        signed: false,
    });
    fault("render")?;
    let b = bundle::Bundle {
        tag,
        agency,
        number,
        date,
        public_url: ws.config.public_url.as_ref().map(|u| u.value.as_str()),
        entries: &entries,
    };
    let dir = PathBuf::from("publish").join(tag);
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

/// The steps that change the repository, and what undoes each.
struct Transaction<'r> {
    repo: &'r git2::Repository,
    root: PathBuf,
    /// Files written: (path, previous content or None when new).
    written: Vec<(PathBuf, Option<Vec<u8>>)>,
    index_before: Option<Option<Vec<u8>>>,
    head_before: Option<(Option<String>, git2::Oid)>,
    tag_created: Option<String>,
}

impl<'r> Transaction<'r> {
    fn new(repo: &'r git2::Repository, root: &Path, _prefix: &Path) -> Self {
        Transaction {
            repo,
            root: root.to_path_buf(),
            written: Vec::new(),
            index_before: None,
            head_before: None,
            tag_created: None,
        }
    }

    fn write_files(&mut self, writes: &[Write]) -> Result<(), ApplyError> {
        for w in writes {
            let path = self.root.join(&w.rel);
            let before = std::fs::read(&path).ok();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| err(format!("{}: {e}", dir.display())))?;
            }
            self.written.push((path.clone(), before));
            crate::fsutil::write_atomic(&path, &w.bytes)
                .map_err(|e| err(format!("{}: {e}", path.display())))?;
        }
        Ok(())
    }

    fn write_index(&mut self, index: &mut git2::Index) -> Result<(), ApplyError> {
        let path = self.repo.path().join("index");
        self.index_before = Some(std::fs::read(&path).ok());
        index.write()?;
        Ok(())
    }

    fn move_head(&mut self, commit: git2::Oid, message: &str) -> Result<(), ApplyError> {
        let head = self.repo.head()?;
        let old = head.peel_to_commit()?.id();
        if head.is_branch() {
            let name = head.name().unwrap_or("HEAD").to_string();
            self.head_before = Some((Some(name.clone()), old));
            self.repo.reference(&name, commit, true, message)?;
        } else {
            self.head_before = Some((None, old));
            self.repo.set_head_detached(commit)?;
        }
        Ok(())
    }

    fn create_tag(&mut self, name: &str, tag: git2::Oid) -> Result<(), ApplyError> {
        let refname = format!("refs/tags/{name}");
        self.repo
            .reference(&refname, tag, false, "qmsdoc publish")?;
        self.tag_created = Some(refname);
        Ok(())
    }

    /// Undoes what was done, last step first.
    fn rollback(&mut self) -> Result<(), String> {
        let mut problems = Vec::new();
        if let Some(r) = self.tag_created.take()
            && let Err(e) = self.repo.find_reference(&r).and_then(|mut r| r.delete())
        {
            problems.push(format!("tag: {}", e.message()));
        }
        if let Some((branch, old)) = self.head_before.take() {
            let r = match branch {
                Some(name) => self
                    .repo
                    .reference(&name, old, true, "qmsdoc publish: undo")
                    .map(|_| ()),
                None => self.repo.set_head_detached(old),
            };
            if let Err(e) = r {
                problems.push(format!("HEAD: {}", e.message()));
            }
        }
        if let Some(before) = self.index_before.take() {
            let path = self.repo.path().join("index");
            let r = match before {
                Some(bytes) => crate::fsutil::write_atomic(&path, &bytes),
                None => std::fs::remove_file(&path),
            };
            if let Err(e) = r {
                problems.push(format!("index: {e}"));
            }
        }
        for (path, before) in self.written.drain(..).rev() {
            let r = match before {
                Some(bytes) => crate::fsutil::write_atomic(&path, &bytes),
                None => std::fs::remove_file(&path),
            };
            if let Err(e) = r {
                problems.push(format!("{}: {e}", path.display()));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}
