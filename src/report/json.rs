//! The JSON report. Its shape is a stable interface (documented in docs/output.md):
//! `{"version": 1, "summary": {...}, "findings": [{rule, name, severity, file, line, column,
//! end_line, end_column, message, help}]}`; lines and columns are 1-based, columns count
//! Unicode code points.

use super::{Summary, display_path};
use crate::diag::Finding;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    summary: &'a Summary,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
pub(super) struct Item<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    /// Secondary places in the same file (the steps that make a sum too long).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<Label<'a>>,
}

#[derive(Serialize)]
pub(super) struct Label<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

fn labels(f: &Finding) -> Vec<Label<'_>> {
    let crate::diag::Place::Span(file, _) = &f.place else {
        return Vec::new();
    };
    f.labels
        .iter()
        .map(|(span, message)| {
            let (s, e) = file.range(*span);
            Label {
                line: s.line,
                column: s.column,
                end_line: e.line,
                end_column: e.column,
                message,
            }
        })
        .collect()
}

pub(super) fn write(
    findings: &[Finding],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let report = Report {
        version: 1,
        tool: "qmsdoc",
        tool_version: env!("CARGO_PKG_VERSION"),
        summary,
        findings: findings
            .iter()
            .map(|f| {
                let (s, e) = f.range();
                Item {
                    rule: f.rule.code,
                    name: f.rule.name,
                    severity: f.severity.as_str(),
                    file: display_path(f),
                    line: s.line,
                    column: s.column,
                    end_line: e.line,
                    end_column: e.column,
                    message: &f.message,
                    help: f.help.as_deref(),
                    labels: labels(f),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
