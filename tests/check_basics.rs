#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do
mod common;
use common::*;

#[test]
fn valid_qms_has_no_findings_and_exits_0() {
    let q = Qms::valid();
    let out = q.check();
    assert_eq!(out.findings(), vec![], "{}", out.stderr);
    assert_eq!(out.code, 0);
    let summary = &out.json()["summary"];
    assert_eq!(summary["documents"], 2);
    assert_eq!(summary["errors"], 0);
}

#[test]
fn step_without_responsible_is_located() {
    let q = Qms::valid().procedure_with("    responsible: Chủ tịch UBND xã\n", "");
    let out = q.check();
    out.assert_exactly(&[("M002", "procedures/QT-HT-01.md", 28, 5)]);
    assert_eq!(out.code, 1);
}
