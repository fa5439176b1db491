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
    /// What was counted: the documents checked, or (`compare`) the procedures compared.
    #[serde(skip)]
    pub compared: bool,
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
            compared: false,
        }
    }

    /// The summary of `compare`: `procedures` compared with the one-stop software's workflows.
    pub(crate) fn compared(files: usize, procedures: usize, findings: &[Finding]) -> Self {
        Summary {
            compared: true,
            ..Summary::new(files, procedures, findings)
        }
    }

    /// "Đã kiểm tra 35 tài liệu: 2 lỗi, 1 cảnh báo."
    pub(crate) fn line(&self) -> String {
        let Summary {
            documents,
            errors,
            warnings,
            infos,
            compared,
            ..
        } = *self;
        let done = if compared {
            tr!(
                "Đã so sánh {documents} quy trình với quy trình điện tử",
                "Compared {documents} procedures with the configured workflows"
            )
        } else {
            tr!(
                "Đã kiểm tra {documents} tài liệu",
                "Checked {documents} documents"
            )
        };
        if errors + warnings + infos == 0 {
            return tr!("{done}: không có phát hiện nào.", "{done}: no findings.");
        }
        let (e, w, n) = (
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "note"),
        );
        let mut s = tr!(
            "{done}: {errors} lỗi, {warnings} cảnh báo",
            "{done}: {errors} {e}, {warnings} {w}"
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
