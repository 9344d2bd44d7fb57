//! Request types, the `Method` trait and the response envelope → `src/methods/`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::files::Imports;
use super::types::{attachment_calls, constructor, constructor_params, fields};
use super::{doc_lines, ident, inner_doc_lines, item_docs, runtime, ty, Writer};
use crate::ir::{Crate, HttpMethod, Protocol, Request, Ty};

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
    let item = |(krate, request)| {
        let item = request_item(krate, request);
        let setters = setters_trait(krate, request);
        let calls =
            (krate.api.protocol == Protocol::Http).then(|| super::client::calls(krate, request));
        quote! { #item #setters #calls }
    };
    super::files::emit(
        out,
        "methods",
        entries,
        imports,
        item,
        move || match krate.api.protocol {
            Protocol::Http => common_items(krate),
            Protocol::TdJson => super::tdjson::methods_common(krate),
        },
    );
    if krate.api.protocol == Protocol::Http {
        out.rust("src/prelude.rs", move || prelude(krate));
    }
}

/// What every file of requests starts with.
fn prologue() -> TokenStream {
    quote! {
        use serde::Serialize;
    }
}

/// The names `crate::methods` defines beside the requests, which requests use.
fn methods_names(krate: &Crate) -> BTreeSet<String> {
    let runtime = &krate.runtime;
    let mut names = BTreeSet::from([runtime.method_trait.clone()]);
    if krate.api.protocol == Protocol::Http {
        names.extend([
            runtime.http_method.clone(),
            runtime.response.clone(),
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
                let true_type = ident(&krate.runtime.true_type);
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
