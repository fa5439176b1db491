//! Revocation of the certificates of a chain: OCSP from the certificate's Authority
//! Information Access (RFC 6960), else the CRL of its CRL Distribution Points (RFC 5280).
//! Each answer is checked: an OCSP response signed by the issuer or by a responder the issuer
//! delegated (id-kp-OCSPSigning), a CRL signed by the issuer, both current at the time asked.

use super::algorithm::PublicKey;
use super::cert::{self, extension, tlv};
use super::cms::{children, wrap};
use super::http::{self, Patience};
use super::time::{Instant, days_from_civil};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use serde::Serialize;
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};

const AIA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.1");
const CDP: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.31");
const AD_OCSP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");
const ID_PKIX_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
const SHA1_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
/// How far a responder's clock may be ahead of ours.
const CLOCK_SKEW: i64 = 300;

/// The revocation status of one certificate.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Not revoked, as `source` says.
    Good { source: String },
    /// Revoked at `time` (ISO 8601, Vietnam time).
    Revoked {
        source: String,
        time: String,
        #[serde(skip)]
        at: Instant,
    },
    /// The certificate names no OCSP responder and no CRL.
    NoSource,
    /// Every source failed; why.
    Failed { reason: String },
}

/// The status of each certificate of a chain (the root excepted).
#[derive(Serialize, Debug, Clone)]
pub struct CertStatus {
    pub subject: String,
    #[serde(flatten)]
    pub status: Status,
}

/// Checks every certificate of `chain` (leaf first, each followed by its issuer) but the
/// last, whose issuer is the next one, at `now`.
pub fn check_chain(chain: &[Certificate], now: Instant, patience: Patience) -> Vec<CertStatus> {
    chain
        .windows(2)
        .map(|pair| CertStatus {
            subject: cert::display_name(&pair[0]),
            status: check(&pair[0], &pair[1], now, patience),
        })
        .collect()
}

/// A certificate's DER, its status, and the answer it was read from: what LTV stores.
pub type Answered = (Vec<u8>, Status, Option<Evidence>);

/// [`check_chain`], with the answers read.
pub fn check_chain_with_evidence(
    chain: &[Certificate],
    now: Instant,
    patience: Patience,
) -> Vec<Answered> {
    chain
        .windows(2)
        .map(|pair| {
            let (status, evidence) = check_with_evidence(&pair[0], &pair[1], now, patience);
            (pair[0].to_der().unwrap_or_default(), status, evidence)
        })
        .collect()
}

/// The status of `cert` (issued by `issuer`): OCSP first, then the CRLs.
pub fn check(cert: &Certificate, issuer: &Certificate, now: Instant, p: Patience) -> Status {
    check_with_evidence(cert, issuer, now, p).0
}

/// Revocation data as a responder or a CRL server gave it: what a DSS keeps (PAdES B-LT).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// A DER OCSPResponse.
    Ocsp(Vec<u8>),
    /// A DER CertificateList.
    Crl(Vec<u8>),
}

/// [`check`], with the response or the CRL the status was read from.
pub fn check_with_evidence(
    cert: &Certificate,
    issuer: &Certificate,
    now: Instant,
    p: Patience,
) -> (Status, Option<Evidence>) {
    let (ocsp, crls) = (ocsp_urls(cert), crl_urls(cert));
    if ocsp.is_empty() && crls.is_empty() {
        return (Status::NoSource, None);
    }
    let mut reasons = Vec::new();
    for url in &ocsp {
        match ocsp_status(cert, issuer, url, now, p) {
            Ok((s, der)) => return (s, Some(Evidence::Ocsp(der))),
            Err(e) => reasons.push(format!("OCSP {url}: {e}")),
        }
    }
    for url in &crls {
        match crl_status(cert, issuer, url, now, p) {
            Ok((s, der)) => return (s, Some(Evidence::Crl(der))),
            Err(e) => reasons.push(format!("CRL {url}: {e}")),
        }
    }
    let reason = reasons.join("; ");
    (Status::Failed { reason }, None)
}

fn uri(name: &GeneralName) -> Option<String> {
    match name {
        GeneralName::UniformResourceIdentifier(u) => Some(u.to_string()),
        _ => None,
    }
}

/// The http:// OCSP responders of the AIA extension.
pub fn ocsp_urls(cert: &Certificate) -> Vec<String> {
    extension(cert, AIA)
        .and_then(|d| AuthorityInfoAccessSyntax::from_der(d).ok())
        .map(|aia| {
            aia.0
                .iter()
                .filter(|a| a.access_method == AD_OCSP)
                .filter_map(|a| uri(&a.access_location))
                .filter(|u| u.to_ascii_lowercase().starts_with("http://"))
                .collect()
        })
        .unwrap_or_default()
}

/// The http:// CRLs of the CRL Distribution Points extension.
pub fn crl_urls(cert: &Certificate) -> Vec<String> {
    extension(cert, CDP)
        .and_then(|d| CrlDistributionPoints::from_der(d).ok())
        .map(|cdp| {
            cdp.0
                .iter()
                .filter_map(|dp| match &dp.distribution_point {
                    Some(DistributionPointName::FullName(names)) => Some(names),
                    _ => None,
                })
                .flatten()
                .filter_map(uri)
                .filter(|u| u.to_ascii_lowercase().starts_with("http://"))
                .collect()
        })
        .unwrap_or_default()
}

type Why = String;

fn malformed(what: &str) -> Why {
    crate::tr!("câu trả lời hỏng ({what})", "malformed answer ({what})")
}

/// The content bytes of a TLV.
fn content(der: &[u8]) -> Option<&[u8]> {
    let (_, h, l) = tlv(der)?;
    Some(&der[h..h + l])
}

/// `YYYYMMDDHHMMSS[.f…]Z` (GeneralizedTime) or `YYMMDDHHMMSSZ` (UTCTime).
fn time_of(der: &[u8]) -> Option<Instant> {
    let (tag, h, l) = tlv(der)?;
    let s = std::str::from_utf8(&der[h..h + l]).ok()?;
    let (year, rest) = match tag {
        0x18 => (s.get(0..4)?.parse::<i64>().ok()?, s.get(4..)?),
        0x17 => {
            let yy = s.get(0..2)?.parse::<i64>().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, s.get(2..)?)
        }
        _ => return None,
    };
    let n = |r: std::ops::Range<usize>| rest.get(r)?.parse::<i64>().ok();
    let (mo, d, hh, mm, ss) = (n(0..2)?, n(2..4)?, n(4..6)?, n(6..8)?, n(8..10)?);
    if !s.ends_with('Z') || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    Some(Instant(
        days_from_civil(year, mo as u32, d as u32) * 86_400 + hh * 3600 + mm * 60 + ss,
    ))
}

/// The value of the subjectPublicKey BIT STRING, without its unused-bits byte.
fn public_key_bits(cert: &Certificate) -> &[u8] {
    cert.tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes()
}

/// CertID with SHA-1 (what responders are required to accept, RFC 5019).
fn cert_id(cert: &Certificate, issuer: &Certificate) -> Result<Vec<u8>, Why> {
    let der_err = |e: der::Error| e.to_string();
    let name = issuer.tbs_certificate.subject.to_der().map_err(der_err)?;
    let alg = wrap(
        0x30,
        &[SHA1_OID.to_der().map_err(der_err)?, vec![0x05, 0x00]].concat(),
    );
    let serial = cert
        .tbs_certificate
        .serial_number
        .to_der()
        .map_err(der_err)?;
    Ok(wrap(
        0x30,
        &[
            alg,
            wrap(0x04, &Sha1::digest(&name)),
            wrap(0x04, &Sha1::digest(public_key_bits(issuer))),
            serial,
        ]
        .concat(),
    ))
}

fn ocsp_status(
    cert: &Certificate,
    issuer: &Certificate,
    url: &str,
    now: Instant,
    p: Patience,
) -> Result<(Status, Vec<u8>), Why> {
    let id = cert_id(cert, issuer)?;
    // OCSPRequest { TBSRequest { requestList { Request { reqCert } } } }
    let req = wrap(0x30, &wrap(0x30, &wrap(0x30, &wrap(0x30, &id))));
    let answer =
        http::fetch(url, Some(("application/ocsp-request", &req)), p).map_err(|e| e.to_string())?;
    let status = read_ocsp(&answer, &id, issuer, now).map(|(good, revoked)| match revoked {
        Some(at) if !good => Status::Revoked {
            source: format!("OCSP {url}"),
            time: at.iso8601_vn(),
            at,
        },
        _ => Status::Good {
            source: format!("OCSP {url}"),
        },
    })?;
    Ok((status, answer))
}

/// What a response or a CRL says of one certificate, read without a clock (from a DSS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The revocation time, when revoked.
    pub revoked_at: Option<Instant>,
    pub this_update: Instant,
    pub next_update: Option<Instant>,
}

/// What the OCSP response `der` says of `cert`, when it is signed by its issuer (or a
/// responder the issuer delegated, valid when the response was made) and names `cert`.
pub fn ocsp_answer(der: &[u8], cert: &Certificate, issuer: &Certificate) -> Result<Answer, Why> {
    let id = cert_id(cert, issuer)?;
    let (revoked_at, this_update, next_update) = read_ocsp_at(der, &id, issuer, None)?;
    Ok(Answer {
        revoked_at,
        this_update,
        next_update,
    })
}

/// What the CRL `der` says of `cert`, when `issuer` signed it.
pub fn crl_answer(der: &[u8], cert: &Certificate, issuer: &Certificate) -> Result<Answer, Why> {
    let (crl, revoked) = read_crl(der, cert, issuer)?;
    let secs = |t: &x509_cert::time::Time| Instant(t.to_unix_duration().as_secs() as i64);
    Ok(Answer {
        revoked_at: revoked,
        this_update: secs(&crl.tbs_cert_list.this_update),
        next_update: crl.tbs_cert_list.next_update.as_ref().map(secs),
    })
}

/// Reads an OCSP response for `id`: (good, revocation time when revoked), current at `now`.
fn read_ocsp(
    der: &[u8],
    id: &[u8],
    issuer: &Certificate,
    now: Instant,
) -> Result<(bool, Option<Instant>), Why> {
    let (revoked, this_update, next_update) = read_ocsp_at(der, id, issuer, Some(now))?;
    if this_update.0 > now.0 + CLOCK_SKEW || next_update.is_some_and(|n| n.0 < now.0) {
        return Err(crate::tr!(
            "câu trả lời OCSP đã cũ hoặc chưa tới hạn",
            "the OCSP response is not current"
        ));
    }
    Ok((revoked.is_none(), revoked))
}

/// Reads an OCSP response for `id`, signed by `issuer` or a responder it delegated that was
/// valid at `now` (else when the response was made): (revocation time when revoked,
/// thisUpdate, nextUpdate).
fn read_ocsp_at(
    der: &[u8],
    id: &[u8],
    issuer: &Certificate,
    now: Option<Instant>,
) -> Result<(Option<Instant>, Instant, Option<Instant>), Why> {
    let top = children(der).ok_or_else(|| malformed("OCSPResponse"))?;
    let status = top
        .first()
        .and_then(|s| content(s))
        .ok_or_else(|| malformed("status"))?;
    if status != [0] {
        return Err(crate::tr!(
            "máy chủ OCSP từ chối (mã {})",
            "the OCSP responder refused (code {})",
            status.first().copied().unwrap_or(255)
        ));
    }
    let bytes = top
        .get(1)
        .and_then(|b| children(b))
        .and_then(|b| b.first().and_then(|s| children(s)))
        .ok_or_else(|| malformed("responseBytes"))?;
    let kind = bytes
        .first()
        .and_then(|o| ObjectIdentifier::from_der(o).ok());
    if kind != Some(ID_PKIX_OCSP_BASIC) {
        return Err(malformed("responseType"));
    }
    let basic_der = bytes
        .get(1)
        .and_then(|o| content(o))
        .ok_or_else(|| malformed("response"))?;
    let basic = children(basic_der).ok_or_else(|| malformed("BasicOCSPResponse"))?;
    let (tbs, alg, sig) = match basic.as_slice() {
        [tbs, alg, sig, ..] => (*tbs, *alg, *sig),
        _ => return Err(malformed("BasicOCSPResponse")),
    };
    let certs: Vec<Certificate> = basic
        .get(3)
        .and_then(|c| children(c))
        .and_then(|c| c.first().and_then(|s| children(s)))
        .map(|list| {
            list.iter()
                .filter_map(|c| Certificate::from_der(c).ok())
                .collect()
        })
        .unwrap_or_default();
    let alg = AlgorithmIdentifierOwned::from_der(alg).map_err(|e| e.to_string())?;
    let sig = content(sig)
        .and_then(|s| s.get(1..))
        .ok_or_else(|| malformed("signature"))?;
    let signed_by = |k: &Certificate| {
        PublicKey::of(k).is_some_and(|key| key.verify(&alg, None, tbs, sig).is_ok())
    };
    let check_signer = |at: Instant| {
        let delegated = |c: &Certificate| {
            cert::issued_by(c, issuer) && cert::has_extended_usage(c, KP_OCSP_SIGNING) && {
                let (from, to) = cert::validity(c);
                from.0 - CLOCK_SKEW <= at.0 && at.0 <= to.0
            }
        };
        if !signed_by(issuer) && !certs.iter().any(|c| delegated(c) && signed_by(c)) {
            return Err(crate::tr!(
                "chữ ký của câu trả lời OCSP không đúng hoặc không do CA cấp phát ủy quyền",
                "the OCSP response is not signed by the issuer or a responder it delegated"
            ));
        }
        Ok(())
    };
    let data = children(tbs).ok_or_else(|| malformed("ResponseData"))?;
    // Skip the optional [0] version, the responderID ([1] or [2]) and producedAt.
    let responses = data
        .iter()
        .find(|e| e.first() == Some(&0x30))
        .and_then(|r| children(r))
        .ok_or_else(|| malformed("responses"))?;
    for single in responses {
        let f = children(single).ok_or_else(|| malformed("SingleResponse"))?;
        if f.len() < 3 || !same_cert_id(f[0], id) {
            continue;
        }
        let this_update = time_of(f[2]).ok_or_else(|| malformed("thisUpdate"))?;
        let next_update = f
            .iter()
            .skip(3)
            .find(|e| e.first() == Some(&0xA0))
            .and_then(|e| content(e))
            .and_then(time_of);
        check_signer(now.unwrap_or(this_update))?;
        return match f[1].first() {
            Some(0x80) => Ok((None, this_update, next_update)),
            Some(0xA1) => {
                let at = content(f[1]).and_then(time_of).unwrap_or(this_update);
                Ok((Some(at), this_update, next_update))
            }
            _ => Err(crate::tr!(
                "máy chủ OCSP không biết chứng thư số này (unknown)",
                "the OCSP responder does not know this certificate (unknown)"
            )),
        };
    }
    Err(malformed("no answer for this certificate"))
}

/// Whether two CertIDs name the same certificate (the hash parameters may be absent or NULL).
fn same_cert_id(a: &[u8], b: &[u8]) -> bool {
    let (Some(x), Some(y)) = (children(a), children(b)) else {
        return false;
    };
    x.len() == 4 && y.len() == 4 && x[1..] == y[1..] && {
        let oid = |alg: &[u8]| children(alg).and_then(|c| c.first().map(|o| o.to_vec()));
        oid(x[0]) == oid(y[0])
    }
}

fn crl_status(
    cert: &Certificate,
    issuer: &Certificate,
    url: &str,
    now: Instant,
    p: Patience,
) -> Result<(Status, Vec<u8>), Why> {
    let bytes = http::fetch(url, None, p).map_err(|e| e.to_string())?;
    let der = if bytes.starts_with(b"-----BEGIN") {
        der::pem::decode_vec(&bytes)
            .map(|(_, d)| d)
            .map_err(|_| malformed("PEM"))?
    } else {
        bytes
    };
    let (crl, revoked) = read_crl(&der, cert, issuer)?;
    let secs = |t: &x509_cert::time::Time| Instant(t.to_unix_duration().as_secs() as i64);
    let stale = crl
        .tbs_cert_list
        .next_update
        .as_ref()
        .is_some_and(|n| secs(n).0 < now.0);
    if stale || secs(&crl.tbs_cert_list.this_update).0 > now.0 + CLOCK_SKEW {
        return Err(crate::tr!("CRL đã cũ", "the CRL is not current"));
    }
    let source = format!("CRL {url}");
    let status = match revoked {
        Some(at) => Status::Revoked {
            source,
            time: at.iso8601_vn(),
            at,
        },
        None => Status::Good { source },
    };
    Ok((status, der))
}

/// The CRL `der`, when `issuer` signed it, and the revocation time of `cert` when it lists it.
fn read_crl(
    der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
) -> Result<(x509_cert::crl::CertificateList, Option<Instant>), Why> {
    let crl = x509_cert::crl::CertificateList::from_der(der).map_err(|e| e.to_string())?;
    let tbs = children(der)
        .and_then(|c| c.first().map(|t| t.to_vec()))
        .ok_or_else(|| malformed("tbsCertList"))?;
    let sig = crl.signature.raw_bytes();
    let key = PublicKey::of(issuer).ok_or_else(|| malformed("issuer key"))?;
    if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject
        || key
            .verify(&crl.signature_algorithm, None, &tbs, sig)
            .is_err()
    {
        return Err(crate::tr!(
            "CRL không do CA cấp phát ký",
            "the CRL is not signed by the issuer"
        ));
    }
    let serial = &cert.tbs_certificate.serial_number;
    let revoked = crl
        .tbs_cert_list
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| &r.serial_number == serial)
        .map(|r| Instant(r.revocation_date.to_unix_duration().as_secs() as i64));
    Ok((crl, revoked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_time_forms() {
        let g = time_of(b"\x18\x0f20260105030405Z").unwrap();
        assert_eq!(time_of(b"\x17\x0d260105030405Z"), Some(g));
        assert_eq!(time_of(b"\x18\x1120260105030405.5Z"), Some(g));
        assert_eq!(time_of(b"\x04\x01Z"), None);
    }
}
