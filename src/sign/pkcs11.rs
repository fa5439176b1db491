//! Keys on a token (USB token, smart card, HSM) through a PKCS#11 module: find the token by
//! label, log in with the PIN, take the private key (by label when given) and the certificate
//! with the same CKA_ID, and sign with CKM_SHA256_RSA_PKCS.

use super::Signer;
use super::cert::{self, rsa_public_key};
use anyhow::{Result, anyhow, bail};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
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

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.session
            .sign(&Mechanism::Sha256RsaPkcs, self.key, data)
            .map_err(|e| {
                anyhow!(crate::tr!(
                    "token từ chối ký: {e}",
                    "the token refused to sign: {e}"
                ))
            })
    }
}

fn ck(what: &str) -> impl Fn(CkError) -> anyhow::Error + '_ {
    move |e| anyhow!("PKCS#11 {what}: {e}")
}

impl TokenSigner {
    /// Opens the token labelled `token` with `pin` (the PIN never leaves this function).
    pub fn open(
        module: &Path,
        token: &str,
        key_label: Option<&str>,
        pin: &str,
    ) -> Result<TokenSigner> {
        let shown = module.display();
        if !module.exists() {
            bail!(crate::tr!(
                "không tìm thấy mô-đun PKCS#11 \"{shown}\"",
                "PKCS#11 module \"{shown}\" not found"
            ));
        }
        let ctx = Pkcs11::new(module).map_err(|e| {
            anyhow!(crate::tr!(
                "không nạp được mô-đun PKCS#11 \"{shown}\": {e}",
                "cannot load PKCS#11 module \"{shown}\": {e}"
            ))
        })?;
        match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(ck("C_Initialize")(e)),
        }
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
        let Some(slot) = slot else {
            let found = if labels.is_empty() {
                crate::tr!("không có token nào", "no token at all").to_string()
            } else {
                labels.join(", ")
            };
            bail!(crate::tr!(
                "không tìm thấy token \"{token}\" (có: {found})",
                "token \"{token}\" not found (present: {found})"
            ));
        };
        let session = ctx.open_ro_session(slot).map_err(ck("C_OpenSession"))?;
        let auth = AuthPin::from(pin.to_string());
        session
            .login(UserType::User, Some(&auth))
            .map_err(|e| match e {
                CkError::Pkcs11(RvError::PinIncorrect, _) => anyhow!(crate::tr!(
                    "sai mã PIN của token \"{token}\"",
                    "wrong PIN for token \"{token}\""
                )),
                CkError::Pkcs11(RvError::PinLocked, _) => anyhow!(crate::tr!(
                    "mã PIN của token \"{token}\" đã bị khóa",
                    "the PIN of token \"{token}\" is locked"
                )),
                CkError::Pkcs11(RvError::PinLenRange, _) => anyhow!(crate::tr!(
                    "mã PIN của token \"{token}\" sai độ dài",
                    "the PIN for token \"{token}\" has the wrong length"
                )),
                e => ck("C_Login")(e),
            })?;

        let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
        if let Some(l) = key_label {
            template.push(Attribute::Label(l.as_bytes().to_vec()));
        }
        let keys = session
            .find_objects(&template)
            .map_err(ck("C_FindObjects"))?;
        let Some(&key) = keys.first() else {
            let which = key_label.map(|l| format!(" \"{l}\"")).unwrap_or_default();
            bail!(crate::tr!(
                "token \"{token}\" không có khóa bí mật{which}",
                "token \"{token}\" holds no private key{which}"
            ));
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
            (Some(n), Some(e)) => RsaPublicKey::new(n, e).ok(),
            _ => None,
        };

        // Every certificate on the token: the one with the key's CKA_ID (or public key) is
        // the leaf, the others may be its issuers.
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
                if id.is_some() && cid == id && leaf_by_id.is_none() {
                    leaf_by_id = Some(c.clone());
                }
                certs.push(c);
            }
        }
        if certs.is_empty() {
            bail!(crate::tr!(
                "token \"{token}\" không có chứng thư số",
                "token \"{token}\" holds no certificate"
            ));
        }
        let chain = super::keys::order_chain(certs, |c| match &public {
            Some(p) => rsa_public_key(c).as_ref() == Some(p),
            None => leaf_by_id.as_ref() == Some(c),
        })?;
        if let Some(leaf) = &leaf_by_id
            && public.is_some()
            && leaf != &chain[0]
        {
            let name = cert::display_name(leaf);
            bail!(crate::tr!(
                "khóa bí mật trên token không khớp với chứng thư số \"{name}\" cùng CKA_ID",
                "the private key on the token does not match certificate \"{name}\" with the same CKA_ID"
            ));
        }
        Ok(TokenSigner {
            session,
            key,
            chain,
            _ctx: ctx,
        })
    }
}
