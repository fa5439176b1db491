//! Signature algorithms (Thông tư 15/2025/TT-BKHCN): RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
//! 32-byte salt (the default for RSA keys of at least 2048 bits), RSA PKCS#1 v1.5 (only when
//! asked, for verifiers that need it), and ECDSA on P-256 and P-384. Signing always hashes with
//! SHA-256; verification reads whatever a CMS, a certificate, an OCSP response or a CRL names.

use super::cert::{SHA256, SHA384, SHA512};
use super::error::{Error, Result};
use der::asn1::ObjectIdentifier;
use der::{Any, Decode, Encode};
use rsa::RsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");

/// The salt of RSASSA-PSS signatures: the length of the SHA-256 hash.
pub(crate) const PSS_SALT_LEN: usize = 32;

/// The smallest RSA key the law accepts for signing.
pub(crate) const MIN_RSA_BITS: usize = 2048;

/// What kind of key signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa { bits: usize },
    P256,
    P384,
}

/// How a signature is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 bytes (PKCS#1 v2.1).
    RsaPss,
    /// RSA PKCS#1 v1.5 with SHA-256.
    RsaPkcs1v15,
    /// ECDSA with SHA-256 on P-256.
    EcdsaP256,
    /// ECDSA with SHA-256 on P-384.
    EcdsaP384,
}

impl Scheme {
    /// The scheme for a key: PSS for RSA unless PKCS#1 v1.5 is asked for, ECDSA for EC keys.
    pub fn for_key(kind: KeyKind, rsa_pkcs1v15: bool) -> Result<Scheme> {
        Ok(match kind {
            KeyKind::Rsa { bits } if bits < MIN_RSA_BITS => {
                return Err(Error::RsaKeyTooSmall { bits });
            }
            KeyKind::Rsa { .. } if rsa_pkcs1v15 => Scheme::RsaPkcs1v15,
            KeyKind::Rsa { .. } => Scheme::RsaPss,
            KeyKind::P256 => Scheme::EcdsaP256,
            KeyKind::P384 => Scheme::EcdsaP384,
        })
    }

    /// The signatureAlgorithm of a SignerInfo made with this scheme.
    pub(crate) fn identifier(self) -> Result<AlgorithmIdentifierOwned> {
        Ok(match self {
            Scheme::RsaPss => AlgorithmIdentifierOwned {
                oid: RSASSA_PSS,
                parameters: Some(Any::encode_from(&rsa::pkcs1::RsaPssParams::new::<Sha256>(
                    PSS_SALT_LEN as u8,
                ))?),
            },
            Scheme::RsaPkcs1v15 => AlgorithmIdentifierOwned {
                oid: SHA256_WITH_RSA,
                parameters: Some(Any::null()),
            },
            Scheme::EcdsaP256 | Scheme::EcdsaP384 => AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
        })
    }

    /// How the scheme is named in reports.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::RsaPss => "RSASSA-PSS SHA-256",
            Scheme::RsaPkcs1v15 => "RSA PKCS#1 v1.5 SHA-256",
            Scheme::EcdsaP256 => "ECDSA P-256 SHA-256",
            Scheme::EcdsaP384 => "ECDSA P-384 SHA-256",
        }
    }
}

/// A public key that can check signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    Rsa(RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

/// The hash function an algorithm names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn of_oid(oid: ObjectIdentifier) -> Option<Hash> {
        match oid {
            o if o == SHA256 => Some(Hash::Sha256),
            o if o == SHA384 => Some(Hash::Sha384),
            o if o == SHA512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(message).to_vec(),
            Hash::Sha384 => Sha384::digest(message).to_vec(),
            Hash::Sha512 => Sha512::digest(message).to_vec(),
        }
    }
}

/// How a signature is checked, read from its algorithm identifier.
enum Check {
    Pkcs1v15(Hash),
    Pss { hash: Hash, salt: usize },
    Ecdsa(Hash),
}

/// The RSASSA-PSS parameters: the hash (MGF1 with the same hash) and the salt length.
fn pss_params(params: Option<&Any>) -> Result<Check> {
    let unsupported = |what: &str| Error::UnsupportedAlgorithm(format!("RSASSA-PSS ({what})"));
    let Some(params) = params else {
        return Err(unsupported("SHA-1"));
    };
    let der = params.to_der()?;
    let p = rsa::pkcs1::RsaPssParams::from_der(&der).map_err(|e| unsupported(&e.to_string()))?;
    let hash = match p.hash.oid {
        o if o == SHA1 => return Err(unsupported("SHA-1")),
        o => Hash::of_oid(o).ok_or_else(|| unsupported(&o.to_string()))?,
    };
    let mgf_hash = p.mask_gen.parameters.map(|h| h.oid);
    if mgf_hash.and_then(Hash::of_oid) != Some(hash) {
        return Err(unsupported("MGF1"));
    }
    Ok(Check::Pss {
        hash,
        salt: usize::from(p.salt_len),
    })
}

impl Check {
    /// `alg` names the signature; `digest` is the digest algorithm next to it (a CMS
    /// SignerInfo may name only `rsaEncryption` or `id-ecPublicKey` and the digest apart).
    fn of(alg: &AlgorithmIdentifierOwned, digest: Option<ObjectIdentifier>) -> Result<Check> {
        let digest_hash = || {
            digest
                .and_then(Hash::of_oid)
                .ok_or_else(|| Error::UnsupportedAlgorithm(alg.oid.to_string()))
        };
        Ok(match alg.oid {
            o if o == RSA_ENCRYPTION => Check::Pkcs1v15(digest_hash()?),
            o if o == SHA256_WITH_RSA => Check::Pkcs1v15(Hash::Sha256),
            o if o == SHA384_WITH_RSA => Check::Pkcs1v15(Hash::Sha384),
            o if o == SHA512_WITH_RSA => Check::Pkcs1v15(Hash::Sha512),
            o if o == RSASSA_PSS => pss_params(alg.parameters.as_ref())?,
            o if o == EC_PUBLIC_KEY => Check::Ecdsa(digest_hash()?),
            o if o == ECDSA_WITH_SHA256 => Check::Ecdsa(Hash::Sha256),
            o if o == ECDSA_WITH_SHA384 => Check::Ecdsa(Hash::Sha384),
            o if o == ECDSA_WITH_SHA512 => Check::Ecdsa(Hash::Sha512),
            other => return Err(Error::UnsupportedAlgorithm(other.to_string())),
        })
    }
}

impl PublicKey {
    /// The public key of a certificate, when it is RSA, P-256 or P-384.
    pub fn of(cert: &Certificate) -> Option<PublicKey> {
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
        PublicKey::from_spki_der(&spki)
    }

    pub fn from_spki_der(spki: &[u8]) -> Option<PublicKey> {
        if let Ok(k) = RsaPublicKey::from_public_key_der(spki) {
            return Some(PublicKey::Rsa(k));
        }
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(spki) {
            return Some(PublicKey::P256(k));
        }
        p384::ecdsa::VerifyingKey::from_public_key_der(spki)
            .ok()
            .map(PublicKey::P384)
    }

    pub fn kind(&self) -> KeyKind {
        use rsa::traits::PublicKeyParts;
        match self {
            PublicKey::Rsa(k) => KeyKind::Rsa { bits: k.n().bits() },
            PublicKey::P256(_) => KeyKind::P256,
            PublicKey::P384(_) => KeyKind::P384,
        }
    }

    /// Checks `sig` over `message` by the algorithm `alg` (with `digest` when `alg` names
    /// only the key type).
    pub fn verify(
        &self,
        alg: &AlgorithmIdentifierOwned,
        digest: Option<ObjectIdentifier>,
        message: &[u8],
        sig: &[u8],
    ) -> Result<()> {
        let check = Check::of(alg, digest)?;
        let bad = |scheme: &'static str| Error::BadSignature { scheme };
        match (self, check) {
            (PublicKey::Rsa(key), Check::Pkcs1v15(hash)) => {
                let scheme = match hash {
                    Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                    Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                    Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                };
                key.verify(scheme, &hash.digest(message), sig)
                    .map_err(|_| bad("RSA PKCS#1 v1.5"))
            }
            (PublicKey::Rsa(key), Check::Pss { hash, salt }) => {
                let scheme = match hash {
                    Hash::Sha256 => rsa::Pss::new_with_salt::<Sha256>(salt),
                    Hash::Sha384 => rsa::Pss::new_with_salt::<Sha384>(salt),
                    Hash::Sha512 => rsa::Pss::new_with_salt::<Sha512>(salt),
                };
                key.verify(scheme, &hash.digest(message), sig)
                    .map_err(|_| bad("RSASSA-PSS"))
            }
            (PublicKey::P256(key), Check::Ecdsa(hash)) => {
                use p256::ecdsa::signature::hazmat::PrehashVerifier;
                let sig = p256::ecdsa::Signature::from_der(sig).map_err(|_| bad("ECDSA"))?;
                key.verify_prehash(&hash.digest(message), &sig)
                    .map_err(|_| bad("ECDSA"))
            }
            (PublicKey::P384(key), Check::Ecdsa(hash)) => {
                use p384::ecdsa::signature::hazmat::PrehashVerifier;
                let sig = p384::ecdsa::Signature::from_der(sig).map_err(|_| bad("ECDSA"))?;
                key.verify_prehash(&hash.digest(message), &sig)
                    .map_err(|_| bad("ECDSA"))
            }
            _ => Err(Error::KeyAlgorithmMismatch(alg.oid.to_string())),
        }
    }
}
