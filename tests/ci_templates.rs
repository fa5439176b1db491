//! The CI templates in `ci/` and the pre-commit hook run as written: every step that calls
//! qmsdoc is run here, in a git repository holding a valid QMS, with the binary under test on
//! PATH. The steps that install qmsdoc (they need the network) are the only ones not run, and
//! they are named, so that a new step cannot be skipped silently.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use qmsdoc::yaml::{Limits, Node, Value, parse};
use std::path::Path;

/// Every string under `key` anywhere in the YAML, in order (a list's items one by one).
fn commands(node: &Node, key: &str, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let is_key = matches!(&k.value, Value::Str(s) if s == key);
                match &v.value {
                    Value::Str(s) if is_key => out.push(s.clone()),
                    Value::Seq(items) if is_key => {
                        out.extend(items.iter().filter_map(|i| match &i.value {
                            Value::Str(s) => Some(s.clone()),
                            _ => None,
                        }));
                    }
                    _ => commands(v, key, out),
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| commands(i, key, out)),
        _ => {}
    }
}

fn template(path: &str, keys: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let root = parse(&text, 0, Limits::Repository).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let mut out = Vec::new();
    for key in keys {
        commands(&root, key, &mut out);
    }
    assert!(!out.is_empty(), "{path} has no {keys:?}");
    out
}

/// Runs the qmsdoc commands of a template in a committed valid QMS; returns the others.
fn run_steps(steps: &[String]) -> (Qms, Vec<String>) {
    let q = Qms::valid();
    git(q.path(), &["init", "-q"]);
    git(q.path(), &["add", "."]);
    git(q.path(), &["commit", "-qm", "HTQLCL"]);
    let bin = Path::new(env!("CARGO_BIN_EXE_qmsdoc")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut skipped = Vec::new();
    for step in steps {
        if !step.trim_start().starts_with("qmsdoc ") {
            skipped.push(step.clone());
            continue;
        }
        let out = std::process::Command::new("sh")
            .args(["-c", step])
            .current_dir(q.path())
            .env("PATH", &path)
            .env_remove("QMSDOC_LANG")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{step}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    (q, skipped)
}

#[test]
fn github_actions_steps_run() {
    let steps = template("ci/github-actions.yml", &["run"]);
    let (q, skipped) = run_steps(&steps);
    assert_eq!(
        skipped,
        ["cargo install --locked --git \"${{ vars.QMSDOC_REPO }}\" qmsdoc"]
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(q.join("qmsdoc.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["name"], "qmsdoc");
}

#[test]
fn gitlab_ci_steps_run() {
    let steps = template("ci/gitlab-ci.yml", &["before_script", "script"]);
    let (q, skipped) = run_steps(&steps);
    assert_eq!(
        skipped,
        ["cargo install --locked --git \"$QMSDOC_REPO\" qmsdoc"]
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(q.join("qmsdoc.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");
}

#[test]
fn the_pre_commit_hook_runs() {
    let entries = template(".pre-commit-hooks.yaml", &["entry"]);
    assert_eq!(entries, ["qmsdoc check"]);
    let (_, skipped) = run_steps(&entries);
    assert!(skipped.is_empty());
}
