//! The signing-key options shared by `sign` and `publish --apply`: PEM files, a PKCS#12 file or
//! a PKCS#11 token. Passwords and PINs never come from the command line.

use crate::i18n::tr;
use crate::sign::{KeySource, Secret};
use std::path::PathBuf;

#[derive(clap::Args, Debug, Default, Clone)]
pub(super) struct KeyArgs {
    #[arg(long, value_name = "KEY.pem", requires = "cert", group = "with_cert", conflicts_with_all = ["p12", "pkcs11"], help = tr(
        "Khóa bí mật RSA (PEM/DER, PKCS#8 hoặc PKCS#1)",
        "RSA private key (PEM/DER, PKCS#8 or PKCS#1)"
    ))]
    pub key: Option<PathBuf>,
    #[arg(long, value_name = "CHAIN.pem", requires = "with_cert", help = tr(
        "Chứng thư số của người ký rồi các chứng thư trung gian (PEM); đi cùng --key hoặc --sign-command",
        "The signer's certificate, then the intermediates (PEM); with --key or --sign-command"
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
    #[arg(long, value_name = "LỆNH", requires = "cert", group = "with_cert", conflicts_with_all = ["p12", "pkcs11"], help = tr(
        "Chương trình ngoài ký thay (nhận dữ liệu/giá trị băm, in chữ ký base64; xem docs/signing.md); chứng thư số từ --cert",
        "External program that signs (data/hash in, base64 signature out; see docs/signing.md); the certificates from --cert"
    ))]
    pub sign_command: Option<String>,
    #[arg(long, value_name = "GIÂY", default_value_t = 120.0, help = tr(
        "Thời gian chờ chữ ký từ xa hoặc lệnh ký (người ký xác nhận trên điện thoại)",
        "How long to wait for a remote signature or the signing command (the signer approves on the phone)"
    ))]
    pub approval_timeout: f64,
    #[arg(long, value_name = "URL", conflicts_with_all = ["key", "p12", "pkcs11", "sign_command"], help = tr(
        "Ký số từ xa qua API CSC (Cloud Signature Consortium v1/v2), ví dụ https://…/csc/v1; token từ QMSDOC_CSC_TOKEN hoặc QMSDOC_CSC_CLIENT_ID/QMSDOC_CSC_CLIENT_SECRET, mã PIN từ QMSDOC_CSC_PIN hoặc hỏi",
        "Remote signing through the CSC API (Cloud Signature Consortium v1/v2), e.g. https://…/csc/v1; token from QMSDOC_CSC_TOKEN or QMSDOC_CSC_CLIENT_ID/QMSDOC_CSC_CLIENT_SECRET, PIN from QMSDOC_CSC_PIN or asked"
    ))]
    pub csc: Option<String>,
    #[arg(long, value_name = "ID", requires = "csc", help = tr(
        "Mã chứng thư (credentialID) trên dịch vụ CSC [mặc định: chứng thư duy nhất của tài khoản]",
        "Credential ID on the CSC service [default: the account's only credential]"
    ))]
    pub csc_credential: Option<String>,
}

impl KeyArgs {
    fn csc_source(&self) -> Option<KeySource> {
        Some(KeySource::Csc(crate::sign::csc::CscConfig {
            url: self.csc.clone()?,
            credential: self.csc_credential.clone(),
            patience: crate::sign::http::Patience::default(),
            approval: self.approval(),
            on_wait: show_waiting,
            description: None,
        }))
    }

    /// Names the file on the signer's phone (`credentials/authorize` description).
    pub(super) fn describe(source: &mut KeySource, file: &std::path::Path) {
        if let KeySource::Csc(c) = source {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            c.description = Some(format!("qmsdoc: {name}"));
        }
    }

    /// How long a remote signature may take (`--approval-timeout`).
    fn approval(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.approval_timeout.clamp(0.1, 3600.0))
    }

    /// The key source given, if any (clap already refused contradictory combinations).
    pub(super) fn source(&self) -> Option<KeySource> {
        match (&self.key, &self.cert, &self.p12, &self.pkcs11) {
            (Some(key), Some(cert), _, _) => Some(KeySource::Pem {
                key: key.clone(),
                cert: cert.clone(),
            }),
            (None, Some(cert), _, _) => self.sign_command.as_ref().map(|c| KeySource::Command {
                command: c.clone(),
                cert: cert.clone(),
                timeout: self.approval(),
            }),
            _ if self.csc.is_some() => self.csc_source(),
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

/// What the remote signing service waits for, on stderr.
fn show_waiting(w: &crate::sign::csc::Waiting) {
    let (signer, left) = (&w.signer, w.limit.saturating_sub(w.waited).as_secs());
    eprintln!(
        "{}",
        crate::tr!(
            "đang chờ \"{signer}\" xác nhận ký trên điện thoại (ứng dụng ký số từ xa), còn {left} giây…",
            "waiting for \"{signer}\" to approve the signature on the phone (remote signing app), {left} s left…"
        )
    );
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
        Secret::CscPin(credential) => (
            "QMSDOC_CSC_PIN",
            crate::tr!(
                "Mã PIN ký số từ xa của \"{credential}\": ",
                "Remote signing PIN for \"{credential}\": "
            ),
        ),
        Secret::CscOtp(credential) => (
            "QMSDOC_CSC_OTP",
            crate::tr!(
                "Mã OTP cho \"{credential}\": ",
                "One-time password for \"{credential}\": "
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
