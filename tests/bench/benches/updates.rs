//! Deserialization speed of real updates: the `update` payloads of Bot API era 6.0 and
//! later in `tests/fixtures/payloads/payloads-dev.jsonl`, parsed from JSON text into
//! the generated `telegram_bot_api::types::Update` and into `frankenstein`'s `Update`
//! (0.52, types only). Throughput is over the payloads' compact JSON bytes.
//!
//! Groups: `common` holds the payloads both crates parse (the fair comparison);
//! `all-recent` holds every recent update, parsed by ours only. How many of the
//! recent updates each crate parses is printed before timing.

use std::hint::black_box;

use bench::recent_updates;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn ours(json: &str) -> bool {
    serde_json::from_str::<telegram_bot_api::types::Update>(json).is_ok()
}

fn frankenstein(json: &str) -> bool {
    serde_json::from_str::<frankenstein::updates::Update>(json).is_ok()
}

fn bytes(set: &[&String]) -> u64 {
    set.iter().map(|s| s.len() as u64).sum()
}

fn bench(c: &mut Criterion) {
    let updates = recent_updates();
    let ours_ok: Vec<&String> = updates.iter().filter(|u| ours(u)).collect();
    let frank_ok: Vec<&String> = updates.iter().filter(|u| frankenstein(u)).collect();
    let common: Vec<&String> = updates
        .iter()
        .filter(|u| ours(u) && frankenstein(u))
        .collect();
    eprintln!(
        "recent updates: {}; parsed by telegram-bot-api: {}; by frankenstein: {}; by both: {} ({} bytes)",
        updates.len(),
        ours_ok.len(),
        frank_ok.len(),
        common.len(),
        bytes(&common),
    );
    for (i, u) in updates.iter().enumerate() {
        if let Err(e) = serde_json::from_str::<frankenstein::updates::Update>(u) {
            eprintln!("  frankenstein fails on recent update #{i}: {e}");
        }
        if let Err(e) = serde_json::from_str::<telegram_bot_api::types::Update>(u) {
            eprintln!("  telegram-bot-api fails on recent update #{i}: {e}");
        }
    }

    let mut group = c.benchmark_group("updates-common");
    group.throughput(Throughput::Bytes(bytes(&common)));
    group.bench_function("telegram-bot-api", |b| {
        b.iter(|| {
            for json in &common {
                let update: telegram_bot_api::types::Update =
                    serde_json::from_str(black_box(json)).expect("parsed before");
                black_box(update);
            }
        })
    });
    group.bench_function("frankenstein", |b| {
        b.iter(|| {
            for json in &common {
                let update: frankenstein::updates::Update =
                    serde_json::from_str(black_box(json)).expect("parsed before");
                black_box(update);
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("updates-all-recent");
    group.throughput(Throughput::Bytes(bytes(&ours_ok)));
    group.bench_function("telegram-bot-api", |b| {
        b.iter(|| {
            for json in &ours_ok {
                let update: telegram_bot_api::types::Update =
                    serde_json::from_str(black_box(json)).expect("parsed before");
                black_box(update);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
