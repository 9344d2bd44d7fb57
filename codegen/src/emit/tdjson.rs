//! What differs for an API spoken through TDLib's JSON interface
//! ([`crate::ir::Protocol::TdJson`]) (its values, `Int64` as a JSON string and `Bytes` as
//! base64, are in the runtime's `tdjson_values.rs`): the `Method` trait (a request
//! is an object tagged `@type` with the function's name), and the client
//! (`src/client/mod.rs`, `src/client/tdjson.rs`): requests are sent as JSON over a
//! small transport trait and answers matched by `@extra`; `libtdjson` is one transport,
//! loaded at run time behind the `tdjson` feature.

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

/// The `Method` trait of `src/methods/mod.rs`.
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
    quote! {
        #module_docs

        use serde::de::DeserializeOwned;

        /// A request of the API: its function's name and result type.
        pub trait #method_trait: serde::Serialize {
            /// The function's name, which the request's `@type` carries.
            const NAME: &'static str;
            /// What TDLib answers on success.
            type Output: DeserializeOwned;
        }
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

fn client_module(krate: &Crate) -> TokenStream {
    let method_trait = ident(&krate.runtime.method_trait);
    let page = &krate.package.api_name;
    let extra = Protocol::EXTRA;
    let type_tag = Protocol::TYPE_TAG;
    let client_id = Protocol::CLIENT_ID;
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

        use std::collections::{BTreeMap, VecDeque};
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Mutex;
        use std::time::{Duration, Instant};

        use serde::de::DeserializeOwned;

        use crate::methods::#method_trait;

        #[cfg(feature = "tdjson")]
        #[rustfmt::skip]
        pub mod tdjson;

        /// Where requests go and answers come from: one TDLib client instance.
        pub trait Transport {
            /// Hands a request (a JSON object) to TDLib.
            fn send(&self, request: &str);
            /// The next answer or update, waiting at most `timeout`; `None` when nothing
            /// came in time.
            fn receive(&self, timeout: Duration) -> Option<String>;
        }

        /// Why a request has no result.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// TDLib answered with an `error` object.
            Td {
                /// The error's code (TDLib's, HTTP-like: 400, 401, 404, 406, 429, …).
                code: i64,
                /// What went wrong.
                message: String,
            },
            /// The request did not serialize, or the answer is not the function's result.
            Json(serde_json::Error),
            /// No answer within the timeout.
            Timeout,
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Td { code, message } => write!(f, "TDLib error {code}: {message}"),
                    Error::Json(error) => write!(f, "JSON: {error}"),
                    Error::Timeout => f.write_str("no answer in time"),
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Json(error) => Some(error),
                    _ => None,
                }
            }
        }

        impl From<serde_json::Error> for Error {
            fn from(error: serde_json::Error) -> Self {
                Error::Json(error)
            }
        }

        /// Answers and updates received while waiting for something else.
        #[derive(Default)]
        struct Inbox {
            answers: BTreeMap<u64, serde_json::Value>,
            updates: VecDeque<serde_json::Value>,
        }

        /// A client: a transport, the next `@extra`, and what was received but not yet
        /// asked for. It can be shared between threads when the transport can; one of
        /// them receives at a time.
        pub struct Client<T> {
            transport: T,
            next_extra: AtomicU64,
            inbox: Mutex<Inbox>,
        }

        impl<T: std::fmt::Debug> std::fmt::Debug for Client<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("transport", &self.transport)
                    .finish_non_exhaustive()
            }
        }

        impl<T: Transport> Client<T> {
            /// A client over `transport`.
            pub fn new(transport: T) -> Self {
                Self {
                    transport,
                    next_extra: AtomicU64::new(1),
                    inbox: Mutex::new(Inbox::default()),
                }
            }

            /// The transport.
            pub fn transport(&self) -> &T {
                &self.transport
            }

            /// Sends a request without waiting; its answer comes with the returned
            /// `@extra` (see [`Client::wait`]).
            pub fn send<M: #method_trait>(&self, request: &M) -> Result<u64, Error> {
                let extra = self.next_extra.fetch_add(1, Ordering::Relaxed);
                let mut value = serde_json::to_value(request)?;
                if let serde_json::Value::Object(object) = &mut value {
                    object.insert(#extra.to_owned(), extra.into());
                }
                self.transport.send(&value.to_string());
                Ok(extra)
            }

            /// Sends a request and waits, at most `timeout`, for its answer.
            pub fn call<M: #method_trait>(&self, request: &M, timeout: Duration) -> Result<M::Output, Error> {
                let extra = self.send(request)?;
                self.wait(extra, timeout)
            }

            /// Waits, at most `timeout`, for the answer to the request sent with `extra`,
            /// and reads it as `O`.
            pub fn wait<O: DeserializeOwned>(&self, extra: u64, timeout: Duration) -> Result<O, Error> {
                let deadline = Instant::now() + timeout;
                let answer = self.receive_until(deadline, |inbox| inbox.answers.remove(&extra))?;
                answer_result(answer)
            }

            /// The next update (an object without `@extra`), read as `U` (the crate's
            /// `Update` type, or `serde_json::Value`); `None` when none came within
            /// `timeout`.
            pub fn next_update<U: DeserializeOwned>(&self, timeout: Duration) -> Result<Option<U>, Error> {
                let deadline = Instant::now() + timeout;
                match self.receive_until(deadline, |inbox| inbox.updates.pop_front()) {
                    Ok(update) => Ok(Some(serde_json::from_value(update)?)),
                    Err(Error::Timeout) => Ok(None),
                    Err(error) => Err(error),
                }
            }

            /// Receives into the inbox until `take` finds what it wants there, or the
            /// deadline passes. The inbox stays locked while receiving, so one thread
            /// receives at a time (TDLib's `td_receive` must not be called concurrently).
            fn receive_until<R>(&self, deadline: Instant, mut take: impl FnMut(&mut Inbox) -> Option<R>) -> Result<R, Error> {
                let mut inbox = self.inbox.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                loop {
                    if let Some(found) = take(&mut inbox) {
                        return Ok(found);
                    }
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(Error::Timeout);
                    }
                    let Some(text) = self.transport.receive(left) else {
                        continue;
                    };
                    let mut value: serde_json::Value = serde_json::from_str(&text)?;
                    // Envelope fields, not the object's: `td_receive` names the client.
                    let extra = value.as_object_mut().and_then(|object| {
                        object.remove(#client_id);
                        object.remove(#extra)
                    });
                    match extra.as_ref().and_then(serde_json::Value::as_u64) {
                        Some(extra) => {
                            inbox.answers.insert(extra, value);
                        }
                        // An `@extra` the client did not set belongs to no request of its.
                        None if extra.is_some() => {}
                        None => inbox.updates.push_back(value),
                    }
                }
            }
        }

        /// An answer as the function's result, or TDLib's error.
        fn answer_result<O: DeserializeOwned>(answer: serde_json::Value) -> Result<O, Error> {
            if answer.get(#type_tag).and_then(serde_json::Value::as_str) == Some("error") {
                return Err(Error::Td {
                    code: answer.get("code").and_then(serde_json::Value::as_i64).unwrap_or_default(),
                    message: answer
                        .get("message")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                });
            }
            Ok(serde_json::from_value(answer)?)
        }
    }
}

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
        // Calling into a C library is unsafe by nature; the calls follow TDLib's
        // documented contract (`td_json_client.h`).
        #![allow(unsafe_code)]

        use std::collections::{BTreeMap, VecDeque};
        use std::ffi::{c_char, c_double, c_int, CStr, CString, OsStr};
        use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
        use std::time::{Duration, Instant};

        use super::Transport;

        type CreateClientId = unsafe extern "C" fn() -> c_int;
        type Send = unsafe extern "C" fn(c_int, *const c_char);
        type Receive = unsafe extern "C" fn(c_double) -> *const c_char;

        /// What the clients of the process share: `td_receive` serves them all and must
        /// not be called by two threads at once.
        struct Receiver {
            /// Events received for each live client and not yet taken by it.
            pending: BTreeMap<c_int, VecDeque<String>>,
            /// True while a thread is inside `td_receive`.
            receiving: bool,
        }

        static RECEIVER: Mutex<Receiver> = Mutex::new(Receiver {
            pending: BTreeMap::new(),
            receiving: false,
        });
        /// Signalled when the receiving thread has handed out an event or stopped.
        static RECEIVED: Condvar = Condvar::new();

        fn receiver() -> MutexGuard<'static, Receiver> {
            RECEIVER.lock().unwrap_or_else(PoisonError::into_inner)
        }

        /// The `@client_id` TDLib writes into every event of a client. A quote in a
        /// JSON string is escaped, so the key's text occurs only as the key.
        fn client_id_of(event: &str) -> Option<c_int> {
            const KEY: &str = "\"@client_id\":";
            let at = event.rfind(KEY)? + KEY.len();
            let digits = event[at..].trim_start();
            let end = digits
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(digits.len());
            digits[..end].parse().ok()
        }

        /// One TDLib client instance of a loaded `libtdjson`.
        pub struct TdJson {
            client_id: c_int,
            send: Send,
            receive: Receive,
        }

        impl std::fmt::Debug for TdJson {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("TdJson").field("client_id", &self.client_id).finish_non_exhaustive()
            }
        }

        impl TdJson {
            /// The platform's file name of the library: `libtdjson.so`, `libtdjson.dylib`
            /// or `tdjson.dll`.
            pub fn library_name() -> String {
                libloading::library_filename("tdjson").to_string_lossy().into_owned()
            }

            /// Loads `libtdjson` from the system's library path and creates a client.
            pub fn load() -> Result<Self, libloading::Error> {
                Self::load_from(Self::library_name())
            }

            /// Loads `libtdjson` from `path` and creates a client.
            pub fn load_from(path: impl AsRef<OsStr>) -> Result<Self, libloading::Error> {
                // SAFETY: loading runs the library's initialisers; libtdjson's have no
                // preconditions. The symbols have the types of `td_json_client.h`.
                unsafe {
                    // Never unloaded: TDLib's threads outlive the client and run the
                    // library's code; unloading under them crashes the process.
                    let library: &'static libloading::Library =
                        Box::leak(Box::new(libloading::Library::new(path.as_ref())?));
                    let create: CreateClientId = *library.get(b"td_create_client_id\0")?;
                    let send: Send = *library.get(b"td_send\0")?;
                    let receive: Receive = *library.get(b"td_receive\0")?;
                    let client_id = create();
                    receiver().pending.insert(client_id, VecDeque::new());
                    Ok(Self {
                        client_id,
                        send,
                        receive,
                    })
                }
            }

            /// The client's identifier in the library.
            pub fn client_id(&self) -> i32 {
                self.client_id
            }
        }

        impl Transport for TdJson {
            fn send(&self, request: &str) {
                // A JSON text has no NUL byte but inside strings, where serde_json
                // escapes it.
                let Ok(request) = CString::new(request) else {
                    return;
                };
                // SAFETY: `request` is a NUL-terminated string that outlives the call;
                // td_send copies it.
                unsafe { (self.send)(self.client_id, request.as_ptr()) }
            }

            fn receive(&self, timeout: Duration) -> Option<String> {
                let deadline = Instant::now() + timeout;
                let mut shared = receiver();
                loop {
                    if let Some(event) = shared
                        .pending
                        .get_mut(&self.client_id)
                        .and_then(VecDeque::pop_front)
                    {
                        return Some(event);
                    }
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    if shared.receiving {
                        // Another client's thread receives, for us too.
                        shared = RECEIVED
                            .wait_timeout(shared, left)
                            .unwrap_or_else(PoisonError::into_inner)
                            .0;
                        continue;
                    }
                    shared.receiving = true;
                    drop(shared);
                    // SAFETY: td_receive returns NULL or a NUL-terminated string valid
                    // until its next call, which `receiving` keeps to this thread; it is
                    // copied at once.
                    let event = unsafe {
                        let event = (self.receive)(left.as_secs_f64());
                        (!event.is_null())
                            .then(|| CStr::from_ptr(event).to_string_lossy().into_owned())
                    };
                    shared = receiver();
                    shared.receiving = false;
                    RECEIVED.notify_all();
                    let Some(event) = event else {
                        continue;
                    };
                    match client_id_of(&event) {
                        // Ours, or of no client (TDLib's own): the caller's.
                        Some(id) if id == self.client_id => return Some(event),
                        None => return Some(event),
                        // A dropped client's events have no taker.
                        Some(id) => {
                            if let Some(queue) = shared.pending.get_mut(&id) {
                                queue.push_back(event);
                            }
                        }
                    }
                }
            }
        }

        impl Drop for TdJson {
            fn drop(&mut self) {
                receiver().pending.remove(&self.client_id);
            }
        }
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
