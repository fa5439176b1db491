//! The signing-key options shared by `sign` and `publish --apply`: PEM files, a PKCS#12 file or
//! a PKCS#11 token. Passwords and PINs never come from the command line.

use crate::i18n::tr;
use crate::sign::{KeySource, Secret};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Default, Clone)]
pub(super) struct KeyArgs {
    #[arg(long, value_name = "KEY.pem", requires = "cert", conflicts_with_all = ["p12", "pkcs11"], help = tr(
        "Khóa bí mật RSA (PEM/DER, PKCS#8 hoặc PKCS#1)",
        "RSA private key (PEM/DER, PKCS#8 or PKCS#1)"
    ))]
    pub key: Option<PathBuf>,
    #[arg(long, value_name = "CHAIN.pem", requires = "key", help = tr(
        "Chứng thư số của người ký rồi các chứng thư trung gian (PEM)",
        "The signer's certificate, then the intermediates (PEM)"
    ))]
    pub cert: Option<PathBuf>,
    #[arg(long, value_name = "FILE.p12", conflicts_with = "pkcs11", help = tr(
        "Tệp PKCS#12 (.p12/.pfx); mật khẩu từ QMSDOC_P12_PASSWORD hoặc hỏi trên terminal",
        "PKCS#12 file (.p12/.pfx); password from QMSDOC_P12_PASSWORD or asked on the terminal"
    ))]
    pub p12: Option<PathBuf>,
    #[arg(long, value_name = "MODULE.so", requires = "token", help = tr(
        "Mô-đun PKCS#11 của token; mã PIN từ QMSDOC_PKCS11_PIN hoặc hỏi trên terminal",
        "PKCS#11 module of the token; PIN from QMSDOC_PKCS11_PIN or asked on the terminal"
    ))]
    pub pkcs11: Option<PathBuf>,
    #[arg(long, value_name = "NHÃN", requires = "pkcs11", help = tr("Nhãn của token", "Token label"))]
    pub token: Option<String>,
    #[arg(long, value_name = "NHÃN", requires = "pkcs11", help = tr(
        "Nhãn của khóa bí mật trên token [mặc định: khóa đầu tiên]",
        "Label of the private key on the token [default: the first key]"
    ))]
    pub key_label: Option<String>,
}

impl KeyArgs {
    /// The key source given, if any (clap already refused contradictory combinations).
    pub(super) fn source(&self) -> Option<KeySource> {
        match (&self.key, &self.cert, &self.p12, &self.pkcs11) {
            (Some(key), Some(cert), _, _) => Some(KeySource::Pem {
                key: key.clone(),
                cert: cert.clone(),
            }),
            (_, _, Some(p), _) => Some(KeySource::P12 { path: p.clone() }),
            (_, _, _, Some(m)) => Some(KeySource::Pkcs11 {
                module: m.clone(),
                token: self.token.clone().unwrap_or_default(),
                key_label: self.key_label.clone(),
            }),
            _ => None,
        }
    }
}

/// Why a password or PIN could not be had.
#[derive(Debug)]
enum SecretError {
    /// Nothing in the environment variable and no terminal to ask on.
    NoTerminal(&'static str),
    Prompt(std::io::Error),
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            SecretError::NoTerminal(var) => crate::tr!(
                "cần mật khẩu/mã PIN: đặt biến môi trường {var} (không có terminal để hỏi)",
                "a password/PIN is needed: set the {var} environment variable (no terminal to ask on)"
            ),
            SecretError::Prompt(e) => crate::tr!(
                "không đọc được mật khẩu từ terminal: {e}",
                "cannot read the password from the terminal: {e}"
            ),
        })
    }
}

impl std::error::Error for SecretError {}

/// A password or PIN for a key source: from `QMSDOC_P12_PASSWORD` or `QMSDOC_PKCS11_PIN`,
/// else asked on the terminal. Never from the command line, never echoed.
pub(super) fn ask_secret(secret: Secret<'_>) -> Result<String, crate::sign::Error> {
    use std::io::IsTerminal;
    let (var, prompt) = match secret {
        Secret::P12Password(_) => (
            "QMSDOC_P12_PASSWORD",
            tr("Mật khẩu tệp PKCS#12: ", "PKCS#12 password: ").to_string(),
        ),
        Secret::Pin(token) => (
            "QMSDOC_PKCS11_PIN",
            crate::tr!(
                "Mã PIN của token \"{token}\": ",
                "PIN for token \"{token}\": "
            ),
        ),
    };
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    let fail = |e: SecretError| crate::sign::Error::Secret(Box::new(e));
    if !std::io::stdin().is_terminal() {
        return Err(fail(SecretError::NoTerminal(var)));
    }
    rpassword::prompt_password(prompt).map_err(|e| fail(SecretError::Prompt(e)))
}
