//! Document timestamps (PAdES B-LTA, PDF 2.0 §12.8.5): an invisible signature field whose
//! value is `/Type /DocTimeStamp /SubFilter /ETSI.RFC3161`, its `/Contents` an RFC 3161 token
//! over the SHA-256 of the byte ranges, added as an incremental update. Put after the DSS, it
//! proves when the validation data existed, so the signatures before it can be checked after
//! their certificates (and the TSA's) expire.

use super::appearance::Objects;
use super::error::{Error, Result};
use super::pdf::{self, Changes, Slots, Update};
use super::tsp::{self, Tsa};
use lopdf::xref::XrefType;
use lopdf::{Dictionary, Object};
use std::collections::BTreeMap;
use std::io::Write;

/// Bytes reserved for the token: TSAs embed their chain (2–8 KB).
const RESERVED: usize = 16 * 1024;

/// `input` followed by an incremental update holding a document timestamp from `tsa`.
pub fn add(input: &[u8], tsa: &Tsa) -> Result<Vec<u8>> {
    let doc = pdf::load(input)?;
    let fields = pdf::signature_fields(&doc);
    let name = (1..)
        .map(|i| format!("dau_thoi_gian_{i}"))
        .find(|n| !fields.iter().any(|f| &f.name == n))
        .unwrap_or_else(|| "dau_thoi_gian".into());
    let page = doc
        .get_pages()
        .values()
        .next()
        .copied()
        .ok_or(Error::NoPage)?;
    let mut objs = Objects::new(pdf::first_free_id(&doc)?);
    let sig_id = (objs.alloc().get() as u32, 0);
    let field_id = (objs.alloc().get() as u32, 0);
    let mut changes = Changes {
        doc: &doc,
        objects: BTreeMap::new(),
    };
    changes
        .objects
        .insert(field_id, widget(&name, sig_id, page));
    changes.push_to_array(page, b"Annots", Object::Reference(field_id))?;
    pdf::register_field(&mut changes, &mut objs, field_id)?;
    let stream_xref = matches!(
        doc.reference_table.cross_reference_type,
        XrefType::CrossReferenceStream
    );
    let xref_stream_id = stream_xref.then(|| objs.alloc().get() as u32);
    let new_size = objs.next_id() as u32;
    let mut update = Update::new(input, RESERVED, 0);
    for (id, obj) in &changes.objects {
        update.offsets.push((id.0, id.1, update.out.len()));
        pdf::write_object(&mut update.out, *id, obj)?;
    }
    let slots = timestamp_dictionary(&mut update, sig_id.0)?;
    update.xref_and_trailer(&doc, new_size, xref_stream_id)?;
    update.fill(slots, RESERVED, |digest| tsp::timestamp_digest(tsa, digest))
}

/// The invisible widget of the field (a zero rectangle, printed and locked like a signature).
fn widget(name: &str, sig_id: lopdf::ObjectId, page: lopdf::ObjectId) -> Object {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Widget".to_vec()));
    d.set("FT", Object::Name(b"Sig".to_vec()));
    d.set("T", Object::string_literal(name));
    d.set("V", Object::Reference(sig_id));
    d.set("F", Object::Integer(132));
    d.set("P", Object::Reference(page));
    d.set("Rect", Object::Array(vec![Object::Integer(0); 4]));
    Object::Dictionary(d)
}

/// The `/DocTimeStamp` dictionary with its two placeholders.
fn timestamp_dictionary(update: &mut Update, id: u32) -> Result<Slots> {
    let out = &mut update.out;
    update.offsets.push((id, 0, out.len()));
    write!(
        out,
        "{id} 0 obj\n<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 "
    )?;
    Ok(Slots::write(out, RESERVED))
}
