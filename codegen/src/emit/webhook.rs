//! `src/webhook.rs`: checks on requests that reach the bot from outside the API, for
//! APIs whose spec describes them: the webhook's secret token header
//! (`api.webhook_secret_header`) and the signature of Mini App init data
//! (`api.init_data_key`). Hand-written support code; only the API's facts vary.

use proc_macro2::TokenStream;
use quote::quote;

use super::{inner_doc_lines, Writer};
use crate::ir::Crate;

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    if krate.api.has_webhook_checks() {
        out.rust("src/webhook.rs", move || webhook_rs(krate));
    }
}

fn webhook_rs(krate: &Crate) -> TokenStream {
    let docs = inner_doc_lines(&format!(
        "Checks on requests that reach the bot from outside the {}: they prove that a \
         request comes from the API (or from a Mini App it opened) before the bot trusts it.",
        krate.package.api_name
    ));
    let secret = krate.api.webhook_secret_header.as_deref().map(secret_token);
    let init_data = krate.api.init_data_key.as_deref().map(init_data);
    quote! {
        #docs

        #secret

        #init_data

        /// Compares two byte strings in time that does not depend on where they differ
        /// (only on their length).
        fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
            if a.len() != b.len() {
                return false;
            }
            let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
            std::hint::black_box(difference) == 0
        }
    }
}

fn secret_token(header: &str) -> TokenStream {
    let header_doc = format!(
        " The header that carries the secret token (the `secret_token` given to `setWebhook`) \
         on every webhook request: `{header}`."
    );
    quote! {
        #[doc = #header_doc]
        pub const SECRET_TOKEN_HEADER: &str = #header;

        /// Whether a webhook request's [`SECRET_TOKEN_HEADER`] value is the secret token the
        /// bot set with `setWebhook`. The comparison takes the same time wherever the values
        /// differ, so that an attacker cannot guess the secret byte by byte.
        pub fn verify_secret_token(header_value: &str, expected: &str) -> bool {
            constant_time_eq(header_value.as_bytes(), expected.as_bytes())
        }
    }
}

fn init_data(key: &str) -> TokenStream {
    let validate_doc = format!(
        " Validates Mini App init data (the query string the Mini App receives as \
         `initData`) signed for the bot with `bot_token`, as the page describes: the \
         data-check-string is every field but `hash` as `key=value`, sorted by key and joined \
         with line feeds; the secret key is HMAC-SHA256 of the bot token with the key \
         `\"{key}\"`; the data is genuine when HMAC-SHA256 of the data-check-string with the \
         secret key is `hash` (hex), compared in constant time. Data older than `max_age` \
         (by its `auth_date`, at `now`) is rejected as expired."
    );
    quote! {
        use std::collections::btree_map::{BTreeMap, Entry};
        use std::time::{Duration, SystemTime, UNIX_EPOCH};

        use hmac::{Hmac, Mac};
        use sha2::Sha256;

        /// The key of the HMAC that derives the init data's secret key from the bot token.
        pub const INIT_DATA_KEY: &str = #key;

        /// Mini App init data whose signature was checked.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct InitData {
            /// Every field but `hash`, percent-decoded, by name (`user`, `chat` and
            /// `receiver` hold JSON: read them with [`InitData::json`]).
            pub fields: BTreeMap<String, String>,
            /// `auth_date`: when the Mini App was opened, in Unix seconds.
            pub auth_date: i64,
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

        /// [`validate_init_data_at`] now.
        pub fn validate_init_data(
            init_data: &str,
            bot_token: &str,
            max_age: Duration,
        ) -> Result<InitData, InitDataError> {
            validate_init_data_at(init_data, bot_token, max_age, SystemTime::now())
        }

        #[doc = #validate_doc]
        pub fn validate_init_data_at(
            init_data: &str,
            bot_token: &str,
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
            let hash = decode_hex(&hash)
                .ok_or_else(|| InitDataError::Malformed("`hash` is not hexadecimal".to_owned()))?;
            let data_check_string = fields
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("\n");
            let secret_key = hmac_sha256(INIT_DATA_KEY.as_bytes(), bot_token.as_bytes());
            let expected = hmac_sha256(&secret_key, data_check_string.as_bytes());
            if !constant_time_eq(&expected, &hash) {
                return Err(InitDataError::BadHash);
            }
            let auth_date: i64 = fields
                .get("auth_date")
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| {
                    InitDataError::Malformed("no `auth_date` in Unix seconds".to_owned())
                })?;
            let opened = u64::try_from(auth_date)
                .map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds))
                .map_err(|_| InitDataError::Malformed("`auth_date` is negative".to_owned()))?;
            // A date slightly ahead of `now` is clock skew, not age.
            let age = now.duration_since(opened).unwrap_or_default();
            if age > max_age {
                return Err(InitDataError::Expired { age: age.as_secs() });
            }
            Ok(InitData { fields, auth_date })
        }

        fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac = <Hmac<Sha256>>::new_from_slice(key).expect("HMAC takes keys of any length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }

        fn decode_hex(text: &str) -> Option<Vec<u8>> {
            if text.len() % 2 != 0 {
                return None;
            }
            (0..text.len())
                .step_by(2)
                .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
                .collect()
        }
    }
}
