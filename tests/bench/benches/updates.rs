//! Deserialization speed of real updates: the `update` payloads of Bot API era 6.0 and
//! later in `tests/fixtures/payloads/payloads-dev.jsonl`, parsed from JSON text into
//! the generated `telegram_bot_api::types::Update` and into `frankenstein`'s `Update`
//! (0.52, types only). Throughput is over the payloads' compact JSON bytes.
//!
//! Groups: `common` holds the payloads both crates parse (the fair comparison);
//! `all-recent` holds every recent update, parsed by ours only. How many of the
//! recent updates each crate parses is printed before timing.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Record {
    kind: String,
    bot_api_era: String,
    payload: Value,
}

/// `"<= 7.1 (payload last edited …)"` → `(7, 1)`.
fn era(text: &str) -> Option<(u32, u32)> {
    let version = text.trim_start_matches("<=").split_whitespace().next()?;
    let (major, minor) = version.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The compact JSON text of every `update` record of era 6.0 or later.
fn recent_updates() -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/payloads/payloads-dev.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .filter_map(|(n, line)| {
            let record: Record = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: not a record: {e}", path.display(), n + 1));
            let recent = era(&record.bot_api_era).is_some_and(|e| e >= (6, 0));
            (record.kind == "update" && recent).then(|| record.payload.to_string())
        })
        .collect()
}

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
