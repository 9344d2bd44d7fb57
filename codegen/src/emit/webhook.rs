//! `src/webhook.rs`: checks on requests that reach the bot from outside the API, for
//! APIs whose spec describes them: the webhook's secret token header
//! (`api.webhook_secret_header`), the signature of Mini App init data
//! (`api.init_data_key`, read as `api.init_data_type` when the page describes its
//! fields) and the signature of the reports the API posts to the caller
//! (`api.report_signature`). Hand-written support code; only the API's facts vary.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{inner_doc_lines, Writer};
use crate::ir::{Crate, Item, Ty};
use crate::spec::ReportSignature;

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    if krate.api.has_webhook_checks() {
        out.rust("src/webhook.rs", move || webhook_rs(krate));
    }
}

fn webhook_rs(krate: &Crate) -> TokenStream {
    let from_mini_apps = if krate.api.init_data_key.is_some() {
        " (or from a Mini App it opened)"
    } else {
        ""
    };
    let docs = inner_doc_lines(&format!(
        "Checks on requests that reach your server from outside the {}: they prove that a \
         request comes from the API{from_mini_apps} before you trust it.",
        krate.package.api_name
    ));
    let secret = krate.api.webhook_secret_header.as_deref().map(secret_token);
    let init_data = krate
        .api
        .init_data_key
        .as_deref()
        .map(|key| init_data(krate, key));
    let report = krate.api.report_signature.as_ref().map(report_signature);
    let signatures = (init_data.is_some() || report.is_some()).then(signature_support);
    quote! {
        #docs

        #signatures

        #secret

        #init_data

        #report

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

/// Imports and helpers of the signature checks.
fn signature_support() -> TokenStream {
    quote! {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};

        use hmac::{Hmac, Mac};
        use sha2::Sha256;

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

fn init_data(krate: &Crate, key: &str) -> TokenStream {
    let validate_doc = format!(
        " Validates Mini App init data (the query string the Mini App receives as \
         `initData`) signed for the bot with `bot_token`, as the page describes: the \
         data-check-string is every field but `hash` as `key=value`, sorted by key and joined \
         with line feeds; the secret key is HMAC-SHA256 of the bot token with the key \
         `\"{key}\"`; the data is genuine when HMAC-SHA256 of the data-check-string with the \
         secret key is `hash` (hex), compared in constant time. Data older than `max_age` \
         (by its `auth_date`, at `now`) is rejected as expired."
    );
    let typed = krate
        .api
        .init_data_type
        .as_deref()
        .and_then(|name| typed_init_data(krate, name));
    quote! {
        use std::collections::btree_map::{BTreeMap, Entry};

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
            let signature = decode_hex(&hash)
                .ok_or_else(|| InitDataError::Malformed("`hash` is not hexadecimal".to_owned()))?;
            let data_check_string = fields
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("\n");
            let secret_key = hmac_sha256(INIT_DATA_KEY.as_bytes(), bot_token.as_bytes());
            let expected = hmac_sha256(&secret_key, data_check_string.as_bytes());
            if !constant_time_eq(&expected, &signature) {
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
            Ok(InitData { fields, auth_date, hash })
        }

        #typed
    }
}

/// `InitData::parse`: the fields as the type the page describes for them. In the query
/// string every value is text; the type's fields that are not strings hold JSON there
/// (objects, numbers, booleans), and are read as such. Fields the type does not know
/// are kept as text (in its map of unknown fields).
fn typed_init_data(krate: &Crate, name: &str) -> Option<TokenStream> {
    let ty = krate.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.api_name == name => Some(s),
        _ => None,
    })?;
    let rust = format_ident!("{}", ty.rust_name);
    // Strings, and values of string enumerations, are text on the wire too.
    let is_text = |ty: &Ty| match ty.unboxed() {
        Ty::String => true,
        Ty::Named(name) => krate
            .items
            .iter()
            .any(|item| matches!(item, Item::Enum(e) if e.rust_name == *name)),
        _ => false,
    };
    let json: Vec<&str> = ty
        .fields
        .iter()
        .filter(|field| !is_text(&field.ty))
        .map(|field| field.api_name.as_str())
        .collect();
    let doc = format!(
        " The fields as a [`{0}`](crate::types::{0}), with `hash`: the values that hold \
         JSON in the query string (`{1}`) are read as JSON, the others as text.",
        ty.rust_name,
        json.join("`, `"),
    );
    Some(quote! {
        /// The fields of the init data that hold JSON in the query string.
        const JSON_FIELDS: &[&str] = &[#(#json),*];

        impl InitData {
            #[doc = #doc]
            pub fn parse(&self) -> Result<crate::types::#rust, serde_json::Error> {
                let mut object = serde_json::Map::new();
                for (name, value) in &self.fields {
                    let value = if JSON_FIELDS.contains(&name.as_str()) {
                        serde_json::from_str(value)?
                    } else {
                        serde_json::Value::String(value.clone())
                    };
                    object.insert(name.clone(), value);
                }
                object.insert("hash".to_owned(), serde_json::Value::String(self.hash.clone()));
                serde_json::from_value(serde_json::Value::Object(object))
            }
        }
    })
}

/// `verify_report_signature`: the check of a report the API posted to the caller.
fn report_signature(signature: &ReportSignature) -> TokenStream {
    let timestamp_header = &signature.timestamp_header;
    let signature_header = &signature.signature_header;
    let timestamp_doc =
        format!(" The header with the Unix time a report was sent at: `{timestamp_header}`.");
    let signature_doc =
        format!(" The header with a report's signature, in hexadecimal: `{signature_header}`.");
    // The data-check-string, piece by piece: constants, the timestamp, the body.
    let mut pieces = Vec::new();
    let mut rest = signature.data_check_string.as_str();
    while !rest.is_empty() {
        let next = [("{timestamp}", 0), ("{body}", 1)]
            .into_iter()
            .filter_map(|(placeholder, which)| {
                rest.find(placeholder).map(|at| (at, placeholder, which))
            })
            .min();
        let Some((at, placeholder, which)) = next else {
            pieces.push(quote! { data.extend_from_slice(#rest.as_bytes()); });
            break;
        };
        let constant = &rest[..at];
        if !constant.is_empty() {
            pieces.push(quote! { data.extend_from_slice(#constant.as_bytes()); });
        }
        pieces.push(if which == 0 {
            quote! { data.extend_from_slice(timestamp.as_bytes()); }
        } else {
            quote! { data.extend_from_slice(body); }
        });
        rest = &rest[at + placeholder.len()..];
    }
    let shown = signature
        .data_check_string
        .replace("{timestamp}", &format!("<{timestamp_header}>"))
        .replace("{body}", "<body>")
        .replace('\n', "\\n");
    let verify_doc = format!(
        " Verifies a report the API posted to the caller's URL, as the page describes: \
         the signature (`{signature_header}`, hexadecimal) must be the HMAC-SHA256 of \
         `{shown}` keyed by the SHA-256 of the API token, compared in constant time; \
         `body` is the request's raw body, as received. The timestamp \
         (`{timestamp_header}`), which the signature covers, must then be within `max_age` \
         of `now`, either way: a genuine report replayed later is rejected as stale."
    );
    quote! {
        #[doc = #timestamp_doc]
        pub const REPORT_TIMESTAMP_HEADER: &str = #timestamp_header;

        #[doc = #signature_doc]
        pub const REPORT_SIGNATURE_HEADER: &str = #signature_header;

        /// Why a report was rejected.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ReportError {
            /// A header is malformed: the signature is not hexadecimal, or the timestamp
            /// is not Unix seconds.
            Malformed(String),
            /// The signature does not match: the report was not signed with this token,
            /// or was changed.
            BadSignature,
            /// The timestamp is further than allowed from now.
            Stale {
                /// How far, in seconds.
                age: u64,
            },
        }

        impl std::fmt::Display for ReportError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Malformed(problem) => write!(f, "malformed report headers: {problem}"),
                    Self::BadSignature => f.write_str("the report's signature does not match its body"),
                    Self::Stale { age } => write!(f, "the report's timestamp is {age} seconds from now"),
                }
            }
        }

        impl std::error::Error for ReportError {}

        /// [`verify_report_signature_at`] now. Freshness is not optional: the page asks
        /// for it, and without it a captured report could be replayed at will. A few
        /// minutes is a sensible `max_age` (each delivery attempt is signed anew).
        pub fn verify_report_signature(
            api_token: &str,
            timestamp: &str,
            body: &[u8],
            signature: &str,
            max_age: Duration,
        ) -> Result<(), ReportError> {
            verify_report_signature_at(api_token, timestamp, body, signature, max_age, SystemTime::now())
        }

        #[doc = #verify_doc]
        pub fn verify_report_signature_at(
            api_token: &str,
            timestamp: &str,
            body: &[u8],
            signature: &str,
            max_age: Duration,
            now: SystemTime,
        ) -> Result<(), ReportError> {
            let signature = decode_hex(signature.trim()).ok_or_else(|| {
                ReportError::Malformed(format!("`{REPORT_SIGNATURE_HEADER}` is not hexadecimal"))
            })?;
            let key = <Sha256 as sha2::Digest>::digest(api_token.as_bytes());
            // The data-check-string.
            let mut data = Vec::with_capacity(timestamp.len() + body.len() + 1);
            #(#pieces)*
            let expected = hmac_sha256(&key, &data);
            if !constant_time_eq(&expected, &signature) {
                return Err(ReportError::BadSignature);
            }
            let sent: u64 = timestamp.trim().parse().map_err(|_| {
                ReportError::Malformed(format!("`{REPORT_TIMESTAMP_HEADER}` is not Unix seconds"))
            })?;
            let sent = UNIX_EPOCH + Duration::from_secs(sent);
            // Either way: a clock ahead of ours is skew only within `max_age`.
            let age = match now.duration_since(sent) {
                Ok(age) => age,
                Err(ahead) => ahead.duration(),
            };
            if age > max_age {
                return Err(ReportError::Stale { age: age.as_secs() });
            }
            Ok(())
        }
    }
}
