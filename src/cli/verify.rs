//! `qmsdoc verify`: check every signature of a PDF (see docs/signing.md for the JSON shape).

use super::error::{Context, Result, bail};
use super::{FINDINGS, Format, Global, OK};
use crate::i18n::tr;
use crate::sign::verify::{After, Report, Status, verify_pdf_at};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "FILE.pdf|DIR", help = tr(
        "Tệp PDF đã ký, hoặc thư mục bộ niêm yết (publish/qms/<n>) để đối chiếu với manifest.json",
        "The signed PDF, or a posting bundle folder (publish/qms/<n>) to check against its manifest.json"
    ))]
    file: PathBuf,
    #[arg(long, value_name = "CA.pem", help = tr(
        "Chứng thư số gốc tin cậy (PEM; dùng nhiều lần được)",
        "Trusted root certificate (PEM; may be repeated)"
    ))]
    trust: Vec<PathBuf>,
    #[command(flatten)]
    lists: super::trust::TrustArgs,
    #[arg(long, help = tr(
        "Không kiểm tra tình trạng thu hồi (OCSP/CRL)",
        "Do not check revocation (OCSP/CRL)"
    ))]
    offline: bool,
    #[arg(long, value_name = "GIÂY", default_value_t = 10.0, help = tr(
        "Thời gian chờ mỗi lần hỏi OCSP, CRL (giây)",
        "Timeout of each OCSP or CRL request (seconds)"
    ))]
    timeout: f64,
    #[arg(long, value_name = "THỜI ĐIỂM", value_parser = parse_time, help = tr(
        "Kiểm tra như vào thời điểm này (2028-01-20 hoặc 2028-01-20T08:00:00+07:00) [mặc định: bây giờ]",
        "Verify as at this time (2028-01-20 or 2028-01-20T08:00:00+07:00) [default: now]"
    ))]
    as_of: Option<crate::sign::Instant>,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

/// An RFC 3339 time, or a day (its start, Vietnam time).
fn parse_time(s: &str) -> std::result::Result<crate::sign::Instant, String> {
    use crate::sign::time::parse_rfc3339;
    parse_rfc3339(s)
        .or_else(|| parse_rfc3339(&format!("{s}T00:00:00+07:00")))
        .ok_or_else(|| {
            tr(
                "cần ngày 2028-01-20 hoặc thời điểm 2028-01-20T08:00:00+07:00",
                "expected a day 2028-01-20 or a time 2028-01-20T08:00:00+07:00",
            )
            .to_string()
        })
}

/// The certificates of `--trust` files.
pub(crate) fn load_roots(paths: &[PathBuf]) -> Result<Vec<x509_cert::Certificate>> {
    let mut roots = Vec::new();
    for p in paths {
        let f = p.display().to_string();
        let bytes = std::fs::read(p)
            .with_context(|| crate::tr!("không đọc được \"{f}\"", "cannot read \"{f}\""))?;
        roots.extend(
            crate::sign::cert::load_certificates(&bytes).with_context(|| {
                crate::tr!(
                    "\"{f}\": không phải chứng thư số PEM/DER",
                    "\"{f}\": not a PEM/DER certificate"
                )
            })?,
        );
    }
    Ok(roots)
}

pub(super) fn run(args: Args, _g: &Global) -> Result<u8> {
    let list = args.lists.load()?;
    let mut roots: Vec<_> = list.certificates().cloned().collect();
    roots.extend(load_roots(&args.trust)?);
    let shown = args.file.display().to_string();
    if args.file.is_dir() {
        return bundle(&args, &roots, &shown);
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| crate::tr!("không đọc được \"{shown}\"", "cannot read \"{shown}\""))?;
    let started = std::time::Instant::now();
    let now = args.as_of.unwrap_or_else(crate::sign::Instant::now);
    let report = verify_pdf_at(&bytes, &roots, revocation(&args), now);
    if std::env::var_os("QMSDOC_TIMING").is_some() {
        eprintln!(
            "verify_pdf: {:.3} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut report = match report {
        Ok(r) => r,
        Err(e) => bail!("{shown}: {e}"),
    };
    list.annotate(&mut report);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Human => write_human(&report, &shown, &mut out)?,
    }
    out.flush()?;
    Ok(if report.valid { OK } else { FINDINGS })
}

/// How patient revocation checks are; None with `--offline` (the DSS is still read).
fn revocation(args: &Args) -> Option<crate::sign::http::Patience> {
    (!args.offline).then(|| super::keys::patience(Some(args.timeout)))
}

/// A posting bundle: every file against the manifest, the signed ones' signatures.
fn bundle(args: &Args, roots: &[x509_cert::Certificate], shown: &str) -> Result<u8> {
    use crate::publish::bundle::{FileState, check};
    let report = check(&args.file, roots, revocation(args)).map_err(super::error::Error::msg)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for f in &report.files {
            let state = match f.state {
                FileState::Same => tr("đúng bản công bố", "as published").to_string(),
                FileState::SignedLater => {
                    let later = f
                        .signed_later
                        .iter()
                        .map(|l| {
                            format!(
                                "{} {} ({})",
                                tr("chữ ký", "signature"),
                                l.index,
                                l.role.label()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    crate::tr!(
                        "đúng bản công bố, có thêm chữ ký số sau khi công bố: {later}",
                        "as published, with signatures added since: {later}"
                    )
                }
                FileState::Changed => tr(
                    "KHÁC BẢN CÔNG BỐ (sha256 không khớp)",
                    "NOT AS PUBLISHED (sha256 differs)",
                )
                .to_string(),
                FileState::Missing => tr("THIẾU", "MISSING").to_string(),
                FileState::NotListed => {
                    tr("KHÔNG CÓ TRONG manifest.json", "NOT IN manifest.json").to_string()
                }
            };
            let sig = match f.signature_valid {
                Some(true) => tr("; chữ ký số hợp lệ", "; signature valid"),
                Some(false) => tr(
                    "; CHỮ KÝ SỐ KHÔNG HỢP LỆ HOẶC KHÔNG TIN CẬY",
                    "; SIGNATURE INVALID OR UNTRUSTED",
                ),
                None => "",
            };
            writeln!(out, "{}: {state}{sig}", f.file)?;
        }
        let (n, tag) = (report.files.len(), &report.tag);
        let verdict = if report.valid {
            crate::tr!(
                "Kết luận: {shown} đúng bản công bố {tag} ({n} tệp).",
                "Verdict: {shown} is publication {tag} as published ({n} files)."
            )
        } else {
            crate::tr!(
                "Kết luận: {shown} KHÔNG đúng bản công bố {tag}.",
                "Verdict: {shown} is NOT publication {tag} as published."
            )
        };
        writeln!(out, "{verdict}")?;
    }
    out.flush()?;
    Ok(if report.valid { OK } else { FINDINGS })
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Valid => tr("HỢP LỆ", "VALID"),
        Status::Untrusted => tr("KHÔNG TIN CẬY", "UNTRUSTED"),
        Status::Revoked => tr("CHỨNG THƯ SỐ ĐÃ BỊ THU HỒI", "CERTIFICATE REVOKED"),
        Status::Modified => tr("BỊ THAY ĐỔI SAU KHI KÝ", "CHANGED AFTER SIGNING"),
        Status::Invalid => tr("KHÔNG HỢP LỆ", "INVALID"),
    }
}

fn numbers(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_human(r: &Report, file: &str, out: &mut dyn Write) -> std::io::Result<()> {
    if r.signatures.is_empty() {
        writeln!(
            out,
            "{}",
            crate::tr!(
                "{file}: không có chữ ký số nào.",
                "{file}: there is no digital signature."
            )
        )?;
        return Ok(());
    }
    for s in &r.signatures {
        let (i, field, status) = (s.index, &s.field, status_text(s.status));
        let role = s.role.label();
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Chữ ký {i} ({role}): trường \"{field}\" — {status}",
                "Signature {i} ({role}): field \"{field}\" — {status}"
            )
        )?;
        let who = match (&s.signer, &s.organization) {
            (Some(n), Some(o)) => format!("{n} ({o})"),
            (Some(n), None) => n.clone(),
            _ => "?".into(),
        };
        writeln!(out, "  {}: {who}", tr("Người ký", "Signer"))?;
        if let Some(t) = &s.signing_time {
            writeln!(out, "  {} (/M): {t}", tr("Thời gian ký", "Signing time"))?;
        }
        if let Some(t) = &s.timestamp {
            let (time, tsa) = (&t.time, &t.authority);
            writeln!(
                out,
                "  {}: {time} ({tsa})",
                tr("Dấu thời gian (RFC 3161)", "Timestamp (RFC 3161)")
            )?;
        }
        if let Some(l) = &s.pades_level {
            writeln!(out, "  {}: {l}", tr("Mức PAdES", "PAdES level"))?;
        }
        if let Some(a) = &s.algorithm {
            writeln!(out, "  {}: {a}", tr("Thuật toán", "Algorithm"))?;
        }
        if let Some(t) = &s.cms_signing_time {
            writeln!(out, "  {} (CMS): {t}", tr("Thời gian ký", "Signing time"))?;
        }
        if !s.chain.is_empty() {
            writeln!(out, "  {}:", tr("Chuỗi chứng thư", "Certificate chain"))?;
            for (n, c) in s.chain.iter().enumerate() {
                writeln!(
                    out,
                    "    {}. {} [{} – {}]",
                    n + 1,
                    c.subject,
                    c.not_before,
                    c.not_after
                )?;
            }
            let trusted = if s.trusted {
                tr("có, tới chứng thư gốc tin cậy", "yes, up to a trusted root")
            } else {
                tr("không", "no")
            };
            writeln!(out, "  {}: {trusted}", tr("Tin cậy", "Trusted"))?;
            if let Some(a) = &s.trust_anchor {
                let (pki, root) = (&a.pki_name, &a.root);
                writeln!(out, "  {}: {pki} — {root}", tr("Hạ tầng", "PKI"))?;
            }
            let revocation = match &s.revocation {
                None => tr("không kiểm tra", "not checked").to_string(),
                Some(list) => list
                    .iter()
                    .map(|c| {
                        use crate::sign::revocation::Status as R;
                        let state = match &c.status {
                            R::Good { source } => {
                                crate::tr!("chưa bị thu hồi ({source})", "not revoked ({source})")
                            }
                            R::Revoked { time, .. } => {
                                crate::tr!("ĐÃ BỊ THU HỒI lúc {time}", "REVOKED at {time}")
                            }
                            R::NoSource => tr("không có OCSP/CRL", "no OCSP/CRL").to_string(),
                            R::Failed { .. } => {
                                tr("không kiểm tra được", "could not be checked").to_string()
                            }
                        };
                        format!("{}: {state}", c.subject)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            writeln!(out, "  {}: {revocation}", tr("Thu hồi", "Revocation"))?;
        }
        let coverage = match &s.after {
            After::Nothing => tr("toàn bộ tệp", "the whole file").to_string(),
            After::LaterSignatures { signatures } => crate::tr!(
                "đến hết phiên bản của nó; phiên bản sau: chữ ký {}",
                "up to the end of its revision; later revision: signature {}",
                numbers(signatures)
            ),
            After::ValidationData => tr(
                "toàn bộ tệp, sau đó chỉ thêm dữ liệu kiểm tra dài hạn (DSS, dấu thời gian tài liệu)",
                "the whole file, then only long-term validation data (DSS, document timestamps)",
            )
            .to_string(),
            After::UnsignedChanges { .. } => tr(
                "có thay đổi không được ký thêm vào sau khi ký",
                "unsigned changes appended after signing",
            )
            .to_string(),
        };
        writeln!(out, "  {}: {coverage}", tr("Phạm vi ký", "Signed range"))?;
        let yes_no = |b: bool| {
            if b {
                tr("đúng", "yes")
            } else {
                tr("SAI", "NO")
            }
        };
        writeln!(
            out,
            "  {}: {}; {}: {}",
            tr("Giá trị băm khớp", "Digest matches"),
            yes_no(s.digest_matches),
            tr("chữ ký đúng", "signature verifies"),
            yes_no(s.signature_verifies)
        )?;
        for p in &s.problems {
            writeln!(out, "  - {p}")?;
        }
    }
    write_stamps(r, out)?;
    let n = r.signatures.len();
    let verdict = if r.valid {
        crate::tr!(
            "Kết luận: cả {n} chữ ký đều hợp lệ và tin cậy.",
            "Verdict: all {n} signatures are valid and trusted."
        )
    } else {
        let bad = r
            .signatures
            .iter()
            .filter(|s| s.status != Status::Valid)
            .count();
        crate::tr!(
            "Kết luận: {bad}/{n} chữ ký không hợp lệ hoặc không tin cậy.",
            "Verdict: {bad} of {n} signatures are invalid or untrusted."
        )
    };
    writeln!(out, "{verdict}")
}

/// The document timestamps and the DSS.
fn write_stamps(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(d) = &r.dss {
        let (c, o, l) = (d.certs, d.ocsps, d.crls);
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Dữ liệu kiểm tra dài hạn (DSS): {c} chứng thư số, {o} câu trả lời OCSP, {l} CRL",
                "Long-term validation data (DSS): {c} certificates, {o} OCSP responses, {l} CRLs"
            )
        )?;
    }
    for t in &r.document_timestamps {
        let (i, field) = (t.index, &t.field);
        let status = if t.valid {
            tr("HỢP LỆ", "VALID")
        } else {
            tr("KHÔNG HỢP LỆ", "INVALID")
        };
        writeln!(
            out,
            "{}",
            crate::tr!(
                "Dấu thời gian tài liệu {i}: trường \"{field}\" — {status}",
                "Document timestamp {i}: field \"{field}\" — {status}"
            )
        )?;
        if let (Some(time), Some(tsa)) = (&t.time, &t.authority) {
            writeln!(out, "  {}: {time} ({tsa})", tr("Thời điểm", "Time"))?;
        }
        for p in &t.problems {
            writeln!(out, "  - {p}")?;
        }
    }
    Ok(())
}
