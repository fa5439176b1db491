//! qms.yaml's `opencps:` section: what the OpenCPS export needs that procedures do not say —
//! the role code of each unit that does steps, and the dossier status of steps whose default
//! does not fit. Checked where it is written (unknown keys, a role without its code).

use crate::model::Sp;
use crate::model::fields;
use crate::model::reader::Reader;
use crate::text::fold_key;
use crate::yaml::Node;

#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// (`who` folded, roleCode), in the order written.
    pub roles: Vec<(String, String)>,
    /// (step code or label folded, dossierStatus).
    pub statuses: Vec<(String, String)>,
}

impl Mapping {
    pub(crate) fn read(r: &mut Reader, node: &Node) -> Mapping {
        let mut m = Mapping::default();
        for e in r.entries(node, fields::OPENCPS, "opencps") {
            let Some(items) = r.list(&e) else { continue };
            for item in items {
                match e.field.key {
                    "roles" => m
                        .roles
                        .extend(pair(r, item, fields::OPENCPS_ROLE, "who", "role")),
                    "statuses" => {
                        let p = pair(r, item, fields::OPENCPS_STATUS, "step", "status");
                        m.statuses.extend(p);
                    }
                    _ => {}
                }
            }
        }
        m
    }

    /// The role code of a unit: the entry whose `who` is the unit's (case and diacritics
    /// ignored), else the one whose `who` occurs first in it (the longer on a tie), so that
    /// "Tư pháp - Hộ tịch" maps "Công chức Tư pháp - Hộ tịch làm việc tại quầy …".
    pub(crate) fn role(&self, who: &str) -> Option<&str> {
        let key = fold_key(who);
        if let Some((_, r)) = self.roles.iter().find(|(w, _)| *w == key) {
            return Some(r);
        }
        self.roles
            .iter()
            .filter_map(|(w, r)| key.find(w.as_str()).map(|at| (at, w.len(), r)))
            .min_by_key(|&(at, len, _)| (at, std::cmp::Reverse(len)))
            .map(|(_, _, r)| r.as_str())
    }

    /// The dossier status set for a step (by code or label), if any.
    pub(crate) fn status(&self, code: &str, label: &str) -> Option<&str> {
        let (code, label) = (fold_key(code), fold_key(label));
        self.statuses
            .iter()
            .find(|(s, _)| *s == code || *s == label)
            .map(|(_, st)| st.as_str())
    }
}

/// One `{ key: …, value: … }` item; both are required.
fn pair(
    r: &mut Reader,
    node: &Node,
    table: &'static [fields::Field],
    key: &str,
    value: &str,
) -> Option<(String, String)> {
    let (mut k, mut v): (Option<Sp<String>>, Option<Sp<String>>) = (None, None);
    for e in r.entries(node, table, "opencps") {
        let t = r.text(&e);
        if e.field.key == key {
            k = t;
        } else if e.field.key == value {
            v = t;
        }
    }
    match (k, v) {
        (Some(k), Some(v)) if !k.value.trim().is_empty() && !v.value.trim().is_empty() => {
            Some((fold_key(k.value.trim()), v.value.trim().to_string()))
        }
        _ => {
            r.report(
                &crate::rule::MISSING_FIELD,
                node.span,
                crate::tr!(
                    "mỗi mục của opencps cần cả `{key}` và `{value}`",
                    "each opencps item needs both `{key}` and `{value}`"
                ),
                None,
            );
            None
        }
    }
}
