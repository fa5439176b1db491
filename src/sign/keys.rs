//! Software keys: a PEM private key with its certificate chain, or a PKCS#12 file. The key is
//! matched to its certificate by public key, whatever order the files list them in.

use super::Signer;
use super::cert::{self, rsa_public_key};
use super::error::{Error, Result};
use der::Decode;
use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use std::path::Path;
use x509_cert::Certificate;

/// An RSA key held in memory.
pub struct SoftSigner {
    key: rsa::pkcs1v15::SigningKey<sha2::Sha256>,
    chain: Vec<Certificate>,
}

impl Signer for SoftSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        use rsa::signature::{RandomizedSigner, SignatureEncoding};
        // Randomized: RSA blinding, so the timing of the private operation leaks nothing.
        let sig = self
            .key
            .try_sign_with_rng(&mut rsa::rand_core::OsRng, data)
            .map_err(|e| Error::Rsa(e.to_string()))?;
        Ok(sig.to_vec())
    }
}

impl SoftSigner {
    /// A key and the certificates that go with it: the one whose public key matches becomes the
    /// leaf, the others follow in issuer order.
    pub fn new(key: RsaPrivateKey, certs: Vec<Certificate>) -> Result<SoftSigner> {
        let public = key.to_public_key();
        let chain = order_chain(certs, |c| rsa_public_key(c).as_ref() == Some(&public))?;
        Ok(SoftSigner {
            key: rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key),
            chain,
        })
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
        let key =
            RsaPrivateKey::from_pkcs8_der(bag.key.as_der()).map_err(|_| Error::P12KeyNotRsa)?;
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

fn parse_private_key(bytes: &[u8]) -> Result<RsaPrivateKey> {
    let not_rsa = || Error::UnreadableKey;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return RsaPrivateKey::from_pkcs8_der(bytes)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(bytes))
            .map_err(|_| not_rsa());
    };
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        return Err(Error::EncryptedPemKey);
    }
    if text.contains("-----BEGIN EC PRIVATE KEY-----") {
        return Err(Error::EcKey);
    }
    if let Some(block) = pem_block(text, "RSA PRIVATE KEY") {
        return RsaPrivateKey::from_pkcs1_pem(block).map_err(|_| not_rsa());
    }
    if let Some(block) = pem_block(text, "PRIVATE KEY") {
        return RsaPrivateKey::from_pkcs8_pem(block).map_err(|_| not_rsa());
    }
    Err(not_rsa())
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
