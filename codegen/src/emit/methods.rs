//! Request types, the `Method` trait and the response envelope → `src/methods/`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{attachment_calls, constructor, constructor_params, fields};
use super::{group_modules, group_of, ident, inner_doc_lines, item_docs, runtime, ty, Writer};
use crate::ir::{Crate, HttpMethod, Protocol, Request, Ty};

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
    let enum_name = ident(&krate.runtime.http_method);
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
    let constructor = constructor(krate, &name, &request.params, None, None, !derive_default);
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
    let method_trait = ident(&krate.runtime.method_trait);
    let http_method = ident(&krate.runtime.http_method);
    let api_name = &request.api_name;
    let verb = verb(krate, request.http_method);
    let output = ty(krate, &request.output);
    let confirms = request.confirms_without_result.then(|| {
        let true_type = ident(&krate.runtime.true_type);
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
            let response = ident(&krate.runtime.response);
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
        let file = ident(&krate.runtime.input_file);
        let calls = attachment_calls(&request.params);
        quote! {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #file>) {
                #(#calls)*
            }
        }
    });
    let file_parameters = (!request.file_params.is_empty()).then(|| {
        let file = ident(&krate.runtime.input_file);
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
/// The module's docs and the runtime's items every request of an HTTP API shares (the
/// `Method` trait, the response envelope, the API's errors), re-exported here.
fn common_items(krate: &Crate) -> TokenStream {
    let names = &krate.runtime;
    let method_trait = &names.method_trait;
    let response = &names.response;
    let page = &krate.package.api_name;
    let module_docs = inner_doc_lines(&format!(
        "The {page}'s methods: one request type per method.\n\n\
         A request is built with `new` (its required parameters) and chainable setters for the \
         optional ones; [`{method_trait}`] tells its name, HTTP verb and result type. Send it \
         with the client (feature `client`) or with any HTTP stack: serialize it as the JSON \
         body (or as `multipart/form-data` fields when [`{method_trait}::attachments`] or \
         [`{method_trait}::file_parameters`] find files to upload) and read the answer as a [`{response}`]."
    ));
    let items = runtime::reexport(
        "envelope",
        &[
            ("HttpMethod", &names.http_method),
            ("Method", method_trait),
            ("Response", response),
            ("ApiError", &names.api_error),
            ("ErrorParameters", &names.error_parameters),
            ("read_batch_response", "read_batch_response"),
        ],
    );
    quote! {
        #module_docs

        #items
    }
}
