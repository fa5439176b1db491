//! Verification of every signature of a PDF: what the ByteRange covers and what was appended
//! after it, the message digest, the signature over the signed attributes, and the certificate
//! chain up to a trusted root at the signing time.

use super::algorithm::PublicKey;
use super::cert::{self, issued_by};
use super::time::{Instant, parse_pdf_date};
use super::{cms, pdf};
use der::Encode;
use lopdf::{Document, Object};
use serde::Serialize;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;

#[derive(Serialize, Debug)]
pub struct Report {
    pub file_size: usize,
    pub signatures: Vec<SignatureReport>,
    /// The document timestamps (PAdES B-LTA), in the order they were added.
    pub document_timestamps: Vec<DocTimestampReport>,
    /// What the Document Security Store holds, when there is one.
    pub dss: Option<DssInfo>,
    /// True when there is at least one signature, every one is `valid`, and every document
    /// timestamp is valid.
    pub valid: bool,
}

/// The number of items of each kind in the DSS.
#[derive(Serialize, Debug, Clone, Copy)]
pub struct DssInfo {
    pub certs: usize,
    pub ocsps: usize,
    pub crls: usize,
}

/// A document timestamp (`/Type /DocTimeStamp`, `/SubFilter /ETSI.RFC3161`).
#[derive(Serialize, Debug)]
pub struct DocTimestampReport {
    /// 1-based, in the order the timestamps were added.
    pub index: usize,
    pub field: String,
    /// genTime, ISO 8601 in Vietnam time.
    pub time: Option<String>,
    /// The TSA's certificate CN.
    pub authority: Option<String>,
    pub byte_range: Vec<i64>,
    /// The revision it covers holds a DSS: the validation data existed at `time`.
    pub covers_dss: bool,
    /// The token matches the covered bytes and its signature verifies.
    pub intact: bool,
    /// The TSA's chain reaches a trusted root and its certificate was valid then.
    pub trusted: bool,
    pub valid: bool,
    pub problems: Vec<String>,
    /// Where the covered range ends.
    #[serde(skip)]
    end: Option<usize>,
}

#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Intact, trusted, nothing unsigned after it.
    Valid,
    /// Intact, but the chain does not reach a trusted root or a certificate was not valid.
    Untrusted,
    /// Intact and trusted, but a certificate of the chain was revoked (before the time a
    /// trusted timestamp proves, when there is one).
    Revoked,
    /// Intact, but changes that no signature covers were appended after signing.
    Modified,
    /// The digest or the signature does not verify, or the signature cannot be read.
    Invalid,
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum After {
    /// The signature covers the whole file.
    Nothing,
    /// Only the incremental updates of later signatures (1-based numbers) follow, and maybe
    /// validation data (DSS, document timestamps).
    LaterSignatures { signatures: Vec<usize> },
    /// Only long-term validation data follows: a DSS, document timestamps.
    ValidationData,
    /// Later revisions change more than a signature update does, or bytes no signature
    /// covers were appended.
    UnsignedChanges { signed_by_later: Vec<usize> },
}

#[derive(Serialize, Debug, Clone)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub valid_at_signing_time: bool,
}

/// A signature timestamp that verifies.
#[derive(Serialize, Debug, Clone)]
pub struct TimestampInfo {
    /// genTime, ISO 8601 in Vietnam time.
    pub time: String,
    /// The TSA's certificate CN.
    pub authority: String,
    /// The TSA's chain reaches a trusted root and its certificate was valid then.
    pub trusted: bool,
}

#[derive(Serialize, Debug)]
pub struct SignatureReport {
    /// 1-based, in the order the signatures were added.
    pub index: usize,
    pub field: String,
    /// Whose signature it is, read from the field name (`con_dau`: the agency's).
    pub role: super::role::Role,
    pub signer: Option<String>,
    pub organization: Option<String>,
    pub sub_filter: Option<String>,
    /// `/M` of the signature dictionary, ISO 8601 in Vietnam time.
    pub signing_time: Option<String>,
    /// The signing-time attribute of the CMS, if any.
    pub cms_signing_time: Option<String>,
    pub byte_range: Vec<i64>,
    pub covers_whole_file: bool,
    pub after: After,
    pub digest_matches: bool,
    pub signature_verifies: bool,
    /// The signature algorithm and key size, e.g. "RSASSA-PSS (2048 bit)", "ECDSA P-256".
    pub algorithm: Option<String>,
    /// The RFC 3161 signature timestamp (PAdES B-T), when there is a valid one.
    pub timestamp: Option<TimestampInfo>,
    /// The PAdES baseline level: B-B, B-T (signature timestamp), B-LT (and the validation
    /// data in the DSS), B-LTA (and a document timestamp over the DSS); None when invalid or
    /// not a CAdES signature.
    pub pades_level: Option<String>,
    /// A timestamp is there but does not verify.
    #[serde(skip)]
    pub timestamp_invalid: bool,
    /// The time a trusted timestamp proves the signature existed at.
    #[serde(skip)]
    proven_time: Option<Instant>,
    /// The signing time the chain was checked at (proven, else claimed).
    #[serde(skip)]
    checked_at: Option<Instant>,
    /// The signature timestamp's TSA chain.
    #[serde(skip)]
    tsa_chain: Vec<Certificate>,
    /// Every certificate of the chains (the signer's, the TSA's) has its revocation data in
    /// the DSS, or names no source of it.
    #[serde(skip)]
    ltv_data: bool,
    /// A certificate of the chain has expired by the verification time and nothing in the
    /// file proves its status when it was used.
    #[serde(skip)]
    expired_unproven: bool,
    pub chain: Vec<CertInfo>,
    #[serde(skip)]
    chain_certs: Vec<Certificate>,
    /// The revocation status of each certificate of the chain but the root, when checked.
    pub revocation: Option<Vec<super::revocation::CertStatus>>,
    #[serde(skip)]
    revoked: bool,
    pub trusted: bool,
    /// The listed root the chain reaches and its PKI (see [`super::trust`]), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_anchor: Option<super::trust::Anchor>,
    pub status: Status,
    pub problems: Vec<String>,
}

/// The file could not be read as a PDF at all.
#[derive(Debug)]
pub enum Unreadable {
    NotPdf,
    Damaged(lopdf::Error),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Unreadable::NotPdf => crate::tr!(
                "tệp không phải PDF (không có tiêu đề %PDF-)",
                "the file is not a PDF (no %PDF- header)"
            ),
            Unreadable::Damaged(e) => {
                crate::tr!("không đọc được PDF: {e}", "cannot read the PDF: {e}")
            }
        })
    }
}

impl std::error::Error for Unreadable {}

struct Raw {
    field: String,
    byte_range: Vec<i64>,
    sub_filter: Option<String>,
    m: Option<Instant>,
}

/// Loads the newest revision; with bytes appended after the last `%%EOF`, the part up to it.
fn load_latest(bytes: &[u8]) -> Result<Document, Unreadable> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Unreadable::NotPdf);
    }
    match Document::load_mem(bytes) {
        Ok(d) if d.xref_recovery.is_none() => Ok(d),
        first => {
            let cut = bytes
                .windows(5)
                .rposition(|w| w == b"%%EOF")
                .map(|p| p + 5)
                .filter(|&p| p < bytes.len());
            if let Some(p) = cut
                && let Ok(d) = Document::load_mem(&bytes[..p])
            {
                return Ok(d);
            }
            first.map_err(Unreadable::Damaged)
        }
    }
}

fn signatures_in(doc: &Document) -> Vec<Raw> {
    let mut out = Vec::new();
    for f in pdf::signature_fields(doc) {
        let Some(v) = f.value else { continue };
        let Ok(d) = doc.get_object(v).and_then(Object::as_dict) else {
            continue;
        };
        let byte_range = d
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
            .unwrap_or_default();
        out.push(Raw {
            field: f.name,
            byte_range,
            sub_filter: d
                .get(b"SubFilter")
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned()),
            m: d.get(b"M")
                .ok()
                .and_then(pdf::text)
                .and_then(|s| parse_pdf_date(&s)),
        });
    }
    out
}

/// The digest of the signed byte ranges, without copying the file.
fn digest_of<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut d = D::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().to_vec()
}

/// The digest of `parts` by the hash `alg` names (SHA-256, -384, -512).
pub(crate) fn digest_with(alg: der::asn1::ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    match alg {
        a if a == cert::SHA256 => Some(digest_of::<Sha256>(parts)),
        a if a == cert::SHA384 => Some(digest_of::<Sha384>(parts)),
        a if a == cert::SHA512 => Some(digest_of::<Sha512>(parts)),
        _ => None,
    }
}

fn from_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let val = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    for pair in digits.chunks(2) {
        let hi = val(pair[0])?;
        let lo = pair.get(1).map_or(Some(0), |&c| val(c))?;
        out.push(hi << 4 | lo);
    }
    Some(out)
}

/// The ByteRange as two checked ranges, the gap between them being exactly `<hex>`.
fn ranges(bytes: &[u8], br: &[i64]) -> Option<(usize, usize, usize, usize)> {
    let [a, b, c, d] = br else { return None };
    let (a, b, c, d) = (
        usize::try_from(*a).ok()?,
        usize::try_from(*b).ok()?,
        usize::try_from(*c).ok()?,
        usize::try_from(*d).ok()?,
    );
    let end = c.checked_add(d)?;
    if a != 0 || b.checked_add(2).is_none_or(|b2| b2 > c) || end > bytes.len() {
        return None;
    }
    (bytes[b] == b'<' && bytes[c - 1] == b'>').then_some((b, c, end, d))
}

fn cert_info(c: &Certificate, at: Instant) -> CertInfo {
    let (from, to) = cert::validity(c);
    CertInfo {
        subject: c.tbs_certificate.subject.to_string(),
        issuer: c.tbs_certificate.issuer.to_string(),
        serial: c.tbs_certificate.serial_number.to_string(),
        not_before: from.iso8601_vn(),
        not_after: to.iso8601_vn(),
        valid_at_signing_time: from <= at && at <= to,
    }
}

/// The chain from the signer up through the embedded certificates, and whether it ends at (or
/// under) one of `roots`.
pub(crate) fn build_chain(
    signer: &Certificate,
    certs: &[Certificate],
    roots: &[Certificate],
) -> (Vec<Certificate>, bool) {
    let mut chain = vec![signer.clone()];
    for _ in 0..16 {
        let Some(last) = chain.last() else { break };
        if roots.iter().any(|r| r == last && cert::self_signed(r)) {
            return (chain, true);
        }
        if let Some(r) = roots.iter().find(|r| issued_by(last, r)) {
            if r != last {
                chain.push(r.clone());
            }
            return (chain, true);
        }
        if cert::self_signed(last) {
            break;
        }
        match certs
            .iter()
            .find(|c| !chain.contains(c) && issued_by(last, c))
        {
            Some(c) => chain.push(c.clone()),
            None => break,
        }
    }
    (chain, false)
}

/// Whether a later revision (from `from` to `to`) changes only what adding a signature changes.
fn only_signature_changes(bytes: &[u8], from: usize, to: usize) -> bool {
    let (Ok(before), Ok(after)) = (
        Document::load_mem(&bytes[..from]),
        Document::load_mem(&bytes[..to]),
    ) else {
        return false;
    };
    // What a later signature may change besides adding its field: the form, the page's
    // annotations, the appearance, the DSS, and the catalog's declarations of the PDF version
    // and of the PAdES extension (pyHanko adds /Extensions and /Version 2.0).
    const ALLOWED: [&[u8]; 16] = [
        b"AcroForm",
        b"Annots",
        b"Fields",
        b"SigFlags",
        b"V",
        b"AP",
        b"F",
        b"P",
        b"DR",
        b"DA",
        b"Perms",
        b"DSS",
        b"NeedAppearances",
        b"Metadata",
        b"Extensions",
        b"Version",
    ];
    // The document information dictionary and the XMP metadata describe the file (its
    // producer, modification date): a later signer may update them, as pyHanko does, without
    // changing what the document says.
    let described =
        |key: &[u8], from: &lopdf::Dictionary| from.get(key).and_then(Object::as_reference).ok();
    let info = described(b"Info", &after.trailer);
    let metadata = after
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").and_then(Object::as_reference).ok());
    after.objects.iter().all(|(id, new)| {
        let Some(old) = before.objects.get(id) else {
            return true;
        };
        if Some(*id) == info || Some(*id) == metadata {
            return true;
        }
        if old == new {
            return true;
        }
        match (old, new) {
            (Object::Dictionary(o), Object::Dictionary(n)) => {
                let keys = o.iter().map(|(k, _)| k).chain(n.iter().map(|(k, _)| k));
                let mut changed = keys.filter(|k| o.get(k).ok() != n.get(k).ok());
                changed.all(|k| ALLOWED.contains(&k.as_slice()))
            }
            (Object::Array(o), Object::Array(n)) => o.iter().all(|x| n.contains(x)),
            _ => false,
        }
    })
}

/// Verifies every signature of `bytes` against the trusted `roots`: each one on its own
/// ([`check_signature`]), then what was appended after each ([`appended_after`]), then the
/// status of each.
pub fn verify_pdf(bytes: &[u8], roots: &[Certificate]) -> Result<Report, Unreadable> {
    verify_pdf_with(bytes, roots, None)
}

/// [`verify_pdf`], and the revocation of each trusted chain from its OCSP responders or CRLs
/// when `revocation` says how patient to be (None: not checked, as `--offline`).
pub fn verify_pdf_with(
    bytes: &[u8],
    roots: &[Certificate],
    revocation: Option<super::http::Patience>,
) -> Result<Report, Unreadable> {
    verify_pdf_at(bytes, roots, revocation, Instant::now())
}

/// [`verify_pdf_with`] as if the clock said `now`: the revocation data of the DSS first (no
/// network needed), then the responders for what it lacks; a certificate expired by `now`
/// needs the DSS to prove its status (PAdES B-LT). Then the PAdES level of each signature.
pub fn verify_pdf_at(
    bytes: &[u8],
    roots: &[Certificate],
    revocation: Option<super::http::Patience>,
    now: Instant,
) -> Result<Report, Unreadable> {
    let doc = load_latest(bytes)?;
    let dss = super::dss::Dss::read(&doc);
    let mut report = verify_revisions(bytes, &doc, roots, &dss, now)?;
    for r in &mut report.signatures {
        r.check_revocation(now, revocation, &dss);
        r.status = r.settled_status();
    }
    for r in &mut report.signatures {
        r.pades_level = r.level(&report.document_timestamps);
    }
    report.valid = !report.signatures.is_empty()
        && report.signatures.iter().all(|r| r.status == Status::Valid)
        && report.document_timestamps.iter().all(|t| t.valid);
    Ok(report)
}

impl SignatureReport {
    /// The revocation of each certificate of a trusted chain, from the DSS, else (unless
    /// offline) from its responders; a certificate revoked after the time a trusted timestamp
    /// proves leaves the signature valid.
    fn check_revocation(
        &mut self,
        now: Instant,
        patience: Option<super::http::Patience>,
        dss: &super::dss::Dss,
    ) {
        use super::revocation::Status as R;
        let since = self.checked_at.unwrap_or(now);
        self.ltv_data = !dss.is_empty() && {
            let chains = [&self.chain_certs, &self.tsa_chain];
            chains.iter().all(|c| {
                c.windows(2).all(|p| {
                    dss.status(&p[0], &p[1], since).is_some()
                        || super::revocation::ocsp_urls(&p[0]).is_empty()
                            && super::revocation::crl_urls(&p[0]).is_empty()
                })
            })
        };
        self.check_expiry(now, dss, since);
        if !self.trusted || self.chain_certs.len() < 2 || (patience.is_none() && dss.is_empty()) {
            return;
        }
        let statuses = self
            .chain_certs
            .windows(2)
            .map(|p| super::revocation::CertStatus {
                subject: cert::display_name(&p[0]),
                status: match (dss.status(&p[0], &p[1], since), patience) {
                    (Some(s), _) => s,
                    (None, Some(patience)) => super::revocation::check(&p[0], &p[1], now, patience),
                    (None, None) => R::Failed {
                        reason: crate::tr!(
                            "không có trong DSS (--offline)",
                            "not in the DSS (--offline)"
                        ),
                    },
                },
            })
            .collect();
        self.revocation = Some(statuses);
        for c in self.revocation.iter().flatten() {
            match &c.status {
                R::Revoked { at, time, source } => {
                    let before = self.proven_time.is_none_or(|t| *at <= t);
                    if before {
                        self.revoked = true;
                    }
                    let subject = &c.subject;
                    self.problems.push(crate::tr!(
                        "chứng thư số \"{subject}\" đã bị thu hồi lúc {time} (theo {source})",
                        "certificate \"{subject}\" was revoked at {time} (according to {source})"
                    ));
                }
                R::Failed { reason } => {
                    let subject = &c.subject;
                    self.problems.push(crate::tr!(
                        "không kiểm tra được tình trạng thu hồi của \"{subject}\": {reason}",
                        "cannot check the revocation status of \"{subject}\": {reason}"
                    ));
                }
                R::Good { .. } | R::NoSource => {}
            }
        }
    }

    /// A certificate of the chain that has expired by `now` is vouched for only by revocation
    /// data of the DSS made after the signature: without it the signature cannot be trusted
    /// any more (its responders no longer answer for it).
    fn check_expiry(&mut self, now: Instant, dss: &super::dss::Dss, since: Instant) {
        let certs = self.chain_certs.clone();
        for p in certs.windows(2) {
            let (_, to) = cert::validity(&p[0]);
            if to >= now || dss.status(&p[0], &p[1], since).is_some() {
                continue;
            }
            self.expired_unproven = true;
            let (subject, when) = (cert::display_name(&p[0]), to.iso8601_vn());
            self.problems.push(crate::tr!(
                "chứng thư số \"{subject}\" đã hết hạn lúc {when} và tệp không có dữ liệu kiểm tra dài hạn (DSS) cho nó: thêm bằng qmsdoc ltv trước khi chứng thư hết hạn",
                "certificate \"{subject}\" expired at {when} and the file has no long-term validation data (DSS) for it: add it with qmsdoc ltv before certificates expire"
            ));
        }
    }

    /// The PAdES baseline level the signature reaches (ETSI EN 319 142-1).
    fn level(&self, stamps: &[DocTimestampReport]) -> Option<String> {
        let cades = self.sub_filter.as_deref() == Some("ETSI.CAdES.detached");
        if !cades || matches!(self.status, Status::Invalid) {
            return None;
        }
        let end = self
            .byte_range
            .get(2)
            .zip(self.byte_range.get(3))
            .map(|(c, d)| c + d);
        let lta = stamps.iter().any(|t| {
            let t_end = t.end.map(|e| e as i64);
            t.valid && t.covers_dss && t_end > end
        });
        Some(
            match (self.timestamp.is_some(), self.ltv_data, lta) {
                (false, _, _) => "B-B",
                (true, false, _) => "B-T",
                (true, true, false) => "B-LT",
                (true, true, true) => "B-LTA",
            }
            .to_string(),
        )
    }
}

fn verify_revisions(
    bytes: &[u8],
    doc: &Document,
    roots: &[Certificate],
    dss: &super::dss::Dss,
    now: Instant,
) -> Result<Report, Unreadable> {
    let mut raws = signatures_in(doc);
    raws.sort_by_key(|r| {
        r.byte_range
            .get(2)
            .zip(r.byte_range.get(3))
            .map(|(c, d)| c + d)
    });
    let extra: Vec<Certificate> = dss
        .certs()
        .filter_map(|d| der::Decode::from_der(d).ok())
        .collect();
    let (stamp_raws, raws): (Vec<Raw>, Vec<Raw>) = raws
        .into_iter()
        .partition(|r| r.sub_filter.as_deref() == Some("ETSI.RFC3161"));
    let stamps: Vec<DocTimestampReport> = stamp_raws
        .iter()
        .enumerate()
        .map(|(i, raw)| check_doc_timestamp(bytes, i + 1, raw, roots, &extra))
        .collect();
    let stamp_ends: Vec<(usize, bool)> = stamps
        .iter()
        .filter_map(|t| t.end.map(|e| (e, t.intact)))
        .collect();
    let mut reports: Vec<SignatureReport> = Vec::new();
    let mut ends = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let mut rep = SignatureReport::new(i + 1, raw);
        let end = check_signature(bytes, raw, roots, &extra, now, &mut rep);
        ends.push(end);
        reports.push(rep);
    }
    for i in 0..reports.len() {
        if let Some(end) = ends[i]
            && end != bytes.len()
        {
            let after = appended_after(bytes, end, &ends, &reports, &stamp_ends);
            reports[i].after = after;
            if matches!(reports[i].after, After::UnsignedChanges { .. }) {
                reports[i].problems.push(crate::tr!(
                    "có thay đổi không được ký thêm vào sau khi ký",
                    "unsigned changes were appended after signing"
                ));
            }
        }
    }
    for r in &mut reports {
        r.status = r.settled_status();
    }
    let valid = !reports.is_empty() && reports.iter().all(|r| r.status == Status::Valid);
    Ok(Report {
        file_size: bytes.len(),
        signatures: reports,
        document_timestamps: stamps,
        dss: (!dss.is_empty()).then(|| DssInfo {
            certs: dss.certs().count(),
            ocsps: dss.ocsps().count(),
            crls: dss.crls().count(),
        }),
        valid,
    })
}

impl SignatureReport {
    /// The report of a signature before anything is checked: invalid.
    fn new(index: usize, raw: &Raw) -> SignatureReport {
        SignatureReport {
            index,
            field: raw.field.clone(),
            role: super::role::Role::of_field(&raw.field),
            signer: None,
            organization: None,
            sub_filter: raw.sub_filter.clone(),
            signing_time: raw.m.map(Instant::iso8601_vn),
            cms_signing_time: None,
            byte_range: raw.byte_range.clone(),
            covers_whole_file: false,
            after: After::Nothing,
            digest_matches: false,
            signature_verifies: false,
            algorithm: None,
            timestamp: None,
            pades_level: None,
            timestamp_invalid: false,
            proven_time: None,
            checked_at: None,
            tsa_chain: Vec::new(),
            ltv_data: false,
            expired_unproven: false,
            chain: Vec::new(),
            chain_certs: Vec::new(),
            revocation: None,
            revoked: false,
            trusted: false,
            trust_anchor: None,
            status: Status::Invalid,
            problems: Vec::new(),
        }
    }

    /// The trusted certificate the chain ends at, when it reaches one.
    pub fn anchor_cert(&self) -> Option<&Certificate> {
        self.chain_certs.last().filter(|_| self.trusted)
    }

    /// The status once everything is checked: intact, then nothing unsigned after, then
    /// trusted.
    fn settled_status(&self) -> Status {
        let intact = self.digest_matches && self.signature_verifies && !self.timestamp_invalid;
        let chain_ok = self.trusted && self.chain.iter().all(|c| c.valid_at_signing_time);
        if !intact {
            Status::Invalid
        } else if matches!(self.after, After::UnsignedChanges { .. }) {
            Status::Modified
        } else if !chain_ok || self.expired_unproven {
            Status::Untrusted
        } else if self.revoked {
            Status::Revoked
        } else {
            Status::Valid
        }
    }
}

/// Checks one signature into `rep`: its byte range, its CMS, the digest, the signature over
/// the signed attributes and the certificate chain. Returns where its byte range ends, when it
/// is well formed.
fn check_signature(
    bytes: &[u8],
    raw: &Raw,
    roots: &[Certificate],
    extra: &[Certificate],
    now: Instant,
    rep: &mut SignatureReport,
) -> Option<usize> {
    let Some((gap_start, gap_end, end, _)) = ranges(bytes, &raw.byte_range) else {
        rep.problems.push(crate::tr!(
            "/ByteRange không hợp lệ",
            "the /ByteRange is malformed"
        ));
        return None;
    };
    rep.covers_whole_file = end == bytes.len();
    let parsed = match from_hex(&bytes[gap_start + 1..gap_end - 1]) {
        None => Err("hex".to_string()),
        Some(c) => cms::parse(&c).map_err(|e| e.to_string()),
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => {
            rep.problems.push(crate::tr!(
                "không đọc được chữ ký CMS: {e}",
                "cannot read the CMS signature: {e}"
            ));
            return Some(end);
        }
    };
    rep.cms_signing_time = parsed.signing_time.map(Instant::iso8601_vn);
    let stamped = check_timestamp(&parsed, roots, rep);
    rep.proven_time = stamped;
    let at = stamped.or(raw.m).or(parsed.signing_time).unwrap_or(now);
    rep.checked_at = Some(at);
    check_digest(&[&bytes[..gap_start], &bytes[gap_end..end]], &parsed, rep);
    let Some(signer) = parsed.signer.and_then(|i| parsed.certs.get(i)) else {
        rep.problems.push(crate::tr!(
            "CMS không chứa chứng thư số của người ký",
            "the CMS does not contain the signer's certificate"
        ));
        return Some(end);
    };
    rep.signer = Some(cert::display_name(signer));
    rep.organization = cert::organization(&signer.tbs_certificate.subject);
    check_signed_attributes(signer, &parsed, rep);
    check_chain(
        signer,
        &[parsed.certs.as_slice(), extra].concat(),
        roots,
        at,
        rep,
    );
    Some(end)
}

/// Whether the digest of the signed ranges is the message digest the CMS signed.
fn check_digest(signed: &[&[u8]], parsed: &cms::Parsed, rep: &mut SignatureReport) {
    let digest = digest_with(parsed.digest_alg, signed);
    match (&digest, &parsed.message_digest) {
        (Some(d), Some(m)) if d == m => rep.digest_matches = true,
        (None, _) => rep.problems.push(crate::tr!(
            "thuật toán băm không hỗ trợ ({})",
            "unsupported digest algorithm ({})",
            parsed.digest_alg
        )),
        _ => rep.problems.push(crate::tr!(
            "giá trị băm không khớp: nội dung đã bị sửa sau khi ký",
            "digest mismatch: the signed content was changed after signing"
        )),
    }
}

/// The signature over the signed attributes, and the attributes PAdES requires.
fn check_signed_attributes(signer: &Certificate, parsed: &cms::Parsed, rep: &mut SignatureReport) {
    rep.algorithm = algorithm_name(&parsed.signature_alg, signer);
    match PublicKey::of(signer) {
        Some(key) => match key.verify(
            &parsed.signature_alg,
            Some(parsed.digest_alg),
            &parsed.signed_attrs,
            &parsed.signature,
        ) {
            Ok(()) => rep.signature_verifies = true,
            Err(e) => rep.problems.push(e.to_string()),
        },
        None => rep.problems.push(crate::tr!(
            "khóa của người ký không phải RSA, ECDSA P-256 hay P-384 (chưa hỗ trợ)",
            "the signer's key is not RSA, ECDSA P-256 or P-384 (not supported)"
        )),
    }
    if !parsed.content_type_is_data {
        rep.problems.push(crate::tr!(
            "thiếu thuộc tính content-type = id-data",
            "the content-type attribute is missing or not id-data"
        ));
        rep.signature_verifies = false;
    }
    if let Some(h) = &parsed.signing_certificate_hash {
        let ok = signer
            .to_der()
            .is_ok_and(|d| Sha256::digest(&d).as_slice() == h.as_slice());
        if !ok {
            rep.problems.push(crate::tr!(
                "thuộc tính signing-certificate-v2 không khớp với chứng thư số người ký",
                "the signing-certificate-v2 attribute does not match the signer's certificate"
            ));
            rep.signature_verifies = false;
        }
    }
}

/// How reports name a signature algorithm.
fn algorithm_name(alg: &spki::AlgorithmIdentifierOwned, signer: &Certificate) -> Option<String> {
    use super::algorithm::{KeyKind, RSASSA_PSS};
    let kind = PublicKey::of(signer)?.kind();
    Some(match kind {
        KeyKind::Rsa { bits } if alg.oid == RSASSA_PSS => format!("RSASSA-PSS ({bits} bit)"),
        KeyKind::Rsa { bits } => format!("RSA PKCS#1 v1.5 ({bits} bit)"),
        KeyKind::P256 => "ECDSA P-256".to_string(),
        KeyKind::P384 => "ECDSA P-384".to_string(),
    })
}

/// The signature timestamp, if any: checked against the signature value; the time it proves
/// is the moment the chain is checked at.
fn check_timestamp(
    parsed: &cms::Parsed,
    roots: &[Certificate],
    rep: &mut SignatureReport,
) -> Option<Instant> {
    let token = parsed.timestamp_token.as_deref()?;
    match super::tsp::check(token, &parsed.signature, None) {
        Ok(t) => {
            let tsa = &t.certs[t.signer];
            let (tsa_chain, trusted) = build_chain(tsa, &t.certs, roots);
            rep.tsa_chain = tsa_chain;
            let (from, to) = cert::validity(tsa);
            let in_validity = from <= t.time && t.time <= to;
            if !trusted {
                rep.problems.push(crate::tr!(
                    "chứng thư số của TSA không dẫn tới chứng thư gốc tin cậy",
                    "the TSA certificate does not chain to a trusted root"
                ));
            }
            if !in_validity {
                rep.problems.push(crate::tr!(
                    "chứng thư số của TSA không có hiệu lực tại thời điểm đóng dấu",
                    "the TSA certificate was not valid at the timestamp's time"
                ));
            }
            rep.timestamp = Some(TimestampInfo {
                time: t.time.iso8601_vn(),
                authority: cert::display_name(tsa),
                trusted: trusted && in_validity,
            });
            (trusted && in_validity).then_some(t.time)
        }
        Err(e) => {
            rep.problems.push(crate::tr!(
                "dấu thời gian của chữ ký không hợp lệ: {e}",
                "the signature timestamp is invalid: {e}"
            ));
            rep.timestamp_invalid = true;
            None
        }
    }
}

/// The chain up to a trusted root, and each certificate valid at the signing time `at`.
fn check_chain(
    signer: &Certificate,
    certs: &[Certificate],
    roots: &[Certificate],
    at: Instant,
    rep: &mut SignatureReport,
) {
    let (chain, trusted) = build_chain(signer, certs, roots);
    rep.chain = chain.iter().map(|c| cert_info(c, at)).collect();
    rep.chain_certs = chain;
    rep.trusted = trusted;
    if !trusted {
        rep.problems.push(if roots.is_empty() {
            crate::tr!(
                "không có chứng thư gốc tin cậy nào (--trust)",
                "no trusted root given (--trust)"
            )
        } else {
            crate::tr!(
                "chuỗi chứng thư không dẫn tới chứng thư gốc tin cậy",
                "the certificate chain does not reach a trusted root"
            )
        });
    }
    for c in rep.chain.iter().filter(|c| !c.valid_at_signing_time) {
        rep.problems.push(crate::tr!(
            "chứng thư số \"{}\" không có hiệu lực tại thời điểm ký ({} – {})",
            "certificate \"{}\" was not valid at the signing time ({} – {})",
            c.subject,
            c.not_before,
            c.not_after
        ));
    }
}

/// What follows a signature whose byte range ends at `end` (before the end of the file):
/// only the updates of later, intact signatures that change nothing but what a signature
/// changes, or unsigned changes.
fn appended_after(
    bytes: &[u8],
    end: usize,
    ends: &[Option<usize>],
    reports: &[SignatureReport],
    stamps: &[(usize, bool)],
) -> After {
    // (end, signature number or None for a document timestamp, intact)
    let mut later: Vec<(usize, Option<usize>, bool)> = (0..reports.len())
        .filter_map(|j| {
            let intact = reports[j].digest_matches && reports[j].signature_verifies;
            ends[j].filter(|&e| e > end).map(|e| (e, Some(j), intact))
        })
        .chain(
            stamps
                .iter()
                .filter(|(e, _)| *e > end)
                .map(|&(e, ok)| (e, None, ok)),
        )
        .collect();
    later.sort_unstable();
    let mut cur = end;
    let mut signers = Vec::new();
    let mut clean = true;
    for (e, j, intact) in later {
        if e <= cur {
            continue;
        }
        if !intact || !only_signature_changes(bytes, cur, e) {
            clean = false;
        }
        signers.extend(j.map(|j| j + 1));
        cur = e;
    }
    // Validation data added after the last signature or timestamp: the DSS alone.
    if cur < bytes.len() && !only_dss_changes(bytes, cur, bytes.len()) {
        clean = false;
    }
    if clean && signers.is_empty() {
        After::ValidationData
    } else if clean {
        After::LaterSignatures {
            signatures: signers,
        }
    } else {
        After::UnsignedChanges {
            signed_by_later: signers,
        }
    }
}

/// Whether later revisions (from `from` to `to`, ending with `%%EOF`) only set the DSS: new
/// objects, and the catalog changed in `/DSS` (and the PDF version and extensions it
/// declares) alone.
fn only_dss_changes(bytes: &[u8], from: usize, to: usize) -> bool {
    let tail = bytes[from..to].trim_ascii_end();
    if !tail.ends_with(b"%%EOF") {
        return false;
    }
    let (Ok(before), Ok(after)) = (
        Document::load_mem(&bytes[..from]),
        Document::load_mem(&bytes[..to]),
    ) else {
        return false;
    };
    let dss = |d: &Document| d.catalog().ok().and_then(|c| c.get(b"DSS").ok().cloned());
    if dss(&after).is_none() || dss(&after) == dss(&before) {
        return false;
    }
    const ALLOWED: [&[u8]; 3] = [b"DSS", b"Extensions", b"Version"];
    let root = after
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok();
    after.objects.iter().all(|(id, new)| {
        let Some(old) = before.objects.get(id) else {
            return true;
        };
        match (old, new) {
            _ if old == new => true,
            (Object::Dictionary(o), Object::Dictionary(n)) if Some(*id) == root => {
                let keys = o.iter().map(|(k, _)| k).chain(n.iter().map(|(k, _)| k));
                let mut changed = keys.filter(|k| o.get(k).ok() != n.get(k).ok());
                changed.all(|k| ALLOWED.contains(&k.as_slice()))
            }
            _ => false,
        }
    })
}

/// Checks a document timestamp: the token over its byte ranges, the TSA's chain and validity.
fn check_doc_timestamp(
    bytes: &[u8],
    index: usize,
    raw: &Raw,
    roots: &[Certificate],
    extra: &[Certificate],
) -> DocTimestampReport {
    let mut rep = DocTimestampReport {
        index,
        field: raw.field.clone(),
        time: None,
        authority: None,
        byte_range: raw.byte_range.clone(),
        covers_dss: false,
        intact: false,
        trusted: false,
        valid: false,
        problems: Vec::new(),
        end: None,
    };
    let Some((gap_start, gap_end, end, _)) = ranges(bytes, &raw.byte_range) else {
        rep.problems.push(crate::tr!(
            "/ByteRange không hợp lệ",
            "the /ByteRange is malformed"
        ));
        return rep;
    };
    rep.end = Some(end);
    rep.covers_dss = Document::load_mem(&bytes[..end])
        .ok()
        .and_then(|d| d.catalog().ok().map(|c| c.has(b"DSS")))
        .unwrap_or(false);
    let token = from_hex(&bytes[gap_start + 1..gap_end - 1]).unwrap_or_default();
    let token = &token[..cms::der_length(&token)
        .unwrap_or(token.len())
        .min(token.len())];
    let parts = [&bytes[..gap_start], &bytes[gap_end..end]];
    match super::tsp::check_parts(token, &parts, None) {
        Ok(t) => {
            let tsa = &t.certs[t.signer];
            let (_, trusted) = build_chain(tsa, &[t.certs.as_slice(), extra].concat(), roots);
            let (from, to) = cert::validity(tsa);
            let in_validity = from <= t.time && t.time <= to;
            rep.intact = true;
            rep.trusted = trusted && in_validity;
            rep.valid = rep.trusted;
            rep.time = Some(t.time.iso8601_vn());
            rep.authority = Some(cert::display_name(tsa));
            if !rep.trusted {
                rep.problems.push(crate::tr!(
                    "chứng thư số của TSA không dẫn tới chứng thư gốc tin cậy hoặc không có hiệu lực lúc đóng dấu",
                    "the TSA certificate does not chain to a trusted root or was not valid at the timestamp's time"
                ));
            }
        }
        Err(e) => rep.problems.push(crate::tr!(
            "dấu thời gian tài liệu không hợp lệ: {e}",
            "the document timestamp is invalid: {e}"
        )),
    }
    rep
}
