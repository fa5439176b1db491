//! Q001–Q009: keeping the QMS over time, counted to the day of `check --as-of`.
//!
//! - A legal change (a replacement or an amendment in `legal/register.yaml`) is taken into
//!   the QMS within `compliance.legal_update_months` (3 by default) of its effective date:
//!   a document in force that cites the changed text is re-published (its `effective`), or
//!   the whole QMS is (a publication decision), on or after that date.
//! - An internal audit and a management review are recorded every year, and the quality
//!   objectives of the year are set by 31 January.
//!
//! The yearly rules start with the QMS: its first publication (the earliest decision in
//! `decisions/`, else `compliance.first_published` in qms.yaml). Without one they are silent.

use super::{Context, Sink};
use crate::diag::{Draft, Finding, Place};
use crate::model::{Date, Document, Kind, LegalDoc, LegalStatus, Status};
use crate::rule::{
    INTERNAL_AUDIT_DUE, INTERNAL_AUDIT_MISSED, LEGAL_UPDATE_DUE_SOON, LEGAL_UPDATE_OVERDUE,
    MANAGEMENT_REVIEW_DUE, MANAGEMENT_REVIEW_MISSED, OBJECTIVES_MISSING, REVIEW_DUE_SOON,
    REVIEW_OVERDUE, Rule,
};
use crate::source::SourceFile;
use crate::workspace::Workspace;
use crate::yaml::Span;
use std::sync::Arc;

/// A date and where it was written.
pub(crate) struct Dated {
    pub date: Date,
    pub file: Arc<SourceFile>,
    pub span: Span,
}

impl Dated {
    /// `decisions/QD-01-2026.md:7`.
    pub(crate) fn at(&self) -> String {
        let line = self.file.line_col(self.span.start).line;
        format!("{}:{line}", crate::source::shown(&self.file.path))
    }
}

/// A record or decision that counts: neither a draft nor withdrawn.
fn counts(doc: &Document) -> bool {
    !matches!(
        doc.status.as_ref().map(|s| s.value),
        Some(Status::Draft | Status::Withdrawn)
    )
}

/// The publication decisions in the repository, by their date (`effective`).
pub(crate) fn decisions(ws: &Workspace) -> impl Iterator<Item = Dated> + '_ {
    ws.documents
        .iter()
        .filter(|d| d.kind() == Some(Kind::Decision) && counts(d))
        .filter_map(|d| {
            d.effective.as_ref().map(|e| Dated {
                date: e.value,
                file: d.source.clone(),
                span: e.span,
            })
        })
}

/// The first publication of the QMS: the earliest publication decision in the repository,
/// else `compliance.first_published` in qms.yaml.
pub(crate) fn first_publication(ws: &Workspace) -> Option<Dated> {
    let config = &ws.config;
    decisions(ws).min_by_key(|d| d.date).or_else(|| {
        let given = config.compliance.first_published.as_ref()?;
        Some(Dated {
            date: given.value,
            file: config.source.clone()?,
            span: given.span,
        })
    })
}

pub(crate) fn check(ctx: &Context, as_of: Date, out: &mut Vec<Finding>) {
    legal_updates(ctx, as_of, out);
    if let Some(first) = first_publication(ctx.ws) {
        yearly(ctx, as_of, first.date, out);
    }
}

/// A change of a legal text the QMS must take in: the day it took effect and what it is.
pub(crate) struct Change<'a> {
    pub date: Date,
    /// The replacing or amending text (`None` when the register gives only `changed`).
    pub by: Option<&'a LegalDoc>,
}

/// The changes of a legal text: its replacement's and its amendments' effective dates,
/// else the date it `changed`.
pub(crate) fn changes<'a>(ctx: &Context<'a>, doc: &'a LegalDoc) -> Vec<Change<'a>> {
    let status = doc.status.as_ref().map(|s| s.value);
    let lookup = |id: &str| ctx.legal.get(id.trim()).copied();
    let mut out = Vec::new();
    for id in doc.replaced_by.iter().chain(&doc.amended_by) {
        if let Some(by) = lookup(&id.value)
            && let Some(e) = &by.effective
        {
            out.push(Change {
                date: e.value,
                by: Some(by),
            });
        }
    }
    let changed_status = matches!(
        status,
        Some(LegalStatus::Replaced | LegalStatus::Amended | LegalStatus::Expired)
    );
    if out.is_empty()
        && changed_status
        && let Some(c) = &doc.changed
    {
        out.push(Change {
            date: c.value,
            by: None,
        });
    }
    out
}

/// The latest publication of every document: the latest decision (a re-publication of the
/// whole QMS), if any.
fn latest_decision(ws: &Workspace) -> Option<Date> {
    decisions(ws).map(|d| d.date).max()
}

/// The day a document was last published: its own `effective` or the latest decision.
pub(crate) fn last_published(doc: &Document, latest: Option<Date>) -> Option<Date> {
    doc.effective.as_ref().map(|e| e.value).max(latest)
}

/// The deadline of a change: its effective date plus the months allowed.
pub(crate) fn deadline(change: Date, months: u32) -> Date {
    change.add_months(months)
}

/// Q001, Q002: legal changes not taken in within the window.
fn legal_updates(ctx: &Context, as_of: Date, out: &mut Vec<Finding>) {
    let months = ctx.ws.config.compliance.legal_update_months();
    let latest = latest_decision(ctx.ws);
    for doc in &ctx.ws.documents {
        let in_force = doc.status.as_ref().map(|s| s.value) == Some(Status::InForce);
        if !in_force || doc.kind().is_none_or(Kind::is_record) {
            continue;
        }
        let published = last_published(doc, latest);
        let mut sink = Sink::for_doc(&ctx.ws.config, doc);
        for basis in &doc.legal_basis {
            let Some(legal) = ctx.legal.get(basis.value.trim()) else {
                continue;
            };
            // The earliest change not yet taken in sets the deadline.
            let pending = changes(ctx, legal)
                .into_iter()
                .filter(|c| published.is_none_or(|p| p < c.date))
                .min_by_key(|c| c.date);
            let Some(change) = pending else { continue };
            let due = deadline(change.date, months);
            let warn_from = change.date.add_months(months.saturating_sub(1));
            let (id, since) = (basis.value.trim(), change.date.vn_short());
            let by = change
                .by
                .map_or_else(String::new, |b| format!(" ({})", b.display()));
            let code = doc.code_str();
            let help = crate::tr!(
                "rà soát {code} theo văn bản mới, sửa `legal_basis` nếu cần, rồi công bố lại: qmsdoc publish",
                "review {code} against the new text, fix `legal_basis` if needed, then re-publish: qmsdoc publish"
            );
            if as_of > due {
                let late = due.days_until(as_of);
                let due = due.vn_short();
                sink.emit(
                    &LEGAL_UPDATE_OVERDUE,
                    basis.span,
                    crate::tr!(
                        "{id} thay đổi từ {since}{by}: quá hạn cập nhật {months} tháng ({due}) {late} ngày, {code} chưa công bố lại",
                        "{id} changed on {since}{by}: the {months}-month update deadline ({due}) passed {late} days ago and {code} is not re-published"
                    ),
                    Some(help),
                );
            } else if as_of >= warn_from {
                let left = as_of.days_until(due);
                let due = due.vn_short();
                sink.emit(
                    &LEGAL_UPDATE_DUE_SOON,
                    basis.span,
                    crate::tr!(
                        "{id} thay đổi từ {since}{by}: còn {left} ngày để cập nhật (hạn {due})",
                        "{id} changed on {since}{by}: {left} days left to take it in (due {due})"
                    ),
                    Some(help),
                );
            }
        }
        out.extend(sink.findings);
    }
}

/// The years for which a record of `kind` is dated on or before `as_of`.
fn years_of(ws: &Workspace, kind: Kind, as_of: Date) -> Vec<u16> {
    ws.documents
        .iter()
        .filter(|d| d.kind() == Some(kind) && counts(d))
        .filter_map(|d| d.date.as_ref().map(|x| x.value))
        .filter(|d| *d <= as_of)
        .map(|d| d.year)
        .collect()
}

/// True when quality objectives for `year` are set: an objectives document, neither draft
/// nor retired, effective in that year or naming it in its code or title ("MT-2026").
pub(crate) fn objectives_for(ws: &Workspace, year: u16) -> Option<&Document> {
    let y = year.to_string();
    ws.documents.iter().find(|d| {
        d.kind() == Some(Kind::Objectives)
            && counts(d)
            && !super::retired(d)
            && (d.effective.as_ref().is_some_and(|e| e.value.year == year)
                || d.code_str().contains(&y)
                || d.title_str().contains(&y))
    })
}

/// Q003–Q007: the yearly audit, review and objectives.
fn yearly(ctx: &Context, as_of: Date, first: Date, out: &mut Vec<Finding>) {
    let ws = ctx.ws;
    let c = &ws.config.compliance;
    let year = as_of.year;
    let mut emit = |rule: &'static Rule, message: String, help: String| {
        let draft = Draft::new(rule, anchor(ws), message, Some(help));
        out.extend(ws.config.settle(draft, &[]));
    };
    let yearly_records = [
        (
            Kind::Audit,
            c.audit_by(),
            &INTERNAL_AUDIT_MISSED,
            &INTERNAL_AUDIT_DUE,
            crate::i18n::tr("báo cáo đánh giá nội bộ", "internal audit report"),
            "audit",
        ),
        (
            Kind::Review,
            c.review_by(),
            &MANAGEMENT_REVIEW_MISSED,
            &MANAGEMENT_REVIEW_DUE,
            crate::i18n::tr(
                "biên bản họp xem xét của lãnh đạo",
                "management review record",
            ),
            "review",
        ),
    ];
    for (kind, by, missed, due, what, new_kind) in yearly_records {
        let years = years_of(ws, kind, as_of);
        let help = crate::tr!(
            "lập hồ sơ: qmsdoc new {new_kind} --code … --title …, ghi `date:` ngày thực hiện (Điều 4 khoản 4 Quyết định 19/2014/QĐ-TTg: ít nhất một lần mỗi năm)",
            "record it: qmsdoc new {new_kind} --code … --title …, with `date:` the day it was held (Decision 19/2014/QĐ-TTg, Art. 4.4: at least once a year)"
        );
        let previous = year - 1;
        if first < by.in_year(previous) && !years.contains(&previous) {
            emit(
                missed,
                crate::tr!("năm {previous} không có {what}", "no {what} for {previous}"),
                help.clone(),
            );
        }
        let from = by.in_year(year);
        if as_of >= from && first < from && !years.contains(&year) {
            let from = from.vn_short();
            emit(
                due,
                crate::tr!(
                    "đã đến {from} mà năm {year} chưa có {what}",
                    "it is past {from} and there is no {what} for {year}"
                ),
                help,
            );
        }
    }
    let by = c.objectives_by().in_year(year);
    if as_of > by && first <= by && objectives_for(ws, year).is_none() {
        let by = by.vn_short();
        emit(
            &OBJECTIVES_MISSING,
            crate::tr!(
                "đã qua {by} mà chưa có mục tiêu chất lượng năm {year}",
                "it is past {by} and there are no quality objectives for {year}"
            ),
            crate::tr!(
                "qmsdoc new objectives --code MT-{year} --title \"Mục tiêu chất lượng năm {year}\", rồi công bố",
                "qmsdoc new objectives --code MT-{year} --title \"Mục tiêu chất lượng năm {year}\", then publish it"
            ),
        );
    }
}

/// Where a finding about the QMS as a whole points: the `compliance:` settings of qms.yaml
/// when written, else qms.yaml, else the QMS folder.
fn anchor(ws: &Workspace) -> Place {
    match (&ws.config.source, &ws.config.compliance_key) {
        (Some(file), Some(span)) => Place::Span(file.clone(), *span),
        (Some(file), None) => Place::File(file.path.clone()),
        (None, _) => Place::File(ws.root.join(crate::workspace::CONFIG_FILE)),
    }
}

/// Q008 / Q009: a document in force past its periodic review, or due within the notice
/// period. A rule of one document (its history), counted to `as_of`.
pub(crate) fn check_review(ctx: &Context, doc: &Document, as_of: Date, sink: &mut Sink) {
    let Some(review) = doc.review(&ctx.ws.config.compliance) else {
        return;
    };
    let span = doc.review_every.as_ref().map_or(doc.head, |p| p.span);
    let (last, next, every) = (
        review.last.vn_short(),
        review.next.vn_short(),
        review.every.show(),
    );
    let left = as_of.days_until(review.next);
    if left < 0 {
        let late = -left;
        sink.emit(
            &REVIEW_OVERDUE,
            span,
            crate::tr!(
                "quá hạn soát xét {late} ngày: soát xét gần nhất {last}, chu kỳ {every}, hạn {next}",
                "the review is {late} days late: last reviewed {last}, every {every}, due {next}"
            ),
            Some(crate::tr!(
                "soát xét tài liệu rồi ghi vào history: `- {{ reviewed: NGÀY, changes: \"Soát xét định kỳ: không thay đổi\" }}`, hoặc sửa và công bố lại",
                "review the document and record it in its history: `- {{ reviewed: DATE, changes: \"Periodic review: no change\" }}`, or change and re-publish it"
            )),
        );
    } else if left <= ctx.ws.config.compliance.review_notice_days() {
        sink.emit(
            &REVIEW_DUE_SOON,
            span,
            crate::tr!(
                "đến hạn soát xét ngày {next} (còn {left} ngày; chu kỳ {every})",
                "due for review on {next} ({left} days left; every {every})"
            ),
            None,
        );
    }
}
