//! What can stop `publish --apply`, each said once, in the user's language when shown.

use super::edit::EditError;
use crate::diag::Finding;
use crate::git::GitError;
use crate::model::Date;
use crate::publish::plan::PlanError;
use std::path::PathBuf;

#[derive(Debug)]
pub(crate) enum ApplyError {
    Git(GitError),
    Plan(PlanError),
    /// A failure the test build asked for (`QMSDOC_FAIL_AT`).
    Fault(&'static str),
    /// Another publish holds the lock file.
    Locked(PathBuf),
    Lock {
        path: PathBuf,
        error: std::io::Error,
    },
    /// HEAD moved between loading the QMS and taking the lock.
    Moved,
    /// Paths with uncommitted changes.
    Dirty(Vec<String>),
    /// The QMS does not pass `check`: the findings that stopped the publication.
    NotPassing(Box<Findings>),
    BadDate(String),
    BadNumber(String),
    /// A decision dated more than a year ahead (a slip such as 9999-12-31).
    DateTooLate(Date),
    /// Signer title lines that Decree 30 (Article 13) does not allow as written.
    BadSignerTitle(String),
    NoDecisionSymbol,
    NumberUsed {
        number: String,
        tag: String,
    },
    DateBeforeLast {
        date: Date,
        tag: String,
        prev: Date,
    },
    NothingToPublish {
        since: String,
    },
    /// The person editing the change summaries cancelled (said by the editor's caller).
    Edit(Box<dyn std::error::Error + Send + Sync>),
    EditDocument {
        path: PathBuf,
        error: EditError,
    },
    Template {
        path: String,
        error: crate::templates::UnknownPlaceholder,
    },
    /// A document that no longer parses once edited.
    Unreadable(PathBuf),
    Render {
        path: PathBuf,
        text: String,
        error: crate::pdf::DocError,
    },
    Register(crate::pdf::RenderError),
    Sign(crate::sign::Error),
    NoCommitter,
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A step that changes the repository failed; everything was undone.
    Failed(Box<ApplyError>),
    /// A step failed and undoing it failed too.
    NotUndone {
        error: Box<ApplyError>,
        undo: Box<ApplyError>,
    },
    /// HEAD's ref or the tag could not be moved (someone else moved one meanwhile).
    Refs(crate::git::write::RefsError),
    /// The lock holds no journal: it was not written by a run of this version.
    ForeignLock(PathBuf),
}

/// The findings of `check` that stop a publication, with the counts of the summary line.
#[derive(Debug)]
pub(crate) struct Findings {
    pub findings: Vec<Finding>,
    pub files: usize,
    pub documents: usize,
}

impl Findings {
    pub(crate) fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == crate::diag::Severity::Error)
            .count()
    }

    pub(crate) fn summary(&self) -> crate::report::Summary {
        crate::report::Summary::new(self.files, self.documents, &self.findings)
    }
}

impl From<GitError> for ApplyError {
    fn from(e: GitError) -> Self {
        ApplyError::Git(e)
    }
}

impl From<git2::Error> for ApplyError {
    fn from(e: git2::Error) -> Self {
        ApplyError::Git(GitError::Git(e))
    }
}

impl From<PlanError> for ApplyError {
    fn from(e: PlanError) -> Self {
        ApplyError::Plan(e)
    }
}

impl std::error::Error for ApplyError {}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use ApplyError as E;
        let s = match self {
            E::Git(e) => e.to_string(),
            E::Plan(e) => e.to_string(),
            E::Fault(step) => format!("fault injected at step {step}"),
            E::Locked(path) => tr!(
                "một lần công bố khác đang chạy (khóa {})\ngợi ý: nếu không có lần nào đang chạy, xóa tệp khóa đó",
                "another publish is running (lock {})\nhelp: if none is, delete that lock file",
                path.display()
            ),
            E::Lock { path, error } => tr!(
                "không tạo được khóa {}: {error}",
                "cannot create the lock {}: {error}",
                path.display()
            ),
            E::Moved => tr!(
                "kho git vừa thay đổi trong khi chuẩn bị công bố: chạy lại",
                "the git repository changed while publish was preparing: run again"
            ),
            E::Dirty(paths) => {
                let list = paths.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                tr!(
                    "thư mục làm việc còn thay đổi chưa commit: {list}\ngợi ý: git add … && git commit, rồi chạy lại",
                    "the work tree has uncommitted changes: {list}\nhelp: git add … && git commit, then run again"
                )
            }
            E::NotPassing(found) => {
                let errors = found.errors();
                tr!(
                    "HTQLCL chưa qua kiểm tra ({errors} lỗi): sửa rồi công bố",
                    "the QMS does not pass check ({errors} errors): fix them, then publish"
                )
            }
            E::BadDate(d) => tr!(
                "ngày \"{d}\" không hợp lệ\ngợi ý: --date 2026-03-02 hoặc --date 02/03/2026",
                "date \"{d}\" is not valid\nhelp: --date 2026-03-02 or --date 02/03/2026"
            ),
            E::BadNumber(n) => tr!(
                "số quyết định \"{n}\" không hợp lệ\ngợi ý: --number 15 hoặc --number 15/QĐ-UBND",
                "decision number \"{n}\" is not valid\nhelp: --number 15 or --number 15/QĐ-UBND"
            ),
            E::DateTooLate(d) => tr!(
                "ngày quyết định {d} muộn hơn một năm sau hôm nay\ngợi ý: kiểm tra --date",
                "the decision date {d} is more than a year after today\nhelp: check --date"
            ),
            E::BadSignerTitle(t) => tr!(
                "thẩm quyền, chức vụ người ký \"{t}\" không hợp lệ: \"KT.\" và \"TM.\" cần dòng chức vụ của người ký ở dòng thứ hai\ngợi ý: --signer-title \"KT. CHỦ TỊCH/PHÓ CHỦ TỊCH\", --signer-title \"Q. CHỦ TỊCH\" hoặc --signer-title \"TM. ỦY BAN NHÂN DÂN/CHỦ TỊCH\"",
                "signer title \"{t}\" is not valid: \"KT.\" and \"TM.\" need the signer's own title on a second line\nhelp: --signer-title \"KT. CHỦ TỊCH/PHÓ CHỦ TỊCH\", --signer-title \"Q. CHỦ TỊCH\" or --signer-title \"TM. ỦY BAN NHÂN DÂN/CHỦ TỊCH\""
            ),
            E::NoDecisionSymbol => tr!(
                "chưa có ký hiệu quyết định: ghi --number 15/QĐ-UBND, hoặc agency.decision_symbol trong qms.yaml",
                "no decision symbol: give --number 15/QĐ-UBND, or set agency.decision_symbol in qms.yaml"
            ),
            E::NumberUsed { number, tag } => tr!(
                "số quyết định {number} đã dùng cho lần công bố {tag}",
                "decision number {number} was already used by publication {tag}"
            ),
            E::DateBeforeLast { date, tag, prev } => tr!(
                "ngày {date} trước ngày của lần công bố {tag} ({prev})",
                "date {date} is before the date of publication {tag} ({prev})"
            ),
            E::NothingToPublish { since } => tr!(
                "không có gì để công bố: không có thay đổi nào từ {since}",
                "nothing to publish: nothing changed since {since}"
            ),
            E::Edit(e) => e.to_string(),
            E::EditDocument { path, error } => format!("{}: {error}", path.display()),
            E::Template { path, error } => format!("{path}: {error}"),
            E::Unreadable(path) => tr!(
                "{}: không đọc được tài liệu sau khi sửa",
                "{}: the document cannot be read once edited",
                path.display()
            ),
            E::Render { path, text, error } => error.describe(path, text),
            E::Register(e) => e.to_string(),
            E::Sign(e) => tr!(
                "ký quyết định thất bại: {e}",
                "signing the decision failed: {e}"
            ),
            E::NoCommitter => tr!(
                "git chưa biết tên người commit\ngợi ý: git config user.name \"…\" && git config user.email \"…\" (hoặc đặt GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL)",
                "git does not know who commits\nhelp: git config user.name \"…\" && git config user.email \"…\" (or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL)"
            ),
            E::Write { path, error } => format!("{}: {error}", path.display()),
            E::Failed(e) => tr!(
                "công bố thất bại, kho được giữ nguyên như trước: {e}",
                "publish failed, the repository is as it was: {e}"
            ),
            E::NotUndone { error, undo } => tr!(
                "công bố thất bại ({error}) và không hoàn tác được hết: {undo}\ngợi ý: lần chạy qmsdoc sau sẽ hoàn tác tiếp",
                "publish failed ({error}) and could not be fully undone: {undo}\nhelp: the next qmsdoc run goes on undoing it"
            ),
            E::Refs(crate::git::write::RefsError::Git(e)) => {
                tr!("lỗi git: {}", "git error: {}", e.message())
            }
            E::Refs(crate::git::write::RefsError::Moved { name, found }) => {
                let found = found.map_or("—".to_string(), |o| o.to_string()[..8].to_string());
                tr!(
                    "{name} vừa bị thay đổi ({found}) trong khi công bố: chưa ghi gì, chạy lại",
                    "{name} changed ({found}) while publishing: nothing was written, run again"
                )
            }
            E::ForeignLock(path) => tr!(
                "có tệp khóa {} không do qmsdoc ghi (hoặc do phiên bản cũ)\ngợi ý: nếu không có lần công bố nào đang chạy, xóa tệp khóa đó",
                "there is a lock {} not written by this qmsdoc (or by an older version)\nhelp: if no publish is running, delete that lock file",
                path.display()
            ),
        };
        f.write_str(&s)
    }
}
