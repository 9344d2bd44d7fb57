//! Request types, the `Method` trait and the response envelope → `src/methods/`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::files::Imports;
use super::types::{attachment_calls, constructor, constructor_params, fields};
use super::{doc_lines, ident, inner_doc_lines, item_docs, ty, Writer};
use crate::ir::{Crate, Request, Ty};
use crate::spec::{HttpMethod, Protocol};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    let entries = (krate.requests.iter())
        .map(|request| (&request.place, request.rust_name.as_str(), (krate, request)));
    let imports = Imports {
        prologue,
        modules: vec![
            ("crate::methods", methods_names(krate)),
            ("crate::types", super::types::exported_names(krate)),
        ],
        trait_methods: super::types::trait_methods(krate),
    };
    let modules = super::files::emit(out, "methods", entries, imports, |(krate, request)| {
        let item = request_item(krate, request);
        let setters = setters_trait(krate, request);
        let calls =
            (krate.api.protocol == Protocol::Http).then(|| super::client::calls(krate, request));
        quote! { #item #setters #calls }
    });
    if krate.api.protocol == Protocol::Http {
        out.rust("src/prelude.rs", move || prelude(krate));
    }
    out.rust("src/methods/mod.rs", move || {
        let modules = super::files::modules_tokens(&modules);
        let common = match krate.api.protocol {
            Protocol::Http => common_items(krate),
            Protocol::TdJson => super::tdjson::methods_common(krate),
        };
        quote! {
            #common
            #modules
        }
    });
}

/// What every file of requests starts with.
fn prologue() -> TokenStream {
    quote! {
        use serde::Serialize;
    }
}

/// The names `crate::methods` defines beside the requests, which requests use.
fn methods_names(krate: &Crate) -> BTreeSet<String> {
    let support = &krate.support;
    let mut names = BTreeSet::from([support.method_trait.clone()]);
    if krate.api.protocol == Protocol::Http {
        names.extend([
            support.http_method.clone(),
            support.response.clone(),
            "read_batch_response".to_owned(),
        ]);
    }
    names
}

/// `src/prelude.rs`: the setters traits, so that one `use` brings every setter into
/// scope.
fn prelude(krate: &Crate) -> TokenStream {
    let traits: Vec<_> = (krate.requests.iter())
        .filter_map(|r| r.setters.as_ref())
        .map(|setters| ident(&setters.name))
        .collect();
    let docs = inner_doc_lines(
        "The traits that bring the requests' setters into scope: `use` it whole to set a \
         request's optional parameters, on the request or on the client's pending call \
         (`bot.send_message(chat_id, \"Hi\").parse_mode(…)`).",
    );
    let uses = (!traits.is_empty()).then(|| quote! { pub use crate::methods::{#(#traits),*}; });
    quote! {
        #docs
        #uses
    }
}

/// `pub trait SendMessageSetters`: a setter per optional parameter, each one body for
/// the request and for the client's pending call of it.
fn setters_trait(krate: &Crate, request: &Request) -> Option<TokenStream> {
    let setters = request.setters.as_ref()?;
    let trait_name = ident(&setters.name);
    let request_name = ident(&request.rust_name);
    let map_fn = ident(&setters.map_fn);
    let methods = setters.setters.iter().map(|setter| {
        let name = ident(&setter.name);
        let field_name = &setter.field;
        let field = ident(field_name);
        let Some(param) = request.params.iter().find(|p| p.rust_name == *field_name) else {
            return quote!();
        };
        let (value, set, doc) = match param.ty {
            Ty::True => {
                let true_type = ident(&krate.support.true_type);
                (
                    quote!(bool),
                    quote!(value.then_some(#true_type)),
                    format!(" Sets [`{field_name}`]({request_name}::{field_name}): `true` sends it, `false` leaves it out."),
                )
            }
            _ => {
                let value = ty(krate, param.ty.unboxed());
                let set = match param.ty {
                    Ty::Box(_) => quote!(Some(Box::new(value.into()))),
                    _ => quote!(Some(value.into())),
                };
                (
                    quote!(impl Into<#value>),
                    set,
                    format!(" Sets [`{field_name}`]({request_name}::{field_name})."),
                )
            }
        };
        quote! {
            #[doc = #doc]
            fn #name(self, value: #value) -> Self {
                self.#map_fn(|mut request| {
                    request.#field = #set;
                    request
                })
            }
        }
    });
    let docs = doc_lines(&format!(
        "The setters of [`{request_name}`]'s optional parameters, on the request and on the \
         client's pending call of it (`use` the crate's `prelude` to have them all)."
    ));
    let map_docs = doc_lines("Changes the request: every setter goes through it.");
    let call = match krate.api.protocol {
        Protocol::Http => Some(quote! {
            #[cfg(feature = "client")]
            impl #trait_name for crate::client::Call<#request_name> {
                fn #map_fn(self, change: impl FnOnce(#request_name) -> #request_name) -> Self {
                    self.map(change)
                }
            }
        }),
        Protocol::TdJson => None,
    };
    Some(quote! {
        #docs
        // Setters are named after their parameters (`is_anonymous`), as on objects.
        #[allow(clippy::wrong_self_convention)]
        pub trait #trait_name: Sized {
            #map_docs
            fn #map_fn(self, change: impl FnOnce(#request_name) -> #request_name) -> Self;
            #(#methods)*
        }
        impl #trait_name for #request_name {
            fn #map_fn(self, change: impl FnOnce(#request_name) -> #request_name) -> Self {
                change(self)
            }
        }
        #call
    })
}

fn verb(krate: &Crate, method: HttpMethod) -> TokenStream {
    let enum_name = ident(&krate.support.http_method);
    match method {
        HttpMethod::Get => quote!(#enum_name::Get),
        HttpMethod::Post => quote!(#enum_name::Post),
    }
}

fn request_item(krate: &Crate, request: &Request) -> TokenStream {
    let name = ident(&request.rust_name);
    let docs = item_docs(&request.docs, &request.api_name, &krate.package.api_name);
    let fields = fields(krate, &request.params, true);
    let manual_default = request.params.iter().any(|f| f.presence.is_constant());
    let derive_default = constructor_params(&request.params).is_empty() && !manual_default;
    let default = derive_default.then(|| quote!(Default,));
    let constructor = constructor(
        krate,
        &name,
        &request.params,
        None,
        None,
        !derive_default,
        request.setters.is_none(),
    );
    if krate.api.protocol == Protocol::TdJson {
        let (tag, method) = super::tdjson::request_parts(krate, request);
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #default Serialize)]
            #[non_exhaustive]
            #tag
            pub struct #name {
                #(#fields)*
            }
            #constructor
            #method
        };
    }
    let method_trait = ident(&krate.support.method_trait);
    let http_method = ident(&krate.support.http_method);
    let api_name = &request.api_name;
    let verb = verb(krate, request.http_method);
    let output = ty(krate, &request.output);
    let confirms = request.confirms_without_result.then(|| {
        let true_type = ident(&krate.support.true_type);
        quote! {
            fn result_when_absent() -> Option<Self::Output> {
                Some(#true_type)
            }
        }
    });
    let long_poll = request.long_poll.as_ref().map(|poll| {
        let field = ident(&poll.rust_name);
        let seconds = if poll.optional {
            quote!(self.#field.and_then(|seconds| u64::try_from(seconds).ok()))
        } else {
            quote!(u64::try_from(self.#field).ok())
        };
        quote! {
            fn long_poll(&self) -> Option<std::time::Duration> {
                #seconds.map(std::time::Duration::from_secs)
            }
        }
    });
    let read_response = match &request.output {
        Ty::Batch(element) => {
            let response = ident(&krate.support.response);
            let element = ty(krate, element);
            Some(quote! {
                fn read_response(body: &[u8]) -> serde_json::Result<#response<Self::Output>> {
                    read_batch_response::<#element>(body)
                }
            })
        }
        _ => None,
    };
    let attachments = request.carries_files.then(|| {
        let file = ident(&krate.support.input_file);
        let calls = attachment_calls(&request.params);
        quote! {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #file>) {
                #(#calls)*
            }
        }
    });
    let file_parameters = (!request.file_params.is_empty()).then(|| {
        let file = ident(&krate.support.input_file);
        let pushes = request.file_params.iter().map(|param| {
            let field = ident(&param.rust_name);
            let part = &param.api_name;
            let pattern = match &param.variant {
                Some((union, variant)) => {
                    let (union, variant) = (ident(union), ident(variant));
                    quote!(#union::#variant(file))
                }
                None => quote!(file),
            };
            match (param.optional, &param.variant) {
                (false, None) => quote! { out.push((#part, &self.#field)); },
                (true, _) => quote! {
                    if let Some(#pattern) = &self.#field {
                        out.push((#part, file));
                    }
                },
                (false, Some(_)) => quote! {
                    if let #pattern = &self.#field {
                        out.push((#part, file));
                    }
                },
            }
        });
        quote! {
            fn file_parameters<'a>(&'a self, out: &mut Vec<(&'static str, &'a #file)>) {
                #(#pushes)*
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #constructor
        impl #method_trait for #name {
            const NAME: &'static str = #api_name;
            const HTTP_METHOD: #http_method = #verb;
            type Output = #output;
            #confirms
            #long_poll
            #read_response
            #attachments
            #file_parameters
        }
    }
}

/// The `Method` trait, the HTTP verb, and the response envelope with its error.
fn common_items(krate: &Crate) -> TokenStream {
    let support = &krate.support;
    let method_trait = ident(&support.method_trait);
    let http_method = ident(&support.http_method);
    let response = ident(&support.response);
    let api_error = ident(&support.api_error);
    let error_parameters = ident(&support.error_parameters);
    let input_file = ident(&support.input_file);
    let page = &krate.package.api_name;
    let batch = ident(&support.batch);
    let identified = ident(&support.identified_trait);
    let read_batch_docs = doc_lines(&format!(
        "Reads an answer whose result is a [`{batch}`]: in one pass while every element \
         reads, as a `Vec` would (the common case: a batch costs nothing then), and only \
         when that fails element by element, each cut out as raw JSON first (about a \
         tenth slower)."
    ));
    let into_result_docs = doc_lines(&format!(
        "The result (`None` for a success without one, see\n\
         [`{method_trait}::result_when_absent`]), or the error the API reported.\n\
         The error's description is the answer's `description`, or its `error`\n\
         text (the Telegram Gateway API's field)."
    ));
    let module_docs = inner_doc_lines(&format!(
        "The {page}'s methods: one request type per method.\n\n\
         A request is built with `new` (its required parameters) and chainable setters for the \
         optional ones; [`{method_trait}`] tells its name, HTTP verb and result type. Send it \
         with the client (feature `client`) or with any HTTP stack: serialize it as the JSON \
         body (or as `multipart/form-data` fields when [`{method_trait}::attachments`] or \
         [`{method_trait}::file_parameters`] find files to upload) and read the answer as a [`{response}`]."
    ));
    quote! {
        #module_docs

        use serde::de::DeserializeOwned;
        use serde::{Deserialize, Serialize};

        use crate::types::{#batch, #identified, #input_file};

        /// The HTTP verb a method is called with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #http_method {
            /// `GET`, parameters in the query string.
            Get,
            /// `POST`, parameters in the body.
            Post,
        }

        /// A request of the API: its method name, HTTP verb and result type.
        pub trait #method_trait: Serialize {
            /// The method's name as the API spells it.
            const NAME: &'static str;
            /// The HTTP verb the method is called with.
            const HTTP_METHOD: #http_method;
            /// What `result` holds on success.
            type Output: DeserializeOwned;

            /// Appends the files to upload that this request refers to as
            /// `attach://<name>`, each sent as the `multipart/form-data` part of that name.
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                let _ = out;
            }

            /// Appends the parameters that are files, by name: an upload among them is
            /// sent as the `multipart/form-data` part named after its parameter, instead
            /// of the parameter's text.
            fn file_parameters<'a>(&'a self, out: &mut Vec<(&'static str, &'a #input_file)>) {
                let _ = out;
            }

            /// The result of a success that has no `result`: `Some` for a method that
            /// returns `True` (some servers confirm with `{"ok":true}` alone); `None`
            /// for the others, whose answer without a result is an error.
            fn result_when_absent() -> Option<Self::Output> {
                None
            }

            /// How long the server may hold this request open before answering (a long
            /// poll's `timeout`): a client waits that much longer than usual.
            fn long_poll(&self) -> Option<std::time::Duration> {
                None
            }

            /// Reads an answer to this method (its JSON body) as the envelope.
            fn read_response(body: &[u8]) -> serde_json::Result<#response<Self::Output>> {
                serde_json::from_slice(body)
            }
        }

        /// The answer to every request: `ok` with a `result`, or an error. Fields the
        /// crate does not know are kept in `extra`, like every object's.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct #response<T> {
            /// Whether the request succeeded.
            pub ok: bool,
            /// The result, on success.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub result: Option<T>,
            /// The error's code, on failure.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub error_code: Option<i64>,
            /// A human-readable description of the result or error.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// What the bot can do about an error.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub parameters: Option<#error_parameters>,
            /// Other fields of the answer (the Telegram Gateway API's `error`, say).
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        // Written out: serde's `flatten` would buffer `result` before reading it.
        impl<'de, T: Deserialize<'de>> Deserialize<'de> for #response<T> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor<T>(std::marker::PhantomData<T>);
                impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
                    type Value = #response<T>;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an answer of the API")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut ok = None;
                        let mut result = None;
                        let mut error_code = None;
                        let mut description = None;
                        let mut parameters = None;
                        let mut extra = serde_json::Map::new();
                        while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {
                            match key.as_str() {
                                "ok" => ok = Some(map.next_value()?),
                                "result" => result = map.next_value()?,
                                "error_code" => error_code = map.next_value()?,
                                "description" => description = map.next_value()?,
                                "parameters" => parameters = map.next_value()?,
                                _ => {
                                    extra.insert(key.into_string(), map.next_value()?);
                                }
                            }
                        }
                        Ok(#response {
                            ok: crate::de::required(ok, "ok")?,
                            result,
                            error_code,
                            description,
                            parameters,
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(Visitor(std::marker::PhantomData))
            }
        }

        #read_batch_docs
        pub fn read_batch_response<T: DeserializeOwned + #identified>(
            body: &[u8],
        ) -> serde_json::Result<#response<#batch<T>>> {
            let Ok(answer) = serde_json::from_slice::<#response<Vec<T>>>(body) else {
                return serde_json::from_slice(body);
            };
            Ok(#response {
                ok: answer.ok,
                result: answer.result.map(|items| #batch::from(items.into_iter().map(Ok).collect::<Vec<_>>())),
                error_code: answer.error_code,
                description: answer.description,
                parameters: answer.parameters,
                extra: answer.extra,
            })
        }

        impl<T> #response<T> {
            #into_result_docs
            pub fn into_result(self) -> Result<Option<T>, #api_error> {
                if self.ok {
                    return Ok(self.result);
                }
                let mut extra = self.extra;
                let description = self.description.or_else(|| match extra.remove("error") {
                    Some(serde_json::Value::String(text)) => Some(text),
                    Some(other) => {
                        extra.insert("error".to_owned(), other);
                        None
                    }
                    None => None,
                });
                Err(#api_error {
                    error_code: self.error_code.unwrap_or_default(),
                    description: description
                        .unwrap_or_else(|| "the request failed without a description".to_owned()),
                    parameters: self.parameters,
                    http_status: None,
                    extra,
                })
            }
        }

        /// An error reported by the API (`ok: false`).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #api_error {
            /// The error's code (HTTP-like: 400, 403, 429, …); 0 when the answer had none
            /// (see `http_status`).
            pub error_code: i64,
            /// A human-readable description.
            pub description: String,
            /// What the bot can do about it: wait, or use another chat id.
            pub parameters: Option<#error_parameters>,
            /// The HTTP status of the answer, when it came over HTTP (a client sets it).
            pub http_status: Option<u16>,
            /// Other fields of the answer.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl #api_error {
            /// Seconds to wait before repeating the request (flood control).
            pub fn retry_after(&self) -> Option<i64> {
                self.parameters.as_ref()?.retry_after
            }

            /// The chat's new id, when a group was migrated to a supergroup.
            pub fn migrate_to_chat_id(&self) -> Option<i64> {
                self.parameters.as_ref()?.migrate_to_chat_id
            }
        }

        impl std::fmt::Display for #api_error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.http_status {
                    Some(status) if i64::from(status) != self.error_code => {
                        write!(f, "error {} (HTTP {status}): {}", self.error_code, self.description)
                    }
                    _ => write!(f, "error {}: {}", self.error_code, self.description),
                }
            }
        }

        impl std::error::Error for #api_error {}

        /// The `parameters` of an error: what the bot can do to succeed.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #error_parameters {
            /// The group has been migrated to a supergroup with this id.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub migrate_to_chat_id: Option<i64>,
            /// Seconds left to wait before the request can be repeated.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub retry_after: Option<i64>,
            /// Other fields, kept like every object's.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    }
}
