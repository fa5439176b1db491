//! What can go wrong when loading a key, signing a PDF or reading a certificate. The message
//! is written once, here, and rendered in the user's language when it is shown.

use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// A file (key, certificate, PKCS#12) could not be read.
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// What went wrong with the file at `path`.
    InFile {
        path: PathBuf,
        error: Box<Error>,
    },
    /// The certificates of a file could not be read.
    Certificates {
        path: PathBuf,
        error: Box<Error>,
    },
    /// A password or PIN was needed and could not be had (said by whoever was asked).
    Secret(Box<dyn std::error::Error + Send + Sync>),
    /// The external signing program gave no usable signature (`--sign-command`).
    SignCommand(super::command::CommandError),
    /// A Cloud Signature Consortium service gave no signature (`--csc`).
    Csc(super::csc::CscError),

    // Certificates.
    NoCertificate,
    BadCertificate(String),
    NotYetValid {
        name: String,
        at: String,
        from: String,
    },
    Expired {
        name: String,
        at: String,
        until: String,
    },
    MalformedKeyUsage {
        name: String,
        detail: String,
    },
    MalformedExtKeyUsage {
        name: String,
        detail: String,
    },
    NotForSigning {
        name: String,
    },
    NotForSigningDocuments {
        name: String,
    },
    UnsupportedAlgorithm(String),
    Untrusted {
        name: String,
    },
    Revoked {
        name: String,
        time: String,
        source: String,
    },
    RevocationUnknown {
        name: String,
        reason: String,
    },
    BadSignature {
        scheme: &'static str,
    },

    // Software keys.
    Rsa(String),
    WrongP12Password,
    UnsupportedP12Encryption(String),
    NotP12(String),
    P12NoKey,
    P12KeyUnsupported,
    P12BadCertificate(String),
    KeyDoesNotMatch {
        name: String,
    },
    UnreadableKey,
    EncryptedPemKey,
    UnsupportedCurve,
    Ecdsa(String),
    RsaKeyTooSmall {
        bits: usize,
    },
    UnsupportedKey,
    KeyAlgorithmMismatch(String),

    // PKCS#11 tokens.
    TokenRefused(String),
    Pkcs11 {
        call: &'static str,
        detail: String,
    },
    ModuleNotFound(PathBuf),
    ModuleLoad {
        path: PathBuf,
        detail: String,
    },
    TokenNotFound {
        token: String,
        present: Vec<String>,
    },
    WrongPin {
        token: String,
    },
    PinLocked {
        token: String,
    },
    PinLength {
        token: String,
    },
    TokenNoKey {
        token: String,
        label: Option<String>,
    },
    TokenNoCertificate {
        token: String,
    },
    TokenKeyMismatch {
        name: String,
    },

    // Timestamps.
    Tsa {
        url: String,
        detail: String,
    },
    BadTimestamp(String),
    NotForTimestamping {
        name: String,
    },

    // CMS.
    Cms(der::Error),
    CmsNoCertificate,
    MalformedCms,
    NotSignedData,

    // The signing time.
    BadSigningTime(String),
    TimeOutOfRange,

    // The PDF.
    NotPdf,
    Encrypted,
    Damaged(String),
    BrokenXref,
    NoPage,
    MissingObject(u32, u16),
    FieldAlreadySigned(String),
    NoSuchPage {
        number: u32,
        count: u32,
    },
    BadRect,
    NoSigningCertificate,
    Write(String),
    TooLarge,
    CmsTooLarge {
        size: usize,
        reserved: usize,
    },

    // The visible signature.
    MissingGlyph(char),
    BadImage {
        what: Image,
        detail: String,
    },
    FontEmbed(String),
    BlockTooSmall {
        w: f32,
        h: f32,
        need: f32,
    },

    // The role of the signature (the signer's, then the agency's).
    Role(super::role::RoleError),
}

/// The images of the visible signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Image {
    Signature,
    Seal,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Write(e.to_string())
    }
}

impl From<der::Error> for Error {
    fn from(e: der::Error) -> Self {
        Error::Cms(e)
    }
}

impl Error {
    /// This error, said of the file at `path`.
    pub fn in_file(self, path: impl Into<PathBuf>) -> Error {
        Error::InFile {
            path: path.into(),
            error: Box::new(self),
        }
    }
}

impl std::error::Error for Error {}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl Error {
    fn message(&self) -> String {
        self.file_message()
            .or_else(|| self.certificate_message())
            .or_else(|| self.key_message())
            .or_else(|| self.token_message())
            .or_else(|| self.pdf_message())
            .or_else(|| self.appearance_message())
            .or_else(|| match self {
                Error::Role(e) => Some(e.to_string()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Files and secrets.
    fn file_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::Read { path, error } => {
                let f = path.display();
                tr!(
                    "không đọc được \"{f}\": {error}",
                    "cannot read \"{f}\": {error}"
                )
            }
            E::InFile { path, error } => format!("{}: {error}", path.display()),
            E::Certificates { path, error } => {
                let f = path.display();
                tr!(
                    "{f}: không đọc được chứng thư số (PEM hoặc DER): {error}",
                    "{f}: cannot read the certificates (PEM or DER): {error}"
                )
            }
            E::Secret(e) => e.to_string(),
            E::SignCommand(e) => e.to_string(),
            E::Csc(e) => e.to_string(),
            _ => return None,
        })
    }

    /// Certificates.
    fn certificate_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::NoCertificate => tr!("không có chứng thư số nào", "no certificate found"),
            E::BadCertificate(e) => e.clone(),
            E::NotYetValid { name, at, from } => tr!(
                "chứng thư số \"{name}\" chưa có hiệu lực tại thời điểm ký {at} (hiệu lực từ {from})",
                "certificate \"{name}\" is not yet valid at the signing time {at} (valid from {from})"
            ),
            E::Expired { name, at, until } => tr!(
                "chứng thư số \"{name}\" đã hết hạn tại thời điểm ký {at} (hết hạn {until})",
                "certificate \"{name}\" has expired at the signing time {at} (expired {until})"
            ),
            E::MalformedKeyUsage { name, detail } => tr!(
                "chứng thư số \"{name}\": phần mở rộng keyUsage hỏng ({detail})",
                "certificate \"{name}\": malformed keyUsage extension ({detail})"
            ),
            E::MalformedExtKeyUsage { name, detail } => tr!(
                "chứng thư số \"{name}\": phần mở rộng extendedKeyUsage hỏng ({detail})",
                "certificate \"{name}\": malformed extendedKeyUsage extension ({detail})"
            ),
            E::NotForSigning { name } => tr!(
                "chứng thư số \"{name}\" không dùng để ký: keyUsage không có digitalSignature hay nonRepudiation",
                "certificate \"{name}\" is not for signing: its keyUsage has neither digitalSignature nor nonRepudiation"
            ),
            E::NotForSigningDocuments { name } => tr!(
                "chứng thư số \"{name}\" không dùng để ký văn bản: extendedKeyUsage không có mục đích ký (emailProtection, documentSigning…)",
                "certificate \"{name}\" is not for signing documents: its extendedKeyUsage has no signing purpose (emailProtection, documentSigning…)"
            ),
            E::UnsupportedAlgorithm(oid) => tr!(
                "thuật toán chữ ký không hỗ trợ ({oid})",
                "unsupported signature algorithm ({oid})"
            ),
            E::Untrusted { name } => tr!(
                "chứng thư số \"{name}\" không dẫn tới chứng thư gốc tin cậy nào (--trust): không ký",
                "certificate \"{name}\" does not chain to a trusted root (--trust): not signing"
            ),
            E::Revoked { name, time, source } => tr!(
                "chứng thư số \"{name}\" đã bị thu hồi lúc {time} (theo {source}): không ký",
                "certificate \"{name}\" was revoked at {time} (according to {source}): not signing"
            ),
            E::RevocationUnknown { name, reason } => tr!(
                "không kiểm tra được tình trạng thu hồi của chứng thư số \"{name}\": {reason}; không ký (dùng --offline để ký mà không kiểm tra)",
                "cannot check the revocation status of certificate \"{name}\": {reason}; not signing (use --offline to sign without this check)"
            ),
            E::BadSignature { scheme } => tr!(
                "chữ ký {scheme} không đúng",
                "the {scheme} signature does not verify"
            ),
            _ => return None,
        })
    }

    /// Software keys.
    fn key_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::Rsa(e) => format!("RSA: {e}"),
            E::WrongP12Password => tr!(
                "sai mật khẩu tệp PKCS#12",
                "wrong password for the PKCS#12 file"
            ),
            E::UnsupportedP12Encryption(e) => tr!(
                "tệp PKCS#12 dùng thuật toán mã hóa không hỗ trợ ({e})",
                "the PKCS#12 file uses an unsupported encryption ({e})"
            ),
            E::NotP12(e) => tr!(
                "không phải tệp PKCS#12 hợp lệ ({e})",
                "not a valid PKCS#12 file ({e})"
            ),
            E::P12NoKey => tr!(
                "tệp PKCS#12 không chứa khóa bí mật",
                "the PKCS#12 file holds no private key"
            ),
            E::P12KeyUnsupported => tr!(
                "khóa trong tệp PKCS#12 không phải RSA, EC P-256 hay EC P-384",
                "the key in the PKCS#12 file is not RSA, EC P-256 or EC P-384"
            ),
            E::P12BadCertificate(e) => tr!(
                "chứng thư số trong tệp PKCS#12 hỏng ({e})",
                "a certificate in the PKCS#12 file is malformed ({e})"
            ),
            E::KeyDoesNotMatch { name } => tr!(
                "khóa bí mật không khớp với chứng thư số \"{name}\" (khóa công khai khác nhau)",
                "the private key does not match certificate \"{name}\" (different public keys)"
            ),
            E::UnreadableKey => tr!(
                "không đọc được khóa bí mật (RSA hoặc EC; PKCS#8, PKCS#1 hoặc SEC1; PEM hoặc DER)",
                "cannot read the private key (RSA or EC; PKCS#8, PKCS#1 or SEC1; PEM or DER)"
            ),
            E::EncryptedPemKey => tr!(
                "khóa bí mật PEM được mã hóa: hãy dùng tệp PKCS#12 (--p12) hoặc khóa không mã hóa",
                "the PEM private key is encrypted: use a PKCS#12 file (--p12) or an unencrypted key"
            ),
            E::UnsupportedCurve => tr!(
                "khóa EC trên đường cong không hỗ trợ (chỉ P-256 và P-384)",
                "EC key on an unsupported curve (only P-256 and P-384)"
            ),
            E::Ecdsa(e) => format!("ECDSA: {e}"),
            E::RsaKeyTooSmall { bits } => tr!(
                "khóa RSA {bits} bit quá ngắn: Thông tư 15/2025/TT-BKHCN yêu cầu ít nhất 2048 bit",
                "the {bits}-bit RSA key is too short: Circular 15/2025/TT-BKHCN requires at least 2048 bits"
            ),
            E::UnsupportedKey => tr!(
                "khóa công khai của chứng thư số không phải RSA, ECDSA P-256 hay P-384",
                "the certificate's public key is not RSA, ECDSA P-256 or P-384"
            ),
            E::KeyAlgorithmMismatch(alg) => tr!(
                "thuật toán {alg} không dùng được với khóa này",
                "the algorithm {alg} does not fit this key"
            ),
            _ => return None,
        })
    }

    /// PKCS#11 tokens.
    fn token_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::TokenRefused(e) => tr!("token từ chối ký: {e}", "the token refused to sign: {e}"),
            E::Pkcs11 { call, detail } => format!("PKCS#11 {call}: {detail}"),
            E::ModuleNotFound(path) => {
                let shown = path.display();
                tr!(
                    "không tìm thấy mô-đun PKCS#11 \"{shown}\"",
                    "PKCS#11 module \"{shown}\" not found"
                )
            }
            E::ModuleLoad { path, detail } => {
                let shown = path.display();
                tr!(
                    "không nạp được mô-đun PKCS#11 \"{shown}\": {detail}",
                    "cannot load PKCS#11 module \"{shown}\": {detail}"
                )
            }
            E::TokenNotFound { token, present } => {
                let found = if present.is_empty() {
                    tr!("không có token nào", "no token at all")
                } else {
                    present.join(", ")
                };
                tr!(
                    "không tìm thấy token \"{token}\" (có: {found})",
                    "token \"{token}\" not found (present: {found})"
                )
            }
            E::WrongPin { token } => tr!(
                "sai mã PIN của token \"{token}\"",
                "wrong PIN for token \"{token}\""
            ),
            E::PinLocked { token } => tr!(
                "mã PIN của token \"{token}\" đã bị khóa",
                "the PIN of token \"{token}\" is locked"
            ),
            E::PinLength { token } => tr!(
                "mã PIN của token \"{token}\" sai độ dài",
                "the PIN for token \"{token}\" has the wrong length"
            ),
            E::TokenNoKey { token, label } => {
                let which = label
                    .as_ref()
                    .map(|l| format!(" \"{l}\""))
                    .unwrap_or_default();
                tr!(
                    "token \"{token}\" không có khóa bí mật{which}",
                    "token \"{token}\" holds no private key{which}"
                )
            }
            E::TokenNoCertificate { token } => tr!(
                "token \"{token}\" không có chứng thư số",
                "token \"{token}\" holds no certificate"
            ),
            E::TokenKeyMismatch { name } => tr!(
                "khóa bí mật trên token không khớp với chứng thư số \"{name}\" cùng CKA_ID",
                "the private key on the token does not match certificate \"{name}\" with the same CKA_ID"
            ),
            _ => return None,
        })
    }

    /// The CMS, the signing time and the PDF.
    fn pdf_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::Tsa { url, detail } => tr!(
                "không lấy được dấu thời gian từ TSA {url}: {detail}; chưa ghi tệp nào",
                "no timestamp from the TSA {url}: {detail}; no file was written"
            ),
            E::BadTimestamp(what) => tr!(
                "dấu thời gian không hợp lệ ({what})",
                "invalid timestamp token ({what})"
            ),
            E::NotForTimestamping { name } => tr!(
                "chứng thư số \"{name}\" của TSA không có mục đích timeStamping",
                "the TSA certificate \"{name}\" lacks the timeStamping purpose"
            ),
            E::Cms(e) => format!("CMS: {e}"),
            E::CmsNoCertificate => tr!("thiếu chứng thư số", "no certificate"),
            E::MalformedCms => tr!("CMS không hợp lệ", "malformed CMS"),
            E::NotSignedData => tr!("CMS không phải SignedData", "the CMS is not SignedData"),
            E::BadSigningTime(s) => tr!(
                "QMSDOC_SIGNING_TIME không phải thời điểm RFC 3339 (ví dụ 2026-11-23T15:04:05+07:00): \"{s}\"",
                "QMSDOC_SIGNING_TIME is not an RFC 3339 time (e.g. 2026-11-23T15:04:05+07:00): \"{s}\""
            ),
            E::TimeOutOfRange => tr!(
                "thời điểm ký nằm ngoài khoảng 1950–9999",
                "the signing time is outside 1950–9999"
            ),
            E::NotPdf => tr!(
                "tệp không phải PDF (không có tiêu đề %PDF-)",
                "the file is not a PDF (no %PDF- header)"
            ),
            E::Encrypted => tr!(
                "PDF được mã hóa (có mật khẩu): không ký được; hãy ký bản không mã hóa",
                "the PDF is encrypted (password-protected): it cannot be signed; sign an unencrypted copy"
            ),
            E::Damaged(e) => tr!(
                "PDF bị hỏng, không đọc được: {e}",
                "the PDF is damaged and cannot be read: {e}"
            ),
            E::BrokenXref => tr!(
                "PDF bị hỏng (bảng tham chiếu chéo sai hoặc tệp bị cắt cụt): không thêm chữ ký vào được; sửa bằng `qpdf in.pdf out.pdf` rồi ký lại",
                "the PDF is damaged (broken cross-reference data or a truncated file): a signature cannot be added; repair it with `qpdf in.pdf out.pdf` and sign again"
            ),
            E::NoPage => tr!("PDF không có trang nào", "the PDF has no page"),
            E::MissingObject(n, g) => tr!(
                "PDF bị hỏng: thiếu đối tượng {n} {g}",
                "the PDF is damaged: object {n} {g} is missing"
            ),
            E::FieldAlreadySigned(name) => tr!(
                "trường chữ ký \"{name}\" đã được ký",
                "signature field \"{name}\" is already signed"
            ),
            E::NoSuchPage { number, count } => tr!(
                "không có trang {number} (tài liệu có {count} trang)",
                "there is no page {number} (the document has {count} pages)"
            ),
            E::BadRect => tr!(
                "--rect phải là x1,y1,x2,y2 với x2 > x1 và y2 > y1 (điểm)",
                "--rect must be x1,y1,x2,y2 with x2 > x1 and y2 > y1 (points)"
            ),
            E::NoSigningCertificate => tr!("không có chứng thư số để ký", "no signing certificate"),
            E::Write(e) => e.clone(),
            E::TooLarge => "the file is too large to sign".to_string(),
            E::CmsTooLarge { size, reserved } => tr!(
                "chữ ký CMS ({size} byte) không vừa chỗ dành sẵn ({reserved} byte)",
                "the CMS signature ({size} bytes) does not fit the space reserved for it ({reserved} bytes)"
            ),
            _ => return None,
        })
    }

    /// The visible signature.
    fn appearance_message(&self) -> Option<String> {
        use Error as E;
        Some(match self {
            E::MissingGlyph(c) => tr!(
                "phông chữ không có ký tự \"{c}\" (U+{:04X})",
                "the font has no glyph for \"{c}\" (U+{:04X})",
                *c as u32
            ),
            E::BadImage { what, detail } => {
                let what = match what {
                    Image::Signature => crate::i18n::tr("chữ ký", "signature"),
                    Image::Seal => crate::i18n::tr("con dấu", "seal"),
                };
                tr!(
                    "ảnh {what} không phải PNG hợp lệ: {detail}",
                    "the {what} image is not a valid PNG: {detail}"
                )
            }
            E::FontEmbed(e) => e.clone(),
            E::BlockTooSmall { w, h, need } => tr!(
                "khối chữ ký quá nhỏ cho nội dung: ô {w:.0}×{h:.0} pt, cần cao ít nhất {need:.0} pt với cỡ chữ 10 (dùng --rect lớn hơn)",
                "the signature block is too small for its content: {w:.0}×{h:.0} pt, needs at least {need:.0} pt high at font size 10 (use a larger --rect)"
            ),
            _ => return None,
        })
    }
}
