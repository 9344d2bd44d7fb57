//! Request types, the `Method` trait and the response envelope → `src/methods/`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{attachment_calls, constructor, constructor_params, fields};
use super::{group_modules, group_of, ident, inner_doc_lines, item_docs, ty, Writer};
use crate::ir::{Crate, Request};
use crate::spec::{HttpMethod, Protocol};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    let mut groups: BTreeMap<String, Vec<&Request>> = BTreeMap::new();
    for request in &krate.requests {
        groups
            .entry(group_of(&request.rust_name))
            .or_default()
            .push(request);
    }
    let names: Vec<String> = groups.keys().cloned().collect();
    for (group, requests) in groups {
        out.rust(&format!("src/methods/{group}.rs"), move || {
            let items = requests.into_iter().map(|r| request_item(krate, r));
            quote! {
                use serde::Serialize;
                #[allow(unused_imports)]
                use super::*;
                #[allow(unused_imports)]
                use crate::types::*;
                #(#items)*
            }
        });
    }
    out.rust("src/methods/mod.rs", move || {
        let modules = group_modules(&names);
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
    let fields = fields(krate, &request.params);
    let manual_default = request.params.iter().any(|f| f.presence.is_constant());
    let derive_default = constructor_params(&request.params).is_empty() && !manual_default;
    let default = derive_default.then(|| quote!(Default,));
    let constructor = constructor(krate, &name, &request.params, None, !derive_default);
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
    let attachments = request.carries_files.then(|| {
        let file = ident(&krate.support.input_file);
        let calls = attachment_calls(&request.params);
        quote! {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #file>) {
                #(#calls)*
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
            #attachments
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
    let module_docs = inner_doc_lines(&format!(
        "The {page}'s methods: one request type per method.\n\n\
         A request is built with `new` (its required parameters) and chainable setters for the \
         optional ones; [`{method_trait}`] tells its name, HTTP verb and result type. Send it \
         with the client (feature `client`) or with any HTTP stack: serialize it as the JSON \
         body (or as `multipart/form-data` fields when [`{method_trait}::attachments`] finds \
         files to upload) and read the answer as a [`{response}`]."
    ));
    quote! {
        #module_docs

        use serde::de::DeserializeOwned;
        use serde::{Deserialize, Serialize};

        use crate::types::#input_file;

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

            /// Appends the files this request uploads; a request with any is sent as
            /// `multipart/form-data`.
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                let _ = out;
            }
        }

        /// The answer to every request: `ok` with a `result`, or an error.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        }

        impl<T: serde::de::DeserializeOwned> #response<T> {
            /// The result, or the error the API reported. A success without a result
            /// (missing or `null`) confirms a method that returns `True`.
            pub fn into_result(self) -> Result<T, #api_error> {
                let confirmed = (self.ok && self.result.is_none())
                    .then(|| T::deserialize(serde_json::Value::Bool(true)).ok())
                    .flatten();
                match (self.ok, self.result.or(confirmed)) {
                    (true, Some(result)) => Ok(result),
                    (ok, _) => Err(#api_error {
                        error_code: self.error_code.unwrap_or_default(),
                        description: self.description.unwrap_or_else(|| {
                            if ok {
                                "the response has no result".to_owned()
                            } else {
                                "the request failed without a description".to_owned()
                            }
                        }),
                        parameters: self.parameters,
                    }),
                }
            }
        }

        /// An error reported by the API (`ok: false`).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #api_error {
            /// The error's code (HTTP-like: 400, 403, 429, …); 0 when the answer had none.
            pub error_code: i64,
            /// A human-readable description.
            pub description: String,
            /// What the bot can do about it: wait, or use another chat id.
            pub parameters: Option<#error_parameters>,
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
                write!(f, "error {}: {}", self.error_code, self.description)
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
        }
    }
}
