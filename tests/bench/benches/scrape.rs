//! Scraping speed, side by side in one run for each Telegram page:
//! - `parse_only`: a bare `scraper::Html::parse_document`, the floor for any HTML scraper;
//! - `ours`: our whole scrape (parse, raw sections, extraction, checks);
//! - `tg_bot_api`: the published `tg-bot-api` 0.6.0 crate's `get` (fails on 8.0+ pages,
//!   which are then left out).
//!
//! Pages are read from `../shared/sources/telegram/` when present, else from the
//! project's fixtures.

use std::path::PathBuf;

use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use criterion::{criterion_group, criterion_main, Criterion};

const VERSIONS: &[&str] = &["5.0", "6.3", "7.0", "7.10", "8.3", "9.2", "10.2"];

fn page(version: &str) -> Option<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = [
        root.join(format!("spec/sources/telegram/botapi-{version}.html")),
        root.join(format!("tests/fixtures/telegram/botapi-{version}.html")),
        root.join(format!("../shared/sources/telegram/botapi-{version}.html")),
    ];
    candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
}

fn scrape(c: &mut Criterion) {
    for version in VERSIONS {
        let Some(source) = page(version) else {
            eprintln!("skipping {version}: page not found");
            continue;
        };
        let mut group = c.benchmark_group(format!("telegram-{version}"));
        group.sample_size(20);
        group.bench_function("parse_only", |b| {
            b.iter(|| scraper::Html::parse_document(std::hint::black_box(&source)))
        });
        group.bench_function("ours", |b| {
            b.iter(|| {
                let (spec, diags) = codegen::scrape::scrape(
                    std::hint::black_box(&source),
                    "page.html",
                    Some(Dialect::TELEGRAM_HTML),
                    &KnownFacts::default(),
                );
                assert!(spec.is_some() && !diags.has_errors());
                spec
            })
        });
        if tg_bot_api::get(&source).is_ok() {
            group.bench_function("tg_bot_api", |b| {
                b.iter(|| tg_bot_api::get(std::hint::black_box(&source)))
            });
        } else {
            eprintln!("tg-bot-api fails on {version}; not timed");
        }
        group.finish();
    }
}

/// The 10.2 page with thousands of extra tables under one heading (`User`), a damaged
/// page's shape that once made the scrape quadratic ([`bench::many_tables`]): the
/// time per table should stay flat from 1,000 to 4,000 tables. The scrape reports
/// errors (more than one table under one type) and is timed all the same.
fn many_tables(c: &mut Criterion) {
    let Some(source) = page("10.2") else {
        eprintln!("skipping many_tables: page 10.2 not found");
        return;
    };
    let mut group = c.benchmark_group("telegram-10.2-many-tables");
    group.sample_size(10);
    for count in [1_000, 2_000, 4_000] {
        let damaged = bench::many_tables(&source, count, &["user"]);
        group.throughput(criterion::Throughput::Elements(count as u64));
        group.bench_function(format!("ours/{count}"), |b| {
            b.iter(|| {
                let (spec, diags) = codegen::scrape::scrape(
                    std::hint::black_box(&damaged),
                    "page.html",
                    Some(Dialect::TELEGRAM_HTML),
                    &KnownFacts::default(),
                );
                assert!(spec.is_some() && diags.has_errors());
                spec
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scrape, many_tables);
criterion_main!(benches);
