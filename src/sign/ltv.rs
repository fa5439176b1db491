//! Long-term validation (PAdES B-LT and B-LTA): for every signature and document timestamp of
//! a PDF, the certificate chains (the signer's and its timestamp authority's) with an OCSP
//! response or a CRL for each certificate but the root, written into the DSS ([`dss`]) as an
//! incremental update; then, when a TSA is given, a document timestamp over it ([`docts`]).
//! A verifier needs nothing online afterwards, and the signatures still verify once the
//! certificates have expired or their responders are gone.
//!
//! [`dss`]: super::dss
//! [`docts`]: super::docts

use super::dss::{self, Dss};
use super::error::Error;
use super::http::Patience;
use super::revocation::{self, Evidence, Status};
use super::time::Instant;
use super::tsp::{self, Tsa};
use super::{cert, cms, pdf, verify};
use der::{Decode, Encode};
use lopdf::Object;
use std::collections::HashMap;
use x509_cert::Certificate;

/// What LTV needs.
#[derive(Clone, Debug, Default)]
pub struct LtvOptions {
    /// Trusted roots: they complete the chains (and are stored with them).
    pub roots: Vec<Certificate>,
    pub patience: Patience,
    /// The TSA of the document timestamp (B-LTA); None: B-LT only.
    pub tsa: Option<Tsa>,
    /// Answers already read (by the check before signing): not asked again.
    pub known: Vec<revocation::Answered>,
}

/// Why the validation data could not be added; nothing is written then.
#[derive(Debug)]
pub enum LtvError {
    /// Reading the PDF, writing the update, or the document timestamp.
    Sign(Error),
    /// The file has no signature to keep valid.
    NoSignature,
    /// A certificate names an OCSP responder or a CRL, and none answered.
    Unavailable { name: String, reason: String },
}

impl std::fmt::Display for LtvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            LtvError::Sign(e) => e.to_string(),
            LtvError::NoSignature => crate::tr!(
                "tệp chưa có chữ ký số nào để bổ sung dữ liệu kiểm tra dài hạn",
                "the file has no signature to add long-term validation data for"
            ),
            LtvError::Unavailable { name, reason } => crate::tr!(
                "không lấy được tình trạng thu hồi của chứng thư số \"{name}\" ({reason}); chưa ghi tệp nào",
                "cannot get the revocation status of certificate \"{name}\" ({reason}); nothing was written"
            ),
        })
    }
}

// The display of `Sign` is its error's: no source, so it is not said twice.
impl std::error::Error for LtvError {}

impl From<Error> for LtvError {
    fn from(e: Error) -> LtvError {
        LtvError::Sign(e)
    }
}

/// The result: the new file, and what it says.
#[derive(Debug)]
pub struct Added {
    pub bytes: Vec<u8>,
    /// Signatures and document timestamps the DSS now covers.
    pub covered: usize,
    /// Certificates found revoked: (name, time, source). The DSS keeps the proof.
    pub revoked: Vec<(String, String, String)>,
    /// A document timestamp was added after the DSS.
    pub timestamped: bool,
}

/// One signature (or document timestamp) of the file: its `/Contents` and the chains that
/// validating it walks (the signer's, then its timestamp authority's).
struct Signed {
    contents: Vec<u8>,
    chains: Vec<Vec<Certificate>>,
}

/// The signatures and document timestamps of `doc`, with the chains of each.
fn signed_in(doc: &lopdf::Document, extra: &[Certificate], roots: &[Certificate]) -> Vec<Signed> {
    let mut out = Vec::new();
    for f in pdf::signature_fields(doc) {
        let Some(d) = f
            .value
            .and_then(|v| doc.get_object(v).and_then(Object::as_dict).ok())
        else {
            continue;
        };
        let Ok(contents) = d.get(b"Contents").and_then(Object::as_str) else {
            continue;
        };
        let Ok(parsed) = cms::parse(contents) else {
            continue;
        };
        let mut chains = Vec::new();
        if let Some(signer) = parsed.signer.and_then(|i| parsed.certs.get(i)) {
            let pool = [parsed.certs.as_slice(), extra].concat();
            chains.push(verify::build_chain(signer, &pool, roots).0);
        }
        if let Some(token) = parsed.timestamp_token.as_deref()
            && let Ok(t) = tsp::check(token, &parsed.signature, None)
        {
            let pool = [t.certs.as_slice(), extra].concat();
            chains.push(verify::build_chain(&t.certs[t.signer], &pool, roots).0);
        }
        out.push(Signed {
            contents: contents.to_vec(),
            chains,
        });
    }
    out
}

/// Revocation answers, each certificate asked once.
struct Asked {
    now: Instant,
    patience: Patience,
    answers: HashMap<Vec<u8>, (Status, Option<Evidence>)>,
}

impl Asked {
    fn of(&mut self, c: &Certificate, issuer: &Certificate) -> (Status, Option<Evidence>) {
        let key = c.to_der().unwrap_or_default();
        self.answers
            .entry(key)
            .or_insert_with(|| revocation::check_with_evidence(c, issuer, self.now, self.patience))
            .clone()
    }
}

/// `input` with the validation data of every signature in a DSS (B-LT), then a document
/// timestamp when `opts.tsa` is set (B-LTA).
pub fn extend(input: &[u8], opts: &LtvOptions) -> Result<Added, LtvError> {
    let doc = pdf::load(input)?;
    let mut store = Dss::read(&doc);
    let extra: Vec<Certificate> = store
        .certs()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let signed = signed_in(&doc, &extra, &opts.roots);
    if signed.is_empty() {
        return Err(LtvError::NoSignature);
    }
    let mut asked = Asked {
        now: Instant::now(),
        patience: opts.patience,
        answers: opts
            .known
            .iter()
            .map(|(der, status, evidence)| (der.clone(), (status.clone(), evidence.clone())))
            .collect(),
    };
    let mut revoked = Vec::new();
    for s in &signed {
        let key = dss::vri_key(&s.contents);
        for chain in &s.chains {
            add_chain(&mut store, &key, chain, &mut asked, &mut revoked)?;
        }
    }
    revoked.dedup();
    let with_dss = dss::append(input, &doc, &store)?;
    let bytes = match &opts.tsa {
        Some(tsa) => super::docts::add(&with_dss, tsa)?,
        None => with_dss,
    };
    Ok(Added {
        bytes,
        covered: signed.len(),
        revoked,
        timestamped: opts.tsa.is_some(),
    })
}

/// The certificates of `chain` and the revocation data of each but the root, for the
/// signature `key`.
fn add_chain(
    store: &mut Dss,
    key: &str,
    chain: &[Certificate],
    asked: &mut Asked,
    revoked: &mut Vec<(String, String, String)>,
) -> Result<(), LtvError> {
    for c in chain {
        if let Ok(der) = c.to_der() {
            store.add_cert(key, &der);
        }
    }
    for pair in chain.windows(2) {
        let name = cert::display_name(&pair[0]);
        let (status, evidence) = asked.of(&pair[0], &pair[1]);
        match status {
            Status::Failed { reason } => return Err(LtvError::Unavailable { name, reason }),
            Status::Revoked { time, source, .. } => revoked.push((name, time, source)),
            Status::Good { .. } | Status::NoSource => {}
        }
        match evidence {
            Some(Evidence::Ocsp(der)) => store.add_ocsp(key, &der),
            Some(Evidence::Crl(der)) => store.add_crl(key, &der),
            None => {}
        }
    }
    Ok(())
}
