//! The signing-key options shared by `sign` and `publish --apply`: PEM files, a PKCS#12 file or
//! a PKCS#11 token. Passwords and PINs never come from the command line.

use crate::i18n::tr;
use crate::sign::KeySource;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Default, Clone)]
pub struct KeyArgs {
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
    pub fn source(&self) -> Option<KeySource> {
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
