//! Where a scrape's wall-clock time goes, phase by phase, next to the bare parse it
//! is compared with: `Html::parse_document`, reading the DOM into the raw page
//! (`read_document`), dropping the DOM, extraction, the checks (prose types, analysis,
//! coverage accounting), and dropping the page and spec. Mean of 50 rounds after 10.
//!
//! `cargo run --release --manifest-path tests/bench/Cargo.toml --example scrape_phases -- PAGE`

use std::time::Instant;

use codegen::diagnostics::Diagnostics;
use codegen::scrape::extract::KnownFacts;

const WARM_UP: usize = 10;
const ROUNDS: usize = 50;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scrape_phases PAGE");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(&path).expect("readable page");
    let names = [
        "parse",
        "read_document",
        "drop the DOM",
        "extract",
        "prose types, analyze, account",
        "drop page and spec",
    ];
    let mut totals = [0f64; 6];
    for round in 0..WARM_UP + ROUNDS {
        let mut marks = vec![Instant::now()];
        let document = scraper::Html::parse_document(&source);
        marks.push(Instant::now());
        let mut diags = Diagnostics::new(&path);
        let page =
            codegen::scrape::dialect::telegram_html::read_document(&document, &source, &mut diags);
        marks.push(Instant::now());
        drop(document);
        marks.push(Instant::now());
        let mut spec = codegen::scrape::extract::extract(&page, &KnownFacts::default(), &mut diags);
        marks.push(Instant::now());
        codegen::scrape::prose_types::resolve(&page, &mut spec);
        codegen::scrape::analyze::analyze(&mut spec, &mut diags);
        let coverage = codegen::scrape::accounting::account(&page, &spec);
        marks.push(Instant::now());
        assert!(!diags.has_errors(), "{diags}");
        drop((page, spec, coverage));
        marks.push(Instant::now());
        if round >= WARM_UP {
            for (total, pair) in totals.iter_mut().zip(marks.windows(2)) {
                *total += (pair[1] - pair[0]).as_secs_f64() * 1e3 / ROUNDS as f64;
            }
        }
    }
    let floor = totals[0] + totals[2];
    for (name, ms) in names.iter().zip(totals) {
        println!("{name:<32} {ms:7.2} ms");
    }
    let all: f64 = totals.iter().sum();
    println!("bare parse (parse + drop)        {floor:7.2} ms");
    println!("whole scrape / bare parse        {:7.3}", all / floor);
}
