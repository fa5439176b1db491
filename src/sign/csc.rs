//! Remote signing through the Cloud Signature Consortium API ("ký số từ xa"): the PDF's hash is
//! computed here, the signature comes from the service, where the key stays. Versions 1.0.4.0
//! and 2.0.0.x of the specification; the one a service speaks is read from its `info`.
//!
//! The calls (CSC API v2 §11, v1 §11 alike): `info`; an access token (`QMSDOC_CSC_TOKEN`, or
//! OAuth 2.0 client credentials `QMSDOC_CSC_CLIENT_ID`/`QMSDOC_CSC_CLIENT_SECRET` at
//! `oauth2/token`, RFC 6749 §4.4); `credentials/list` (when no credential is named);
//! `credentials/info` (the certificate chain, the key's algorithms, how signing is authorized);
//! then for each signature `credentials/authorize` with the hash (SCAL2 binds the SAD to it),
//! polling `credentials/authorizeCheck` while the service answers 202 (the signer approves on
//! the phone), and `signatures/signHash`. The signature is checked against the certificate
//! before use.
//!
//! Secrets (token, client secret, PIN, OTP) come from the environment or the terminal, are
//! sent only to the service, and are never printed: the errors show the service's `error`
//! and `error_description`, never a request.

use super::algorithm::{PSS_SALT_LEN, RSASSA_PSS, Scheme};
use super::command::{base64, check_signature, decode_base64, normalize_ecdsa};
use super::error::{Error, Result};
use super::http::{self, Answer, HttpError, Patience};
use super::{Secret, SecretFn, Signer, cert, keys};
use der::{Decode, Encode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use x509_cert::Certificate;

pub const TOKEN_VAR: &str = "QMSDOC_CSC_TOKEN";
pub const CLIENT_ID_VAR: &str = "QMSDOC_CSC_CLIENT_ID";
pub const CLIENT_SECRET_VAR: &str = "QMSDOC_CSC_CLIENT_SECRET";
/// An SAD obtained outside qmsdoc, for credentials authorized by OAuth 2.0 (`oauth2code`).
pub const SAD_VAR: &str = "QMSDOC_CSC_SAD";

const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";

/// The version of the CSC API a service speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// What the signer waits for, told to whoever shows progress.
#[derive(Clone, Debug)]
pub struct Waiting {
    /// The signing certificate's name.
    pub signer: String,
    pub waited: Duration,
    pub limit: Duration,
}

/// Where the service is and how long to wait.
#[derive(Clone, Debug)]
pub struct CscConfig {
    /// The base URI of the API, e.g. `https://rs.example.vn/csc/v1`.
    pub url: String,
    /// The credential to sign with; None = the only one the account has.
    pub credential: Option<String>,
    /// Each request.
    pub patience: Patience,
    /// How long the signer has to approve.
    pub approval: Duration,
    /// Shown while the service waits for the signer's approval (at the start, then every 10 s).
    pub on_wait: fn(&Waiting),
    /// Shown to the signer with the request (e.g. the file's name).
    pub description: Option<String>,
}

/// Why the service gave no signature.
#[derive(Debug)]
pub enum CscError {
    Http(HttpError),
    /// The service answered with a CSC error (`error`, `error_description`).
    Service {
        method: String,
        status: String,
        error: String,
        description: String,
    },
    /// 401: no or a rejected access token.
    Unauthorized {
        method: String,
    },
    BadAnswer {
        method: String,
        detail: String,
    },
    UnsupportedVersion(String),
    NoCredential,
    SeveralCredentials(Vec<String>),
    KeyDisabled {
        credential: String,
    },
    /// The key offers no algorithm for the scheme.
    NoAlgorithm {
        scheme: String,
        offered: Vec<String>,
    },
    /// The credential is authorized by OAuth 2.0 in a browser.
    OAuthCode {
        credential: String,
    },
    /// The signer (or the service) declined.
    Refused {
        description: String,
    },
    NotApproved {
        secs: f64,
    },
    Mismatch {
        name: String,
    },
    /// curl (for https://) could not be run.
    Curl(String),
    /// The access token holds a line break (a copy-paste slip): it would break the request.
    BadToken,
}

impl std::fmt::Display for CscError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            CscError::Http(e) => crate::tr!("dịch vụ ký số từ xa: {e}", "remote signing service: {e}"),
            CscError::Service {
                method,
                status,
                error,
                description,
            } => crate::tr!(
                "dịch vụ ký số từ xa từ chối {method} (HTTP {status}): {error}: {description}",
                "the remote signing service refused {method} (HTTP {status}): {error}: {description}"
            ),
            CscError::Unauthorized { method } => crate::tr!(
                "dịch vụ ký số từ xa không chấp nhận {method} (HTTP 401): đặt token truy cập vào {TOKEN_VAR}, hoặc {CLIENT_ID_VAR} và {CLIENT_SECRET_VAR}",
                "the remote signing service did not accept {method} (HTTP 401): put an access token in {TOKEN_VAR}, or set {CLIENT_ID_VAR} and {CLIENT_SECRET_VAR}"
            ),
            CscError::BadAnswer { method, detail } => crate::tr!(
                "dịch vụ ký số từ xa trả lời {method} không đúng API CSC: {detail}",
                "the remote signing service's answer to {method} does not follow the CSC API: {detail}"
            ),
            CscError::UnsupportedVersion(v) => crate::tr!(
                "dịch vụ dùng API CSC phiên bản \"{v}\"; qmsdoc hỗ trợ 1.x và 2.x",
                "the service speaks CSC API version \"{v}\"; qmsdoc supports 1.x and 2.x"
            ),
            CscError::NoCredential => crate::tr!(
                "tài khoản ký số từ xa không có chứng thư số nào",
                "the remote signing account holds no credential"
            ),
            CscError::SeveralCredentials(ids) => {
                let ids = ids.join(", ");
                crate::tr!(
                    "tài khoản có nhiều chứng thư số ({ids}): chọn bằng --csc-credential",
                    "the account holds several credentials ({ids}): choose one with --csc-credential"
                )
            }
            CscError::KeyDisabled { credential } => crate::tr!(
                "khóa của chứng thư \"{credential}\" đang bị khóa trên dịch vụ",
                "the key of credential \"{credential}\" is disabled on the service"
            ),
            CscError::NoAlgorithm { scheme, offered } => {
                let offered = offered.join(", ");
                crate::tr!(
                    "dịch vụ không ký được theo {scheme} với khóa này (có: {offered}); với RSA thử --rsa-pkcs1v15",
                    "the service cannot sign {scheme} with this key (offered: {offered}); for RSA try --rsa-pkcs1v15"
                )
            }
            CscError::OAuthCode { credential } => crate::tr!(
                "chứng thư \"{credential}\" được ủy quyền ký qua OAuth 2.0 trên trình duyệt: lấy token có phạm vi \"credential\" đặt vào {TOKEN_VAR} (hoặc SAD vào {SAD_VAR})",
                "credential \"{credential}\" is authorized through OAuth 2.0 in a browser: put a token of scope \"credential\" in {TOKEN_VAR} (or the SAD in {SAD_VAR})"
            ),
            CscError::Refused { description } => crate::tr!(
                "người ký hoặc dịch vụ đã từ chối ký: {description}; chưa ghi tệp nào",
                "the signer or the service declined to sign: {description}; no file was written"
            ),
            CscError::NotApproved { secs } => crate::tr!(
                "người ký chưa xác nhận trong {secs:.0} giây (tăng --approval-timeout nếu cần); chưa ghi tệp nào",
                "the signer did not approve within {secs:.0} s (raise --approval-timeout if needed); no file was written"
            ),
            CscError::Mismatch { name } => crate::tr!(
                "chữ ký do dịch vụ trả về không khớp khóa công khai của chứng thư số \"{name}\"",
                "the signature returned by the service does not match the public key of certificate \"{name}\""
            ),
            CscError::BadToken => crate::tr!(
                "token truy cập ({TOKEN_VAR}) có ký tự xuống dòng: kiểm tra lại giá trị đã dán",
                "the access token ({TOKEN_VAR}) holds a line break: check the pasted value"
            ),
            CscError::Curl(e) => crate::tr!(
                "không chạy được curl (cần cho địa chỉ https://): {e}",
                "cannot run curl (needed for https:// addresses): {e}"
            ),
        })
    }
}

impl std::error::Error for CscError {}

fn fail(e: CscError) -> Error {
    Error::Csc(e)
}

/// The service, as one client.
struct Client {
    base: String,
    version: Version,
    token: Option<String>,
    patience: Patience,
}

impl Client {
    /// POSTs `body` to `method` and returns the status and the JSON answer (2xx).
    fn call(&self, method: &str, body: &Value) -> Result<(u16, Value)> {
        let url = format!("{}/{method}", self.base);
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let answer = post_json(&url, auth.as_deref(), body, self.patience)?;
        answer_json(method, answer)
    }
}

/// Reads an answer: 2xx → its JSON (none for 204), else the CSC error it carries.
fn answer_json(method: &str, answer: Answer) -> Result<(u16, Value)> {
    let json: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
    match answer.status {
        200..=299 => Ok((answer.status, json)),
        401 => Err(fail(CscError::Unauthorized {
            method: method.to_string(),
        })),
        _ => {
            let text = |k: &str| json[k].as_str().unwrap_or_default().to_string();
            Err(fail(CscError::Service {
                method: method.to_string(),
                status: answer.reason,
                error: text("error"),
                description: text("error_description"),
            }))
        }
    }
}

/// One JSON POST: the built-in client for http://, curl for https://.
fn post_json(url: &str, auth: Option<&str>, body: &Value, p: Patience) -> Result<Answer> {
    let body = body.to_string();
    if auth.is_some_and(|a| a.contains(['\r', '\n'])) {
        return Err(fail(CscError::BadToken));
    }
    if is_https(url) {
        return curl(url, auth, "application/json", &body, p);
    }
    let headers: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
    http::exchange(
        url,
        &headers,
        Some(("application/json", body.as_bytes())),
        p,
    )
    .map_err(|e| fail(CscError::Http(e)))
}

fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
}

/// A POST over TLS by curl. The request goes through curl's stdin (`--config -`), so the token
/// never shows in a process list; the status comes after the body (`--write-out`).
fn curl(url: &str, auth: Option<&str>, ct: &str, body: &str, p: Patience) -> Result<Answer> {
    use std::io::Write;
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut config = format!(
        "url = \"{}\"\nheader = \"Content-Type: {ct}\"\ndata-binary = \"{}\"\nsilent\nshow-error\nmax-time = {}\nretry = {}\nwrite-out = \"\\n%{{http_code}}\"\n",
        quote(url),
        quote(body),
        p.timeout.as_secs_f64(),
        p.retries
    );
    if let Some(a) = auth {
        config.push_str(&format!("header = \"Authorization: {}\"\n", quote(a)));
    }
    let curl_err = |e: std::io::Error| fail(CscError::Curl(e.to_string()));
    let mut child = std::process::Command::new("curl")
        .args(["--config", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(curl_err)?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(config.as_bytes()).map_err(curl_err)?;
    }
    let out = child.wait_with_output().map_err(curl_err)?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
    match code.trim().parse::<u16>() {
        Ok(status) if out.status.success() && status != 0 => Ok(Answer {
            status,
            reason: status.to_string(),
            body: body.as_bytes().to_vec(),
        }),
        _ => Err(fail(CscError::Http(HttpError::Connect {
            url: url.to_string(),
            // curl's first line says it; the rest is advice about curl itself.
            detail: String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        }))),
    }
}

/// The version a service speaks, from its `info` (`specs`: "1.0.4.0", "2.0.0.2", …), and the
/// base URI of its OAuth 2.0 server.
fn info(base: &str, p: Patience) -> Result<(Version, Option<String>)> {
    let answer = post_json(&format!("{base}/info"), None, &json!({}), p)?;
    let (_, v) = answer_json("info", answer)?;
    let specs = v["specs"].as_str().unwrap_or_default();
    let version = match specs.split('.').next() {
        Some("1") => Version::V1,
        Some("2") => Version::V2,
        _ => return Err(fail(CscError::UnsupportedVersion(specs.to_string()))),
    };
    let oauth = v["oauth2"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('/').to_string());
    Ok((version, oauth))
}

/// The access token: given, or by OAuth 2.0 client credentials, or none.
fn access_token(base: &str, oauth: Option<&str>, p: Patience) -> Result<Option<String>> {
    if let Ok(t) = std::env::var(TOKEN_VAR)
        && !t.trim().is_empty()
    {
        return Ok(Some(t.trim().to_string()));
    }
    let (Ok(id), Ok(secret)) = (
        std::env::var(CLIENT_ID_VAR),
        std::env::var(CLIENT_SECRET_VAR),
    ) else {
        return Ok(None);
    };
    let url = format!("{}/oauth2/token", oauth.unwrap_or(base));
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        form_encode(&id),
        form_encode(&secret)
    );
    let ct = "application/x-www-form-urlencoded";
    let answer = if is_https(&url) {
        curl(&url, None, ct, &form, p)?
    } else {
        http::exchange(&url, &[], Some((ct, form.as_bytes())), p)
            .map_err(|e| fail(CscError::Http(e)))?
    };
    let (_, v) = answer_json("oauth2/token", answer)?;
    match v["access_token"].as_str() {
        Some(t) => Ok(Some(t.to_string())),
        None => Err(bad("oauth2/token", "access_token")),
    }
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn bad(method: &str, detail: &str) -> Error {
    fail(CscError::BadAnswer {
        method: method.to_string(),
        detail: detail.to_string(),
    })
}

/// How the credential's signatures are authorized.
enum Auth {
    /// `credentials/authorize` with these (id, value) pairs: PIN, OTP, or nothing.
    Explicit(Vec<(String, String)>),
    /// OAuth 2.0: the token (scope "credential") or an SAD from outside is enough.
    OAuth2 { sad: Option<String> },
}

/// A credential on a CSC service.
pub struct CscSigner {
    client: Client,
    credential: String,
    chain: Vec<Certificate>,
    algorithms: Vec<String>,
    auth: Auth,
    config: CscConfig,
}

impl CscSigner {
    /// Connects, picks the credential, reads its chain and asks `secret` for a PIN or OTP when
    /// the credential needs one.
    pub fn open(config: &CscConfig, secret: &SecretFn<'_>) -> Result<CscSigner> {
        let base = config.url.trim_end_matches('/').to_string();
        let (version, oauth) = info(&base, config.patience)?;
        let token = access_token(&base, oauth.as_deref(), config.patience)?;
        let client = Client {
            base,
            version,
            token,
            patience: config.patience,
        };
        let credential = match &config.credential {
            Some(c) => c.clone(),
            None => only_credential(&client)?,
        };
        let (_, info) = client.call(
            "credentials/info",
            &json!({"credentialID": credential, "certificates": "chain",
                    "certInfo": true, "authInfo": true}),
        )?;
        if info["key"]["status"].as_str() == Some("disabled") {
            return Err(fail(CscError::KeyDisabled { credential }));
        }
        let chain = chain_of(&info)?;
        let algorithms = strings(&info["key"]["algo"]);
        let auth = auth_of(version, &info, &credential, secret)?;
        Ok(CscSigner {
            client,
            credential,
            chain,
            algorithms,
            auth,
            config: config.clone(),
        })
    }

    /// The SAD for one signature of `hash`, waiting for the signer's approval when the
    /// service answers 202 (CSC API v2 §11.6–11.7).
    fn authorize(&self, hash: &str, leaf: &Certificate) -> Result<Option<String>> {
        let data = match &self.auth {
            Auth::OAuth2 { sad } => return Ok(sad.clone()),
            Auth::Explicit(data) => data,
        };
        let mut body = json!({"credentialID": self.credential, "numSignatures": 1});
        if let Some(d) = &self.config.description {
            body["description"] = json!(d.chars().take(500).collect::<String>());
        }
        match self.client.version {
            Version::V1 => {
                body["hash"] = json!([hash]);
                for (id, value) in data {
                    body[id.as_str()] = json!(value);
                }
            }
            Version::V2 => {
                body["hashes"] = json!([hash]);
                body["hashAlgorithmOID"] = json!(cert::SHA256.to_string());
                let objects: Vec<Value> = data
                    .iter()
                    .map(|(id, value)| json!({"id": id, "value": value}))
                    .collect();
                body["authData"] = json!(objects);
            }
        }
        let (status, answer) = self
            .client
            .call("credentials/authorize", &body)
            .map_err(refusal)?;
        if status == 202 {
            return self.await_approval(&answer, leaf).map(Some);
        }
        sad_of("credentials/authorize", &answer).map(Some)
    }

    /// Polls `credentials/authorizeCheck` until the signer approves, declines, or time is up.
    fn await_approval(&self, first: &Value, leaf: &Certificate) -> Result<String> {
        let started = Instant::now();
        let limit = self.config.approval;
        let interval = (limit / 60).clamp(Duration::from_millis(100), Duration::from_secs(2));
        let mut handle = handle_of(first)?;
        let mut told = None::<Instant>;
        loop {
            if told.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                (self.config.on_wait)(&Waiting {
                    signer: cert::display_name(leaf),
                    waited: started.elapsed(),
                    limit,
                });
                told = Some(Instant::now());
            }
            if started.elapsed() >= limit {
                return Err(fail(CscError::NotApproved {
                    secs: limit.as_secs_f64(),
                }));
            }
            std::thread::sleep(interval);
            let (status, answer) = self
                .client
                .call("credentials/authorizeCheck", &json!({"handle": handle}))
                .map_err(refusal)?;
            if status != 202 {
                return sad_of("credentials/authorizeCheck", &answer);
            }
            if let Ok(h) = handle_of(&answer) {
                handle = h;
            }
        }
    }

    /// `signatures/signHash` for one hash.
    fn sign_hash(&self, hash: &str, sad: Option<String>, scheme: Scheme) -> Result<Vec<u8>> {
        let (algo, params) = sign_algorithm(scheme, &self.algorithms)?;
        let hash_oid = cert::SHA256.to_string();
        let mut body = json!({"credentialID": self.credential, "signAlgo": algo});
        if let Some(sad) = sad {
            body["SAD"] = json!(sad);
        }
        if let Some(p) = params {
            body["signAlgoParams"] = json!(p);
        }
        match self.client.version {
            Version::V1 => {
                body["hash"] = json!([hash]);
                body["hashAlgo"] = json!(hash_oid);
            }
            Version::V2 => {
                body["hashes"] = json!([hash]);
                body["hashAlgorithmOID"] = json!(hash_oid);
            }
        }
        let (_, answer) = self.client.call("signatures/signHash", &body)?;
        let first = answer["signatures"][0].as_str().unwrap_or_default();
        decode_base64(first.as_bytes()).ok_or_else(|| bad("signatures/signHash", "signatures"))
    }
}

impl Signer for CscSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, data: &[u8], scheme: Scheme) -> Result<Vec<u8>> {
        let leaf = self.chain.first().ok_or(Error::NoSigningCertificate)?;
        // Checked before the signer is asked to approve anything.
        sign_algorithm(scheme, &self.algorithms)?;
        let hash = base64(&Sha256::digest(data));
        let sad = self.authorize(&hash, leaf)?;
        let sig = normalize_ecdsa(scheme, self.sign_hash(&hash, sad, scheme)?);
        check_signature(leaf, data, scheme, &sig).map_err(|_| {
            fail(CscError::Mismatch {
                name: cert::display_name(leaf),
            })
        })?;
        Ok(sig)
    }
}

/// A refusal while waiting for approval reads as such, not as a protocol error.
fn refusal(e: Error) -> Error {
    match e {
        Error::Csc(CscError::Service {
            error, description, ..
        }) if error == "access_denied" || error == "authorization_denied" => {
            fail(CscError::Refused {
                description: if description.is_empty() {
                    error
                } else {
                    description
                },
            })
        }
        other => other,
    }
}

fn handle_of(v: &Value) -> Result<String> {
    v["handle"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| bad("credentials/authorize", "handle"))
}

fn sad_of(method: &str, v: &Value) -> Result<String> {
    v["SAD"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| bad(method, "SAD"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The account's only credential.
fn only_credential(client: &Client) -> Result<String> {
    let (_, list) = client.call("credentials/list", &json!({"maxResults": 10}))?;
    let mut ids = strings(&list["credentialIDs"]);
    match ids.len() {
        0 => Err(fail(CscError::NoCredential)),
        1 => Ok(ids.remove(0)),
        _ => Err(fail(CscError::SeveralCredentials(ids))),
    }
}

/// The chain of `credentials/info` (base64 DER, the signer's first).
fn chain_of(info: &Value) -> Result<Vec<Certificate>> {
    let mut certs = Vec::new();
    for b64 in strings(&info["cert"]["certificates"]) {
        let der = decode_base64(b64.as_bytes())
            .ok_or_else(|| bad("credentials/info", "cert/certificates"))?;
        certs.push(Certificate::from_der(&der).map_err(|e| Error::BadCertificate(e.to_string()))?);
    }
    let first = certs.first().cloned();
    keys::order_chain(certs, |c| Some(c) == first.as_ref())
}

/// How the credential is authorized, asking for a PIN or OTP it needs: v1 `authMode`, `PIN`
/// and `OTP` (§11.5 of 1.0.4.0); v2 `auth/mode` and `auth/objects`.
fn auth_of(
    version: Version,
    info: &Value,
    credential: &str,
    secret: &SecretFn<'_>,
) -> Result<Auth> {
    let mode = match version {
        Version::V1 => info["authMode"].as_str(),
        Version::V2 => info["auth"]["mode"].as_str(),
    }
    .unwrap_or("explicit");
    if mode == "oauth2code" {
        let sad = std::env::var(SAD_VAR).ok();
        if sad.is_none() && std::env::var(TOKEN_VAR).is_err() {
            return Err(fail(CscError::OAuthCode {
                credential: credential.to_string(),
            }));
        }
        return Ok(Auth::OAuth2 { sad });
    }
    let needed: Vec<&str> = match version {
        Version::V1 => ["PIN", "OTP"]
            .into_iter()
            .filter(|k| info[*k]["presence"].as_str() == Some("true"))
            .collect(),
        Version::V2 => info["auth"]["objects"]
            .as_array()
            .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
            .unwrap_or_default(),
    };
    let mut data = Vec::new();
    for id in needed {
        let value = match id {
            "OTP" => secret(Secret::CscOtp(credential))?,
            _ => secret(Secret::CscPin(credential))?,
        };
        data.push((id.to_string(), value));
    }
    Ok(Auth::Explicit(data))
}

/// The `signAlgo` (and base64 `signAlgoParams`) for `scheme` among those the key offers.
fn sign_algorithm(scheme: Scheme, offered: &[String]) -> Result<(String, Option<String>)> {
    let has = |oid: &str| offered.iter().any(|o| o == oid);
    let pick = |oids: &[&str]| oids.iter().find(|o| has(o)).map(|o| o.to_string());
    let found = match scheme {
        Scheme::RsaPss => {
            let pss = RSASSA_PSS.to_string();
            if has(&pss) {
                let params = rsa::pkcs1::RsaPssParams::new::<Sha256>(PSS_SALT_LEN as u8)
                    .to_der()
                    .map_err(Error::Cms)?;
                return Ok((pss, Some(base64(&params))));
            }
            None
        }
        Scheme::RsaPkcs1v15 => pick(&[SHA256_WITH_RSA, RSA_ENCRYPTION]),
        Scheme::EcdsaP256 | Scheme::EcdsaP384 => pick(&[ECDSA_WITH_SHA256, EC_PUBLIC_KEY]),
    };
    found.map(|a| (a, None)).ok_or_else(|| {
        fail(CscError::NoAlgorithm {
            scheme: scheme.name().to_string(),
            offered: offered.to_vec(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_algorithm_the_key_offers() {
        let offered = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (a, p) = sign_algorithm(Scheme::RsaPss, &offered(&["1.2.840.113549.1.1.10"])).unwrap();
        assert_eq!(a, "1.2.840.113549.1.1.10");
        let params = decode_base64(p.unwrap().as_bytes()).unwrap();
        let parsed = rsa::pkcs1::RsaPssParams::from_der(&params).unwrap();
        assert_eq!(parsed.salt_len, 32);
        assert!(sign_algorithm(Scheme::RsaPss, &offered(&[RSA_ENCRYPTION])).is_err());
        let (a, _) = sign_algorithm(Scheme::RsaPkcs1v15, &offered(&[RSA_ENCRYPTION])).unwrap();
        assert_eq!(a, RSA_ENCRYPTION);
        let (a, _) = sign_algorithm(
            Scheme::EcdsaP256,
            &offered(&[EC_PUBLIC_KEY, ECDSA_WITH_SHA256]),
        )
        .unwrap();
        assert_eq!(a, ECDSA_WITH_SHA256);
        assert_eq!(form_encode("a b&c=đ"), "a%20b%26c%3D%C4%91");
        assert!(is_https("HTTPS://rs.vn") && !is_https("http://đ.vn") && !is_https("http"));
    }
}
