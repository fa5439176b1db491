//! A signer whose signature comes from an external program (`--sign-command`): for signing
//! services that have their own API and no adapter here yet, or a key kept where qmsdoc
//! cannot reach it. The program is a hash-in, signature-out hook; the certificate chain comes
//! from a PEM file (`--cert`), so the program never has to print certificates.
//!
//! The protocol (docs/signing.md, "Ký bằng chương trình ngoài"):
//! - the command line runs through the shell (`sh -c`, `cmd /C` on Windows);
//! - stdin: the bytes to sign (the DER of the CMS signed attributes);
//! - environment: `QMSDOC_SIGN_SCHEME` (`rsa-pss`, `rsa-pkcs1v15`, `ecdsa-p256`,
//!   `ecdsa-p384`), `QMSDOC_SIGN_HASH` (`sha256`), `QMSDOC_SIGN_HASH_OID`,
//!   `QMSDOC_SIGN_DIGEST` (the SHA-256 of stdin, hex) and `QMSDOC_SIGN_DIGEST_BASE64`,
//!   `QMSDOC_SIGN_PSS_SALT` (32, for RSASSA-PSS), `QMSDOC_SIGN_CERT` (the `--cert` file);
//! - stdout: the signature in base64 (white space ignored): the RSA signature block, or for
//!   ECDSA the DER `ECDSA-Sig-Value` or the raw r‖s;
//! - exit status 0 = signed; anything else = refused, and its stderr is shown.
//!
//! The signature is checked against the certificate before it is used: a program that
//! answers with the wrong key or garbage is caught here, not by whoever reads the PDF.

use super::algorithm::{PublicKey, Scheme};
use super::error::{Error, Result};
use super::{Signer, cert, keys};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use x509_cert::Certificate;

/// The longest stderr shown from a failed program.
const STDERR_SHOWN: usize = 2000;

/// Why the external program gave no usable signature.
#[derive(Debug)]
pub enum CommandError {
    /// The program could not be started.
    Start { command: String, error: String },
    /// It did not finish in time (it was stopped).
    Timeout { command: String, secs: f64 },
    /// It exited with a failure.
    Failed {
        command: String,
        /// The exit code; None = stopped by a signal.
        code: Option<i32>,
        stderr: String,
    },
    /// Its stdout was not base64.
    NotBase64 { command: String, stderr: String },
    /// The signature does not check against the signing certificate.
    Mismatch { command: String, name: String },
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = |stderr: &str| {
            if stderr.is_empty() {
                String::new()
            } else {
                crate::tr!(
                    "; chương trình báo:\n{stderr}",
                    "; the program said:\n{stderr}"
                )
            }
        };
        f.write_str(&match self {
            CommandError::Start { command, error } => crate::tr!(
                "không chạy được lệnh ký \"{command}\": {error}",
                "cannot run the signing command \"{command}\": {error}"
            ),
            CommandError::Timeout { command, secs } => crate::tr!(
                "lệnh ký \"{command}\" không trả lời trong {secs:.1} giây (đã dừng; tăng --approval-timeout nếu cần chờ xác nhận lâu hơn); chưa ghi tệp nào",
                "the signing command \"{command}\" did not answer within {secs:.1} s (stopped; raise --approval-timeout to wait longer for an approval); no file was written"
            ),
            CommandError::Failed {
                command,
                code,
                stderr,
            } => {
                let s = said(stderr);
                match code {
                    Some(c) => crate::tr!(
                        "lệnh ký \"{command}\" thất bại (mã thoát {c}){s}",
                        "the signing command \"{command}\" failed (exit code {c}){s}"
                    ),
                    None => crate::tr!(
                        "lệnh ký \"{command}\" bị dừng bởi tín hiệu{s}",
                        "the signing command \"{command}\" was stopped by a signal{s}"
                    ),
                }
            }
            CommandError::NotBase64 { command, stderr } => {
                let s = said(stderr);
                crate::tr!(
                    "lệnh ký \"{command}\" không in chữ ký dạng base64 ra stdout{s}",
                    "the signing command \"{command}\" did not print a base64 signature on stdout{s}"
                )
            }
            CommandError::Mismatch { command, name } => crate::tr!(
                "chữ ký do lệnh \"{command}\" trả về không khớp khóa công khai của chứng thư số \"{name}\" (sai khóa, sai thuật toán hoặc sai dữ liệu)",
                "the signature returned by \"{command}\" does not match the public key of certificate \"{name}\" (wrong key, algorithm or data)"
            ),
        })
    }
}

impl std::error::Error for CommandError {}

/// Signs through an external program; the chain comes from a PEM file.
pub struct CommandSigner {
    command: String,
    cert: PathBuf,
    chain: Vec<Certificate>,
    timeout: Duration,
}

impl CommandSigner {
    /// `cert`: the signer's certificate, then its issuers (PEM or DER).
    pub fn new(command: &str, cert: &Path, timeout: Duration) -> Result<CommandSigner> {
        let bytes = keys::read(cert)?;
        let certs = cert::load_certificates(&bytes).map_err(|e| Error::Certificates {
            path: cert.to_path_buf(),
            error: Box::new(e),
        })?;
        // The first certificate is the signer's: there is no key here to match.
        let first = certs.first().cloned();
        let chain = keys::order_chain(certs, |c| Some(c) == first.as_ref())?;
        Ok(CommandSigner {
            command: command.to_string(),
            cert: cert.to_path_buf(),
            chain,
            timeout,
        })
    }

    fn fail(&self, e: impl FnOnce(String) -> CommandError) -> Error {
        Error::SignCommand(e(self.command.clone()))
    }

    /// Runs the program on `data` and returns its stdout, after a success.
    fn run(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>> {
        let digest = Sha256::digest(data);
        let mut cmd = shell(&self.command);
        cmd.env("QMSDOC_SIGN_SCHEME", scheme_name(scheme))
            .env("QMSDOC_SIGN_HASH", "sha256")
            .env("QMSDOC_SIGN_HASH_OID", cert::SHA256.to_string())
            .env("QMSDOC_SIGN_DIGEST", hex::encode(digest))
            .env("QMSDOC_SIGN_DIGEST_BASE64", base64(&digest))
            .env("QMSDOC_SIGN_CERT", &self.cert)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if scheme == Scheme::RsaPss {
            cmd.env(
                "QMSDOC_SIGN_PSS_SALT",
                super::algorithm::PSS_SALT_LEN.to_string(),
            );
        }
        let mut child = cmd.spawn().map_err(|e| {
            self.fail(|command| CommandError::Start {
                command,
                error: e.to_string(),
            })
        })?;
        if let Some(mut stdin) = child.stdin.take() {
            // A program that signs the digest from the environment may not read stdin.
            let _ = stdin.write_all(data);
        }
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = self.wait(&mut child)?;
        let out = stdout.join().unwrap_or_default();
        let err = shown_stderr(&stderr.join().unwrap_or_default());
        if !status.success() {
            return Err(self.fail(|command| CommandError::Failed {
                command,
                code: status.code(),
                stderr: err,
            }));
        }
        decode_base64(&out).ok_or_else(|| {
            self.fail(|command| CommandError::NotBase64 {
                command,
                stderr: err,
            })
        })
    }

    /// Waits for the program until the deadline, then stops it.
    fn wait(&self, child: &mut Child) -> Result<std::process::ExitStatus> {
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if started.elapsed() < self.timeout => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => {
                    stop(child);
                    let secs = self.timeout.as_secs_f64();
                    return Err(self.fail(|command| CommandError::Timeout { command, secs }));
                }
                Err(e) => {
                    return Err(self.fail(|command| CommandError::Start {
                        command,
                        error: e.to_string(),
                    }));
                }
            }
        }
    }
}

impl Signer for CommandSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>> {
        let raw = self.run(data, scheme)?;
        let leaf = self.chain.first().ok_or(Error::NoSigningCertificate)?;
        let sig = normalize_ecdsa(scheme, raw);
        check_signature(leaf, data, scheme, &sig).map_err(|_| {
            self.fail(|command| CommandError::Mismatch {
                command,
                name: cert::display_name(leaf),
            })
        })?;
        Ok(sig)
    }
}

/// Checks `sig` over `data` with the certificate's public key, as a verifier will.
pub(crate) fn check_signature(
    leaf: &Certificate,
    data: &[u8],
    scheme: Scheme,
    sig: &[u8],
) -> Result<()> {
    let key = PublicKey::of(leaf).ok_or(Error::UnsupportedKey)?;
    key.verify(&scheme.identifier()?, Some(cert::SHA256), data, sig)
}

/// An ECDSA signature as DER: services and tokens often answer with the raw r‖s.
pub(crate) fn normalize_ecdsa(scheme: Scheme, sig: Vec<u8>) -> Vec<u8> {
    let der = match scheme {
        Scheme::EcdsaP256 if p256::ecdsa::Signature::from_der(&sig).is_err() => {
            p256::ecdsa::Signature::from_slice(&sig)
                .ok()
                .map(|s| s.to_der().as_bytes().to_vec())
        }
        Scheme::EcdsaP384 if p384::ecdsa::Signature::from_der(&sig).is_err() => {
            p384::ecdsa::Signature::from_slice(&sig)
                .ok()
                .map(|s| s.to_der().as_bytes().to_vec())
        }
        _ => None,
    };
    der.unwrap_or(sig)
}

/// How the scheme is named to the program.
fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::RsaPss => "rsa-pss",
        Scheme::RsaPkcs1v15 => "rsa-pkcs1v15",
        Scheme::EcdsaP256 => "ecdsa-p256",
        Scheme::EcdsaP384 => "ecdsa-p384",
    }
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    use std::os::unix::process::CommandExt;
    let mut c = Command::new("sh");
    // Its own process group: on a timeout the shell and what it started are stopped together.
    c.arg("-c").arg(command).process_group(0);
    c
}

#[cfg(not(unix))]
fn shell(command: &str) -> Command {
    let mut c = Command::new("cmd");
    c.arg("/C").arg(command);
    c
}

/// Stops the program and the processes it started (its process group, by id).
fn stop(child: &mut Child) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads a pipe to its end on a thread (a program that fills one pipe while we wait on the
/// other would otherwise block).
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// The end of a program's stderr, trimmed (the last lines say what went wrong).
fn shown_stderr(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    match text.char_indices().rev().nth(STDERR_SHOWN) {
        Some((i, _)) => format!("…{}", &text[i..]),
        None => text.to_string(),
    }
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}

/// Base64 (standard or URL-safe alphabet, padded or not), white space ignored.
pub(crate) fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    use base64ct::Encoding;
    let compact: String = std::str::from_utf8(text)
        .ok()?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return None;
    }
    base64ct::Base64::decode_vec(&compact)
        .or_else(|_| base64ct::Base64Unpadded::decode_vec(&compact))
        .or_else(|_| base64ct::Base64Url::decode_vec(&compact))
        .or_else(|_| base64ct::Base64UrlUnpadded::decode_vec(&compact))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_base64_in_any_alphabet_and_keeps_the_end_of_stderr() {
        assert_eq!(decode_base64(b" QUJD\nRA==\n").unwrap(), b"ABCD");
        assert_eq!(decode_base64(b"QUJDRA").unwrap(), b"ABCD");
        assert_eq!(decode_base64(b"-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(decode_base64(b"").is_none());
        assert!(decode_base64(b"not base64!").is_none());
        let long = "x".repeat(5000) + "lỗi cuối";
        assert!(shown_stderr(long.as_bytes()).ends_with("lỗi cuối"));
        assert!(shown_stderr(long.as_bytes()).chars().count() <= STDERR_SHOWN + 2);
    }
}
