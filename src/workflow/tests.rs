use super::*;
use crate::workspace::Workspace;
use std::path::Path;

fn workflows(root: &str) -> Vec<Workflow> {
    let ws = Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(root));
    let qms = ws.config.time_rules();
    ws.documents
        .iter()
        .filter(|d| !d.steps().is_empty())
        .flat_map(|d| Workflow::of_document(d, &d.time_rules(qms)).unwrap())
        .collect()
}

fn find<'a>(all: &'a [Workflow], code: &str) -> &'a Workflow {
    all.iter().find(|w| w.code == code).unwrap()
}

#[test]
fn ids_are_unique_and_ascii() {
    for root in [
        "docs-example",
        "tests/fixtures/real/bac-ninh-1490",
        "tests/fixtures/real/ha-noi-1594",
        "tests/fixtures/real/son-la-2929",
    ] {
        for w in workflows(root) {
            let mut seen = std::collections::HashSet::new();
            for s in &w.steps {
                assert!(
                    !s.id.is_empty()
                        && s.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                    "{}: {:?}",
                    w.code,
                    s.id
                );
                assert!(seen.insert(s.id.clone()), "{}: {} twice", w.code, s.id);
            }
        }
    }
}

#[test]
fn phases_prefix_ids_and_keep_their_limits() {
    let all = workflows("tests/fixtures/real/bac-ninh-1490");
    let w = find(&all, "QT-BN-02");
    assert!(w.phases.len() >= 2);
    assert_eq!(w.steps[0].id, "P1_B1");
    assert_eq!(w.steps[0].phase, Some(0));
    let first_of_2 = w.phases[1].steps.start;
    assert!(w.steps[first_of_2].id.starts_with("P2_B"));
    // 0,25 working day = 2 working hours.
    assert_eq!(w.steps[0].time.duration().map(|d| d.minutes), Some(120));
}

#[test]
fn a_document_without_steps_has_no_workflow() {
    let ws = Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example"));
    let doc = ws.documents.iter().find(|d| d.steps().is_empty()).unwrap();
    let err = Workflow::from_document(doc, &ws.config.time_rules()).unwrap_err();
    assert!(matches!(err, WorkflowError::NoSteps { .. }));
}

#[test]
fn codes_from_labels() {
    assert_eq!(ascii_code("Bước 3"), "BUOC_3");
    assert_eq!(ascii_code("B5"), "B5");
    assert_eq!(ascii_code(" 2.1 "), "2_1");
    assert_eq!(ascii_code(""), "");
}
