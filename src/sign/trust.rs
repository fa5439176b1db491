//! Trust lists: the roots a signature may chain to, each with the PKI it belongs to and where
//! it came from. qmsdoc bundles the roots of Vietnam's two PKIs for signatures (trust/
//! vn-roots.pem: NEAC's national root of the public CAs, and the Government Cipher
//! Committee's root of the specialised PKI for official use); `--trust-list FILE` adds lists
//! in the same format, `--trust FILE` bare certificates.
//!
//! The format is a PEM bundle that openssl reads as is: before each certificate, contiguous
//! `# key: value` lines describe it. `pki` (`neac`, `gov`, or another short name) and `sha256`
//! (of the DER) are required; `name`, `source` and others are kept for the listing. The
//! fingerprint is checked when the list is read, so a certificate swapped or mangled in an
//! update is refused, not trusted.

use super::cert;
use super::verify::Report;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use x509_cert::Certificate;

/// The list bundled with qmsdoc.
const BUNDLED: &str = include_str!("../../trust/vn-roots.pem");
pub const BUNDLED_NAME: &str = "trust/vn-roots.pem";

/// One trusted certificate and what is known of it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    /// The PKI's short name (`neac`, `gov`, …).
    pub pki: String,
    pub name: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub sha256: String,
    /// Where the certificate was taken from (repository, path, commit; or a URL).
    pub source: Option<String>,
    /// Where its owner publishes it.
    pub published: Option<String>,
    /// The list it came from.
    pub list: String,
    #[serde(skip)]
    pub cert: Certificate,
}

/// What a trusted signature chains to (in the `verify` report).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Anchor {
    pub pki: String,
    /// The PKI's name in the user's language.
    pub pki_name: String,
    /// The root's name.
    pub root: String,
    pub sha256: String,
}

/// Why a trust list cannot be used.
#[derive(Debug)]
pub enum TrustError {
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The certificate at `line` of `list` is unusable, or its description is.
    Entry {
        list: String,
        line: usize,
        problem: Problem,
    },
}

#[derive(Debug)]
pub enum Problem {
    Missing(&'static str),
    BadCertificate(String),
    Fingerprint { listed: String, actual: String },
    Unterminated,
}

impl std::fmt::Display for TrustError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            TrustError::Read { path, error } => {
                let p = path.display();
                crate::tr!(
                    "không đọc được danh sách tin cậy \"{p}\": {error}",
                    "cannot read the trust list \"{p}\": {error}"
                )
            }
            TrustError::Entry {
                list,
                line,
                problem,
            } => {
                let what = match problem {
                    Problem::Missing(key) => crate::tr!(
                        "thiếu dòng \"# {key}: …\" ngay trước chứng thư",
                        "no \"# {key}: …\" line right before the certificate"
                    ),
                    Problem::BadCertificate(e) => crate::tr!(
                        "chứng thư số không đọc được: {e}",
                        "unreadable certificate: {e}"
                    ),
                    Problem::Fingerprint { listed, actual } => crate::tr!(
                        "SHA-256 ghi {listed} nhưng chứng thư có SHA-256 {actual}: không tin chứng thư này",
                        "the listed SHA-256 is {listed} but the certificate's is {actual}: it is not trusted"
                    ),
                    Problem::Unterminated => crate::tr!(
                        "thiếu dòng -----END CERTIFICATE-----",
                        "no -----END CERTIFICATE----- line"
                    ),
                };
                crate::tr!(
                    "danh sách tin cậy {list}, dòng {line}: {what}",
                    "trust list {list}, line {line}: {what}"
                )
            }
        })
    }
}

impl std::error::Error for TrustError {}

/// The trusted certificates of one or more lists.
#[derive(Clone, Debug, Default)]
pub struct TrustList {
    pub entries: Vec<Entry>,
}

impl TrustList {
    /// The list bundled with qmsdoc.
    pub fn bundled() -> Result<TrustList, TrustError> {
        TrustList::parse(BUNDLED, BUNDLED_NAME)
    }

    /// A list file.
    pub fn read(path: &Path) -> Result<TrustList, TrustError> {
        let text = std::fs::read_to_string(path).map_err(|error| TrustError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        TrustList::parse(&text, &path.display().to_string())
    }

    /// Reads a list; `name` says which in errors and listings.
    pub fn parse(text: &str, name: &str) -> Result<TrustList, TrustError> {
        let mut entries = Vec::new();
        let mut meta: Vec<(String, String)> = Vec::new();
        let mut lines = text.lines().enumerate();
        while let Some((i, line)) = lines.next() {
            let line = line.trim();
            if line == "-----BEGIN CERTIFICATE-----" {
                let mut pem = vec![line];
                for (_, l) in lines.by_ref() {
                    pem.push(l.trim());
                    if l.trim() == "-----END CERTIFICATE-----" {
                        break;
                    }
                }
                let fail = |problem| TrustError::Entry {
                    list: name.to_string(),
                    line: i + 1,
                    problem,
                };
                if pem.last() != Some(&"-----END CERTIFICATE-----") {
                    return Err(fail(Problem::Unterminated));
                }
                entries.push(entry(&pem.join("\n"), &meta, name).map_err(fail)?);
                meta.clear();
            } else if let Some((k, v)) = meta_line(line) {
                meta.push((k, v));
            } else if line.is_empty() || !line.starts_with('#') {
                meta.clear();
            }
        }
        Ok(TrustList { entries })
    }

    pub fn extend(&mut self, other: TrustList) {
        for e in other.entries {
            if !self.entries.iter().any(|x| x.sha256 == e.sha256) {
                self.entries.push(e);
            }
        }
    }

    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.entries.iter().map(|e| &e.cert)
    }

    /// The entry of a trusted root, if it is on the list.
    pub fn anchor_for(&self, root: &Certificate) -> Option<Anchor> {
        let e = self.entries.iter().find(|e| &e.cert == root)?;
        Some(Anchor {
            pki: e.pki.clone(),
            pki_name: pki_name(&e.pki),
            root: e.name.clone(),
            sha256: e.sha256.clone(),
        })
    }

    /// Says, for each trusted signature of `report`, which listed root it chains to.
    pub fn annotate(&self, report: &mut Report) {
        for s in &mut report.signatures {
            s.trust_anchor = s.anchor_cert().and_then(|c| self.anchor_for(c));
        }
    }
}

/// `# key: value`, the key a single lower-case word.
fn meta_line(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('#')?.trim_start();
    let (k, v) = rest.split_once(':')?;
    let key_like = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    key_like.then(|| (k.to_string(), v.trim().to_string()))
}

fn entry(pem: &str, meta: &[(String, String)], list: &str) -> Result<Entry, Problem> {
    let get = |k: &str| {
        meta.iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let certs = cert::load_certificates(pem.as_bytes())
        .map_err(|e| Problem::BadCertificate(e.to_string()))?;
    let c = certs
        .into_iter()
        .next()
        .ok_or(Problem::BadCertificate(String::new()))?;
    let der = der::Encode::to_der(&c).map_err(|e| Problem::BadCertificate(e.to_string()))?;
    let actual = hex::encode(Sha256::digest(&der));
    let listed = get("sha256").ok_or(Problem::Missing("sha256"))?;
    let listed_norm = listed.replace(':', "").to_ascii_lowercase();
    if listed_norm != actual {
        return Err(Problem::Fingerprint { listed, actual });
    }
    let pki = get("pki").ok_or(Problem::Missing("pki"))?;
    let validity = &c.tbs_certificate.validity;
    Ok(Entry {
        pki,
        name: get("name").unwrap_or_else(|| cert::display_name(&c)),
        subject: c.tbs_certificate.subject.to_string(),
        not_before: validity.not_before.to_string(),
        not_after: validity.not_after.to_string(),
        sha256: actual,
        source: get("source"),
        published: get("published"),
        list: list.to_string(),
        cert: c,
    })
}

/// The name of a PKI in the user's language (a short name qmsdoc does not know is shown as is).
pub fn pki_name(pki: &str) -> String {
    match pki {
        "neac" => crate::i18n::tr(
            "hạ tầng chứng thực chữ ký số công cộng quốc gia (Trung tâm Chứng thực điện tử quốc gia – NEAC)",
            "the national public signature PKI (National Electronic Authentication Centre, NEAC)",
        )
        .to_string(),
        "gov" => crate::i18n::tr(
            "hạ tầng chữ ký số chuyên dùng Chính phủ (Ban Cơ yếu Chính phủ)",
            "the Government's specialised signature PKI (Government Cipher Committee)",
        )
        .to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_reads_and_a_wrong_fingerprint_is_refused() {
        let list = TrustList::bundled().unwrap();
        let pkis: Vec<&str> = list.entries.iter().map(|e| e.pki.as_str()).collect();
        assert_eq!(pkis, ["neac", "gov"]);
        assert_eq!(list.entries[0].name, "Vietnam National Root CA");
        assert!(list.entries.iter().all(|e| cert::self_signed(&e.cert)));
        let tampered = BUNDLED.replacen("# sha256: bac8", "# sha256: 0ac8", 1);
        let err = TrustList::parse(&tampered, "x").unwrap_err().to_string();
        assert!(err.contains("x, dòng") || err.contains("x, line"), "{err}");
        let no_pki = BUNDLED.replacen("# pki: neac", "# pkx: neac", 1);
        assert!(TrustList::parse(&no_pki, "x").is_err());
        // A blank line separates a description from the certificate: then it is not its own.
        let apart = BUNDLED.replacen("# sha256: bac8", "\n# sha256: bac8", 1);
        assert!(TrustList::parse(&apart, "x").is_err());
    }

    #[test]
    fn real_intermediates_chain_to_the_root_of_their_pki() {
        let list = TrustList::bundled().unwrap();
        let roots: Vec<Certificate> = list.certificates().cloned().collect();
        for (pem, pki) in [
            (
                include_str!("../../tests/fixtures/trust/vnpt-ca-sha2.pem"),
                "neac",
            ),
            (include_str!("../../tests/fixtures/trust/cpcag2.pem"), "gov"),
        ] {
            let ca = cert::load_certificates(pem.as_bytes()).unwrap().remove(0);
            let (chain, trusted) = super::super::verify::build_chain(&ca, &[], &roots);
            assert!(trusted, "{pki}");
            let anchor = list.anchor_for(chain.last().unwrap()).unwrap();
            assert_eq!(anchor.pki, pki);
        }
    }
}
