//! The async client behind the `client` feature → `src/client/mod.rs`. The client
//! itself (`Bot`, its error, sending JSON and multipart requests, `Call`, downloads) is
//! the runtime's `http_client.rs` and `http_download.rs`, ordinary Rust tested in
//! `codegen/runtime`; what is written here is what differs per API: the values the
//! runtime is given (request and file URLs, where the token travels), the public
//! constructors that give them, the docs and examples. The convenience function of each
//! method (`Bot::send_message`) goes with its request, in the request's file
//! ([`calls`]).

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

/// `src/client/mod.rs`: the runtime's client (`http_client.rs`, and `http_download.rs`
/// when the API serves files) re-exported, with what is the API's own: its URLs and
/// where the token travels (the runtime's `Api` value that `Bot` is made with), the
/// constructors that use them, and the docs.
fn client_module(krate: &Crate) -> TokenStream {
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
    let (auth, auth_doc) = match krate.api.auth {
        Auth::UrlPath => (
            quote!(UrlPath),
            "The token is put into the request URL at `{token}`.",
        ),
        Auth::BearerHeader => (
            quote!(BearerHeader),
            "The token is sent in an `Authorization: Bearer` header.",
        ),
        Auth::None => (quote!(None), "The API takes no token."),
    };
    let mut bot_docs =
        format!("A bot of the {page}: its token, the API's URL and an HTTP client. {auth_doc}");
    if let Some(example) = example(krate) {
        bot_docs.push_str(&format!("\n\n```no_run\n{example}```"));
    }
    let bot_docs = doc_lines(&bot_docs);
    let (file_url, file_reexport, file_const) = match &krate.api.file_url {
        Some(url) => (
            quote!(Some(DEFAULT_FILE_URL)),
            quote!(
                pub use crate::runtime::http_download::FileUrl;
            ),
            quote! {
                /// The API's file download URL: `{token}` and `{file_path}` are replaced.
                pub const DEFAULT_FILE_URL: &str = #url;
            },
        ),
        None => (quote!(None), quote!(), quote!()),
    };
    quote! {
        #module_docs

        use crate::runtime::http_client::{Api, Auth};

        #bot_docs
        pub use crate::runtime::http_client::Bot;
        pub use crate::runtime::http_client::{decode, multipart_form, Call, Error, DEFAULT_TIMEOUT, USER_AGENT};
        #file_reexport

        /// The API's request URL: `{token}` and `{method}` are replaced for each request.
        pub const DEFAULT_API_URL: &str = #request_url;

        #file_const

        /// What the client knows of the API beyond its methods.
        const API: Api = Api {
            request_url: DEFAULT_API_URL,
            file_url: #file_url,
            auth: Auth::#auth,
        };

        impl Bot {
            /// A bot with this token, the API's URL and a new HTTP client that sends
            /// [`USER_AGENT`].
            pub fn new(token: impl Into<String>) -> Self {
                Self::with_client(token, crate::runtime::http_client::http_client())
            }

            /// A bot with this token and HTTP client (proxies, headers, … are the
            /// client's settings; the time limit of each request is the bot's, see
            /// [`Bot::with_timeout`]).
            pub fn with_client(token: impl Into<String>, http: reqwest::Client) -> Self {
                Self::for_api(&API, token.into(), http)
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
