//! The plan of an import: for each procedure read, whether it is new, changed (which steps)
//! or unchanged, the tables refused and why, the procedures of the QMS the decision does not
//! cover, and the file texts to write. Nothing is written until [`Plan::apply`].

use super::cases;
use super::recognise::{self, Procedure};
use super::write::{self, Entry, Limit};
use super::{Problem, ProblemKind, heading};
use crate::model::{Document, Kind};
use crate::templates::{self, DocumentVars};
use crate::workspace::Workspace;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub(crate) struct Options {
    pub files: Vec<PathBuf>,
    pub root: PathBuf,
    /// Only these TTHC codes (all when empty).
    pub only: Vec<String>,
    pub force: bool,
    /// `QT-XA-{n}` or `QT-{tthc}`; else the QMS's own convention.
    pub code_pattern: Option<String>,
    pub year: i64,
}

/// What the import does with one procedure or table, or notes about the QMS.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub(crate) enum Item {
    Added {
        file: String,
        table: usize,
        tthc: Option<String>,
        code: String,
        title: String,
        path: String,
        steps: usize,
    },
    Changed {
        file: String,
        table: usize,
        tthc: Option<String>,
        code: String,
        path: String,
        steps: Vec<String>,
    },
    Unchanged {
        file: String,
        table: usize,
        tthc: Option<String>,
        code: String,
        path: String,
    },
    /// Not written (unless `forced`), with the reasons.
    Refused {
        file: String,
        table: usize,
        heading: String,
        problems: Vec<(Option<usize>, String)>,
        forced: bool,
    },
    Unreadable {
        file: String,
        message: String,
    },
    NotInDecision {
        tthc: String,
        code: String,
        path: String,
    },
}

/// What the agency has to finish in a procedure the import wrote.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Note {
    /// The table gives a total per case but does not say which steps each case goes through.
    MarkCases {
        file: String,
        table: usize,
        path: String,
        cases: Vec<String>,
    },
    /// TTHC the decision names without a code, written into the catalog with the code blank.
    CodesToFill { path: String, names: Vec<String> },
    /// A case whose limit neither the table nor the text before it gives.
    CaseWithoutLimit {
        file: String,
        table: usize,
        path: String,
        case: String,
        name: String,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Note::MarkCases {
                file,
                table,
                path,
                cases,
            } => {
                let ids = cases.join(", ");
                crate::tr!(
                    "{file}, bảng {table}: bảng ghi tổng thời gian cho từng trường hợp ({ids}) nhưng không ghi bước nào thuộc trường hợp nào; hãy ghi `cases` ở các bước chỉ thuộc một số trường hợp trong {path} (khi chưa ghi, `qmsdoc check` báo T002 ở trường hợp ngắn hơn)",
                    "{file}, table {table}: the table gives a total per case ({ids}) but not which steps each case goes through; mark `cases` on the steps that belong to some cases only in {path} (until then `qmsdoc check` reports T002 for the shorter case)"
                )
            }
            Note::CodesToFill { path, names } => {
                let n = names.len();
                crate::tr!(
                    "{n} TTHC quyết định không ghi mã được ghi vào {path} với mã để trống (`code: \"\"`): điền mã trên Cổng Dịch vụ công quốc gia rồi chạy lại `qmsdoc import`, quy trình của chúng sẽ được nhập theo tên; `qmsdoc check` chỉ ra từng TTHC còn thiếu mã",
                    "{n} TTHC the decision gives no code for are written into {path} with the code blank (`code: \"\"`): fill in the codes from the National Public Service Portal and run `qmsdoc import` again, their procedures are then imported by name; `qmsdoc check` lists each TTHC still without a code"
                )
            }
            Note::CaseWithoutLimit {
                file,
                table,
                path,
                case,
                name,
            } => crate::tr!(
                "{file}, bảng {table}: trường hợp {case} \"{name}\" không có thời hạn (không có dòng tổng của trường hợp, không có dòng \"Trường hợp …: N ngày\" trước bảng); đã ghi `time_limit: \"\"`, hãy điền trong {path}",
                "{file}, table {table}: case {case} \"{name}\" has no time limit (no total row for it, no \"Trường hợp …: N ngày\" line before the table); written as `time_limit: \"\"`, fill it in in {path}"
            ),
        };
        f.write_str(&s)
    }
}

/// A file read: its decision number and how many tables it has.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct FileSummary {
    pub file: String,
    pub decision: Option<String>,
    pub tables: usize,
    pub step_tables: usize,
}

#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Plan {
    pub files: Vec<FileSummary>,
    pub items: Vec<Item>,
    pub notes: Vec<Note>,
    pub catalog_added: Vec<String>,
    #[serde(skip)]
    pub writes: Vec<(PathBuf, String)>,
}

impl Plan {
    /// Writes the planned files, each atomically.
    pub(crate) fn apply(&self) -> std::io::Result<()> {
        for (path, text) in &self.writes {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            crate::fsutil::write_atomic(path, text.as_bytes())?;
        }
        Ok(())
    }

    pub(crate) fn has_problems(&self) -> bool {
        self.items.iter().any(|i| {
            matches!(
                i,
                Item::Refused { forced: false, .. } | Item::Unreadable { .. }
            )
        })
    }
}

/// Reads the files and plans the writes to the QMS at `opts.root`.
pub(crate) fn plan(opts: &Options) -> Plan {
    let ws = Workspace::load(&opts.root);
    let mut st = State::new(&ws, opts);
    for file in &opts.files {
        st.file(file);
    }
    st.finish()
}

struct State<'a> {
    ws: &'a Workspace,
    opts: &'a Options,
    plan: Plan,
    naming: Naming,
    /// TTHC codes read in this import.
    seen: HashSet<String>,
    catalog_text: Option<String>,
    /// TTHC to add to the catalog: code, name, time limit.
    catalog_new: Vec<(String, String, Option<String>)>,
    /// The codes and names of the file being read (its list, then the catalog).
    names: Vec<(String, String)>,
}

impl<'a> State<'a> {
    fn new(ws: &'a Workspace, opts: &'a Options) -> State<'a> {
        let catalog_path = opts.root.join("tthc/catalog.yaml");
        State {
            ws,
            opts,
            plan: Plan::default(),
            naming: Naming::new(ws, opts),
            seen: HashSet::new(),
            catalog_text: std::fs::read_to_string(catalog_path).ok(),
            catalog_new: Vec::new(),
            names: Vec::new(),
        }
    }

    fn file(&mut self, path: &Path) {
        let shown = crate::source::shown(path);
        let (tables, text) = match super::read_file(path) {
            Ok(t) => t,
            Err(e) => {
                self.plan.items.push(Item::Unreadable {
                    file: shown,
                    message: e.to_string(),
                });
                return;
            }
        };
        let decision = heading::decision_number(&text);
        let source = match &decision {
            Some(d) => crate::tr!("Quyết định số {d}", "Decision No. {d}"),
            None => shown.clone(),
        };
        // Codes by name: the decision's own list of TTHC, then the QMS's catalog (many
        // decisions name the TTHC without its code; the agency's catalog has it).
        let mut list = heading::code_list(&text);
        list.extend(
            self.ws
                .catalog
                .iter()
                .flat_map(|c| &c.entries)
                .filter_map(|e| {
                    let code = e.code.as_ref()?.value.trim().to_string();
                    // An entry whose code is still blank names nothing yet.
                    if code.is_empty() {
                        return None;
                    }
                    Some((code, e.name.as_ref()?.value.clone()))
                }),
        );
        let mut read = Vec::new();
        for (i, t) in tables.iter().enumerate() {
            if !recognise::is_step_table(t) {
                continue;
            }
            let (mut procs, problems) = recognise::recognise(t, i + 1);
            // No code before the table: the list may give it by name.
            for p in procs.iter_mut().filter(|p| p.tthc.is_none()) {
                p.tthc = p.name.as_deref().and_then(|n| heading::code_for(&list, n));
            }
            read.push(cases::Read {
                index: i + 1,
                table: t,
                procs,
                problems,
            });
        }
        let step_tables = read.len();
        self.names = list;
        for r in cases::join_case_tables(read) {
            self.table(&shown, &source, r.table, r.index, r.procs, r.problems);
        }
        self.plan.files.push(FileSummary {
            file: shown,
            decision,
            tables: tables.len(),
            step_tables,
        });
    }

    fn table(
        &mut self,
        file: &str,
        source: &str,
        t: &super::table::RawTable,
        index: usize,
        procs: Vec<Procedure>,
        mut problems: Vec<Problem>,
    ) {
        let wanted = |p: &Procedure| {
            self.opts.only.is_empty() || p.tthc.as_ref().is_some_and(|c| self.opts.only.contains(c))
        };
        let mut procs: Vec<Procedure> = procs.into_iter().filter(wanted).collect();
        if procs.is_empty() && problems.is_empty() || !self.opts.only.is_empty() && procs.is_empty()
        {
            return;
        }
        if !self.opts.force {
            for p in procs.iter().filter(|p| p.tthc.is_none()) {
                if let Some(name) = &p.name {
                    self.stub(name, p.time_limit.as_deref());
                }
            }
        }
        for p in &mut procs {
            let missing = match &p.tthc {
                None => Some(ProblemKind::NoCode {
                    near: p
                        .name
                        .as_deref()
                        .and_then(|n| heading::near(&self.names, n)),
                }),
                Some(c) if self.seen.contains(c) => Some(ProblemKind::Twice(c.clone())),
                Some(_) => None,
            };
            p.problems.extend(missing.map(|kind| Problem {
                table: index,
                row: None,
                kind,
            }));
        }
        // A problem of the table, or of its only procedure, refuses the table; in a table of
        // several procedures (Đồng Nai 2776: fifteen), each is refused for its own.
        if !problems.is_empty() || procs.len() == 1 {
            problems.extend(
                procs
                    .iter_mut()
                    .flat_map(|p| std::mem::take(&mut p.problems)),
            );
            let head = procs.first().and_then(|p| p.name.clone());
            if !self.refuse(file, t, index, head, &problems) {
                return;
            }
        }
        for p in procs {
            if !p.problems.is_empty() && !self.refuse(file, t, index, p.name.clone(), &p.problems) {
                continue;
            }
            if let Some(c) = &p.tthc
                && !self.seen.insert(c.clone())
            {
                continue;
            }
            self.procedure(file, source, p);
        }
    }

    /// Reports a table, or a procedure of it, as refused; whether it is written all the same
    /// (`--force`). Nothing to report: written.
    fn refuse(
        &mut self,
        file: &str,
        t: &super::table::RawTable,
        index: usize,
        name: Option<String>,
        problems: &[Problem],
    ) -> bool {
        if problems.is_empty() {
            return true;
        }
        let head = name
            .or_else(|| heading::tthc_name(&t.heading))
            .unwrap_or_default();
        self.plan.items.push(Item::Refused {
            file: file.to_string(),
            table: index,
            heading: head.chars().take(100).collect(),
            problems: problems
                .iter()
                .map(|p| (p.row, p.kind.to_string()))
                .collect(),
            forced: self.opts.force,
        });
        self.opts.force
    }

    /// The document of the QMS that holds a TTHC's procedure (by `tthc`, else by title).
    fn existing(&self, p: &Procedure) -> Option<&'a Document> {
        let ws: &'a Workspace = self.ws;
        ws.documents.iter().find(|d| {
            d.kind() == Some(Kind::Procedure)
                && match &p.tthc {
                    Some(c) => d.tthc.as_ref().is_some_and(|t| t.value.trim() == c),
                    None => p.name.as_deref().is_some_and(|n| d.title_str() == n),
                }
        })
    }

    fn procedure(&mut self, file: &str, source: &str, p: Procedure) {
        let comment = format!("{source}; bảng {}", p.table);
        match self.existing(&p) {
            Some(d) => self.update(file, &comment, p, d),
            None => self.add(file, &comment, p),
        }
    }

    fn update(&mut self, file: &str, comment: &str, p: Procedure, d: &Document) {
        let old_text = d.source.text();
        let old = write::old_steps(d);
        let path = d.source.path.clone();
        let (tthc, code, table) = (p.tthc.clone(), d.code_str().to_string(), p.table);
        let shown = crate::source::shown(&path);
        let limit = Limit::of(&p);
        let limits = write::old_limits(d);
        // The same steps cited from the same place as before: nothing to do.
        let same = previous_comment(old_text)
            .map(|c| write::steps_block(&p, &old, &limits, &c))
            .and_then(|b| write::update(old_text, &b, limit).ok())
            .is_some_and(|t| t == old_text);
        if same {
            self.plan.items.push(Item::Unchanged {
                file: file.into(),
                table,
                tthc,
                code,
                path: shown,
            });
            return;
        }
        let block = write::steps_block(&p, &old, &limits, comment);
        match write::update(old_text, &block, limit) {
            Ok(text) => {
                let steps = write::changed_steps(&p, &old);
                let marked = old.iter().any(|o| !o.kept.cases.is_empty());
                self.notes(file, &p, &shown, &limits, marked);
                self.plan.writes.push((path, text));
                self.plan.items.push(Item::Changed {
                    file: file.into(),
                    table,
                    tthc,
                    code,
                    path: shown,
                    steps,
                });
            }
            Err(e) => self.plan.items.push(Item::Refused {
                file: file.into(),
                table,
                heading: shown,
                problems: vec![(None, e.to_string())],
                forced: false,
            }),
        }
    }

    fn add(&mut self, file: &str, comment: &str, p: Procedure) {
        let code = self.naming.next(p.tthc.as_deref());
        let title = p
            .name
            .clone()
            .unwrap_or_else(|| crate::tr!("Bảng {}", "Table {}", p.table));
        let tthc = p.tthc.clone().unwrap_or_default();
        let vars = DocumentVars {
            code: &code,
            title: &title,
            year: self.opts.year,
            tthc: &tthc,
            time_limit: p.overall_limit().unwrap_or(""),
            fee: "",
            legal_basis: &[],
            references: templates::NO_REFERENCES,
        }
        .map();
        let template = if tthc.is_empty() {
            &templates::PROCEDURE_INTERNAL
        } else {
            &templates::PROCEDURE
        };
        let text = match templates::render(template.text, &vars) {
            Ok(t) => cite(&t, comment.split(';').next().unwrap_or(comment)),
            Err(e) => return self.failed(file, &p, e.to_string()),
        };
        let block = write::steps_block(&p, &[], &[], comment);
        let text = match write::update(&text, &block, Limit::of(&p)) {
            Ok(t) => t,
            Err(e) => return self.failed(file, &p, e.to_string()),
        };
        let path = self.naming.folder.join(format!("{code}.md"));
        let steps = p.phases.iter().map(|ph| ph.steps.len()).sum();
        if let Some(c) = &p.tthc
            && self
                .ws
                .catalog
                .as_ref()
                .and_then(|cat| cat.get(c))
                .is_none()
        {
            // One limit per case: the catalog, one limit per TTHC, gets none.
            self.add_to_catalog(c, &title, p.overall_limit());
        }
        self.notes(file, &p, &crate::source::shown(&path), &[], false);
        self.plan.items.push(Item::Added {
            file: file.into(),
            table: p.table,
            tthc: p.tthc.clone(),
            code,
            title,
            path: crate::source::shown(&path),
            steps,
        });
        self.plan.writes.push((path, text));
    }

    /// What the agency has to finish in the procedure written at `path`: the cases of its
    /// steps (unless it `marked` some already), the limits of cases that have none.
    fn notes(
        &mut self,
        file: &str,
        p: &Procedure,
        path: &str,
        limits: &[(String, String)],
        marked: bool,
    ) {
        let (file, table, path) = (file.to_string(), p.table, path.to_string());
        if p.cases_unmarked() && !marked {
            self.plan.notes.push(Note::MarkCases {
                file: file.clone(),
                table,
                path: path.clone(),
                cases: p.cases.iter().map(|c| c.id.clone()).collect(),
            });
        }
        let unknown = p
            .cases
            .iter()
            .filter(|c| c.time_limit.is_none() && !limits.iter().any(|(id, _)| *id == c.id));
        for c in unknown {
            self.plan.notes.push(Note::CaseWithoutLimit {
                file: file.clone(),
                table,
                path: path.clone(),
                case: c.id.clone(),
                name: c.name.clone(),
            });
        }
    }

    /// A procedure that could not be written (the template or the edit failed).
    fn failed(&mut self, file: &str, p: &Procedure, why: String) {
        self.plan.items.push(Item::Refused {
            file: file.into(),
            table: p.table,
            heading: p.name.clone().unwrap_or_default(),
            problems: vec![(None, why)],
            forced: false,
        });
    }

    /// A TTHC the decision names without its code goes into the catalog with the code left
    /// blank: the agency fills in the codes in one file, and the next import finds each
    /// procedure's code by its name. Once, and not when the catalog has the name already.
    fn stub(&mut self, name: &str, limit: Option<&str>) {
        // "Đối với trường hợp …", "Đối với cá nhân …" or a list item names a case of a TTHC,
        // not a TTHC (Đồng Tháp 138 titles the tables of an article's cases so).
        let folded = crate::text::fold_text(name);
        if ["doi voi ", "truong hop", "trong truong hop"]
            .iter()
            .any(|p| folded.starts_with(p))
            || name.trim_start().starts_with(['-', '+', '*'])
        {
            return;
        }
        let same = |n: &str| crate::text::fold_text(n) == folded;
        let known = self.ws.catalog.iter().flat_map(|c| &c.entries);
        if known
            .filter_map(|e| e.name.as_ref())
            .any(|n| same(&n.value))
            || self.catalog_new.iter().any(|(_, n, _)| same(n))
        {
            return;
        }
        self.add_to_catalog("", name, limit);
    }

    fn add_to_catalog(&mut self, code: &str, name: &str, limit: Option<&str>) {
        self.catalog_new.push((
            code.to_string(),
            name.to_string(),
            limit.map(str::to_string),
        ));
    }

    /// The catalog with every new TTHC, edited once.
    fn write_catalog(&mut self) {
        let entries: Vec<Entry> = self
            .catalog_new
            .iter()
            .map(|(code, name, limit)| Entry {
                code,
                name,
                time_limit: limit.as_deref(),
            })
            .collect();
        if entries.is_empty() {
            return;
        }
        let path = self.opts.root.join("tthc/catalog.yaml");
        match write::catalog_add(self.catalog_text.as_deref(), &entries) {
            Ok(t) => {
                let (coded, blank): (Vec<&Entry>, Vec<&Entry>) =
                    entries.iter().partition(|e| !e.code.is_empty());
                self.plan.catalog_added = coded.iter().map(|e| e.code.to_string()).collect();
                if !blank.is_empty() {
                    self.plan.notes.push(Note::CodesToFill {
                        path: crate::source::shown(&path),
                        names: blank.iter().map(|e| e.name.to_string()).collect(),
                    });
                }
                self.plan.writes.push((path, t));
            }
            Err(e) => self.plan.items.push(Item::Unreadable {
                file: crate::source::shown(&path),
                message: e.to_string(),
            }),
        }
    }

    fn finish(mut self) -> Plan {
        if self.opts.only.is_empty() && !self.seen.is_empty() {
            for d in &self.ws.documents {
                let Some(t) = d.tthc.as_ref().map(|t| t.value.trim().to_string()) else {
                    continue;
                };
                if d.kind() == Some(Kind::Procedure) && !t.is_empty() && !self.seen.contains(&t) {
                    self.plan.items.push(Item::NotInDecision {
                        tthc: t,
                        code: d.code_str().to_string(),
                        path: crate::source::shown(&d.source.path),
                    });
                }
            }
        }
        self.write_catalog();
        self.plan
    }
}

/// The source comment an earlier import wrote in the steps block.
fn previous_comment(text: &str) -> Option<String> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("# Nhập từ "))?;
    let c = line.trim_start().strip_prefix("# Nhập từ ")?;
    Some(c.trim_end().trim_end_matches('.').to_string())
}

/// Names the source decision under "Tài liệu viện dẫn" of a new procedure.
fn cite(text: &str, source: &str) -> String {
    let marker = "Tài liệu viện dẫn\n\n";
    match text.find(marker) {
        Some(i) => {
            let at = i + marker.len();
            format!("{}- {source}.\n{}", &text[..at], &text[at..])
        }
        None => text.to_string(),
    }
}

/// Codes and files of new procedures: `--code-pattern`, else the prefix most procedures of
/// the QMS share ("QT-HT-" in QT-HT-01, QT-HT-02…) with the next free number.
struct Naming {
    pattern: Option<String>,
    prefix: String,
    width: usize,
    next: usize,
    folder: PathBuf,
    used: HashSet<String>,
}

impl Naming {
    fn new(ws: &Workspace, opts: &Options) -> Naming {
        let mut prefixes: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        let mut folders: BTreeMap<PathBuf, usize> = BTreeMap::new();
        for d in ws
            .documents
            .iter()
            .filter(|d| d.kind() == Some(Kind::Procedure))
        {
            let code = d.code_str().trim();
            let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                let (prefix, n) = code.split_at(code.len() - digits);
                let e = prefixes.entry(prefix.to_string()).or_default();
                e.0 += 1;
                e.1 = e.1.max(digits);
                e.2 = e.2.max(n.parse().unwrap_or(0));
            }
            if let Some(dir) = d.source.path.parent() {
                *folders.entry(dir.to_path_buf()).or_default() += 1;
            }
        }
        let best = prefixes.iter().max_by_key(|(_, v)| v.0);
        let (prefix, width, next) = best.map_or(("QT-".to_string(), 2, 1), |(p, v)| {
            (p.clone(), v.1, v.2 + 1)
        });
        let folder = folders
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map_or_else(|| opts.root.join("procedures"), |(f, _)| f);
        Naming {
            pattern: opts.code_pattern.clone(),
            prefix,
            width,
            next,
            folder,
            used: ws
                .documents
                .iter()
                .map(|d| d.code_str().trim().to_string())
                .collect(),
        }
    }

    fn next(&mut self, tthc: Option<&str>) -> String {
        let mut tries = 0;
        loop {
            let n = format!("{:0w$}", self.next, w = self.width);
            let mut code = match &self.pattern {
                Some(p) => p.replace("{n}", &n).replace("{tthc}", tthc.unwrap_or("")),
                None => format!("{}{n}", self.prefix),
            };
            // A pattern without {n} that names a code in use: numbered after a dash.
            if tries > 0 && self.pattern.as_ref().is_some_and(|p| !p.contains("{n}")) {
                code = format!("{code}-{n}");
            }
            tries += 1;
            self.next += 1;
            if self.used.insert(code.clone()) {
                return code;
            }
        }
    }
}
