//! The criteria file of `qmsdoc score`: one row per criterion (id, title, maximum points,
//! method, the measure it comes from, the scoring rule), as each province sets them.

use crate::diag::Draft;
use crate::model::Sp;
use crate::model::fields::{self, MEASURES, METHODS};
use crate::model::reader::{Entry, Reader};
use crate::source::SourceFile;
use crate::yaml::{Node, Span, Value};
use std::sync::Arc;

/// How a criterion's points are worked out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Method {
    /// The measure's ratio × the maximum.
    Ratio,
    /// Full points when the measure is met, else 0.
    Boolean,
    /// Self-assessed: the points written in the file.
    Manual,
}

impl Method {
    fn from_folded(s: &str) -> Option<Method> {
        Some(match s {
            "ratio" | "ty_le" => Method::Ratio,
            "boolean" | "dat_khong_dat" => Method::Boolean,
            "manual" | "tu_cham" => Method::Manual,
            _ => return None,
        })
    }
}

/// What qmsdoc computes from the QMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Measure {
    TthcCoverage,
    Objectives,
    InternalAudit,
    ManagementReview,
    CorrectiveActions,
    Improvements,
    Publication,
    LegalUpdates,
    Republication,
    Check,
}

impl Measure {
    fn from_folded(s: &str) -> Option<Measure> {
        Some(match s {
            "tthc_coverage" => Measure::TthcCoverage,
            "objectives" => Measure::Objectives,
            "internal_audit" => Measure::InternalAudit,
            "management_review" => Measure::ManagementReview,
            "corrective_actions" => Measure::CorrectiveActions,
            "improvements" => Measure::Improvements,
            "publication" => Measure::Publication,
            "legal_updates" => Measure::LegalUpdates,
            "republication" => Measure::Republication,
            "check" => Measure::Check,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Criterion {
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub max: Option<Sp<f64>>,
    pub method: Option<Sp<Method>>,
    pub source: Option<Sp<Measure>>,
    pub rule: Option<Sp<String>>,
    pub evidence: Option<Sp<String>>,
    pub value: Option<Sp<String>>,
    pub points: Option<Sp<f64>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Criteria {
    pub title: Option<Sp<String>>,
    pub total: Option<Sp<f64>>,
    pub criteria: Vec<Criterion>,
}

/// The criteria shipped with qmsdoc: TT26 Art. 36's points of inspection, points empty.
pub(crate) const TEMPLATE: &str = include_str!("../../templates/criteria/tt26.yaml");

/// Reads a criteria file; the problems found (with their place) come back as drafts.
pub(crate) fn read(file: &Arc<SourceFile>) -> (Option<Criteria>, Vec<Draft>) {
    let mut drafts = Vec::new();
    let criteria = crate::workspace::parse_yaml(file, &mut drafts, |r, root| {
        let mut c = Criteria {
            title: None,
            total: None,
            criteria: Vec::new(),
        };
        for e in r.entries(root, fields::CRITERIA, "criteria") {
            match e.field.key {
                "title" => c.title = r.text(&e),
                "total" => c.total = optional_number(r, &e),
                "criteria" => {
                    for n in r.list(&e).unwrap_or(&[]) {
                        c.criteria.push(read_criterion(r, n));
                    }
                }
                _ => {}
            }
        }
        check(r, &c);
        c
    });
    (criteria, drafts)
}

fn read_criterion(r: &mut Reader, node: &Node) -> Criterion {
    let mut c = Criterion {
        span: node.span,
        ..Criterion::default()
    };
    for e in r.entries(node, fields::CRITERION, "criterion") {
        match e.field.key {
            "id" => c.id = r.text(&e),
            "title" => c.title = r.text(&e),
            "max" => c.max = optional_number(r, &e),
            "method" => c.method = r.choice(&e, METHODS, Method::from_folded),
            "source" => c.source = r.choice(&e, MEASURES, Measure::from_folded),
            "rule" => c.rule = r.text(&e),
            "evidence" => c.evidence = r.text(&e),
            "value" => c.value = r.text(&e),
            "points" => c.points = optional_number(r, &e),
            _ => {}
        }
    }
    c
}

/// A number, or nothing when the value is left empty (points the province has not set).
fn optional_number(r: &mut Reader, e: &Entry) -> Option<Sp<f64>> {
    if e.value.value == Value::Null {
        return None;
    }
    r.number(e).filter(|n| {
        let ok = n.value >= 0.0 && n.value.is_finite();
        if !ok {
            r.report(
                &crate::rule::INVALID_VALUE,
                n.span,
                crate::tr!("`{}` không được âm", "`{}` cannot be negative", e.field.key),
                None,
            );
        }
        ok
    })
}

/// What a criteria file must hold together: a title, a method, a measure for the computed
/// ones, points within the maximum, and maxima that add up to the total.
fn check(r: &mut Reader, c: &Criteria) {
    let invalid = &crate::rule::INVALID_VALUE;
    for (i, k) in c.criteria.iter().enumerate() {
        let n =
            k.id.as_ref()
                .map_or_else(|| (i + 1).to_string(), |s| s.value.clone());
        if k.title.is_none() {
            r.report(
                &crate::rule::MISSING_FIELD,
                k.span,
                crate::tr!("tiêu chí {n} thiếu `title`", "criterion {n} has no `title`"),
                None,
            );
        }
        match k.method.as_ref().map(|m| m.value) {
            None if !r.findings.iter().any(|f| within(f, k.span)) => r.report(
                &crate::rule::MISSING_FIELD,
                k.span,
                crate::tr!(
                    "tiêu chí {n} thiếu `method` (ratio, boolean, manual)",
                    "criterion {n} has no `method` (ratio, boolean, manual)"
                ),
                None,
            ),
            Some(Method::Ratio | Method::Boolean) if k.source.is_none() => r.report(
                &crate::rule::MISSING_FIELD,
                k.span,
                crate::tr!(
                    "tiêu chí {n} được tính tự động nhưng thiếu `source` ({})",
                    "criterion {n} is computed but has no `source` ({})",
                    MEASURES.join(", ")
                ),
                None,
            ),
            _ => {}
        }
        if let (Some(p), Some(m)) = (&k.points, &k.max)
            && p.value > m.value
        {
            r.report(
                invalid,
                p.span,
                crate::tr!(
                    "tiêu chí {n}: điểm tự đánh giá {} lớn hơn điểm tối đa {}",
                    "criterion {n}: {} self-assessed points exceed the maximum {}",
                    p.value,
                    m.value
                ),
                None,
            );
        }
    }
    if let Some(total) = &c.total {
        let maxima: Vec<f64> = c
            .criteria
            .iter()
            .filter_map(|k| k.max.as_ref())
            .map(|m| m.value)
            .collect();
        let sum: f64 = maxima.iter().sum();
        if maxima.len() == c.criteria.len() && (sum - total.value).abs() > 1e-6 {
            r.report(
                invalid,
                total.span,
                crate::tr!(
                    "tổng điểm tối đa ghi {} nhưng các tiêu chí cộng lại {}",
                    "the stated total is {} but the criteria add up to {}",
                    total.value,
                    sum
                ),
                Some(crate::tr!(
                    "sửa `total` hoặc `max` của các tiêu chí cho khớp",
                    "fix `total` or the criteria's `max` so that they agree"
                )),
            );
        }
    }
}

fn within(d: &Draft, span: Span) -> bool {
    match &d.place {
        crate::diag::Place::Span(_, s) => s.start >= span.start && s.end <= span.end,
        crate::diag::Place::File(_) => false,
    }
}
