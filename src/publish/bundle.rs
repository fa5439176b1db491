//! The posting bundle `publish/<tag>/`: the PDFs of the decision, of every document in force
//! and of the register, `manifest.json` (the sha256 and revision of each file, so that anyone
//! can check a posted copy), and an `index.html` a webmaster can upload as it is, with a QR
//! code per document pointing at its public address.

use crate::model::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One PDF of the bundle.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub file: String,
    pub code: String,
    pub title: String,
    /// "Quy trình", "Quyết định", "Danh mục"…
    pub kind: String,
    pub revision: Option<i64>,
    pub effective: Option<Date>,
    pub bytes: Vec<u8>,
    pub signed: bool,
}

pub(crate) struct Bundle<'a> {
    pub tag: &'a str,
    pub agency: &'a str,
    pub number: &'a str,
    pub date: Date,
    pub public_url: Option<&'a str>,
    /// The decision first, then the documents, then the register.
    pub entries: &'a [Entry],
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    file: &'a str,
    code: &'a str,
    title: &'a str,
    kind: &'a str,
    revision: Option<i64>,
    effective: Option<String>,
    bytes: usize,
    sha256: String,
    signed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    generator: &'a str,
    tag: &'a str,
    agency: &'a str,
    decision: ManifestDecision<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_url: Option<&'a str>,
    files: Vec<ManifestFile<'a>>,
}

#[derive(Serialize)]
struct ManifestDecision<'a> {
    number: &'a str,
    date: String,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The address a file will have once the bundle is uploaded under `public_url`.
fn url_of(base: Option<&str>, file: &str) -> Option<String> {
    base.map(|b| format!("{}/{file}", b.trim_end_matches('/')))
}

pub(crate) fn manifest(b: &Bundle) -> String {
    let m = Manifest {
        version: 1,
        generator: concat!("qmsdoc ", env!("CARGO_PKG_VERSION")),
        tag: b.tag,
        agency: b.agency,
        decision: ManifestDecision {
            number: b.number,
            date: b.date.to_string(),
        },
        public_url: b.public_url,
        files: b
            .entries
            .iter()
            .map(|e| ManifestFile {
                file: &e.file,
                code: &e.code,
                title: &e.title,
                kind: &e.kind,
                revision: e.revision,
                effective: e.effective.map(|d| d.to_string()),
                bytes: e.bytes.len(),
                sha256: sha256_hex(&e.bytes),
                signed: e.signed,
                url: url_of(b.public_url, &e.file),
            })
            .collect(),
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&m).unwrap_or_default() + "\n"
}

/// A QR code as inline SVG, or nothing for a text too long to encode.
fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(96, 96)
            .quiet_zone(true)
            .build()
            .replacen("<?xml version=\"1.0\" standalone=\"yes\"?>", "", 1),
        Err(_) => String::new(),
    }
}

pub(crate) fn index_html(b: &Bundle) -> String {
    let mut rows = String::new();
    for (i, e) in b.entries.iter().enumerate() {
        let url = url_of(b.public_url, &e.file);
        // The address under its QR code, for whoever cannot scan it.
        let qr = url.as_deref().map_or_else(String::new, |u| {
            format!(
                "{}<span class=\"url\">{}</span>",
                qr_svg(u),
                crate::text::html_escape(u)
            )
        });
        rows.push_str(&format!(
            "<tr><td data-label=\"TT\">{}</td><td data-label=\"Mã\">{}</td><td data-label=\"Tài liệu\"><a href=\"{}\">{}</a>{}</td><td data-label=\"Loại\">{}</td><td data-label=\"Lần ban hành\">{}</td><td data-label=\"Ngày hiệu lực\">{}</td><td class=\"qr\">{}</td></tr>\n",
            i + 1,
            crate::text::html_escape(&e.code),
            crate::text::html_escape(&e.file),
            crate::text::html_escape(&e.title),
            if e.signed { " <span class=\"signed\">(đã ký số)</span>" } else { "" },
            crate::text::html_escape(&e.kind),
            e.revision.map_or(String::new(), |r| r.to_string()),
            e.effective.map_or(String::new(), |d| d.vn_short()),
            qr,
        ));
    }
    let title = format!("Hệ thống quản lý chất lượng – {}", b.agency);
    let page_qr = b
        .public_url
        .map(|u| {
            format!(
                "<div class=\"qr\">{}</div>",
                qr_svg(&format!("{}/index.html", u.trim_end_matches('/')))
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="qmsdoc {version}">
<title>{title}</title>
<style>
body {{ font-family: "Times New Roman", "Liberation Serif", Tinos, serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }}
h1 {{ font-size: 1.4rem; text-align: center; text-transform: uppercase; }}
p.decision {{ text-align: center; font-style: italic; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .3rem .5rem; vertical-align: top; text-align: left; }}
th {{ background: #eee; }}
td.qr svg {{ width: 72px; height: 72px; display: block; }}
.url {{ display: block; font-size: .75em; color: #444; overflow-wrap: anywhere; }}
td, a {{ overflow-wrap: anywhere; }}
/* A phone at the counter (390 CSS px): each document becomes a card, labels beside values. */
@media (max-width: 40rem) {{
  body {{ margin: 1rem auto; }}
  thead {{ display: none; }}
  table, tbody, tr, td {{ display: block; width: auto; }}
  tr {{ border: 1px solid #999; margin-bottom: .8rem; padding: .3rem; }}
  td {{ border: none; padding: .15rem .3rem; }}
  td[data-label]::before {{ content: attr(data-label) ": "; font-weight: bold; }}
  td.qr svg {{ width: 120px; height: 120px; }}
}}
.signed {{ color: #064; font-size: .9em; }}
footer {{ margin-top: 1.5rem; font-size: .9em; color: #555; }}
</style>
</head>
<body>
<h1>{title_h}</h1>
<p class="decision">Công bố theo Quyết định số {number} {date}</p>
{page_qr}
<table>
<thead><tr><th>TT</th><th>Mã</th><th>Tài liệu</th><th>Loại</th><th>Lần ban hành</th><th>Ngày hiệu lực</th><th>Mã QR</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<footer>Tệp <a href="manifest.json">manifest.json</a> ghi mã băm SHA-256 của từng tệp để đối chiếu bản niêm yết. Bản công bố {tag}.</footer>
</body>
</html>
"#,
        version = env!("CARGO_PKG_VERSION"),
        title = crate::text::html_escape(&title),
        title_h = crate::text::html_escape(&title),
        number = crate::text::html_escape(b.number),
        date = crate::text::html_escape(&b.date.vn_long()),
        tag = crate::text::html_escape(b.tag),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle<'a>(entries: &'a [Entry]) -> Bundle<'a> {
        Bundle {
            tag: "qms/1",
            agency: "Ủy ban nhân dân xã Tân Hòa",
            number: "01/QĐ-UBND",
            date: Date::new(2026, 1, 5).unwrap(),
            public_url: Some("https://example.vn/iso/"),
            entries,
        }
    }

    #[test]
    fn manifest_hashes_and_addresses_every_file() {
        let entries = [Entry {
            file: "QT-01.pdf".into(),
            code: "QT-01".into(),
            title: "Quy trình <kiểm soát> tài liệu".into(),
            kind: "Quy trình".into(),
            revision: Some(2),
            effective: Date::new(2026, 1, 5),
            bytes: b"abc".to_vec(),
            signed: false,
        }];
        let m: serde_json::Value = serde_json::from_str(&manifest(&bundle(&entries))).unwrap();
        let f = &m["files"][0];
        // sha256("abc"), the FIPS 180-2 test vector.
        assert_eq!(
            f["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(f["url"], "https://example.vn/iso/QT-01.pdf");
        assert_eq!(f["revision"], 2);
        assert_eq!(m["decision"]["date"], "2026-01-05");
        let html = index_html(&bundle(&entries));
        assert!(html.contains("Quy trình &lt;kiểm soát&gt; tài liệu"));
        assert!(html.contains("<a href=\"QT-01.pdf\">"));
        assert!(html.contains("Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026"));
        assert_eq!(
            html.matches("<svg").count(),
            2,
            "one QR for the page, one per file"
        );
        // The address is written under the file's QR code.
        let qr_cell = &html[html.find("<td class=\"qr\">").unwrap()..];
        let svg_end = qr_cell.find("</svg>").unwrap();
        assert!(
            qr_cell[svg_end..].starts_with(
                "</svg><span class=\"url\">https://example.vn/iso/QT-01.pdf</span></td>"
            ),
            "{qr_cell}"
        );
    }

    /// On a phone-width screen the table becomes one card per document, each value with its
    /// column's label, and long words and addresses wrap instead of widening the page. (The
    /// layout itself is not measured here: no browser runs in the tests.)
    #[test]
    fn the_posting_page_folds_into_cards_on_a_phone() {
        let entries = [Entry {
            file: "QT-01.pdf".into(),
            code: "QT-01".into(),
            title: "Quy trình".into(),
            kind: "Quy trình".into(),
            revision: Some(1),
            effective: Date::new(2026, 1, 5),
            bytes: Vec::new(),
            signed: true,
        }];
        let html = index_html(&bundle(&entries));
        let media = &html[html.find("@media (max-width: 40rem)").unwrap()..];
        assert!(media.contains("thead { display: none; }"), "{media}");
        assert!(media.contains("content: attr(data-label)"), "{media}");
        assert!(html.contains("overflow-wrap: anywhere"));
        let headers: Vec<&str> = html
            .split("<th>")
            .skip(1)
            .filter_map(|h| h.split("</th>").next())
            .collect();
        // Every column but the QR code carries its header as the label of its value.
        for h in &headers[..headers.len() - 1] {
            assert!(html.contains(&format!("data-label=\"{h}\"")), "{h}");
        }
    }
}

/// What a check of a posted bundle found for one file.
#[derive(Debug, Serialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FileState {
    /// Same bytes as published.
    Same,
    /// The bytes published, followed only by signatures added since, every one valid (the
    /// agency's signature applied to the posted decision after the signer's).
    SignedLater,
    /// Not the bytes published (edited, replaced or damaged).
    Changed,
    /// Listed in the manifest, not in the folder.
    Missing,
    /// A PDF in the folder the manifest does not list.
    NotListed,
}

#[derive(Debug, Serialize)]
pub(crate) struct FileCheck {
    pub file: String,
    pub state: FileState,
    /// For the files published signed: whether every signature is valid and trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_valid: Option<bool>,
    /// The signatures added after publication (state `signed_later`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signed_later: Vec<LaterSignature>,
}

/// A signature added to a posted file after publication.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct LaterSignature {
    /// 1-based, in the order the file's signatures were added.
    pub index: usize,
    pub role: crate::sign::role::Role,
    pub field: String,
}

/// The signatures that follow the published bytes (the first `published` bytes of `bytes`,
/// hashed `sum`), when the file is those bytes followed only by valid signatures.
fn signed_since(
    bytes: &[u8],
    published: Option<u64>,
    sum: &str,
    roots: &[x509_cert::Certificate],
) -> Option<Vec<LaterSignature>> {
    let n = usize::try_from(published?).ok()?;
    if n >= bytes.len() || sha256_hex(bytes.get(..n)?) != sum {
        return None;
    }
    let report = crate::sign::verify::verify_pdf(bytes, roots).ok()?;
    if !report.valid {
        return None;
    }
    let later: Vec<LaterSignature> = report
        .signatures
        .iter()
        .filter(|s| s.byte_range.get(1).is_some_and(|&start| start > n as i64))
        .map(|s| LaterSignature {
            index: s.index,
            role: s.role,
            field: s.field.clone(),
        })
        .collect();
    (!later.is_empty()).then_some(later)
}

#[derive(Debug, Serialize)]
pub(crate) struct BundleCheck {
    pub tag: String,
    pub files: Vec<FileCheck>,
    /// Every listed file present and unchanged, nothing unlisted, every signature valid.
    pub valid: bool,
}

/// Checks a posting bundle as downloaded or as found on a web server's disk: each file
/// against the sha256 of `manifest.json`, and the signatures of the signed ones.
/// Revocation comes from the DSS of each signed file, and from the responders when
/// `revocation` says how patient to be (None: offline).
pub(crate) fn check(
    dir: &std::path::Path,
    roots: &[x509_cert::Certificate],
    revocation: Option<crate::sign::http::Patience>,
) -> Result<BundleCheck, String> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let m: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let listed = m["files"].as_array().ok_or_else(|| {
        crate::tr!(
            "{}: không có danh sách \"files\"",
            "{}: no \"files\" list",
            path.display()
        )
    })?;
    let mut files = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for f in listed {
        let (Some(name), Some(sum)) = (f["file"].as_str(), f["sha256"].as_str()) else {
            continue;
        };
        // Only plain file names: a manifest must not send the check outside the folder.
        if name.contains(['/', '\\']) || name.starts_with('.') {
            continue;
        }
        names.insert(name.to_string());
        let state_and_sig = match std::fs::read(dir.join(name)) {
            Err(_) => (FileState::Missing, None, Vec::new()),
            Ok(bytes) => {
                let signed = f["signed"] == true;
                let later = signed
                    .then(|| signed_since(&bytes, f["bytes"].as_u64(), sum, roots))
                    .flatten();
                let state = if sha256_hex(&bytes) == sum {
                    FileState::Same
                } else if later.is_some() {
                    FileState::SignedLater
                } else {
                    FileState::Changed
                };
                let sig = signed.then(|| {
                    crate::sign::verify::verify_pdf_with(&bytes, roots, revocation)
                        .is_ok_and(|r| r.valid)
                });
                (state, sig, later.unwrap_or_default())
            }
        };
        files.push(FileCheck {
            file: name.to_string(),
            state: state_and_sig.0,
            signature_valid: state_and_sig.1,
            signed_later: state_and_sig.2,
        });
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.to_ascii_lowercase().ends_with(".pdf") && !names.contains(n))
            .collect();
        extra.sort();
        files.extend(extra.into_iter().map(|file| FileCheck {
            file,
            state: FileState::NotListed,
            signature_valid: None,
            signed_later: Vec::new(),
        }));
    }
    let valid = files.iter().all(|f| {
        matches!(f.state, FileState::Same | FileState::SignedLater)
            && f.signature_valid != Some(false)
    });
    Ok(BundleCheck {
        tag: m["tag"].as_str().unwrap_or_default().to_string(),
        files,
        valid,
    })
}
