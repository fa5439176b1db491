//! The two digital signatures of a document as Decree 30/2020/NĐ-CP requires (Art. 5, 17 and
//! Appendix I): first the signer's (the image of the handwritten signature, blue, in the
//! signature block), then the agency's, applied later by the records clerk with the agency's
//! own certificate (the seal image, red, at its real size, over about the left third of the
//! signer's image). Each is a PAdES signature in its own incremental update.
//!
//! The role is written in the field name and read back from it: the agency's signature is the
//! one in the field [`AGENCY_FIELD`] (`con_dau`, "seal"); every other signature is a signer's.

use super::error::{Error, Image, Result};
use super::pdf::{self, SigField};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::ops::RangeInclusive;

/// Who signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The person with authority (người có thẩm quyền ký).
    Signer,
    /// The issuing agency (cơ quan, tổ chức), by its records clerk.
    Agency,
}

/// The field of the agency's signature; its name is how a reader knows the role.
pub const AGENCY_FIELD: &str = "con_dau";

/// The seal diameters accepted, in millimetres (a round seal is 20 to 60 mm wide).
pub const SEAL_DIAMETER_MM: RangeInclusive<f32> = 20.0..=60.0;

impl Role {
    /// The role of the signature in the field `name`.
    pub fn of_field(name: &str) -> Role {
        if name == AGENCY_FIELD {
            Role::Agency
        } else {
            Role::Signer
        }
    }

    /// The `/Reason` written when none is given: part of the document, so Vietnamese.
    pub fn default_reason(self) -> &'static str {
        match self {
            Role::Signer => "Chữ ký số của người có thẩm quyền",
            Role::Agency => "Chữ ký số của cơ quan, tổ chức",
        }
    }

    /// The role in the user's language.
    pub fn label(self) -> &'static str {
        match self {
            Role::Signer => crate::i18n::tr("người ký", "signer"),
            Role::Agency => crate::i18n::tr("cơ quan", "agency"),
        }
    }
}

/// Why a signature cannot be made in its role.
#[derive(Debug)]
pub enum RoleError {
    /// The agency signs after the signer (Decree 30): no signer's signature yet.
    NoSignerSignature,
    /// The agency has signed already.
    AgencyAlreadySigned,
    /// An agency signature without a seal image.
    NoSealImage,
    /// An agency signature without a seal diameter.
    NoDiameter,
    /// A seal diameter outside [`SEAL_DIAMETER_MM`].
    Diameter(f32),
    /// The image is a PNG without a transparent background.
    NotTransparent(Image),
    /// The agency's signature goes where the signer's image is: no field, box or page.
    AgencyPlacement,
    /// The signer's signature carries no seal: the agency adds it.
    SealWithSigner,
}

impl std::fmt::Display for RoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lo, hi) = (SEAL_DIAMETER_MM.start(), SEAL_DIAMETER_MM.end());
        f.write_str(&match self {
            RoleError::NoSignerSignature => crate::tr!(
                "chưa có chữ ký số của người ký: theo Nghị định 30/2020/NĐ-CP, người có thẩm quyền ký trước (--as signer), cơ quan ký sau",
                "there is no signer's signature yet: under Decree 30/2020/NĐ-CP the person with authority signs first (--as signer), the agency after"
            ),
            RoleError::AgencyAlreadySigned => crate::tr!(
                "cơ quan đã ký số tệp này (trường \"{AGENCY_FIELD}\"): mỗi văn bản chỉ có một chữ ký số của cơ quan",
                "the agency has already signed this file (field \"{AGENCY_FIELD}\"): a document carries one agency signature"
            ),
            RoleError::NoSealImage => crate::tr!(
                "chữ ký số của cơ quan cần ảnh con dấu: --seal-image CON-DAU.png hoặc agency.seal_image trong qms.yaml",
                "the agency's signature needs the seal image: --seal-image SEAL.png or agency.seal_image in qms.yaml"
            ),
            RoleError::NoDiameter => crate::tr!(
                "cần đường kính thật của con dấu: --seal-diameter MM hoặc agency.seal_diameter_mm trong qms.yaml (ví dụ 36)",
                "the seal's real diameter is needed: --seal-diameter MM or agency.seal_diameter_mm in qms.yaml (e.g. 36)"
            ),
            RoleError::Diameter(d) => crate::tr!(
                "đường kính con dấu {d} mm nằm ngoài khoảng {lo}–{hi} mm: ghi đường kính thật của con dấu, tính bằng milimét",
                "a seal diameter of {d} mm is outside {lo}–{hi} mm: give the seal's real diameter in millimetres"
            ),
            RoleError::NotTransparent(what) => {
                let what = match what {
                    Image::Signature => crate::i18n::tr("chữ ký", "signature"),
                    Image::Seal => crate::i18n::tr("con dấu", "seal"),
                };
                crate::tr!(
                    "ảnh {what} không có nền trong suốt (Nghị định 30/2020/NĐ-CP: PNG nền trong suốt): xuất lại ảnh PNG có kênh alpha",
                    "the {what} image has no transparent background (Decree 30/2020/NĐ-CP: a PNG with a transparent background): export it again with an alpha channel"
                )
            }
            RoleError::AgencyPlacement => crate::tr!(
                "chữ ký số của cơ quan đặt theo ảnh chữ ký của người ký: bỏ --field, --page, --rect",
                "the agency's signature is placed by the signer's image: drop --field, --page, --rect"
            ),
            RoleError::SealWithSigner => crate::tr!(
                "chữ ký số của người ký không mang con dấu: con dấu do cơ quan ký sau (--as agency)",
                "the signer's signature carries no seal: the agency adds it later (--as agency)"
            ),
        })
    }
}

impl std::error::Error for RoleError {}

impl From<RoleError> for Error {
    fn from(e: RoleError) -> Error {
        Error::Role(e)
    }
}

/// The seal diameter in points, checked.
pub fn diameter_points(mm: Option<f32>) -> Result<f32> {
    let mm = mm.ok_or(RoleError::NoDiameter)?;
    if !mm.is_finite() || !SEAL_DIAMETER_MM.contains(&mm) {
        return Err(RoleError::Diameter(mm).into());
    }
    Ok(mm / 25.4 * 72.0)
}

/// The signer's signature the agency's goes over (the last one signed), after checking the
/// order: a signer has signed, the agency has not.
pub fn signer_field(doc: &Document) -> Result<SigField> {
    let signed: Vec<SigField> = pdf::signature_fields(doc)
        .into_iter()
        .filter(|f| f.value.is_some())
        .collect();
    if signed
        .iter()
        .any(|f| Role::of_field(&f.name) == Role::Agency)
    {
        return Err(RoleError::AgencyAlreadySigned.into());
    }
    signed
        .into_iter()
        .next_back()
        .ok_or_else(|| RoleError::NoSignerSignature.into())
}

/// A 2-D affine matrix `[a b c d e f]` as PDF writes it.
type Matrix = [f32; 6];

fn multiply(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The box of the unit square under `m`.
fn unit_box(m: Matrix) -> [f32; 4] {
    let pts = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
        .map(|(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]));
    let xs = pts.map(|p| p.0);
    let ys = pts.map(|p| p.1);
    let min = |v: [f32; 4]| v.iter().copied().fold(f32::MAX, f32::min);
    let max = |v: [f32; 4]| v.iter().copied().fold(f32::MIN, f32::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

/// Where each image XObject of a content stream is drawn, in the stream's space, in order.
pub fn image_boxes(doc: &Document, content: &[u8], resources: &Dictionary) -> Vec<[f32; 4]> {
    let Ok(ops) = lopdf::content::Content::decode(content) else {
        return Vec::new();
    };
    let xobjects = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let is_image = |name: &[u8]| {
        xobjects
            .and_then(|x| x.get(name).ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_stream().ok())
            .is_some_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
            })
    };
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for op in &ops.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                let v: Vec<f32> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect();
                if let [a, b, c, d, e, f] = v[..] {
                    ctm = multiply([a, b, c, d, e, f], ctm);
                }
            }
            "Do" => {
                if let Some(Ok(name)) = op.operands.first().map(Object::as_name)
                    && is_image(name)
                {
                    out.push(unit_box(ctm));
                }
            }
            _ => {}
        }
    }
    out
}

/// The box of the signer's handwritten-signature image on the page (its first image), else
/// the box of its widget.
pub fn signature_image_box(doc: &Document, field: &SigField) -> Option<[f32; 4]> {
    let widget = doc
        .get_object(field.widget)
        .and_then(Object::as_dict)
        .ok()?;
    let rect = pdf::rect_of_key(doc, widget, b"Rect")?;
    let image = appearance_stream(doc, widget).and_then(|(bbox, content, resources)| {
        let [bx1, by1, bx2, by2] = bbox;
        let (sx, sy) = (
            (rect[2] - rect[0]) / (bx2 - bx1).max(f32::EPSILON),
            (rect[3] - rect[1]) / (by2 - by1).max(f32::EPSILON),
        );
        let [x1, y1, x2, y2] = *image_boxes(doc, &content, &resources).first()?;
        Some([
            rect[0] + (x1 - bx1) * sx,
            rect[1] + (y1 - by1) * sy,
            rect[0] + (x2 - bx1) * sx,
            rect[1] + (y2 - by1) * sy,
        ])
    });
    Some(image.unwrap_or(rect))
}

/// The normal appearance of a widget: its BBox, decoded content and resources.
fn appearance_stream(
    doc: &Document,
    widget: &Dictionary,
) -> Option<([f32; 4], Vec<u8>, Dictionary)> {
    let ap = widget
        .get(b"AP")
        .ok()
        .and_then(|o| doc.dereference(o).ok())?
        .1
        .as_dict()
        .ok()?;
    let (_, n) = doc.dereference(ap.get(b"N").ok()?).ok()?;
    let stream = n.as_stream().ok()?;
    let bbox = pdf::rect_of_key(doc, &stream.dict, b"BBox")?;
    let content = stream
        .decompressed_content_with_limit(16 << 20)
        .unwrap_or_else(|_| stream.content.clone());
    let resources = stream
        .dict
        .get(b"Resources")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok().cloned())
        .unwrap_or_default();
    Some((bbox, content, resources))
}

/// The page the signer's widget is on.
pub fn page_of(doc: &Document, field: &SigField) -> Option<ObjectId> {
    pdf::page_of(doc, field.widget)
}
