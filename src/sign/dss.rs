//! The Document Security Store (PDF 2.0 §12.8.4.3, ETSI EN 319 142-1 PAdES B-LT): `/DSS` in
//! the catalog with the certificates (`/Certs`), OCSP responses (`/OCSPs`) and CRLs (`/CRLs`)
//! a verifier needs, each a stream of DER, and `/VRI`, one entry per signature keyed by the
//! uppercase SHA-1 hex of its `/Contents`, naming which of them belong to it.
//!
//! [`Dss::read`] reads it back; [`append`] writes an incremental update that sets it, keeping
//! the streams already there.

use super::error::{Error, Result};
use super::pdf::{self, Changes, Update};
use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use sha1::{Digest, Sha1};
use std::collections::{BTreeMap, BTreeSet};

/// One DER blob of the store, and the stream that holds it when it is already in the file.
#[derive(Clone, Debug)]
struct Item {
    der: Vec<u8>,
    id: Option<ObjectId>,
}

/// The blobs of one kind, each once.
#[derive(Clone, Debug, Default)]
struct Items(Vec<Item>);

impl Items {
    /// The index of `der`, added when new.
    fn add(&mut self, der: &[u8], id: Option<ObjectId>) -> usize {
        if let Some(i) = self.0.iter().position(|it| it.der == der) {
            return i;
        }
        self.0.push(Item {
            der: der.to_vec(),
            id,
        });
        self.0.len() - 1
    }

    fn ders(&self) -> impl Iterator<Item = &[u8]> {
        self.0.iter().map(|i| i.der.as_slice())
    }
}

/// What the store names for one signature (indices into the store's lists).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vri {
    certs: BTreeSet<usize>,
    ocsps: BTreeSet<usize>,
    crls: BTreeSet<usize>,
}

/// The validation data of a document.
#[derive(Clone, Debug, Default)]
pub struct Dss {
    certs: Items,
    ocsps: Items,
    crls: Items,
    /// By the uppercase SHA-1 hex of the signature's `/Contents`.
    vri: BTreeMap<String, Vri>,
}

/// The `/VRI` key of a signature: the uppercase SHA-1 hex of its `/Contents` bytes.
pub fn vri_key(contents: &[u8]) -> String {
    String::from_utf8_lossy(&pdf::hex_upper(&Sha1::digest(contents))).into_owned()
}

/// The bytes of a stream, decoded when it is filtered (pyHanko compresses its DSS streams).
fn stream_bytes(s: &Stream) -> Vec<u8> {
    if s.dict.has(b"Filter") {
        s.decompressed_content()
            .unwrap_or_else(|_| s.content.clone())
    } else {
        s.content.clone()
    }
}

/// The streams of the array `key` of `dict`: (bytes, object).
fn streams(doc: &Document, dict: &Dictionary, key: &[u8]) -> Vec<(Vec<u8>, Option<ObjectId>)> {
    let Some(arr) = dict
        .get(key)
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
    else {
        return Vec::new();
    };
    arr.iter()
        .filter_map(|o| {
            let id = o.as_reference().ok();
            let s = doc.dereference(o).ok()?.1.as_stream().ok()?;
            Some((stream_bytes(s), id))
        })
        .collect()
}

impl Dss {
    /// The store of the newest revision of `doc`; empty when there is none.
    pub fn read(doc: &Document) -> Dss {
        let mut dss = Dss::default();
        let Some(d) = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"DSS").ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return dss;
        };
        for (der, id) in streams(doc, d, b"Certs") {
            dss.certs.add(&der, id);
        }
        for (der, id) in streams(doc, d, b"OCSPs") {
            dss.ocsps.add(&der, id);
        }
        for (der, id) in streams(doc, d, b"CRLs") {
            dss.crls.add(&der, id);
        }
        dss.read_vri(doc, d);
        dss
    }

    fn read_vri(&mut self, doc: &Document, d: &Dictionary) {
        let Some(vri) = d
            .get(b"VRI")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return;
        };
        for (key, entry) in vri.iter() {
            let Some(e) = doc
                .dereference(entry)
                .ok()
                .and_then(|(_, o)| o.as_dict().ok())
            else {
                continue;
            };
            let key = String::from_utf8_lossy(key).to_ascii_uppercase();
            let mut v = Vri::default();
            for (der, id) in streams(doc, e, b"Cert") {
                v.certs.insert(self.certs.add(&der, id));
            }
            for (der, id) in streams(doc, e, b"OCSP") {
                v.ocsps.insert(self.ocsps.add(&der, id));
            }
            for (der, id) in streams(doc, e, b"CRL") {
                v.crls.insert(self.crls.add(&der, id));
            }
            self.vri.insert(key, v);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.certs.0.is_empty() && self.ocsps.0.is_empty() && self.crls.0.is_empty()
    }

    /// The DER certificates of the store.
    pub fn certs(&self) -> impl Iterator<Item = &[u8]> {
        self.certs.ders()
    }

    /// The DER OCSP responses of the store.
    pub fn ocsps(&self) -> impl Iterator<Item = &[u8]> {
        self.ocsps.ders()
    }

    /// The DER CRLs of the store.
    pub fn crls(&self) -> impl Iterator<Item = &[u8]> {
        self.crls.ders()
    }

    /// Whether the store has a `/VRI` entry for the signature with these `/Contents`.
    pub fn has_vri(&self, contents: &[u8]) -> bool {
        self.vri.contains_key(&vri_key(contents))
    }

    /// Adds a certificate for the signature `key` (a [`vri_key`]).
    pub fn add_cert(&mut self, key: &str, der: &[u8]) {
        let i = self.certs.add(der, None);
        self.vri.entry(key.to_string()).or_default().certs.insert(i);
    }

    /// Adds an OCSP response for the signature `key`.
    pub fn add_ocsp(&mut self, key: &str, der: &[u8]) {
        let i = self.ocsps.add(der, None);
        self.vri.entry(key.to_string()).or_default().ocsps.insert(i);
    }

    /// Adds a CRL for the signature `key`.
    pub fn add_crl(&mut self, key: &str, der: &[u8]) {
        let i = self.crls.add(der, None);
        self.vri.entry(key.to_string()).or_default().crls.insert(i);
    }
}

/// Allocates object numbers for the update.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> ObjectId {
        self.0 += 1;
        (self.0 - 1, 0)
    }
}

/// The references of `items`, each new blob given a stream object in `new`.
fn refs(items: &Items, ids: &mut Ids, new: &mut BTreeMap<ObjectId, Object>) -> Vec<Object> {
    items
        .0
        .iter()
        .map(|it| {
            let id = it.id.unwrap_or_else(|| {
                let id = ids.next();
                new.insert(
                    id,
                    Object::Stream(Stream::new(Dictionary::new(), it.der.clone())),
                );
                id
            });
            Object::Reference(id)
        })
        .collect()
}

/// The `/VRI` dictionary, each entry's arrays pointing at the store's streams.
fn vri_dict(dss: &Dss, certs: &[Object], ocsps: &[Object], crls: &[Object]) -> Dictionary {
    let pick = |set: &BTreeSet<usize>, all: &[Object]| {
        Object::Array(set.iter().filter_map(|&i| all.get(i).cloned()).collect())
    };
    let mut vri = Dictionary::new();
    for (key, v) in &dss.vri {
        let mut e = Dictionary::new();
        for (name, set, all) in [
            ("Cert", &v.certs, certs),
            ("OCSP", &v.ocsps, ocsps),
            ("CRL", &v.crls, crls),
        ] {
            if !set.is_empty() {
                e.set(name, pick(set, all));
            }
        }
        vri.set(key.as_bytes().to_vec(), Object::Dictionary(e));
    }
    vri
}

/// `input` followed by an incremental update whose catalog's `/DSS` is `dss` (the streams
/// already in the file are referred to, not copied).
pub fn append(input: &[u8], doc: &Document, dss: &Dss) -> Result<Vec<u8>> {
    let first = u32::try_from(pdf::first_free_id(doc)?).map_err(|_| Error::TooLarge)?;
    let mut ids = Ids(first);
    let mut new = BTreeMap::new();
    let certs = refs(&dss.certs, &mut ids, &mut new);
    let ocsps = refs(&dss.ocsps, &mut ids, &mut new);
    let crls = refs(&dss.crls, &mut ids, &mut new);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"DSS".to_vec()));
    for (name, list) in [
        ("Certs", certs.clone()),
        ("OCSPs", ocsps.clone()),
        ("CRLs", crls.clone()),
    ] {
        if !list.is_empty() {
            d.set(name, Object::Array(list));
        }
    }
    d.set(
        "VRI",
        Object::Dictionary(vri_dict(dss, &certs, &ocsps, &crls)),
    );
    let dss_id = ids.next();
    new.insert(dss_id, Object::Dictionary(d));
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| Error::MissingObject(0, 0))?;
    let mut changes = Changes {
        doc,
        objects: BTreeMap::new(),
    };
    changes.edit(root, |c| c.set("DSS", Object::Reference(dss_id)))?;
    let stream_xref = matches!(
        doc.reference_table.cross_reference_type,
        XrefType::CrossReferenceStream
    );
    let xref_stream_id = stream_xref.then(|| ids.next().0);
    let mut update = Update::new(input, 0, 0);
    for (id, obj) in new.iter().chain(changes.objects.iter()) {
        update.offsets.push((id.0, id.1, update.out.len()));
        pdf::write_object(&mut update.out, *id, obj)?;
    }
    update.xref_and_trailer(doc, ids.0, xref_stream_id)?;
    Ok(update.out)
}

/// How far revocation data may predate the time it vouches for (clocks differ; a response
/// fetched just before signing still counts).
const SKEW: i64 = 300;

impl Dss {
    /// The status of `cert` (issued by `issuer`) from the store: the newest OCSP response or
    /// CRL signed for it and made at or after `since` (the time the signature is proven or
    /// claimed to exist) or still current then, None when there is none.
    pub fn status(
        &self,
        cert: &x509_cert::Certificate,
        issuer: &x509_cert::Certificate,
        since: super::Instant,
    ) -> Option<super::revocation::Status> {
        use super::revocation::{self, Answer, Status};
        let ocsp = self
            .ocsps()
            .filter_map(|d| revocation::ocsp_answer(d, cert, issuer).ok())
            .map(|a| (a, "OCSP"));
        let crl = self
            .crls()
            .filter_map(|d| revocation::crl_answer(d, cert, issuer).ok())
            .map(|a| (a, "CRL"));
        let (a, kind): (Answer, &str) = ocsp
            .chain(crl)
            .filter(|(a, _)| {
                // Made after the signature, or current when it was made, or a revocation.
                a.this_update.0 + SKEW >= since.0
                    || a.next_update.is_some_and(|n| n.0 >= since.0)
                    || a.revoked_at.is_some()
            })
            // The newest; OCSP before a CRL of the same second.
            .max_by_key(|(a, kind)| (a.this_update, *kind == "OCSP"))?;
        let source = format!("DSS: {kind}");
        Some(match a.revoked_at {
            Some(at) => Status::Revoked {
                source,
                time: at.iso8601_vn(),
                at,
            },
            None => Status::Good { source },
        })
    }
}
