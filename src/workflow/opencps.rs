//! OpenCPS's process exchange zip, written and read: `X/processes/<processNo>.xml` (a
//! `ServiceProcess` with its `ProcessStep`s, `ProcessAction`s and `ProcessSequence`s),
//! `X/services/<serviceCode>.xml` (a `ServiceInfo` pointing at its process), and the
//! working calendar as `X/WorkingTime.xml` and `X/Holiday.xml`. The element names are
//! OpenCPS's own (docs/export.md says where each comes from).

mod read;
mod write;
mod xml;

pub(crate) use read::read;
pub(crate) use write::{Export, export};

use std::fmt;
use std::path::PathBuf;

/// The unit of a process's `durationCount`s: 0 = working days, 1 = working hours.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Units {
    hours: bool,
    day_minutes: u64,
}

/// OpenCPS's working day: `durationUnit` 0 counts days of 8 hours.
const OPENCPS_DAY_MINUTES: u64 = 480;

impl Units {
    fn days(day_minutes: u64) -> Units {
        Units {
            hours: false,
            day_minutes,
        }
    }

    fn hours(day_minutes: u64) -> Units {
        Units {
            hours: true,
            day_minutes,
        }
    }

    /// Days when the working day is OpenCPS's and every time is a whole number of 1/10000
    /// days; hours otherwise (4 decimals read back to the minute).
    fn of(all: &[u64], day_minutes: u64) -> Units {
        let exact = all.iter().all(|m| (m * 10_000).is_multiple_of(day_minutes));
        if day_minutes == OPENCPS_DAY_MINUTES && exact {
            Units::days(day_minutes)
        } else {
            Units::hours(day_minutes)
        }
    }

    fn code(self) -> &'static str {
        if self.hours { "1" } else { "0" }
    }

    fn per(self) -> f64 {
        if self.hours {
            60.0
        } else {
            self.day_minutes as f64
        }
    }

    /// Working minutes as a count: "2", "0.5", "1.3333".
    fn count(self, minutes: u64) -> String {
        let s = format!("{:.4}", minutes as f64 / self.per());
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }

    fn minutes(self, count: f64) -> u64 {
        (count * self.per()).round() as u64
    }
}

/// A code as a file name: what a file name cannot hold becomes `_`.
fn file_name(code: &str) -> String {
    code.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
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
    /// A time in calendar days, and no rate to make it working time (OpenCPS counts only
    /// working time); `step` is `None` for the time limit.
    CalendarTime {
        code: String,
        step: Option<String>,
    },
    Zip(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ExportError::NoRole { code, step, who } => match who {
                Some(who) => crate::tr!(
                    "{code}, {step}: \"{who}\" chưa có mã vai trò OpenCPS\ngợi ý: thêm vào qms.yaml:\n  opencps:\n    roles:\n      - {{ who: \"{who}\", role: MÃ_VAI_TRÒ }}",
                    "{code}, {step}: \"{who}\" has no OpenCPS role code\nhelp: add to qms.yaml:\n  opencps:\n    roles:\n      - {{ who: \"{who}\", role: ROLE_CODE }}"
                ),
                None => crate::tr!(
                    "{code}, {step}: bước không ghi người thực hiện (who) nên không có vai trò OpenCPS",
                    "{code}, {step}: the step names no unit (who), so it has no OpenCPS role"
                ),
            },
            ExportError::CalendarTime { code, step } => {
                let what = match step {
                    Some(s) => s.clone(),
                    None => crate::tr!("thời hạn giải quyết", "the time limit"),
                };
                crate::tr!(
                    "{code}, {what}: thời gian tính bằng ngày lịch, OpenCPS chỉ tính thời gian làm việc\ngợi ý: đặt durations.calendar_day_in_working_days trong qms.yaml",
                    "{code}, {what}: the time is in calendar days, OpenCPS counts working time only\nhelp: set durations.calendar_day_in_working_days in qms.yaml"
                )
            }
            ExportError::Zip(e) => {
                crate::tr!("không tạo được tệp zip: {e}", "cannot build the zip: {e}")
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ExportError {}

/// Why a backup cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    Io {
        path: PathBuf,
        reason: String,
    },
    NotZip {
        path: PathBuf,
        reason: String,
    },
    /// The zip has no `processes/` folder.
    NoProcesses {
        path: PathBuf,
    },
    /// One part of the zip is wrong.
    Entry {
        path: PathBuf,
        entry: String,
        problem: Problem,
    },
}

/// What is wrong with a part of a backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    BadXml(String),
    NotUtf8,
    TooBig,
    /// The root element is not OpenCPS's.
    NotOpenCps {
        root: String,
    },
    Missing(&'static str),
    NoSteps {
        process: String,
    },
    /// A `durationUnit` other than 0 (days) or 1 (hours).
    BadUnit(String),
    BadNumber {
        element: &'static str,
        value: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Problem::BadXml(e) => crate::tr!("XML không hợp lệ ({e})", "not well-formed XML ({e})"),
            Problem::NotUtf8 => crate::tr!("không phải UTF-8", "not UTF-8"),
            Problem::TooBig => crate::tr!("tệp quá lớn (trên 16 MB)", "too large (over 16 MB)"),
            Problem::NotOpenCps { root } => crate::tr!(
                "phần tử gốc là <{root}>, không phải <ServiceProcess> của OpenCPS",
                "the root element is <{root}>, not OpenCPS's <ServiceProcess>"
            ),
            Problem::Missing(name) => crate::tr!("thiếu <{name}>", "<{name}> is missing"),
            Problem::NoSteps { process } => crate::tr!(
                "quy trình {process} không có bước nào (<steps><ProcessStep>)",
                "process {process} has no steps (<steps><ProcessStep>)"
            ),
            Problem::BadUnit(v) => crate::tr!(
                "<durationUnit> là \"{v}\"; OpenCPS chỉ dùng 0 (ngày làm việc) hoặc 1 (giờ làm việc)",
                "<durationUnit> is \"{v}\"; OpenCPS uses only 0 (working days) or 1 (working hours)"
            ),
            Problem::BadNumber { element, value } => crate::tr!(
                "<{element}> \"{value}\" không phải số không âm",
                "<{element}> \"{value}\" is not a non-negative number"
            ),
        };
        f.write_str(&text)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ReadError::Io { path, reason } => {
                let p = path.display();
                crate::tr!("không đọc được {p}: {reason}", "cannot read {p}: {reason}")
            }
            ReadError::NotZip { path, reason } => {
                let p = path.display();
                crate::tr!(
                    "{p} không phải tệp zip đọc được ({reason})",
                    "{p} is not a readable zip file ({reason})"
                )
            }
            ReadError::NoProcesses { path } => {
                let p = path.display();
                crate::tr!(
                    "{p} không có thư mục processes/ chứa tệp .xml: không phải bản sao lưu quy trình của OpenCPS",
                    "{p} has no processes/ folder of .xml files: not an OpenCPS process backup"
                )
            }
            ReadError::Entry {
                path,
                entry,
                problem,
            } => {
                let p = path.display();
                format!("{p}: {entry}: {problem}")
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ReadError {}

#[cfg(test)]
mod tests;
