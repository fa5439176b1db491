//! Loading the calendar: the year files shipped with qmsdoc, then the QMS's own
//! `calendar/YYYY.yaml` (which replace a shipped year), with the settings of qms.yaml.

use super::data::{self, YearPlan};
use super::year::{self, Kind};
use super::{Calendar, Settings, YearSource};
use crate::diag::Draft;
use crate::model::reader::Reader;
use crate::rule::INVALID_CALENDAR;
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of a QMS that holds its year files.
pub const FOLDER: &str = "calendar";

/// The year files shipped in `templates/calendar/`.
pub const SHIPPED: &[(i32, &str)] = &[
    (2024, include_str!("../../templates/calendar/2024.yaml")),
    (2025, include_str!("../../templates/calendar/2025.yaml")),
    (2026, include_str!("../../templates/calendar/2026.yaml")),
];

/// The QMS's year files: `calendar/YYYY.yaml` under `root`.
fn own_files(root: &Path) -> Vec<(i32, PathBuf)> {
    let Ok(dir) = std::fs::read_dir(root.join(FOLDER)) else {
        return Vec::new();
    };
    let mut out: Vec<(i32, PathBuf)> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            let ext = p.extension()?.to_str()?;
            let year: i32 = p.file_stem()?.to_str()?.parse().ok()?;
            ((ext == "yaml" || ext == "yml") && (1950..=2100).contains(&year)).then_some((year, p))
        })
        .collect();
    out.sort();
    out
}

/// Reads and works out one year file.
fn one_year(
    file: &Arc<SourceFile>,
    year: i32,
    rest: [bool; 7],
    findings: &mut Vec<Draft>,
) -> Option<(YearSource, Vec<Kind>)> {
    let read = |r: &mut Reader, node: &crate::yaml::Node| {
        let plan: YearPlan = data::read(r, node, year)?;
        let kinds = year::build(r, &plan, rest);
        Some((plan, kinds))
    };
    let (plan, kinds) = crate::workspace::parse_yaml(file, findings, read)??;
    let src = YearSource {
        path: crate::source::shown(file.path()),
        sources: plan.sources,
        extras: plan.extras.into_iter().map(|x| x.name).collect(),
    };
    Some((src, kinds))
}

/// The calendar of the QMS at `root`, and the findings of its year files and settings.
pub fn load(root: &Path, settings: &Settings) -> (Calendar, Vec<Draft>) {
    let rest = settings.rest();
    let mut findings = Vec::new();
    let mut years = BTreeMap::new();
    for (y, text) in SHIPPED {
        let path = PathBuf::from(format!("templates/calendar/{y}.yaml"));
        let file = Arc::new(SourceFile::new(path, (*text).to_string()));
        if let Some(v) = one_year(&file, *y, rest, &mut findings) {
            years.insert(*y, v);
        }
    }
    for (y, path) in own_files(root) {
        let file = match std::fs::read_to_string(&path) {
            Ok(t) => Arc::new(SourceFile::new(path, t)),
            Err(_) => continue,
        };
        // A year file that cannot be used leaves that year uncovered, never half-shipped.
        years.remove(&y);
        if let Some(v) = one_year(&file, y, rest, &mut findings) {
            years.insert(y, v);
        }
    }
    let compare = compared_years(settings, &years, &mut findings);
    (Calendar::new(years, settings.hours(), compare), findings)
}

/// The years of `calendar.years` that have data (the others are reported); `None` when
/// qms.yaml names none (every covered year is compared).
fn compared_years<T>(
    settings: &Settings,
    years: &BTreeMap<i32, T>,
    findings: &mut Vec<Draft>,
) -> Option<Vec<i32>> {
    if settings.years.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for y in &settings.years {
        if years.contains_key(&y.value) {
            out.push(y.value);
            continue;
        }
        let Some(file) = &settings.file else { continue };
        let covered: Vec<String> = years.keys().map(i32::to_string).collect();
        let (year, list) = (y.value, covered.join(", "));
        findings.push(Draft {
            rule: &INVALID_CALENDAR,
            place: crate::diag::Place::Span(file.clone(), y.span),
            message: crate::tr!(
                "năm {year} chưa có dữ liệu lịch nghỉ lễ (các năm có dữ liệu: {list})",
                "{year} has no holiday data (years covered: {list})"
            ),
            help: Some(crate::tr!(
                "thêm tệp calendar/{year}.yaml theo thông báo lịch nghỉ lễ, Tết năm {year}",
                "add calendar/{year}.yaml from the announcement of {year}'s holidays"
            )),
            labels: Vec::new(),
        });
    }
    Some(out)
}
