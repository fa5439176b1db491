//! In-process PDF timings: `cargo bench --bench pdf`.
//!
//! - the publication decision of docs-example (benches/fixtures/QD-05-2026.md: 3 pages, the
//!   annex lists 56 documents), rendered 200 times;
//! - every document of docs-example rendered on one thread, 10 rounds;
//! - output sizes.
//!
//! Prints the best and the median; the figures go in docs/performance.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)] // a benchmark: it prints its figures

use qmsdoc::model::Document;
use qmsdoc::pdf::render_document;
use qmsdoc::source::SourceFile;
use qmsdoc::workspace::{Workspace, parse_document};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = Workspace::load(&root.join("docs-example"));
    let path = root.join("benches/fixtures/QD-05-2026.md");
    let text = std::fs::read_to_string(&path).expect("decision fixture");
    let file = Arc::new(SourceFile::new(path, text.clone()));
    let decision = parse_document(&file).0.expect("decision parses");

    // The first call loads the fonts (once per process): timed apart.
    let t = Instant::now();
    let first = render_document(&ws.config, &decision, &text).expect("renders");
    let cold = t.elapsed();
    let mut runs = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let r = render_document(&ws.config, &decision, &text).expect("renders");
        runs.push(t.elapsed());
        std::hint::black_box(r.bytes.len());
    }
    let (best, median) = stats(runs);
    println!(
        "decision ({} pages, {} bytes): best {}, median {}, first call {} (font loading)",
        first.pages,
        first.bytes.len(),
        ms(best),
        ms(median),
        ms(cold)
    );

    let docs: Vec<(&Document, String)> = ws
        .documents
        .iter()
        .map(|d| {
            (
                d,
                std::fs::read_to_string(d.source.path()).expect("document"),
            )
        })
        .collect();
    let mut rounds = Vec::new();
    let mut bytes = 0;
    let mut pages = 0;
    for _ in 0..10 {
        let t = Instant::now();
        bytes = 0;
        pages = 0;
        for (d, text) in &docs {
            let r = render_document(&ws.config, d, text).expect("renders");
            bytes += r.bytes.len();
            pages += r.pages;
        }
        rounds.push(t.elapsed());
    }
    let (best, median) = stats(rounds);
    println!(
        "docs-example, {} documents, {pages} pages, {:.1} MB, one thread: best {}, median {}",
        docs.len(),
        bytes as f64 / 1e6,
        ms(best),
        ms(median)
    );
}
