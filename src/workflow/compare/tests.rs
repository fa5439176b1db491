use super::*;
use crate::workspace::Workspace;
use std::path::Path;

fn workflow(root: &str, code: &str) -> (Workflow, TimeRules) {
    let ws = Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(root));
    let doc = ws.documents.iter().find(|d| d.code_str() == code).unwrap();
    let rules = doc.time_rules(ws.config.time_rules());
    (Workflow::from_document(doc, &rules).unwrap(), rules)
}

#[test]
fn a_workflow_agrees_with_itself() {
    let (w, rules) = workflow("docs-example", "QT-HT-01");
    assert_eq!(compare(&w, &w, &rules), vec![]);
}

#[test]
fn each_change_is_one_difference() {
    let (w, rules) = workflow("docs-example", "QT-HT-01");
    assert!(w.steps.len() >= 4, "{}", w.steps.len());
    let mut c = w.clone();
    // One step's time, one role, two steps swapped, one step removed.
    c.steps[0].time = StepTime::Timed(crate::model::duration::Duration {
        basis: crate::model::duration::Basis::Working,
        minutes: 1,
        bare_day: false,
    });
    c.steps[1].who = Some("Văn thư".into());
    c.steps.swap(2, 3);
    let removed = c.steps.pop().unwrap();
    let d = compare(&w, &c, &rules);
    assert_eq!(d.len(), 4, "{d:#?}");
    assert!(matches!(d[0], Difference::Missing { step } if w.steps[step].id == removed.id));
    assert!(matches!(&d[1], Difference::Order { .. }));
    assert!(matches!(
        &d[2],
        Difference::StepTime {
            step: 0,
            configured_minutes: Some(1),
            ..
        }
    ));
    assert!(matches!(&d[3], Difference::StepRole { step: 1, .. }));
}

fn working(minutes: u64) -> StepTime {
    StepTime::Timed(crate::model::duration::Duration {
        basis: crate::model::duration::Basis::Working,
        minutes,
        bare_day: false,
    })
}

#[test]
fn a_longer_step_past_the_limit_is_its_time_and_the_sum() {
    let (w, rules) = workflow("docs-example", "QT-HT-01");
    let limit = limit_minutes(w.limit, &rules).unwrap();
    let mut c = w.clone();
    c.steps[2].time = working(limit + 60);
    let d = compare(&w, &c, &rules);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(matches!(d[0], Difference::StepTime { step: 2, .. }));
    assert!(matches!(d[1], Difference::ExceedsLimit { limit: l, .. } if l == limit));
}

#[test]
fn another_limit_and_a_renamed_code_paired_by_name() {
    let (w, rules) = workflow("docs-example", "QT-HT-01");
    let mut c = w.clone();
    c.limit = Some(working(60));
    c.steps[0].id = "100".into();
    let d = compare(&w, &c, &rules);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(matches!(
        d[0],
        Difference::Limit {
            configured: Some(60),
            ..
        }
    ));
}
