//! `qmsdoc sign` and `qmsdoc verify` against real validators: poppler's pdfsig (with an NSS
//! database trusting the test root), pyHanko and qpdf --check. The test PKI is made with the
//! openssl CLI, the token with SoftHSM2. A test whose tools are missing is reported as skipped,
//! except in CI, where it fails (tests/common/harness.rs).
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

mod common;
use common::{BIN, harness};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The validators of most signing tests.
const TOOLS: [&str; 5] = ["openssl", "pdfsig", "certutil", "pyhanko", "qpdf"];

fn main() -> std::process::ExitCode {
    harness::run(vec![
        case!(signs_a_pdf_with_an_xref_table_as_an_incremental_update).needs(&TOOLS),
        case!(signs_a_pdf_with_object_streams_and_an_xref_stream).needs(&TOOLS),
        case!(fills_the_pre_placed_signature_field_then_adds_a_second_signature).needs(&TOOLS),
        case!(a_changed_byte_or_appended_bytes_are_reported).needs(&TOOLS),
        case!(signs_with_pkcs12_files_modern_and_legacy_and_pkcs1_keys).needs(&TOOLS),
        case!(refuses_bad_keys_certificates_and_inputs_without_writing_anything)
            .needs(&["openssl", "qpdf"]),
        case!(signs_with_a_softhsm_token)
            .needs(&TOOLS)
            .needs(&["softhsm2-util", "pkcs11-tool"])
            .needs_file(SOFTHSM_MODULE),
        case!(the_visible_block_shows_images_and_vietnamese_text)
            .needs(&TOOLS)
            .needs(&["pdftotext", "pdftoppm"]),
        case!(bench_in_process_signing).needs(&["openssl"]).manual(),
        case!(damaged_signed_files_never_panic).needs(&["openssl"]),
        case!(publish_signs_the_rendered_decision_in_its_signature_block).needs(&TOOLS),
        case!(signs_with_rsa_pss_by_default_pkcs1v15_on_request_and_ecdsa).needs(&TOOLS),
        case!(a_p12_holding_the_signer_twice_signs).needs(&TOOLS),
        case!(a_signature_listing_a_certificate_twice_verifies).needs(&TOOLS),
        case!(signatures_added_by_pyhanko_and_by_qmsdoc_in_both_orders).needs(&TOOLS),
        case!(timestamps_and_revocation_from_loopback_services)
            .needs(&TOOLS)
            .needs(&["python3"]),
        case!(the_signer_signs_at_publication_and_the_agency_a_day_later)
            .needs(&TOOLS)
            .needs(&["pdftoppm"]),
        case!(agency_signatures_out_of_order_or_with_a_bad_seal_are_refused)
            .needs(&["openssl", "qpdf"]),
        case!(images_not_of_the_decree_s_colours_are_signed_with_a_warning).needs(&TOOLS),
        case!(long_term_validation_with_loopback_services)
            .needs(&TOOLS)
            .needs(&["python3"]),
        case!(bench_timestamp_and_revocation)
            .needs(&["openssl", "python3"])
            .manual(),
    ])
}

const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// The signing time of the tests (QMSDOC_SIGNING_TIME), in Vietnam time: half an hour after
/// the first call, so inside the validity of the certificates every test of the run makes
/// (they are valid from the moment they are made; the whole file runs in a few minutes).
fn time() -> String {
    static T: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    T.get_or_init(|| (qmsdoc::sign::Instant(qmsdoc::sign::Instant::now().0 + 1800)).iso8601_vn())
        .clone()
}

/// The same time as a PDF date.
fn pdf_time() -> String {
    qmsdoc::sign::time::parse_rfc3339(&time())
        .map(|t| t.pdf_date_vn())
        .unwrap_or_default()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("command runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sh(dir: &Path, script: &str) {
    let out = run(Command::new("bash")
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(dir));
    assert!(
        out.status.success(),
        "script failed:\n{script}\n{}",
        text(&out)
    );
}

/// The test PKI: root → intermediate → signer (RSA-2048, digitalSignature + nonRepudiation),
/// plus an expired and a not-yet-valid signer, a keyCertSign-only certificate, a second key
/// that matches no certificate, and the signer in PKCS#12 files (modern and legacy).
struct Pki {
    dir: tempfile::TempDir,
}

const PKI_SCRIPT: &str = r#"
cat > ext.cnf <<'EOF'
[ca_ext]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[signer_ext]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[certsign_ext]
basicConstraints=CA:FALSE
keyUsage=critical,keyCertSign
EOF
cat > ca.cnf <<'EOF'
[ca]
default_ca = dated
[dated]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
countryName = optional
EOF
: > index.txt; echo 1000 > serial
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 7300 \
  -subj "/CN=Qmsdoc Test Root CA/O=Qmsdoc Test" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/CN=Qmsdoc Test Intermediate CA/O=Qmsdoc Test" 2>/dev/null
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 7000 -extfile ext.cnf -extensions ca_ext 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -utf8 \
  -subj "/CN=Nguyễn Văn An/O=Ủy ban nhân dân xã Tân Hòa/C=VN" 2>/dev/null
openssl x509 -req -in signer.csr -CA int.pem -CAkey int.key -CAcreateserial -out signer.pem -days 3650 -extfile ext.cnf -extensions signer_ext 2>/dev/null
cat signer.pem int.pem > chain.pem
# The agency's own certificate, for its signature after the signer's (Decree 30/2020/NĐ-CP).
openssl req -newkey rsa:2048 -nodes -keyout agency.key -out agency.csr -utf8 \
  -subj "/CN=Ủy ban nhân dân xã Thử Nghiệm/O=Ủy ban nhân dân xã Thử Nghiệm/C=VN" 2>/dev/null
openssl x509 -req -in agency.csr -CA int.pem -CAkey int.key -CAcreateserial -out agency.pem -days 3650 -extfile ext.cnf -extensions signer_ext 2>/dev/null
cat agency.pem int.pem > agency-chain.pem
# PKCS#1 form of the same key.
openssl rsa -in signer.key -traditional -out signer-pkcs1.key 2>/dev/null
openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in signer.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -subj "/CN=Expired Signer/O=Qmsdoc Test" \
  -extfile ext.cnf -extensions signer_ext -notext 2>/dev/null
openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in signer.csr -out notyet.pem \
  -startdate 20400101000000Z -enddate 20410101000000Z -subj "/CN=Future Signer/O=Qmsdoc Test" \
  -extfile ext.cnf -extensions signer_ext -notext 2>/dev/null
openssl x509 -req -in signer.csr -CA int.pem -CAkey int.key -CAcreateserial -out certsign.pem -days 3650 -extfile ext.cnf -extensions certsign_ext 2>/dev/null
cat expired.pem int.pem > expired-chain.pem
cat notyet.pem int.pem > notyet-chain.pem
cat certsign.pem int.pem > certsign-chain.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key 2>/dev/null
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile int.pem -out modern.p12 -passout pass:mật-khẩu-1
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile int.pem -out legacy3des.p12 -passout pass:secret \
  -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile int.pem -out legacy.p12 -passout pass:secret -legacy
# What `-certfile chain.pem` makes when chain.pem starts with the signer: the signer twice.
openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile chain.pem -out twice.p12 -passout pass:secret
# ECDSA signers: P-256 (SEC1 "EC PRIVATE KEY") and P-384 (PKCS#8), and a P-256 .p12.
openssl ecparam -name prime256v1 -genkey -noout -out ec256.key
openssl req -new -key ec256.key -out ec256.csr -utf8 -subj "/CN=Lê Thị Hoa/O=Ủy ban nhân dân xã Tân Hòa/C=VN" 2>/dev/null
openssl x509 -req -in ec256.csr -CA int.pem -CAkey int.key -CAcreateserial -out ec256.pem -days 3650 -extfile ext.cnf -extensions signer_ext 2>/dev/null
cat ec256.pem int.pem > ec256-chain.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.key 2>/dev/null
openssl req -new -key ec384.key -out ec384.csr -subj "/CN=Pham Van Minh/O=Qmsdoc Test" 2>/dev/null
openssl x509 -req -in ec384.csr -CA int.pem -CAkey int.key -CAcreateserial -out ec384.pem -days 3650 -extfile ext.cnf -extensions signer_ext 2>/dev/null
cat ec384.pem int.pem > ec384-chain.pem
openssl pkcs12 -export -inkey ec256.key -in ec256.pem -certfile int.pem -out ec256.p12 -passout pass:secret
"#;

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().expect("tempdir");
        sh(dir.path(), PKI_SCRIPT);
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// An NSS database trusting the root, for pdfsig.
    fn nss(&self) -> String {
        let db = self.path("nss");
        if !db.exists() {
            std::fs::create_dir(&db).expect("mkdir");
            sh(
                self.dir.path(),
                "certutil -N -d sql:nss --empty-password && certutil -A -d sql:nss -n root -t CT,C,C -i root.pem",
            );
        }
        format!("sql:{}", db.display())
    }
}

/// A one-page PDF written by pdf-writer (classic xref table), optionally with an empty
/// signature field `chu_ky` at `field_rect`, and `pages` pages of filler text.
fn make_pdf(pages: usize, field_rect: Option<[f32; 4]>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let field = Ref::new(4);
    let mut next = 5;
    let mut page_ids = Vec::new();
    for _ in 0..pages {
        page_ids.push((Ref::new(next), Ref::new(next + 1)));
        next += 2;
    }
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree);
    if field_rect.is_some() {
        cat.insert(Name(b"AcroForm"))
            .dict()
            .insert(Name(b"Fields"))
            .array()
            .item(field);
    }
    cat.finish();
    pdf.pages(tree)
        .kids(page_ids.iter().map(|p| p.0))
        .count(pages as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    for (i, &(page, contents)) in page_ids.iter().enumerate() {
        let mut p = pdf.page(page);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        p.contents(contents);
        p.resources().fonts().pair(Name(b"F1"), font);
        if i + 1 == pages && field_rect.is_some() {
            p.annotations([field]);
        }
        p.finish();
        let mut c = Content::new();
        c.begin_text();
        c.set_font(Name(b"F1"), 11.0);
        c.next_line(72.0, 770.0);
        c.show(Str(format!("Quyet dinh - trang {}", i + 1).as_bytes()));
        for line in 0..40 {
            c.next_line(0.0, -13.0);
            c.show(Str(format!(
                "Dong {line}: noi dung van ban mau de do kich thuoc tep khi ky so ({i})."
            )
            .as_bytes()));
        }
        c.end_text();
        pdf.stream(contents, &c.finish());
    }
    if let Some([x1, y1, x2, y2]) = field_rect {
        let mut d = pdf.indirect(field).dict();
        d.pair(Name(b"Type"), Name(b"Annot"));
        d.pair(Name(b"Subtype"), Name(b"Widget"));
        d.pair(Name(b"FT"), Name(b"Sig"));
        d.pair(Name(b"T"), Str(b"chu_ky"));
        d.pair(Name(b"F"), 4);
        d.pair(Name(b"P"), page_ids[pages - 1].0);
        d.insert(Name(b"Rect")).array().items([x1, y1, x2, y2]);
        d.finish();
    }
    pdf.finish()
}

struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn new() -> Work {
        Work {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

fn qmsdoc(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(BIN);
    for a in args {
        c.arg(a);
    }
    c.env("QMSDOC_SIGNING_TIME", time())
        .env_remove("QMSDOC_P12_PASSWORD")
        .env_remove("QMSDOC_PKCS11_PIN")
        .env_remove("QMSDOC_LANG")
        .env_remove("QMSDOC_TSA")
        .stdin(std::process::Stdio::null());
    c
}

fn sign_pem(pki: &Pki, input: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut c = qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &output,
        &"--key",
        &pki.path("signer.key"),
        &"--cert",
        &pki.path("chain.pem"),
    ]);
    c.args(extra);
    run(&mut c)
}

fn assert_signed(out: &Output) {
    assert!(out.status.success(), "sign failed: {}", text(out));
}

/// pdfsig: `n` signatures, each valid and trusted.
fn check_pdfsig(pki: &Pki, file: &Path, n: usize) {
    let out = run(Command::new("pdfsig")
        .arg("-nssdir")
        .arg(pki.nss())
        .arg(file));
    let t = text(&out);
    assert_eq!(
        t.matches("Signature Validation: Signature is Valid.")
            .count(),
        n,
        "pdfsig:\n{t}"
    );
    assert_eq!(
        t.matches("Certificate Validation: Certificate is Trusted.")
            .count(),
        n,
        "pdfsig:\n{t}"
    );
}

/// pyHanko: every signature intact, trusted, and (for the last one) untouched.
fn check_pyhanko(pki: &Pki, file: &Path, n: usize) {
    let out = run(Command::new("pyhanko")
        .args(["sign", "validate", "--trust-replace", "--trust"])
        .arg(pki.path("root.pem"))
        .arg(file));
    let t = text(&out);
    assert!(out.status.success(), "pyhanko:\n{t}");
    let lines: Vec<&str> = t.lines().filter(|l| l.contains(":INTACT:")).collect();
    assert_eq!(lines.len(), n, "pyhanko:\n{t}");
    for l in &lines {
        assert!(l.contains(":INTACT:TRUSTED"), "pyhanko:\n{t}");
    }
    let pretty = run(Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--trust-replace",
            "--pretty-print",
            "--trust",
        ])
        .arg(pki.path("root.pem"))
        .arg(file));
    let p = text(&pretty);
    assert_eq!(
        p.matches("The signature is judged VALID.").count(),
        n,
        "pyhanko:\n{p}"
    );
    assert!(p.contains("The signer's certificate is trusted."), "{p}");
}

fn check_qpdf(file: &Path) {
    let out = run(Command::new("qpdf").arg("--check").arg(file));
    let t = text(&out);
    assert!(out.status.success(), "qpdf --check:\n{t}");
    assert!(
        t.contains("No syntax or stream encoding errors found"),
        "{t}"
    );
}

fn verify(pki: &Pki, file: &Path, extra: &[&str]) -> Output {
    let mut c = qmsdoc(&[&"verify", &file, &"--trust", &pki.path("root.pem")]);
    c.args(extra);
    run(&mut c)
}

fn verify_json(pki: &Pki, file: &Path) -> (i32, serde_json::Value) {
    let out = verify(pki, file, &["--format", "json"]);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out.status.code().unwrap_or(-1), v)
}

/// Every validator agrees that `file` holds `n` valid, trusted signatures.
fn check_all(pki: &Pki, file: &Path, n: usize) {
    check_pdfsig(pki, file, n);
    check_pyhanko(pki, file, n);
    check_qpdf(file);
    let out = verify(pki, file, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "verify:\n{t}");
    assert!(
        t.contains(&format!("Kết luận: cả {n} chữ ký đều hợp lệ và tin cậy.")),
        "{t}"
    );
}

fn signs_a_pdf_with_an_xref_table_as_an_incremental_update() {
    let pki = Pki::new();
    let w = Work::new();
    let original = make_pdf(1, None);
    let input = w.write("in.pdf", &original);
    let output = w.path("out.pdf");
    let out = sign_pem(&pki, &input, &output, &[]);
    assert_signed(&out);
    // The test PKI is none of Vietnam's: without --trust it is signed, with a warning.
    assert!(
        text(&out).contains("chuỗi chứng thư không dẫn tới chứng thư gốc tin cậy đi kèm"),
        "{}",
        text(&out)
    );
    let trusted = sign_pem(
        &pki,
        &input,
        &w.path("trusted.pdf"),
        &["--trust", pki.path("root.pem").to_str().unwrap()],
    );
    assert_signed(&trusted);
    assert!(
        !text(&trusted).contains("gốc tin cậy"),
        "{}",
        text(&trusted)
    );
    let signed = std::fs::read(&output).unwrap();
    assert_eq!(
        &signed[..original.len()],
        &original[..],
        "original bytes kept"
    );
    let update = String::from_utf8_lossy(&signed[original.len()..]);
    assert!(
        update.contains("\nxref\n"),
        "a classic xref table after a table"
    );
    assert!(update.contains("/Prev "), "{update:.0}");
    assert!(update.contains("/SubFilter /ETSI.CAdES.detached"));
    assert!(update.contains("/Filter /Adobe.PPKLite"));
    assert!(update.contains("/SigFlags 3"));
    assert!(update.contains("/F 132"));
    assert!(update.contains(&format!("/M ({})", pdf_time())));
    check_all(&pki, &output, 1);
    // The signing certificate's chain and the Vietnamese names survive.
    let (code, v) = verify_json(&pki, &output);
    assert_eq!(code, 0);
    let s = &v["signatures"][0];
    assert_eq!(s["signer"], "Nguyễn Văn An");
    assert_eq!(s["organization"], "Ủy ban nhân dân xã Tân Hòa");
    assert_eq!(s["signing_time"], time());
    assert_eq!(s["chain"].as_array().map(Vec::len), Some(3));
    assert_eq!(s["after"]["kind"], "nothing");
    assert_eq!(s["status"], "valid");
}

fn signs_a_pdf_with_object_streams_and_an_xref_stream() {
    let pki = Pki::new();
    let w = Work::new();
    let plain = w.write("plain.pdf", &make_pdf(2, None));
    let input = w.path("in.pdf");
    let out = run(Command::new("qpdf")
        .arg("--object-streams=generate")
        .arg(&plain)
        .arg(&input));
    assert!(out.status.success(), "{}", text(&out));
    let original = std::fs::read(&input).unwrap();
    assert!(String::from_utf8_lossy(&original).contains("/ObjStm"));
    let output = w.path("out.pdf");
    assert_signed(&sign_pem(&pki, &input, &output, &["--page", "1"]));
    let signed = std::fs::read(&output).unwrap();
    assert_eq!(&signed[..original.len()], &original[..]);
    let update = String::from_utf8_lossy(&signed[original.len()..]);
    assert!(
        update.contains("/Type/XRef"),
        "an xref stream after a stream"
    );
    assert!(!update.contains("\nxref\n"));
    check_all(&pki, &output, 1);
}

fn fills_the_pre_placed_signature_field_then_adds_a_second_signature() {
    let pki = Pki::new();
    let w = Work::new();
    let rect = [330.0, 60.0, 560.0, 170.0];
    let input = w.write("in.pdf", &make_pdf(1, Some(rect)));
    let once = w.path("once.pdf");
    assert_signed(&sign_pem(
        &pki,
        &input,
        &once,
        &["--signer-name", "Trần Thị Bình"],
    ));
    let (code, v) = verify_json(&pki, &once);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["signatures"][0]["field"], "chu_ky");
    // No new field: the widget is the one the renderer placed.
    let update = String::from_utf8_lossy(&std::fs::read(&once).unwrap()).into_owned();
    assert!(!update.contains("chu_ky_1"));
    check_all(&pki, &once, 1);

    // A second signature (another official, ECDSA): a new field, a new revision; the first
    // stays valid. (poppler 22.12's pdfsig reports "Unknown issue with Certificate" for the
    // second of two signatures by the same certificate, whoever made them.)
    let twice = w.path("twice.pdf");
    assert_signed(&run(&mut qmsdoc(&[
        &"sign",
        &once,
        &"-o",
        &twice,
        &"--key",
        &pki.path("ec256.key"),
        &"--cert",
        &pki.path("ec256-chain.pem"),
    ])));
    check_all(&pki, &twice, 2);
    let (code, v) = verify_json(&pki, &twice);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["signatures"][1]["field"], "chu_ky_1");
    assert_eq!(v["signatures"][0]["after"]["kind"], "later_signatures");
    assert_eq!(v["signatures"][0]["after"]["signatures"][0], 2);
    let human = text(&verify(&pki, &twice, &[]));
    assert!(human.contains("phiên bản sau: chữ ký 2"), "{human}");

    // Filling an already signed field by name is refused.
    let again = w.path("again.pdf");
    let out = sign_pem(&pki, &twice, &again, &["--field", "chu_ky"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("trường chữ ký \"chu_ky\" đã được ký"),
        "{}",
        text(&out)
    );
    assert!(!again.exists());
}

fn a_changed_byte_or_appended_bytes_are_reported() {
    let pki = Pki::new();
    let w = Work::new();
    let original = make_pdf(1, None);
    let input = w.write("in.pdf", &original);
    let output = w.path("out.pdf");
    assert_signed(&sign_pem(&pki, &input, &output, &[]));
    let signed = std::fs::read(&output).unwrap();

    // Flip one byte of the page text (inside the first signed range).
    let at = signed
        .windows(9)
        .position(|win| win == b"Quyet din")
        .expect("page text");
    let mut tampered = signed.clone();
    tampered[at] = b'X';
    let bad = w.write("tampered.pdf", &tampered);
    let out = verify(&pki, &bad, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("KHÔNG HỢP LỆ") && t.contains("giá trị băm không khớp"),
        "{t}"
    );
    let p = text(&run(Command::new("pdfsig")
        .arg("-nssdir")
        .arg(pki.nss())
        .arg(&bad)));
    assert!(
        p.contains("Signature is Invalid") || p.contains("Digest Mismatch"),
        "pdfsig:\n{p}"
    );
    assert!(!p.contains("Signature is Valid."), "pdfsig:\n{p}");
    let h = text(&run(Command::new("pyhanko")
        .args(["sign", "validate", "--trust-replace", "--trust"])
        .arg(pki.path("root.pem"))
        .arg(&bad)));
    assert!(!h.contains(":INTACT:"), "pyhanko:\n{h}");

    // Bytes appended after the signature.
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% unsigned garbage appended after signing\n");
    let app = w.write("appended.pdf", &appended);
    let out = verify(&pki, &app, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("có thay đổi không được ký thêm vào sau khi ký"),
        "{t}"
    );
    let (_, v) = verify_json(&pki, &app);
    assert_eq!(v["signatures"][0]["after"]["kind"], "unsigned_changes");
    assert_eq!(v["signatures"][0]["status"], "modified");
    assert_eq!(v["signatures"][0]["digest_matches"], true);

    // Without the root the signature is intact but untrusted: exit 1.
    let out = run(&mut qmsdoc(&[
        &"verify",
        &output,
        &"--lang",
        &"en",
        &"--no-bundled-trust",
    ]));
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("UNTRUSTED") && t.contains("no trusted root given"),
        "{t}"
    );

    // A PDF without signatures: exit 1; not a PDF: exit 2.
    let out = verify(&pki, &input, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("không có chữ ký số nào"));
    let junk = w.write("junk.pdf", b"hello");
    assert_eq!(verify(&pki, &junk, &[]).status.code(), Some(2));
}

fn signs_with_pkcs12_files_modern_and_legacy_and_pkcs1_keys() {
    let pki = Pki::new();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    for (file, password) in [
        ("modern.p12", "mật-khẩu-1"),
        ("legacy3des.p12", "secret"),
        ("legacy.p12", "secret"),
    ] {
        let output = w.path(&format!("{file}.pdf"));
        let out = run(
            qmsdoc(&[&"sign", &input, &"-o", &output, &"--p12", &pki.path(file)])
                .env("QMSDOC_P12_PASSWORD", password),
        );
        assert_signed(&out);
        check_pdfsig(&pki, &output, 1);
        assert_eq!(verify(&pki, &output, &[]).status.code(), Some(0));
    }
    let output = w.path("pkcs1.pdf");
    let out = run(&mut qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &output,
        &"--key",
        &pki.path("signer-pkcs1.key"),
        &"--cert",
        &pki.path("chain.pem"),
    ]));
    assert_signed(&out);
    check_all(&pki, &output, 1);
}

/// Runs `qmsdoc sign` expecting a refusal: exit 2, `message` on stderr, no output file.
fn refused(cmd: &mut Command, output: &Path, message: &str) {
    let out = run(cmd);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains(message), "expected {message:?} in:\n{t}");
    assert!(!output.exists(), "no output file after a refusal");
    let leftovers: Vec<_> = std::fs::read_dir(output.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn refuses_bad_keys_certificates_and_inputs_without_writing_anything() {
    let pki = Pki::new();
    let w = Work::new();
    let pdf = make_pdf(1, None);
    let input = w.write("in.pdf", &pdf);
    let output = w.path("out.pdf");
    let key = pki.path("signer.key");
    // `qmsdoc sign FILE -o out.pdf` with the good key and chain.
    let sign_file = |file: &Path| {
        qmsdoc(&[
            &"sign",
            &file,
            &"-o",
            &output,
            &"--key",
            &key,
            &"--cert",
            &pki.path("chain.pem"),
        ])
    };
    let with_cert = |cert: &str| {
        qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--key",
            &key,
            &"--cert",
            &pki.path(cert),
        ])
    };
    refused(
        &mut with_cert("expired-chain.pem"),
        &output,
        &format!(
            "chứng thư số \"Expired Signer\" đã hết hạn tại thời điểm ký {}",
            time()
        ),
    );
    refused(
        &mut with_cert("notyet-chain.pem"),
        &output,
        "chứng thư số \"Future Signer\" chưa có hiệu lực",
    );
    refused(
        &mut with_cert("certsign-chain.pem"),
        &output,
        "không dùng để ký: keyUsage không có digitalSignature hay nonRepudiation",
    );
    refused(
        qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--key",
            &pki.path("other.key"),
            &"--cert",
            &pki.path("chain.pem"),
        ])
        .arg("--lang")
        .arg("en"),
        &output,
        "error: the private key does not match certificate \"Nguyễn Văn An\"",
    );
    refused(
        qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--p12",
            &pki.path("modern.p12"),
        ])
        .env("QMSDOC_P12_PASSWORD", "wrong"),
        &output,
        "sai mật khẩu tệp PKCS#12",
    );
    refused(
        &mut qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--p12",
            &pki.path("modern.p12"),
        ]),
        &output,
        "đặt biến môi trường QMSDOC_P12_PASSWORD",
    );
    // Damaged inputs.
    let truncated = w.write("truncated.pdf", &pdf[..pdf.len() * 2 / 3]);
    refused(&mut sign_file(&truncated), &output, "PDF bị hỏng");
    let random: Vec<u8> = (0u32..4000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let noise = w.write("random.pdf", &random);
    refused(&mut sign_file(&noise), &output, "tệp không phải PDF");
    let encrypted = w.path("encrypted.pdf");
    let out = run(Command::new("qpdf")
        .args(["--encrypt", "u", "o", "256", "--"])
        .arg(&input)
        .arg(&encrypted));
    assert!(out.status.success(), "{}", text(&out));
    refused(&mut sign_file(&encrypted), &output, "PDF được mã hóa");
    // A box too small for the text at 10 pt.
    refused(
        sign_file(&input).args(["--rect", "400,40,480,60"]),
        &output,
        "khối chữ ký quá nhỏ cho nội dung",
    );
    refused(
        sign_file(&input).args(["--page", "7"]),
        &output,
        "không có trang 7 (tài liệu có 1 trang)",
    );
}

fn signs_with_a_softhsm_token() {
    let pki = Pki::new();
    let w = Work::new();
    let tokens = w.path("tokens");
    std::fs::create_dir(&tokens).unwrap();
    let conf = w.write(
        "softhsm2.conf",
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        )
        .as_bytes(),
    );
    let script = format!(
        "export SOFTHSM2_CONF={conf}
softhsm2-util --init-token --free --label qmsdoc-test --pin 1234 --so-pin 5678 >/dev/null
openssl pkcs8 -topk8 -nocrypt -in {key} -out key.pk8
softhsm2-util --import key.pk8 --token qmsdoc-test --label signer --id 01 --pin 1234 >/dev/null
openssl x509 -in {cert} -outform DER -out cert.der
openssl x509 -in {int} -outform DER -out int.der
pkcs11-tool --module {SOFTHSM_MODULE} --token-label qmsdoc-test --login --pin 1234 --write-object cert.der --type cert --id 01 --label signer >/dev/null
pkcs11-tool --module {SOFTHSM_MODULE} --token-label qmsdoc-test --login --pin 1234 --write-object int.der --type cert --id 02 --label intermediate >/dev/null
",
        conf = conf.display(),
        key = pki.path("signer.key").display(),
        cert = pki.path("signer.pem").display(),
        int = pki.path("int.pem").display(),
    );
    sh(w.dir.path(), &script);
    let input = w.write("in.pdf", &make_pdf(1, Some([330.0, 60.0, 560.0, 170.0])));
    let output = w.path("out.pdf");
    let token = |label: &str, pin: &str| {
        let mut c = qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--pkcs11",
            &SOFTHSM_MODULE,
            &"--token",
            &label,
        ]);
        c.env("SOFTHSM2_CONF", &conf).env("QMSDOC_PKCS11_PIN", pin);
        c
    };
    refused(
        &mut token("qmsdoc-test", "0000"),
        &output,
        "sai mã PIN của token \"qmsdoc-test\"",
    );
    refused(
        &mut token("no-such-token", "1234"),
        &output,
        "không tìm thấy token \"no-such-token\" (có: qmsdoc-test",
    );
    refused(
        qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--pkcs11",
            &"/nonexistent/module.so",
            &"--token",
            &"x",
        ])
        .env("QMSDOC_PKCS11_PIN", "1234"),
        &output,
        "không tìm thấy mô-đun PKCS#11 \"/nonexistent/module.so\"",
    );
    let out = run(token("qmsdoc-test", "1234").args(["--key-label", "signer"]));
    assert_signed(&out);
    check_all(&pki, &output, 1);
    // The PIN is never printed.
    assert!(!text(&out).contains("1234"));
}

fn solid_png(w: u32, h: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                data.extend_from_slice(&pixel(x, y));
            }
        }
        writer.write_image_data(&data).unwrap();
    }
    out
}

fn the_visible_block_shows_images_and_vietnamese_text() {
    let pki = Pki::new();
    let w = Work::new();
    let signature = w.write(
        "signature.png",
        &solid_png(120, 40, |x, y| {
            let curve = 20.0 + 12.0 * (x as f32 / 10.0).sin();
            if (y as f32 - curve).abs() < 2.5 {
                [20, 40, 160, 255]
            } else {
                [0, 0, 0, 0]
            }
        }),
    );
    let seal = w.write(
        "seal.png",
        &solid_png(80, 80, |x, y| {
            let d = ((x as f32 - 40.0).powi(2) + (y as f32 - 40.0).powi(2)).sqrt();
            if (34.0..39.0).contains(&d) {
                [200, 20, 20, 230]
            } else {
                [0, 0, 0, 0]
            }
        }),
    );
    let input = w.write("in.pdf", &make_pdf(1, None));
    let output = w.path("out.pdf");
    let out = sign_pem(
        &pki,
        &input,
        &output,
        &[
            "--signature-image",
            signature.to_str().unwrap(),
            "--seal-image",
            seal.to_str().unwrap(),
            "--rect",
            "330,60,560,170",
        ],
    );
    assert_signed(&out);
    check_all(&pki, &output, 1);
    // pdftotext reads the text back through the ToUnicode map, with its diacritics.
    let t = run(Command::new("pdftotext")
        .args([
            "-x", "330", "-y", "672", "-W", "230", "-H", "110", "-r", "72",
        ])
        .arg(&output)
        .arg("-"));
    let t = String::from_utf8_lossy(&t.stdout);
    assert!(t.contains("Ký bởi: Nguyễn Văn An"), "{t}");
    assert!(t.contains("Cơ quan: Ủy ban nhân dân xã Tân Hòa"), "{t}");
    assert!(t.contains(&format!("Thời gian ký: {}", time())), "{t}");
    let png = render_first_page(&output, w.dir.path(), "signed-page.png");
    // The seal is red and drawn: some reddish pixels in the block's area.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.line_size / info.width as usize;
    let red = buf
        .chunks(channels)
        .filter(|p| p[0] > 150 && p[1] < 100 && p[2] < 100)
        .count();
    let blue = buf
        .chunks(channels)
        .filter(|p| p[2] > 120 && p[0] < 100)
        .count();
    assert!(red > 50 && blue > 50, "red {red}, blue {blue}");
}

/// In-process speed: `cargo test --release --test sign -- --ignored --nocapture bench`.
#[allow(clippy::print_stdout)] // a benchmark run on request: it prints its figure
fn bench_in_process_signing() {
    use qmsdoc::sign::{KeySource, SignOptions, sign_pdf};
    let pki = Pki::new();
    let pdf = make_pdf(36, None);
    let signer = KeySource::Pem {
        key: pki.path("signer.key"),
        cert: pki.path("chain.pem"),
    }
    .load(&|_| panic!("a PEM key asks for no secret"))
    .unwrap();
    let opts = SignOptions::default();
    let n = 200;
    let _ = sign_pdf(&pdf, signer.as_ref(), &opts).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        let out = sign_pdf(&pdf, signer.as_ref(), &opts).unwrap();
        assert!(out.len() > pdf.len());
    }
    let per = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!(
        "in-process sign_pdf of a {} KB PDF: {per:.2} ms per signature",
        pdf.len() / 1024
    );
}

/// Truncations and flipped bytes of a signed PDF: verify and sign report, never panic.
fn damaged_signed_files_never_panic() {
    use qmsdoc::sign::{KeySource, SignOptions, sign_pdf, verify::verify_pdf};
    let pki = Pki::new();
    let signer = KeySource::Pem {
        key: pki.path("signer.key"),
        cert: pki.path("chain.pem"),
    }
    .load(&|_| panic!("a PEM key asks for no secret"))
    .expect("test key loads");
    let opts = SignOptions {
        time: qmsdoc::sign::time::parse_rfc3339(&time()),
        ..SignOptions::default()
    };
    let once = sign_pdf(
        &make_pdf(1, Some([330.0, 60.0, 560.0, 170.0])),
        signer.as_ref(),
        &opts,
    )
    .expect("signs");
    let signed = sign_pdf(&once, signer.as_ref(), &opts).expect("signs twice");
    let roots =
        qmsdoc::sign::cert::load_certificates(&std::fs::read(pki.path("root.pem")).unwrap())
            .unwrap();
    let report = verify_pdf(&signed, &roots).expect("reads");
    assert!(report.valid, "{report:?}");
    let step = (signed.len() / 150).max(1);
    for cut in (0..signed.len()).step_by(step) {
        let _ = verify_pdf(&signed[..cut], &roots);
        let _ = sign_pdf(&signed[..cut], signer.as_ref(), &opts);
        let mut flipped = signed.clone();
        flipped[cut] ^= 0x5a;
        if let Ok(r) = verify_pdf(&flipped, &roots) {
            // A flipped byte outside the hex of /Contents padding always shows.
            let in_padding = r.signatures.iter().any(|s| {
                s.byte_range.len() == 4
                    && (s.byte_range[1] as usize..s.byte_range[2] as usize).contains(&cut)
            });
            if !in_padding {
                assert!(!r.valid, "flipping byte {cut} went unnoticed");
            }
        }
        let _ = sign_pdf(&flipped, signer.as_ref(), &opts);
    }
}

/// The whole chain: `publish --apply --key --cert` renders the decision, signs it in its
/// pre-placed `chu_ky` field, and every validator accepts the posted PDF.
fn publish_signs_the_rendered_decision_in_its_signature_block() {
    let pki = Pki::new();
    let q = common::Qms::valid();
    let g = |args: &[&str]| common::git(q.path(), args);
    git_init(&q);
    // A timestamp authority that does not answer stops the publication before anything is
    // written: the signing options of `sign` apply to `publish --apply` too.
    let head = g(&["rev-parse", "HEAD"]);
    let out = run(qmsdoc(&[
        &"publish",
        &"--apply",
        &"--number",
        &"01",
        &"--date",
        &"05/01/2026",
        &"--key",
        &pki.path("signer.key"),
        &"--cert",
        &pki.path("chain.pem"),
        &"--tsa",
        &"http://127.0.0.1:9/",
        &"--timeout",
        &"1",
    ])
    .current_dir(q.path()));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("127.0.0.1:9"), "{}", text(&out));
    assert_eq!(g(&["rev-parse", "HEAD"]), head);
    assert_eq!(g(&["tag", "-l"]), "");
    assert_eq!(g(&["status", "--porcelain"]), "");
    let decision = publish_signed(&pki, &q);
    check_all(&pki, &decision, 1);
    let (_, report) = verify_json(&pki, &decision);
    assert_eq!(report["signatures"][0]["field"], "chu_ky", "{report}");
    // The manifest says it is signed and hashes the signed bytes.
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(q.join("publish/qms/1/manifest.json")).expect("manifest"),
    )
    .expect("JSON");
    assert_eq!(manifest["files"][0]["signed"], true);
    let bytes = std::fs::read(&decision).expect("decision");
    assert_eq!(manifest["files"][0]["bytes"], bytes.len());
    assert_eq!(common::git(q.path(), &["status", "--porcelain"]), "");

    // The posted bundle checks out against its manifest; a changed or missing file does not.
    let bundle = q.join("publish/qms/1");
    let out = verify(&pki, &bundle, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains("QD-01-2026.pdf: đúng bản công bố; chữ ký số hợp lệ"),
        "{t}"
    );
    assert!(
        t.contains("Kết luận:") && t.contains("đúng bản công bố qms/1 (4 tệp)."),
        "{t}"
    );
    let mut qt = std::fs::read(bundle.join("QT-HT-01.pdf")).expect("pdf");
    qt.push(b'\n');
    std::fs::write(bundle.join("QT-HT-01.pdf"), qt).expect("write");
    std::fs::remove_file(bundle.join("BM-01.pdf")).expect("rm");
    let out = verify(&pki, &bundle, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("QT-HT-01.pdf: KHÁC BẢN CÔNG BỐ (sha256 không khớp)"),
        "{t}"
    );
    assert!(t.contains("BM-01.pdf: THIẾU"), "{t}");
}

/// The CMS of the only signature of a signed file, as `openssl cms -cmsout -print` prints it.
fn cms_print(file: &Path) -> String {
    let bytes = std::fs::read(file).expect("signed file");
    let t = String::from_utf8_lossy(&bytes);
    let start = t.rfind("/Contents <").expect("/Contents") + "/Contents <".len();
    let end = start + t[start..].find('>').expect(">");
    let hex: Vec<u8> = (start..end)
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
        .collect();
    let w = Work::new();
    let der = w.write("sig.der", &hex);
    let out = run(Command::new("openssl")
        .args(["cms", "-cmsout", "-print", "-inform", "DER", "-in"])
        .arg(&der));
    text(&out)
}

fn signs_with_rsa_pss_by_default_pkcs1v15_on_request_and_ecdsa() {
    let pki = Pki::new();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    // RSA: PSS unless PKCS#1 v1.5 is asked for.
    let pss = w.path("pss.pdf");
    assert_signed(&sign_pem(&pki, &input, &pss, &[]));
    check_all(&pki, &pss, 1);
    let cms = cms_print(&pss);
    assert!(cms.contains("rsassaPss"), "{cms}");
    // RSASSA-PSS-params: SHA-256, MGF1 with SHA-256, salt length [2] 32 (0x20).
    assert!(cms.contains(":mgf1") && cms.contains("cont [ 2 ]"), "{cms}");
    assert!(cms.contains("INTEGER           :20"), "{cms}");
    let (_, v) = verify_json(&pki, &pss);
    assert_eq!(v["signatures"][0]["algorithm"], "RSASSA-PSS (2048 bit)");
    let v15 = w.path("v15.pdf");
    assert_signed(&sign_pem(&pki, &input, &v15, &["--rsa-pkcs1v15"]));
    check_all(&pki, &v15, 1);
    assert!(cms_print(&v15).contains("sha256WithRSAEncryption"));
    let (_, v) = verify_json(&pki, &v15);
    assert_eq!(
        v["signatures"][0]["algorithm"],
        "RSA PKCS#1 v1.5 (2048 bit)"
    );
    // ECDSA P-256 and P-384, PEM keys in SEC1 and PKCS#8 form, and a P-256 .p12.
    for (key, chain, name) in [
        ("ec256.key", "ec256-chain.pem", "ECDSA P-256"),
        ("ec384.key", "ec384-chain.pem", "ECDSA P-384"),
    ] {
        let out = w.path(&format!("{key}.pdf"));
        let o = run(&mut qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &out,
            &"--key",
            &pki.path(key),
            &"--cert",
            &pki.path(chain),
        ]));
        assert_signed(&o);
        check_all(&pki, &out, 1);
        assert!(cms_print(&out).contains("ecdsa-with-SHA256"));
        let (_, v) = verify_json(&pki, &out);
        assert_eq!(v["signatures"][0]["algorithm"], name);
    }
    let p12 = w.path("ec-p12.pdf");
    let o = run(qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &p12,
        &"--p12",
        &pki.path("ec256.p12"),
    ])
    .env("QMSDOC_P12_PASSWORD", "secret"));
    assert_signed(&o);
    check_all(&pki, &p12, 1);
    // A PSS signature, then an ECDSA one on the same file: both stay valid.
    let both = w.path("both.pdf");
    let o = run(&mut qmsdoc(&[
        &"sign",
        &pss,
        &"-o",
        &both,
        &"--key",
        &pki.path("ec256.key"),
        &"--cert",
        &pki.path("ec256-chain.pem"),
    ]));
    assert_signed(&o);
    check_all(&pki, &both, 2);
}

fn a_p12_holding_the_signer_twice_signs() {
    let pki = Pki::new();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    let output = w.path("out.pdf");
    let out = run(qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &output,
        &"--p12",
        &pki.path("twice.p12"),
    ])
    .env("QMSDOC_P12_PASSWORD", "secret"));
    assert_signed(&out);
    check_all(&pki, &output, 1);
    let (_, v) = verify_json(&pki, &output);
    assert_eq!(
        v["signatures"][0]["chain"].as_array().map(Vec::len),
        Some(3)
    );
}

/// The loopback TSA, OCSP responder and CRL server (tests/fixtures/pki_responder.py) over a
/// PKI whose certificates point at them (tests/fixtures/online_pki.sh).
struct Online {
    dir: tempfile::TempDir,
    child: std::process::Child,
    port: u16,
}

impl Online {
    fn start() -> Online {
        use std::io::BufRead;
        let dir = tempfile::tempdir().expect("tempdir");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut child = Command::new("python3")
            .arg(fixtures.join("pki_responder.py"))
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("port");
        let port: u16 = line.trim().parse().expect("a port number");
        let script = fixtures.join("online_pki.sh");
        sh(dir.path(), &format!("bash {} {port}", script.display()));
        Online { dir, child, port }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn sign(&self, input: &Path, output: &Path, who: &str, extra: &[&str]) -> Command {
        let mut c = qmsdoc(&[
            &"sign",
            &input,
            &"-o",
            &output,
            &"--key",
            &self.path(&format!("{who}.key")),
            &"--cert",
            &self.path(&format!("{who}-chain.pem")),
            &"--trust",
            &self.path("root.pem"),
        ]);
        // The certificates were made a moment ago: sign now, not a minute ahead.
        c.env_remove("QMSDOC_SIGNING_TIME").args(extra);
        c
    }

    fn nss(&self) -> String {
        let db = self.path("nss");
        if !db.exists() {
            std::fs::create_dir(&db).expect("mkdir");
            sh(
                self.dir.path(),
                "certutil -N -d sql:nss --empty-password && certutil -A -d sql:nss -n root -t CT,C,C -i root.pem",
            );
        }
        format!("sql:{}", db.display())
    }

    /// pyHanko with revocation checking: the verdict line of the only signature.
    fn pyhanko(&self, file: &Path) -> String {
        let out = run(Command::new("pyhanko")
            .args(["sign", "validate", "--trust-replace", "--trust"])
            .arg(self.path("root.pem"))
            .arg(file));
        text(&out)
    }

    fn verify(&self, file: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
        let mut c = qmsdoc(&[
            &"verify",
            &file,
            &"--trust",
            &self.path("root.pem"),
            &"--format",
            &"json",
        ]);
        let out = run(c.args(extra));
        let v =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
        (out.status.code().unwrap_or(-1), v)
    }
}

impl Drop for Online {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn timestamps_and_revocation_from_loopback_services() {
    let on = Online::start();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    let tsa = on.url("/tsa");

    // B-T with OCSP checked before signing: every validator sees the timestamp.
    for who in ["good", "ecgood", "crlonly"] {
        let output = w.path(&format!("{who}.pdf"));
        let out = run(&mut on.sign(&input, &output, who, &["--tsa", &tsa]));
        assert_signed(&out);
        assert!(!text(&out).contains("cảnh báo"), "{}", text(&out));
        let p = text(&run(Command::new("pdfsig")
            .arg("-nssdir")
            .arg(on.nss())
            .arg(&output)));
        assert!(
            p.contains("Signature is Valid.") && p.contains("Certificate is Trusted."),
            "{p}"
        );
        let h = on.pyhanko(&output);
        assert!(
            h.contains(":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED"),
            "pyhanko:\n{h}"
        );
        let (code, v) = on.verify(&output, &[]);
        assert_eq!(code, 0, "{v}");
        let s = &v["signatures"][0];
        assert_eq!(s["status"], "valid", "{v}");
        assert_eq!(s["timestamp"]["authority"], "Test TSA", "{v}");
        assert_eq!(s["timestamp"]["trusted"], true, "{v}");
        let source = if who == "crlonly" { "CRL " } else { "OCSP " };
        assert_eq!(s["revocation"][0]["status"], "good", "{v}");
        assert!(
            s["revocation"][0]["source"]
                .as_str()
                .is_some_and(|x| x.starts_with(source)),
            "{v}"
        );
    }

    // A revoked certificate is refused before signing (OCSP, and CRL), nothing written.
    let output = w.path("revoked.pdf");
    refused(
        &mut on.sign(&input, &output, "revoked", &[]),
        &output,
        "chứng thư số \"Revoked Signer\" đã bị thu hồi lúc",
    );
    refused(
        &mut on.sign(&input, &output, "crlrevoked", &[]),
        &output,
        "(theo CRL http://127.0.0.1:",
    );
    // --offline signs it, says so, and verify and pyHanko report the revocation.
    let out = run(&mut on.sign(&input, &output, "revoked", &["--offline"]));
    assert_signed(&out);
    assert!(
        text(&out)
            .contains("cảnh báo: không kiểm tra tình trạng thu hồi của chứng thư số (--offline)"),
        "{}",
        text(&out)
    );
    let (code, v) = on.verify(&output, &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["signatures"][0]["status"], "revoked", "{v}");
    assert_eq!(
        v["signatures"][0]["revocation"][0]["status"], "revoked",
        "{v}"
    );
    let (_, v) = on.verify(&output, &["--offline"]);
    assert_eq!(v["signatures"][0]["status"], "valid", "{v}");
    assert!(v["signatures"][0]["revocation"].is_null());
    assert!(on.pyhanko(&output).contains(":INTACT:REVOKED"));

    // An untrusted chain is refused before signing.
    let other = w.write(
        "other-root.pem",
        &std::fs::read(Pki::new().path("root.pem")).unwrap(),
    );
    let output = w.path("untrusted.pdf");
    let mut c = qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &output,
        &"--key",
        &on.path("good.key"),
        &"--cert",
        &on.path("good-chain.pem"),
        &"--trust",
        &other,
    ]);
    refused(
        c.env_remove("QMSDOC_SIGNING_TIME"),
        &output,
        "không dẫn tới chứng thư gốc tin cậy nào",
    );

    // signing.tsa and signing.timeout of the qms.yaml of the file's QMS, when neither --tsa nor
    // QMSDOC_TSA is given: the slow TSA of qms.yaml times out after its 0.3 s; the flag and
    // the environment come first.
    let qms = tempfile::tempdir().unwrap();
    std::fs::write(
        qms.path().join("qms.yaml"),
        format!("signing:\n  tsa: {}\n  timeout: 0.3\n", on.url("/tsa-slow")),
    )
    .unwrap();
    let input_in_qms = qms.path().join("in.pdf");
    std::fs::copy(&input, &input_in_qms).unwrap();
    let output = qms.path().join("out.pdf");
    refused(
        &mut on.sign(&input_in_qms, &output, "good", &[]),
        &output,
        "/tsa-slow không trả lời trong 0.3 giây; chưa ghi tệp nào",
    );
    assert_signed(&run(&mut on.sign(
        &input_in_qms,
        &output,
        "good",
        &["--tsa", &tsa],
    )));
    let (_, v) = on.verify(&output, &[]);
    assert_eq!(
        v["signatures"][0]["timestamp"]["authority"], "Test TSA",
        "{v}"
    );
    std::fs::remove_file(&output).unwrap();
    assert_signed(&run(on
        .sign(&input_in_qms, &output, "good", &[])
        .env("QMSDOC_TSA", &tsa)));

    // A TSA that does not answer in time: a clear error, no file; the same for a dead one.
    let output = w.path("slow.pdf");
    let started = std::time::Instant::now();
    refused(
        &mut on.sign(
            &input,
            &output,
            "good",
            &["--tsa", &on.url("/tsa-slow"), "--timeout", "0.3"],
        ),
        &output,
        "/tsa-slow không trả lời trong 0.3 giây; chưa ghi tệp nào",
    );
    assert!(started.elapsed().as_secs() < 10, "retries are bounded");
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}/tsa", dead.local_addr().unwrap());
    drop(dead);
    refused(
        &mut on.sign(
            &input,
            &output,
            "good",
            &["--tsa", &dead_url, "--timeout", "0.3"],
        ),
        &output,
        "không kết nối được tới",
    );
    refused(
        &mut on.sign(&input, &output, "good", &["--tsa", "https://tsa.example/"]),
        &output,
        "chỉ hỗ trợ địa chỉ http://",
    );
}

/// A day from now, for `verify --as-of` and pyHanko's `--validation-time`: the short-lived
/// signer of the test PKI has expired by then, the TSA and the CRLs have not.
fn tomorrow() -> String {
    qmsdoc::sign::Instant(qmsdoc::sign::Instant::now().0 + 86_400).iso8601_vn()
}

impl Online {
    fn ltv(&self, file: &Path, output: &Path, extra: &[&str]) -> Command {
        let mut c = qmsdoc(&[
            &"ltv",
            &file,
            &"-o",
            &output,
            &"--trust",
            &self.path("root.pem"),
        ]);
        c.env_remove("QMSDOC_SIGNING_TIME").args(extra);
        c
    }

    /// pyHanko's AdES validation (ETSI EN 319 102-1, past validation with the DSS) at `at`:
    /// the verdict line.
    fn pyhanko_ades(&self, file: &Path, at: &str) -> String {
        let out = run(Command::new("pyhanko")
            .args([
                "sign",
                "adesverify",
                "--trust-replace",
                "--validation-time",
                at,
            ])
            .arg("--trust")
            .arg(self.path("root.pem"))
            .arg(file));
        text(&out)
    }

    /// pdfsig: the CAdES signature valid and trusted (poppler does not check document
    /// timestamps: it lists them with an unknown type).
    fn pdfsig_valid(&self, file: &Path) {
        let p = text(&run(Command::new("pdfsig")
            .arg("-nssdir")
            .arg(self.nss())
            .arg(file)));
        assert!(
            p.contains("Signature is Valid.") && p.contains("Certificate is Trusted."),
            "{p}"
        );
        assert!(!p.contains("Signature is Invalid"), "{p}");
    }
}

/// The `/Contents` bytes of every signature field of `file` (the DSS's VRI keys are their
/// SHA-1), and the DSS.
fn dss_of(file: &Path) -> (Vec<Vec<u8>>, qmsdoc::sign::dss::Dss) {
    let doc = lopdf::Document::load(file).unwrap();
    let contents = qmsdoc::sign::pdf::signature_fields(&doc)
        .iter()
        .filter_map(|f| f.value)
        .map(|v| {
            let d = doc.get_object(v).unwrap().as_dict().unwrap();
            d.get(b"Contents").unwrap().as_str().unwrap().to_vec()
        })
        .collect();
    (contents, qmsdoc::sign::dss::Dss::read(&doc))
}

fn long_term_validation_with_loopback_services() {
    let on = Online::start();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    let tsa = on.url("/tsa");
    const LTA: &str = ":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,EXTENDED_WITH_LTA_UPDATES";

    // sign --ltv with a TSA: B-LTA. The DSS holds a VRI entry for the signature and the
    // document timestamp; every validator accepts the file; verify needs nothing online.
    let lta = w.path("lta.pdf");
    let out = run(&mut on.sign(&input, &lta, "good", &["--tsa", &tsa, "--ltv"]));
    assert_signed(&out);
    assert!(text(&out).contains("(PAdES B-LTA)"), "{}", text(&out));
    let (contents, dss) = dss_of(&lta);
    assert_eq!(contents.len(), 2);
    assert!(dss.has_vri(&contents[0]) && !dss.has_vri(&contents[1]));
    assert!(
        dss.ocsps().count() >= 1 && dss.crls().count() >= 2,
        "{dss:?}"
    );
    on.pdfsig_valid(&lta);
    check_qpdf(&lta);
    let h = on.pyhanko(&lta);
    assert!(h.contains(LTA), "pyhanko:\n{h}");
    let (code, v) = on.verify(&lta, &["--offline"]);
    assert_eq!(code, 0, "{v}");
    let s = &v["signatures"][0];
    assert_eq!(s["pades_level"], "B-LTA", "{v}");
    assert_eq!(s["revocation"][0]["source"], "DSS: OCSP", "{v}");
    assert_eq!(s["revocation"][1]["source"], "DSS: CRL", "{v}");
    assert_eq!(s["after"]["kind"], "validation_data", "{v}");
    assert_eq!(v["document_timestamps"][0]["valid"], true, "{v}");
    assert_eq!(v["document_timestamps"][0]["covers_dss"], true, "{v}");
    assert_eq!(v["document_timestamps"][0]["authority"], "Test TSA", "{v}");

    // An ECDSA signature and a CRL-only signer, made B-T, then `ltv` (B-LT), then `timestamp`
    // (B-LTA), then `ltv` again over both (the DSS grows, the first streams are kept).
    for who in ["ecgood", "crlonly"] {
        let bt = w.path(&format!("{who}-bt.pdf"));
        assert_signed(&run(&mut on.sign(&input, &bt, who, &["--tsa", &tsa])));
        let (_, v) = on.verify(&bt, &["--offline"]);
        assert_eq!(v["signatures"][0]["pades_level"], "B-T", "{v}");
        let lt = w.path(&format!("{who}-lt.pdf"));
        let out = run(&mut on.ltv(&bt, &lt, &["--no-timestamp"]));
        assert!(out.status.success(), "{}", text(&out));
        let (code, v) = on.verify(&lt, &["--offline"]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["signatures"][0]["pades_level"], "B-LT", "{v}");
        let ts = w.path(&format!("{who}-lta.pdf"));
        let out = run(&mut qmsdoc(&[
            &"timestamp",
            &lt,
            &"-o",
            &ts,
            &"--tsa",
            &tsa,
        ]));
        assert!(out.status.success(), "{}", text(&out));
        let again = w.path(&format!("{who}-lta2.pdf"));
        assert!(
            run(&mut on.ltv(&ts, &again, &["--tsa", &tsa]))
                .status
                .success()
        );
        for f in [&lt, &ts, &again] {
            on.pdfsig_valid(f);
            check_qpdf(f);
            let h = on.pyhanko(f);
            assert!(
                h.contains(":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
                "{h}"
            );
        }
        let (code, v) = on.verify(&again, &["--offline"]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["signatures"][0]["pades_level"], "B-LTA", "{v}");
        assert_eq!(v["document_timestamps"].as_array().map(Vec::len), Some(2));
        let (contents, dss) = dss_of(&again);
        assert!(contents.iter().take(2).all(|c| dss.has_vri(c)), "{dss:?}");
    }

    // A signer whose certificate has expired: with the DSS it still verifies (a day later,
    // offline), for qmsdoc and for pyHanko's past validation; without, neither trusts it.
    let expired_ltv = w.path("short-ltv.pdf");
    let expired_bt = w.path("short-bt.pdf");
    assert_signed(&run(&mut on.sign(
        &input,
        &expired_ltv,
        "short",
        &["--tsa", &tsa, "--ltv"],
    )));
    assert_signed(&run(&mut on.sign(
        &input,
        &expired_bt,
        "short",
        &["--tsa", &tsa],
    )));
    let day = tomorrow();
    let (code, v) = on.verify(&expired_ltv, &["--offline", "--as-of", &day]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LTA", "{v}");
    let (code, v) = on.verify(&expired_bt, &["--offline", "--as-of", &day]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["signatures"][0]["status"], "untrusted", "{v}");
    assert!(
        v["signatures"][0]["problems"][0]
            .as_str()
            .is_some_and(|p| p.contains("đã hết hạn") && p.contains("qmsdoc ltv"))
    );
    let h = on.pyhanko_ades(&expired_ltv, &day);
    assert!(h.contains(LTA), "pyhanko:\n{h}");
    let h = on.pyhanko_ades(&expired_bt, &day);
    assert!(h.contains(":INTACT:UNTRUSTED"), "pyhanko:\n{h}");

    // A revoked signer is refused before signing with --ltv too; signed with --offline, ltv
    // keeps the proof, and verify reports it offline from the DSS.
    let revoked = w.path("revoked.pdf");
    refused(
        &mut on.sign(&input, &revoked, "revoked", &["--tsa", &tsa, "--ltv"]),
        &revoked,
        "chứng thư số \"Revoked Signer\" đã bị thu hồi lúc",
    );
    assert_signed(&run(&mut on.sign(
        &input,
        &revoked,
        "revoked",
        &["--offline", "--tsa", &tsa],
    )));
    let revoked_lt = w.path("revoked-lt.pdf");
    let out = run(&mut on.ltv(&revoked, &revoked_lt, &["--no-timestamp"]));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cảnh báo: chứng thư số \"Revoked Signer\" đã bị thu hồi"));
    let (code, v) = on.verify(&revoked_lt, &["--offline"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["signatures"][0]["status"], "revoked", "{v}");
    assert_eq!(
        v["signatures"][0]["revocation"][0]["source"], "DSS: OCSP",
        "{v}"
    );

    // A TSA that times out during ltv: a clear error, the file left as it was, nothing else.
    let before = std::fs::read(&lta).unwrap();
    let slow = on.url("/tsa-slow");
    let mut c = on.ltv(&lta, &lta, &["--tsa", &slow, "--timeout", "0.3"]);
    let out = run(&mut c);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("/tsa-slow không trả lời trong 0.3 giây; chưa ghi tệp nào"));
    assert_eq!(std::fs::read(&lta).unwrap(), before);
    let never = w.path("never.pdf");
    refused(
        &mut on.ltv(&lta, &never, &["--tsa", &slow, "--timeout", "0.3"]),
        &never,
        "không trả lời trong 0.3 giây",
    );

    // In English.
    let out = run(qmsdoc(&[
        &"verify",
        &lta,
        &"--trust",
        &on.path("root.pem"),
        &"--offline",
    ])
    .arg("--lang")
    .arg("en"));
    let t = text(&out);
    assert!(t.contains("PAdES level: B-LTA"), "{t}");
    assert!(
        t.contains("Document timestamp 1: field \"dau_thoi_gian_1\" — VALID"),
        "{t}"
    );
    assert!(t.contains("not revoked (DSS: OCSP)"), "{t}");
}

/// Speed with loopback services: `cargo test --release --test sign -- --ignored --nocapture
/// bench_timestamp`.
#[allow(clippy::print_stdout)] // a benchmark run on request: it prints its figure
fn bench_timestamp_and_revocation() {
    let on = Online::start();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(36, None));
    let n = 20;
    let ms = |extra: &[&str], file: &str| {
        let output = w.path(file);
        let mut total = 0.0;
        for _ in 0..n {
            let out = run(on
                .sign(&input, &output, "good", extra)
                .env("QMSDOC_TIMING", "1"));
            assert_signed(&out);
            let t = text(&out);
            let v: f64 = t
                .lines()
                .find_map(|l| l.strip_prefix("sign: ")?.strip_suffix(" ms")?.parse().ok())
                .expect("timing line");
            total += v;
        }
        total / f64::from(n)
    };
    let tsa = on.url("/tsa");
    let bare = ms(&["--offline"], "z.pdf");
    let offline = ms(&["--tsa", &tsa, "--offline"], "a.pdf");
    let online = ms(&["--tsa", &tsa], "b.pdf");
    let ltv = ms(&["--tsa", &tsa, "--ltv"], "c.pdf");
    println!(
        "sign: {bare:.2} ms without TSA or revocation; with a loopback TSA: {offline:.2} ms (--offline), {online:.2} ms with revocation checked, {ltv:.2} ms with --ltv (B-LTA)"
    );
    let verify_ms = |file: &str, extra: &[&str]| {
        let signed = w.path(file);
        let mut total = 0.0;
        for _ in 0..n {
            let out = run(
                qmsdoc(&[&"verify", &signed, &"--trust", &on.path("root.pem")])
                    .args(extra)
                    .env("QMSDOC_TIMING", "1"),
            );
            let t = text(&out);
            assert_eq!(out.status.code(), Some(0), "{t}");
            total += t
                .lines()
                .find_map(|l| {
                    l.strip_prefix("verify_pdf: ")?
                        .strip_suffix(" ms")?
                        .parse::<f64>()
                        .ok()
                })
                .expect("timing line");
        }
        total / f64::from(n)
    };
    let online = verify_ms("b.pdf", &[]);
    let dss = verify_ms("c.pdf", &[]);
    println!(
        "verify with revocation from loopback responders: {online:.2} ms (B-T), {dss:.2} ms from the DSS (B-LTA)"
    );
    let ltv_ms = {
        let mut total = 0.0;
        for _ in 0..n {
            let out = run(on
                .ltv(&w.path("b.pdf"), &w.path("d.pdf"), &["--tsa", &tsa])
                .env("QMSDOC_TIMING", "1"));
            let t = text(&out);
            assert!(out.status.success(), "{t}");
            total += t
                .lines()
                .find_map(|l| {
                    l.strip_prefix("ltv: ")?
                        .strip_suffix(" ms")?
                        .parse::<f64>()
                        .ok()
                })
                .expect("timing line");
        }
        total / f64::from(n)
    };
    println!("ltv of a B-T file with a loopback TSA (B-LTA): {ltv_ms:.2} ms");
}

/// `pyhanko sign addsig` with the signer's key, into `output`.
fn pyhanko_addsig(pki: &Pki, input: &Path, output: &Path, field: &str) {
    let out = run(Command::new("pyhanko")
        .args([
            "sign",
            "addsig",
            "--use-pades",
            "--field",
            field,
            "pemder",
            "--no-pass",
            "--key",
        ])
        .arg(pki.path("ec256.key"))
        .arg("--cert")
        .arg(pki.path("ec256.pem"))
        .arg("--chain")
        .arg(pki.path("int.pem"))
        .arg(input)
        .arg(output));
    assert!(out.status.success(), "pyhanko addsig: {}", text(&out));
}

/// The later-revision analysis validators make: a signature pyHanko adds after qmsdoc's (it
/// also rewrites the document information: producer, modification date) and one qmsdoc adds
/// after pyHanko's are allowed additions, seen the same way by pdfsig, pyHanko and `verify`;
/// a revision that changes what a page shows is a change no signature covers.
fn signatures_added_by_pyhanko_and_by_qmsdoc_in_both_orders() {
    let pki = Pki::new();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));

    // qmsdoc, then pyHanko.
    let ours = w.path("ours.pdf");
    assert_signed(&sign_pem(&pki, &input, &ours, &[]));
    let then_theirs = w.path("then-theirs.pdf");
    pyhanko_addsig(&pki, &ours, &then_theirs, "Sig2");
    check_pdfsig(&pki, &then_theirs, 2);
    check_pyhanko(&pki, &then_theirs, 2);
    let (code, v) = verify_json(&pki, &then_theirs);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        v["signatures"][0]["after"]["kind"], "later_signatures",
        "{v}"
    );
    assert_eq!(v["signatures"][1]["after"]["kind"], "nothing", "{v}");

    // pyHanko, then qmsdoc.
    let theirs = w.path("theirs.pdf");
    pyhanko_addsig(&pki, &input, &theirs, "Sig1");
    let then_ours = w.path("then-ours.pdf");
    assert_signed(&sign_pem(&pki, &theirs, &then_ours, &[]));
    check_pdfsig(&pki, &then_ours, 2);
    check_pyhanko(&pki, &then_ours, 2);
    let (code, v) = verify_json(&pki, &then_ours);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        v["signatures"][0]["after"]["kind"], "later_signatures",
        "{v}"
    );

    // A later revision that redraws the page: the first signature is no longer what shows.
    let signed = std::fs::read(&ours).unwrap();
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let mut changed = lopdf::IncrementalDocument::create_from(signed.clone(), doc.clone());
    let content = lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"BT /F1 12 Tf 72 720 Td (Da sua) Tj ET".to_vec(),
    );
    let id = changed.new_document.add_object(content);
    let mut page_dict = doc.get_object(page).unwrap().as_dict().unwrap().clone();
    page_dict.set("Contents", lopdf::Object::Reference(id));
    changed
        .new_document
        .objects
        .insert(page, lopdf::Object::Dictionary(page_dict));
    let mut bytes = Vec::new();
    changed.save_to(&mut bytes).unwrap();
    let redrawn = w.write("redrawn.pdf", &bytes);
    let (code, v) = verify_json(&pki, &redrawn);
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        v["signatures"][0]["after"]["kind"], "unsigned_changes",
        "{v}"
    );
}

/// A blue handwritten signature (a wave on a transparent background).
fn signature_png() -> Vec<u8> {
    solid_png(240, 80, |x, y| {
        let curve = 40.0 + 24.0 * (x as f32 / 20.0).sin();
        if (y as f32 - curve).abs() < 4.0 {
            [20, 40, 170, 255]
        } else {
            [0, 0, 0, 0]
        }
    })
}

/// A red round seal: two rings and a star-like centre on a transparent background.
fn seal_png() -> Vec<u8> {
    solid_png(300, 300, |x, y| {
        let d = ((x as f32 - 150.0).powi(2) + (y as f32 - 150.0).powi(2)).sqrt();
        if (140.0..148.0).contains(&d) || (100.0..104.0).contains(&d) || d < 30.0 {
            [210, 20, 20, 235]
        } else {
            [0, 0, 0, 0]
        }
    })
}

/// The `cm` matrix in force when the appearance of field `field` draws the XObject `name`,
/// read from the content stream as written, and the widget's /Rect.
fn drawn_at(file: &Path, field: &str, name: &str) -> ([f32; 6], [f32; 4]) {
    let doc = lopdf::Document::load(file).unwrap();
    let widget = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| {
            d.get(b"T").ok().and_then(|t| t.as_str().ok()) == Some(field.as_bytes()) && d.has(b"AP")
        })
        .unwrap_or_else(|| panic!("no widget {field}"));
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    let ap = widget.get(b"AP").unwrap().as_dict().unwrap();
    let n = doc
        .get_object(ap.get(b"N").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let text = String::from_utf8_lossy(&n.content).into_owned();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let at = tokens
        .windows(2)
        .position(|w| w[0] == format!("/{name}") && w[1] == "Do")
        .unwrap_or_else(|| panic!("{name} is not drawn in {text}"));
    let cm = tokens[..at].iter().rposition(|t| *t == "cm").unwrap();
    let m: Vec<f32> = tokens[cm - 6..cm]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    (
        [m[0], m[1], m[2], m[3], m[4], m[5]],
        [rect[0], rect[1], rect[2], rect[3]],
    )
}

/// The sign command of the agency's records clerk, with the agency's own key.
fn sign_as_agency(
    pki: &Pki,
    input: &Path,
    output: &Path,
    extra: &[&dyn AsRef<std::ffi::OsStr>],
) -> Command {
    let mut c = qmsdoc(&[
        &"sign",
        &input,
        &"-o",
        &output,
        &"--as",
        &"agency",
        &"--key",
        &pki.path("agency.key"),
        &"--cert",
        &pki.path("agency-chain.pem"),
    ]);
    for a in extra {
        c.arg(a);
    }
    c
}

/// Decree 30/2020/NĐ-CP: `publish --apply` makes the signer's signature (the blue signature
/// image in the signature block); a day later the records clerk adds the agency's own
/// signature to the posted file (`sign --as co-quan`), the red seal at its real 36 mm over
/// the left third of the signer's image. Both stay valid in pdfsig, pyHanko and qmsdoc, which
/// names their roles, and the posted bundle still checks out.
fn the_signer_signs_at_publication_and_the_agency_a_day_later() {
    let pki = Pki::new();
    let q = common::Qms::valid()
        .edit(
            "qms.yaml",
            "  decision_symbol: QĐ-UBND\n",
            "  decision_symbol: QĐ-UBND\n  signature_image: assets/chu-ky.png\n  seal_image: assets/con-dau.png\n  seal_diameter_mm: 36\n",
        )
        .file("assets/chu-ky.png", signature_png())
        .file("assets/con-dau.png", seal_png());
    git_init(&q);
    let decision = publish_signed(&pki, &q);
    check_all(&pki, &decision, 1);

    // A day later (the fake clock moves on by 24 hours), on the posted file itself.
    let later = qmsdoc::sign::time::parse_rfc3339(&time())
        .map(|t| qmsdoc::sign::Instant(t.0 + 86_400).iso8601_vn())
        .unwrap();
    let out =
        run(sign_as_agency(&pki, &decision, &decision, &[]).env("QMSDOC_SIGNING_TIME", &later));
    assert_signed(&out);
    check_all(&pki, &decision, 2);
    let (code, report) = verify_json(&pki, &decision);
    assert_eq!(code, 0, "{report}");
    let sigs = &report["signatures"];
    assert_eq!(sigs[0]["role"], "signer", "{report}");
    assert_eq!(sigs[0]["field"], "chu_ky");
    assert_eq!(sigs[0]["signer"], "Nguyễn Văn An");
    assert_eq!(sigs[0]["signing_time"], time().as_str());
    assert_eq!(sigs[1]["role"], "agency", "{report}");
    assert_eq!(sigs[1]["field"], "con_dau");
    assert_eq!(sigs[1]["signer"], "Ủy ban nhân dân xã Thử Nghiệm");
    assert_eq!(sigs[1]["signing_time"], later.as_str());
    assert_eq!(sigs[0]["after"]["kind"], "later_signatures", "{report}");
    let human = text(&verify(&pki, &decision, &[]));
    assert!(
        human.contains("Chữ ký 1 (người ký): trường \"chu_ky\" — HỢP LỆ"),
        "{human}"
    );
    assert!(
        human.contains("Chữ ký 2 (cơ quan): trường \"con_dau\" — HỢP LỆ"),
        "{human}"
    );

    // The seal is drawn at its real diameter, its right edge a third of the way into the
    // signer's image, centred on its height.
    let (seal, seal_rect) = drawn_at(&decision, "con_dau", "Seal");
    let mm = seal[0] * 25.4 / 72.0;
    assert!((mm - 36.0).abs() <= 0.5, "seal drawn {mm} mm wide");
    assert!(
        (seal[3] - seal[0]).abs() < 0.01,
        "a round seal stays round: {seal:?}"
    );
    let (sig, sig_rect) = drawn_at(&decision, "chu_ky", "Sig");
    let (sig_x, sig_w) = (sig_rect[0] + sig[4], sig[0]);
    let seal_x = seal_rect[0] + seal[4];
    let overlap = (seal_x + seal[0] - sig_x) / sig_w;
    assert!(
        (overlap - 1.0 / 3.0).abs() < 0.01,
        "the seal covers {overlap} of the signature"
    );
    let sig_mid = sig_rect[1] + sig[5] + sig[3] / 2.0;
    let seal_mid = seal_rect[1] + seal[5] + seal[3] / 2.0;
    assert!((sig_mid - seal_mid).abs() < 0.5, "{sig_mid} vs {seal_mid}");
    // The agency's name and the time, as text on the page.
    let t = run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&decision)
        .arg("-"));
    let t = String::from_utf8_lossy(&t.stdout);
    assert!(t.contains("Cơ quan: Ủy ban nhân dân xã Thử Nghiệm"), "{t}");
    assert!(t.contains(&format!("Thời gian ký: {later}")), "{t}");
    assert!(t.contains(&format!("Thời gian ký: {}", time())), "{t}");

    render_first_page(&decision, q.path(), "two-signatures.png");
    if let Ok(dir) = std::env::var("QMSDOC_KEEP_RENDER") {
        let _ = std::fs::copy(&decision, Path::new(&dir).join("two-signatures.pdf"));
    }

    // The posting bundle: the decision is the published bytes plus the agency's signature.
    let bundle = q.join("publish/qms/1");
    let out = verify(&pki, &bundle, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains("QD-01-2026.pdf: đúng bản công bố, có thêm chữ ký số sau khi công bố: chữ ký 2 (cơ quan); chữ ký số hợp lệ"),
        "{t}"
    );
    let out = verify(&pki, &bundle, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["state"], "signed_later", "{v}");
    assert_eq!(v["files"][0]["signed_later"][0]["role"], "agency", "{v}");

    // Anything else appended to the posted file is still a change.
    let mut bytes = std::fs::read(&decision).unwrap();
    bytes.extend_from_slice(b"\n% appended\n");
    std::fs::write(&decision, bytes).unwrap();
    let t = text(&verify(&pki, &bundle, &[]));
    assert!(t.contains("QD-01-2026.pdf: KHÁC BẢN CÔNG BỐ"), "{t}");
}

/// Decree 30's order and the seal's form: an agency signature on an unsigned file or a second
/// one, a seal that is not a PNG or has no transparent background, a diameter outside
/// 20–60 mm: each refused with its reason, no file written.
/// Decree 30/2020/NĐ-CP asks for a blue signature image and a red seal. Another colour (a
/// black scan) is signed all the same, with a warning naming the colour found; the decree's
/// colours give none.
fn images_not_of_the_decree_s_colours_are_signed_with_a_warning() {
    let pki = Pki::new();
    let w = Work::new();
    let unsigned = w.write("in.pdf", &make_pdf(1, Some([330.0, 60.0, 560.0, 170.0])));
    let black = w.write(
        "den.png",
        &solid_png(240, 80, |_, y| {
            if (36..44).contains(&y) {
                [20, 20, 20, 255]
            } else {
                [0, 0, 0, 0]
            }
        }),
    );
    let blue = w.write("xanh.png", &signature_png());
    let signer = |image: &Path, out: &Path| {
        sign_pem(
            &pki,
            &unsigned,
            out,
            &[
                "--as",
                "signer",
                "--signature-image",
                image.to_str().unwrap(),
            ],
        )
    };
    let signed_black = w.path("black.pdf");
    let out = signer(&black, &signed_black);
    assert_signed(&out);
    assert!(
        text(&out).contains("cảnh báo: ảnh chữ ký có màu #141414, không phải màu xanh như Nghị định 30/2020/NĐ-CP (Phụ lục I) quy định; văn bản vẫn được ký"),
        "{}",
        text(&out)
    );
    check_all(&pki, &signed_black, 1);
    let signed = w.path("blue.pdf");
    let out = signer(&blue, &signed);
    assert_signed(&out);
    assert!(!text(&out).contains("có màu"), "{}", text(&out));

    let seal = |png: Vec<u8>, name: &str| {
        let path = w.write(name, &png);
        let out = w.path(&format!("{name}.pdf"));
        let args: [&dyn AsRef<std::ffi::OsStr>; 4] =
            [&"--seal-image", &path, &"--seal-diameter", &"36"];
        (run(&mut sign_as_agency(&pki, &signed, &out, &args)), out)
    };
    let (out, _) = seal(seal_png(), "do.png");
    assert_signed(&out);
    assert!(!text(&out).contains("có màu"), "{}", text(&out));
    let blue_seal = solid_png(100, 100, |x, y| {
        let d = ((x as f32 - 50.0).powi(2) + (y as f32 - 50.0).powi(2)).sqrt();
        if (44.0..48.0).contains(&d) {
            [30, 40, 180, 255]
        } else {
            [0, 0, 0, 0]
        }
    });
    let (out, file) = seal(blue_seal, "xanh-dau.png");
    assert_signed(&out);
    assert!(
        text(&out).contains("cảnh báo: ảnh con dấu có màu #1E28B4, không phải màu đỏ"),
        "{}",
        text(&out)
    );
    check_all(&pki, &file, 2);
}

fn agency_signatures_out_of_order_or_with_a_bad_seal_are_refused() {
    let pki = Pki::new();
    let w = Work::new();
    let seal = w.write("con-dau.png", &seal_png());
    let unsigned = w.write("in.pdf", &make_pdf(1, Some([330.0, 60.0, 560.0, 170.0])));
    let output = w.path("out.pdf");
    let good: [&dyn AsRef<std::ffi::OsStr>; 4] =
        [&"--seal-image", &seal, &"--seal-diameter", &"36"];
    refused(
        &mut sign_as_agency(&pki, &unsigned, &output, &good),
        &output,
        "chưa có chữ ký số của người ký: theo Nghị định 30/2020/NĐ-CP, người có thẩm quyền ký trước",
    );
    let signed = w.path("signed.pdf");
    let signature = w.write("chu-ky.png", &signature_png());
    assert_signed(&sign_pem(
        &pki,
        &unsigned,
        &signed,
        &[
            "--as",
            "nguoi-ky",
            "--signature-image",
            signature.to_str().unwrap(),
        ],
    ));
    let twice = w.path("twice.pdf");
    assert_signed(&run(&mut sign_as_agency(&pki, &signed, &twice, &good)));
    refused(
        &mut sign_as_agency(&pki, &twice, &output, &good),
        &output,
        "cơ quan đã ký số tệp này (trường \"con_dau\")",
    );
    let jpeg = w.write("con-dau.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00");
    refused(
        &mut sign_as_agency(
            &pki,
            &signed,
            &output,
            &[&"--seal-image", &jpeg, &"--seal-diameter", &"36"],
        ),
        &output,
        "ảnh con dấu không phải PNG hợp lệ",
    );
    let opaque = w.write("opaque.png", &solid_png(50, 50, |_, _| [210, 20, 20, 255]));
    refused(
        &mut sign_as_agency(
            &pki,
            &signed,
            &output,
            &[&"--seal-image", &opaque, &"--seal-diameter", &"36"],
        ),
        &output,
        "ảnh con dấu không có nền trong suốt",
    );
    for bad in ["19.5", "61", "0", "-36"] {
        refused(
            &mut sign_as_agency(
                &pki,
                &signed,
                &output,
                &[&"--seal-image", &seal, &format!("--seal-diameter={bad}")],
            ),
            &output,
            &format!(
                "đường kính con dấu {} mm nằm ngoài khoảng 20–60 mm",
                bad.trim_start_matches('+')
            ),
        );
    }
    refused(
        &mut sign_as_agency(&pki, &signed, &output, &[&"--seal-image", &seal]),
        &output,
        "cần đường kính thật của con dấu",
    );
    refused(
        &mut sign_as_agency(&pki, &signed, &output, &[&"--seal-diameter", &"36"]),
        &output,
        "chữ ký số của cơ quan cần ảnh con dấu",
    );
    refused(
        &mut sign_as_agency(
            &pki,
            &signed,
            &output,
            &[
                &"--seal-image",
                &seal,
                &"--seal-diameter",
                &"36",
                &"--rect",
                &"1,1,200,200",
            ],
        ),
        &output,
        "bỏ --field, --page, --rect",
    );
    refused(
        &mut qmsdoc(&[
            &"sign",
            &unsigned,
            &"-o",
            &output,
            &"--as",
            &"signer",
            &"--key",
            &pki.path("signer.key"),
            &"--cert",
            &pki.path("chain.pem"),
            &"--seal-image",
            &seal,
        ]),
        &output,
        "chữ ký số của người ký không mang con dấu",
    );
    // In English too.
    refused(
        sign_as_agency(&pki, &unsigned, &output, &good).env("QMSDOC_LANG", "en"),
        &output,
        "there is no signer's signature yet: under Decree 30/2020/NĐ-CP the person with authority signs first",
    );
}

/// The QMS folder as a repository with one commit.
fn git_init(q: &common::Qms) {
    let g = |args: &[&str]| common::git(q.path(), args);
    g(&["init", "-q", "-b", "main"]);
    g(&["config", "user.name", "Thư ký ISO"]);
    g(&["config", "user.email", "iso@example.gov.vn"]);
    g(&["add", "."]);
    g(&["commit", "-qm", "Khởi tạo"]);
}

/// `publish --apply` of decision 01 signed by the signer's key; the posted decision.
fn publish_signed(pki: &Pki, q: &common::Qms) -> PathBuf {
    let out = run(qmsdoc(&[
        &"publish",
        &"--apply",
        &"--number",
        &"01",
        &"--date",
        &"05/01/2026",
        &"--key",
        &pki.path("signer.key"),
        &"--cert",
        &pki.path("chain.pem"),
    ])
    .current_dir(q.path()));
    assert!(out.status.success(), "{}", text(&out));
    q.join("publish/qms/1/QD-01-2026.pdf")
}

/// Page 1 of `file` as `dir/page-1.png` at 100 dpi, kept as `keep` in $QMSDOC_KEEP_RENDER
/// when that is set (to look at).
fn render_first_page(file: &Path, dir: &Path, keep: &str) -> PathBuf {
    let r = run(Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-f", "1", "-l", "1"])
        .arg(file)
        .arg(dir.join("page")));
    assert!(r.status.success(), "{}", text(&r));
    let png = dir.join("page-1.png");
    if let Ok(keep_dir) = std::env::var("QMSDOC_KEEP_RENDER") {
        let _ = std::fs::copy(&png, Path::new(&keep_dir).join(keep));
    }
    png
}

/// The header length and content length of the DER TLV at the start of `der`.
fn tlv(der: &[u8]) -> (usize, usize) {
    match der[1] {
        n if n < 0x80 => (2, n as usize),
        0x81 => (3, der[2] as usize),
        0x82 => (4, u16::from_be_bytes([der[2], der[3]]) as usize),
        n => panic!("length form {n:#x}"),
    }
}

/// Some signers (pyHanko's CSC signer among them) list a certificate twice in the CMS. That SET
/// OF is not DER, but the certificates are not signed: pdfsig and pyHanko accept the file, and
/// so must `verify`. The signer's certificate is copied inside the CMS of a qmsdoc signature,
/// in place of its /Contents padding, with every enclosing length (all in the two-byte form)
/// grown by its size.
fn a_signature_listing_a_certificate_twice_verifies() {
    let pki = Pki::new();
    let w = Work::new();
    let input = w.write("in.pdf", &make_pdf(1, None));
    let signed = w.path("signed.pdf");
    assert_signed(&sign_pem(&pki, &input, &signed, &[]));
    let mut pdf = std::fs::read(&signed).unwrap();
    let start = pdf.windows(11).position(|w| w == b"/Contents <").unwrap() + 11;
    let end = start + pdf[start..].iter().position(|&b| b == b'>').unwrap();
    let hex = std::str::from_utf8(&pdf[start..end]).unwrap();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let (h, l) = tlv(&bytes);
    let mut cms = bytes[..h + l].to_vec();
    // ContentInfo { oid, [0] { SignedData { version, digestAlgorithms, encapContentInfo,
    // [0] certificates … } } }: the offsets of the headers whose lengths grow.
    let mut grow = vec![0];
    let oid = h;
    let explicit = oid + tlv(&cms[oid..]).0 + tlv(&cms[oid..]).1;
    grow.push(explicit);
    let sd = explicit + tlv(&cms[explicit..]).0;
    grow.push(sd);
    let mut at = sd + tlv(&cms[sd..]).0;
    for _ in 0..3 {
        let (h, l) = tlv(&cms[at..]);
        at += h + l;
    }
    assert_eq!(cms[at], 0xA0, "certificates");
    grow.push(at);
    let first = at + tlv(&cms[at..]).0;
    let (ch, cl) = tlv(&cms[first..]);
    let cert = cms[first..first + ch + cl].to_vec();
    cms.splice(first..first, cert.iter().copied());
    for g in grow {
        assert_eq!(cms[g + 1], 0x82, "two-byte length at {g}");
        let n = u16::from_be_bytes([cms[g + 2], cms[g + 3]]) as usize + cert.len();
        cms[g + 2..g + 4].copy_from_slice(&(n as u16).to_be_bytes());
    }
    let mut new_hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    assert!(new_hex.len() <= hex.len(), "room in /Contents");
    new_hex.push_str(&"0".repeat(hex.len() - new_hex.len()));
    pdf[start..end].copy_from_slice(new_hex.as_bytes());
    let twice = w.write("twice.pdf", &pdf);
    assert_eq!(
        cms.windows(cert.len()).filter(|w| *w == &cert[..]).count(),
        2,
        "the signer's certificate is listed twice"
    );
    check_all(&pki, &twice, 1);
}
