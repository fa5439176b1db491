//! `qms.yaml`: the agency profile and the settings of qmsdoc for this QMS.

use super::fields;
use super::reader::Reader;
use super::{Basis, Sp, TimeRules};
use crate::diag::{Draft, Finding, Severity};
use crate::rule::Rule;
use crate::yaml::Node;

#[derive(Clone, Debug, Default)]
pub struct Agency {
    pub name: Option<Sp<String>>,
    pub parent: Option<Sp<String>>,
    pub place: Option<Sp<String>>,
    pub head: Option<Sp<String>>,
    pub head_title: Option<Sp<String>>,
    /// Who signs the decision when not the head (a deputy, an acting head).
    pub signer: Option<Sp<String>>,
    /// The signature block's title lines ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), printed as written.
    pub signer_title: Option<Sp<String>>,
    /// The drafting unit's abbreviation after "Lưu: VT," in the recipients.
    pub drafting_unit: Option<Sp<String>>,
    pub decision_symbol: Option<Sp<String>>,
    pub address: Option<Sp<String>>,
    pub signature_image: Option<Sp<String>>,
    pub seal_image: Option<Sp<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// qms.yaml itself, when it was read (findings about the agency profile point into it).
    pub source: Option<std::sync::Arc<crate::source::SourceFile>>,
    /// Where the `agency:` key is, for the values it lacks.
    pub agency_key: Option<crate::yaml::Span>,
    pub agency: Agency,
    pub standard: Option<Sp<String>>,
    pub language: Option<Sp<String>>,
    pub public_url: Option<Sp<String>>,
    pub exclude: Vec<Sp<String>>,
    pub calendar_day_in_working_days: Option<f64>,
    pub bare_day: Option<Sp<Basis>>,
    pub hours_per_day: Option<Sp<f64>>,
    pub tag_prefix: Option<Sp<String>>,
    pub rules: Vec<(&'static Rule, Severity)>,
    /// Weekly rest days, working hours, cut-off hour, years compared (`calendar:`).
    pub calendar: crate::calendar::Settings,
}

impl Config {
    pub fn read(r: &mut Reader, root: &Node) -> Config {
        let mut c = Config {
            source: Some(r.file.clone()),
            ..Config::default()
        };
        for e in r.entries(root, fields::CONFIG, "qms.yaml") {
            match e.field.key {
                "agency" => {
                    c.agency_key = Some(e.key.span);
                    c.agency = read_agency(r, e.value);
                }
                "standard" => c.standard = r.text(&e),
                "language" => c.language = r.text(&e),
                "public_url" => c.public_url = r.text(&e),
                "exclude" => c.exclude = r.text_list(&e),
                "durations" => {
                    for d in r.entries(e.value, fields::DURATIONS, "durations") {
                        match d.field.key {
                            "calendar_day_in_working_days" => {
                                c.calendar_day_in_working_days = r.number(&d).map(|n| n.value);
                            }
                            "bare_day" => {
                                c.bare_day = r.choice(&d, fields::BASES, Basis::from_folded);
                            }
                            "hours_per_day" => c.hours_per_day = r.hours_per_day(&d),
                            _ => {}
                        }
                    }
                }
                "publish" => {
                    for p in r.entries(e.value, fields::PUBLISH, "publish") {
                        if p.field.key == "tag_prefix" {
                            c.tag_prefix = r.text(&p);
                        }
                    }
                }
                "rules" => c.rules = r.severities(&e),
                "calendar" => c.calendar = crate::calendar::Settings::read(r, e.value),
                _ => {}
            }
        }
        c
    }

    /// Settles a draft's severity: the only way a [`Finding`] is made, so that qms.yaml's and
    /// the document's `rules:` apply once, in one place. `None` when the rule is off.
    pub fn settle(&self, draft: Draft, doc_rules: &[(&'static Rule, Severity)]) -> Option<Finding> {
        let severity = self.severity(draft.rule, doc_rules);
        (severity != Severity::Off).then(|| Finding {
            rule: draft.rule,
            severity,
            place: draft.place,
            message: draft.message,
            help: draft.help,
            labels: draft.labels,
        })
    }

    /// The severity of a rule here: the document's setting, else qms.yaml's, else the default.
    fn severity(&self, rule: &'static Rule, doc: &[(&'static Rule, Severity)]) -> Severity {
        let find = |list: &[(&'static Rule, Severity)]| {
            list.iter()
                .rev()
                .find(|(r, _)| std::ptr::eq(*r, rule))
                .map(|(_, s)| *s)
        };
        find(doc)
            .or_else(|| find(&self.rules))
            .unwrap_or(rule.default)
    }

    /// What time units mean in this QMS.
    pub fn time_rules(&self) -> TimeRules {
        let d = TimeRules::default();
        TimeRules {
            // The hours of a working day: as set, else the length of the agency's sessions.
            day_minutes: match (&self.hours_per_day, &self.calendar.sessions) {
                (Some(h), _) => (h.value * 60.0).round() as u64,
                (None, Some(_)) => u64::from(self.calendar.hours().day_minutes()),
                (None, None) => d.day_minutes,
            },
            bare_day: self.bare_day.as_ref().map_or(d.bare_day, |b| b.value),
            rate: self.calendar_day_in_working_days,
            unit: None,
        }
    }

    pub fn tag_prefix(&self) -> &str {
        self.tag_prefix
            .as_ref()
            .map_or("qms/", |t| t.value.as_str())
    }
}

fn read_agency(r: &mut Reader, node: &Node) -> Agency {
    let mut a = Agency::default();
    for e in r.entries(node, fields::AGENCY, "agency") {
        let v = r.text(&e);
        match e.field.key {
            "name" => a.name = v,
            "parent" => a.parent = v,
            "place" => a.place = v,
            "head" => a.head = v,
            "head_title" => a.head_title = v,
            "signer" => a.signer = v,
            "signer_title" => a.signer_title = v,
            "drafting_unit" => a.drafting_unit = v,
            "decision_symbol" => a.decision_symbol = v,
            "address" => a.address = v,
            "signature_image" => a.signature_image = v,
            "seal_image" => a.seal_image = v,
            _ => {}
        }
    }
    a
}
