//! Publication state: documents changed since the last publication (`check --pending`).

use super::rule;

rule!(
    PENDING_PUBLICATION,
    "P001",
    "pending-publication",
    Warning,
    "Tài liệu thay đổi từ lần công bố trước: cần công bố lại (check --pending)",
    "A document changed since the last publication: a re-publication is due (check --pending)"
);
