//! Mini App init data: a query string signed with a key derived from the bot's token.
//! The API's facts (the HMAC key deriving the secret, which fields hold JSON) are
//! given by the generated `webhook` module.

use std::collections::btree_map::{BTreeMap, Entry};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::constant_time::constant_time_eq;
use super::signing::{decode_hex, hmac_sha256};

/// Mini App init data whose signature was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InitData {
    /// Every field but `hash`, percent-decoded, by name (`user`, `chat` and
    /// `receiver` hold JSON: read them with [`InitData::json`]).
    pub fields: BTreeMap<String, String>,
    /// `auth_date`: when the Mini App was opened, in Unix seconds.
    pub auth_date: i64,
    /// `hash`: the signature that was checked, as sent (hexadecimal).
    pub hash: String,
}

impl InitData {
    /// A field's decoded value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// A field that holds JSON (`user`, `chat`, `receiver`), deserialized; `None`
    /// when the field is absent.
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Option<Result<T, serde_json::Error>> {
        self.get(name).map(serde_json::from_str)
    }

    /// The fields as one JSON object, with `hash`: those named in `json_fields` read as
    /// JSON (in the query string every value is text), the others kept as text.
    // Used by `InitData::parse`, which a crate has when its page describes the fields.
    #[allow(dead_code)]
    pub(crate) fn to_object(&self, json_fields: &[&str]) -> serde_json::Result<serde_json::Value> {
        let mut object = serde_json::Map::new();
        for (name, value) in &self.fields {
            let value = if json_fields.contains(&name.as_str()) {
                serde_json::from_str(value)?
            } else {
                serde_json::Value::String(value.clone())
            };
            object.insert(name.clone(), value);
        }
        object.insert(
            "hash".to_owned(),
            serde_json::Value::String(self.hash.clone()),
        );
        Ok(serde_json::Value::Object(object))
    }
}

/// Why init data was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitDataError {
    /// A field is missing or malformed, or appears twice.
    Malformed(String),
    /// The signature does not match: the data was not signed for this bot, or was
    /// changed.
    BadHash,
    /// The data is older than allowed.
    Expired {
        /// Its age in seconds.
        age: u64,
    },
}

impl std::fmt::Display for InitDataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed(problem) => write!(f, "malformed init data: {problem}"),
            Self::BadHash => f.write_str("the init data's hash does not match its fields"),
            Self::Expired { age } => write!(f, "the init data is {age} seconds old"),
        }
    }
}

impl std::error::Error for InitDataError {}

/// Validates init data signed for the bot with `bot_token`: the data-check-string is
/// every field but `hash` as `key=value`, sorted by key and joined with line feeds;
/// the secret key is HMAC-SHA256 of the bot token keyed by `key`; the data is genuine
/// when HMAC-SHA256 of the data-check-string with the secret key is `hash` (hex),
/// compared in constant time. Data older than `max_age` (by its `auth_date`, at
/// `now`) is rejected as expired.
pub(crate) fn validate(
    init_data: &str,
    bot_token: &str,
    key: &str,
    max_age: Duration,
    now: SystemTime,
) -> Result<InitData, InitDataError> {
    let mut fields = BTreeMap::new();
    let mut hash = None;
    for (name, value) in form_urlencoded::parse(init_data.as_bytes()) {
        let name = name.into_owned();
        let value = value.into_owned();
        if name == "hash" {
            if hash.replace(value).is_some() {
                return Err(InitDataError::Malformed("`hash` appears twice".to_owned()));
            }
        } else {
            match fields.entry(name) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                Entry::Occupied(entry) => {
                    let name = entry.key();
                    return Err(InitDataError::Malformed(format!("`{name}` appears twice")));
                }
            }
        }
    }
    let hash = hash.ok_or_else(|| InitDataError::Malformed("no `hash`".to_owned()))?;
    let signature = decode_hex(&hash)
        .ok_or_else(|| InitDataError::Malformed("`hash` is not hexadecimal".to_owned()))?;
    let data_check_string = fields
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let secret_key = hmac_sha256(key.as_bytes(), bot_token.as_bytes());
    let expected = hmac_sha256(&secret_key, data_check_string.as_bytes());
    if !constant_time_eq(&expected, &signature) {
        return Err(InitDataError::BadHash);
    }
    let auth_date: i64 = fields
        .get("auth_date")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| InitDataError::Malformed("no `auth_date` in Unix seconds".to_owned()))?;
    let opened = u64::try_from(auth_date)
        .map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds))
        .map_err(|_| InitDataError::Malformed("`auth_date` is negative".to_owned()))?;
    // A date slightly ahead of `now` is clock skew, not age.
    let age = now.duration_since(opened).unwrap_or_default();
    if age > max_age {
        return Err(InitDataError::Expired { age: age.as_secs() });
    }
    Ok(InitData {
        fields,
        auth_date,
        hash,
    })
}
