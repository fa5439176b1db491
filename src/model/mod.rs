//! The document model: what a QMS document, the agency profile, the TTHC catalog and the legal
//! register say, each value with the span it came from.

pub mod catalog;
pub mod config;
pub mod date;
pub mod document;
pub mod duration;
pub mod fields;
pub mod legal;
pub mod reader;
pub mod sections;

pub use catalog::{Catalog, TthcEntry};
pub use config::Config;
pub use date::Date;
pub use document::{Document, Kind, Objective, Record, Status, Step};
pub use duration::{Basis, Duration};
pub use legal::{LegalDoc, LegalStatus, Register};

use crate::yaml::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl Sp<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A duration field: the text as written and, when it parses, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct DurationField {
    pub text: Sp<String>,
    pub value: Option<Duration>,
}
