//! Runs a scrape (or a bare parse) of a page N times (default 1), for instruction-count
//! profiling with `valgrind --tool=callgrind`, which is steady even on a busy machine:
//! `cargo run --release --example scrape_once -- parse|scrape PAGE [N]`.
//!
//! The steady-state cost of one run, as a benchmark loop sees it (regexes and
//! selectors compiled, allocator warm), is the count for N=2 minus the count for N=1.

use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, path, runs) = match args.as_slice() {
        [_, mode, path] => (mode.as_str(), path.as_str(), 1),
        [_, mode, path, runs] => (
            mode.as_str(),
            path.as_str(),
            runs.parse().expect("N is a count"),
        ),
        _ => {
            eprintln!("usage: scrape_once parse|scrape PAGE [N]");
            std::process::exit(2);
        }
    };
    let source = std::fs::read_to_string(path).expect("readable page");
    for _ in 0..runs {
        run(mode, path, &source);
    }
}

fn run(mode: &str, path: &str, source: &str) {
    match mode {
        "parse" => drop(std::hint::black_box(scraper::Html::parse_document(source))),
        _ => {
            let (spec, diags) = codegen::scrape::scrape(
                source,
                path,
                Some(Dialect::TELEGRAM_HTML),
                &KnownFacts::default(),
            );
            assert!(spec.is_some() && !diags.has_errors(), "{diags}");
        }
    }
}
