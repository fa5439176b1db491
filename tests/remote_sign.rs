//! Signing with a key qmsdoc does not hold: an external program (`--sign-command`, here a
//! script around `openssl pkeyutl`) and a Cloud Signature Consortium service (`--csc`, here
//! tests/fixtures/csc_server.py on loopback). Every signed file is checked by pdfsig (NSS
//! database trusting the test root), pyHanko and `qmsdoc verify`.
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
#[path = "common/signing.rs"]
mod signing;
use common::harness;
use signing::{Pki, check_all, fixture, qmsdoc, run, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TOOLS: [&str; 4] = ["openssl", "pdfsig", "certutil", "pyhanko"];

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(a_sign_command_signs_with_rsa_pss_pkcs1v15_and_ecdsa).needs(&TOOLS),
        case!(a_failing_or_lying_sign_command_writes_nothing).needs(&["openssl"]),
        case!(a_csc_service_signs_v1_with_a_pin_and_v2_after_approval_on_the_phone)
            .needs(&TOOLS)
            .needs(&["curl"]),
        case!(a_csc_refusal_timeout_or_bad_secret_writes_nothing_and_prints_no_secret)
            .needs(&["openssl", "pyhanko"]),
        case!(the_loopback_csc_service_serves_pyhankos_own_csc_client).needs(&TOOLS),
    ])
}

fn sign_with_command(pki: &Pki, key: &str, cert: &str, out: &Path, extra: &[&str]) -> Output {
    let mut c = qmsdoc(&[
        &"sign",
        &pki.path("in.pdf"),
        &"-o",
        &out,
        &"--sign-command",
        &fixture("sign_command_openssl.sh"),
        &"--cert",
        &pki.path(cert),
        &"--trust",
        &pki.path("root.pem"),
        &"--offline",
    ]);
    c.args(extra).env("SIGN_KEY", pki.path(key));
    run(&mut c)
}

fn a_sign_command_signs_with_rsa_pss_pkcs1v15_and_ecdsa() {
    let pki = Pki::new();
    for (key, cert, extra, algorithm) in [
        ("rsa.key", "rsa-chain.pem", &[][..], "RSASSA-PSS (2048 bit)"),
        (
            "rsa.key",
            "rsa-chain.pem",
            &["--rsa-pkcs1v15"][..],
            "RSA PKCS#1 v1.5 (2048 bit)",
        ),
        ("ec.key", "ec-chain.pem", &[][..], "ECDSA P-256"),
    ] {
        let out = pki.path("out.pdf");
        let _ = std::fs::remove_file(&out);
        let o = sign_with_command(&pki, key, cert, &out, extra);
        assert!(o.status.success(), "sign: {}", text(&o));
        check_all(&pki, &out);
        let o = run(&mut qmsdoc(&[
            &"verify",
            &out,
            &"--trust",
            &pki.path("root.pem"),
            &"--format",
            &"json",
        ]));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["signatures"][0]["algorithm"], algorithm);
    }
}

/// A refused, silent, lying or slow program: a clear error, exit 2, no file.
fn a_failing_or_lying_sign_command_writes_nothing() {
    let pki = Pki::new();
    let out = pki.path("out.pdf");
    let refused = |command: &str, cert: &str, extra: &[&str], message: &str| {
        let o = run(qmsdoc(&[
            &"sign",
            &pki.path("in.pdf"),
            &"-o",
            &out,
            &"--sign-command",
            &command,
            &"--cert",
            &pki.path(cert),
            &"--offline",
        ])
        .args(extra)
        .env("SIGN_KEY", pki.path("other.key")));
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{command}: {t}");
        assert!(t.contains(message), "{command}: {t}");
        assert!(!out.exists(), "{command} left a file");
    };
    refused(
        "echo 'người ký đã từ chối' >&2; exit 7",
        "rsa-chain.pem",
        &[],
        "thất bại (mã thoát 7); chương trình báo:\nngười ký đã từ chối",
    );
    refused(
        "echo '<html>502 Bad Gateway</html>'",
        "rsa-chain.pem",
        &[],
        "không in chữ ký dạng base64 ra stdout",
    );
    // Another key's signature.
    let script = fixture("sign_command_openssl.sh");
    refused(
        &script.display().to_string(),
        "ec-chain.pem",
        &[],
        "không khớp khóa công khai của chứng thư số \"Lê Văn Cường\"",
    );
    refused(
        "sleep 30",
        "rsa-chain.pem",
        &["--approval-timeout", "0.3", "--lang", "en"],
        "did not answer within 0.3 s (stopped; raise --approval-timeout",
    );
    refused(
        "/nonexistent/signer",
        "ec-chain.pem",
        &[],
        "thất bại (mã thoát 127)",
    );
}

/// The loopback CSC service (tests/fixtures/csc_server.py) over the test PKI, run by the Python
/// that has pyHanko (and so the `cryptography` package); stopped when dropped.
struct Csc {
    child: std::process::Child,
    port: u16,
}

impl Csc {
    fn start(pki: &Pki, tls: bool) -> Csc {
        use std::io::BufRead;
        let mut c = Command::new(venv_python());
        c.arg(fixture("csc_server.py")).arg(pki.dir.path());
        if tls {
            c.args(["--tls"])
                .arg(pki.path("tls.pem"))
                .arg(pki.path("tls.key"));
        }
        let mut child = c
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python runs");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("port");
        let port = line.trim().parse().expect("a port number");
        Csc { child, port }
    }

    fn url(&self, scheme: &str, version: u8) -> String {
        format!("{scheme}://127.0.0.1:{}/csc/v{version}", self.port)
    }
}

impl Drop for Csc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The python3 next to the `pyhanko` command.
fn venv_python() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("pyhanko"))
        .find(|p| p.exists())
        .and_then(|p| p.parent().map(|d| d.join("python3")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// `qmsdoc sign --csc URL` with no secret in the environment but `env`.
fn sign_csc(pki: &Pki, url: &str, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = qmsdoc(&[
        &"sign",
        &pki.path("in.pdf"),
        &"-o",
        &out,
        &"--csc",
        &url,
        &"--trust",
        &pki.path("root.pem"),
        &"--offline",
    ]);
    c.args(extra);
    for var in [
        "QMSDOC_CSC_TOKEN",
        "QMSDOC_CSC_CLIENT_ID",
        "QMSDOC_CSC_CLIENT_SECRET",
        "QMSDOC_CSC_PIN",
        "QMSDOC_CSC_OTP",
        "QMSDOC_CSC_SAD",
    ] {
        c.env_remove(var);
    }
    c.envs(env.iter().copied());
    run(&mut c)
}

const CLIENT: [(&str, &str); 2] = [
    ("QMSDOC_CSC_CLIENT_ID", "qmsdoc-test"),
    ("QMSDOC_CSC_CLIENT_SECRET", "bí mật"),
];

fn a_csc_service_signs_v1_with_a_pin_and_v2_after_approval_on_the_phone() {
    let pki = Pki::new();
    let csc = Csc::start(&pki, false);
    let out = pki.path("out.pdf");
    // v1: a static token, the account's only credential, its PIN; RSASSA-PSS.
    let o = sign_csc(
        &pki,
        &csc.url("http", 1),
        &out,
        &[],
        &[
            ("QMSDOC_CSC_TOKEN", "static-token"),
            ("QMSDOC_CSC_PIN", "123456"),
        ],
    );
    assert!(o.status.success(), "v1: {}", text(&o));
    check_all(&pki, &out);
    // v2: OAuth 2.0 client credentials; ECDSA; the signer approves after two polls.
    std::fs::remove_file(&out).unwrap();
    let o = sign_csc(
        &pki,
        &csc.url("http", 2),
        &out,
        &["--csc-credential", "ec-phone", "--approval-timeout", "20"],
        &CLIENT,
    );
    let t = text(&o);
    assert!(o.status.success(), "v2: {t}");
    assert!(
        t.contains("đang chờ \"Lê Văn Cường\" xác nhận ký trên điện thoại"),
        "{t}"
    );
    check_all(&pki, &out);
    // A key offering only PKCS#1 v1.5, asked for it.
    std::fs::remove_file(&out).unwrap();
    let o = sign_csc(
        &pki,
        &csc.url("http", 2),
        &out,
        &["--csc-credential", "rsa-v15", "--rsa-pkcs1v15"],
        &[("QMSDOC_CSC_TOKEN", "static-token")],
    );
    assert!(o.status.success(), "v15: {}", text(&o));
    check_all(&pki, &out);
    // Over TLS (curl), the service's certificate trusted through CURL_CA_BUNDLE.
    let tls = Csc::start(&pki, true);
    std::fs::remove_file(&out).unwrap();
    let root = pki.path("root.pem").display().to_string();
    let o = sign_csc(
        &pki,
        &tls.url("https", 1),
        &out,
        &[],
        &[
            CLIENT[0],
            CLIENT[1],
            ("QMSDOC_CSC_PIN", "123456"),
            ("CURL_CA_BUNDLE", &root),
        ],
    );
    assert!(o.status.success(), "https: {}", text(&o));
    check_all(&pki, &out);
}

fn a_csc_refusal_timeout_or_bad_secret_writes_nothing_and_prints_no_secret() {
    let pki = Pki::new();
    let csc = Csc::start(&pki, false);
    let out = pki.path("out.pdf");
    let token = ("QMSDOC_CSC_TOKEN", "static-token");
    let refused = |version: u8, extra: &[&str], env: &[(&str, &str)], message: &str| {
        let o = sign_csc(&pki, &csc.url("http", version), &out, extra, env);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {t}");
        assert!(t.contains(message), "{extra:?}: {t}");
        assert!(!out.exists(), "{extra:?} left a file");
        for (_, secret) in env {
            assert!(!t.contains(secret), "{extra:?} printed a secret: {t}");
        }
    };
    refused(
        2,
        &["--csc-credential", "rsa-refuse"],
        &[token],
        "người ký hoặc dịch vụ đã từ chối ký: Người ký đã từ chối trên điện thoại; chưa ghi tệp nào",
    );
    refused(
        2,
        &["--csc-credential", "rsa-never", "--approval-timeout", "1"],
        &[token],
        "người ký chưa xác nhận trong 1 giây",
    );
    refused(
        1,
        &[],
        &[token, ("QMSDOC_CSC_PIN", "987654")],
        "từ chối credentials/authorize (HTTP 400 Bad Request): invalid_pin: The PIN is invalid",
    );
    refused(
        1,
        &[],
        &[token],
        "cần mật khẩu/mã PIN: đặt biến môi trường QMSDOC_CSC_PIN",
    );
    refused(
        2,
        &[],
        &[("QMSDOC_CSC_TOKEN", "not-a-token")],
        "(HTTP 401): đặt token truy cập vào QMSDOC_CSC_TOKEN",
    );
    refused(
        2,
        &[],
        &[
            ("QMSDOC_CSC_CLIENT_ID", "qmsdoc-test"),
            ("QMSDOC_CSC_CLIENT_SECRET", "sai-bí-mật"),
        ],
        "oauth2/token",
    );
    refused(
        2,
        &[],
        &[token],
        "tài khoản có nhiều chứng thư số (ec-phone, rsa-never, rsa-pin, rsa-refuse, rsa-v15): chọn bằng --csc-credential",
    );
    refused(
        2,
        &["--csc-credential", "rsa-v15"],
        &[token],
        "dịch vụ không ký được theo RSASSA-PSS SHA-256 với khóa này (có: 1.2.840.113549.1.1.1); với RSA thử --rsa-pkcs1v15",
    );
    refused(
        2,
        &["--csc-credential", "không-có"],
        &[token],
        "Invalid parameter credentialID",
    );
    // An address qmsdoc cannot reach: an error, not a panic.
    let o = sign_csc(&pki, "http://đ.invalid/csc/v1", &out, &[], &[token]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("không kết nối được tới http://đ.invalid/csc/v1/info"),
        "{}",
        text(&o)
    );
}

/// The fixture service against a second, independent CSC v1 client (pyHanko's CSCSigner, with
/// its own RSASSA-PSS parameters): what it signs verifies in pdfsig and pyHanko.
fn the_loopback_csc_service_serves_pyhankos_own_csc_client() {
    let pki = Pki::new();
    let csc = Csc::start(&pki, false);
    let out = pki.path("pyhanko.pdf");
    let o = run(Command::new(venv_python())
        .arg(fixture("pyhanko_csc_sign.py"))
        .arg(format!("http://127.0.0.1:{}", csc.port))
        .args(["rsa-pin", "123456"])
        .arg(pki.path("in.pdf"))
        .arg(&out));
    assert!(o.status.success(), "{}", text(&o));
    let o = run(Command::new("pdfsig")
        .arg("-nssdir")
        .arg(format!("sql:{}", pki.path("nss").display()))
        .arg(&out));
    assert!(
        text(&o).contains("Signature Validation: Signature is Valid."),
        "{}",
        text(&o)
    );
    let o = run(Command::new("pyhanko")
        .args(["sign", "validate", "--trust-replace", "--trust"])
        .arg(pki.path("root.pem"))
        .arg(&out));
    assert!(
        text(&o).contains(":INTACT:TRUSTED,UNTOUCHED"),
        "{}",
        text(&o)
    );
}
