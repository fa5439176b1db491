//! The check of the signing certificate before anything is signed (Thông tư 15/2025/TT-BKHCN):
//! valid now, fit for signing, chained to a trusted root, and not revoked (OCSP, else CRL).
//! A refusal is an [`Error`]; what could not be checked is a [`Warning`] shown with the result.

use super::error::{Error, Result};
use super::http::Patience;
use super::time::Instant;
use super::{Signer, cert, revocation, verify};
use x509_cert::Certificate;

/// What to check, and against what.
#[derive(Clone, Debug, Default)]
pub struct CertCheck {
    /// The trusted roots (`--trust`); none = the chain is not checked against a root.
    pub trust: Vec<Certificate>,
    /// Skip revocation (`--offline`): said as a warning.
    pub offline: bool,
    pub patience: Patience,
}

/// Something the check could not do; the signature is made all the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// `--offline`: revocation was not checked.
    Offline,
    /// No `--trust`: the chain was not checked against a trusted root.
    NoTrustAnchor,
    /// The certificate names no OCSP responder and no CRL.
    NoRevocationSource { name: String },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Warning::Offline => crate::tr!(
                "không kiểm tra tình trạng thu hồi của chứng thư số (--offline)",
                "the certificate's revocation status was not checked (--offline)"
            ),
            Warning::NoTrustAnchor => crate::tr!(
                "chưa đối chiếu chuỗi chứng thư với chứng thư gốc tin cậy (thêm --trust GỐC.pem)",
                "the certificate chain was not checked against a trusted root (add --trust ROOT.pem)"
            ),
            Warning::NoRevocationSource { name } => crate::tr!(
                "chứng thư số \"{name}\" không có địa chỉ OCSP hay CRL: không kiểm tra được tình trạng thu hồi",
                "certificate \"{name}\" names no OCSP responder or CRL: its revocation status cannot be checked"
            ),
        })
    }
}

/// Checks the signer's certificate at `time` (validity, usage) and now (chain, revocation).
pub fn check(signer: &dyn Signer, time: Instant, check: &CertCheck) -> Result<Vec<Warning>> {
    let (chain, mut warnings) = check_local(signer, time, check)?;
    warnings.extend(check_revocation(&chain, check)?.0);
    Ok(warnings)
}

/// What needs no network: validity at `time`, usage, the chain to a trusted root. Returns the
/// chain (leaf first) for [`check_revocation`].
pub fn check_local(
    signer: &dyn Signer,
    time: Instant,
    check: &CertCheck,
) -> Result<(Vec<Certificate>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let leaf = signer.chain().first().ok_or(Error::NoSigningCertificate)?;
    cert::check_validity(leaf, time)?;
    cert::check_signing_usage(leaf)?;
    let (chain, trusted) = verify::build_chain(leaf, signer.chain(), &check.trust);
    if check.trust.is_empty() {
        warnings.push(Warning::NoTrustAnchor);
    } else if !trusted {
        return Err(Error::Untrusted {
            name: cert::display_name(leaf),
        });
    }
    for c in &chain[1..] {
        cert::check_validity(c, time)?;
    }
    Ok((chain, warnings))
}

/// The revocation of each certificate of `chain` but the root, now (OCSP, else CRL), and the
/// answers read (for `--ltv`); nothing asked with `--offline`, which is said as a warning.
pub fn check_revocation(
    chain: &[Certificate],
    check: &CertCheck,
) -> Result<(Vec<Warning>, Vec<revocation::Answered>)> {
    let mut warnings = Vec::new();
    if check.offline {
        warnings.push(Warning::Offline);
        return Ok((warnings, Vec::new()));
    }
    let answers = revocation::check_chain_with_evidence(chain, Instant::now(), check.patience);
    for (i, (c, (_, status, _))) in chain.iter().zip(&answers).enumerate() {
        let subject = cert::display_name(c);
        match status.clone() {
            revocation::Status::Good { .. } => {}
            revocation::Status::Revoked { source, time, .. } => {
                return Err(Error::Revoked {
                    name: subject,
                    time,
                    source,
                });
            }
            revocation::Status::Failed { reason } => {
                return Err(Error::RevocationUnknown {
                    name: subject,
                    reason,
                });
            }
            revocation::Status::NoSource if i == 0 => {
                warnings.push(Warning::NoRevocationSource { name: subject });
            }
            revocation::Status::NoSource => {}
        }
    }
    Ok((warnings, answers))
}
