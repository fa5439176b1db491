//! The agency's working hours: sessions of the day ("07:30-11:30", "13:30-17:30") and the
//! cut-off hour after which a file received counts from the next working day.

/// Minutes after midnight.
pub type Minute = u16;

/// One session of the working day, `start` included, `end` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub start: Minute,
    pub end: Minute,
}

impl Session {
    /// "07:30-11:30", as `calendar` prints it and OpenCPS's WorkingTime.xml takes it.
    pub fn show(&self) -> String {
        format!("{}-{}", show_clock(self.start), show_clock(self.end))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    /// Sorted, not overlapping, not empty.
    pub sessions: Vec<Session>,
    /// Files received at or after this minute count from the next working day.
    pub cutoff: Option<Minute>,
}

impl Default for Hours {
    /// 07:30–11:30 and 13:30–17:30, the hours most People's Committees post at the counter.
    fn default() -> Self {
        Hours {
            sessions: vec![
                Session {
                    start: 7 * 60 + 30,
                    end: 11 * 60 + 30,
                },
                Session {
                    start: 13 * 60 + 30,
                    end: 17 * 60 + 30,
                },
            ],
            cutoff: None,
        }
    }
}

impl Hours {
    /// Working minutes in a working day.
    pub fn day_minutes(&self) -> u32 {
        self.sessions
            .iter()
            .map(|s| u32::from(s.end - s.start))
            .sum()
    }

    pub fn opening(&self) -> Minute {
        self.sessions.first().map_or(0, |s| s.start)
    }

    pub fn closing(&self) -> Minute {
        self.sessions.last().map_or(0, |s| s.end)
    }

    /// Working minutes of the day before `at` (0 before opening, a whole day after closing).
    pub fn worked_before(&self, at: Minute) -> u32 {
        self.sessions
            .iter()
            .map(|s| u32::from(at.clamp(s.start, s.end) - s.start))
            .sum()
    }

    /// The time of day at which `worked` working minutes of the day have passed; a time that
    /// lands on the end of a session is that end ("17:30", not the next morning).
    pub fn time_after(&self, worked: u32) -> Minute {
        let mut left = worked;
        for s in &self.sessions {
            let len = u32::from(s.end - s.start);
            if left <= len {
                return s.start + left as Minute;
            }
            left -= len;
        }
        self.closing()
    }
}

/// "7:30", "07:30", "7h30", "7 giờ 30", "16h" → minutes after midnight.
pub fn parse_clock(s: &str) -> Option<Minute> {
    let t = crate::text::fold_text(s)
        .replace("gio", " ")
        .replace(['h', 'g'], " ");
    let parts: Vec<&str> = t.split_whitespace().collect();
    let (h, m) = match parts.as_slice() {
        [h] => (*h, "0"),
        [h, m] => (*h, *m),
        _ => return None,
    };
    let num = |x: &str| -> Option<u16> {
        (!x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse().ok())
            .flatten()
    };
    let (h, m) = (num(h)?, num(m)?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

/// "07:30-11:30" (also with "–" or "đến") → a session.
pub fn parse_session(s: &str) -> Option<Session> {
    let s = s.replace(['–', '—'], "-").replace(" đến ", "-");
    let (a, b) = s.split_once('-')?;
    let (start, end) = (parse_clock(a)?, parse_clock(b)?);
    Some(Session { start, end })
}

/// "07:30".
pub fn show_clock(m: Minute) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_sessions() {
        assert_eq!(parse_clock("7:30"), Some(450));
        assert_eq!(parse_clock("07h30"), Some(450));
        assert_eq!(parse_clock("16h"), Some(960));
        assert_eq!(parse_clock("16 giờ 30"), Some(990));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("sáng"), None);
        assert_eq!(
            parse_session("13:30 – 17:30"),
            Some(Session {
                start: 810,
                end: 1050
            })
        );
        let h = Hours::default();
        assert_eq!(h.day_minutes(), 480);
        assert_eq!(h.worked_before(15 * 60 + 10), 4 * 60 + 100);
        assert_eq!(h.time_after(240), 11 * 60 + 30);
        assert_eq!(h.time_after(241), 13 * 60 + 31);
        assert_eq!(h.time_after(480), 17 * 60 + 30);
    }
}
