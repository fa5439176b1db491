//! In-process calendar timings: `cargo bench --bench calendar`.
//!
//! - loading the calendar (the shipped years 2024–2026: lunar dates, holidays, swaps, counts);
//! - the worst start date for 10,000 procedures, each with its own number of working days
//!   (1 to 60, so 60 distinct cold computations, the rest memoised), as `check` does for T003;
//! - 10,000 due times (`received` + `add_working`), as `qmsdoc due` does once.
//!
//! Prints the best and the median of 20 rounds; the figures go in docs/performance.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)] // a benchmark: it prints its figures

use qmsdoc::calendar::count::Instant;
use qmsdoc::calendar::{Day, Settings, load};
use std::path::Path;
use std::time::{Duration, Instant as Clock};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn time(label: &str, mut f: impl FnMut()) {
    let runs: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Clock::now();
            f();
            t.elapsed()
        })
        .collect();
    let (best, median) = stats(runs);
    println!("{label:<58} best {}  median {}", ms(best), ms(median));
}

fn main() {
    let root = Path::new("/nonexistent");
    let settings = Settings::default();
    time("load the calendar (2024–2026)", || {
        std::hint::black_box(load::load(root, &settings));
    });
    time(
        "worst start date, 10,000 procedures (load included)",
        || {
            let (cal, _) = load::load(root, &settings);
            for i in 0..10_000u32 {
                std::hint::black_box(cal.worst_working_span(1 + i % 60));
            }
        },
    );
    let (cal, _) = load::load(root, &settings);
    let first = Day::ymd(2024, 1, 1).map_or(0, |d| d.0);
    time("10,000 due times (received + add_working)", || {
        for i in 0..10_000i32 {
            let at = Instant {
                day: Day(first + i % 1000),
                minute: 420 + (i % 600) as u16,
            };
            let start = cal.received(at).ok();
            let due =
                start.and_then(|s| cal.add_working(s, 480 * u64::from(1 + i as u32 % 10)).ok());
            std::hint::black_box(due);
        }
    });
}
