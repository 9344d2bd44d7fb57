//! What differs for an API spoken through TDLib's JSON interface
//! ([`crate::ir::Protocol::TdJson`]). Its runtime is ordinary Rust tested in
//! `codegen/runtime`: the values (`Int64` as a JSON string and `Bytes` as base64,
//! `tdjson_values.rs`), the `Method` trait and the client (`tdjson_client.rs`: requests
//! sent as JSON over a small transport trait, answers matched by `@extra`), and the
//! `libtdjson` transport, loaded at run time behind the `tdjson` feature
//! (`libtdjson.rs`). Written here: each request's `@type` tag and `Method` impl, the
//! modules that re-export the runtime's items (`src/methods/mod.rs`,
//! `src/client/mod.rs`, `src/client/tdjson.rs`) with the API's docs, and the crate docs.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, inner_doc_lines, Writer};
use crate::ir::{Crate, Protocol, Request};

/// Versions of the dependencies only this protocol has.
pub(super) const LIBLOADING: &str = "0.8.5";

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    out.rust("src/client/mod.rs", move || client_module(krate));
    out.rust("src/client/tdjson.rs", move || tdjson_module(krate));
}

/// The module docs of `src/methods/mod.rs`, and the `Method` trait (the runtime's, in
/// `tdjson_client.rs`) re-exported there.
pub(super) fn methods_common(krate: &Crate) -> TokenStream {
    let method_trait = ident(&krate.runtime.method_trait);
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "The {page}'s functions: one request type per function.\n\n\
         A request is built with `new` (its required parameters) and chainable setters for \
         the optional ones; [`{method_trait}`] tells its name and result type. It serializes \
         as TDLib's JSON wants it, tagged `@type` with the function's name: send it with \
         [`Client`](crate::client::Client), or through `td_send` yourself."
    ));
    let method =
        super::runtime::reexport("tdjson_client", &[("Method", &krate.runtime.method_trait)]);
    quote! {
        #module_docs

        #method
    }
}

/// A request's `@type` tag and its `Method` impl.
pub(super) fn request_parts(krate: &Crate, request: &Request) -> (TokenStream, TokenStream) {
    let name = ident(&request.rust_name);
    let api_name = &request.api_name;
    let tag = Protocol::TYPE_TAG;
    let method_trait = ident(&krate.runtime.method_trait);
    let output = super::ty(krate, &request.output);
    (
        quote! { #[serde(tag = #tag, rename = #api_name)] },
        quote! {
            impl #method_trait for #name {
                const NAME: &'static str = #api_name;
                type Output = #output;
            }
        },
    )
}

/// `src/client/mod.rs`: the runtime's client (`tdjson_client.rs`) re-exported, with the
/// API's docs.
fn client_module(krate: &Crate) -> TokenStream {
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "A client of the {page} over TDLib's JSON interface.\n\n\
         [`Client`] sends requests as JSON through a [`Transport`] (`td_send`/`td_receive` \
         of `libtdjson` with the `tdjson` feature, see `tdjson::TdJson`; anything else, \
         such as a fake for tests, by implementing the trait). Each request gets a fresh \
         `@extra`, and [`Client::call`] waits for the answer carrying it back. Answers to \
         other requests and updates (objects without `@extra`) that arrive meanwhile are \
         kept for [`Client::wait`] and [`Client::next_update`]."
    ));
    quote! {
        #module_docs

        #[cfg(feature = "tdjson")]
        #[rustfmt::skip]
        pub mod tdjson;

        pub use crate::runtime::tdjson_client::{Client, Error, Transport};
    }
}

/// `src/client/tdjson.rs`: the runtime's `libtdjson` transport (`libtdjson.rs`, behind
/// the `tdjson` feature) re-exported, with the API's docs.
fn tdjson_module(krate: &Crate) -> TokenStream {
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "The [`Transport`](super::Transport) of TDLib's own JSON interface: `libtdjson`, \
         loaded at run time (feature `tdjson`), so that building and testing the crate never \
         needs it.\n\n\
         `td_receive` returns what arrives for every client of the process, one caller at a \
         time: the [`TdJson`] clients of a process share one receiver, which hands each \
         event to the client its `@client_id` names, so several clients (each with its own \
         [`Client`](super::Client)) may live in one process and receive from any threads. \
         A loaded library stays loaded \
         until the process ends: TDLib's threads run its code for as long as the process \
         lives, whatever becomes of the client. Dropping a [`TdJson`] does not close its TDLib \
         instance: send `close` and wait for `authorizationStateClosed` first, for every \
         client before the process exits (TDLib may abort a process that exits with live \
         clients). The {page} \
         version this crate was generated from is `crate::API_VERSION`; a `libtdjson` of another version may \
         answer with objects this crate keeps as unknown."
    ));
    quote! {
        #module_docs

        pub use crate::runtime::libtdjson::TdJson;
    }
}

/// The crate docs' paragraph about the client and its features.
pub(super) fn crate_docs(krate: &Crate, intra_links: bool) -> String {
    let package = &krate.package;
    let item = |path: &str| {
        if intra_links {
            format!("[`{path}`]")
        } else {
            format!("`{path}`")
        }
    };
    let version = package
        .api_version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    format!(
        "Types, requests and a client for the {api}{version} (TDLib's JSON interface), \
         generated from its schema `td_api.tl` by `{command}` from `{spec}`.\n\
         \n\
         - {types}: every object of the schema, tagged by `@type`, each class a union, with \
         serde `Serialize`/`Deserialize`;\n\
         - {methods}: a request type per function, and the {method} trait that tells its \
         name and result type;\n\
         - {client}: a client that sends requests as JSON over a small {transport} trait and \
         matches each answer by `@extra`; with the `tdjson` feature, {tdjson} loads \
         `libtdjson` at run time (it is never needed to build the crate).\n\
         \n\
         # Compatibility\n\
         \n\
         - **Newer TDLib**: a constructor, a field or a class this version does not know \
         does not fail deserialization: unknown constructors are kept as raw JSON \
         (`Unknown`), unknown fields in each object's `extra` map, written back when \
         serialized.\n\
         - {absent_fields}\n\
         - **Optional fields** are those the schema's docs say may be `null` (\"may be \
         null\", \"pass null\"); see `spec/README.md` of the generating repository.\n\
         - `int32` and `int53` are `i64`; `int64` is {int64} (a JSON string), `bytes` is \
         {bytes} (base64), `double` is `f64`.\n\
         \n\
         # Compile time\n\
         \n\
         About 2,400 types and 1,000 requests make this crate slow to build: {cost}. It \
         is built once as a dependency and does not change with your code; keep it out of \
         crates you rebuild often.",
        api = package.api_name,
        command = package.command,
        spec = package.spec_path,
        types = item("types"),
        methods = item("methods"),
        method = item(&format!("methods::{}", krate.runtime.method_trait)),
        client = item("client"),
        transport = item("client::Transport"),
        // Behind a feature: no intra-doc link, which would break without it.
        tdjson = "`client::tdjson::TdJson`",
        int64 = item(&format!("types::{}", krate.runtime.int64)),
        bytes = item(&format!("types::{}", krate.runtime.bytes)),
        cost = COMPILE_COST,
        absent_fields = super::absent_fields("TDLib versions"),
    )
}

/// What building the crate costs, as measured (`tests/bench/RESULTS.md`, TDLib 1.8.66).
const COMPILE_COST: &str = "a clean debug build of the crate alone (serde built, \
    `CARGO_INCREMENTAL=0`) took 35 s of CPU and 1.8 GB of memory on a 2-core AMD EPYC VM, \
    3.75 times the Telegram Bot API crate of the same generator without its client (9.3 s, \
    0.6 GB)";
