//! Findings: what the rules produce and the reports print.

use crate::rules::Rule;
use crate::source::{LineCol, SourceFile};
use crate::yaml::Span;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match crate::text::fold_key(s).as_str() {
            "off" | "tat" | "bo_qua" | "none" | "ignore" => Some(Severity::Off),
            "info" | "note" | "thong_tin" | "ghi_chu" => Some(Severity::Info),
            "warning" | "warn" | "canh_bao" => Some(Severity::Warning),
            "error" | "loi" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn label(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            Severity::Off => tr("tắt", "off"),
            Severity::Info => tr("thông tin", "info"),
            Severity::Warning => tr("cảnh báo", "warning"),
            Severity::Error => tr("lỗi", "error"),
        }
    }
}

/// Where a finding points: a span in a file, or a whole file (I/O errors, missing files).
#[derive(Clone, Debug)]
pub enum Place {
    Span(Arc<SourceFile>, Span),
    File(std::path::PathBuf),
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    pub help: Option<String>,
    /// Secondary places in the same file, each with a short note (as rustc's secondary
    /// spans): the steps that make a sum too long.
    pub labels: Vec<(Span, String)>,
}

impl Finding {
    pub fn path(&self) -> &std::path::Path {
        match &self.place {
            Place::Span(f, _) => f.path(),
            Place::File(p) => p,
        }
    }

    /// Start and end of the finding; a whole-file finding points at 1:1.
    pub fn range(&self) -> (LineCol, LineCol) {
        match &self.place {
            Place::Span(f, s) => f.range(*s),
            Place::File(_) => {
                let p = LineCol { line: 1, column: 1 };
                (p, p)
            }
        }
    }

    /// Sort key: file, then position, then rule.
    pub fn sort_key(&self) -> (&std::path::Path, usize, &'static str) {
        let start = match &self.place {
            Place::Span(_, s) => s.start,
            Place::File(_) => 0,
        };
        (self.path(), start, self.rule.code)
    }
}
