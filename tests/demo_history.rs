//! scripts/demo-history.sh gives docs-example a real history: a first publication and a
//! re-publication after a legal document was replaced.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::*;
use std::process::Command;

#[test]
fn demo_history_builds_two_publications() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("htqlcl");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/demo-history.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(&dest)
        .env("QMSDOC", BIN)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(&dest)
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert_eq!(git(&["tag", "-l"]), "qms/1\nqms/2\n");
    assert_eq!(git(&["status", "--porcelain"]), "");
    git(&["fsck", "--no-progress"]);
    assert!(stdout.contains("nd-61-2018 (61/2018/NĐ-CP"), "{stdout}");
    assert!(
        stdout.contains("dẫn chiếu bởi QT-NA-B01, QT-SL-02, ST-01"),
        "{stdout}"
    );
    let history = run_in(&dest, &["history", "ST-01"]);
    assert!(
        history
            .stdout
            .contains("Lần ban hành 1  hiệu lực 2025-03-03  (qms/1"),
        "{}",
        history.stdout
    );
    assert!(
        history
            .stdout
            .contains("Lần ban hành 2  hiệu lực 2026-01-05  (qms/2"),
        "{}",
        history.stdout
    );
    let check = run_in(
        &dest,
        &[
            "check",
            "--pending",
            "--format",
            "json",
            "--as-of",
            "2026-12-15",
        ],
    );
    assert_eq!(check.findings(), vec![], "{}", check.stdout);
}
