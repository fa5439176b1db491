//! Software keys: a PEM private key with its certificate chain, or a PKCS#12 file. The key is
//! matched to its certificate by public key, whatever order the files list them in.

use super::Signer;
use super::cert::{self, rsa_public_key};
use anyhow::{Context, Result, anyhow, bail};
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
            .map_err(|e| anyhow!("RSA: {e}"))?;
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
        let key = parse_private_key(&key_bytes).with_context(|| shown(key))?;
        let cert_bytes = read(certs)?;
        let certs = cert::load_certificates(&cert_bytes).with_context(|| {
            let f = shown(certs);
            crate::tr!(
                "{f}: không đọc được chứng thư số (PEM hoặc DER)",
                "{f}: cannot read the certificates (PEM or DER)"
            )
        })?;
        SoftSigner::new(key, certs)
    }

    /// A PKCS#12 (.p12/.pfx) file, modern (PBES2/AES) or legacy (3DES, RC2) encryption.
    pub fn from_p12(bytes: &[u8], password: &str) -> Result<SoftSigner> {
        use p12_keystore::error::Error as E;
        let archive =
            p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password).map_err(|e| match e {
                E::MacError(_) | E::UnpadError | E::Pkcs5Error(_) | E::InvalidPrivateKey => {
                    anyhow!(crate::tr!(
                        "sai mật khẩu tệp PKCS#12",
                        "wrong password for the PKCS#12 file"
                    ))
                }
                E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => anyhow!(crate::tr!(
                    "tệp PKCS#12 dùng thuật toán mã hóa không hỗ trợ ({e})",
                    "the PKCS#12 file uses an unsupported encryption ({e})"
                )),
                other => anyhow!(crate::tr!(
                    "không phải tệp PKCS#12 hợp lệ ({other})",
                    "not a valid PKCS#12 file ({other})"
                )),
            })?;
        let Some(bag) = archive.keys.first() else {
            bail!(crate::tr!(
                "tệp PKCS#12 không chứa khóa bí mật",
                "the PKCS#12 file holds no private key"
            ));
        };
        let key = RsaPrivateKey::from_pkcs8_der(bag.key.as_der()).map_err(|_| {
            anyhow!(crate::tr!(
                "khóa trong tệp PKCS#12 không phải khóa RSA",
                "the key in the PKCS#12 file is not an RSA key"
            ))
        })?;
        let mut certs = Vec::new();
        for c in &archive.certs {
            certs.push(Certificate::from_der(c.cert.as_der()).map_err(|e| {
                anyhow!(crate::tr!(
                    "chứng thư số trong tệp PKCS#12 hỏng ({e})",
                    "a certificate in the PKCS#12 file is malformed ({e})"
                ))
            })?);
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
        bail!(crate::tr!(
            "không có chứng thư số nào",
            "no certificate found"
        ));
    }
    let Some(i) = certs.iter().position(&is_leaf) else {
        let name = cert::display_name(&certs[0]);
        bail!(crate::tr!(
            "khóa bí mật không khớp với chứng thư số \"{name}\" (khóa công khai khác nhau)",
            "the private key does not match certificate \"{name}\" (different public keys)"
        ));
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
    let not_rsa = || {
        anyhow!(crate::tr!(
            "không đọc được khóa bí mật RSA (PKCS#8 hoặc PKCS#1, PEM hoặc DER)",
            "cannot read the RSA private key (PKCS#8 or PKCS#1, PEM or DER)"
        ))
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return RsaPrivateKey::from_pkcs8_der(bytes)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(bytes))
            .map_err(|_| not_rsa());
    };
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        bail!(crate::tr!(
            "khóa bí mật PEM được mã hóa: hãy dùng tệp PKCS#12 (--p12) hoặc khóa không mã hóa",
            "the PEM private key is encrypted: use a PKCS#12 file (--p12) or an unencrypted key"
        ));
    }
    if text.contains("-----BEGIN EC PRIVATE KEY-----") {
        bail!(crate::tr!(
            "chỉ hỗ trợ khóa RSA (đây là khóa EC)",
            "only RSA keys are supported (this is an EC key)"
        ));
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

fn shown(p: &Path) -> String {
    p.display().to_string()
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| {
        let f = path.display();
        crate::tr!("không đọc được \"{f}\"", "cannot read \"{f}\"")
    })
}

/// A password or PIN: from the environment variable `var`, else asked on the terminal. Never
/// from the command line, never echoed.
pub fn secret(var: &str, prompt: &str) -> Result<String> {
    use std::io::IsTerminal;
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        bail!(crate::tr!(
            "cần mật khẩu/mã PIN: đặt biến môi trường {var} (không có terminal để hỏi)",
            "a password/PIN is needed: set the {var} environment variable (no terminal to ask on)"
        ));
    }
    rpassword::prompt_password(prompt).map_err(|e| {
        anyhow!(crate::tr!(
            "không đọc được mật khẩu từ terminal: {e}",
            "cannot read the password from the terminal: {e}"
        ))
    })
}
