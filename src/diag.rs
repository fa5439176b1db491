//! Findings: what the rules produce and the reports print.

use crate::rule::Rule;
pub use crate::rule::Severity;
use crate::source::{LineCol, SourceFile};
use crate::yaml::Span;
use std::sync::Arc;

/// Where a finding points: a span in a file, or a whole file (I/O errors, missing files).
#[derive(Clone, Debug)]
pub enum Place {
    Span(Arc<SourceFile>, Span),
    File(std::path::PathBuf),
}

/// What a check or a reader found, before the configuration says how serious it is: a draft
/// becomes a [`Finding`] only through `Config::settle`, which applies qms.yaml's and the
/// document's `rules:` and drops what is turned off.
#[derive(Clone, Debug)]
pub struct Draft {
    pub rule: &'static Rule,
    pub place: Place,
    pub message: String,
    pub help: Option<String>,
    /// Secondary places in the same file, each with a short note.
    pub labels: Vec<(Span, String)>,
}

impl Draft {
    pub fn new(rule: &'static Rule, place: Place, message: String, help: Option<String>) -> Self {
        Draft {
            rule,
            place,
            message,
            help,
            labels: Vec::new(),
        }
    }
}

/// A finding as reported, its severity settled (never `Off`).
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

impl Place {
    pub fn path(&self) -> &std::path::Path {
        match self {
            Place::Span(f, _) => f.path(),
            Place::File(p) => p,
        }
    }

    /// Start and end; a whole file is 1:1.
    pub fn range(&self) -> (LineCol, LineCol) {
        match self {
            Place::Span(f, s) => f.range(*s),
            Place::File(_) => {
                let p = LineCol { line: 1, column: 1 };
                (p, p)
            }
        }
    }
}

impl Finding {
    pub fn path(&self) -> &std::path::Path {
        self.place.path()
    }

    pub fn range(&self) -> (LineCol, LineCol) {
        self.place.range()
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
