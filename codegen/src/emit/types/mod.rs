//! Object types, unions and value enums → `src/types/`: the module tree and the
//! vacant values here; objects (`objects.rs`), unions (`unions.rs`) and value enums
//! (`enums.rs`) each in their own file.

mod enums;
mod objects;
mod unions;

pub(super) use objects::{attachment_calls, constructor, constructor_params, fields};
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use self::enums::{int_enum, value_enum};
use self::objects::object;
use self::unions::union;
use super::files::Imports;
use super::{ident, inner_doc_lines, item_docs, runtime, ty, Writer};
use crate::ir::{Crate, Field, Item, Opaque, Presence, Protocol, Struct, Ty};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    let vacant = vacant_types(krate);
    let entries = krate.items.iter().map(|item| {
        let needs_vacant = vacant.contains(item.rust_name());
        (item.place(), item.rust_name(), (krate, item, needs_vacant))
    });
    let imports = Imports {
        prologue,
        modules: vec![("crate::types", exported_names(krate))],
        trait_methods: trait_methods(krate),
    };
    super::files::emit(
        out,
        "types",
        entries,
        imports,
        |(krate, item, vacant)| item_tokens(krate, item, vacant),
        move || types_module(krate),
    );
}

/// What every file of items starts with.
fn prologue() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};
    }
}

/// The names `crate::types` exports: every item's and the runtime items'.
pub(super) fn exported_names(krate: &Crate) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = (krate.items.iter())
        .map(|item| item.rust_name().to_owned())
        .collect();
    for (_, items) in runtime_items(krate) {
        names.extend(items.into_iter().map(|(_, name)| name.to_owned()));
    }
    names
}

/// The methods of the runtime traits that items call.
pub(super) fn trait_methods(krate: &Crate) -> Vec<(String, String)> {
    match krate.api.protocol {
        Protocol::Http => vec![(
            "attachments".to_owned(),
            krate.runtime.attachments_trait.clone(),
        )],
        Protocol::TdJson => Vec::new(),
    }
}

/// The runtime items `types` re-exports, by the runtime module they are in: `(runtime
/// name, crate name)` of each.
fn runtime_items(krate: &Crate) -> Vec<(&'static str, Vec<(&'static str, &str)>)> {
    let names = &krate.runtime;
    match krate.api.protocol {
        Protocol::Http => vec![
            (
                "values",
                vec![
                    ("True", names.true_type.as_str()),
                    ("InputFile", names.input_file.as_str()),
                    ("Attachments", names.attachments_trait.as_str()),
                ],
            ),
            (
                "batch",
                vec![
                    ("Batch", names.batch.as_str()),
                    ("ItemError", names.item_error.as_str()),
                    ("Identified", names.identified_trait.as_str()),
                ],
            ),
        ],
        Protocol::TdJson => vec![(
            "tdjson_values",
            vec![
                ("Int64", names.int64.as_str()),
                ("Bytes", names.bytes.as_str()),
            ],
        )],
    }
}

/// `vacant`: the item needs a vacant value (see [`vacant_types`]).
fn item_tokens(krate: &Crate, item: &Item, vacant: bool) -> TokenStream {
    let tokens = match item {
        Item::Struct(s) => object(krate, s),
        Item::Union(u) => union(krate, u),
        Item::Enum(e) => value_enum(e),
        Item::IntEnum(e) => int_enum(krate, e),
        Item::Opaque(o) => opaque(krate, o),
    };
    let vacant = vacant.then(|| vacant_impl(krate, item));
    quote! { #tokens #vacant }
}

/// The generated types whose vacant value (what an absent required field reads as)
/// some struct's reader may need: the types of the required fields that may be
/// absent, and, to build those, of their own required fields and of the first
/// variant of a union without an unknown variant. Lists are vacant when empty, so
/// their elements' types are not needed.
fn vacant_types(krate: &Crate) -> std::collections::BTreeSet<String> {
    fn named(ty: &Ty) -> Option<&str> {
        match ty.unboxed() {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }
    let items: BTreeMap<&str, &Item> = krate
        .items
        .iter()
        .map(|item| (item.rust_name(), item))
        .collect();
    let mut needed = std::collections::BTreeSet::new();
    let mut pending: Vec<&str> = krate
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| s.fields.iter().filter(|f| f.default_when_missing))
        .filter_map(|f| named(&f.ty))
        .collect();
    while let Some(name) = pending.pop() {
        if !needed.insert(name.to_owned()) {
            continue;
        }
        match items.get(name) {
            Some(Item::Struct(s)) => pending.extend(
                (s.fields.iter())
                    .filter(|f| f.presence == Presence::Required)
                    .filter_map(|f| named(&f.ty)),
            ),
            Some(Item::Union(u)) if u.unknown.is_none() => {
                pending.extend(u.variants.first().and_then(|v| named(&v.ty)));
            }
            _ => {}
        }
    }
    needed
}

/// The value a field starts with whatever the caller gives: `None`, its constant or
/// `True`; `None` for a required field, whose value comes from elsewhere.
fn fixed_value(krate: &Crate, f: &Field) -> Option<TokenStream> {
    Some(match &f.presence {
        Presence::Required => return None,
        Presence::Optional => quote!(None),
        Presence::Constant(value) => quote!(#value.to_owned()),
        Presence::ConstantInt(value) => {
            let value_ty = ty(krate, f.ty.unboxed());
            quote!(#value_ty::from(#value))
        }
        Presence::AlwaysTrue => {
            let true_type = ident(&krate.runtime.true_type);
            quote!(#true_type)
        }
    })
}

/// `impl Vacant for X`: the value an absent required field of type `X` reads as. An
/// object's required fields are vacant and recorded as absent (so that it writes
/// back as `{}`), its optional ones unset; an enumeration is what it reads from `""`
/// or `0` (the unknown variant, unless a value is spelled so); a union is its unknown
/// variant holding `null`, or else its first variant's vacant value.
fn vacant_impl(krate: &Crate, item: &Item) -> TokenStream {
    let name = ident(item.rust_name());
    let value = match item {
        Item::Struct(s) => {
            let inits = s.fields.iter().map(|f| {
                let field = ident(&f.rust_name);
                let value = fixed_value(krate, f)
                    .unwrap_or_else(|| quote!(crate::runtime::de::Vacant::vacant()));
                quote! { #field: #value }
            });
            let extra = s.extra.as_ref().map(|extra| {
                let extra = ident(extra);
                quote! { #extra: serde_json::Map::new(), }
            });
            let absent = has_absent(s).then(|| {
                let absent = ident(&s.absent);
                let count = s.fields.iter().filter(|f| f.default_when_missing).count();
                let count = proc_macro2::Literal::usize_unsuffixed(count);
                quote! { #absent: crate::runtime::de::Absent::all(#count), }
            });
            quote! { Self { #(#inits,)* #extra #absent } }
        }
        Item::Union(u) => match (&u.unknown, u.variants.first()) {
            (Some(unknown), _) => {
                let unknown = ident(unknown);
                quote! { Self::#unknown(serde_json::Value::Null) }
            }
            (None, Some(first)) => {
                let variant = ident(&first.rust_name);
                quote! { Self::#variant(crate::runtime::de::Vacant::vacant()) }
            }
            (None, None) => return quote! {},
        },
        Item::Enum(_) => quote! { Self::from("") },
        Item::IntEnum(_) => quote! { Self::from(0) },
        Item::Opaque(_) => quote! { Self(serde_json::Value::Null) },
    };
    quote! {
        impl crate::runtime::de::Vacant for #name {
            fn vacant() -> Self {
                #value
            }
        }
    }
}

/// The struct has required fields a payload may lack, and so the record of those it
/// lacked.
fn has_absent(s: &Struct) -> bool {
    s.fields.iter().any(|f| f.default_when_missing)
}

/// The bit of each field in the record of absent fields (its place among the
/// required fields a payload may lack), `None` for the others.
fn absent_bits(fields: &[Field]) -> Vec<Option<proc_macro2::Literal>> {
    let mut next = 0;
    fields
        .iter()
        .map(|f| {
            f.default_when_missing.then(|| {
                next += 1;
                proc_macro2::Literal::u32_unsuffixed(next - 1)
            })
        })
        .collect()
}

/// The head of `types/mod.rs`: docs and the runtime items (the module tree follows).
fn types_module(krate: &Crate) -> TokenStream {
    let runtime_items =
        (runtime_items(krate).into_iter()).map(|(module, items)| runtime::reexport(module, &items));
    let page = &krate.package.api_name;
    let docs = inner_doc_lines(&format!(
        "The {page}'s types, each under the page's own name.\n\n\
         Objects are structs with public fields: build one with `new` (its required fields) \
         and chainable setters for the optional ones. Unions are enums; values from a newer \
         API that this version does not know are kept in their `Unknown` variant instead of \
         failing the whole payload. A required field that a payload lacks reads as a vacant \
         value and is not written back (see the crate's docs and each object's \
         `absent_fields`)."
    ));
    quote! {
        #docs
        #(#runtime_items)*
    }
}

fn opaque(krate: &Crate, o: &Opaque) -> TokenStream {
    let name = ident(&o.rust_name);
    let docs = item_docs(&o.docs, &o.api_name, &krate.package.api_name);
    quote! {
        #docs
        ///
        /// The page does not describe this type: it is kept as raw JSON.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub serde_json::Value);
    }
}

/// A type as text, for docs.
pub(super) fn type_text(krate: &Crate, t: &Ty) -> String {
    ty(krate, t).to_string().replace(' ', "")
}
