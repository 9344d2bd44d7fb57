//! The async client behind the `client` feature → `src/client/mod.rs` (the `Bot`, its
//! error, sending JSON and multipart requests); the convenience function of each method
//! (`Bot::send_message`) goes with its request, in the request's file ([`calls`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::constructor_params;
use super::{doc_lines, ident, inner_doc_lines, item_docs, ty, Writer};
use crate::ir::{Auth, Crate, Item, Presence, Request, Ty};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    out.rust("src/client/mod.rs", move || client_module(krate));
}

fn crate_ident(krate: &Crate) -> proc_macro2::Ident {
    ident(&krate.package.name.replace('-', "_"))
}

/// A short example for the `Bot` docs, built from the first method without required
/// parameters (as Rust tokens, printed like the rest of the code).
fn example(krate: &Crate) -> Option<String> {
    let request = krate
        .requests
        .iter()
        .find(|r| constructor_params(&r.params).is_empty())?;
    let krate_name = crate_ident(krate);
    let call = ident(&request.fn_name);
    let tokens = quote! {
        use #krate_name::client::{Bot, Error};

        async fn example() -> Result<(), Error> {
            let bot = Bot::new("TOKEN");
            let result = bot.#call().await?;
            println!("{result:?}");
            Ok(())
        }
    };
    let file: syn::File = syn::parse2(tokens).ok()?;
    Some(prettyplease::unparse(&file))
}

/// An example value of a constructor argument, when the type has an obvious one: a
/// number, a text, a chat id (a union with an integer variant), an enumeration's first
/// value, a file on disk.
fn example_value(krate: &Crate, field: &crate::ir::Field) -> Option<TokenStream> {
    let input_file = ident(&krate.runtime.input_file);
    Some(match field.ty.unboxed() {
        Ty::Integer => quote!(42),
        Ty::String => quote!("Hello"),
        Ty::InputFile => {
            let path = format!("/path/to/{}", field.api_name);
            quote!(#input_file::path(#path))
        }
        Ty::Named(name) => {
            let krate_name = crate_ident(krate);
            let item = krate.items.iter().find(|item| item.rust_name() == name)?;
            match item {
                Item::Union(u)
                    if u.variants
                        .iter()
                        .any(|v| v.ty == Ty::Integer && v.from_impl) =>
                {
                    quote!(42)
                }
                // An enumeration: its first value.
                Item::IntEnum(e) => {
                    let (ty, value) = (ident(name), ident(&e.values.first()?.rust_name));
                    quote!(#krate_name::types::#ty::#value)
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// Examples of a call with arguments and of an upload, for the module docs: the first
/// method on the page whose required parameters (two or more) all have an example value
/// and none is a file, and the first whose required parameters do and one is a file.
fn call_examples(krate: &Crate) -> String {
    let krate_name = crate_ident(krate);
    let input_file = ident(&krate.runtime.input_file);
    let example_of = |request: &Request| -> Option<(bool, TokenStream)> {
        let params = constructor_params(&request.params);
        let values: Option<Vec<TokenStream>> =
            params.iter().map(|f| example_value(krate, f)).collect();
        let uploads = params.iter().any(|f| f.ty == Ty::InputFile);
        let call = ident(&request.fn_name);
        let values = values?;
        (request.forms.is_empty() && params.len() >= 2)
            .then(|| (uploads, quote!(bot.#call(#(#values),*))))
    };
    let mut out = String::new();
    let found = |upload: bool| {
        krate
            .requests
            .iter()
            .filter_map(example_of)
            .find(|(u, _)| *u == upload)
    };
    for (title, upload) in [
        ("A call with arguments", false),
        ("An upload from disk, streamed as it is sent", true),
    ] {
        let Some((_, call)) = found(upload) else {
            continue;
        };
        let tokens = quote! {
            use #krate_name::client::{Bot, Error};
            use #krate_name::types::#input_file;

            async fn example(bot: &Bot) -> Result<(), Error> {
                let result = #call.await?;
                println!("{result:?}");
                Ok(())
            }
        };
        let Ok(file) = syn::parse2::<syn::File>(tokens) else {
            continue;
        };
        let mut code = prettyplease::unparse(&file);
        if !upload {
            code = code.replace(&format!("use {krate_name}::types::{input_file};\n"), "");
        }
        out.push_str(&format!("\n\n# {title}\n\n```no_run\n{code}```"));
    }
    out
}

fn client_module(krate: &Crate) -> TokenStream {
    let names = &krate.runtime;
    let method_trait = ident(&names.method_trait);
    let http_method = ident(&names.http_method);
    let response = ident(&names.response);
    let api_error = ident(&names.api_error);
    let input_file = ident(&names.input_file);
    let request_url = &krate.api.request_url;
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "An async client for the {page}, on `reqwest` (feature `client`).\n\n\
         [`Bot::execute`] sends any request; [`Bot`] also has one function per method \
         that returns a [`Call`]: set its optional parameters with the request's setters, \
         then `.await` it (or spawn it: a call owns a handle to its bot). Requests that \
         carry files to upload are sent as `multipart/form-data`, the others as JSON. The \
         token never appears in `Debug` output or in errors.\n\n\
         # Time limits\n\n\
         Every request has a time limit, [`DEFAULT_TIMEOUT`] unless set with \
         [`Bot::with_timeout`] (or lifted with [`Bot::without_timeout`]), or for one call \
         with [`Call::with_timeout`], after which it \
         fails with an [`Error::Http`] whose `is_timeout()` is true. A long poll (a \
         request with a `timeout` parameter, like `getUpdates`) may be held open by the \
         server that long: its limit is the default plus its own `timeout`. The limit \
         covers the whole exchange, uploads included: raise it for large files on slow \
         links.\n\n\
         # Errors\n\n\
         Nothing is hidden: an [`Error`] is the API's error (with the HTTP status), an \
         answer that does not read (with the HTTP status and the start of the body), a \
         request that could not be sent (with its cause in the message), or a request \
         that could not be encoded. A success without `result` is accepted only for \
         methods that return `True`.{}",
        call_examples(krate)
    ));
    let mut bot_docs = format!(
        "A bot of the {page}: its token, the API's URL and an HTTP client. Cloning is \
         cheap (the connection pool is shared). `Debug` does not show the token."
    );
    if let Some(example) = example(krate) {
        bot_docs.push_str(&format!("\n\n```no_run\n{example}```"));
    }
    let bot_docs = doc_lines(&bot_docs);
    let auth = match krate.api.auth {
        Auth::UrlPath | Auth::None => quote! {},
        Auth::BearerHeader => quote! { let builder = builder.bearer_auth(&*self.token); },
    };
    let auth_doc = match krate.api.auth {
        Auth::UrlPath => " The token is put into the URL at `{token}`.",
        Auth::None => " The API takes no token.",
        Auth::BearerHeader => " The token is sent in an `Authorization: Bearer` header.",
    };
    let files = krate
        .api
        .file_url
        .as_ref()
        .map(|url| file_items(url, &auth, &response));
    let file_field = krate
        .api
        .file_url
        .as_ref()
        .map(|_| quote! { file_url: Arc<str>, });
    let file_init = krate
        .api
        .file_url
        .as_ref()
        .map(|_| quote! { file_url: Arc::from(DEFAULT_FILE_URL), });
    let file_debug = krate
        .api
        .file_url
        .as_ref()
        .map(|_| quote! { .field("file_url", &self.file_url) });
    quote! {
        #module_docs

        use std::future::{Future, IntoFuture};
        use std::pin::Pin;
        use std::sync::Arc;
        use std::time::Duration;

        use crate::methods::{#api_error, #http_method, #method_trait};
        use crate::types::#input_file;

        /// The API's request URL: `{token}` and `{method}` are replaced for each request.
        pub const DEFAULT_API_URL: &str = #request_url;

        /// The time limit of a request, unless set with [`Bot::with_timeout`]; a long
        /// poll's own `timeout` is added to it.
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

        /// The `User-Agent` of a [`Bot::new`]'s client: this crate and its version.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// How much of an answer's body a decode error keeps (its start).
        const BODY_EXCERPT: usize = 1024;

        #bot_docs
        #[derive(Clone)]
        pub struct Bot {
            http: reqwest::Client,
            token: Arc<str>,
            api_url: Arc<str>,
            #file_field
            timeout: Option<Duration>,
        }

        impl std::fmt::Debug for Bot {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Bot")
                    .field("token", &"<redacted>")
                    .field("api_url", &self.api_url)
                    #file_debug
                    .field("timeout", &self.timeout)
                    .finish_non_exhaustive()
            }
        }

        impl Bot {
            /// A bot with this token, the API's URL and a new HTTP client that sends
            /// [`USER_AGENT`].
            pub fn new(token: impl Into<String>) -> Self {
                // What `reqwest::Client::new` does, with our User-Agent: it panics only
                // when the TLS backend cannot be initialised.
                let http = reqwest::Client::builder()
                    .user_agent(USER_AGENT)
                    .build()
                    .expect("the HTTP client (TLS backend) cannot be initialised");
                Self::with_client(token, http)
            }

            /// A bot with this token and HTTP client (proxies, headers, … are the
            /// client's settings; the time limit of each request is the bot's, see
            /// [`Bot::with_timeout`]).
            pub fn with_client(token: impl Into<String>, http: reqwest::Client) -> Self {
                Self {
                    http,
                    token: Arc::from(token.into()),
                    api_url: Arc::from(DEFAULT_API_URL),
                    #file_init
                    timeout: Some(DEFAULT_TIMEOUT),
                }
            }

            /// Sends requests to another server (a local API server, a test server):
            /// a URL template with `{method}` (and `{token}`) placeholders, like
            /// [`DEFAULT_API_URL`].
            #[doc = #auth_doc]
            pub fn with_api_url(mut self, template: impl Into<String>) -> Self {
                self.api_url = Arc::from(template.into());
                self
            }

            /// The request URL template in use.
            pub fn api_url(&self) -> &str {
                &self.api_url
            }

            /// Sets the time limit of each request (a long poll's own `timeout` is
            /// added to it); [`DEFAULT_TIMEOUT`] by default.
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Lets requests wait for their answer without limit (the HTTP client's
            /// own timeout, if any, still applies).
            pub fn without_timeout(mut self) -> Self {
                self.timeout = None;
                self
            }

            /// The time limit of a request that is not a long poll, if any.
            pub fn timeout(&self) -> Option<Duration> {
                self.timeout
            }

            /// The HTTP client in use.
            pub fn http_client(&self) -> &reqwest::Client {
                &self.http
            }

            /// Sends a request and returns its result.
            pub async fn execute<M: #method_trait>(&self, request: M) -> Result<M::Output, Error> {
                self.call(&request).await
            }

            /// Sends a request by reference (to send it again later) and returns its result.
            pub async fn call<M: #method_trait>(&self, request: &M) -> Result<M::Output, Error> {
                let uploads = Uploads::of(request);
                let params = serde_json::to_value(request).map_err(Error::Encode)?;
                // A long poll may be held open that much longer.
                let timeout = self.timeout.map(|base| base + request.long_poll().unwrap_or_default());
                let (status, body) = self.send(M::NAME, M::HTTP_METHOD, &params, &uploads, timeout).await?;
                decode::<M>(status, &body)
            }

            async fn send(
                &self,
                method: &str,
                verb: #http_method,
                params: &serde_json::Value,
                uploads: &Uploads<'_>,
                timeout: Option<Duration>,
            ) -> Result<(u16, Vec<u8>), Error> {
                let url = self.api_url.replace("{method}", method).replace("{token}", &self.token);
                let builder = if !uploads.is_empty() {
                    self.http.post(url).multipart(multipart(params, uploads)?)
                } else {
                    match verb {
                        #http_method::Get => self.http.get(url).query(&text_fields(params)),
                        #http_method::Post => self
                            .http
                            .post(url)
                            .header(reqwest::header::CONTENT_TYPE, "application/json")
                            .body(serde_json::to_vec(params).map_err(Error::Encode)?),
                    }
                };
                let builder = match timeout {
                    Some(timeout) => builder.timeout(timeout),
                    None => builder,
                };
                #auth
                let response = builder.send().await.map_err(Error::http)?;
                let status = response.status().as_u16();
                let body = response.bytes().await.map_err(Error::http)?;
                Ok((status, body.to_vec()))
            }
        }

        #files

        /// The request's parameters as text: strings as they are, other values as JSON.
        fn text_fields(params: &serde_json::Value) -> Vec<(String, String)> {
            let Some(map) = params.as_object() else {
                return Vec::new();
            };
            map.iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, value)| {
                    let text = match value {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    (name.clone(), text)
                })
                .collect()
        }

        /// A request as `multipart/form-data`, for any HTTP stack: its parameters as
        /// text parts (strings as they are, other values as JSON), a parameter that is
        /// an upload as the part named after it, and every upload it refers to as
        /// `attach://<name>` as the part of that name (once, however often it is
        /// referenced).
        pub fn multipart_form<M: #method_trait>(request: &M) -> Result<reqwest::multipart::Form, Error> {
            let params = serde_json::to_value(request).map_err(Error::Encode)?;
            multipart(&params, &Uploads::of(request))
        }

        /// The files a request uploads: its parameters that are uploads, by name, and
        /// the uploads it refers to as `attach://<name>`.
        struct Uploads<'a> {
            parameters: Vec<(&'static str, &'a #input_file)>,
            attachments: Vec<&'a #input_file>,
        }

        impl<'a> Uploads<'a> {
            fn of<M: #method_trait>(request: &'a M) -> Self {
                let mut parameters = Vec::new();
                request.file_parameters(&mut parameters);
                // A file id or URL is the parameter's text.
                parameters.retain(|(_, file)| file.reference().is_none());
                let mut attachments = Vec::new();
                request.attachments(&mut attachments);
                Self { parameters, attachments }
            }

            fn is_empty(&self) -> bool {
                self.parameters.is_empty() && self.attachments.is_empty()
            }
        }

        fn multipart(params: &serde_json::Value, uploads: &Uploads<'_>) -> Result<reqwest::multipart::Form, Error> {
            let mut form = reqwest::multipart::Form::new();
            for (name, text) in text_fields(params) {
                if !uploads.parameters.iter().any(|(parameter, _)| *parameter == name) {
                    form = form.text(name, text);
                }
            }
            for (parameter, file) in &uploads.parameters {
                if let Some(part) = upload_part(file)? {
                    form = form.part(*parameter, part);
                }
            }
            let mut sent = Vec::new();
            for file in &uploads.attachments {
                let Some(part_name) = file.part_name() else {
                    continue;
                };
                if sent.contains(&part_name) {
                    continue;
                }
                if let Some(part) = upload_part(file)? {
                    form = form.part(part_name.clone(), part);
                    sent.push(part_name);
                }
            }
            Ok(form)
        }

        /// The part carrying an upload (`None` for a reference): with its length, so that
        /// the form has a `Content-Length`, when the length is known.
        fn upload_part(file: &#input_file) -> Result<Option<reqwest::multipart::Part>, Error> {
            let Some(file_name) = file.file_name() else {
                return Ok(None);
            };
            let part = if let Some(data) = file.upload_bytes() {
                let length = data.len() as u64;
                let body = reqwest::Body::from(bytes::Bytes::from_owner(SharedBytes(data.clone())));
                reqwest::multipart::Part::stream_with_length(body, length)
            } else if let Some(path) = file.upload_path() {
                let body = FileBody::open(path).map_err(|source| Error::File {
                    file_name: file_name.to_owned(),
                    source,
                })?;
                let length = body.remaining;
                reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap(body), length)
            } else if let Some((reader, length)) = file.take_reader() {
                let body = reqwest::Body::wrap(ReaderBody {
                    reader: std::sync::Mutex::new(reader),
                    remaining: length,
                    buffer: vec![0; ReaderBody::CHUNK],
                });
                match length {
                    Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                    None => reqwest::multipart::Part::stream(body),
                }
            } else {
                // An upload with no bytes left to send: a reader that a request took.
                return Err(Error::File {
                    file_name: file_name.to_owned(),
                    source: std::io::Error::other("an upload from a reader is sent once, and it was sent"),
                });
            };
            Ok(Some(part.file_name(file_name.to_owned())))
        }

        /// An upload read from an async reader, a chunk at a time, as it is sent.
        struct ReaderBody {
            // A body must be `Sync`, a reader need not be: only `&mut` reaches it, so the
            // lock is never taken (`get_mut`).
            reader: std::sync::Mutex<Pin<Box<dyn tokio::io::AsyncRead + Send>>>,
            /// What is left of the length announced, when one was.
            remaining: Option<u64>,
            buffer: Vec<u8>,
        }

        impl ReaderBody {
            const CHUNK: usize = 64 * 1024;
        }

        impl http_body::Body for ReaderBody {
            type Data = bytes::Bytes;
            type Error = std::io::Error;

            fn poll_frame(
                mut self: Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
                let this = &mut *self;
                let reader = this.reader.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
                let mut buffer = tokio::io::ReadBuf::new(&mut this.buffer);
                if let Err(error) = std::task::ready!(reader.as_mut().poll_read(cx, &mut buffer)) {
                    return std::task::Poll::Ready(Some(Err(error)));
                }
                let chunk = buffer.filled();
                let length = chunk.len() as u64;
                let result = match (this.remaining, length) {
                    (None | Some(0), 0) => return std::task::Poll::Ready(None),
                    // The length was announced: a reader that yields another cannot be sent.
                    (Some(_), 0) => Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the reader ended before the length given with the file",
                    )),
                    (Some(remaining), _) if length > remaining => Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "the reader yields more than the length given with the file",
                    )),
                    (remaining, _) => {
                        this.remaining = remaining.map(|remaining| remaining - length);
                        Ok(http_body::Frame::data(bytes::Bytes::copy_from_slice(chunk)))
                    }
                };
                std::task::Poll::Ready(Some(result))
            }

            fn is_end_stream(&self) -> bool {
                self.remaining == Some(0)
            }

            fn size_hint(&self) -> http_body::SizeHint {
                self.remaining.map_or_else(http_body::SizeHint::default, http_body::SizeHint::with_exact)
            }
        }

        /// Upload bytes handed to the HTTP body without a copy.
        struct SharedBytes(Arc<[u8]>);

        impl AsRef<[u8]> for SharedBytes {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        /// A file on disk sent as a request body, a chunk at a time. Reads are
        /// blocking, of at most 64 KiB each: quick on a local disk, and no async file
        /// API (or runtime) is imposed on the crate's users.
        struct FileBody {
            file: std::fs::File,
            remaining: u64,
        }

        impl FileBody {
            const CHUNK: u64 = 64 * 1024;

            fn open(path: &std::path::Path) -> std::io::Result<Self> {
                let file = std::fs::File::open(path)?;
                let remaining = file.metadata()?.len();
                Ok(Self { file, remaining })
            }
        }

        impl http_body::Body for FileBody {
            type Data = bytes::Bytes;
            type Error = std::io::Error;

            fn poll_frame(
                mut self: Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
                use std::io::Read;
                if self.remaining == 0 {
                    return std::task::Poll::Ready(None);
                }
                let mut chunk = vec![0; self.remaining.min(Self::CHUNK) as usize];
                let result = match self.file.read(&mut chunk) {
                    // The length was announced: a file that shrank cannot be sent.
                    Ok(0) => Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the file shrank while it was sent",
                    )),
                    Ok(n) => {
                        chunk.truncate(n);
                        self.remaining -= n as u64;
                        Ok(http_body::Frame::data(bytes::Bytes::from(chunk)))
                    }
                    Err(error) => Err(error),
                };
                std::task::Poll::Ready(Some(result))
            }

            fn size_hint(&self) -> http_body::SizeHint {
                http_body::SizeHint::with_exact(self.remaining)
            }
        }

        /// Reads an answer to `M`: its result, the API's error (with the HTTP status),
        /// or a decode error (with the status and the start of the body). A success
        /// without `result` is a result only for a method that returns `True`.
        pub fn decode<M: #method_trait>(status: u16, body: &[u8]) -> Result<M::Output, Error> {
            let response = M::read_response(body).map_err(|source| Error::decode(status, source, body))?;
            match response.into_result() {
                Ok(Some(result)) => Ok(result),
                Ok(None) => M::result_when_absent().ok_or_else(|| {
                    Error::decode(status, serde::de::Error::missing_field("result"), body)
                }),
                Err(mut error) => {
                    error.http_status = Some(status);
                    Err(Error::Api(error))
                }
            }
        }

        /// Why a request failed.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The API answered with an error (`ok: false`); its `http_status` is set.
            Api(#api_error),
            /// The request could not be sent or its answer not read (no connection, a
            /// time limit reached: `is_timeout()`). The request's URL (which may hold
            /// the token) is removed from the error.
            Http(reqwest::Error),
            /// The answer is not the API's JSON, or its result is not of the expected
            /// type, or a success has no result where one is expected.
            Decode {
                /// The HTTP status of the answer.
                status: u16,
                /// What did not parse.
                source: serde_json::Error,
                /// The start of the answer's body (its first kilobyte, as UTF-8 with
                /// invalid bytes replaced): an HTML error page of a proxy, say.
                body: String,
            },
            /// The request could not be serialized.
            Encode(serde_json::Error),
            /// A file to upload from disk could not be read.
            File {
                /// The file name it was to be sent under.
                file_name: String,
                /// Why it could not be read.
                source: std::io::Error,
            },
        }

        impl Error {
            fn http(error: reqwest::Error) -> Self {
                Error::Http(error.without_url())
            }

            fn decode(status: u16, source: serde_json::Error, body: &[u8]) -> Self {
                let mut end = body.len().min(BODY_EXCERPT);
                // Cut at a character boundary when the body is UTF-8.
                while end < body.len() && end > 0 && (body[end] & 0xC0) == 0x80 {
                    end -= 1;
                }
                Error::Decode {
                    status,
                    source,
                    body: String::from_utf8_lossy(&body[..end]).into_owned(),
                }
            }

            /// The API's error, when the API answered with one.
            pub fn api_error(&self) -> Option<&#api_error> {
                match self {
                    Error::Api(error) => Some(error),
                    _ => None,
                }
            }

            /// The HTTP status of the answer, when there was one.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Error::Api(error) => error.http_status,
                    Error::Http(error) => error.status().map(|status| status.as_u16()),
                    Error::Decode { status, .. } => Some(*status),
                    Error::Encode(_) | Error::File { .. } => None,
                }
            }
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Api(error) => write!(f, "the API answered with {error}"),
                    Error::Http(error) => {
                        // reqwest's own message ("error sending request") leaves the
                        // reason (timed out, connection refused) to its causes.
                        write!(f, "HTTP request failed: {error}")?;
                        let mut cause = std::error::Error::source(error);
                        while let Some(error) = cause {
                            write!(f, ": {error}")?;
                            cause = error.source();
                        }
                        Ok(())
                    }
                    Error::Decode { status, source, body } => {
                        write!(f, "unexpected answer (HTTP {status}): {source}")?;
                        let excerpt: String = body.chars().take(200).collect();
                        if !excerpt.is_empty() {
                            write!(f, "; body: {excerpt:?}")?;
                        }
                        Ok(())
                    }
                    Error::Encode(error) => write!(f, "cannot serialize the request: {error}"),
                    Error::File { file_name, source } => {
                        write!(f, "cannot read the file to upload as {file_name:?}: {source}")
                    }
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Api(error) => Some(error),
                    Error::Http(error) => Some(error),
                    Error::Decode { source, .. } => Some(source),
                    Error::Encode(error) => Some(error),
                    Error::File { source, .. } => Some(source),
                }
            }
        }

        impl From<#api_error> for Error {
            fn from(error: #api_error) -> Self {
                Error::Api(error)
            }
        }

        /// A request bound to a bot: set optional parameters with the request's setters,
        /// then `.await` it to send it. It holds its own handle to the bot, so it can be
        /// spawned or kept.
        #[must_use = "a call does nothing until it is awaited"]
        #[derive(Debug, Clone)]
        pub struct Call<M> {
            // Its own handle: a time limit set on the call is set on this handle only.
            bot: Bot,
            request: M,
        }

        impl<M> Call<M> {
            /// Binds a request to a bot, with the bot's time limit.
            pub fn new(bot: Bot, request: M) -> Self {
                Self { bot, request }
            }

            /// Sets the time limit of this call (a long poll's own `timeout` is added to
            /// it), instead of the bot's: a large upload on a slow link, say.
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.bot = self.bot.with_timeout(timeout);
                self
            }

            /// Lets this call wait for its answer without limit.
            pub fn without_timeout(mut self) -> Self {
                self.bot = self.bot.without_timeout();
                self
            }

            /// The request as built so far.
            pub fn request(&self) -> &M {
                &self.request
            }

            /// The request, unbound.
            pub fn into_request(self) -> M {
                self.request
            }

            /// Changes the request.
            pub fn map(self, change: impl FnOnce(M) -> M) -> Self {
                Self {
                    bot: self.bot,
                    request: change(self.request),
                }
            }
        }

        impl<M> IntoFuture for Call<M>
        where
            M: #method_trait + Send + Sync + 'static,
            M::Output: Send + 'static,
        {
            type Output = Result<M::Output, Error>;
            type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.bot.call(&self.request).await })
            }
        }
    }
}

/// The file download URL template, a URL type that hides the token, and downloads.
fn file_items(url: &str, auth: &TokenStream, response: &proc_macro2::Ident) -> TokenStream {
    quote! {
        /// The API's file download URL: `{token}` and `{file_path}` are replaced.
        pub const DEFAULT_FILE_URL: &str = #url;

        /// The download URL of a file. It holds the bot's token, so its `Debug` hides
        /// it; [`FileUrl::as_str`] gives the URL itself (keep it out of logs).
        #[derive(Clone, PartialEq, Eq)]
        pub struct FileUrl {
            url: String,
            file_path: String,
        }

        impl FileUrl {
            /// The URL, token included.
            pub fn as_str(&self) -> &str {
                &self.url
            }

            /// The file's path on the server (`File::file_path`).
            pub fn file_path(&self) -> &str {
                &self.file_path
            }
        }

        impl std::fmt::Debug for FileUrl {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("FileUrl")
                    .field("file_path", &self.file_path)
                    .finish_non_exhaustive()
            }
        }

        impl Bot {
            /// Downloads files from another server: a URL template with `{file_path}`
            /// (and `{token}`) placeholders, like [`DEFAULT_FILE_URL`].
            pub fn with_file_url(mut self, template: impl Into<String>) -> Self {
                self.file_url = Arc::from(template.into());
                self
            }

            /// The download URL of a file, by its `file_path` (from `getFile`).
            pub fn file_url(&self, file_path: &str) -> FileUrl {
                let url = self
                    .file_url
                    .replace("{file_path}", file_path)
                    .replace("{token}", &self.token);
                FileUrl { url, file_path: file_path.to_owned() }
            }

            /// Downloads a file, by its `file_path` (from `getFile`), into memory,
            /// within the bot's time limit. An answer other than a success is the API's
            /// error when it is one, else a decode error with the body's start. For a
            /// large file, stream it instead: `bot.http_client().get(bot.file_url(path).as_str())`.
            pub async fn download_file(&self, file_path: &str) -> Result<Vec<u8>, Error> {
                let builder = self.http.get(self.file_url(file_path).url);
                let builder = match self.timeout {
                    Some(timeout) => builder.timeout(timeout),
                    None => builder,
                };
                #auth
                let response = builder.send().await.map_err(Error::http)?;
                let status = response.status();
                let body = response.bytes().await.map_err(Error::http)?;
                if status.is_success() {
                    return Ok(body.to_vec());
                }
                let status = status.as_u16();
                Err(match serde_json::from_slice::<crate::methods::#response<serde_json::Value>>(&body) {
                    Ok(answer) => match answer.into_result() {
                        Err(mut error) => {
                            error.http_status = Some(status);
                            Error::Api(error)
                        }
                        Ok(_) => Error::decode(status, serde::de::Error::custom("a success answer to a download"), &body),
                    },
                    Err(source) => Error::decode(status, source, &body),
                })
            }
        }
    }
}

/// `Bot::send_message(required…) -> Call<SendMessage>`, one function per form of the
/// method, behind the `client` feature (the optional parameters' setters are the
/// request's setters trait, which the call implements).
pub(super) fn calls(krate: &Crate, request: &Request) -> TokenStream {
    let functions = if request.forms.is_empty() {
        let docs = item_docs(&request.docs, &request.api_name, &krate.package.api_name);
        vec![function(krate, request, &request.fn_name, &[], docs)]
    } else {
        request
            .forms
            .iter()
            .map(|form| {
                let docs = form_docs(krate, request, form);
                function(krate, request, &form.fn_name, &form.params, docs)
            })
            .collect()
    };
    quote! {
        #[cfg(feature = "client")]
        impl crate::client::Bot {
            #(#functions)*
        }
    }
}

/// `pub fn send_message(&self, required…) -> Call<SendMessage>`; for a form of the
/// method, the optional parameters it requires are arguments too (in page order) and
/// are set on the request.
fn function(
    krate: &Crate,
    request: &Request,
    name: &str,
    form: &[String],
    docs: TokenStream,
) -> TokenStream {
    let request_name = ident(&request.rust_name);
    let function = ident(name);
    let in_form = |f: &crate::ir::Field| form.contains(&f.rust_name);
    let args: Vec<&crate::ir::Field> = request
        .params
        .iter()
        .filter(|f| f.presence == Presence::Required || in_form(f))
        .collect();
    let signature = args.iter().map(|f| {
        let name = ident(&f.rust_name);
        let value = ty(krate, f.ty.unboxed());
        quote! { #name: impl Into<#value> }
    });
    let required = constructor_params(&request.params);
    let names = required.iter().map(|f| ident(&f.rust_name));
    let setters = args.iter().filter(|f| in_form(f)).map(|f| {
        let arg = ident(&f.rust_name);
        let setter = (request.setters.iter())
            .flat_map(|setters| &setters.setters)
            .find(|setter| setter.field == f.rust_name)
            .map_or(&f.rust_name, |setter| &setter.name);
        let setter = ident(setter);
        quote! { .#setter(#arg) }
    });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #docs
        #many
        pub fn #function(&self, #(#signature),*) -> crate::client::Call<#request_name> {
            crate::client::Call::new(self.clone(), #request_name::new(#(#names),*)#(#setters)*)
        }
    }
}

/// The method's docs, with which form this is and what the others are.
fn form_docs(krate: &Crate, request: &Request, form: &crate::ir::Form) -> TokenStream {
    let list = |names: &[String]| {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    };
    let others: Vec<String> = request
        .forms
        .iter()
        .filter(|other| other.fn_name != form.fn_name)
        .map(|other| {
            format!(
                "[`Bot::{0}`](crate::client::Bot::{0}) with {1}",
                other.fn_name,
                list(&other.api_params)
            )
        })
        .collect();
    let note = format!(
        "The form with {}; the page requires either it or {}.",
        list(&form.api_params),
        others.join(", or ")
    );
    let mut docs = request.docs.clone();
    docs.text = format!("{}\n\n{note}", docs.text);
    item_docs(&docs, &request.api_name, &krate.package.api_name)
}
