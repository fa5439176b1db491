//! P001: documents changed since the last publication (`check --pending`). The command line
//! computes the publication plan from git; this check turns it into findings.

use crate::diag::{Draft, Finding, Place};
use crate::i18n::tr;
use crate::publish::plan::Plan;
use crate::rule::PENDING_PUBLICATION;
use crate::workspace::{self, Workspace};
use std::path::Path;

/// What a re-publication would publish, one finding per document (or legal document).
pub(crate) fn pending(ws: &Workspace, plan: &Plan) -> Vec<Finding> {
    let since = plan.since.as_ref().map_or_else(
        || tr("lần công bố đầu tiên", "the first publication").to_string(),
        |p| p.tag.clone(),
    );
    let mut out = Vec::new();
    let mut push = |path: &Path, message: String| {
        let help = crate::tr!(
            "xem kế hoạch: qmsdoc publish",
            "see the plan: qmsdoc publish"
        );
        let draft = Draft::new(
            &PENDING_PUBLICATION,
            Place::File(ws.root.join(path)),
            message,
            Some(help),
        );
        out.extend(ws.config.settle(draft, &[]));
    };
    for i in &plan.added {
        push(
            &i.path,
            crate::tr!(
                "{} mới, chưa công bố (so với {since})",
                "{} is new, not yet published (since {since})",
                i.code
            ),
        );
    }
    for i in &plan.changed {
        push(
            &i.path,
            crate::tr!(
                "{} đã sửa đổi từ {since}, chưa công bố lại",
                "{} changed since {since}, not yet re-published",
                i.code
            ),
        );
    }
    for i in &plan.withdrawn {
        push(
            &i.path,
            crate::tr!(
                "{} đã thu hồi từ {since}, chưa công bố lại",
                "{} was withdrawn since {since}, not yet re-published",
                i.code
            ),
        );
    }
    for l in &plan.legal {
        push(
            Path::new(workspace::REGISTER_FILE),
            crate::tr!(
                "văn bản {} đã bị thay thế hoặc hết hiệu lực từ {since}",
                "legal document {} was replaced or expired since {since}",
                l.id
            ),
        );
    }
    out
}
