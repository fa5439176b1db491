//! Edits of a document's front matter that `publish --apply` makes — revision, effective
//! date, change history, status — done on the text so that everything else (comments, order,
//! quoting) stays exactly as the secretary wrote it.

use crate::frontmatter;
use crate::model::fields::{self, DOCUMENT};
use crate::templates::yaml_scalar;
use crate::yaml::{self, Limits, Node, Value};

/// One change-history entry.
pub(crate) struct HistoryEntry<'a> {
    pub revision: i64,
    pub date: &'a str,
    pub changes: &'a str,
    pub decision: &'a str,
}

/// Why the front matter of a document could not be edited.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum EditError {
    NoFrontMatter,
    Yaml(crate::yaml::YamlError),
    /// The key holds a list or a map where a single value is expected.
    NotSingle(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoFrontMatter => f.write_str("no front matter"),
            EditError::Yaml(e) => f.write_str(&e.message),
            EditError::NotSingle(key) => write!(f, "`{key}` is not a single value"),
        }
    }
}

impl std::error::Error for EditError {}

/// The top-level entry of the front matter for a canonical key.
fn find<'a>(root: &'a Node, text: &str, key: &str) -> Option<&'a (Node, Node)> {
    root.as_map()?
        .iter()
        .find(|(k, _)| fields::lookup(DOCUMENT, k.key_text(text)).is_some_and(|f| f.key == key))
}

/// Replaces or adds top-level scalar fields and appends a history entry.
pub(crate) fn apply(
    text: &str,
    set: &[(&str, String)],
    history: Option<&HistoryEntry>,
) -> Result<String, EditError> {
    let split = frontmatter::split(text).map_err(|_| EditError::NoFrontMatter)?;
    let root = yaml::parse(
        &text[split.yaml.start..split.yaml.end],
        split.yaml.start,
        Limits::FrontMatter,
    )
    .map_err(EditError::Yaml)?;
    // Edits as (start, end, replacement), applied from the end so offsets stay valid.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let nl = if text[split.yaml.start..split.yaml.end].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut appended = String::new();
    for (key, value) in set {
        match find(&root, text, key) {
            Some((_, v)) if !matches!(v.value, Value::Seq(_) | Value::Map(_)) => {
                // A null value has an empty span right after the colon.
                let replacement = if v.span.start == v.span.end {
                    format!(" {value}")
                } else {
                    value.clone()
                };
                edits.push((v.span.start, v.span.end, replacement));
            }
            Some(_) => return Err(EditError::NotSingle(key.to_string())),
            None => appended.push_str(&format!("{key}: {value}{nl}")),
        }
    }
    if let Some(h) = history {
        let item = format!(
            "  - {{ revision: {}, date: {}, changes: {}, decision: {} }}",
            h.revision,
            h.date,
            yaml_scalar(h.changes),
            yaml_scalar(h.decision)
        );
        match find(&root, text, "history") {
            Some((_, v))
                if matches!(&v.value, Value::Seq(items) if !items.is_empty())
                    && !text[v.span.start..v.span.end].trim_start().starts_with('[') =>
            {
                // A block list: the new item goes on the line after its last item.
                let end = text[v.span.end..split.yaml.end]
                    .find('\n')
                    .map_or(split.yaml.end, |i| v.span.end + i + 1);
                edits.push((end, end, format!("{item}{nl}")));
            }
            Some((k, v)) => {
                // Empty, null or a flow list: rewritten as a block list.
                let existing = match &v.value {
                    Value::Seq(items) => items
                        .iter()
                        .map(|i| format!("  - {}{nl}", i.raw(text)))
                        .collect::<String>(),
                    _ => String::new(),
                };
                let end = text[v.span.end..split.yaml.end]
                    .find('\n')
                    .map_or(split.yaml.end, |i| v.span.end + i + 1);
                let key = k.raw(text);
                edits.push((k.span.start, end, format!("{key}:{nl}{existing}{item}{nl}")));
            }
            None => appended.push_str(&format!("history:{nl}{item}{nl}")),
        }
    }
    if !appended.is_empty() {
        edits.push((split.yaml.end, split.yaml.end, appended));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, replacement) in edits {
        out.replace_range(start..end, &replacement);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_and_appends_keeping_the_rest() {
        let text = "---\nkind: form # mẫu\ncode: BM-01\nrevision: 1\neffective: 2026-01-05\nhistory:\n  - { revision: 1, date: 2026-01-05, changes: Ban hành lần đầu }\n---\nBody\n";
        let h = HistoryEntry {
            revision: 2,
            date: "2026-03-02",
            changes: "Sửa mục 5: thời hạn",
            decision: "15/QĐ-UBND",
        };
        let out = apply(
            text,
            &[("revision", "2".into()), ("effective", "2026-03-02".into())],
            Some(&h),
        )
        .unwrap();
        assert_eq!(
            out,
            "---\nkind: form # mẫu\ncode: BM-01\nrevision: 2\neffective: 2026-03-02\nhistory:\n  - { revision: 1, date: 2026-01-05, changes: Ban hành lần đầu }\n  - { revision: 2, date: 2026-03-02, changes: \"Sửa mục 5: thời hạn\", decision: 15/QĐ-UBND }\n---\nBody\n"
        );
    }

    #[test]
    fn adds_missing_fields_and_history() {
        let text = "---\nkind: form\ncode: BM-01\nrevision: 0\n---\n";
        let h = HistoryEntry {
            revision: 1,
            date: "2026-01-05",
            changes: "Ban hành lần đầu",
            decision: "01/QĐ-UBND",
        };
        let out = apply(
            text,
            &[("revision", "1".into()), ("effective", "2026-01-05".into())],
            Some(&h),
        )
        .unwrap();
        assert_eq!(
            out,
            "---\nkind: form\ncode: BM-01\nrevision: 1\neffective: 2026-01-05\nhistory:\n  - { revision: 1, date: 2026-01-05, changes: Ban hành lần đầu, decision: 01/QĐ-UBND }\n---\n"
        );
    }

    #[test]
    fn flow_history_becomes_a_block_and_crlf_is_kept() {
        let text = "---\r\ncode: A\r\nstatus: in-force\r\nhistory: []\r\n---\r\n";
        let h = HistoryEntry {
            revision: 1,
            date: "2026-01-05",
            changes: "X",
            decision: "1/QĐ",
        };
        let out = apply(text, &[("status", "withdrawn".into())], Some(&h)).unwrap();
        assert_eq!(
            out,
            "---\r\ncode: A\r\nstatus: withdrawn\r\nhistory:\r\n  - { revision: 1, date: 2026-01-05, changes: X, decision: 1/QĐ }\r\n---\r\n"
        );
    }
}
