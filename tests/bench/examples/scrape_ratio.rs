//! Wall-clock ratio of our scrape to a bare `scraper::Html::parse_document`, with the
//! two interleaved round by round so that load and frequency changes hit both alike
//! (criterion times one function after the other). For each page: after warm-up
//! rounds, each round times one parse and one scrape; the report gives both medians
//! and the median of the per-round ratios.
//!
//! `cargo run --release --manifest-path tests/bench/Cargo.toml --example scrape_ratio -- [ROUNDS] [PAGE…]`
//! (default 60 rounds; pages default to every Telegram version the project has).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;

const VERSIONS: &[&str] = &["5.0", "6.3", "7.0", "7.10", "8.3", "9.2", "10.2"];

fn default_pages() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    VERSIONS
        .iter()
        .filter_map(|v| {
            [
                root.join(format!("spec/sources/telegram/botapi-{v}.html")),
                root.join(format!("tests/fixtures/telegram/botapi-{v}.html")),
            ]
            .into_iter()
            .find(|p| p.exists())
        })
        .collect()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    drop(std::hint::black_box(f()));
    start.elapsed()
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let rounds: usize = match args.peek().and_then(|a| a.parse().ok()) {
        Some(n) => {
            args.next();
            n
        }
        None => 60,
    };
    let mut pages: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if pages.is_empty() {
        pages = default_pages();
    }
    println!(
        "| page | parse ms (median) | scrape ms (median) | scrape / parse (median of rounds) |"
    );
    println!("| --- | --- | --- | --- |");
    for page in pages {
        let source = std::fs::read_to_string(&page).expect("readable page");
        let parse = || scraper::Html::parse_document(std::hint::black_box(&source));
        let scrape = || {
            let (spec, diags) = codegen::scrape::scrape(
                std::hint::black_box(&source),
                "page.html",
                Some(Dialect::TELEGRAM_HTML),
                &KnownFacts::default(),
            );
            assert!(spec.is_some() && !diags.has_errors(), "{diags}");
            spec
        };
        for _ in 0..5 {
            time(parse);
            time(scrape);
        }
        let (mut parses, mut scrapes, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            // Alternate which goes first, so neither always runs on a warmer cache.
            let (p, s) = if round % 2 == 0 {
                let p = time(parse);
                (p, time(scrape))
            } else {
                let s = time(scrape);
                (time(parse), s)
            };
            parses.push(p.as_secs_f64() * 1e3);
            scrapes.push(s.as_secs_f64() * 1e3);
            ratios.push(s.as_secs_f64() / p.as_secs_f64());
        }
        println!(
            "| {} | {:.2} | {:.2} | {:.3} |",
            page.file_name().unwrap_or_default().to_string_lossy(),
            median(&mut parses),
            median(&mut scrapes),
            median(&mut ratios),
        );
    }
}
