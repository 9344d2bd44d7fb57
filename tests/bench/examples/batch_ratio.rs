//! What reading `getUpdates` as a `Batch` costs: a whole answer of real updates read as
//! the client reads it (`GetUpdates::read_response`: one pass while every update
//! reads), and as a plain `Response<Batch<Update>>` (each update cut out as raw JSON,
//! then read alone: the path taken when one update does not read), each against
//! `Response<Vec<Update>>` (one pass, but one bad update fails them all), interleaved
//! round by round like `updates_ratio`.
//!
//! `cargo run --release --manifest-path tests/bench/Cargo.toml --example batch_ratio -- [ROUNDS]`

use std::hint::black_box;
use std::time::Instant;

use bench::recent_updates;
use telegram_bot_api::methods::{GetUpdates, Method, Response};
use telegram_bot_api::types::{Batch, Update};

const REPEAT: usize = 20;

// All from bytes, as the client reads an answer (`from_slice` checks UTF-8 as it goes,
// `from_str` does not: mixing them would skew the ratio).
fn vec(json: &str) -> usize {
    let answer: Response<Vec<Update>> = serde_json::from_slice(json.as_bytes()).unwrap();
    answer.result.unwrap().len()
}

fn batch(json: &str) -> usize {
    let answer: Response<Batch<Update>> = serde_json::from_slice(json.as_bytes()).unwrap();
    answer.result.unwrap().successes().count()
}

fn client(json: &str) -> usize {
    let answer = GetUpdates::read_response(json.as_bytes()).unwrap();
    answer.result.unwrap().successes().count()
}

/// Seconds to parse `json` `REPEAT` times with `parse`.
fn time(json: &str, parse: fn(&str) -> usize) -> f64 {
    let start = Instant::now();
    for _ in 0..REPEAT {
        black_box(parse(black_box(json)));
    }
    start.elapsed().as_secs_f64()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let updates = recent_updates();
    let json = format!(r#"{{"ok":true,"result":[{}]}}"#, updates.join(","));
    assert_eq!(vec(&json), updates.len());
    assert_eq!(batch(&json), updates.len());
    assert_eq!(client(&json), updates.len());
    println!(
        "getUpdates answer of {} updates ({} bytes), {rounds} rounds",
        updates.len(),
        json.len()
    );
    for (name, parse) in [
        ("GetUpdates::read_response", client as fn(&str) -> usize),
        ("Response<Batch<Update>>", batch),
    ] {
        for _ in 0..20 {
            time(&json, vec);
            time(&json, parse);
        }
        let mib = (json.len() * REPEAT) as f64 / (1024.0 * 1024.0);
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let (vec_s, other_s) = if round % 2 == 0 {
                let v = time(&json, vec);
                (v, time(&json, parse))
            } else {
                let o = time(&json, parse);
                (time(&json, vec), o)
            };
            a.push(mib / vec_s);
            b.push(mib / other_s);
            ratios.push(vec_s / other_s);
        }
        println!(
            "{name}: {:.1} MiB/s, Response<Vec<Update>> {:.1} MiB/s (medians); throughput / Vec's: {:.3} (median of rounds)",
            median(&mut b),
            median(&mut a),
            median(&mut ratios)
        );
    }
}
