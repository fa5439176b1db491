//! SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

use super::display_path;
use crate::diag::{Finding, Severity};
use crate::rule;
use crate::source::LineCol;
use serde_json::{Value, json};
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "note",
    }
}

pub(super) fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let rule_list: Vec<Value> = rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.doc().trim() },
                "defaultConfiguration": { "level": level(r.default) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let (s, e) = f.range();
            let mut message = f.message.clone();
            if let Some(h) = &f.help {
                message.push('\n');
                message.push_str(h);
            }
            let mut result = json!({
                "ruleId": f.rule.code,
                "ruleIndex": rule::ALL.iter().position(|r| std::ptr::eq(*r, f.rule)).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical_location(f, s, e) }]
            });
            let related = related_locations(f);
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "qmsdoc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_list,
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": base_ids(),
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A place in the finding's file; an empty range ends where it starts.
fn physical_location(f: &Finding, s: LineCol, e: LineCol) -> Value {
    json!({
        "artifactLocation": artifact(&display_path(f)),
        "region": {
            "startLine": s.line,
            "startColumn": s.column,
            "endLine": e.line,
            "endColumn": e.column.max(if e.line == s.line { s.column } else { 1 }),
        }
    })
}

/// The finding's secondary places, numbered from 1 as SARIF asks.
fn related_locations(f: &Finding) -> Vec<Value> {
    let crate::diag::Place::Span(file, _) = &f.place else {
        return Vec::new();
    };
    f.labels
        .iter()
        .enumerate()
        .map(|(i, (span, note))| {
            let (s, e) = file.range(*span);
            json!({
                "id": i + 1,
                "message": { "text": note },
                "physicalLocation": physical_location(f, s, e),
            })
        })
        .collect()
}

/// Relative paths are relative to the directory qmsdoc ran in (`%SRCROOT%`, the repository
/// root in CI); absolute paths become `file://` URIs.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(path)) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "SRCROOT" })
    }
}

fn base_ids() -> Value {
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let mut base = format!("file://{}", uri(&cwd));
    if !base.ends_with('/') {
        base.push('/');
    }
    json!({ "SRCROOT": { "uri": base } })
}

/// A relative URI reference: path segments percent-encoded where URIs need it.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
