//! Software keys: a PEM private key (RSA, or EC on P-256/P-384) with its certificate chain, or
//! a PKCS#12 file. The key is matched to its certificate by public key, whatever order the
//! files list them in; a certificate listed twice is kept once.

use super::Signer;
use super::algorithm::{PublicKey, Scheme};
use super::cert;
use super::error::{Error, Result};
use der::Decode;
use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use std::path::Path;
use x509_cert::Certificate;

/// A private key held in memory.
pub(crate) enum SoftKey {
    Rsa(Box<RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl SoftKey {
    fn public(&self) -> PublicKey {
        match self {
            SoftKey::Rsa(k) => PublicKey::Rsa(k.to_public_key()),
            SoftKey::P256(k) => PublicKey::P256(*k.verifying_key()),
            SoftKey::P384(k) => PublicKey::P384(*k.verifying_key()),
        }
    }

    /// A PKCS#8 private key (DER) of any supported kind.
    fn from_pkcs8_der(der: &[u8]) -> Option<SoftKey> {
        if let Ok(k) = RsaPrivateKey::from_pkcs8_der(der) {
            return Some(SoftKey::Rsa(Box::new(k)));
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
            return Some(SoftKey::P256(k.into()));
        }
        p384::SecretKey::from_pkcs8_der(der)
            .ok()
            .map(|k| SoftKey::P384(k.into()))
    }

    /// A SEC1 `EC PRIVATE KEY` (DER).
    fn from_sec1_der(der: &[u8]) -> Option<SoftKey> {
        if let Ok(k) = p256::SecretKey::from_sec1_der(der) {
            return Some(SoftKey::P256(k.into()));
        }
        p384::SecretKey::from_sec1_der(der)
            .ok()
            .map(|k| SoftKey::P384(k.into()))
    }
}

/// A software key and its certificate chain.
pub struct SoftSigner {
    key: SoftKey,
    chain: Vec<Certificate>,
}

impl Signer for SoftSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>> {
        let digest = Sha256::digest(data);
        let mut rng = rsa::rand_core::OsRng;
        let rsa_err = |e: rsa::Error| Error::Rsa(e.to_string());
        match (&self.key, scheme) {
            // Blinded: the timing of the private operation leaks nothing.
            (SoftKey::Rsa(k), Scheme::RsaPss) => k
                .sign_with_rng(
                    &mut rng,
                    rsa::Pss::new_blinded_with_salt::<Sha256>(super::algorithm::PSS_SALT_LEN),
                    &digest,
                )
                .map_err(rsa_err),
            (SoftKey::Rsa(k), Scheme::RsaPkcs1v15) => k
                .sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<Sha256>(), &digest)
                .map_err(rsa_err),
            (SoftKey::P256(k), Scheme::EcdsaP256) => {
                use p256::ecdsa::signature::hazmat::PrehashSigner;
                let sig: p256::ecdsa::Signature = k
                    .sign_prehash(&digest)
                    .map_err(|e| Error::Ecdsa(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            (SoftKey::P384(k), Scheme::EcdsaP384) => {
                use p384::ecdsa::signature::hazmat::PrehashSigner;
                let sig: p384::ecdsa::Signature = k
                    .sign_prehash(&digest)
                    .map_err(|e| Error::Ecdsa(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            (_, scheme) => Err(Error::KeyAlgorithmMismatch(scheme.name().to_string())),
        }
    }
}

impl SoftSigner {
    /// A key and the certificates that go with it: the one whose public key matches becomes the
    /// leaf, the others follow in issuer order.
    pub(crate) fn new(key: SoftKey, certs: Vec<Certificate>) -> Result<SoftSigner> {
        let public = key.public();
        let chain = order_chain(certs, |c| PublicKey::of(c).as_ref() == Some(&public))?;
        Ok(SoftSigner { key, chain })
    }

    pub fn from_pem_files(key: &Path, certs: &Path) -> Result<SoftSigner> {
        let key_bytes = read(key)?;
        let key = parse_private_key(&key_bytes).map_err(|e| e.in_file(key))?;
        let cert_bytes = read(certs)?;
        let certs = cert::load_certificates(&cert_bytes).map_err(|e| Error::Certificates {
            path: certs.to_path_buf(),
            error: Box::new(e),
        })?;
        SoftSigner::new(key, certs)
    }

    /// A PKCS#12 (.p12/.pfx) file, modern (PBES2/AES) or legacy (3DES, RC2) encryption.
    pub fn from_p12(bytes: &[u8], password: &str) -> Result<SoftSigner> {
        use p12_keystore::error::Error as E;
        let archive =
            p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password).map_err(|e| match e {
                E::MacError(_) | E::UnpadError | E::Pkcs5Error(_) | E::InvalidPrivateKey => {
                    Error::WrongP12Password
                }
                E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => {
                    Error::UnsupportedP12Encryption(e.to_string())
                }
                other => Error::NotP12(other.to_string()),
            })?;
        let Some(bag) = archive.keys.first() else {
            return Err(Error::P12NoKey);
        };
        let key = SoftKey::from_pkcs8_der(bag.key.as_der()).ok_or(Error::P12KeyUnsupported)?;
        let mut certs = Vec::new();
        for c in &archive.certs {
            certs.push(
                Certificate::from_der(c.cert.as_der())
                    .map_err(|e| Error::P12BadCertificate(e.to_string()))?,
            );
        }
        SoftSigner::new(key, certs)
    }
}

/// Puts the certificate `is_leaf` picks first, then its issuers in order, then the rest.
pub fn order_chain(
    certs: Vec<Certificate>,
    is_leaf: impl Fn(&Certificate) -> bool,
) -> Result<Vec<Certificate>> {
    if certs.is_empty() {
        return Err(Error::NoCertificate);
    }
    // `openssl pkcs12 -export -in signer.pem -certfile chain.pem` stores the signer twice when
    // chain.pem starts with it; a CMS certificate set may not hold duplicates.
    let mut certs = certs;
    let mut seen = std::collections::HashSet::new();
    certs.retain(|c| der::Encode::to_der(c).map_or(true, |d| seen.insert(d)));
    let Some(i) = certs.iter().position(&is_leaf) else {
        let name = cert::display_name(&certs[0]);
        return Err(Error::KeyDoesNotMatch { name });
    };
    let mut rest = certs;
    let mut chain = vec![rest.remove(i)];
    while let Some(last) = chain.last() {
        if cert::self_signed(last) {
            break;
        }
        match rest.iter().position(|c| cert::issued_by(last, c)) {
            Some(j) => chain.push(rest.remove(j)),
            None => break,
        }
    }
    chain.extend(rest);
    Ok(chain)
}

fn parse_private_key(bytes: &[u8]) -> Result<SoftKey> {
    let unreadable = || Error::UnreadableKey;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return SoftKey::from_pkcs8_der(bytes)
            .or_else(|| {
                RsaPrivateKey::from_pkcs1_der(bytes)
                    .ok()
                    .map(|k| SoftKey::Rsa(Box::new(k)))
            })
            .or_else(|| SoftKey::from_sec1_der(bytes))
            .ok_or_else(unreadable);
    };
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        return Err(Error::EncryptedPemKey);
    }
    let der_of = |label: &str| {
        pem_block(text, label)
            .and_then(|b| der::pem::decode_vec(b.as_bytes()).ok())
            .map(|(_, der)| der)
    };
    if let Some(der) = der_of("RSA PRIVATE KEY") {
        return RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| SoftKey::Rsa(Box::new(k)))
            .map_err(|_| unreadable());
    }
    if let Some(der) = der_of("EC PRIVATE KEY") {
        return SoftKey::from_sec1_der(&der).ok_or(Error::UnsupportedCurve);
    }
    if let Some(der) = der_of("PRIVATE KEY") {
        return SoftKey::from_pkcs8_der(&der).ok_or_else(unreadable);
    }
    Err(unreadable())
}

/// The PEM block with `label`, cut out of a file that may hold other text around it.
fn pem_block<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)?;
    let stop = text[start..].find(&end)? + start + end.len();
    Some(&text[start..stop])
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|error| Error::Read {
        path: path.to_path_buf(),
        error,
    })
}
