//! `src/webhook.rs`: checks on requests that reach the bot from outside the API, for
//! APIs whose spec describes them: the webhook's secret token header
//! (`api.webhook_secret_header`), the signature of Mini App init data
//! (`api.init_data_key`, read as `api.init_data_type` when the page describes its
//! fields) and the signature of the reports the API posts to the caller
//! (`api.report_signature`). Hand-written code; only the API's facts vary.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{inner_doc_lines, Writer};
use crate::ir::{Crate, Item, ReportSignature, Ty};

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
    let clock = (init_data.is_some() || report.is_some())
        .then(|| quote! { use std::time::{Duration, SystemTime}; });
    quote! {
        #docs

        #clock

        #secret

        #init_data

        #report
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
            crate::runtime::constant_time::constant_time_eq(header_value.as_bytes(), expected.as_bytes())
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
        pub use crate::runtime::init_data::{InitData, InitDataError};

        /// The key of the HMAC that derives the init data's secret key from the bot token.
        pub const INIT_DATA_KEY: &str = #key;

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
            crate::runtime::init_data::validate(init_data, bot_token, INIT_DATA_KEY, max_age, now)
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
                serde_json::from_value(self.to_object(JSON_FIELDS)?)
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
    let data_check_string = &signature.data_check_string;
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

        pub use crate::runtime::report::ReportError;

        /// How the API signs its reports.
        const REPORT_SIGNATURE: crate::runtime::report::ReportSignature =
            crate::runtime::report::ReportSignature {
                timestamp_header: REPORT_TIMESTAMP_HEADER,
                signature_header: REPORT_SIGNATURE_HEADER,
                data_check_string: #data_check_string,
            };

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
            REPORT_SIGNATURE.verify(api_token, timestamp, body, signature, max_age, now)
        }
    }
}
