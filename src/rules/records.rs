//! R001–R004: the records of keeping the QMS (internal audit reports, management review
//! records, corrective actions, inspection records, reports sent). Their required fields
//! are checked with the others (rules/required.rs).

use super::{Context, Sink};
use crate::model::{ActionStatus, Document, Kind};
use crate::rule::{
    AUDIT_WITHOUT_FINDINGS, CORRECTIVE_ACTION_AFTER_INSPECTION, CORRECTIVE_ACTION_OVERDUE,
    RECORD_IN_FUTURE,
};

pub(crate) fn check(ctx: &Context, doc: &Document, sink: &mut Sink) {
    let Some(kind) = doc.kind().filter(|k| !k.is_revised()) else {
        return;
    };
    if kind == Kind::Audit && !doc.outline.findings {
        sink.emit(
            &AUDIT_WITHOUT_FINDINGS,
            doc.head,
            crate::tr!(
                "báo cáo đánh giá nội bộ {} không có mục kết quả đánh giá",
                "internal audit report {} has no findings section",
                doc.code_str()
            ),
            Some(crate::tr!(
                "thêm mục \"## Kết quả đánh giá\" ghi các điểm phù hợp, điểm không phù hợp và khuyến nghị (hoặc \"Không có điểm không phù hợp\")",
                "add a \"## Kết quả đánh giá\" (findings) section with what conforms, the nonconformities and the recommendations (or \"Không có điểm không phù hợp\")"
            )),
        );
    }
    let Some(as_of) = ctx.as_of else { return };
    if let Some(date) = &doc.date
        && date.value > as_of
    {
        let (d, today) = (date.value.vn_short(), as_of.vn_short());
        sink.emit(
            &RECORD_IN_FUTURE,
            date.span,
            crate::tr!(
                "hồ sơ ghi ngày {d}, sau ngày kiểm tra {today}",
                "the record is dated {d}, after the day of the check {today}"
            ),
            Some(crate::tr!(
                "ghi ngày đã thực hiện; việc chưa làm thì chưa lập hồ sơ (hoặc kiểm tra --as-of)",
                "write the day it was done; do not record what has not happened (or check --as-of)"
            )),
        );
    }
    if kind == Kind::CorrectiveAction
        && let Some(due) = &doc.due
        && due.value < as_of
        && doc.action_status.as_ref().map(|s| s.value) != Some(ActionStatus::Closed)
    {
        let late = due.value.days_until(as_of);
        let d = due.value.vn_short();
        let state = doc
            .action_status
            .as_ref()
            .map_or(ActionStatus::Open, |s| s.value)
            .label();
        sink.emit(
            &CORRECTIVE_ACTION_OVERDUE,
            due.span,
            crate::tr!(
                "hành động khắc phục {} quá hạn {d} đã {late} ngày ({state})",
                "corrective action {} is {late} days past its due date {d} ({state})",
                doc.code_str()
            ),
            Some(crate::tr!(
                "hoàn thành rồi ghi `action_status: closed` và `closed: <ngày>`; hoặc gia hạn có phê duyệt (`due:`)",
                "complete it, then write `action_status: closed` and `closed: <date>`; or extend it with approval (`due:`)"
            )),
        );
    }
}

/// R004: a corrective action that names an inspection record is due within 2 months of it
/// (Circular 26/2014/TT-BKHCN, Art. 37.2c), and the record exists. Needs every document.
pub(crate) fn check_inspections(ctx: &Context, findings: &mut Vec<crate::diag::Finding>) {
    for doc in &ctx.ws.documents {
        let Some(code) = doc
            .inspection
            .as_ref()
            .filter(|_| doc.kind() == Some(Kind::CorrectiveAction) && !super::retired(doc))
        else {
            continue;
        };
        let mut sink = Sink::for_doc(&ctx.ws.config, doc);
        let name = code.value.trim();
        let record = ctx.by_code.get(name).and_then(|docs| {
            docs.iter()
                .find(|d| d.kind() == Some(Kind::Inspection))
                .and_then(|d| d.date.as_ref())
        });
        let Some(date) = record else {
            sink.emit(
                &CORRECTIVE_ACTION_AFTER_INSPECTION,
                code.span,
                crate::tr!(
                    "không có biên bản kiểm tra (kind: inspection, có date) mã \"{name}\"",
                    "there is no inspection record (kind: inspection, with a date) with code \"{name}\""
                ),
                Some(crate::tr!(
                    "tạo biên bản bằng `qmsdoc new inspection --code {name} …`, hoặc sửa mã",
                    "create it with `qmsdoc new inspection --code {name} …`, or correct the code"
                )),
            );
            findings.extend(sink.findings);
            continue;
        };
        let limit = date.value.add_months(2);
        let (on, by) = (date.value.vn_short(), limit.vn_short());
        let closed = doc.action_status.as_ref().map(|s| s.value) == Some(ActionStatus::Closed);
        match &doc.due {
            Some(due) if due.value > limit => {
                let d = due.value.vn_short();
                sink.emit(
                    &CORRECTIVE_ACTION_AFTER_INSPECTION,
                    due.span,
                    crate::tr!(
                        "hạn {d} quá 2 tháng kể từ biên bản kiểm tra {name} ngày {on} (hạn chậm nhất {by})",
                        "due {d}, more than 2 months after inspection {name} of {on} (at the latest {by})"
                    ),
                    Some(crate::tr!(
                        "đặt `due:` không muộn hơn {by}",
                        "set `due:` no later than {by}"
                    )),
                );
            }
            None if !closed && ctx.as_of.is_some_and(|t| t > limit) => {
                sink.emit(
                    &CORRECTIVE_ACTION_AFTER_INSPECTION,
                    doc.head,
                    crate::tr!(
                        "đã quá 2 tháng kể từ biên bản kiểm tra {name} ngày {on} ({by}) mà chưa hoàn thành",
                        "more than 2 months have passed since inspection {name} of {on} ({by}) and it is not closed"
                    ),
                    Some(crate::tr!(
                        "hoàn thành rồi ghi `action_status: closed` và `closed: <ngày>`",
                        "complete it, then write `action_status: closed` and `closed: <date>`"
                    )),
                );
            }
            _ => {}
        }
        findings.extend(sink.findings);
    }
}
