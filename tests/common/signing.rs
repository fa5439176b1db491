//! The test PKI and checks of the signing tests that need no more than it (remote_sign.rs,
//! trust.rs): a root with an RSA and a P-256 signer made by the openssl CLI, a one-page PDF,
//! and pdfsig, pyHanko and `qmsdoc verify` as judges.
#![allow(dead_code)]

use crate::common::BIN;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("command runs")
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Root → RSA-2048 signer and P-256 signer, made by the openssl CLI, and a one-page PDF.
pub(crate) const PKI_SCRIPT: &str = r#"
cat > ext.cnf <<'EOF'
[signer_ext]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
  -subj "/CN=Qmsdoc Remote Test Root/O=Qmsdoc Test" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -utf8 \
  -subj "/CN=Trần Thị Bình/O=Ủy ban nhân dân xã Tân Hòa/C=VN" 2>/dev/null
openssl x509 -req -in rsa.csr -CA root.pem -CAkey root.key -CAcreateserial -out rsa.pem -days 365 \
  -extfile ext.cnf -extensions signer_ext 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out ec.key
openssl req -new -key ec.key -out ec.csr -utf8 -subj "/CN=Lê Văn Cường/O=Qmsdoc Test" 2>/dev/null
openssl x509 -req -in ec.csr -CA root.pem -CAkey root.key -CAcreateserial -out ec.pem -days 365 \
  -extfile ext.cnf -extensions signer_ext 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other.key
cat rsa.pem root.pem > rsa-chain.pem
# The TLS certificate of the loopback CSC service.
openssl req -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj "/CN=127.0.0.1" 2>/dev/null
printf "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" > tls.ext
openssl x509 -req -in tls.csr -CA root.pem -CAkey root.key -CAcreateserial -out tls.pem -days 30 \
  -extfile tls.ext 2>/dev/null
cat ec.pem root.pem > ec-chain.pem
mkdir nss && certutil -N -d sql:nss --empty-password 2>/dev/null \
  && certutil -A -d sql:nss -n root -t CT,C,C -i root.pem 2>/dev/null || true
"#;

pub(crate) struct Pki {
    pub(crate) dir: tempfile::TempDir,
}

impl Pki {
    pub(crate) fn new() -> Pki {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = run(Command::new("bash")
            .args(["-euo", "pipefail", "-c", PKI_SCRIPT])
            .current_dir(dir.path()));
        assert!(out.status.success(), "pki: {}", text(&out));
        std::fs::write(dir.path().join("in.pdf"), one_page_pdf()).unwrap();
        Pki { dir }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The smallest PDF with one A4 page and a classic cross-reference table.
pub(crate) fn one_page_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

pub(crate) fn qmsdoc(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(BIN);
    for a in args {
        c.arg(a);
    }
    c.env_remove("QMSDOC_LANG")
        .env_remove("QMSDOC_SIGNING_TIME")
        .stdin(std::process::Stdio::null());
    c
}

/// pdfsig, pyHanko and `qmsdoc verify`: one valid signature from a trusted chain.
pub(crate) fn check_all(pki: &Pki, file: &Path) {
    let out = run(Command::new("pdfsig")
        .arg("-nssdir")
        .arg(format!("sql:{}", pki.path("nss").display()))
        .arg(file));
    let t = text(&out);
    assert!(
        t.contains("Signature Validation: Signature is Valid."),
        "pdfsig:\n{t}"
    );
    assert!(
        t.contains("Certificate Validation: Certificate is Trusted."),
        "pdfsig:\n{t}"
    );
    let out = run(Command::new("pyhanko")
        .args(["sign", "validate", "--trust-replace", "--trust"])
        .arg(pki.path("root.pem"))
        .arg(file));
    let t = text(&out);
    assert!(
        out.status.success() && t.contains(":INTACT:TRUSTED,UNTOUCHED"),
        "pyhanko:\n{t}"
    );
    let out = run(&mut qmsdoc(&[
        &"verify",
        &file,
        &"--trust",
        &pki.path("root.pem"),
    ]));
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "verify:\n{t}");
    assert!(
        t.contains("Kết luận: cả 1 chữ ký đều hợp lệ và tin cậy."),
        "{t}"
    );
}
