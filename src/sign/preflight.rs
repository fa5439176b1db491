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
    /// No `--trust`, and the chain reaches no root of the bundled trust list.
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
                "chuỗi chứng thư không dẫn tới chứng thư gốc tin cậy đi kèm (Vietnam National Root CA, RootCA chuyên dùng Chính phủ); nếu dùng gốc khác, thêm --trust GỐC.pem",
                "the certificate chain reaches no bundled trusted root (Vietnam National Root CA, the Government's RootCA); for another root add --trust ROOT.pem"
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
    let (chain, trusted) = chain_to_root(leaf, signer.chain(), &check.trust);
    if check.trust.is_empty() && !trusted {
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

/// The chain from `leaf` and whether it reaches one of `trust`, else (no `--trust`) a root of
/// the bundled trust list: a certificate of a Vietnamese public or government CA is checked
/// to its national root without options.
fn chain_to_root(
    leaf: &Certificate,
    given: &[Certificate],
    trust: &[Certificate],
) -> (Vec<Certificate>, bool) {
    if !trust.is_empty() {
        return verify::build_chain(leaf, given, trust);
    }
    let bundled: Vec<Certificate> = super::trust::TrustList::bundled()
        .map(|l| l.certificates().cloned().collect())
        .unwrap_or_default();
    verify::build_chain(leaf, given, &bundled)
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

#[cfg(test)]
mod tests {
    use super::*;
    use der::DecodePem;

    fn fixture(name: &str) -> Certificate {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/trust")
            .join(name);
        Certificate::from_pem(std::fs::read(path).unwrap()).unwrap()
    }

    /// Without --trust, real CA certificates of both Vietnamese PKIs reach their bundled root;
    /// with a --trust root of another PKI they do not.
    #[test]
    fn the_bundled_roots_stand_in_for_a_missing_trust() {
        for name in ["vnpt-ca-sha2.pem", "cpcag2.pem"] {
            let ca = fixture(name);
            let (chain, trusted) = chain_to_root(&ca, std::slice::from_ref(&ca), &[]);
            assert!(trusted, "{name}");
            assert_eq!(chain.len(), 2, "{name}: the CA and its root");
        }
        let vnpt = fixture("vnpt-ca-sha2.pem");
        let other = fixture("cpcag2.pem");
        let (_, trusted) = chain_to_root(&vnpt, std::slice::from_ref(&vnpt), &[other]);
        assert!(!trusted);
    }
}
