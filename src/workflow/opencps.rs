//! OpenCPS's process exchange zip, written and read: `X/processes/<processNo>.xml` (a
//! `ServiceProcess` with its `ProcessStep`s, `ProcessAction`s and `ProcessSequence`s),
//! `X/services/<serviceCode>.xml` (a `ServiceInfo` pointing at its process), and the
//! working calendar as `X/WorkingTime.xml` and `X/Holiday.xml`. The element names are
//! OpenCPS's own (docs/export.md says where each comes from).

#![allow(dead_code)] // The writer and reader are not complete yet.

use super::Workflow;
use super::compare::Configured;
use std::fmt;
use std::path::{Path, PathBuf};

/// What qms.yaml's `opencps:` says: the role code of each unit, the dossier status of steps.
#[derive(Clone, Debug, Default)]
pub(crate) struct Mapping {
    /// (`who`, folded; roleCode).
    pub(crate) roles: Vec<(String, String)>,
    /// (step code or label, folded; dossierStatus).
    pub(crate) statuses: Vec<(String, String)>,
}

/// Why a zip cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExportError {
    /// A step's `who` has no role code in `opencps.roles`.
    NoRole {
        code: String,
        step: String,
        who: Option<String>,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NoRole { code, step, who } => {
                let who = who.as_deref().unwrap_or("");
                f.write_str(&crate::tr!(
                    "{code}, bước {step}: đơn vị \"{who}\" chưa có mã vai trò OpenCPS trong qms.yaml (opencps.roles)",
                    "{code}, step {step}: unit \"{who}\" has no OpenCPS role code in qms.yaml (opencps.roles)"
                ))
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// Why a backup cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The file is not a zip.
    NotZip { path: PathBuf, reason: String },
    /// The zip has no `processes/` folder.
    NoProcesses { path: PathBuf },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotZip { path, reason } => {
                let p = path.display();
                f.write_str(&crate::tr!(
                    "{p} không phải tệp zip đọc được ({reason})",
                    "{p} is not a readable zip file ({reason})"
                ))
            }
            ReadError::NoProcesses { path } => {
                let p = path.display();
                f.write_str(&crate::tr!(
                    "{p} không có thư mục processes/: không phải bản sao lưu quy trình của OpenCPS",
                    "{p} has no processes/ folder: not an OpenCPS process backup"
                ))
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// The zip of `workflows`, in memory.
pub(crate) fn export(workflows: &[Workflow], mapping: &Mapping) -> Result<Vec<u8>, ExportError> {
    let _ = (workflows, mapping);
    Ok(Vec::new())
}

/// The workflows of an OpenCPS backup.
pub(crate) fn read(path: &Path) -> Result<Vec<Configured>, ReadError> {
    Err(ReadError::NoProcesses {
        path: path.to_path_buf(),
    })
}
