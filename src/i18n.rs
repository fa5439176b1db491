//! Vietnamese and English messages. Vietnamese is the default; the language is chosen once at
//! start-up (`--lang`, `QMSDOC_LANG`, or `language` in qms.yaml) and read everywhere else.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

static LANG: AtomicU8 = AtomicU8::new(0);

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" | "vi_vn" | "vie" | "vietnamese" | "tiếng việt" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" | "en_us" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// Picks the text of the current language.
pub fn tr<'a>(vi: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// `tr!("Thiếu {x}", "Missing {x}")`: formats the current language's text only.
#[macro_export]
macro_rules! tr {
    ($vi:literal, $en:literal $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Vi => format!($vi),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($vi:literal, $en:literal, $($arg:tt)+) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Vi => format!($vi, $($arg)+),
            $crate::i18n::Lang::En => format!($en, $($arg)+),
        }
    };
}
