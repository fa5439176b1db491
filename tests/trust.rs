//! Trust lists: the bundled Vietnamese roots (trust/vn-roots.pem) checked by openssl, real
//! intermediates of both PKIs chaining to them, and `verify` naming the PKI a signature chains
//! to through a list given with `--trust-list`.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
#[path = "common/signing.rs"]
mod signing;
use common::harness;
use signing::{Pki, check_all, fixture, qmsdoc, run, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(the_bundled_roots_are_what_openssl_reads_and_real_cas_chain_to_them)
            .needs(&["openssl"]),
        case!(verify_names_the_pki_of_a_listed_root_and_refuses_a_tampered_list)
            .needs(&["openssl", "pdfsig", "certutil", "pyhanko"]),
    ])
}

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("trust/vn-roots.pem")
}

/// The SHA-256 fingerprint openssl computes, lower-case hex.
fn openssl_sha256(pem: &Path) -> String {
    let o = run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(pem));
    assert!(o.status.success(), "{}", text(&o));
    let t = String::from_utf8(o.stdout).unwrap();
    t.trim()
        .split_once('=')
        .unwrap()
        .1
        .replace(':', "")
        .to_lowercase()
}

fn the_bundled_roots_are_what_openssl_reads_and_real_cas_chain_to_them() {
    let dir = tempfile::tempdir().unwrap();
    // Each certificate of the bundled list, cut out, fingerprinted by openssl.
    let list = std::fs::read_to_string(bundled()).unwrap();
    let mut fingerprints = Vec::new();
    for (i, block) in list
        .split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .enumerate()
    {
        let body = block.split("-----END CERTIFICATE-----").next().unwrap();
        let pem = dir.path().join(format!("{i}.pem"));
        let text = format!("-----BEGIN CERTIFICATE-----{body}-----END CERTIFICATE-----\n");
        std::fs::write(&pem, text).unwrap();
        fingerprints.push(openssl_sha256(&pem));
    }
    let o = run(&mut qmsdoc(&[&"trust", &"--format", &"json"]));
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sha256"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, fingerprints);
    assert_eq!(v[0]["pki"], "neac");
    assert_eq!(v[1]["pki"], "gov");
    // Real intermediates of the two PKIs chain to the bundled roots, says openssl, and the
    // list file is a PEM bundle openssl reads as it is.
    for ca in ["vnpt-ca-sha2.pem", "cpcag2.pem"] {
        let o = run(Command::new("openssl")
            .args(["verify", "-CAfile"])
            .arg(bundled())
            .arg(fixture(&format!("trust/{ca}"))));
        assert!(o.status.success(), "{ca}: {}", text(&o));
    }
    let o = run(&mut qmsdoc(&[&"trust"]));
    let t = text(&o);
    assert!(
        t.contains("Vietnam National Root CA [hạ tầng chứng thực chữ ký số công cộng quốc gia"),
        "{t}"
    );
    assert!(t.contains("RootCA chuyên dùng Chính phủ G2 [hạ tầng chữ ký số chuyên dùng Chính phủ (Ban Cơ yếu Chính phủ)]"), "{t}");
}

fn verify_names_the_pki_of_a_listed_root_and_refuses_a_tampered_list() {
    let pki = Pki::new();
    let signed = pki.path("signed.pdf");
    let o = run(&mut qmsdoc(&[
        &"sign",
        &pki.path("in.pdf"),
        &"-o",
        &signed,
        &"--key",
        &pki.path("rsa.key"),
        &"--cert",
        &pki.path("rsa-chain.pem"),
        &"--offline",
    ]));
    assert!(o.status.success(), "{}", text(&o));
    check_all(&pki, &signed);
    // The test root as a trust list of its own PKI, fingerprinted by openssl.
    let root = pki.path("root.pem");
    let list = pki.path("list.pem");
    let entry = format!(
        "# pki: thu-nghiem\n# name: Gốc thử nghiệm\n# sha256: {}\n{}",
        openssl_sha256(&root),
        std::fs::read_to_string(&root).unwrap()
    );
    std::fs::write(&list, &entry).unwrap();
    let verify = |extra: &[&dyn AsRef<std::ffi::OsStr>]| {
        let mut c = qmsdoc(&[&"verify", &signed]);
        for a in extra {
            c.arg(a);
        }
        run(&mut c)
    };
    let o = verify(&[&"--trust-list", &list]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("Hạ tầng: thu-nghiem — Gốc thử nghiệm"), "{t}");
    let o = verify(&[&"--trust-list", &list, &"--format", &"json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["signatures"][0]["trust_anchor"]["pki"], "thu-nghiem");
    // A bare --trust root: trusted, no PKI named.
    let o = verify(&[&"--trust", &root, &"--format", &"json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["signatures"][0]["status"], "valid");
    assert!(v["signatures"][0].get("trust_anchor").is_none());
    // The bundled roots alone do not trust the test PKI.
    let o = verify(&[&"--lang", &"en"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("the certificate chain does not reach a trusted root"),
        "{t}"
    );
    // A fingerprint that does not match: the list is refused, exit 2.
    let tampered = pki.path("tampered.pem");
    let wrong = entry.replacen("# sha256: ", "# sha256: 00", 1);
    std::fs::write(&tampered, wrong).unwrap();
    let o = verify(&[&"--trust-list", &tampered]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("dòng 4: SHA-256 ghi 00") && t.contains("không tin chứng thư này"),
        "{t}"
    );
    let o = run(&mut qmsdoc(&[&"trust", &"--trust-list", &list]));
    let t = text(&o);
    assert!(
        t.contains("Gốc thử nghiệm [thu-nghiem]") && t.contains("Danh sách: "),
        "{t}"
    );
    assert_eq!(t.matches("SHA-256: ").count(), 3, "{t}");
}
