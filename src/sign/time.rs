//! Signing time: the system clock (or `QMSDOC_SIGNING_TIME` for reproducible runs), shown in
//! Vietnam time (UTC+07:00) as ISO 8601 on the appearance and as a PDF date in `/M`.
//! Civil-date arithmetic is done here to avoid a date crate for four conversions.

use super::error::{Error, Result};

/// Vietnam's offset from UTC, in seconds (no daylight saving time).
pub const VN_OFFSET: i64 = 7 * 3600;

/// A moment as seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(pub i64);

impl Instant {
    /// The system clock, unless `QMSDOC_SIGNING_TIME` (RFC 3339) overrides it.
    pub fn signing_time() -> Result<Instant> {
        match std::env::var("QMSDOC_SIGNING_TIME") {
            Ok(s) if !s.trim().is_empty() => {
                parse_rfc3339(s.trim()).ok_or_else(|| Error::BadSigningTime(s.clone()))
            }
            _ => Ok(Instant::now()),
        }
    }

    pub fn now() -> Instant {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Instant(secs)
    }

    /// `2026-11-23T15:04:05+07:00`.
    pub fn iso8601_vn(self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.0 + VN_OFFSET);
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00")
    }

    /// `D:20261123150405+07'00'`, the PDF date of `/M`.
    pub fn pdf_date_vn(self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.0 + VN_OFFSET);
        format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+07'00'")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month, day, hour, minute, second of seconds since the epoch.
pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn valid_date(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> bool {
    (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s <= 60 && y >= 0
}

/// `2026-11-23T15:04:05+07:00`, `…Z`, with optional fractional seconds (dropped).
pub fn parse_rfc3339(s: &str) -> Option<Instant> {
    let s = s.as_bytes();
    if s.len() < 20 || s[4] != b'-' || s[7] != b'-' || !matches!(s[10], b'T' | b't' | b' ') {
        return None;
    }
    let t = std::str::from_utf8(s).ok()?;
    let (y, mo, d) = (num(&t[0..4])?, num(&t[5..7])?, num(&t[8..10])?);
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    let (h, mi, sec) = (num(&t[11..13])?, num(&t[14..16])?, num(&t[17..19])?);
    if !valid_date(y, mo, d, h, mi, sec) {
        return None;
    }
    let mut rest = &t[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let b = rest.as_bytes();
            if b.len() != 6 || b[3] != b':' {
                return None;
            }
            let sign = match b[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = (num(&rest[1..3])?, num(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Some(Instant(days * 86_400 + h * 3600 + mi * 60 + sec - offset))
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year optional).
pub fn parse_pdf_date(s: &str) -> Option<Instant> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || digits % 2 != 0 || digits > 14 {
        return None;
    }
    let part = |i: usize, default: i64| -> Option<i64> {
        if i + 2 <= digits {
            num(&s[i..i + 2])
        } else {
            Some(default)
        }
    };
    let y = num(&s[0..4])?;
    let (mo, d, h, mi, sec) = (
        part(4, 1)?,
        part(6, 1)?,
        part(8, 0)?,
        part(10, 0)?,
        part(12, 0)?,
    );
    if !valid_date(y, mo, d, h, mi, sec) {
        return None;
    }
    let rest = &s[digits..];
    let offset = match rest.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(&c @ (b'+' | b'-')) => {
            let t: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let oh = t.get(0..2).and_then(num).unwrap_or(0);
            let om = t.get(2..4).and_then(num).unwrap_or(0);
            (if c == b'+' { 1 } else { -1 }) * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Some(Instant(days * 86_400 + h * 3600 + mi * 60 + sec - offset))
}

/// Refuses a time before 1950 or after 9999 (where X.509 and PDF dates stop).
pub fn check_range(t: Instant) -> Result<()> {
    if !(-631_152_000..=253_402_300_799).contains(&t.0) {
        return Err(Error::TimeOutOfRange);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_vietnam_time() {
        let t = parse_rfc3339("2026-11-23T15:04:05+07:00").unwrap();
        assert_eq!(t.iso8601_vn(), "2026-11-23T15:04:05+07:00");
        assert_eq!(t.pdf_date_vn(), "D:20261123150405+07'00'");
        assert_eq!(parse_rfc3339("2026-11-23T08:04:05Z"), Some(t));
        assert_eq!(parse_rfc3339("2026-11-23T08:04:05.123Z"), Some(t));
        assert_eq!(parse_pdf_date("D:20261123150405+07'00'"), Some(t));
        assert_eq!(parse_pdf_date("D:20261123080405Z"), Some(t));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z").map(|t| t.0),
            Some(1_709_164_800)
        );
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-11-23 15:04",
            "xxxx-11-23T15:04:05Z",
            "2026-11-23T15:04:05+7",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
        assert_eq!(parse_pdf_date("D:20"), None);
    }
}
