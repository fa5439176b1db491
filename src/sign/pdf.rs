//! The incremental update that carries a signature: the original file is kept byte for byte,
//! followed by the new and changed objects, a cross-reference section of the same kind as the
//! original's last one (table or stream) with `/Prev`, and the trailer. `/Contents` is reserved
//! as a run of zeros and `/ByteRange` as spaces, both patched in place once every offset is
//! known, so patching moves nothing.

use super::appearance::{self, Block, Objects};
use super::error::{Error, Result};
use super::role::{self, Role, RoleError};
use super::time::{Instant, check_range};
use super::{Scheme, SignOptions, Signer, cert, cms, tsp};
use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;

/// Width reserved for the `/ByteRange` array: `[0 a b c]` with 10-digit numbers fits.
pub(super) const BYTE_RANGE_WIDTH: usize = 40;
/// Bytes reserved for the CMS at least (twice as many hex digits in the file).
const MIN_RESERVED: usize = 16 * 1024;
/// Bytes reserved for a signature timestamp token: TSAs embed their chain (2–8 KB).
const TIMESTAMP_RESERVED: usize = 12 * 1024;

/// Reads the PDF to update and refuses what cannot be signed safely.
pub fn load(input: &[u8]) -> Result<Document> {
    let head = &input[..input.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::NotPdf);
    }
    let mentions_encrypt = input.windows(8).any(|w| w == b"/Encrypt");
    let doc = match Document::load_mem(input) {
        Ok(d) => d,
        Err(_) if mentions_encrypt => return Err(Error::Encrypted),
        Err(e) => return Err(Error::Damaged(e.to_string())),
    };
    if doc.trailer.has(b"Encrypt") || doc.encryption_state.is_some() {
        return Err(Error::Encrypted);
    }
    if doc.xref_recovery.is_some() {
        return Err(Error::BrokenXref);
    }
    if doc.get_pages().is_empty() {
        return Err(Error::NoPage);
    }
    Ok(doc)
}

/// A signature field found in the AcroForm.
#[derive(Clone, Debug)]
pub struct SigField {
    pub field: ObjectId,
    pub widget: ObjectId,
    pub name: String,
    pub value: Option<ObjectId>,
}

fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

/// A PDF text string as Rust text (PDFDocEncoding read as Latin-1, or UTF-16BE with BOM).
pub fn text(obj: &Object) -> Option<String> {
    let bytes = obj.as_str().ok()?;
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Ok(s) = std::str::from_utf8(bytes)
        && let Some(s) = s.strip_prefix('\u{feff}')
    {
        return Some(s.to_string());
    }
    Some(bytes.iter().map(|&b| char::from(b)).collect())
}

/// A text string object: literal when ASCII, else UTF-16BE with BOM.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// Every signature field of the document (terminal fields with `/FT /Sig`, inherited or not).
pub fn signature_fields(doc: &Document) -> Vec<SigField> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(form) = catalog.get(b"AcroForm").ok().and_then(|o| dict_of(doc, o)) else {
        return out;
    };
    let Some(fields) = form
        .get(b"Fields")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
    else {
        return out;
    };
    let mut seen = HashSet::new();
    for f in fields {
        if let Ok(id) = f.as_reference() {
            walk_field(doc, id, "", None, &mut seen, &mut out, 0);
        }
    }
    out
}

fn walk_field(
    doc: &Document,
    id: ObjectId,
    parent: &str,
    inherited_ft: Option<&[u8]>,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<SigField>,
    depth: usize,
) {
    if depth > 32 || !seen.insert(id) {
        return;
    }
    let Ok(dict) = doc.get_object(id).and_then(Object::as_dict) else {
        return;
    };
    let ft = dict
        .get(b"FT")
        .and_then(Object::as_name)
        .ok()
        .or(inherited_ft);
    let partial = dict.get(b"T").ok().and_then(text);
    let name = match (parent.is_empty(), &partial) {
        (_, None) => parent.to_string(),
        (true, Some(p)) => p.clone(),
        (false, Some(p)) => format!("{parent}.{p}"),
    };
    let kids: Vec<ObjectId> = dict
        .get(b"Kids")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|a| a.iter().filter_map(|k| k.as_reference().ok()).collect())
        .unwrap_or_default();
    // Kids with their own /T are fields; kids without are this field's widgets.
    let field_kids: Vec<ObjectId> = kids
        .iter()
        .copied()
        .filter(|k| {
            doc.get_object(*k)
                .and_then(Object::as_dict)
                .is_ok_and(|d| d.has(b"T"))
        })
        .collect();
    if !field_kids.is_empty() {
        for k in field_kids {
            walk_field(doc, k, &name, ft, seen, out, depth + 1);
        }
        return;
    }
    if ft != Some(b"Sig".as_slice()) {
        return;
    }
    let widget = kids.first().copied().unwrap_or(id);
    let value = dict.get(b"V").ok().and_then(|v| v.as_reference().ok());
    out.push(SigField {
        field: id,
        widget,
        name,
        value,
    });
}

fn numbers(doc: &Document, obj: &Object) -> Option<Vec<f32>> {
    let arr = doc.dereference(obj).ok()?.1.as_array().ok()?;
    arr.iter()
        .map(|o| doc.dereference(o).ok()?.1.as_float().ok())
        .collect()
}

/// The rectangle under `key` (`Rect`, `BBox`) of a dictionary, normalized.
pub(super) fn rect_of_key(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    d.get(key)
        .ok()
        .and_then(|r| numbers(doc, r))
        .and_then(|r| normalized(&r))
}

fn normalized(r: &[f32]) -> Option<[f32; 4]> {
    match r {
        [a, b, c, d] => Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)]),
        _ => None,
    }
}

/// The visible box of a page (CropBox, else MediaBox, inherited through the page tree).
fn page_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let mut id = Some(page);
    let mut depth = 0;
    while let Some(cur) = id {
        let Ok(d) = doc.get_object(cur).and_then(Object::as_dict) else {
            break;
        };
        for key in [b"CropBox".as_slice(), b"MediaBox"] {
            if let Some(r) = d.get(key).ok().and_then(|o| numbers(doc, o))
                && let Some(r) = normalized(&r)
            {
                return r;
            }
        }
        id = d.get(b"Parent").and_then(Object::as_reference).ok();
        depth += 1;
        if depth > 64 {
            break;
        }
    }
    [0.0, 0.0, 595.0, 842.0]
}

/// The page a widget is on: its `/P`, else the page whose `/Annots` lists it.
pub(super) fn page_of(doc: &Document, widget: ObjectId) -> Option<ObjectId> {
    let pages = doc.get_pages();
    if let Some(p) = doc
        .get_object(widget)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|d| d.get(b"P").and_then(Object::as_reference).ok())
        && pages.values().any(|&v| v == p)
    {
        return Some(p);
    }
    pages.values().copied().find(|&p| {
        doc.get_object(p)
            .and_then(Object::as_dict)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
            .is_some_and(|a| a.iter().any(|o| o.as_reference().ok() == Some(widget)))
    })
}

fn widget_rects(doc: &Document, page: ObjectId) -> Vec<[f32; 4]> {
    let Some(annots) = doc
        .get_object(page)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(|a| doc.dereference(a).ok())
        .and_then(|(_, a)| a.as_array().ok())
    else {
        return Vec::new();
    };
    annots
        .iter()
        .filter_map(|a| dict_of(doc, a))
        .filter_map(|d| d.get(b"Rect").ok().and_then(|r| numbers(doc, r)))
        .filter_map(|r| normalized(&r))
        .collect()
}

/// Objects rewritten by the update, in their new state.
pub(super) struct Changes<'a> {
    pub(super) doc: &'a Document,
    pub(super) objects: BTreeMap<ObjectId, Object>,
}

impl Changes<'_> {
    fn current(&self, id: ObjectId) -> Option<Object> {
        self.objects
            .get(&id)
            .cloned()
            .or_else(|| self.doc.get_object(id).ok().cloned())
    }

    /// Edits the dictionary `id`; it is rewritten only if the edit changed it.
    pub(super) fn edit(&mut self, id: ObjectId, f: impl FnOnce(&mut Dictionary)) -> Result<()> {
        let mut obj = self.current(id).ok_or_else(|| missing_object(id))?;
        let dict = match &mut obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => return Err(missing_object(id)),
        };
        f(dict);
        if self.doc.get_object(id).ok() != Some(&obj) {
            self.objects.insert(id, obj);
        }
        Ok(())
    }

    /// Adds `value` to the array `key` of dictionary `id`, whether the array is inline, an
    /// indirect object, or missing.
    pub(super) fn push_to_array(&mut self, id: ObjectId, key: &[u8], value: Object) -> Result<()> {
        let entry = match self.current(id) {
            Some(Object::Dictionary(d)) => d.get(key).ok().cloned(),
            _ => None,
        };
        if let Some(Object::Reference(arr_id)) = entry
            && let Some(Object::Array(mut arr)) = self.current(arr_id)
        {
            if !arr.contains(&value) {
                arr.push(value);
                self.objects.insert(arr_id, Object::Array(arr));
            }
            return Ok(());
        }
        self.edit(id, |d| match d.get_mut(key) {
            Ok(Object::Array(arr)) => {
                if !arr.contains(&value) {
                    arr.push(value);
                }
            }
            _ => d.set(key.to_vec(), Object::Array(vec![value])),
        })
    }
}

fn missing_object(id: ObjectId) -> Error {
    Error::MissingObject(id.0, id.1)
}

/// Where the signature goes.
struct Target {
    /// The field to fill, or None for a new one.
    existing: Option<SigField>,
    name: String,
    page: ObjectId,
    rect: [f32; 4],
}

fn choose_target(doc: &Document, opts: &SignOptions, block: &Block) -> Result<Target> {
    let fields = signature_fields(doc);
    let pages = doc.get_pages();
    let fill = |f: &SigField| -> Result<Target> {
        let page = page_of(doc, f.widget)
            .or_else(|| pages.values().next_back().copied())
            .ok_or(Error::NoPage)?;
        let rect = doc
            .get_object(f.widget)
            .and_then(Object::as_dict)
            .ok()
            .and_then(|d| d.get(b"Rect").ok())
            .and_then(|r| numbers(doc, r))
            .and_then(|r| normalized(&r))
            .unwrap_or([0.0; 4]);
        Ok(Target {
            existing: Some(f.clone()),
            name: f.name.clone(),
            page,
            rect,
        })
    };
    if let Some(name) = &opts.field {
        if let Some(f) = fields.iter().find(|f| &f.name == name) {
            if f.value.is_some() {
                return Err(Error::FieldAlreadySigned(name.clone()));
            }
            return fill(f);
        }
    } else if opts.rect.is_none()
        && let Some(f) = fields.iter().find(|f| f.value.is_none())
    {
        return fill(f);
    }
    let name = match &opts.field {
        Some(n) => n.clone(),
        None => (1..)
            .map(|i| format!("chu_ky_{i}"))
            .find(|n| !fields.iter().any(|f| &f.name == n))
            .unwrap_or_else(|| "chu_ky".into()),
    };
    let count = pages.len() as u32;
    let number = opts.page.unwrap_or(count);
    let Some(&page) = pages.get(&number) else {
        return Err(Error::NoSuchPage { number, count });
    };
    let rect = match opts.rect {
        Some([x1, y1, x2, y2]) => {
            if !(x2 > x1 && y2 > y1) || [x1, y1, x2, y2].iter().any(|v| !v.is_finite()) {
                return Err(Error::BadRect);
            }
            [x1, y1, x2, y2]
        }
        None => default_rect(doc, page, block),
    };
    Ok(Target {
        existing: None,
        name,
        page,
        rect,
    })
}

/// Bottom right of the page, 36 pt from the edges, moved left (then up) past other widgets.
fn default_rect(doc: &Document, page: ObjectId, block: &Block) -> [f32; 4] {
    let [x0, y0, x1, y1] = page_box(doc, page);
    let (w, h) = block.default_size();
    let taken = widget_rects(doc, page);
    let overlaps = |r: &[f32; 4]| {
        taken
            .iter()
            .any(|t| r[0] < t[2] && t[0] < r[2] && r[1] < t[3] && t[1] < r[3])
    };
    let mut r = [x1 - 36.0 - w, y0 + 36.0, x1 - 36.0, y0 + 36.0 + h];
    for _ in 0..20 {
        if !overlaps(&r) {
            break;
        }
        if r[0] - w - 10.0 >= x0 + 36.0 {
            r[0] -= w + 10.0;
            r[2] -= w + 10.0;
        } else {
            r = [x1 - 36.0 - w, r[1] + h + 10.0, x1 - 36.0, r[3] + h + 10.0];
            if r[3] > y1 {
                break;
            }
        }
    }
    r
}

/// Serializes one indirect object.
pub(super) fn write_object(out: &mut Vec<u8>, id: ObjectId, obj: &Object) -> Result<()> {
    writeln!(out, "{} {} obj", id.0, id.1)?;
    lopdf::Writer::write_object(out, obj).map_err(|e| Error::Write(e.to_string()))?;
    out.extend_from_slice(b"\nendobj\n");
    Ok(())
}

pub(super) fn pdf_string_literal(s: &str) -> Vec<u8> {
    let mut v = Vec::new();
    lopdf::Writer::write_object(&mut v, &text_string(s)).ok();
    v
}

/// Signs `input`: checks the signer, reads the PDF, chooses where the signature goes, builds
/// its appearance and the changed objects, writes the update with placeholders, then hashes,
/// signs and fills them in.
pub fn sign(input: &[u8], signer: &dyn Signer, opts: &SignOptions) -> Result<Vec<u8>> {
    let time = match opts.time {
        Some(t) => t,
        None => Instant::signing_time()?,
    };
    let leaf = check_signer(signer, time)?;
    let doc = load(input)?;
    let signer_name = opts
        .signer_name
        .clone()
        .unwrap_or_else(|| cert::display_name(leaf));
    let agency = cert::organization(&leaf.tbs_certificate.subject);
    let mut objs = Objects::new(first_free_id(&doc)?);
    let (target, form) = if opts.role == Some(Role::Agency) {
        let name = opts
            .signer_name
            .clone()
            .or(agency)
            .unwrap_or(signer_name.clone());
        agency_target(&doc, &mut objs, opts, &name, time)?
    } else {
        signer_target(&doc, &mut objs, opts, &signer_name, agency.as_deref(), time)?
    };
    let sig_id = (objs.alloc().get() as u32, 0);
    let mut changes = Changes {
        doc: &doc,
        objects: BTreeMap::new(),
    };
    let form_ref = Object::Reference((form.get() as u32, 0));
    let field_id = place_field(&mut changes, &mut objs, &target, sig_id, form_ref)?;
    register_field(&mut changes, &mut objs, field_id)?;

    let stream_xref = matches!(
        doc.reference_table.cross_reference_type,
        XrefType::CrossReferenceStream
    );
    let xref_stream_id = stream_xref.then(|| objs.alloc().get() as u32);
    let new_size = objs.next_id() as u32;
    let scheme = Scheme::for_key(signer.key_kind()?, opts.rsa_pkcs1v15)?;
    let reserved = reserved_size(signer.chain(), opts.tsa.is_some());
    let mut update = Update::new(input, reserved, objs.chunk.len());
    update.objects(&objs, &changes)?;
    let slots = update.signature_dictionary(sig_id, time, &signer_name, opts, reserved)?;
    update.xref_and_trailer(&doc, new_size, xref_stream_id)?;
    let ask_tsa = opts
        .tsa
        .as_ref()
        .map(|tsa| move |signature: &[u8]| tsp::timestamp(tsa, signature));
    let timestamp = ask_tsa.as_ref().map(|f| f as &cms::TimestampFn<'_>);
    update.fill(slots, reserved, |digest| {
        cms::build(signer, digest, scheme, timestamp)
    })
}

/// The signing certificate, valid at `time` and fit for signing documents.
fn check_signer(signer: &dyn Signer, time: Instant) -> Result<&x509_cert::Certificate> {
    check_range(time)?;
    let leaf = signer.chain().first().ok_or(Error::NoSigningCertificate)?;
    cert::check_validity(leaf, time)?;
    cert::check_signing_usage(leaf)?;
    Ok(leaf)
}

/// The first object number the update may use.
pub(super) fn first_free_id(doc: &Document) -> Result<i32> {
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(i64::from(doc.max_id) + 1);
    i32::try_from(size).map_err(|_| missing_object((0, 0)))
}

/// Points the target field at the signature `sig_id` with the appearance `form` (filling an
/// existing field, or adding a new widget to the page); returns the field.
fn place_field(
    changes: &mut Changes,
    objs: &mut Objects,
    target: &Target,
    sig_id: ObjectId,
    form: Object,
) -> Result<ObjectId> {
    if let Some(f) = &target.existing {
        changes.edit(f.field, |d| d.set("V", Object::Reference(sig_id)))?;
        changes.edit(f.widget, |d| {
            let mut ap = Dictionary::new();
            ap.set("N", form.clone());
            d.set("AP", Object::Dictionary(ap));
            d.set("F", Object::Integer(132));
            if !d.has(b"P") {
                d.set("P", Object::Reference(target.page));
            }
        })?;
        changes.push_to_array(target.page, b"Annots", Object::Reference(f.widget))?;
        return Ok(f.field);
    }
    let id = (objs.alloc().get() as u32, 0);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Widget".to_vec()));
    d.set("FT", Object::Name(b"Sig".to_vec()));
    d.set("T", text_string(&target.name));
    d.set("V", Object::Reference(sig_id));
    d.set("F", Object::Integer(132));
    d.set("P", Object::Reference(target.page));
    d.set(
        "Rect",
        Object::Array(target.rect.iter().map(|&v| Object::Real(v)).collect()),
    );
    let mut ap = Dictionary::new();
    ap.set("N", form);
    d.set("AP", Object::Dictionary(ap));
    changes.objects.insert(id, Object::Dictionary(d));
    changes.push_to_array(target.page, b"Annots", Object::Reference(id))?;
    Ok(id)
}

/// The AcroForm: /SigFlags 3 (signatures exist, append only) and the field in /Fields,
/// whether the form is an indirect object, inline in the catalog, or missing.
pub(super) fn register_field(
    changes: &mut Changes,
    objs: &mut Objects,
    field_id: ObjectId,
) -> Result<()> {
    let doc = changes.doc;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| missing_object((0, 0)))?;
    let form_entry = doc
        .get_object(root)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok().cloned());
    let field_ref = Object::Reference(field_id);
    match form_entry {
        Some(Object::Reference(af)) if changes.current(af).is_some_and(|o| o.as_dict().is_ok()) => {
            changes.edit(af, |d| d.set("SigFlags", Object::Integer(3)))?;
            changes.push_to_array(af, b"Fields", field_ref)?;
        }
        Some(Object::Dictionary(form)) => {
            let fields_ref = form.get(b"Fields").ok().cloned();
            if let Some(Object::Reference(arr)) = fields_ref
                && let Some(Object::Array(mut a)) = changes.current(arr)
            {
                if !a.contains(&field_ref) {
                    a.push(field_ref.clone());
                    changes.objects.insert(arr, Object::Array(a));
                }
                changes.edit(root, |c| {
                    if let Ok(Object::Dictionary(f)) = c.get_mut(b"AcroForm") {
                        f.set("SigFlags", Object::Integer(3));
                    }
                })?;
            } else {
                changes.edit(root, |c| {
                    if let Ok(Object::Dictionary(f)) = c.get_mut(b"AcroForm") {
                        f.set("SigFlags", Object::Integer(3));
                        match f.get_mut(b"Fields") {
                            Ok(Object::Array(a)) => {
                                if !a.contains(&field_ref) {
                                    a.push(field_ref.clone());
                                }
                            }
                            _ => f.set("Fields", Object::Array(vec![field_ref.clone()])),
                        }
                    }
                })?;
            }
        }
        _ => {
            let af = (objs.alloc().get() as u32, 0);
            let mut d = Dictionary::new();
            d.set("Fields", Object::Array(vec![field_ref]));
            d.set("SigFlags", Object::Integer(3));
            changes.objects.insert(af, Object::Dictionary(d));
            changes.edit(root, |c| c.set("AcroForm", Object::Reference(af)))?;
        }
    }
    Ok(())
}

/// Bytes reserved for the CMS, known before signing: the certificates plus a few hundred
/// bytes, and room for a timestamp token (with the TSA's certificates), at least
/// [`MIN_RESERVED`].
fn reserved_size(chain: &[x509_cert::Certificate], timestamp: bool) -> usize {
    let certs_len: usize = chain
        .iter()
        .map(|c| der::Encode::encoded_len(c).map_or(4096, |l| u32::from(l) as usize))
        .sum();
    let token = if timestamp { TIMESTAMP_RESERVED } else { 0 };
    MIN_RESERVED.max((certs_len + token + 4096).div_ceil(1024) * 1024)
}

/// Where the placeholders of the signature dictionary are in the file.
pub(super) struct Slots {
    pub(super) byte_range_at: usize,
    pub(super) contents_at: usize,
    pub(super) contents_end: usize,
}

impl Slots {
    /// Ends a signature dictionary with its `/ByteRange` and `/Contents` placeholders
    /// (`reserved` bytes of signature) and closes the object.
    pub(super) fn write(out: &mut Vec<u8>, reserved: usize) -> Slots {
        out.extend_from_slice(b"/ByteRange ");
        let byte_range_at = out.len();
        out.extend_from_slice(&[b' '; BYTE_RANGE_WIDTH]);
        out.extend_from_slice(b" /Contents ");
        let contents_at = out.len();
        out.push(b'<');
        out.resize(out.len() + 2 * reserved, b'0');
        out.push(b'>');
        let contents_end = out.len();
        out.extend_from_slice(b">>\nendobj\n");
        Slots {
            byte_range_at,
            contents_at,
            contents_end,
        }
    }
}

/// The signed file as it is written: the input, then the update, with the offset of each
/// object for the cross-reference section.
pub(super) struct Update {
    pub(super) out: Vec<u8>,
    pub(super) offsets: Vec<(u32, u16, usize)>,
}

impl Update {
    pub(super) fn new(input: &[u8], reserved: usize, chunk_len: usize) -> Update {
        let mut out = Vec::with_capacity(input.len() + 2 * reserved + chunk_len + 4096);
        out.extend_from_slice(input);
        if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
            out.push(b'\n');
        }
        Update {
            out,
            offsets: Vec::new(),
        }
    }

    /// The new objects (the appearance) and the changed ones.
    fn objects(&mut self, objs: &Objects, changes: &Changes) -> Result<()> {
        let base = self.out.len();
        self.out.extend_from_slice(objs.chunk.as_bytes());
        for &(id, off) in &objs.offsets {
            self.offsets.push((id as u32, 0, base + off));
        }
        for (&id, obj) in &changes.objects {
            self.offsets.push((id.0, id.1, self.out.len()));
            write_object(&mut self.out, id, obj)?;
        }
        Ok(())
    }

    /// The signature dictionary, with its two placeholders.
    fn signature_dictionary(
        &mut self,
        sig_id: ObjectId,
        time: Instant,
        signer_name: &str,
        opts: &SignOptions,
        reserved: usize,
    ) -> Result<Slots> {
        let out = &mut self.out;
        self.offsets.push((sig_id.0, 0, out.len()));
        write!(
            out,
            "{} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ",
            sig_id.0
        )?;
        out.extend_from_slice(&pdf_string_literal(&time.pdf_date_vn()));
        out.extend_from_slice(b" /Name ");
        out.extend_from_slice(&pdf_string_literal(signer_name));
        for (key, value) in [
            (b"Reason".as_slice(), &opts.reason),
            (b"Location".as_slice(), &opts.location),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        {
            out.extend_from_slice(b" /");
            out.extend_from_slice(key);
            out.push(b' ');
            out.extend_from_slice(&pdf_string_literal(value));
        }
        out.extend_from_slice(b" ");
        Ok(Slots::write(out, reserved))
    }

    /// The cross-reference section (a table, or a stream when the original's last one is)
    /// and the trailer, with `/Prev` pointing at the original's.
    pub(super) fn xref_and_trailer(
        &mut self,
        doc: &Document,
        new_size: u32,
        xref_stream_id: Option<u32>,
    ) -> Result<()> {
        let mut trailer = Dictionary::new();
        trailer.set("Size", Object::Integer(i64::from(new_size)));
        for key in [b"Root".as_slice(), b"Info", b"ID"] {
            if let Ok(v) = doc.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        trailer.set("Prev", Object::Integer(doc.xref_start as i64));
        let xref_at = self.out.len();
        match xref_stream_id {
            None => self.xref_table(trailer)?,
            Some(xid) => self.xref_stream(trailer, xid, xref_at)?,
        }
        write!(self.out, "startxref\n{xref_at}\n%%EOF\n")?;
        Ok(())
    }

    fn xref_table(&mut self, trailer: Dictionary) -> Result<()> {
        let out = &mut self.out;
        self.offsets.sort_unstable();
        out.extend_from_slice(b"xref\n");
        for run in runs(&self.offsets) {
            writeln!(out, "{} {}", run[0].0, run.len())?;
            for &(_, generation, off) in run {
                write!(out, "{off:010} {generation:05} n\r\n")?;
            }
        }
        out.extend_from_slice(b"trailer\n");
        lopdf::Writer::write_object(out, &Object::Dictionary(trailer))
            .map_err(|e| Error::Write(e.to_string()))?;
        out.push(b'\n');
        Ok(())
    }

    fn xref_stream(&mut self, mut trailer: Dictionary, xid: u32, xref_at: usize) -> Result<()> {
        self.offsets.push((xid, 0, xref_at));
        self.offsets.sort_unstable();
        let width = if xref_at > u32::MAX as usize { 8 } else { 4 };
        let mut data = Vec::new();
        let mut index = Vec::new();
        for run in runs(&self.offsets) {
            index.push(Object::Integer(i64::from(run[0].0)));
            index.push(Object::Integer(run.len() as i64));
            for &(_, generation, off) in run {
                data.push(1u8);
                data.extend_from_slice(&(off as u64).to_be_bytes()[8 - width..]);
                data.extend_from_slice(&generation.to_be_bytes());
            }
        }
        trailer.set("Type", Object::Name(b"XRef".to_vec()));
        trailer.set(
            "W",
            Object::Array(vec![
                Object::Integer(1),
                Object::Integer(width as i64),
                Object::Integer(2),
            ]),
        );
        trailer.set("Index", Object::Array(index));
        trailer.set("Length", Object::Integer(data.len() as i64));
        let out = &mut self.out;
        writeln!(out, "{xid} 0 obj")?;
        lopdf::Writer::write_object(out, &Object::Dictionary(trailer))
            .map_err(|e| Error::Write(e.to_string()))?;
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        Ok(())
    }

    /// Patches `/ByteRange`, hashes what it covers, signs, and puts the CMS into `/Contents`.
    pub(super) fn fill(
        mut self,
        slots: Slots,
        reserved: usize,
        make_cms: impl FnOnce(&[u8]) -> Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let out = &mut self.out;
        let (contents_at, contents_end) = (slots.contents_at, slots.contents_end);
        let ranges = [0, contents_at, contents_end, out.len() - contents_end];
        let text = format!("[{} {} {} {}]", ranges[0], ranges[1], ranges[2], ranges[3]);
        if text.len() > BYTE_RANGE_WIDTH {
            return Err(Error::TooLarge);
        }
        out[slots.byte_range_at..slots.byte_range_at + text.len()].copy_from_slice(text.as_bytes());
        let mut hasher = Sha256::new();
        hasher.update(&out[..contents_at]);
        hasher.update(&out[contents_end..]);
        let digest = hasher.finalize();
        let cms = make_cms(&digest)?;
        if 2 * cms.len() > 2 * reserved {
            return Err(Error::CmsTooLarge {
                size: cms.len(),
                reserved,
            });
        }
        let hex = hex_upper(&cms);
        out[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(&hex);
        Ok(self.out)
    }
}

/// Runs of consecutive object numbers in sorted offsets.
fn runs(offsets: &[(u32, u16, usize)]) -> Vec<&[(u32, u16, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=offsets.len() {
        if i == offsets.len() || offsets[i].0 != offsets[i - 1].0 + 1 {
            out.push(&offsets[start..i]);
            start = i;
        }
    }
    out
}

pub(super) fn hex_upper(bytes: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    out
}

/// A signature without a role, or the signer's: the block in the field chosen (or made) with
/// the images given; the signer's names the person only and carries no seal.
fn signer_target(
    doc: &Document,
    objs: &mut Objects,
    opts: &SignOptions,
    signer: &str,
    agency: Option<&str>,
    time: Instant,
) -> Result<(Target, pdf_writer::Ref)> {
    let signer_role = opts.role == Some(Role::Signer);
    if signer_role && opts.seal_image.is_some() {
        return Err(RoleError::SealWithSigner.into());
    }
    let block = Block {
        signer,
        agency: agency.filter(|_| !signer_role),
        time,
        signature_png: opts.signature_image.as_deref(),
        seal_png: opts.seal_image.as_deref(),
    };
    let target = choose_target(doc, opts, &block)?;
    let [x1, y1, x2, y2] = target.rect;
    let form = appearance::build(objs, x2 - x1, y2 - y1, &block)?;
    Ok((target, form))
}

/// The agency's signature: after the order is checked (a signer has signed, the agency has
/// not), a new field `con_dau` on the signer's page whose seal, at its real diameter, is
/// centred on the height of the signer's image with its right edge a third of the way into
/// that image (Decree 30/2020/NĐ-CP, Appendix I).
fn agency_target(
    doc: &Document,
    objs: &mut Objects,
    opts: &SignOptions,
    agency: &str,
    time: Instant,
) -> Result<(Target, pdf_writer::Ref)> {
    if opts.field.is_some() || opts.rect.is_some() || opts.page.is_some() {
        return Err(RoleError::AgencyPlacement.into());
    }
    let signer = role::signer_field(doc)?;
    let seal_png = opts.seal_image.as_deref().ok_or(RoleError::NoSealImage)?;
    let diameter = role::diameter_points(opts.seal_diameter_mm)?;
    let page = role::page_of(doc, &signer)
        .or_else(|| doc.get_pages().values().next_back().copied())
        .ok_or(Error::NoPage)?;
    let [ix1, iy1, ix2, iy2] =
        role::signature_image_box(doc, &signer).ok_or_else(|| missing_object(signer.widget))?;
    appearance::check_transparent(seal_png, super::error::Image::Seal)?;
    let seal_bottom = (iy1 + iy2) / 2.0 - appearance::seal_height(seal_png, diameter)? / 2.0;
    // The text goes under the signer's block and the line of the name printed below it.
    let block_bottom = pdf_rect_bottom(doc, &signer).unwrap_or(iy1);
    let block = appearance::SealBlock {
        agency,
        time,
        seal_png,
        diameter,
        gap: seal_bottom - (block_bottom - NAME_LINE),
    };
    let layout = appearance::build_seal(objs, &block)?;
    let [_, sy1, sx2, _] = layout.seal;
    let seal_right = ix1 + (ix2 - ix1) / 3.0;
    let (x1, y1) = (seal_right - sx2, seal_bottom - sy1);
    let target = Target {
        existing: None,
        name: role::AGENCY_FIELD.to_string(),
        page,
        rect: [x1, y1, x1 + layout.w, y1 + layout.h],
    };
    Ok((target, layout.form))
}

/// Room for the signer's name under the signature block (14 pt, as the decision prints it).
const NAME_LINE: f32 = 20.0;

/// The bottom edge of a signed field's widget.
fn pdf_rect_bottom(doc: &Document, field: &SigField) -> Option<f32> {
    let widget = doc
        .get_object(field.widget)
        .and_then(Object::as_dict)
        .ok()?;
    rect_of_key(doc, widget, b"Rect").map(|r| r[1])
}
