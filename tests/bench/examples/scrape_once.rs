//! Runs one scrape (or one bare parse) of a page, for instruction-count profiling with
//! `valgrind --tool=callgrind`, which is steady even on a busy machine:
//! `cargo run --release --example scrape_once -- parse|scrape PAGE`.

use codegen::dialect::Dialect;
use codegen::extract::KnownFacts;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, path) = match args.as_slice() {
        [_, mode, path] => (mode.as_str(), path.as_str()),
        _ => {
            eprintln!("usage: scrape_once parse|scrape PAGE");
            std::process::exit(2);
        }
    };
    let source = std::fs::read_to_string(path).expect("readable page");
    match mode {
        "parse" => drop(std::hint::black_box(scraper::Html::parse_document(&source))),
        _ => {
            let (spec, diags) = codegen::scrape::scrape(
                &source,
                path,
                Some(Dialect::TelegramHtml),
                &KnownFacts::default(),
            );
            assert!(spec.is_some() && !diags.has_errors(), "{diags}");
        }
    }
}
