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
mod frontmatter;
mod fsutil;
mod git;
mod import;
mod markdown;
pub mod model;
pub mod pdf;
mod publish;
mod qms;
mod report;
pub mod rule;
mod rules;
mod schema;
mod score;
pub mod sign;
pub mod source;
mod templates;
#[cfg(test)]
mod testutil;
mod text;
pub mod workflow;
pub mod workspace;
pub mod yaml;
