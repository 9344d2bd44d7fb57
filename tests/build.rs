//! Writes the payload tests' dispatch table, from type name to generated type, for every
//! object and union of the committed Telegram spec (`$OUT_DIR/telegram_dispatch.rs`).

use std::path::Path;

use codegen::ir::{self, Item, Settings};
use quote::{format_ident, quote};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace root");
    let spec_path = root.join("spec/telegram.yaml");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    let spec = codegen::spec::yaml::load(&spec_path).unwrap_or_else(|e| panic!("{e}"));
    let krate = ir::build(&spec, &Settings::new("spec/telegram.yaml"))
        .unwrap_or_else(|diags| panic!("{diags}"));
    let arms = krate.items.iter().filter_map(|item| {
        let (api, rust) = match item {
            Item::Struct(s) => (s.api_name.clone(), &s.rust_name),
            Item::Union(u) => (u.api_name.clone()?, &u.rust_name),
            Item::Opaque(o) => (o.api_name.clone(), &o.rust_name),
            Item::IntEnum(e) => (e.api_name.clone(), &e.rust_name),
            Item::Enum(_) => return None,
        };
        let rust = format_ident!("{}", rust);
        let array = format!("{api}[]");
        Some(quote! {
            #api => Some(roundtrip::<telegram_bot_api::types::#rust>(value)),
            #array => Some(roundtrip::<Vec<telegram_bot_api::types::#rust>>(value)),
        })
    });
    let tokens = quote! {
        /// Deserializes `value` as the generated type of the spec type `name` (`Message`,
        /// `Update[]`) and serializes it back; `None` for a name the spec does not define.
        pub fn roundtrip_named(name: &str, value: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match name {
                #(#arms)*
                _ => None,
            }
        }
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("telegram_dispatch.rs");
    std::fs::write(&out, tokens.to_string()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
