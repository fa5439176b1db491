//! PAdES signing and verification of PDF files (`qmsdoc sign`, `qmsdoc verify`).
//!
//! - [`sign_pdf`]: adds a PAdES B-B signature (ETSI.CAdES.detached) to a PDF as an incremental
//!   update, filling the first empty signature field or adding a visible one;
//! - [`KeySource`]: where the key is (PEM files, PKCS#12, a PKCS#11 token), loaded into a
//!   [`Signer`];
//! - [`verify::verify_pdf`]: checks every signature of a PDF.
//!
//! - [`ltv::extend`]: adds the validation data of every signature (a DSS, PAdES B-LT) and a
//!   document timestamp (B-LTA).
//!
//! Layout: `pdf` writes the incremental update, `cms` the CMS SignedData, `appearance` the
//! visible signature block, `keys`/`pkcs11` the key sources, `cert` X.509 checks, `time` the
//! signing time, `dss` the Document Security Store, `docts` document timestamps, `error` what
//! can go wrong.
//!
//! Passwords and PINs are not asked here: whoever loads a key passes a [`SecretFn`] (the
//! command line asks the environment, then the terminal).

pub mod algorithm;
pub mod appearance;
pub mod cert;
pub mod cms;
pub mod command;
pub mod csc;
pub mod docts;
pub mod dss;
pub mod error;
pub mod http;
pub mod keys;
pub mod ltv;
pub mod pdf;
pub mod pkcs11;
pub mod preflight;
pub mod revocation;
pub mod role;
pub mod time;
pub mod trust;
pub mod tsp;
pub mod verify;

pub use algorithm::{KeyKind, Scheme};
pub use error::Error;
use error::Result;
use std::path::{Path, PathBuf};
pub use time::Instant;
use x509_cert::Certificate;

/// A private key with its certificate chain.
pub trait Signer {
    /// The signing certificate first, then its issuers.
    fn chain(&self) -> &[Certificate];
    /// The signature of `data` (the DER of the signed attributes) by `scheme`, hashing with
    /// SHA-256; the DER `ECDSA-Sig-Value` for ECDSA.
    fn sign(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>>;

    /// The kind of key, read from the signing certificate.
    fn key_kind(&self) -> Result<KeyKind> {
        let leaf = self.chain().first().ok_or(Error::NoSigningCertificate)?;
        algorithm::PublicKey::of(leaf)
            .map(|k| k.kind())
            .ok_or(Error::UnsupportedKey)
    }
}

/// What a key source needs from the person signing.
#[derive(Clone, Copy, Debug)]
pub enum Secret<'a> {
    /// The password of the PKCS#12 file at this path.
    P12Password(&'a Path),
    /// The PIN of the token with this label.
    Pin(&'a str),
    /// The signing PIN of this credential on a remote signing service.
    CscPin(&'a str),
    /// A one-time password for this credential on a remote signing service.
    CscOtp(&'a str),
}

/// Gives the password or PIN a key source asks for.
pub type SecretFn<'a> = dyn Fn(Secret<'_>) -> Result<String> + 'a;

/// Where the signing key is.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// A PEM (or DER) private key, PKCS#8 or PKCS#1 RSA, and the certificate chain (leaf first).
    Pem { key: PathBuf, cert: PathBuf },
    /// A PKCS#12 file (.p12, .pfx); the password from `QMSDOC_P12_PASSWORD` or the terminal.
    P12 { path: PathBuf },
    /// A token through a PKCS#11 module; the PIN from `QMSDOC_PKCS11_PIN` or the terminal.
    Pkcs11 {
        module: PathBuf,
        token: String,
        key_label: Option<String>,
    },
    /// An external program signs (`--sign-command`, see [`command`]); the certificate chain
    /// (leaf first) from a PEM file.
    Command {
        command: String,
        cert: PathBuf,
        timeout: std::time::Duration,
    },
    /// A credential on a remote signing service speaking the CSC API (see [`csc`]).
    Csc(csc::CscConfig),
}

impl KeySource {
    /// A person approves each signature elsewhere (on a phone, in another program): they are
    /// asked only once the certificate has passed every check.
    pub fn asks_a_person(&self) -> bool {
        matches!(self, KeySource::Command { .. } | KeySource::Csc(_))
    }

    /// Loads the key, asking `secret` for a password or PIN only if the source needs one.
    pub fn load(&self, secret: &SecretFn<'_>) -> Result<Box<dyn Signer>> {
        match self {
            KeySource::Pem { key, cert } => {
                Ok(Box::new(keys::SoftSigner::from_pem_files(key, cert)?))
            }
            KeySource::P12 { path } => {
                let bytes = keys::read(path)?;
                let password = secret(Secret::P12Password(path))?;
                let signer =
                    keys::SoftSigner::from_p12(&bytes, &password).map_err(|e| e.in_file(path))?;
                Ok(Box::new(signer))
            }
            KeySource::Pkcs11 {
                module,
                token,
                key_label,
            } => {
                let pin = secret(Secret::Pin(token))?;
                Ok(Box::new(pkcs11::TokenSigner::open(
                    module,
                    token,
                    key_label.as_deref(),
                    &pin,
                )?))
            }
            KeySource::Command {
                command,
                cert,
                timeout,
            } => Ok(Box::new(command::CommandSigner::new(
                command, cert, *timeout,
            )?)),
            KeySource::Csc(config) => Ok(Box::new(csc::CscSigner::open(config, secret)?)),
        }
    }
}

/// How and where to sign.
#[derive(Clone, Debug, Default)]
pub struct SignOptions {
    /// The signature field to fill (or to create with this name).
    pub field: Option<String>,
    /// 1-based page of a new field; default the last page.
    pub page: Option<u32>,
    /// Rectangle of a new field in points (x1, y1, x2, y2); default bottom right of the page.
    pub rect: Option<[f32; 4]>,
    /// The name shown on the appearance instead of the certificate's CN.
    pub signer_name: Option<String>,
    /// PNG of the signer's handwritten signature (transparent background).
    pub signature_image: Option<Vec<u8>>,
    /// PNG of the agency's seal (transparent background), overlapping the signature's left third.
    pub seal_image: Option<Vec<u8>>,
    /// `/Reason` of the signature dictionary.
    pub reason: Option<String>,
    /// `/Location` of the signature dictionary.
    pub location: Option<String>,
    /// The signing time; None = [`Instant::signing_time`] (clock or `QMSDOC_SIGNING_TIME`).
    pub time: Option<Instant>,
    /// Sign RSA keys with PKCS#1 v1.5 instead of RSASSA-PSS (for verifiers that need it).
    pub rsa_pkcs1v15: bool,
    /// The time-stamping authority of a PAdES B-T signature (RFC 3161).
    pub tsa: Option<tsp::Tsa>,
    /// Whose signature this is (Decree 30/2020/NĐ-CP): the signer's (signature image, no
    /// seal) or the agency's (the seal at its real size over the signer's image, in the field
    /// `con_dau`, after a signer's signature); None signs with whatever images are given.
    pub role: Option<role::Role>,
    /// The seal's real diameter in millimetres (20–60), for the agency's signature.
    pub seal_diameter_mm: Option<f32>,
}

/// Signs `input` (a whole PDF file) and returns the signed file: `input` unchanged, followed by
/// an incremental update holding the signature.
pub fn sign_pdf(input: &[u8], signer: &dyn Signer, opts: &SignOptions) -> Result<Vec<u8>> {
    pdf::sign(input, signer, opts)
}
