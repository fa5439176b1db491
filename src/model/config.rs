//! `qms.yaml`: the agency profile and the settings of qmsdoc for this QMS.

use super::fields;
use super::reader::Reader;
use super::{Basis, Date, Sp, TimeRules};
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
    /// The seal's real diameter in millimetres (20–60): the agency's signature draws the seal
    /// image this wide.
    pub seal_diameter_mm: Option<Sp<f64>>,
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
    /// Role codes and dossier statuses for the OpenCPS export (`opencps:`).
    pub opencps: crate::workflow::mapping::Mapping,
    /// Weekly rest days, working hours, cut-off hour, years compared (`calendar:`).
    pub calendar: super::calendar_config::Settings,
    /// The deadlines of keeping the QMS (`compliance:`).
    pub compliance: Compliance,
    /// Where the `compliance:` key is: findings about the QMS over time point there.
    pub compliance_key: Option<crate::yaml::Span>,
    /// The time-stamping authority of `signing:` (`sign`, `publish --apply`).
    pub signing_tsa: Option<Sp<String>>,
    /// The timeout of each request to the TSA, OCSP, CRL, in seconds (`signing:`).
    pub signing_timeout: Option<Sp<f64>>,
}

/// A day of every year, as `compliance:` writes it: "01/10" (day/month).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayOfYear {
    pub day: u8,
    pub month: u8,
}

impl DayOfYear {
    /// "01/10" (day/month) or "1-10"; the day must exist in a leap year.
    pub fn parse(s: &str) -> Option<DayOfYear> {
        let (d, m) = s.trim().split_once(['/', '-', '.'])?;
        let (day, month) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
        Date::new(2024, month, day).map(|_| DayOfYear { day, month })
    }

    /// This day in `year` (28 February for 29 February in a common year).
    pub fn in_year(self, year: u16) -> Date {
        Date::new(year, self.month, self.day)
            .or_else(|| Date::new(year, self.month, self.day - 1))
            .unwrap_or(Date {
                year,
                month: self.month,
                day: 1,
            })
    }
}

/// `compliance:` in qms.yaml: how long a legal change may wait, and from which day of the
/// year a missing audit, review or objectives is reported.
#[derive(Clone, Debug, Default)]
pub struct Compliance {
    pub first_published: Option<Sp<Date>>,
    pub legal_update_months: Option<Sp<i64>>,
    pub audit_by: Option<Sp<DayOfYear>>,
    pub review_by: Option<Sp<DayOfYear>>,
    pub objectives_by: Option<Sp<DayOfYear>>,
    /// How often every document is reviewed, unless it sets its own period.
    pub review_every: Option<Sp<super::Period>>,
    pub review_notice_days: Option<Sp<i64>>,
}

impl Compliance {
    /// Decision 19/2014/QĐ-TTg, Art. 4.4a: three months.
    pub fn legal_update_months(&self) -> u32 {
        self.legal_update_months
            .as_ref()
            .and_then(|m| u32::try_from(m.value).ok())
            .unwrap_or(3)
    }

    /// Days before a review is due from which it is reported (info).
    pub fn review_notice_days(&self) -> i32 {
        self.review_notice_days
            .as_ref()
            .and_then(|d| i32::try_from(d.value).ok())
            .filter(|d| (0..=365).contains(d))
            .unwrap_or(30)
    }

    pub fn audit_by(&self) -> DayOfYear {
        self.audit_by.as_ref().map_or(OCTOBER_1, |d| d.value)
    }

    pub fn review_by(&self) -> DayOfYear {
        self.review_by.as_ref().map_or(OCTOBER_1, |d| d.value)
    }

    pub fn objectives_by(&self) -> DayOfYear {
        self.objectives_by
            .as_ref()
            .map_or(DayOfYear { day: 31, month: 1 }, |d| d.value)
    }

    fn read(r: &mut Reader, node: &Node) -> Compliance {
        let mut c = Compliance::default();
        for e in r.entries(node, fields::COMPLIANCE, "compliance") {
            match e.field.key {
                "first_published" => c.first_published = r.date(&e),
                "legal_update_months" => {
                    c.legal_update_months = r.int(&e).filter(|m| {
                        let ok = (1..=24).contains(&m.value);
                        if !ok {
                            r.report(
                                &crate::rule::INVALID_VALUE,
                                m.span,
                                crate::tr!(
                                    "`legal_update_months` phải từ 1 đến 24 tháng",
                                    "`legal_update_months` must be 1 to 24 months"
                                ),
                                None,
                            );
                        }
                        ok
                    });
                }
                "audit_by" => c.audit_by = day_of_year(r, &e),
                "review_by" => c.review_by = day_of_year(r, &e),
                "objectives_by" => c.objectives_by = day_of_year(r, &e),
                "review_every" => c.review_every = r.period(&e),
                "review_notice_days" => c.review_notice_days = r.int(&e),
                _ => {}
            }
        }
        c
    }
}

const OCTOBER_1: DayOfYear = DayOfYear { day: 1, month: 10 };

fn day_of_year(r: &mut Reader, e: &super::reader::Entry) -> Option<Sp<DayOfYear>> {
    let t = r.text(e)?;
    match DayOfYear::parse(&t.value) {
        Some(d) => Some(Sp::new(d, t.span)),
        None => {
            let (key, value) = (e.field.key, &t.value);
            r.report(
                &crate::rule::INVALID_VALUE,
                t.span,
                crate::tr!(
                    "`{key}`: \"{value}\" không phải ngày/tháng",
                    "`{key}`: \"{value}\" is not a day/month"
                ),
                Some(crate::tr!(
                    "viết ngày/tháng, ví dụ `{key}: 01/10`",
                    "write day/month, e.g. `{key}: 01/10`"
                )),
            );
            None
        }
    }
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
                "signing" => read_signing(r, e.value, &mut c),
                "calendar" => c.calendar = super::calendar_config::Settings::read(r, e.value),
                "opencps" => c.opencps = crate::workflow::mapping::Mapping::read(r, e.value),
                "compliance" => {
                    c.compliance_key = Some(e.key.span);
                    c.compliance = Compliance::read(r, e.value);
                }
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

fn read_signing(r: &mut Reader, node: &Node, c: &mut Config) {
    for e in r.entries(node, fields::SIGNING, "signing") {
        match e.field.key {
            "tsa" => c.signing_tsa = r.text(&e),
            "timeout" => c.signing_timeout = r.number(&e),
            _ => {}
        }
    }
}

fn read_agency(r: &mut Reader, node: &Node) -> Agency {
    let mut a = Agency::default();
    for e in r.entries(node, fields::AGENCY, "agency") {
        if e.field.key == "seal_diameter_mm" {
            a.seal_diameter_mm = r.seal_diameter(&e);
            continue;
        }
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
