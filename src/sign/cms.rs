//! CMS SignedData for PAdES B-B (ETSI EN 319 142-1): detached, SHA-256, the signed attributes
//! content-type, message-digest and signing-certificate-v2, no signing-time (PAdES puts the
//! time in the signature dictionary), every certificate of the chain embedded. Also the reading
//! side for `verify`.

use super::Signer;
use super::algorithm::Scheme;
use super::cert::{SHA256, tlv};
use super::error::{Error, Result};
use super::time::Instant;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken (RFC 3161, appendix A): the unsigned attribute of PAdES B-T.
const SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// Asks a time-stamping authority for a token over a signature value: the DER of the
/// TimeStampToken (a ContentInfo), to embed as an unsigned attribute.
pub type TimestampFn<'a> = dyn Fn(&[u8]) -> Result<Vec<u8>> + 'a;

fn der_err(e: der::Error) -> Error {
    Error::Cms(e)
}

/// A DER TLV with `tag` around `content`.
pub(crate) fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = (n as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn attribute(oid: ObjectIdentifier, value_der: &[u8]) -> Result<Attribute> {
    let value = Any::from_der(value_der).map_err(der_err)?;
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(der_err)?,
    })
}

/// SigningCertificateV2 with one ESSCertIDv2 (SHA-256, the default, so no algorithm) and the
/// issuer and serial number of the signing certificate (RFC 5035).
fn signing_certificate_v2(cert: &Certificate) -> Result<Vec<u8>> {
    let der = cert.to_der().map_err(der_err)?;
    let hash = Sha256::digest(&der);
    let issuer = cert.tbs_certificate.issuer.to_der().map_err(der_err)?;
    let serial = cert
        .tbs_certificate
        .serial_number
        .to_der()
        .map_err(der_err)?;
    // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber }; directoryName is [4].
    let general_names = wrap(0x30, &wrap(0xA4, &issuer));
    let issuer_serial = wrap(0x30, &[general_names, serial].concat());
    let ess_cert_id = wrap(0x30, &[wrap(0x04, &hash), issuer_serial].concat());
    Ok(wrap(0x30, &wrap(0x30, &ess_cert_id)))
}

/// The DER of the CMS SignedData (in a ContentInfo) over a document whose SHA-256 is `digest`,
/// signed by `scheme`, with a signature timestamp from `timestamp` when given (PAdES B-T).
pub fn build(
    signer: &dyn Signer,
    digest: &[u8],
    scheme: Scheme,
    timestamp: Option<&TimestampFn<'_>>,
) -> Result<Vec<u8>> {
    let chain = signer.chain();
    let leaf = chain.first().ok_or(Error::CmsNoCertificate)?;
    let signed_attrs: SetOfVec<Attribute> = SetOfVec::try_from(vec![
        attribute(CONTENT_TYPE, &ID_DATA.to_der().map_err(der_err)?)?,
        attribute(MESSAGE_DIGEST, &wrap(0x04, digest))?,
        attribute(SIGNING_CERTIFICATE_V2, &signing_certificate_v2(leaf)?)?,
    ])
    .map_err(der_err)?;
    // What is signed is the DER of the attributes as a SET OF (tag 0x31), not the [0] of
    // the SignerInfo (RFC 5652, 5.4).
    let to_sign = signed_attrs.to_der().map_err(der_err)?;
    let signature = signer.sign(&to_sign, scheme)?;
    let unsigned_attrs = match timestamp {
        Some(ask) => {
            let token = ask(&signature)?;
            Some(SetOfVec::try_from(vec![attribute(
                SIGNATURE_TIME_STAMP_TOKEN,
                &token,
            )?])?)
        }
        None => None,
    };

    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate.issuer.clone(),
            serial_number: leaf.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: scheme.identifier()?,
        signature: OctetString::new(signature).map_err(der_err)?,
        unsigned_attrs,
    };
    let certs: Vec<CertificateChoices> = chain
        .iter()
        .map(|c| CertificateChoices::Certificate(c.clone()))
        .collect();
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(der_err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet::try_from(certs).map_err(der_err)?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![signer_info]).map_err(der_err)?,
    };
    let info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(der_err)?,
    };
    info.to_der().map_err(der_err)
}

/// What `verify` needs from a CMS signature.
pub struct Parsed {
    pub certs: Vec<Certificate>,
    /// Index in `certs` of the certificate named by the SignerInfo.
    pub signer: Option<usize>,
    pub digest_alg: ObjectIdentifier,
    pub signature_alg: AlgorithmIdentifierOwned,
    /// The encapsulated content (a timestamp token's TSTInfo), when not detached.
    pub econtent: Option<Vec<u8>>,
    pub econtent_type: ObjectIdentifier,
    /// The DER of the signature timestamp token (unsigned attribute), if any.
    pub timestamp_token: Option<Vec<u8>>,
    pub signature: Vec<u8>,
    /// The signed attributes as the DER SET OF that was signed.
    pub signed_attrs: Vec<u8>,
    pub message_digest: Option<Vec<u8>>,
    pub content_type_is_data: bool,
    /// The content-type attribute names the encapsulated content's type.
    pub content_type_matches: bool,
    pub signing_time: Option<Instant>,
    /// certHash of the first ESSCertIDv2 of signing-certificate-v2 (SHA-256 unless named).
    pub signing_certificate_hash: Option<Vec<u8>>,
}

/// The elements inside a constructed TLV.
pub(crate) fn children(der: &[u8]) -> Option<Vec<&[u8]>> {
    let (_, hdr, len) = tlv(der)?;
    let mut rest = &der[hdr..hdr + len];
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (_, h, l) = tlv(rest)?;
        out.push(&rest[..h + l]);
        rest = &rest[h + l..];
    }
    Some(out)
}

/// The ContentInfo with each certificate of its SignedData listed once.
fn without_duplicate_certs(content_info: &[u8]) -> Option<Vec<u8>> {
    let ci = children(content_info)?;
    let explicit = children(ci.get(1)?)?;
    let sd = children(explicit.first()?)?;
    let mut body = Vec::new();
    for part in sd {
        if part.first() == Some(&0xA0) {
            let mut seen: Vec<&[u8]> = Vec::new();
            for c in children(part)? {
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            body.extend(wrap(0xA0, &seen.concat()));
        } else {
            body.extend_from_slice(part);
        }
    }
    let explicit = wrap(0xA0, &wrap(0x30, &body));
    Some(wrap(0x30, &[ci.first()?, &explicit[..]].concat()))
}

/// The raw signed attributes of the first SignerInfo, re-tagged as SET OF: decoding and
/// re-encoding could reorder a signer's non-DER encoding and break the signature.
fn raw_signed_attrs(content_info: &[u8]) -> Option<Vec<u8>> {
    let ci = children(content_info)?;
    let explicit = children(ci.get(1)?)?;
    let sd = children(explicit.first()?)?;
    let signer_infos = children(sd.last()?)?;
    let si = children(signer_infos.first()?)?;
    let attrs = si.get(3).filter(|a| a.first() == Some(&0xA0))?;
    let mut out = attrs.to_vec();
    out[0] = 0x31;
    Some(out)
}

/// The length of the DER object at the start of `bytes` (the rest of `/Contents` is padding).
pub fn der_length(bytes: &[u8]) -> Option<usize> {
    tlv(bytes).map(|(_, h, l)| h + l)
}

pub fn parse(contents: &[u8]) -> Result<Parsed> {
    let bad = || Error::MalformedCms;
    let len = der_length(contents).ok_or_else(bad)?;
    let der = &contents[..len];
    let info = ContentInfo::from_der(der).map_err(der_err)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(Error::NotSignedData);
    }
    let sd: SignedData = match info.content.decode_as() {
        Ok(sd) => sd,
        // Some signers (pyHanko among them) list a certificate twice; a SET OF with a
        // duplicate is not DER, but the certificates are not signed, so drop the copies.
        Err(e) if e.kind() == der::ErrorKind::SetDuplicate => {
            let fixed = without_duplicate_certs(der).ok_or_else(bad)?;
            let info = ContentInfo::from_der(&fixed).map_err(der_err)?;
            info.content.decode_as().map_err(der_err)?
        }
        Err(e) => return Err(der_err(e)),
    };
    let certs: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let si = sd.signer_infos.0.iter().next().ok_or_else(bad)?;
    let signer = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().position(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.iter().position(|c| {
            c.tbs_certificate.extensions.iter().flatten().any(|e| {
                e.extn_id.to_string() == "2.5.29.14"
                    && e.extn_value.as_bytes().ends_with(ski.0.as_bytes())
            })
        }),
    };
    let mut parsed = Parsed {
        certs,
        signer,
        digest_alg: si.digest_alg.oid,
        signature_alg: si.signature_algorithm.clone(),
        econtent: sd
            .encap_content_info
            .econtent
            .as_ref()
            .and_then(|a| a.decode_as::<OctetString>().ok())
            .map(|o| o.as_bytes().to_vec()),
        econtent_type: sd.encap_content_info.econtent_type,
        timestamp_token: si
            .unsigned_attrs
            .iter()
            .flat_map(|a| a.iter())
            .find(|a| a.oid == SIGNATURE_TIME_STAMP_TOKEN)
            .and_then(|a| a.values.iter().next())
            .and_then(|v| v.to_der().ok()),
        signature: si.signature.as_bytes().to_vec(),
        signed_attrs: raw_signed_attrs(der).ok_or_else(bad)?,
        message_digest: None,
        content_type_is_data: false,
        content_type_matches: false,
        signing_time: None,
        signing_certificate_hash: None,
    };
    for attr in si.signed_attrs.iter().flat_map(|a| a.iter()) {
        let Some(value) = attr.values.iter().next() else {
            continue;
        };
        match attr.oid {
            o if o == MESSAGE_DIGEST => {
                parsed.message_digest = value
                    .decode_as::<OctetString>()
                    .ok()
                    .map(|o| o.as_bytes().to_vec());
            }
            o if o == CONTENT_TYPE => {
                let ct = value.decode_as::<ObjectIdentifier>().ok();
                parsed.content_type_is_data = ct == Some(ID_DATA);
                parsed.content_type_matches = ct == Some(parsed.econtent_type);
            }
            o if o == SIGNING_TIME => {
                parsed.signing_time = value
                    .to_der()
                    .ok()
                    .and_then(|d| x509_cert::time::Time::from_der(&d).ok())
                    .map(|t| Instant(t.to_unix_duration().as_secs() as i64));
            }
            o if o == SIGNING_CERTIFICATE_V2 => {
                parsed.signing_certificate_hash =
                    value.to_der().ok().and_then(|d| ess_cert_hash(&d));
            }
            _ => {}
        }
    }
    Ok(parsed)
}

/// certHash of the first ESSCertIDv2 in a SigningCertificateV2, when its hash is SHA-256.
fn ess_cert_hash(value: &[u8]) -> Option<Vec<u8>> {
    let certs = children(value)?;
    let ids = children(certs.first()?)?;
    let id = children(ids.first()?)?;
    let (alg_is_sha256, hash) = match id.first()?.first()? {
        0x30 => {
            let alg = children(id.first()?)?;
            let oid = ObjectIdentifier::from_der(alg.first()?).ok()?;
            (oid == SHA256, id.get(1)?)
        }
        _ => (true, id.first()?),
    };
    let (tag, h, l) = tlv(hash)?;
    (alg_is_sha256 && tag == 0x04).then(|| hash[h..h + l].to_vec())
}
