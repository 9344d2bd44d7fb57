//! IR → files of a crate. Every Rust file made for the API is built as a `TokenStream`
//! with `quote!`, parsed into a `syn::File` and printed with `prettyplease`; the
//! runtime's files are copied as they are (`runtime.rs`). Every file starts with a
//! line saying it is generated and by which command. Module declarations carry
//! `#[rustfmt::skip]` so that `cargo fmt` on the workspace leaves generated files alone.
//!
//! The crate's layout follows the page (see [`crate::ir::Place`], decided by the IR):
//! a reader finds an item where the documentation puts it.
//! - `src/lib.rs`: crate docs, modules, API facts (`crate_root.rs`);
//! - `src/runtime/`: the runtime, ordinary Rust copied from `codegen/runtime/src/`
//!   (`True`, `InputFile`, `Batch`, the `Method` trait and the response envelope, the
//!   deserialization helpers); its public items are re-exported from `types` and
//!   `methods` (`runtime.rs`);
//! - `src/types/`: a module per page group (`available_types/`, `stickers/`; TDLib: a
//!   class with its constructors, `message_content/`), a file per item in it
//!   (`types/available_types/message.rs`); items of no group are files of `types`
//!   itself. Modules are private and glob re-exported, so every type's path is
//!   `crate::types::Message` (`files.rs`, `types/`);
//! - `src/methods/`: the requests laid out like the types
//!   (`methods/available_methods/send_photo.rs`), each file holding everything about its
//!   method: the request, its setters trait (`SendPhotoSetters`, implemented by the
//!   request and by the client's pending `Call`), and the client's `Bot::send_photo`
//!   behind the `client` feature (`methods.rs`, with `client::calls`);
//! - `src/prelude.rs`: the setters traits, for one `use` (HTTP crates);
//! - `src/client/mod.rs`: the reqwest client behind the `client` feature (`client.rs`);
//!   for TDLib's JSON interface, the client over a transport trait and the `libtdjson`
//!   transport (`tdjson.rs`);
//! - `src/webhook.rs`: checks of webhook requests, Mini App init data and signed reports
//!   the API posts, when the spec describes them (`webhook.rs`);
//! - `Cargo.toml`, `README.md` (`cargo.rs`).
//!
//! Doc comments are wrapped at [`DOC_WIDTH`] columns of text by
//! [`crate::ir::wrap::wrap_markdown`], without changing how they render.
//!
//! How unions deserialize (`types/unions.rs`, helpers in the runtime's `de.rs`):
//! - all alternatives tagged objects (ChatMember, ReactionType, …): streamed. Entries
//!   are read up to the tag, then the variant reads them again followed by the rest of
//!   the input; nothing is buffered when the tag comes first, as the API writes it;
//! - a default variant (the tag is a constant in all variants but one:
//!   MaybeInaccessibleMessage by `date`) or non-object alternatives (a string, an
//!   array): the value is buffered as a `serde_json::Value`, then dispatched;
//! - no tag at all: `#[serde(untagged)]`, variants tried in order, their required
//!   fields strict (no defaults when missing) so that the order cannot mislead.
//!
//! A value no variant accepts is kept as `Unknown(serde_json::Value)` where the union
//! has that variant.
//!
//! How objects (de)serialize (`types/objects.rs`): both written out, not derived. A required
//! field that a payload lacks (older servers, stored payloads) reads as its type's
//! vacant value (`de::Vacant`: `0`, `""`, an empty list, an enum's unknown `""`, a
//! union's `Unknown(null)`, an object of vacant fields) and sets its bit in the
//! object's private `de::Absent` word; `Serialize` leaves such a field out while it
//! still holds that value, so re-serializing writes nothing the payload did not have,
//! and `absent_fields()` names them. Required fields keep their plain types (no
//! `Option`): what a bot author reads from a current payload is typed as the page
//! says. Measured against serde's derive with defaults (`tests/bench/RESULTS.md`):
//! reading as fast, writing a little faster, the crates as quick to build.

mod cargo;
mod client;
mod crate_root;
mod files;
mod methods;
mod runtime;
mod tdjson;
mod types;
mod webhook;

use std::collections::BTreeMap;
use std::sync::Mutex;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::wrap::wrap_markdown;
use crate::ir::{Crate, Docs, Protocol, Ty};

/// The files of a generated crate: path relative to the crate's directory → contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub files: BTreeMap<String, String>,
}

/// Generated tokens that did not parse as Rust: a bug in an emitter, reported with the
/// file it was meant for.
#[derive(Debug, thiserror::Error)]
#[error("{path}: generated code does not parse: {error}")]
pub struct EmitError {
    pub path: String,
    pub error: syn::Error,
}

/// Emits every file of the crate. Rust files are built and formatted on all cores
/// (parsing and printing them is most of the work); the result does not depend on it.
pub fn emit(krate: &Crate) -> Result<Files, EmitError> {
    let mut out = Writer {
        krate,
        files: Files::default(),
        jobs: Vec::new(),
    };
    crate_root::emit(&mut out);
    runtime::emit(&mut out);
    types::emit(&mut out);
    methods::emit(&mut out);
    match krate.api.protocol {
        Protocol::Http => client::emit(&mut out),
        Protocol::TdJson => tdjson::emit(&mut out),
    }
    webhook::emit(&mut out);
    cargo::emit(&mut out);
    out.finish()
}

/// Rust files to build: what makes their paths and tokens (run on a worker thread:
/// token streams cannot cross threads, so each is made where it is formatted).
type Job<'a> = Box<dyn FnOnce() -> Vec<(String, TokenStream)> + Send + 'a>;

/// Collects files, adding the "generated" header line.
struct Writer<'a> {
    krate: &'a Crate,
    files: Files,
    jobs: Vec<Job<'a>>,
}

impl<'a> Writer<'a> {
    fn header(&self, comment: &str, close: &str) -> String {
        let package = &self.krate.package;
        format!(
            "{comment} @generated by `{}` from {}; do not edit by hand.{close}\n",
            package.command, package.spec_path
        )
    }

    /// Adds a Rust file, built by `build` and formatted when the crate is finished.
    fn rust(&mut self, path: &str, build: impl FnOnce() -> TokenStream + Send + 'a) {
        let path = path.to_owned();
        self.rust_files(move || vec![(path, build())]);
    }

    /// Adds Rust files built together by `build` (`(path, tokens)` each): files that
    /// share work, as a module's `mod.rs` needs its items' tokens to know its imports.
    fn rust_files(&mut self, build: impl FnOnce() -> Vec<(String, TokenStream)> + Send + 'a) {
        self.jobs.push(Box::new(build));
    }

    /// Adds a non-Rust file; `comment`/`close` frame the header line.
    fn text(&mut self, path: &str, comment: &str, close: &str, body: &str) {
        let text = format!("{}{body}", self.header(comment, close));
        self.files.files.insert(path.to_owned(), text);
    }

    /// Builds and formats the Rust files on worker threads.
    fn finish(mut self) -> Result<Files, EmitError> {
        let header = self.header("//", "");
        let queue = Mutex::new(std::mem::take(&mut self.jobs));
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let results: Vec<Result<(String, String), EmitError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        while let Some(build) = next_job(&queue) {
                            for (path, tokens) in build() {
                                let text = format_rust(&header, &path, tokens);
                                done.push(text.map(|text| (path, text)));
                            }
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for result in results {
            let (path, text) = result?;
            self.files.files.insert(path, text);
        }
        Ok(self.files)
    }
}

fn next_job<'a>(queue: &Mutex<Vec<Job<'a>>>) -> Option<Job<'a>> {
    // A worker that panicked is re-raised by `finish`; the queue itself stays valid.
    queue
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop()
}

/// Parses tokens as a file and prints it, after the header line.
fn format_rust(header: &str, path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| EmitError {
        path: path.to_owned(),
        error,
    })?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Columns of text a doc comment's line holds before it is wrapped (fields are indented
/// by four, so their lines end within 100 columns).
const DOC_WIDTH: usize = 92;

/// `#[doc = " line"]` attributes, one per line (printed as `///` comments), wrapped.
fn doc_lines(text: &str) -> TokenStream {
    let text = wrap_markdown(text, DOC_WIDTH);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#![doc = " line"]` attributes: docs of the module or crate they are written in,
/// wrapped.
fn inner_doc_lines(text: &str) -> TokenStream {
    let text = wrap_markdown(text, DOC_WIDTH);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Item docs: the description, then a link to the item on the original page.
fn item_docs(docs: &Docs, api_name: &str, page_name: &str) -> TokenStream {
    let mut text = docs.text.clone();
    if let Some(link) = &docs.page_link {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "See [`{api_name}`]({link}) in the {page_name} documentation."
        ));
    }
    if text.is_empty() {
        text = format!("`{api_name}`.");
    }
    doc_lines(&text)
}

/// The Rust type of an IR type. Every generated module imports the types and runtime
/// items, so names are used bare.
fn ty(krate: &Crate, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Integer => quote!(i64),
        Ty::Float => quote!(f64),
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::True => {
            let name = ident(&krate.runtime.true_type);
            quote!(#name)
        }
        Ty::InputFile => {
            let name = ident(&krate.runtime.input_file);
            quote!(#name)
        }
        Ty::Json => quote!(serde_json::Value),
        Ty::Int64 => {
            let name = ident(&krate.runtime.int64);
            quote!(#name)
        }
        Ty::Bytes => {
            let name = ident(&krate.runtime.bytes);
            quote!(#name)
        }
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Vec(inner) => {
            let inner = self::ty(krate, inner);
            quote!(Vec<#inner>)
        }
        Ty::Box(inner) => {
            let inner = self::ty(krate, inner);
            quote!(Box<#inner>)
        }
        Ty::Nullable(inner) => {
            let inner = self::ty(krate, inner);
            quote!(Option<#inner>)
        }
        Ty::Batch(inner) => {
            let batch = ident(&krate.runtime.batch);
            let inner = self::ty(krate, inner);
            quote!(#batch<#inner>)
        }
    }
}

/// What the crate does with a required field that a payload lacks (`older`: whose
/// versions are older than the spec, "servers").
///
/// The trade-off, for a bot that must read stored or old payloads and must not write
/// back what it never read: required fields stay plain types (current payloads always
/// have them; an `Option` on each would burden every use), an absent one holds a
/// vacant value, and a per-object record (kept out of comparisons) says which were
/// absent, so that serializing leaves them out and code can ask.
fn absent_fields(older: &str) -> String {
    format!(
        "**Older {older} and stored payloads**: a required field that a payload lacks (a \
         field added since, or an earlier shape of the object) does not fail \
         deserialization. It reads as its type's vacant value: `0`, `false`, `\"\"`, an \
         empty list, an enumeration's unknown value `\"\"` (or the value spelled `0`), a \
         union's `Unknown(null)`, an object whose required fields are all vacant; the \
         object records it, and its `absent_fields()` lists the required fields its \
         payload lacked. Serializing writes nothing the payload did not have: an absent \
         field is left out while it holds its vacant value (a value set since is written). \
         Required fields stay plain types, not `Option`s, since current payloads always \
         have them; the record takes no part in `==`. The variants of untagged unions are \
         the exception: they are told apart by their required fields, which must be there."
    )
}
