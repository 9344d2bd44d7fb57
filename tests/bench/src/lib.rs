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

/// The Telegram page `source` with `per_heading` extra tables under each of the item
/// headings `anchors` (`user`, `chat`…), right after the item's own table: the shape
/// of a damaged page that once made the scrape quadratic. The tables under the first
/// heading are the item's own table with a numbered row added, so every one differs
/// from every other table of the page; those under the other headings repeat them
/// (a copy of the first heading's tables under each of the others).
pub fn many_tables(source: &str, per_heading: usize, anchors: &[&str]) -> String {
    let mut out = source.to_owned();
    let mut tables = String::new();
    for (index, anchor) in anchors.iter().enumerate() {
        let heading = out
            .find(&format!("name=\"{anchor}\""))
            .unwrap_or_else(|| panic!("no heading `{anchor}` on the page"));
        let start = heading
            + out[heading..]
                .find("<table")
                .expect("a table after the heading");
        let end = start + out[start..].find("</table>").expect("a closed table") + "</table>".len();
        if index == 0 {
            let table = &out[start..end];
            let (head, tail) = table.split_at(table.rfind("</tbody>").expect("a table body"));
            for n in 0..per_heading {
                tables.push('\n');
                tables.push_str(head);
                tables.push_str(&format!(
                    "<tr>\n<td>extra_{n}</td>\n<td>Integer</td>\n<td>Row {n} of a table that is not on the page</td>\n</tr>\n"
                ));
                tables.push_str(tail);
            }
        }
        out.insert_str(end, &tables);
    }
    out
}
