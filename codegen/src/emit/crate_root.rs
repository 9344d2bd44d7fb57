//! The crate root `src/lib.rs`: crate docs, modules, lints and the API's facts.

use proc_macro2::TokenStream;
use quote::quote;

use super::{inner_doc_lines, Writer};
use crate::ir::{Crate, Item, Protocol, Ty, ValueEnum};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    out.rust("src/lib.rs", move || lib_rs(krate));
}

fn lib_rs(krate: &Crate) -> TokenStream {
    if krate.api.protocol == Protocol::TdJson {
        return td_lib_rs(krate);
    }
    let docs = inner_doc_lines(&crate_docs(krate, true));
    let lints = lints();
    let version = krate.package.api_version.as_ref().map(|version| {
        quote! {
            /// The version of the API this crate was generated from.
            pub const API_VERSION: &str = #version;
        }
    });
    let request_url = &krate.api.request_url;
    let file_url = krate.api.file_url.as_ref().map(|url| {
        quote! {
            /// The API's file download URL: `{token}` and `{file_path}` are replaced.
            pub const FILE_URL: &str = #url;
        }
    });
    let webhook = krate.api.has_webhook_checks().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod webhook;
        }
    });
    quote! {
            #docs
            #![forbid(unsafe_code)]
            #lints

            #[rustfmt::skip]
            pub mod methods;
            #[rustfmt::skip]
            pub mod types;
            #[rustfmt::skip]
            pub mod prelude;

            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;

            #webhook

            #[rustfmt::skip]
            mod runtime;

            #version

            /// The API's request URL: `{token}` and `{method}` are replaced.
            pub const API_URL: &str = #request_url;

            #file_url
    }
}

/// The lints every crate root sets, after its `unsafe_code` level.
fn lints() -> TokenStream {
    quote! {
        #![warn(missing_docs)]
        // Links name their target in full so that they work from every module.
        #![allow(rustdoc::redundant_explicit_links)]
        // Small union variants are held inline; large ones are boxed by size.
        #![allow(clippy::large_enum_variant)]
    }
}

/// The crate root of an API spoken through TDLib's JSON interface: no URLs, and the
/// client always there (it needs nothing but std); unsafe code only in the `libtdjson`
/// transport, which allows it for itself.
fn td_lib_rs(krate: &Crate) -> TokenStream {
    let docs = inner_doc_lines(&crate_docs(krate, true));
    let lints = lints();
    let version = krate.package.api_version.as_ref().map(|version| {
        quote! {
            /// The version of the API this crate was generated from.
            pub const API_VERSION: &str = #version;
        }
    });
    quote! {
        #docs
        #![deny(unsafe_code)]
        #lints

        #[rustfmt::skip]
        pub mod methods;
        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        pub mod client;

        #[rustfmt::skip]
        mod runtime;

        #version
    }
}

/// The crate's documentation (also the basis of its README, where `intra_links` is
/// false: rustdoc's links to items mean nothing there).
pub(super) fn crate_docs(krate: &Crate, intra_links: bool) -> String {
    if krate.api.protocol == Protocol::TdJson {
        let docs = super::tdjson::crate_docs(krate, intra_links);
        return format!("{docs}\n\n{}", layout_docs(krate));
    }
    let package = &krate.package;
    let item = |path: String| {
        if intra_links {
            format!("[`{path}`]")
        } else {
            format!("`{path}`")
        }
    };
    let api = match &package.doc_url {
        Some(url) => format!("[{}]({url})", package.api_name),
        None => package.api_name.clone(),
    };
    let version = match (&package.api_version, &package.release_date) {
        (Some(version), Some(date)) => format!(" {version} (released {date})"),
        (Some(version), None) => format!(" {version}"),
        _ => String::new(),
    };
    format!(
        "Types, requests and an async client for the {api}{version}, generated from its \
         documentation by `{command}` from `{spec}`.\n\
         \n\
         - {types}: every type of the page under its own name, with serde \
         `Serialize`/`Deserialize`;\n\
         - {methods}: a request type per method, and the {method} trait that \
         tells its name, HTTP verb and result type;\n\
         - {prelude}: the requests' setters traits (`use {crate_name}::prelude::*;`), \
         which set optional parameters on a request or on the client's pending call \
         (`bot.send_message(chat_id, \"Hi\").parse_mode(…)`);\n\
         - `client` (default feature): an async client on `reqwest`, with TLS by \
         `rustls` (default feature) or by the platform's library (feature `native-tls`, \
         with `default-features = false`). Without it the crate is serde types and \
         requests only, for any HTTP stack.\n\
         \n\
         # Compatibility\n\
         \n\
         - **Newer servers**: a union variant, an enum value or a field that this version \
         does not know does not fail deserialization. Unknown variants are kept as raw JSON \
         (`Unknown`), unknown enum values as their string or integer, and written back \
         as they came.\n\
         {value_sets}- {absent_fields} An optional `True` flag sent as `false` reads as absent.\n\
         - {broken_values}\n\
         - {unknown_fields}\n\
         - **Semver**: structs and enums are `#[non_exhaustive]`. Structs have public \
         fields, a `new` constructor taking the required fields and a chainable setter per \
         optional field, so a new optional field is a compatible change; a new required \
         field, a removed field or a changed type is a breaking one.\n\
         - Integers are `i64`, floating-point numbers `f64`; the API's `True` is \
         {true_type}, which only (de)serializes `true`.\n\
         \n\
         {layout}",
        command = package.command,
        spec = package.spec_path,
        unknown_fields = unknown_fields(krate),
        absent_fields = super::absent_fields("servers"),
        broken_values = broken_values(krate, &item),
        value_sets = value_sets(krate, &item),
        types = item("types".to_owned()),
        methods = item("methods".to_owned()),
        method = item(format!("methods::{}", krate.runtime.method_trait)),
        true_type = item(format!("types::{}", krate.runtime.true_type)),
        prelude = item("prelude".to_owned()),
        crate_name = package.name.replace('-', "_"),
        layout = layout_docs(krate),
    )
}

/// Where a reader finds an item's source: the layout follows the page (the IR's
/// `Place`), shown with the first type and request of a group.
fn layout_docs(krate: &Crate) -> String {
    let file = |root: &str, place: &crate::ir::Place| {
        let parts: Vec<&str> = [Some(root), place.group.as_deref(), place.module.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        match place.module {
            Some(_) => format!("`src/{}.rs`", parts.join("/")),
            None => format!("`src/{}/mod.rs`", parts.join("/")),
        }
    };
    let ty = (krate.items.iter())
        .find(|item| item.place().group.is_some())
        .or(krate.items.first());
    let request = (krate.requests.iter())
        .find(|request| request.place.group.is_some())
        .or(krate.requests.first());
    let mut examples = Vec::new();
    if let Some(ty) = ty {
        let name = ty.rust_name();
        examples.push(format!(
            "`types::{name}` is in {}",
            file("types", ty.place())
        ));
    }
    if let Some(request) = request {
        let name = &request.rust_name;
        examples.push(format!(
            "`methods::{name}` in {}",
            file("methods", &request.place)
        ));
    }
    let examples = match examples.as_slice() {
        [] => String::new(),
        _ => format!(": {}", examples.join(", ")),
    };
    format!(
        "# Source layout\n\n\
         The source is laid out like the documentation: a module per group of items \
         (the heading they sit under) and a file per item{examples}. The modules are \
         private: every item is used at its flat path."
    )
}

/// What the crate does with values that do not match their type, and which lists it
/// reads element by element (the choice is the IR's: `Ty::Batch`).
fn broken_values(krate: &Crate, item: &dyn Fn(String) -> String) -> String {
    let batches: Vec<String> = krate
        .requests
        .iter()
        .filter(|r| matches!(r.output, Ty::Batch(_)))
        .map(|r| format!("`{}`", r.api_name))
        .collect();
    let mut text = "**Broken values are errors, never hidden**: a value of the wrong type \
                    fails to read, with serde's message; it is not taken for an `Unknown` \
                    variant (a `Message` with a field of the wrong type is an error, not an \
                    unknown kind of message)."
        .to_owned();
    if !batches.is_empty() {
        text.push_str(&format!(
            " Except where one bad value would stop a bot: the list results whose \
             elements carry their own id ({}) are a {}, read element by element, so \
             one element that does not read is reported with its id beside the others \
             (a polling loop acknowledges it and goes on) instead of failing them all.",
            batches.join(", "),
            item(format!("types::{}", krate.runtime.batch)),
        ));
    }
    text
}

/// The value sets the crate has as enums and how a bot passes their values, as a list
/// item ending in a line break; empty for a crate without any.
fn value_sets(krate: &Crate, item: &dyn Fn(String) -> String) -> String {
    let enums: Vec<&ValueEnum> = (krate.items.iter())
        .filter_map(|i| match i {
            Item::Enum(e) => Some(e),
            _ => None,
        })
        .collect();
    if enums.is_empty() {
        return String::new();
    }
    let shared: Vec<String> = (enums.iter())
        .filter(|e| e.sites.len() > 1)
        .map(|e| item(format!("types::{}", e.rust_name)))
        .collect();
    let mut text = format!(
        "- **Value sets**: every closed set of values the documentation states is an enum \
         ({} in all)",
        enums.len()
    );
    if !shared.is_empty() {
        text.push_str(&format!(
            ", one per set however many fields use it ({})",
            shared.join(", ")
        ));
    }
    text.push_str(
        ". Setters and constructors take `impl Into<…>`, so the documentation's spelling \
         still passes (a `&str` for a set of strings, an `i64` for a set of integers) and a \
         value the enum lacks passes as its `Unknown` variant: the variants catch typos, and \
         nothing locks out a value the API has added since.\n",
    );
    text
}

/// What the crate does with fields the spec does not define.
fn unknown_fields(krate: &Crate) -> &'static str {
    let kept = krate
        .items
        .iter()
        .any(|item| matches!(item, Item::Struct(s) if s.extra.is_some()));
    if kept {
        "**Unknown fields are kept**: fields the documentation does not define are kept in \
         each object's map of extra fields (`extra`) and written back when the value is \
         serialized, so a bot can store or forward updates from a newer API without losing \
         anything. The price is about a tenth of deserialization throughput (measured on \
         real updates against the same code without the maps)."
    } else {
        "**Unknown fields are not kept**: fields the documentation does not define are \
         skipped when deserializing, so they are not written back when the value is \
         serialized again."
    }
}
