//! qmsdoc: document control for the ISO 9001 quality-management system of a Vietnamese state
//! agency. Documents are Markdown files with YAML front matter in a git repository.
//!
//! Data flow: `workspace` (discover, read) → `frontmatter` + `yaml` + `markdown` (parse, with
//! spans) → `model` → `rules` → `report`.

#[macro_use]
pub mod i18n;

pub mod calendar;
pub mod cli;
pub mod diag;
pub mod frontmatter;
pub mod fsutil;
pub mod git;
pub mod import;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod publish;
pub mod qms;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod score;
pub mod sign;
pub mod source;
pub mod templates;
pub mod text;
pub mod workspace;
pub mod yaml;
