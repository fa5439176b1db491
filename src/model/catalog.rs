//! `tthc/catalog.yaml`: the administrative procedures (TTHC) the agency handles, as published in
//! the national TTHC database. Every one must be covered by a procedure of the QMS.

use super::fields;
use super::reader::Reader;
use super::{Sp, TimeField};
use crate::source::SourceFile;
use crate::yaml::{Node, Span};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct TthcEntry {
    pub span: Span,
    pub code: Option<Sp<String>>,
    pub name: Option<Sp<String>>,
    pub field: Option<Sp<String>>,
    pub time_limit: Option<TimeField>,
    pub fee: Option<Sp<String>>,
    pub legal_basis: Vec<Sp<String>>,
    pub level: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Catalog {
    pub source: Arc<SourceFile>,
    pub entries: Vec<TthcEntry>,
}

impl Catalog {
    pub fn read(r: &mut Reader, root: &Node) -> Catalog {
        let mut entries = Vec::new();
        for e in r.entries(root, fields::CATALOG, "tthc/catalog.yaml") {
            for item in r.list(&e).unwrap_or(&[]) {
                entries.push(read_entry(r, item));
            }
        }
        Catalog {
            source: r.file.clone(),
            entries,
        }
    }

    pub fn get(&self, code: &str) -> Option<&TthcEntry> {
        self.entries.iter().find(|e| {
            e.code
                .as_ref()
                .is_some_and(|c| c.value.trim() == code.trim())
        })
    }
}

fn read_entry(r: &mut Reader, node: &Node) -> TthcEntry {
    let mut t = TthcEntry {
        span: node.span,
        ..TthcEntry::default()
    };
    for e in r.entries(node, fields::TTHC, "tthc/catalog.yaml") {
        match e.field.key {
            "code" => t.code = r.text(&e),
            "name" => t.name = r.text(&e),
            "field" => t.field = r.text(&e),
            "time_limit" => t.time_limit = r.time(&e),
            "fee" => t.fee = r.text(&e),
            "legal_basis" => t.legal_basis = r.text_list(&e),
            "level" => t.level = r.text(&e),
            _ => {}
        }
    }
    t
}
