//! Shared by the benchmarks (`benches/`) and bench binaries (`examples/`).

use std::path::PathBuf;

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

/// The compact JSON text of every `update` record of Bot API era 6.0 or later in
/// `tests/fixtures/payloads/payloads-dev.jsonl`.
pub fn recent_updates() -> Vec<String> {
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
