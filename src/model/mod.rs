//! The document model: what a QMS document, the agency profile, the TTHC catalog and the legal
//! register say, each value with the span it came from.

pub mod calendar_config;
pub mod catalog;
pub mod config;
pub mod date;
pub mod day;
pub mod document;
pub mod duration;
pub mod fields;
pub mod hours;
pub mod legal;
pub mod person;
pub mod reader;
pub mod review;
pub mod sections;

pub use catalog::{Catalog, TthcEntry};
pub use config::{Agency, Config};
pub use date::Date;
pub use document::{ActionStatus, Case, Document, Kind, Objective, Phase, Record, Status, Step};
pub use duration::{Basis, Duration, Time, TimeRules, Unit};
pub use legal::{LegalDoc, LegalStatus, Register};
pub use person::Person;
pub use review::{Period, Review};

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

/// A time field: the text as written (printed verbatim) and, when it reads, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeField {
    pub text: Sp<String>,
    pub value: Option<Time>,
}
