//! RFC 3161 timestamps (PAdES B-T): the request for a token over a signature value, the
//! answer of the time-stamping authority (TSA), and the check of a token — the TSA's CMS
//! signature over the TSTInfo, the message imprint and the nonce.

use super::algorithm::PublicKey;
use super::cert::{self, SHA256, tlv};
use super::cms::{self, children, wrap};
use super::error::{Error, Result};
use super::http::{self, Patience};
use super::time::{Instant, days_from_civil};
use der::Encode;
use der::asn1::ObjectIdentifier;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// id-ct-TSTInfo.
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// A time-stamping authority.
#[derive(Clone, Debug)]
pub struct Tsa {
    /// `http://…` (as `--tsa` or `signing.tsa` in qms.yaml give it).
    pub url: String,
    pub patience: Patience,
}

/// What a checked token says.
#[derive(Clone, Debug)]
pub struct Token {
    /// genTime, to the second.
    pub time: Instant,
    /// The TSA's certificate and the others in the token.
    pub certs: Vec<Certificate>,
    /// Index in `certs` of the TSA's signing certificate.
    pub signer: usize,
}

/// A random positive nonce of 8 bytes.
fn nonce() -> Vec<u8> {
    use rsa::rand_core::RngCore;
    let mut n = [0u8; 8];
    rsa::rand_core::OsRng.fill_bytes(&mut n);
    n[0] = (n[0] & 0x7f) | 0x01;
    n.to_vec()
}

/// The DER of a TimeStampReq for the SHA-256 `digest`, with `nonce` and certReq.
fn request(digest: &[u8], nonce: &[u8]) -> Result<Vec<u8>> {
    let alg = wrap(0x30, &[SHA256.to_der()?, vec![0x05, 0x00]].concat());
    let imprint = wrap(0x30, &[alg, wrap(0x04, digest)].concat());
    let body = [
        vec![0x02, 0x01, 0x01],
        imprint,
        wrap(0x02, nonce),
        vec![0x01, 0x01, 0xff],
    ]
    .concat();
    Ok(wrap(0x30, &body))
}

/// A timestamp token over `signature` from `tsa`: asked, then checked.
pub fn timestamp(tsa: &Tsa, signature: &[u8]) -> Result<Vec<u8>> {
    timestamp_digest(tsa, &Sha256::digest(signature))
}

/// A timestamp token over the SHA-256 `digest` (of a document's signed ranges, for a document
/// timestamp) from `tsa`: asked, then checked.
pub fn timestamp_digest(tsa: &Tsa, digest: &[u8]) -> Result<Vec<u8>> {
    let nonce = nonce();
    let req = request(digest, &nonce)?;
    let answer = http::fetch(
        &tsa.url,
        Some(("application/timestamp-query", &req)),
        tsa.patience,
    )
    .map_err(|e| Error::Tsa {
        url: tsa.url.clone(),
        detail: e.to_string(),
    })?;
    let token = token_of_response(&answer).map_err(|detail| Error::Tsa {
        url: tsa.url.clone(),
        detail,
    })?;
    let sha256 = |alg: ObjectIdentifier| (alg == SHA256).then(|| digest.to_vec());
    check_imprint(&token, sha256, Some(&nonce)).map_err(|e| Error::Tsa {
        url: tsa.url.clone(),
        detail: e.to_string(),
    })?;
    Ok(token)
}

/// The TimeStampToken of a granted TimeStampResp, or why there is none.
fn token_of_response(der: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let malformed = || {
        crate::tr!(
            "câu trả lời không phải TimeStampResp",
            "the answer is not a TimeStampResp"
        )
        .to_string()
    };
    let parts = children(der).ok_or_else(malformed)?;
    let status = children(parts.first().ok_or_else(malformed)?).ok_or_else(malformed)?;
    let code = status
        .first()
        .and_then(|i| integer(i))
        .ok_or_else(malformed)?;
    if code > 1 {
        let text = status
            .get(1)
            .filter(|s| s.first() == Some(&0x30))
            .and_then(|s| children(s))
            .map(|strings| {
                strings
                    .iter()
                    .filter_map(|s| tlv(s).map(|(_, h, l)| String::from_utf8_lossy(&s[h..h + l])))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        return Err(crate::tr!(
            "TSA từ chối (trạng thái {code}) {text}",
            "the TSA refused (status {code}) {text}"
        )
        .trim()
        .to_string());
    }
    parts.get(1).map(|t| t.to_vec()).ok_or_else(malformed)
}

/// A small non-negative INTEGER.
fn integer(der: &[u8]) -> Option<u64> {
    let (tag, h, l) = tlv(der)?;
    if tag != 0x02 || l == 0 || l > 8 {
        return None;
    }
    Some(
        der[h..h + l]
            .iter()
            .fold(0u64, |n, &b| (n << 8) | u64::from(b)),
    )
}

/// The content bytes of a TLV.
fn content(der: &[u8]) -> Option<&[u8]> {
    let (_, h, l) = tlv(der)?;
    Some(&der[h..h + l])
}

/// `YYYYMMDDHHMMSS[.f…]Z`.
fn generalized_time(der: &[u8]) -> Option<Instant> {
    let (tag, h, l) = tlv(der)?;
    let s = std::str::from_utf8(&der[h..h + l]).ok()?;
    if tag != 0x18 || !s.ends_with('Z') || s.len() < 15 {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let (hh, mm, ss) = (n(8..10)?, n(10..12)?, n(12..14)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(Instant(
        days_from_civil(y, mo as u32, d as u32) * 86_400 + hh * 3600 + mm * 60 + ss,
    ))
}

/// Checks a timestamp token over `signature`: a SignedData of a TSTInfo, signed by its TSA
/// (message digest, signature, content type), whose imprint is the SHA-256 (or the hash it
/// names) of `signature` and whose nonce is `nonce` when one was sent.
pub fn check(token: &[u8], signature: &[u8], nonce: Option<&[u8]>) -> Result<Token> {
    check_parts(token, &[signature], nonce)
}

/// [`check`] of a token over the concatenation of `parts` (a document timestamp's byte ranges).
pub fn check_parts(token: &[u8], parts: &[&[u8]], nonce: Option<&[u8]>) -> Result<Token> {
    check_imprint(token, |alg| super::verify::digest_with(alg, parts), nonce)
}

/// [`check`] with the expected imprint given by the hash the token names.
fn check_imprint(
    token: &[u8],
    expected: impl Fn(ObjectIdentifier) -> Option<Vec<u8>>,
    nonce: Option<&[u8]>,
) -> Result<Token> {
    let bad = |what: &str| Error::BadTimestamp(what.to_string());
    let parsed = cms::parse(token)?;
    if parsed.econtent_type != ID_CT_TST_INFO || !parsed.content_type_matches {
        return Err(bad("content type"));
    }
    let tst = parsed.econtent.as_deref().ok_or_else(|| bad("TSTInfo"))?;
    let signer = parsed.signer.ok_or_else(|| bad("TSA certificate"))?;
    let tsa_cert = parsed
        .certs
        .get(signer)
        .ok_or_else(|| bad("TSA certificate"))?;
    let digest = super::verify::digest_with(parsed.digest_alg, &[tst])
        .ok_or_else(|| Error::UnsupportedAlgorithm(parsed.digest_alg.to_string()))?;
    if parsed.message_digest.as_deref() != Some(digest.as_slice()) {
        return Err(bad("message digest"));
    }
    let key = PublicKey::of(tsa_cert).ok_or(Error::UnsupportedKey)?;
    key.verify(
        &parsed.signature_alg,
        Some(parsed.digest_alg),
        &parsed.signed_attrs,
        &parsed.signature,
    )?;
    let fields = children(tst).ok_or_else(|| bad("TSTInfo"))?;
    let imprint = children(fields.get(2).ok_or_else(|| bad("TSTInfo"))?)
        .ok_or_else(|| bad("messageImprint"))?;
    let hash_alg = imprint
        .first()
        .and_then(|a| children(a))
        .and_then(|a| a.first().and_then(|o| der::Decode::from_der(o).ok()))
        .ok_or_else(|| bad("messageImprint"))?;
    let expected =
        expected(hash_alg).ok_or_else(|| Error::UnsupportedAlgorithm(hash_alg.to_string()))?;
    if imprint.get(1).and_then(|h| content(h)) != Some(expected.as_slice()) {
        return Err(bad("messageImprint"));
    }
    let time = fields
        .get(4)
        .and_then(|t| generalized_time(t))
        .ok_or_else(|| bad("genTime"))?;
    if let Some(sent) = nonce {
        let got = fields[5..]
            .iter()
            .find(|f| f.first() == Some(&0x02))
            .and_then(|n| content(n));
        if got != Some(sent) {
            return Err(bad("nonce"));
        }
    }
    cert::check_timestamping_usage(tsa_cert)?;
    Ok(Token {
        time,
        certs: parsed.certs,
        signer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_generalized_times_with_fractions() {
        let t = generalized_time(b"\x18\x1320260105030405.123Z").unwrap();
        assert_eq!(t.iso8601_vn(), "2026-01-05T10:04:05+07:00");
        assert_eq!(generalized_time(b"\x18\x0f20260105030405Z"), Some(t));
        assert_eq!(generalized_time(b"\x18\x0f20261305030405Z"), None);
    }

    #[test]
    fn refusals_say_why() {
        // status 2 (rejection) with a free text.
        let resp = [
            0x30, 0x0b, 0x30, 0x09, 0x02, 0x01, 0x02, 0x30, 0x04, 0x0c, 0x02, b'n', b'o',
        ];
        let e = token_of_response(&resp).unwrap_err();
        assert!(e.contains("2") && e.contains("no"), "{e}");
    }
}
