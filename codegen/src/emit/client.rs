//! The async client behind the `client` feature → `src/client/mod.rs` (the `Bot`, its
//! error, sending JSON and multipart requests) and `src/client/calls.rs` (one
//! convenience function per method, and the request's setters on the pending call).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::constructor_params;
use super::{doc_lines, ident, inner_doc_lines, item_docs, ty, Writer};
use crate::ir::{Crate, Presence, Request, Ty};
use crate::spec::Auth;

/// Methods of `Call` itself: a request setter of the same name is not forwarded.
const CALL_METHODS: &[&str] = &["new", "request", "into_request", "map", "into_future"];

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    out.rust("src/client/mod.rs", move || client_module(krate));
    out.rust("src/client/calls.rs", move || {
        let calls = krate.requests.iter().map(|r| calls(krate, r));
        quote! {
            #[allow(unused_imports)]
            use crate::methods::*;
            #[allow(unused_imports)]
            use crate::types::*;
            #[allow(unused_imports)]
            use super::{Bot, Call};
            #(#calls)*
        }
    });
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

fn client_module(krate: &Crate) -> TokenStream {
    let support = &krate.support;
    let method_trait = ident(&support.method_trait);
    let http_method = ident(&support.http_method);
    let response = ident(&support.response);
    let api_error = ident(&support.api_error);
    let input_file = ident(&support.input_file);
    let request_url = &krate.api.request_url;
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "An async client for the {page}, on `reqwest` (feature `client`).\n\n\
         [`Bot::execute`] sends any request; [`Bot`] also has one function per method \
         that returns a [`Call`]: set its optional parameters with the request's setters, \
         then `.await` it. Requests that carry files to upload are sent as \
         `multipart/form-data`, the others as JSON. The token never appears in `Debug` \
         output or in errors."
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
    quote! {
        #module_docs

        use std::future::{Future, IntoFuture};
        use std::pin::Pin;
        use std::sync::Arc;

        use serde::de::DeserializeOwned;

        use crate::methods::{#api_error, #http_method, #method_trait, #response};
        use crate::types::#input_file;

        #[rustfmt::skip]
        mod calls;

        /// The API's request URL: `{token}` and `{method}` are replaced for each request.
        pub const DEFAULT_API_URL: &str = #request_url;

        #bot_docs
        #[derive(Clone)]
        pub struct Bot {
            http: reqwest::Client,
            token: Arc<str>,
            api_url: Arc<str>,
        }

        impl std::fmt::Debug for Bot {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Bot")
                    .field("token", &"<redacted>")
                    .field("api_url", &self.api_url)
                    .finish_non_exhaustive()
            }
        }

        impl Bot {
            /// A bot with this token, the API's URL and a new HTTP client.
            pub fn new(token: impl Into<String>) -> Self {
                Self::with_client(token, reqwest::Client::new())
            }

            /// A bot with this token and HTTP client (timeouts, proxies, … are the
            /// client's settings).
            pub fn with_client(token: impl Into<String>, http: reqwest::Client) -> Self {
                Self {
                    http,
                    token: Arc::from(token.into()),
                    api_url: Arc::from(DEFAULT_API_URL),
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
                let mut files = Vec::new();
                request.attachments(&mut files);
                let params = serde_json::to_value(request).map_err(Error::Encode)?;
                let (status, body) = self.send(M::NAME, M::HTTP_METHOD, &params, &files).await?;
                decode(status, &body)
            }

            async fn send(
                &self,
                method: &str,
                verb: #http_method,
                params: &serde_json::Value,
                files: &[&#input_file],
            ) -> Result<(u16, Vec<u8>), Error> {
                let url = self.api_url.replace("{method}", method).replace("{token}", &self.token);
                let builder = if !files.is_empty() {
                    self.http.post(url).multipart(multipart(params, files))
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
                #auth
                let response = builder.send().await.map_err(Error::http)?;
                let status = response.status().as_u16();
                let body = response.bytes().await.map_err(Error::http)?;
                Ok((status, body.to_vec()))
            }
        }

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

        /// The parameters as text parts, and every upload as a part named as its
        /// `attach://` reference says.
        fn multipart(params: &serde_json::Value, files: &[&#input_file]) -> reqwest::multipart::Form {
            let mut form = reqwest::multipart::Form::new();
            for (name, text) in text_fields(params) {
                form = form.text(name, text);
            }
            let mut sent = Vec::new();
            for file in files {
                if let (Some(part_name), Some((file_name, data))) = (file.part_name(), file.upload_data()) {
                    if sent.contains(&part_name) {
                        continue;
                    }
                    let part = reqwest::multipart::Part::bytes(data.to_vec()).file_name(file_name.to_owned());
                    form = form.part(part_name.clone(), part);
                    sent.push(part_name);
                }
            }
            form
        }

        fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
            let response: #response<T> =
                serde_json::from_slice(body).map_err(|source| Error::Decode { status, source })?;
            response.into_result().map_err(Error::Api)
        }

        /// Why a request failed.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The API answered with an error (`ok: false`).
            Api(#api_error),
            /// The request could not be sent or its answer not read. The request's URL
            /// (which may hold the token) is removed from the error.
            Http(reqwest::Error),
            /// The answer is not the API's JSON, or its result is not of the expected type.
            Decode {
                /// The HTTP status of the answer.
                status: u16,
                /// What did not parse.
                source: serde_json::Error,
            },
            /// The request could not be serialized.
            Encode(serde_json::Error),
        }

        impl Error {
            fn http(error: reqwest::Error) -> Self {
                Error::Http(error.without_url())
            }

            /// The API's error, when the API answered with one.
            pub fn api_error(&self) -> Option<&#api_error> {
                match self {
                    Error::Api(error) => Some(error),
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Api(error) => write!(f, "the API answered with {error}"),
                    Error::Http(error) => write!(f, "HTTP request failed: {error}"),
                    Error::Decode { status, source } => {
                        write!(f, "unexpected answer (HTTP {status}): {source}")
                    }
                    Error::Encode(error) => write!(f, "cannot serialize the request: {error}"),
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
                }
            }
        }

        impl From<#api_error> for Error {
            fn from(error: #api_error) -> Self {
                Error::Api(error)
            }
        }

        /// A request bound to a bot: set optional parameters with the request's setters,
        /// then `.await` it to send it.
        #[must_use = "a call does nothing until it is awaited"]
        #[derive(Debug, Clone)]
        pub struct Call<'a, M> {
            bot: &'a Bot,
            request: M,
        }

        impl<'a, M> Call<'a, M> {
            /// Binds a request to a bot.
            pub fn new(bot: &'a Bot, request: M) -> Self {
                Self { bot, request }
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

        impl<'a, M> IntoFuture for Call<'a, M>
        where
            M: #method_trait + Send + Sync + 'a,
            M::Output: Send + 'a,
        {
            type Output = Result<M::Output, Error>;
            type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.bot.call(&self.request).await })
            }
        }
    }
}

/// `Bot::send_message(required…) -> Call<SendMessage>` and the optional parameters'
/// setters on `Call<SendMessage>`.
fn calls(krate: &Crate, request: &Request) -> TokenStream {
    let request_name = ident(&request.rust_name);
    let function = ident(&request.fn_name);
    let docs = item_docs(&request.docs, &request.api_name, &krate.package.api_name);
    let params = constructor_params(&request.params);
    let args = params.iter().map(|f| {
        let name = ident(&f.rust_name);
        let value = ty(krate, f.ty.unboxed());
        quote! { #name: impl Into<#value> }
    });
    let names = params.iter().map(|f| ident(&f.rust_name));
    let many = (params.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let setters = request
        .params
        .iter()
        .filter(|f| {
            f.presence == Presence::Optional && !CALL_METHODS.contains(&f.rust_name.as_str())
        })
        .map(|f| {
            let name = ident(&f.rust_name);
            let value = match f.ty {
                Ty::True => quote!(bool),
                _ => {
                    let value = ty(krate, f.ty.unboxed());
                    quote!(impl Into<#value>)
                }
            };
            let doc = format!(" Sets [`{0}`]({1}::{0}).", f.rust_name, request.rust_name);
            quote! {
                #[doc = #doc]
                pub fn #name(self, value: #value) -> Self {
                    self.map(|request| request.#name(value))
                }
            }
        });
    let setters: Vec<TokenStream> = setters.collect();
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl Call<'_, #request_name> {
                #(#setters)*
            }
        }
    });
    quote! {
        impl Bot {
            #docs
            #many
            pub fn #function(&self, #(#args),*) -> Call<'_, #request_name> {
                Call::new(self, #request_name::new(#(#names),*))
            }
        }
        #setters
    }
}
