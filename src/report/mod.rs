//! Turns findings into output: for a person (`human`), for programs (`json`, `sarif`) and for
//! GitHub Actions (`github`). Reports never decide anything; they print what the rules found.

mod github;
mod human;
mod json;
mod sarif;

use crate::diag::{Finding, Severity};
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub(crate) struct Summary {
    pub files: usize,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub(crate) fn new(files: usize, documents: usize, findings: &[Finding]) -> Self {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files,
            documents,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// "Đã kiểm tra 35 tài liệu: 2 lỗi, 1 cảnh báo."
    pub(crate) fn line(&self) -> String {
        let Summary {
            documents,
            errors,
            warnings,
            infos,
            ..
        } = *self;
        if errors + warnings + infos == 0 {
            return tr!(
                "Đã kiểm tra {documents} tài liệu: không có phát hiện nào.",
                "Checked {documents} documents: no findings."
            );
        }
        let (e, w, n) = (
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "note"),
        );
        let mut s = tr!(
            "Đã kiểm tra {documents} tài liệu: {errors} lỗi, {warnings} cảnh báo",
            "Checked {documents} documents: {errors} {e}, {warnings} {w}"
        );
        if infos > 0 {
            s += &tr!(", {infos} thông tin", ", {infos} {n}");
        }
        s.push('.');
        s
    }
}

/// English plural of a counted noun (Vietnamese nouns do not change).
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// Writes the report to `out`; `color` only matters for `human`.
pub(crate) fn write(
    format: Format,
    findings: &[Finding],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(findings, summary, out),
        Format::Json => json::write(findings, summary, out),
        Format::Sarif => sarif::write(findings, out),
        Format::Github => github::write(findings, summary, out),
    }
}

/// The path of a finding as reports print it: forward slashes on every platform.
fn display_path(f: &Finding) -> String {
    crate::source::shown(f.path())
}
