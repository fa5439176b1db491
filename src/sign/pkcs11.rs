//! Keys on a token (USB token, smart card, HSM) through a PKCS#11 module: find the token by
//! label, log in with the PIN, take the private key (by label when given) and the certificate
//! with the same CKA_ID, and sign: RSASSA-PSS with CKM_SHA256_RSA_PKCS_PSS, PKCS#1 v1.5 with
//! CKM_SHA256_RSA_PKCS, ECDSA with CKM_ECDSA over a SHA-256 hashed here (the token's raw
//! r‖s is turned into the DER `ECDSA-Sig-Value` CMS wants).

use super::Signer;
use super::algorithm::{PSS_SALT_LEN, PublicKey, Scheme};
use super::cert;
use super::error::{Error, Result};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::Decode;
use rsa::{BigUint, RsaPublicKey};
use std::path::Path;
use x509_cert::Certificate;

pub struct TokenSigner {
    session: Session,
    key: ObjectHandle,
    chain: Vec<Certificate>,
    // Finalizes the module when the signer is dropped, after the session closes.
    _ctx: Pkcs11,
}

impl Signer for TokenSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>> {
        use cryptoki::mechanism::MechanismType;
        use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
        use sha2::Digest;
        let refused = |e: CkError| Error::TokenRefused(e.to_string());
        match scheme {
            Scheme::RsaPss => {
                let params = PkcsPssParams {
                    hash_alg: MechanismType::SHA256,
                    mgf: PkcsMgfType::MGF1_SHA256,
                    s_len: (PSS_SALT_LEN as u64).into(),
                };
                self.session
                    .sign(&Mechanism::Sha256RsaPkcsPss(params), self.key, data)
                    .map_err(refused)
            }
            Scheme::RsaPkcs1v15 => self
                .session
                .sign(&Mechanism::Sha256RsaPkcs, self.key, data)
                .map_err(refused),
            Scheme::EcdsaP256 | Scheme::EcdsaP384 => {
                let digest = sha2::Sha256::digest(data);
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &digest)
                    .map_err(refused)?;
                let bad = |e: p256::ecdsa::Error| Error::Ecdsa(e.to_string());
                Ok(if scheme == Scheme::EcdsaP256 {
                    p256::ecdsa::Signature::from_slice(&raw)
                        .map_err(bad)?
                        .to_der()
                        .as_bytes()
                        .to_vec()
                } else {
                    p384::ecdsa::Signature::from_slice(&raw)
                        .map_err(bad)?
                        .to_der()
                        .as_bytes()
                        .to_vec()
                })
            }
        }
    }
}

fn ck(call: &'static str) -> impl Fn(CkError) -> Error {
    move |e| Error::Pkcs11 {
        call,
        detail: e.to_string(),
    }
}

impl TokenSigner {
    /// Opens the token labelled `token` with `pin` (the PIN never leaves this function).
    pub fn open(
        module: &Path,
        token: &str,
        key_label: Option<&str>,
        pin: &str,
    ) -> Result<TokenSigner> {
        let ctx = load_module(module)?;
        let slot = find_slot(&ctx, token)?;
        let session = ctx.open_ro_session(slot).map_err(ck("C_OpenSession"))?;
        login(&session, token, pin)?;
        let key = find_key(&session, token, key_label)?;
        let chain = token_chain(&session, token, &key)?;
        Ok(TokenSigner {
            session,
            key: key.handle,
            chain,
            _ctx: ctx,
        })
    }
}

/// Loads and initializes the PKCS#11 module.
fn load_module(module: &Path) -> Result<Pkcs11> {
    if !module.exists() {
        return Err(Error::ModuleNotFound(module.to_path_buf()));
    }
    let ctx = Pkcs11::new(module).map_err(|e| Error::ModuleLoad {
        path: module.to_path_buf(),
        detail: e.to_string(),
    })?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(ck("C_Initialize")(e)),
    }
    Ok(ctx)
}

/// The slot of the token labelled `token`; the error lists the labels present.
fn find_slot(ctx: &Pkcs11, token: &str) -> Result<Slot> {
    let mut labels = Vec::new();
    let mut slot = None;
    for s in ctx.get_slots_with_token().map_err(ck("C_GetSlotList"))? {
        let info = ctx.get_token_info(s).map_err(ck("C_GetTokenInfo"))?;
        let label = info.label().trim_end().to_string();
        if label == token && slot.is_none() {
            slot = Some(s);
        }
        labels.push(label);
    }
    slot.ok_or_else(|| Error::TokenNotFound {
        token: token.to_string(),
        present: labels,
    })
}

fn login(session: &Session, token: &str, pin: &str) -> Result<()> {
    let auth = AuthPin::from(pin.to_string());
    session.login(UserType::User, Some(&auth)).map_err(|e| {
        let token = token.to_string();
        match e {
            CkError::Pkcs11(RvError::PinIncorrect, _) => Error::WrongPin { token },
            CkError::Pkcs11(RvError::PinLocked, _) => Error::PinLocked { token },
            CkError::Pkcs11(RvError::PinLenRange, _) => Error::PinLength { token },
            e => ck("C_Login")(e),
        }
    })
}

/// The private key on the token, its CKA_ID and its public key when the token tells (RSA
/// keys; an EC private key is matched to its certificate by CKA_ID).
struct TokenKey {
    handle: ObjectHandle,
    id: Option<Vec<u8>>,
    public: Option<PublicKey>,
}

/// The private key labelled `key_label`, or the first one.
fn find_key(session: &Session, token: &str, key_label: Option<&str>) -> Result<TokenKey> {
    let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    if let Some(l) = key_label {
        template.push(Attribute::Label(l.as_bytes().to_vec()));
    }
    let keys = session
        .find_objects(&template)
        .map_err(ck("C_FindObjects"))?;
    let Some(&key) = keys.first() else {
        return Err(Error::TokenNoKey {
            token: token.to_string(),
            label: key_label.map(str::to_string),
        });
    };
    let attrs = session
        .get_attributes(
            key,
            &[
                AttributeType::Id,
                AttributeType::Modulus,
                AttributeType::PublicExponent,
            ],
        )
        .map_err(ck("C_GetAttributeValue"))?;
    let (mut id, mut n, mut e) = (None, None, None);
    for a in attrs {
        match a {
            Attribute::Id(v) => id = Some(v),
            Attribute::Modulus(v) => n = Some(BigUint::from_bytes_be(&v)),
            Attribute::PublicExponent(v) => e = Some(BigUint::from_bytes_be(&v)),
            _ => {}
        }
    }
    let public = match (n, e) {
        (Some(n), Some(e)) => RsaPublicKey::new(n, e).ok().map(PublicKey::Rsa),
        _ => None,
    };
    Ok(TokenKey {
        handle: key,
        id,
        public,
    })
}

/// Every certificate on the token, the key's first: the one with the key's public key (or,
/// when the token does not tell it, its CKA_ID) is the leaf, the others may be its issuers.
fn token_chain(session: &Session, token: &str, key: &TokenKey) -> Result<Vec<Certificate>> {
    let handles = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(ck("C_FindObjects"))?;
    let mut certs = Vec::new();
    let mut leaf_by_id = None;
    for h in handles {
        let attrs = session
            .get_attributes(h, &[AttributeType::Value, AttributeType::Id])
            .map_err(ck("C_GetAttributeValue"))?;
        let (mut value, mut cid) = (None, None);
        for a in attrs {
            match a {
                Attribute::Value(v) => value = Some(v),
                Attribute::Id(v) => cid = Some(v),
                _ => {}
            }
        }
        if let Some(c) = value.and_then(|v| Certificate::from_der(&v).ok()) {
            if key.id.is_some() && cid == key.id && leaf_by_id.is_none() {
                leaf_by_id = Some(c.clone());
            }
            certs.push(c);
        }
    }
    if certs.is_empty() {
        return Err(Error::TokenNoCertificate {
            token: token.to_string(),
        });
    }
    let chain = super::keys::order_chain(certs, |c| match &key.public {
        Some(p) => PublicKey::of(c).as_ref() == Some(p),
        None => leaf_by_id.as_ref() == Some(c),
    })?;
    if let Some(leaf) = &leaf_by_id
        && key.public.is_some()
        && leaf != &chain[0]
    {
        let name = cert::display_name(leaf);
        return Err(Error::TokenKeyMismatch { name });
    }
    Ok(chain)
}
