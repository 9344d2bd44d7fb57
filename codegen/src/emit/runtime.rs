//! The runtime every crate holds → `src/runtime/`: the files of `codegen/runtime/src/`,
//! copied verbatim (their own crate compiles and tests them; see its docs for why they
//! are copied rather than depended on). The generator only chooses which files a crate
//! gets, writes the module that declares them, and re-exports their public items at
//! the crate's own paths (`types::InputFile`, `methods::Method`, `client::Bot`).
//!
//! A file needing a feature of the crate (the HTTP client's `client`, the `libtdjson`
//! transport's `tdjson`) says so itself, with `#![cfg(feature = "…")]` at its top: the
//! runtime crate has features of the same names, so the condition means the same in
//! both places, and the module declarations written here stay unconditional.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Writer};
use crate::ir::{ApiFacts, Protocol};

/// A file of the runtime: its module name under `src/runtime/`, its text, and whether
/// a crate gets it.
struct RuntimeFile {
    module: &'static str,
    text: &'static str,
    wanted: fn(&ApiFacts) -> bool,
}

/// Every runtime file. A new one is added here and to the runtime crate's `lib.rs`.
const FILES: &[RuntimeFile] = &[
    RuntimeFile {
        module: "de",
        text: include_str!("../../runtime/src/de.rs"),
        wanted: |_| true,
    },
    RuntimeFile {
        module: "values",
        text: include_str!("../../runtime/src/values.rs"),
        wanted: |api| api.protocol == Protocol::Http,
    },
    RuntimeFile {
        module: "batch",
        text: include_str!("../../runtime/src/batch.rs"),
        wanted: |api| api.protocol == Protocol::Http,
    },
    RuntimeFile {
        module: "envelope",
        text: include_str!("../../runtime/src/envelope.rs"),
        wanted: |api| api.protocol == Protocol::Http,
    },
    // The client: its module in the crate is behind the `client` feature, and so is the
    // file's content (`#![cfg(feature = "client")]` at its top), a condition that holds
    // in the runtime crate as in every generated one.
    RuntimeFile {
        module: "http_client",
        text: include_str!("../../runtime/src/http_client.rs"),
        wanted: |api| api.protocol == Protocol::Http,
    },
    RuntimeFile {
        module: "http_download",
        text: include_str!("../../runtime/src/http_download.rs"),
        wanted: |api| api.protocol == Protocol::Http && api.file_url.is_some(),
    },
    RuntimeFile {
        module: "tdjson_values",
        text: include_str!("../../runtime/src/tdjson_values.rs"),
        wanted: |api| api.protocol == Protocol::TdJson,
    },
    RuntimeFile {
        module: "tdjson_client",
        text: include_str!("../../runtime/src/tdjson_client.rs"),
        wanted: |api| api.protocol == Protocol::TdJson,
    },
    // Behind the `tdjson` feature, by the file's own `#![cfg]`, like the client's.
    RuntimeFile {
        module: "libtdjson",
        text: include_str!("../../runtime/src/libtdjson.rs"),
        wanted: |api| api.protocol == Protocol::TdJson,
    },
    RuntimeFile {
        module: "constant_time",
        text: include_str!("../../runtime/src/constant_time.rs"),
        wanted: ApiFacts::has_webhook_checks,
    },
    RuntimeFile {
        module: "signing",
        text: include_str!("../../runtime/src/signing.rs"),
        wanted: |api| api.init_data_key.is_some() || api.report_signature.is_some(),
    },
    RuntimeFile {
        module: "init_data",
        text: include_str!("../../runtime/src/init_data.rs"),
        wanted: |api| api.init_data_key.is_some(),
    },
    RuntimeFile {
        module: "report",
        text: include_str!("../../runtime/src/report.rs"),
        wanted: |api| api.report_signature.is_some(),
    },
];

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    let files = files_for(&krate.api);
    for file in &files {
        let body = format!(
            "// A copy of `codegen/runtime/src/{}.rs`, where it is tested.\n{}",
            file.module, file.text
        );
        out.text(&format!("src/runtime/{}.rs", file.module), "//", "", &body);
    }
    let modules: Vec<&'static str> = files.iter().map(|file| file.module).collect();
    out.rust("src/runtime/mod.rs", move || runtime_module(&modules));
}

/// The runtime files of a crate with these facts.
fn files_for(api: &ApiFacts) -> Vec<&'static RuntimeFile> {
    FILES.iter().filter(|file| (file.wanted)(api)).collect()
}

fn runtime_module(modules: &[&str]) -> TokenStream {
    let modules = modules.iter().map(|module| format_ident!("{module}"));
    quote! {
        //! The runtime the generated items build on: the same files in every generated
        //! crate, copied from `codegen/runtime/src/` (where they are tested). Their
        //! public items are re-exported where a reader looks for them (`types`,
        //! `methods`, `client`).

        #(
            #[rustfmt::skip]
            pub(crate) mod #modules;
        )*
    }
}

/// `pub use crate::runtime::<module>::{…};` for runtime items, each under the name the
/// crate gives it (`(runtime name, crate name)`; they differ only when the API has an
/// item of the runtime's name).
pub(super) fn reexport(module: &str, items: &[(&str, &str)]) -> TokenStream {
    let module = ident(module);
    let items = items.iter().map(|(runtime, public)| {
        let runtime = ident(runtime);
        if runtime == public {
            quote!(#runtime)
        } else {
            let public = ident(public);
            quote!(#runtime as #public)
        }
    });
    quote! { pub use crate::runtime::#module::{#(#items),*}; }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, ReportSignature, UploadForm};

    fn facts(protocol: Protocol) -> ApiFacts {
        ApiFacts {
            request_url: String::new(),
            file_url: None,
            auth: Auth::None,
            webhook_secret_header: None,
            init_data_key: None,
            upload_form: UploadForm::Attach,
            init_data_type: None,
            report_signature: None,
            protocol,
        }
    }

    fn modules(api: &ApiFacts) -> Vec<&'static str> {
        files_for(api).iter().map(|file| file.module).collect()
    }

    #[test]
    fn a_crate_gets_the_files_its_facts_call_for() {
        let http = facts(Protocol::Http);
        assert_eq!(
            modules(&http),
            ["de", "values", "batch", "envelope", "http_client"]
        );
        let downloads = ApiFacts {
            file_url: Some("https://example.com/file/{token}/{file_path}".into()),
            ..http.clone()
        };
        assert_eq!(modules(&downloads)[4..], ["http_client", "http_download"]);
        assert_eq!(
            modules(&facts(Protocol::TdJson)),
            ["de", "tdjson_values", "tdjson_client", "libtdjson"]
        );
        let secret = ApiFacts {
            webhook_secret_header: Some("X-Secret".into()),
            ..http.clone()
        };
        assert_eq!(modules(&secret)[5..], ["constant_time"]);
        let init_data = ApiFacts {
            init_data_key: Some("WebAppData".into()),
            ..secret
        };
        assert_eq!(
            modules(&init_data)[5..],
            ["constant_time", "signing", "init_data"]
        );
        let reports = ApiFacts {
            report_signature: Some(ReportSignature {
                timestamp_header: "T".into(),
                signature_header: "S".into(),
                data_check_string: "{body}".into(),
            }),
            ..http
        };
        assert_eq!(
            modules(&reports)[5..],
            ["constant_time", "signing", "report"]
        );
    }

    /// A file added to the runtime crate but not here would be tested and never copied.
    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
            .filter(|module| module != "lib")
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = FILES.iter().map(|file| file.module).collect();
        listed.sort_unstable();
        assert_eq!(on_disk, listed);
    }

    /// Runtime files compile in two crates: they may name each other (`super::`) but
    /// no path of the crate they are in.
    #[test]
    fn runtime_files_name_no_crate_path() {
        for file in FILES {
            assert!(
                !file.text.contains("crate::"),
                "{}.rs names a `crate::` path",
                file.module
            );
        }
    }
}
