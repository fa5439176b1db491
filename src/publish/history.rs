//! The published revisions of a document (`qmsdoc history`) and what changed between two of
//! them (`qmsdoc diff`), read from the publication tags.

use super::plan::fingerprint;
use crate::frontmatter;
use crate::git::{GitError, QmsRepo};
use crate::model::fields::{self, Field};
use crate::workspace::{self, Workspace};
use crate::yaml::{self, Limits, Node, Value};
use serde::Serialize;
use std::path::PathBuf;

/// One version of a document: as published by a tag, or as in the work tree (`tag: None`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Version {
    pub tag: Option<String>,
    pub revision: i64,
    pub effective: Option<String>,
    /// The decision that published it (the tag message).
    pub decision: String,
    /// The change-history entry of this revision, when the document has one.
    pub changes: Option<String>,
    pub commit: Option<String>,
    pub path: PathBuf,
    #[serde(skip)]
    pub text: String,
}

/// Every published revision of `code`, oldest first; publications that left the document
/// unchanged are folded into the first one that published its content.
pub(crate) fn published(
    ws: &Workspace,
    repo: &QmsRepo,
    code: &str,
) -> Result<Vec<Version>, GitError> {
    let excludes = workspace::excludes(&ws.root, &ws.config);
    let mut out: Vec<Version> = Vec::new();
    let mut last_print: Option<u64> = None;
    for p in repo.publications(ws.config.tag_prefix())? {
        let Some(stored) = repo
            .documents_at(p.commit, &excludes)?
            .into_iter()
            .find(|s| s.doc.code_str().trim() == code)
        else {
            continue;
        };
        let print = fingerprint(&stored.text);
        if last_print == Some(print) {
            continue;
        }
        last_print = Some(print);
        let revision = stored.doc.revision.as_ref().map_or(0, |r| r.value);
        let changes = stored
            .doc
            .history
            .iter()
            .find(|h| h.revision.as_ref().is_some_and(|r| r.value == revision))
            .and_then(|h| h.changes.as_ref().map(|c| c.value.clone()));
        out.push(Version {
            tag: Some(p.tag.clone()),
            revision,
            effective: stored.doc.effective.as_ref().map(|d| d.value.to_string()),
            decision: p.message.clone(),
            changes,
            commit: Some(p.commit.to_string()),
            path: stored.path,
            text: stored.text,
        });
    }
    Ok(out)
}

/// The document as it is in the work tree.
pub(crate) fn working(ws: &Workspace, code: &str) -> Option<Version> {
    let doc = ws.documents.iter().find(|d| d.code_str().trim() == code)?;
    Some(Version {
        tag: None,
        revision: doc.revision.as_ref().map_or(0, |r| r.value),
        effective: doc.effective.as_ref().map(|d| d.value.to_string()),
        decision: String::new(),
        changes: None,
        commit: None,
        path: doc
            .source
            .path()
            .strip_prefix(&ws.root)
            .unwrap_or(doc.source.path())
            .to_path_buf(),
        text: doc.source.text().to_string(),
    })
}

/// A change of one field, named for a person: "Bước 2 › Thời gian".
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The scalar values of a front matter, flattened: `steps[2].time` → "4 giờ làm việc".
fn flatten(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Ok(split) = frontmatter::split(text) else {
        return out;
    };
    let Ok(root) = yaml::parse(
        &text[split.yaml.start..split.yaml.end],
        split.yaml.start,
        Limits::FrontMatter,
    ) else {
        return out;
    };
    walk(
        &root,
        text,
        fields::DOCUMENT,
        String::new(),
        String::new(),
        &mut out,
    );
    out
}

fn nested(key: &str) -> &'static [Field] {
    match key {
        "steps" => fields::STEP,
        "cases" => fields::CASE,
        "phases" => fields::PHASE,
        "records" => fields::RECORD,
        "objectives" => fields::OBJECTIVE,
        "history" => fields::HISTORY,
        _ => &[],
    }
}

fn short(s: &str) -> &str {
    s.split([':', '(']).next().unwrap_or(s).trim()
}

fn walk(
    node: &Node,
    text: &str,
    table: &'static [Field],
    path: String,
    label: String,
    out: &mut Vec<(String, String, String)>,
) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let name = k.key_text(text);
                let (key, desc) = match fields::lookup(table, name) {
                    Some(f) => (f.key, short(crate::i18n::tr(f.vi, f.en)).to_string()),
                    None => (name, name.to_string()),
                };
                if path.is_empty() && matches!(key, "revision" | "effective" | "history") {
                    continue;
                }
                let p = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                let l = if label.is_empty() {
                    desc
                } else {
                    format!("{label} › {desc}")
                };
                let inner = if path.is_empty() { nested(key) } else { table };
                walk(v, text, inner, p, l, out);
            }
        }
        Value::Seq(items) => {
            // Steps and cases are named as a reader names them ("Bước 2", "Trường hợp 1").
            let named = if std::ptr::eq(table, fields::STEP) {
                Some(crate::i18n::tr("Bước", "Step"))
            } else if std::ptr::eq(table, fields::CASE) {
                Some(crate::i18n::tr("Trường hợp", "Case"))
            } else {
                None
            };
            let noun = crate::i18n::tr("mục", "item");
            for (i, item) in items.iter().enumerate() {
                let n = i + 1;
                let l = match named.filter(|_| matches!(item.value, Value::Map(_))) {
                    Some(name) => format!("{name} {n}"),
                    None => format!("{label} {noun} {n}").trim().to_string(),
                };
                walk(item, text, table, format!("{path}[{n}]"), l, out);
            }
        }
        _ => {
            let value = match &node.value {
                Value::Str(s) => s.clone(),
                Value::Null => String::new(),
                _ => node.raw(text).to_string(),
            };
            out.push((path, label, value));
        }
    }
}

pub(crate) fn field_changes(before: &str, after: &str) -> Vec<FieldChange> {
    let (a, b) = (flatten(before), flatten(after));
    let mut out = Vec::new();
    for (path, label, value) in &a {
        match b.iter().find(|(p, _, _)| p == path) {
            Some((_, _, v)) if v == value => {}
            Some((_, _, v)) => out.push(FieldChange {
                field: path.clone(),
                label: label.clone(),
                before: Some(value.clone()),
                after: Some(v.clone()),
            }),
            None => out.push(FieldChange {
                field: path.clone(),
                label: label.clone(),
                before: Some(value.clone()),
                after: None,
            }),
        }
    }
    for (path, label, value) in &b {
        if !a.iter().any(|(p, _, _)| p == path) {
            out.push(FieldChange {
                field: path.clone(),
                label: label.clone(),
                before: None,
                after: Some(value.clone()),
            });
        }
    }
    out
}

/// The body's changed lines with two lines of context: ("-", line), ("+", line), (" ", line),
/// and ("…", "") between distant hunks.
pub(crate) fn body_diff(before: &str, after: &str) -> Vec<(&'static str, String)> {
    let body = |t: &str| match frontmatter::split(t) {
        Ok(s) => t[s.body.start..].replace("\r\n", "\n"),
        Err(_) => t.replace("\r\n", "\n"),
    };
    let (a, b) = (body(before), body(after));
    let diff = similar::TextDiff::from_lines(&a, &b);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(2).iter().enumerate() {
        if i > 0 {
            out.push(("…", String::new()));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => "-",
                    similar::ChangeTag::Insert => "+",
                    similar::ChangeTag::Equal => " ",
                };
                out.push((sign, change.value().trim_end_matches('\n').to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_to_cases_are_named_by_case_and_step() {
        let before = "---\nkind: procedure\ncases:\n  - { name: Hồ sơ đầy đủ, time_limit: 4 giờ làm việc }\n  - { name: Cần xác minh, time_limit: 1 ngày làm việc }\nsteps:\n  - { task: A, responsible: B, time: 2 giờ làm việc }\n  - { task: C, responsible: D, time: 4 giờ làm việc }\n---\n";
        let after = before
            .replace("time_limit: 4 giờ làm việc", "time_limit: 3 giờ làm việc")
            .replace(
                "time: 4 giờ làm việc }",
                "time: 4 giờ làm việc, cases: [\"2\"] }",
            );
        let changes: Vec<(String, String, Option<String>, Option<String>)> =
            field_changes(before, &after)
                .into_iter()
                .map(|c| (c.field, c.label, c.before, c.after))
                .collect();
        assert_eq!(
            changes,
            [
                (
                    "cases[1].time_limit".to_string(),
                    "Trường hợp 1 › Thời hạn giải quyết của trường hợp này".to_string(),
                    Some("4 giờ làm việc".to_string()),
                    Some("3 giờ làm việc".to_string())
                ),
                (
                    "steps[2].cases[1]".to_string(),
                    "Bước 2 › Các trường hợp mục 1".to_string(),
                    None,
                    Some("2".to_string())
                ),
            ]
        );
    }
}
