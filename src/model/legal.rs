//! `legal/register.yaml`: the legal documents the QMS cites, with their status in force.

use super::fields::{self, LEGAL_STATUSES};
use super::reader::Reader;
use super::{Date, Sp};
use crate::source::SourceFile;
use crate::yaml::{Node, Span};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LegalStatus {
    InForce,
    Amended,
    Replaced,
    Expired,
}

impl LegalStatus {
    pub fn from_folded(s: &str) -> Option<LegalStatus> {
        Some(match s {
            "in_force" | "con_hieu_luc" | "hieu_luc" => LegalStatus::InForce,
            "amended" | "sua_doi" | "duoc_sua_doi" => LegalStatus::Amended,
            "replaced" | "bi_thay_the" | "thay_the" => LegalStatus::Replaced,
            "expired" | "het_hieu_luc" => LegalStatus::Expired,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LegalStatus::InForce => "in-force",
            LegalStatus::Amended => "amended",
            LegalStatus::Replaced => "replaced",
            LegalStatus::Expired => "expired",
        }
    }

    pub fn in_force(self) -> bool {
        matches!(self, LegalStatus::InForce | LegalStatus::Amended)
    }
}

#[derive(Clone, Debug, Default)]
pub struct LegalDoc {
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub number: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub issuer: Option<Sp<String>>,
    pub issued: Option<Sp<Date>>,
    pub effective: Option<Sp<Date>>,
    pub status: Option<Sp<LegalStatus>>,
    pub replaced_by: Option<Sp<String>>,
    pub amended_by: Vec<Sp<String>>,
    pub changed: Option<Sp<Date>>,
}

impl LegalDoc {
    /// "Luật Hộ tịch số 60/2014/QH13", or the id when number and title are missing.
    pub fn display(&self) -> String {
        match (&self.title, &self.number) {
            (Some(t), Some(n)) => format!("{} {}", n.value, t.value),
            (Some(t), None) => t.value.clone(),
            (None, Some(n)) => n.value.clone(),
            (None, None) => self.id.as_ref().map_or(String::new(), |i| i.value.clone()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Register {
    pub source: Arc<SourceFile>,
    pub docs: Vec<LegalDoc>,
}

impl Register {
    pub fn read(r: &mut Reader, root: &Node) -> Register {
        let mut docs = Vec::new();
        for e in r.entries(root, fields::REGISTER, "legal/register.yaml") {
            for item in r.list(&e).unwrap_or(&[]) {
                docs.push(read_doc(r, item));
            }
        }
        Register {
            source: r.file.clone(),
            docs,
        }
    }

    pub fn get(&self, id: &str) -> Option<&LegalDoc> {
        self.docs
            .iter()
            .find(|d| d.id.as_ref().is_some_and(|i| i.value.trim() == id.trim()))
    }
}

fn read_doc(r: &mut Reader, node: &Node) -> LegalDoc {
    let mut d = LegalDoc {
        span: node.span,
        ..LegalDoc::default()
    };
    for e in r.entries(node, fields::LEGAL, "legal/register.yaml") {
        match e.field.key {
            "id" => d.id = r.text(&e),
            "number" => d.number = r.text(&e),
            "title" => d.title = r.text(&e),
            "issuer" => d.issuer = r.text(&e),
            "issued" => d.issued = r.date(&e),
            "effective" => d.effective = r.date(&e),
            "status" => d.status = r.choice(&e, LEGAL_STATUSES, LegalStatus::from_folded),
            "replaced_by" => d.replaced_by = r.text(&e),
            "amended_by" => d.amended_by = r.text_list(&e),
            "changed" => d.changed = r.date(&e),
            _ => {}
        }
    }
    d
}
