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

/// How a signature is made and what is checked before it, shared by `sign` and
/// `publish --apply` (Circular 15/2025/TT-BKHCN: RSASSA-PSS or ECDSA, the certificate checked
/// before signing, timestamps).
#[derive(clap::Args, Debug, Clone)]
pub(super) struct SigningArgs {
    #[arg(long, help = tr(
        "Ký khóa RSA theo PKCS#1 v1.5 thay cho RSASSA-PSS (chỉ khi phần mềm kiểm tra cần)",
        "Sign RSA keys with PKCS#1 v1.5 instead of RSASSA-PSS (only for verifiers that need it)"
    ))]
    pub rsa_pkcs1v15: bool,
    #[arg(long, value_name = "URL", env = "QMSDOC_TSA", help = tr(
        "Máy chủ cấp dấu thời gian RFC 3161 (http://…): chữ ký PAdES B-T [mặc định: signing.tsa của qms.yaml]",
        "RFC 3161 time-stamping authority (http://…): a PAdES B-T signature [default: signing.tsa of qms.yaml]"
    ))]
    pub tsa: Option<String>,
    #[arg(long, value_name = "GIÂY", help = tr(
        "Thời gian chờ mỗi lần hỏi TSA, OCSP, CRL (giây); thử lại 2 lần [mặc định: signing.timeout của qms.yaml, không có thì 10]",
        "Timeout of each request to the TSA, OCSP, CRL (seconds); 2 retries [default: signing.timeout of qms.yaml, else 10]"
    ))]
    pub timeout: Option<f64>,
    #[arg(long, value_name = "CA.pem", help = tr(
        "Chứng thư số gốc tin cậy để kiểm tra chuỗi trước khi ký (PEM; dùng nhiều lần được)",
        "Trusted root certificate to check the chain against before signing (PEM; may be repeated)"
    ))]
    pub trust: Vec<PathBuf>,
    #[arg(long, help = tr(
        "Không kiểm tra tình trạng thu hồi (OCSP/CRL); kết quả có cảnh báo",
        "Do not check revocation (OCSP/CRL); the result carries a warning"
    ))]
    pub offline: bool,
}

/// The timeout of a request when neither the command line nor qms.yaml gives one, in seconds.
const DEFAULT_TIMEOUT: f64 = 10.0;

impl SigningArgs {
    /// Takes `signing.tsa` and `signing.timeout` of qms.yaml for what the command line (or
    /// `QMSDOC_TSA`) leaves unset: the flag, then the environment, then qms.yaml.
    pub(super) fn settle(&mut self, config: &crate::model::Config) {
        if self.tsa.is_none() {
            self.tsa = config.signing_tsa.as_ref().map(|t| t.value.clone());
        }
        if self.timeout.is_none() {
            self.timeout = config.signing_timeout.as_ref().map(|t| t.value);
        }
    }

    pub(super) fn patience(&self) -> crate::sign::http::Patience {
        patience(self.timeout)
    }

    /// The timestamp authority, when one was given.
    pub(super) fn tsa(&self) -> Option<crate::sign::tsp::Tsa> {
        self.tsa.clone().map(|url| crate::sign::tsp::Tsa {
            url,
            patience: self.patience(),
        })
    }

    /// What is checked of the certificate before signing.
    pub(super) fn check(&self) -> super::error::Result<crate::sign::preflight::CertCheck> {
        Ok(crate::sign::preflight::CertCheck {
            trust: super::verify::load_roots(&self.trust)?,
            offline: self.offline,
            patience: self.patience(),
        })
    }
}

/// How long to wait for each request: `seconds` (or [`DEFAULT_TIMEOUT`]) within 0.05–600.
pub(super) fn patience(seconds: Option<f64>) -> crate::sign::http::Patience {
    let s = seconds
        .filter(|s| s.is_finite())
        .unwrap_or(DEFAULT_TIMEOUT)
        .clamp(0.05, 600.0);
    crate::sign::http::Patience {
        timeout: std::time::Duration::from_secs_f64(s),
        ..Default::default()
    }
}
