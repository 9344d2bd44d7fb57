//! Deserialization throughput of real updates, ours against `frankenstein` 0.52, with
//! the two interleaved round by round so that a change of machine speed hits both
//! alike (criterion's `updates` bench times one after the other, and on a shared
//! machine the two can land in different conditions). Each round parses every update
//! both crates accept (era 6.0 and later, `tests/fixtures/payloads/payloads-dev.jsonl`)
//! `REPEAT` times with each crate, alternating which goes first; the report gives
//! both median throughputs and the median of the per-round ratios.
//!
//! `cargo run --release --manifest-path tests/bench/Cargo.toml --example updates_ratio -- [ROUNDS] [--each]`
//! (`--each` also prints the ratio for each update alone, to see where time goes).

use std::hint::black_box;
use std::time::Instant;

use bench::recent_updates;
use serde_json::Value;

const REPEAT: usize = 20;

fn ours(json: &str) -> bool {
    serde_json::from_str::<telegram_bot_api::types::Update>(json).is_ok()
}

fn frankenstein(json: &str) -> bool {
    serde_json::from_str::<frankenstein::updates::Update>(json).is_ok()
}

/// Seconds to parse `set` `REPEAT` times with `parse`.
fn time(set: &[&String], parse: fn(&str) -> bool) -> f64 {
    let start = Instant::now();
    for _ in 0..REPEAT {
        for json in set {
            assert!(black_box(parse(black_box(json))));
        }
    }
    start.elapsed().as_secs_f64()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(300);
    let each = args.iter().any(|a| a == "--each");
    let updates = recent_updates();
    let common: Vec<&String> = updates
        .iter()
        .filter(|u| ours(u) && frankenstein(u))
        .collect();
    let parsed_by_ours = updates.iter().filter(|u| ours(u)).count();
    let parsed_by_frankenstein = updates.iter().filter(|u| frankenstein(u)).count();
    let bytes: usize = common.iter().map(|u| u.len()).sum();
    let mib = (bytes * REPEAT) as f64 / (1024.0 * 1024.0);
    for _ in 0..20 {
        time(&common, ours);
        time(&common, frankenstein);
    }
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ours_s, frank_s) = if round % 2 == 0 {
            let o = time(&common, ours);
            (o, time(&common, frankenstein))
        } else {
            let f = time(&common, frankenstein);
            (time(&common, ours), f)
        };
        a.push(mib / ours_s);
        b.push(mib / frank_s);
        ratios.push(frank_s / ours_s);
    }
    println!(
        "recent updates: {}; parsed by ours: {parsed_by_ours}; by frankenstein: {parsed_by_frankenstein}; timed: the {} both parse ({bytes} bytes), {rounds} rounds",
        updates.len(),
        common.len()
    );
    println!(
        "ours {:.1} MiB/s, frankenstein {:.1} MiB/s (medians); ours / frankenstein throughput: {:.3} (median of rounds)",
        median(&mut a),
        median(&mut b),
        median(&mut ratios)
    );
    if each {
        for (i, update) in common.iter().enumerate() {
            let one = [*update];
            let mut ratios: Vec<f64> = (0..rounds / 4)
                .map(|_| time(&one, frankenstein) / time(&one, ours))
                .collect();
            let kind = serde_json::from_str::<serde_json::Map<String, Value>>(update)
                .ok()
                .and_then(|m| m.keys().find(|k| *k != "update_id").cloned())
                .unwrap_or_default();
            println!(
                "  #{i:<2} {kind:<28} {:>5} bytes  ours / frankenstein {:.2}",
                update.len(),
                median(&mut ratios)
            );
        }
    }
}
