//! The measures `qmsdoc score` computes from the QMS, each with the evidence it rests on:
//! files with their sha256, publication tags with their commits.

use super::criteria::Measure;
use crate::diag::{Finding, Severity};
use crate::model::{ActionStatus, Date, Document, Kind, Status};
use crate::rules::compliance;
use crate::workspace::Workspace;
use sha2::Digest;
use std::path::Path;

/// One piece of evidence: a file (and its sha256), a publication tag (and its commit), or
/// a note.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub(crate) struct Evidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Evidence {
    fn file(ws: &Workspace, path: &Path) -> Evidence {
        let rel = path.strip_prefix(&ws.root).unwrap_or(path);
        let sha256 = std::fs::read(path)
            .ok()
            .map(|b| hex(&sha2::Sha256::digest(&b)));
        Evidence {
            file: Some(rel.to_string_lossy().replace('\\', "/")),
            sha256,
            ..Evidence::default()
        }
    }

    fn doc(ws: &Workspace, d: &Document) -> Evidence {
        Evidence::file(ws, &d.source.path)
    }

    fn note(text: String) -> Evidence {
        Evidence {
            note: Some(text),
            ..Evidence::default()
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a measure found: the figures as declared, a ratio or a yes/no, and the evidence.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub(crate) struct Measured {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    pub evidence: Vec<Evidence>,
}

/// What the measures read: the QMS loaded whole, the year, the clock, the findings of the
/// check, and the publications in git when there is a repository.
pub(crate) struct Input<'a> {
    pub ws: &'a Workspace,
    pub year: u16,
    pub as_of: Date,
    pub findings: &'a [Finding],
    pub publications: Option<&'a [crate::git::Publication]>,
    /// Whether the publication plan is empty (nothing left to re-publish), from git.
    pub nothing_pending: Option<bool>,
}

impl Input<'_> {
    fn in_year(&self, d: Date) -> bool {
        d.year == self.year && d <= self.as_of
    }

    fn counts(d: &Document) -> bool {
        !matches!(
            d.status.as_ref().map(|s| s.value),
            Some(Status::Draft | Status::Withdrawn)
        )
    }

    fn records(&self, kind: Kind) -> Vec<&Document> {
        let mut v: Vec<&Document> = self
            .ws
            .documents
            .iter()
            .filter(|d| d.kind() == Some(kind) && Self::counts(d))
            .filter(|d| d.date.as_ref().is_some_and(|x| self.in_year(x.value)))
            .collect();
        v.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        v
    }
}

pub(crate) fn measure(m: Measure, i: &Input) -> Measured {
    match m {
        Measure::TthcCoverage => tthc_coverage(i),
        Measure::Check => check(i),
        Measure::Objectives => objectives(i),
        Measure::InternalAudit => held(i, Kind::Audit),
        Measure::ManagementReview => held(i, Kind::Review),
        Measure::CorrectiveActions => corrective_actions(i),
        Measure::Improvements => improvements(i),
        Measure::Publication => publication(i),
        Measure::LegalUpdates => legal_updates(i),
        Measure::Republication => republication(i),
    }
}

fn ratio(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

fn tthc_coverage(i: &Input) -> Measured {
    let ws = i.ws;
    let codes: Vec<&str> = ws
        .catalog
        .iter()
        .flat_map(|c| &c.entries)
        .filter_map(|e| e.code.as_ref().map(|c| c.value.trim()))
        .collect();
    let procedures: Vec<&Document> = ws
        .documents
        .iter()
        .filter(|d| d.kind() == Some(Kind::Procedure))
        .filter(|d| d.status.as_ref().map(|s| s.value) == Some(Status::InForce))
        .filter(|d| d.tthc.is_some())
        .collect();
    let covered = |code: &str| {
        procedures
            .iter()
            .any(|d| d.tthc.as_ref().is_some_and(|t| t.value.trim() == code))
    };
    let missing: Vec<&str> = codes.iter().copied().filter(|c| !covered(c)).collect();
    let n = codes.len() - missing.len();
    let mut value = crate::tr!(
        "{n}/{} TTHC có quy trình đang hiệu lực",
        "{n}/{} TTHC have a procedure in force",
        codes.len()
    );
    if !missing.is_empty() {
        value += &crate::tr!("; chưa có: {}", "; missing: {}", missing.join(", "));
    }
    let mut evidence = vec![Evidence::file(
        ws,
        &ws.root.join(crate::workspace::CATALOG_FILE),
    )];
    let mut files: Vec<&&Document> = procedures.iter().collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    evidence.extend(files.into_iter().map(|d| Evidence::doc(ws, d)));
    Measured {
        value,
        ratio: ratio(n, codes.len()),
        met: Some(!codes.is_empty() && missing.is_empty()),
        evidence,
    }
}

fn check(i: &Input) -> Measured {
    let count = |s: Severity| i.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let as_of = i.as_of;
    Measured {
        value: crate::tr!(
            "{} tài liệu: {errors} lỗi, {warnings} cảnh báo",
            "{} documents: {errors} errors, {warnings} warnings",
            i.ws.documents.len()
        ),
        ratio: None,
        met: Some(errors == 0),
        evidence: vec![Evidence::note(format!("qmsdoc check --as-of {as_of}"))],
    }
}

fn objectives(i: &Input) -> Measured {
    let Some(doc) = compliance::objectives_for(i.ws, i.year) else {
        return Measured {
            value: crate::tr!(
                "chưa có mục tiêu chất lượng năm {}",
                "no quality objectives for {}",
                i.year
            ),
            met: Some(false),
            ..Measured::default()
        };
    };
    let n = doc.objectives.as_ref().map_or(0, |o| o.1.len());
    let unmeasurable = i
        .findings
        .iter()
        .filter(|f| f.rule.code == "S004" && f.path() == doc.source.path)
        .count();
    Measured {
        value: crate::tr!(
            "{}: {n} mục tiêu, {unmeasurable} chưa đo được",
            "{}: {n} objectives, {unmeasurable} not measurable",
            doc.code_str()
        ),
        ratio: None,
        met: Some(n > 0 && unmeasurable == 0),
        evidence: vec![Evidence::doc(i.ws, doc)],
    }
}

fn dated(d: &Document) -> String {
    d.date
        .as_ref()
        .map_or_else(String::new, |x| x.value.vn_short())
}

fn held(i: &Input, kind: Kind) -> Measured {
    let records = i.records(kind);
    let list: Vec<String> = records
        .iter()
        .map(|d| format!("{} ({})", d.code_str(), dated(d)))
        .collect();
    let value = if list.is_empty() {
        crate::tr!(
            "không có {} nào trong năm {}",
            "no {} in {}",
            kind.label().to_lowercase(),
            i.year
        )
    } else {
        format!("{}: {}", kind.label(), list.join(", "))
    };
    Measured {
        value,
        ratio: None,
        met: Some(!records.is_empty()),
        evidence: records.iter().map(|d| Evidence::doc(i.ws, d)).collect(),
    }
}

fn corrective_actions(i: &Input) -> Measured {
    let mut due: Vec<&Document> =
        i.ws.documents
            .iter()
            .filter(|d| d.kind() == Some(Kind::CorrectiveAction) && Input::counts(d))
            .filter(|d| d.due.as_ref().is_some_and(|x| i.in_year(x.value)))
            .collect();
    due.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let on_time = |d: &&Document| {
        let closed = d.action_status.as_ref().map(|s| s.value) == Some(ActionStatus::Closed);
        match (&d.closed, &d.due) {
            (Some(c), Some(x)) => closed && c.value <= x.value,
            _ => false,
        }
    };
    let n = due.iter().filter(|d| on_time(d)).count();
    Measured {
        value: crate::tr!(
            "{n}/{} hành động khắc phục đến hạn trong năm đã hoàn thành đúng hạn",
            "{n}/{} corrective actions due in the year were closed on time",
            due.len()
        ),
        ratio: Some(ratio(n, due.len()).unwrap_or(1.0)),
        met: Some(n == due.len()),
        evidence: due.iter().map(|d| Evidence::doc(i.ws, d)).collect(),
    }
}

/// The days a document was published: its change history, its `effective`.
fn publication_days(d: &Document) -> Vec<Date> {
    let mut days: Vec<Date> = d
        .history
        .iter()
        .filter_map(|h| h.date.as_ref().map(|x| x.value))
        .collect();
    days.extend(d.effective.as_ref().map(|e| e.value));
    days
}

fn improvements(i: &Input) -> Measured {
    let mut revised: Vec<&Document> =
        i.ws.documents
            .iter()
            .filter(|d| !d.kind().is_none_or(Kind::is_record))
            .filter(|d| {
                d.history.iter().any(|h| {
                    h.revision.as_ref().is_some_and(|r| r.value > 1)
                        && h.date.as_ref().is_some_and(|x| i.in_year(x.value))
                })
            })
            .collect();
    revised.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let mut evidence: Vec<Evidence> = revised.iter().map(|d| Evidence::doc(i.ws, d)).collect();
    let tags = tags_in_year(i);
    evidence.extend(tags.iter().cloned());
    Measured {
        value: crate::tr!(
            "{} tài liệu sửa đổi, ban hành lại trong năm; {} lần công bố (tag git) trong năm",
            "{} documents revised in the year; {} publications (git tags) in the year",
            revised.len(),
            tags.len()
        ),
        ratio: None,
        met: Some(!revised.is_empty()),
        evidence,
    }
}

fn tags_in_year(i: &Input) -> Vec<Evidence> {
    let Some(pubs) = i.publications else {
        return Vec::new();
    };
    pubs.iter()
        .filter(|p| year_of_seconds(p.time) == Some(i.year))
        .map(|p| Evidence {
            tag: Some(p.tag.clone()),
            commit: Some(p.commit.to_string()),
            note: (!p.message.is_empty()).then(|| p.message.clone()),
            ..Evidence::default()
        })
        .collect()
}

fn year_of_seconds(secs: i64) -> Option<u16> {
    let day = crate::calendar::Day(2_440_588 + i32::try_from((secs + 7 * 3600) / 86_400).ok()?);
    day.date().map(|d| d.year)
}

fn publication(i: &Input) -> Measured {
    let mut decisions: Vec<&Document> =
        i.ws.documents
            .iter()
            .filter(|d| d.kind() == Some(Kind::Decision) && Input::counts(d))
            .filter(|d| d.effective.as_ref().is_some_and(|e| e.value <= i.as_of))
            .collect();
    decisions.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let mut evidence: Vec<Evidence> = decisions.iter().map(|d| Evidence::doc(i.ws, d)).collect();
    let tags: Vec<Evidence> = i
        .publications
        .unwrap_or(&[])
        .iter()
        .map(|p| Evidence {
            tag: Some(p.tag.clone()),
            commit: Some(p.commit.to_string()),
            note: (!p.message.is_empty()).then(|| p.message.clone()),
            ..Evidence::default()
        })
        .collect();
    let n_tags = tags.len();
    evidence.extend(tags);
    let first = i.ws.config.compliance.first_published.as_ref();
    if let (Some(f), Some(src)) = (first, &i.ws.config.source) {
        let line = src.line_col(f.span.start).line;
        evidence.push(Evidence::note(format!(
            "qms.yaml:{line} compliance.first_published: {}",
            f.value
        )));
    }
    Measured {
        value: crate::tr!(
            "{} quyết định công bố trong kho, {n_tags} tag công bố",
            "{} publication decisions in the repository, {n_tags} publication tags",
            decisions.len()
        ),
        ratio: None,
        met: Some(!decisions.is_empty() || n_tags > 0 || first.is_some()),
        evidence,
    }
}

fn legal_updates(i: &Input) -> Measured {
    let ws = i.ws;
    let ctx = crate::rules::Context::new(ws, Some(i.as_of));
    let months = ws.config.compliance.legal_update_months();
    let decisions: Vec<Date> = compliance::decisions(ws).map(|d| d.date).collect();
    let (mut due, mut on_time) = (0, 0);
    let mut evidence = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for doc in &ws.documents {
        if doc.status.as_ref().map(|s| s.value) != Some(Status::InForce)
            || doc.kind().is_none_or(Kind::is_record)
        {
            continue;
        }
        let days = publication_days(doc);
        for basis in &doc.legal_basis {
            let Some(legal) = ctx.legal.get(basis.value.trim()) else {
                continue;
            };
            for change in compliance::changes(&ctx, legal) {
                let deadline = compliance::deadline(change.date, months);
                if !i.in_year(deadline) {
                    continue;
                }
                due += 1;
                let within = |d: &Date| *d >= change.date && *d <= deadline;
                let ok = days.iter().any(within) || decisions.iter().any(within);
                on_time += usize::from(ok);
                let id = basis.value.trim().to_string();
                if seen.insert((id.clone(), change.date)) {
                    let by = change.by.map_or_else(String::new, |b| b.display());
                    evidence.push(Evidence::note(crate::tr!(
                        "{id}: thay đổi {} {by}, hạn {}",
                        "{id}: changed {} {by}, due {}",
                        change.date.vn_short(),
                        deadline.vn_short()
                    )));
                }
                if !ok {
                    let mut e = Evidence::doc(ws, doc);
                    e.note = Some(crate::tr!(
                        "chưa cập nhật đúng hạn: {id}",
                        "not updated in time: {id}"
                    ));
                    evidence.push(e);
                }
            }
        }
    }
    evidence.insert(
        0,
        Evidence::file(ws, &ws.root.join(crate::workspace::REGISTER_FILE)),
    );
    Measured {
        value: crate::tr!(
            "{on_time}/{due} thay đổi văn bản đến hạn trong năm được cập nhật trong {months} tháng",
            "{on_time}/{due} legal changes due in the year were taken in within {months} months"
        ),
        ratio: Some(ratio(on_time, due).unwrap_or(1.0)),
        met: Some(on_time == due),
        evidence,
    }
}

fn republication(i: &Input) -> Measured {
    match i.nothing_pending {
        None => Measured {
            value: crate::tr!(
                "không đọc được lịch sử công bố (kho git)",
                "the publication history (git) cannot be read"
            ),
            met: Some(false),
            ..Measured::default()
        },
        Some(empty) => {
            let last = i.publications.and_then(|p| p.last());
            let evidence = last
                .map(|p| Evidence {
                    tag: Some(p.tag.clone()),
                    commit: Some(p.commit.to_string()),
                    note: Some("qmsdoc publish".to_string()),
                    ..Evidence::default()
                })
                .into_iter()
                .collect();
            Measured {
                value: if empty {
                    crate::tr!(
                        "mọi thay đổi đã được công bố lại",
                        "every change has been re-published"
                    )
                } else {
                    crate::tr!(
                        "còn thay đổi chưa công bố lại (qmsdoc publish)",
                        "changes are waiting for a re-publication (qmsdoc publish)"
                    )
                },
                ratio: None,
                met: Some(empty),
                evidence,
            }
        }
    }
}
