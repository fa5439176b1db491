use super::*;
use crate::workflow::compare::compare;
use crate::workflow::mapping::Mapping;
use crate::workflow::{StepTime, Workflow};
use crate::workspace::Workspace;
use std::path::Path;

/// Every procedure with steps of a QMS, each step given a role code.
fn workflows(ws: &Workspace) -> Vec<Workflow> {
    let qms = ws.config.time_rules();
    let mut out = Vec::new();
    for d in ws.documents.iter().filter(|d| !d.steps().is_empty()) {
        for mut w in Workflow::of_document(d, &d.time_rules(qms)).unwrap() {
            for s in &mut w.steps {
                let who = s.who.as_deref().unwrap_or("none");
                s.role = Some(crate::text::fold_key(who).to_uppercase());
            }
            out.push(w);
        }
    }
    out
}

/// Exports every procedure of `root`, reads the zip back and compares each pair; returns the
/// workflows for the caller to check what they covered.
fn round_trip(root: &Path) -> Vec<Workflow> {
    let ws = Workspace::load(root);
    let rules = ws.config.time_rules();
    let all = workflows(&ws);
    assert!(!all.is_empty(), "{}", root.display());
    let bytes = export(&Export {
        workflows: &all,
        mapping: &Mapping::default(),
        rules: &rules,
        calendar: &ws.calendar,
        rest: ws.config.calendar.rest(),
        folder: "x",
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("x.zip");
    std::fs::write(&zip, bytes).unwrap();
    let back = read(&zip, rules.day_minutes).unwrap();
    assert_eq!(back.len(), all.len());
    for w in &all {
        let c = back.iter().find(|c| c.workflow.code == w.code).unwrap();
        assert_eq!(c.services, w.tthc.iter().cloned().collect::<Vec<_>>());
        let d = compare(w, &c.workflow, &rules);
        assert_eq!(d, vec![], "{}: {}", root.display(), w.code);
        assert_eq!(c.workflow.steps.len(), w.steps.len());
        assert_eq!(c.workflow.phases.len(), w.phases.len(), "{}", w.code);
    }
    all
}

#[test]
fn docs_example_and_every_real_transcription_read_back_the_same() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![base.join("docs-example")];
    let real = base.join("tests/fixtures/real");
    let mut fixtures: Vec<_> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    roots.extend(fixtures);
    let (mut phased, mut off_clock, mut shared, mut total) = (0, 0, 0, 0);
    for root in &roots {
        for w in round_trip(root) {
            total += 1;
            phased += usize::from(!w.phases.is_empty());
            off_clock += w
                .steps
                .iter()
                .filter(|s| s.time == StepTime::OffClock)
                .count();
            shared += w
                .steps
                .iter()
                .filter(|s| s.time == StepTime::Shared)
                .count();
        }
    }
    // The transcriptions hold phased procedures, off-clock steps and phase-shared times.
    assert!(total >= 30, "{total}");
    assert!(
        phased > 0 && off_clock > 0 && shared > 0,
        "{phased} {off_clock} {shared}"
    );
}

#[test]
fn units_count_days_when_exact_and_hours_otherwise() {
    let days = Units::of(&[240, 480, 30], 480);
    assert_eq!(days.code(), "0");
    assert_eq!(days.count(240), "0.5");
    assert_eq!(days.count(30), "0.0625");
    let hours = Units::of(&[20, 480], 480);
    assert_eq!(hours.code(), "1");
    assert_eq!(hours.count(20), "0.3333");
    assert_eq!(hours.minutes(0.3333), 20);
    // A working day other than OpenCPS's 8 hours is written in hours.
    assert_eq!(Units::of(&[450], 450).code(), "1");
}
