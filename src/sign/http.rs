//! A small HTTP/1.1 client for the PKI services a signature needs: RFC 3161 time-stamping
//! authorities, OCSP responders and CRL distribution points. They publish plain `http://`
//! URLs (the answers are signed, so TLS adds nothing), so there is no TLS here and an
//! `https://` URL is refused with a clear message. Each attempt has a deadline; failed
//! connections, timeouts and 5xx answers are retried.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// The largest answer read (a CRL of a big CA is a few MB).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// How long to wait and how often to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patience {
    /// The deadline of one attempt: connect, send, read the whole answer.
    pub timeout: Duration,
    /// Attempts after the first one.
    pub retries: u32,
}

impl Default for Patience {
    fn default() -> Patience {
        Patience {
            timeout: Duration::from_secs(10),
            retries: 2,
        }
    }
}

/// Why a service gave no usable answer.
#[derive(Debug)]
pub enum HttpError {
    NotHttp(String),
    BadUrl(String),
    Connect { url: String, detail: String },
    Timeout { url: String, secs: f64 },
    Status { url: String, status: String },
    Malformed(String),
    TooLarge(String),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            HttpError::NotHttp(url) => crate::tr!(
                "\"{url}\": chỉ hỗ trợ địa chỉ http:// (TSA, OCSP và CRL trả lời đã được ký số)",
                "\"{url}\": only http:// addresses are supported (TSA, OCSP and CRL answers are signed)"
            ),
            HttpError::BadUrl(url) => {
                crate::tr!("địa chỉ không hợp lệ: \"{url}\"", "invalid address: \"{url}\"")
            }
            HttpError::Connect { url, detail } => crate::tr!(
                "không kết nối được tới {url}: {detail}",
                "cannot connect to {url}: {detail}"
            ),
            HttpError::Timeout { url, secs } => crate::tr!(
                "{url} không trả lời trong {secs:.1} giây",
                "{url} did not answer within {secs:.1} s"
            ),
            HttpError::Status { url, status } => crate::tr!(
                "{url} trả lời lỗi HTTP {status}",
                "{url} answered with HTTP {status}"
            ),
            HttpError::Malformed(url) => crate::tr!(
                "{url} trả lời không đúng giao thức HTTP",
                "{url} sent a malformed HTTP answer"
            ),
            HttpError::TooLarge(url) => crate::tr!(
                "câu trả lời của {url} quá lớn",
                "the answer of {url} is too large"
            ),
        })
    }
}

impl std::error::Error for HttpError {}

impl HttpError {
    /// Whether trying again may help.
    fn transient(&self) -> bool {
        match self {
            HttpError::Connect { .. } | HttpError::Timeout { .. } => true,
            HttpError::Status { status, .. } => status.starts_with('5'),
            _ => false,
        }
    }
}

/// `http://host[:port]/path` split up.
struct Url<'a> {
    host: &'a str,
    port: u16,
    path: &'a str,
}

fn parse_url(url: &str) -> Result<Url<'_>, HttpError> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("http://").map(|_| &url[7..]) else {
        return Err(if lower.contains("://") {
            HttpError::NotHttp(url.to_string())
        } else {
            HttpError::BadUrl(url.to_string())
        });
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (
            h,
            p.parse().map_err(|_| HttpError::BadUrl(url.to_string()))?,
        ),
        _ => (authority, 80),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || authority.contains('@') {
        return Err(HttpError::BadUrl(url.to_string()));
    }
    Ok(Url { host, port, path })
}

/// GETs `url`, or POSTs `body` of `content_type` to it, and returns the body of a 200 answer.
pub fn fetch(
    url: &str,
    post: Option<(&str, &[u8])>,
    patience: Patience,
) -> Result<Vec<u8>, HttpError> {
    let answer = exchange(url, &[], post, patience)?;
    if answer.status != 200 {
        return Err(HttpError::Status {
            url: url.to_string(),
            status: answer.reason,
        });
    }
    Ok(answer.body)
}

/// An answer of any status, with its body (a JSON API explains its errors in the body).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// The status line after the version, e.g. "400 Bad Request".
    pub reason: String,
    pub body: Vec<u8>,
}

/// Sends a request with extra `headers` and returns the answer whatever its status; failed
/// connections, timeouts and 5xx answers are retried.
pub fn exchange(
    url: &str,
    headers: &[(&str, &str)],
    post: Option<(&str, &[u8])>,
    patience: Patience,
) -> Result<Answer, HttpError> {
    let parsed = parse_url(url)?;
    let mut attempt = 0;
    loop {
        let result = once(url, &parsed, headers, post, patience.timeout).and_then(|a| {
            if a.status >= 500 {
                Err(HttpError::Status {
                    url: url.to_string(),
                    status: a.reason,
                })
            } else {
                Ok(a)
            }
        });
        match result {
            Err(e) if e.transient() && attempt < patience.retries => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
            }
            other => return other,
        }
    }
}

fn once(
    url: &str,
    u: &Url<'_>,
    headers: &[(&str, &str)],
    post: Option<(&str, &[u8])>,
    timeout: Duration,
) -> Result<Answer, HttpError> {
    let started = Instant::now();
    let timed_out = || HttpError::Timeout {
        url: url.to_string(),
        secs: timeout.as_secs_f64(),
    };
    let connect = |detail: String| HttpError::Connect {
        url: url.to_string(),
        detail,
    };
    let addrs = (u.host, u.port)
        .to_socket_addrs()
        .map_err(|e| connect(e.to_string()))?;
    let mut stream = None;
    let mut last = String::new();
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => return Err(timed_out()),
            Err(e) => last = e.to_string(),
        }
    }
    let mut stream = stream.ok_or_else(|| connect(last))?;
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => timed_out(),
        _ => connect(e.to_string()),
    };
    let left = |started: Instant| {
        timeout
            .checked_sub(started.elapsed())
            .filter(|d| !d.is_zero())
    };
    stream.set_nodelay(true).map_err(io)?;
    stream
        .set_write_timeout(left(started).or(Some(Duration::from_millis(1))))
        .map_err(io)?;
    let host = if u.port == 80 {
        u.host.to_string()
    } else {
        format!("{}:{}", u.host, u.port)
    };
    let mut head = match post {
        Some((ct, body)) => format!(
            "POST {} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n",
            u.path,
            body.len()
        ),
        None => format!("GET {} HTTP/1.1\r\nHost: {host}\r\n", u.path),
    };
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("User-Agent: qmsdoc\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    let mut request = head.into_bytes();
    if let Some((_, body)) = post {
        request.extend_from_slice(body);
    }
    stream.write_all(&request).map_err(io)?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let Some(rest) = left(started) else {
            return Err(timed_out());
        };
        stream.set_read_timeout(Some(rest)).map_err(io)?;
        let n = stream.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.len() > MAX_BODY {
            return Err(HttpError::TooLarge(url.to_string()));
        }
        if complete(&answer) {
            break;
        }
    }
    body_of(url, &answer)
}

/// The end of the header block, after the blank line.
fn header_end(answer: &[u8]) -> Option<usize> {
    answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Whether a Content-Length answer has all its bytes (a chunked one is read to its end).
fn complete(answer: &[u8]) -> bool {
    let Some(end) = header_end(answer) else {
        return false;
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    header(&head, "Content-Length")
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|len| answer.len() >= end + len)
}

fn body_of(url: &str, answer: &[u8]) -> Result<Answer, HttpError> {
    let malformed = || HttpError::Malformed(url.to_string());
    let end = header_end(answer).ok_or_else(malformed)?;
    let head = String::from_utf8_lossy(&answer[..end]);
    let status_line = head.lines().next().ok_or_else(malformed)?;
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (parts.next(), parts.next());
    if !version.is_some_and(|v| v.starts_with("HTTP/1.")) {
        return Err(malformed());
    }
    let code = code.ok_or_else(malformed)?;
    let status = code.parse::<u16>().map_err(|_| malformed())?;
    let reason = format!("{code} {}", parts.next().unwrap_or("").trim())
        .trim()
        .to_string();
    let rest = &answer[end..];
    let body =
        if header(&head, "Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            dechunk(rest).ok_or_else(malformed)?
        } else {
            match header(&head, "Content-Length").map(str::parse::<usize>) {
                Some(Ok(len)) => rest.get(..len).map(<[u8]>::to_vec).ok_or_else(malformed)?,
                Some(Err(_)) => return Err(malformed()),
                None => rest.to_vec(),
            }
        };
    Ok(Answer {
        status,
        reason,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_urls_and_answers() {
        let u = parse_url("http://127.0.0.1:8080/tsa").unwrap();
        assert_eq!((u.host, u.port, u.path), ("127.0.0.1", 8080, "/tsa"));
        let u = parse_url("http://ca.example.vn").unwrap();
        assert_eq!((u.host, u.port, u.path), ("ca.example.vn", 80, "/"));
        assert!(matches!(
            parse_url("https://tsa.example"),
            Err(HttpError::NotHttp(_))
        ));
        assert!(matches!(
            parse_url("tsa.example"),
            Err(HttpError::BadUrl(_))
        ));
        let a = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef";
        assert_eq!(body_of("u", a).unwrap().body, b"abc");
        let c = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(body_of("u", c).unwrap().body, b"abcde");
        let e = b"HTTP/1.0 503 Service Unavailable\r\n\r\n";
        let a = body_of("u", e).unwrap();
        assert_eq!(
            (a.status, a.reason.as_str()),
            (503, "503 Service Unavailable")
        );
        let j = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}";
        assert_eq!(body_of("u", j).unwrap().body, b"{}");
    }
}
