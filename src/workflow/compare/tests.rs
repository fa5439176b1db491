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
