//! Real payloads through the generated Telegram types: every payload of
//! `fixtures/payloads/payloads-dev.jsonl` is deserialized with the type its record names
//! (`update` → `Update`, `object:<Name>` → `<Name>`, `response` → the envelope with the
//! result type of its subkind), serialized back and compared with the input as JSON
//! values.
//!
//! What may differ, by design (see the crate's docs): `null`s (absent optional fields are
//! not written), `false` in an optional `True` (read as absent), and the constant tag of
//! a union's variant (always written, at the top of the payload). Nothing else may be
//! written that the input did not have: a required field an older payload lacks reads
//! as a vacant value, is recorded as absent and is not written back. Fields unknown to
//! the spec are kept and written back, so they must survive. Anything else that
//! differs, or does not parse, is a failure for payloads of every era unless
//! `fixtures/payloads/exceptions.yaml` lists it with a reason (the test also fails
//! when a listed payload passes, so the list stays exact).

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use telegram_bot_api::methods::Response;

include!(concat!(env!("OUT_DIR"), "/telegram_dispatch.rs"));

/// Through the type `T`: parse the JSON text, serialize back.
fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T =
        serde_json::from_str(&value.to_string()).map_err(|e| format!("does not parse: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))
}

/// A result type named by a response's subkind (`ok:User`, `ok:Message:text`,
/// `ok:Update[]`, `ok:bool`, `ok:[]`).
fn roundtrip_result(name: &str, value: &Value) -> Option<Result<Value, String>> {
    match name {
        "bool" => Some(roundtrip::<telegram_bot_api::types::True>(value)),
        "str" => Some(roundtrip::<String>(value)),
        "int" => Some(roundtrip::<i64>(value)),
        "[]" => Some(roundtrip::<Vec<Value>>(value)),
        other => roundtrip_named(other, value),
    }
}

#[derive(Debug, Deserialize)]
struct Record {
    kind: String,
    #[serde(default)]
    subkind: Option<String>,
    path: String,
    bot_api_era: String,
    payload: Value,
}

#[derive(Debug, Deserialize)]
struct Exception {
    line: usize,
    reason: String,
}

/// The typed value of a record, serialized back.
fn run(record: &Record) -> Result<Value, String> {
    if record.kind == "update" {
        return roundtrip_named("Update", &record.payload).ok_or("no Update type")?;
    }
    if let Some(name) = record.kind.strip_prefix("object:") {
        // A few records hold a list of objects under the object's name.
        let name = match &record.payload {
            Value::Array(_) if !name.ends_with("[]") => format!("{name}[]"),
            _ => name.to_owned(),
        };
        return roundtrip_named(&name, &record.payload)
            .ok_or(format!("no type `{name}` in the spec"))?;
    }
    if record.kind != "response" {
        return Err(format!("unknown record kind `{}`", record.kind));
    }
    let envelope: Response<Value> = serde_json::from_str(&record.payload.to_string())
        .map_err(|e| format!("envelope does not parse: {e}"))?;
    let mut out = serde_json::to_value(&envelope).map_err(|e| e.to_string())?;
    let subkind = record.subkind.as_deref().unwrap_or_default();
    if let (Some(name), Some(result)) = (subkind.strip_prefix("ok:"), &envelope.result) {
        let name = name.split(':').next().unwrap_or_default();
        let typed = roundtrip_result(name, result).ok_or(format!("no result type `{name}`"))??;
        out["result"] = typed;
    }
    Ok(out)
}

/// One difference between the input and the output.
enum Difference {
    /// A field of the input missing from the output (path, field, input value).
    Lost(String, String, Value),
    /// A field of the output not in the input (path, field).
    Added(String, String),
    Changed(String),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Lost(path, key, _) => write!(f, "lost {path}.{key}"),
            Difference::Added(path, key) => write!(f, "added {path}.{key}"),
            Difference::Changed(path) => write!(f, "changed {path}"),
        }
    }
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    a == b || a.as_f64().zip(b.as_f64()).is_some_and(|(x, y)| x == y)
}

fn compare(input: &Value, output: &Value, path: &str, out: &mut Vec<Difference>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    Some(other) => compare(value, other, &here, out),
                    None if value.is_null() => {}
                    None => out.push(Difference::Lost(
                        path.to_owned(),
                        key.clone(),
                        value.clone(),
                    )),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(Difference::Added(path.to_owned(), key.clone()));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) => {}
        (a, b) if a == b => {}
        _ => out.push(Difference::Changed(path.to_owned())),
    }
}

/// `key` is a field of the record's type with the constant value `value`.
fn is_tag(spec: &codegen::spec::Spec, kind: &str, key: &str, value: &Value) -> bool {
    let Some(name) = kind.strip_prefix("object:") else {
        return false;
    };
    let field = spec
        .find_type(name)
        .and_then(|t| t.fields().iter().find(|f| f.name == key));
    field
        .and_then(|f| f.const_value.as_deref())
        .is_some_and(|c| value.as_str() == Some(c))
}

/// `<= 9.1 (payload last edited …)` → (9, 1).
fn era(text: &str) -> Option<(u32, u32)> {
    let version = text.trim_start_matches("<=").split_whitespace().next()?;
    let (major, minor) = version.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[test]
fn real_payloads_parse_and_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let text = std::fs::read_to_string(dir.join("payloads-dev.jsonl")).unwrap();
    let exceptions: Vec<Exception> =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("exceptions.yaml")).unwrap())
            .unwrap();
    let excepted: BTreeMap<usize, &str> = exceptions
        .iter()
        .map(|e| (e.line, e.reason.as_str()))
        .collect();
    let spec = codegen::spec::yaml::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/telegram.yaml"),
    )
    .unwrap();

    let (mut total, mut recent, mut passed) = (0, 0, 0);
    let mut false_flags = 0;
    let mut written_tags = 0;
    let mut failures = Vec::new();
    let mut fixed_exceptions = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let record: Record =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {number}: {e}"));
        total += 1;
        let is_recent = era(&record.bot_api_era).is_some_and(|e| e >= (6, 0));
        recent += usize::from(is_recent);
        let problem = match run(&record) {
            Err(error) => Some(error),
            Ok(output) => {
                let mut differences = Vec::new();
                compare(&record.payload, &output, "", &mut differences);
                let mut problems = Vec::new();
                for difference in differences {
                    match difference {
                        // Only an optional `True` drops a `false`: it means absent.
                        Difference::Lost(_, _, Value::Bool(false)) => false_flags += 1,
                        // The constant tag of a tagged union's variant is always written.
                        Difference::Added(path, key)
                            if path.is_empty()
                                && is_tag(&spec, &record.kind, &key, &output[key.as_str()]) =>
                        {
                            written_tags += 1
                        }
                        other => problems.push(other.to_string()),
                    }
                }
                (!problems.is_empty()).then(|| problems.join("; "))
            }
        };
        match (problem, excepted.get(&number)) {
            (None, None) => passed += 1,
            (None, Some(_)) => fixed_exceptions.push(number),
            (Some(_), Some(_)) => {}
            (Some(problem), None) => failures.push(format!(
                "line {number} ({} {}, era {}, {}): {problem}",
                record.kind,
                record.subkind.as_deref().unwrap_or_default(),
                record.bot_api_era,
                record.path
            )),
        }
    }
    println!(
        "{total} payloads ({recent} of era >= 6.0): {passed} round-trip, {} listed as exceptions",
        excepted.len()
    );
    println!("`false` in optional `True` fields, read as absent: {false_flags}");
    println!("constant tags missing from a payload, written back: {written_tags}");
    assert!(
        fixed_exceptions.is_empty(),
        "exceptions.yaml lists payloads that now pass, remove them: lines {fixed_exceptions:?}"
    );
    assert!(
        failures.is_empty(),
        "{} payloads do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The record of absent required fields, through the generated crate's public API: what
/// an absent field reads as, that it is not written back while vacant, that a value set
/// since is written, and that the record takes no part in `==`.
#[test]
fn absent_required_fields_are_recorded_and_not_written_back() {
    use serde_json::json;
    use telegram_bot_api::types::{ChatFullInfo, Sticker, StickerType, User};

    // A user stored before `is_bot` existed.
    let input = json!({"id": 7, "first_name": "Ada"});
    let mut user: User = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(user.absent_fields().collect::<Vec<_>>(), ["is_bot"]);
    assert!(!user.is_bot);
    assert_eq!(serde_json::to_value(&user).unwrap(), input);
    assert_eq!(user, User::new(7, false, "Ada"));
    assert!(User::new(7, false, "Ada").absent_fields().next().is_none());
    // Set since: written.
    user.is_bot = true;
    assert_eq!(
        serde_json::to_value(&user).unwrap(),
        json!({"id": 7, "is_bot": true, "first_name": "Ada"})
    );

    // A required object the payload lacks: vacant, every field of its own absent.
    let input =
        json!({"id": -100, "type": "supergroup", "accent_color_id": 1, "max_reaction_count": 11});
    let chat: ChatFullInfo = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        chat.absent_fields().collect::<Vec<_>>(),
        ["accepted_gift_types"]
    );
    assert_eq!(
        chat.accepted_gift_types.absent_fields().collect::<Vec<_>>(),
        [
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels"
        ]
    );
    assert_eq!(
        serde_json::to_value(&chat.accepted_gift_types).unwrap(),
        json!({})
    );
    assert_eq!(serde_json::to_value(&chat).unwrap(), input);

    // A required enumeration (a sticker from before Bot API 6.0): the unknown `""`.
    let input = json!({
        "file_id": "f", "file_unique_id": "u", "width": 512, "height": 512,
        "is_animated": false, "is_video": false, "emoji": "🙂"
    });
    let sticker: Sticker = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(sticker.absent_fields().collect::<Vec<_>>(), ["type"]);
    assert_eq!(sticker.type_, StickerType::Unknown(String::new()));
    assert_eq!(serde_json::to_value(&sticker).unwrap(), input);

    // A field present with its vacant value is not absent, and is written.
    let input = json!({"id": 7, "is_bot": false, "first_name": ""});
    let user: User = serde_json::from_value(input.clone()).unwrap();
    assert!(user.absent_fields().next().is_none());
    assert_eq!(serde_json::to_value(&user).unwrap(), input);
}
