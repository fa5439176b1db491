//! X.509 helpers shared by signing and verification: names for people, validity at a moment,
//! key usage fit for signing documents and issuer signatures.

use super::algorithm::PublicKey;
use super::error::{Error, Result};
use super::time::Instant;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::name::Name;

const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
pub const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// Extended key usages compatible with signing documents: any purpose, e-mail protection
/// (S/MIME, what most Vietnamese CA profiles set), document signing (RFC 9336), Adobe
/// Authentic Documents Trust, Microsoft document signing, and client authentication (national
/// digital-signature certificates often carry only this one).
const SIGNING_EKUS: [&str; 6] = [
    "2.5.29.37.0",
    "1.3.6.1.5.5.7.3.4",
    "1.3.6.1.5.5.7.3.36",
    "1.2.840.113583.1.1.5",
    "1.3.6.1.4.1.311.10.3.12",
    "1.3.6.1.5.5.7.3.2",
];

/// The first value of attribute `oid` in a name, as text.
fn attr(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find_map(|atv| {
        if atv.oid != oid {
            return None;
        }
        let bytes = atv.value.value();
        match atv.value.tag() {
            Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
                Some(String::from_utf8_lossy(bytes).into_owned())
            }
            Tag::BmpString => {
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                Some(String::from_utf16_lossy(&units))
            }
            _ => None,
        }
    })
}

pub fn common_name(name: &Name) -> Option<String> {
    attr(name, CN)
}

pub fn organization(name: &Name) -> Option<String> {
    attr(name, O)
}

/// CN of the subject, else the whole subject.
pub fn display_name(cert: &Certificate) -> String {
    common_name(&cert.tbs_certificate.subject)
        .unwrap_or_else(|| cert.tbs_certificate.subject.to_string())
}

/// Not-before and not-after, in seconds since the epoch.
pub fn validity(cert: &Certificate) -> (Instant, Instant) {
    let v = &cert.tbs_certificate.validity;
    (
        Instant(v.not_before.to_unix_duration().as_secs() as i64),
        Instant(v.not_after.to_unix_duration().as_secs() as i64),
    )
}

/// Whether the certificate is valid at `t`, as an error naming the period when not.
pub fn check_validity(cert: &Certificate, t: Instant) -> Result<()> {
    let (from, to) = validity(cert);
    let name = display_name(cert);
    let (f, u, at) = (from.iso8601_vn(), to.iso8601_vn(), t.iso8601_vn());
    if t < from {
        return Err(Error::NotYetValid { name, at, from: f });
    }
    if t > to {
        return Err(Error::Expired { name, at, until: u });
    }
    Ok(())
}

/// The value of a certificate's extension `oid`, when it has one.
pub(crate) fn extension(cert: &Certificate, oid: ObjectIdentifier) -> Option<&[u8]> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)
        .map(|e| e.extn_value.as_bytes())
}

/// Refuses a certificate whose key usage or extended key usage excludes signing documents.
pub fn check_signing_usage(cert: &Certificate) -> Result<()> {
    let name = display_name(cert);
    if let Some(ku) = extension(cert, KEY_USAGE) {
        let ku = KeyUsage::from_der(ku).map_err(|e| Error::MalformedKeyUsage {
            name: name.clone(),
            detail: e.to_string(),
        })?;
        if !ku.0.contains(KeyUsages::DigitalSignature) && !ku.0.contains(KeyUsages::NonRepudiation)
        {
            return Err(Error::NotForSigning { name });
        }
    }
    if let Some(eku) = extension(cert, EXT_KEY_USAGE) {
        let eku = ExtendedKeyUsage::from_der(eku).map_err(|e| Error::MalformedExtKeyUsage {
            name: name.clone(),
            detail: e.to_string(),
        })?;
        let ok = eku
            .0
            .iter()
            .any(|oid| SIGNING_EKUS.contains(&oid.to_string().as_str()));
        if !ok {
            return Err(Error::NotForSigningDocuments { name });
        }
    }
    Ok(())
}

/// Whether the certificate's extended key usage lists `oid`.
pub fn has_extended_usage(cert: &Certificate, oid: &str) -> bool {
    extension(cert, EXT_KEY_USAGE)
        .and_then(|e| ExtendedKeyUsage::from_der(e).ok())
        .is_some_and(|eku| eku.0.iter().any(|o| o.to_string() == oid))
}

/// Refuses a TSA certificate without the timeStamping extended key usage (RFC 3161, 2.3).
pub fn check_timestamping_usage(cert: &Certificate) -> Result<()> {
    if has_extended_usage(cert, "1.3.6.1.5.5.7.3.8") {
        Ok(())
    } else {
        Err(Error::NotForTimestamping {
            name: display_name(cert),
        })
    }
}

/// Reads one TLV at the start of `der`: (tag, header length, content length).
pub fn tlv(der: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *der.first()?;
    let first = *der.get(1)?;
    let (hdr, len) = if first < 0x80 {
        (2, usize::from(first))
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | usize::from(*der.get(2 + i)?);
        }
        (2 + n, len)
    };
    (der.len() >= hdr.checked_add(len)?).then_some((tag, hdr, len))
}

/// The raw DER of the to-be-signed part of a certificate (its first inner element).
fn raw_tbs(cert_der: &[u8]) -> Option<&[u8]> {
    let (_, hdr, _) = tlv(cert_der)?;
    let inner = &cert_der[hdr..];
    let (_, h, l) = tlv(inner)?;
    Some(&inner[..h + l])
}

/// Whether `issuer` signed `cert`: names chain and the signature verifies.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Some(key) = PublicKey::of(issuer) else {
        return false;
    };
    let Ok(der) = cert.to_der() else {
        return false;
    };
    let Some(tbs) = raw_tbs(&der) else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    key.verify(&cert.signature_algorithm, None, tbs, sig)
        .is_ok()
}

/// Whether the certificate is its own issuer (a root).
pub fn self_signed(cert: &Certificate) -> bool {
    cert.tbs_certificate.issuer == cert.tbs_certificate.subject && issued_by(cert, cert)
}

/// Certificates from PEM text (one or more `CERTIFICATE` blocks) or a single DER certificate.
pub fn load_certificates(bytes: &[u8]) -> Result<Vec<Certificate>> {
    if bytes.starts_with(b"-----") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        let certs =
            Certificate::load_pem_chain(bytes).map_err(|e| Error::BadCertificate(e.to_string()))?;
        if certs.is_empty() {
            return Err(Error::NoCertificate);
        }
        Ok(certs)
    } else {
        Ok(vec![
            Certificate::from_der(bytes).map_err(|e| Error::BadCertificate(e.to_string()))?,
        ])
    }
}
