//! Object types, unions and value enums → `src/types/`.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{doc_lines, ident, inner_doc_lines, item_docs, ty, Writer};
use crate::ir::{
    Crate, Field, IntEnum, Item, Opaque, Presence, Struct, Ty, Union, UnionKind, ValueEnum,
};
use crate::spec::Protocol;

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    let vacant = vacant_types(krate);
    let entries = krate.items.iter().map(|item| {
        let needs_vacant = vacant.contains(item.rust_name());
        (item.place(), (krate, item, needs_vacant))
    });
    let modules = super::files::emit(out, "types", entries, imports, |(krate, item, vacant)| {
        item_tokens(krate, item, vacant)
    });
    out.rust("src/types/mod.rs", move || types_module(krate, &modules));
}

/// What every file of items starts with.
fn imports() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};
        #[allow(unused_imports)]
        use crate::types::*;
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
            let true_type = ident(&krate.support.true_type);
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
                let value =
                    fixed_value(krate, f).unwrap_or_else(|| quote!(crate::de::Vacant::vacant()));
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
                quote! { #absent: crate::de::Absent::all(#count), }
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
                quote! { Self::#variant(crate::de::Vacant::vacant()) }
            }
            (None, None) => return quote! {},
        },
        Item::Enum(_) => quote! { Self::from("") },
        Item::IntEnum(_) => quote! { Self::from(0) },
        Item::Opaque(_) => quote! { Self(serde_json::Value::Null) },
    };
    quote! {
        impl crate::de::Vacant for #name {
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

/// `types/mod.rs`: docs, the modules of the groups and items, the support items.
fn types_module(krate: &Crate, modules: &[&str]) -> TokenStream {
    let modules = super::files::modules_tokens(modules);
    let support_names: Vec<Ident> = match krate.api.protocol {
        Protocol::Http => [
            &krate.support.true_type,
            &krate.support.input_file,
            &krate.support.attachments_trait,
            &krate.support.batch,
            &krate.support.item_error,
            &krate.support.identified_trait,
        ]
        .map(|n| ident(n))
        .into(),
        Protocol::TdJson => super::tdjson::support_items(krate)
            .1
            .iter()
            .map(|n| ident(n))
            .collect(),
    };
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
        #modules
        #[rustfmt::skip]
        mod support;
        pub use self::support::{#(#support_names),*};
    }
}

fn object(krate: &Crate, s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = item_docs(&s.docs, &s.api_name, &krate.package.api_name);
    let derive_default = constructor_params(&s.fields).is_empty()
        && !s.fields.iter().any(|f| f.presence.is_constant());
    let default = derive_default.then(|| quote!(Default,));
    let mut fields = fields(krate, &s.fields, false);
    if let Some(extra) = &s.extra {
        let extra = ident(extra);
        fields.push(quote! {
            /// Fields of the payload that this version of the crate does not know (from a
            /// newer API), kept so that serializing the value writes them back.
            pub #extra: serde_json::Map<String, serde_json::Value>,
        });
    }
    let record = has_absent(s).then_some(s.absent.as_str());
    if let Some(absent) = record {
        let absent = ident(absent);
        fields.push(quote! {
            // The required fields the payload lacked: not written back.
            #absent: crate::de::Absent,
        });
    }
    let constructor = constructor(
        krate,
        &name,
        &s.fields,
        s.extra.as_deref(),
        Some(record),
        !derive_default,
        true,
    );
    let attachments = s.carries_files.then(|| {
        let trait_name = ident(&krate.support.attachments_trait);
        let file = ident(&krate.support.input_file);
        let calls = attachment_calls(&s.fields);
        quote! {
            impl #trait_name for #name {
                fn attachments<'a>(&'a self, out: &mut Vec<&'a #file>) {
                    #(#calls)*
                }
            }
        }
    });
    let serialize = serialize_object(s);
    let deserialize = deserialize_object(s);
    let identified = s.id_field.as_ref().map(|field| {
        let trait_name = ident(&krate.support.identified_trait);
        quote! {
            impl #trait_name for #name {
                const ID_FIELD: &'static str = #field;
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #serialize
        #deserialize
        #constructor
        #attachments
        #identified
    }
}

/// `Serialize` for an object, written out rather than derived: the tag of a union's
/// variant first, then the fields in the page's order (an optional one when set, a
/// required one unless the payload it was read from lacked it and it still holds its
/// vacant value), then the unknown fields kept on reading.
fn serialize_object(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let tag = s.tag.as_ref().map(|(field, value)| {
        quote! { map.serialize_entry(#field, #value)?; }
    });
    let absent = ident(&s.absent);
    let entries = s.fields.iter().zip(absent_bits(&s.fields)).map(|(f, bit)| {
        let field = ident(&f.rust_name);
        let key = &f.api_name;
        match (&f.presence, bit) {
            (Presence::Optional, _) => quote! {
                if let Some(value) = &self.#field {
                    map.serialize_entry(#key, value)?;
                }
            },
            (_, Some(bit)) => quote! {
                if self.#absent.writes(#bit, &self.#field) {
                    map.serialize_entry(#key, &self.#field)?;
                }
            },
            (_, None) => quote! { map.serialize_entry(#key, &self.#field)?; },
        }
    });
    let extra = s.extra.as_ref().map(|extra| {
        let extra = ident(extra);
        quote! {
            for (key, value) in &self.#extra {
                map.serialize_entry(key, value)?;
            }
        }
    });
    let binding = if tag.is_none() && s.fields.is_empty() && extra.is_none() {
        quote!(map)
    } else {
        quote!(mut map)
    };
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let #binding = serializer.serialize_map(None)?;
                #tag
                #(#entries)*
                #extra
                map.end()
            }
        }
    }
}

/// `Deserialize` for an object, written out rather than derived: one pass over the
/// map's keys, unknown keys skipped, missing optional fields `None`. It is several
/// times less code than serde's derive (no field enum, no sequence form, no duplicate
/// checks), which is most of the crate's compile time.
fn deserialize_object(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let local = |f: &Field| format_ident!("field_{}", f.rust_name);
    let declarations = s.fields.iter().map(|f| {
        let local = local(f);
        quote! { let mut #local = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let local = local(f);
        let key = &f.api_name;
        match f.presence {
            Presence::Optional if f.ty == Ty::True => {
                quote! { #key => #local = map.next_value::<crate::de::Flag<_>>()?.0, }
            }
            Presence::Optional => quote! { #key => #local = map.next_value()?, },
            _ => quote! { #key => #local = Some(map.next_value()?), },
        }
    });
    // The record is built in a local of the field's name.
    let absent = ident(&s.absent);
    let inits = s.fields.iter().zip(absent_bits(&s.fields)).map(|(f, bit)| {
        let field = ident(&f.rust_name);
        let local = local(f);
        let key = &f.api_name;
        match (&f.presence, bit) {
            (Presence::Optional, _) => quote! { #field: #local, },
            (_, Some(bit)) => quote! { #field: crate::de::or_vacant(#local, #bit, &mut #absent), },
            (_, None) => quote! { #field: crate::de::required(#local, #key)?, },
        }
    });
    let (absent_declaration, absent_init) = if has_absent(s) {
        (
            quote! { let mut #absent = crate::de::Absent::default(); },
            quote! { #absent, },
        )
    } else {
        (quote! {}, quote! {})
    };
    let expecting = format!("a {} object", s.api_name);
    // The tag is written by serde from the struct's attribute: read past it.
    let tag = s.tag.as_ref().map(|(field, _)| {
        quote! { #field => { map.next_value::<serde::de::IgnoredAny>()?; } }
    });
    let (extra_declaration, unknown, extra_init) = match &s.extra {
        Some(extra) => {
            let extra = ident(extra);
            (
                quote! { let mut #extra = serde_json::Map::new(); },
                quote! { #extra.insert(key.into_string(), map.next_value()?); },
                quote! { #extra, },
            )
        }
        None => (
            quote! {},
            quote! { map.next_value::<serde::de::IgnoredAny>()?; },
            quote! {},
        ),
    };
    let arms: Vec<TokenStream> = arms.chain(tag).collect();
    let read_keys = match (arms.is_empty(), s.extra.is_some()) {
        (true, false) => quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                #unknown
            }
        },
        (true, true) => quote! {
            while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {
                #unknown
            }
        },
        (false, _) => quote! {
            while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => { #unknown }
                }
            }
        },
    };
    map_deserialize(
        &name,
        &expecting,
        quote!(mut map),
        quote! {
            #(#declarations)*
            #extra_declaration
            #read_keys
            #absent_declaration
            Ok(#name { #(#inits)* #extra_init #absent_init })
        },
    )
}

/// `impl Deserialize` for a type read from a JSON object: `body` is the visitor's
/// `visit_map`, with the object bound as `binding` (`map` or `mut map`).
fn map_deserialize(
    name: &Ident,
    expecting: &str,
    binding: TokenStream,
    body: TokenStream,
) -> TokenStream {
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, #binding: A) -> Result<#name, A::Error> {
                        #body
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// `self.x.attachments(out);` for the fields that can carry files.
pub(super) fn attachment_calls(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| f.carries_files)
        .map(|f| {
            let name = ident(&f.rust_name);
            quote! { self.#name.attachments(out); }
        })
        .collect()
}

/// The field declarations of a struct (object or request); `serde`: with the
/// attributes of serde's derive (an object's `Serialize` is written out).
pub(super) fn fields(krate: &Crate, fields: &[Field], serde: bool) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let name = ident(&f.rust_name);
            let docs = doc_lines(&f.docs.text);
            let value = ty(krate, &f.ty);
            if !serde {
                return match f.presence {
                    Presence::Optional => quote! { #docs pub #name: Option<#value>, },
                    _ => quote! { #docs pub #name: #value, },
                };
            }
            let rename = (f.rust_name != f.api_name).then(|| {
                let api = &f.api_name;
                quote! { #[serde(rename = #api)] }
            });
            match f.presence {
                Presence::Optional => quote! {
                    #docs
                    #rename
                    #[serde(skip_serializing_if = "Option::is_none")]
                    pub #name: Option<#value>,
                },
                _ => quote! {
                    #docs
                    #rename
                    pub #name: #value,
                },
            }
        })
        .collect()
}

/// The fields the constructor takes as arguments.
pub(super) fn constructor_params(fields: &[Field]) -> Vec<&Field> {
    fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect()
}

/// `impl X { pub fn new(required…) -> Self; pub fn optional(mut self, …) -> Self … }`,
/// plus `Default` calling `new` when `new` takes nothing and `Default` is not derived.
/// `absent`: for an object, the name of its record of absent required fields, when
/// it has one (a value built here lacks none); every object has `absent_fields`, so
/// that it does not come and go with the object's required fields.
pub(super) fn constructor(
    krate: &Crate,
    name: &proc_macro2::Ident,
    fields: &[Field],
    extra: Option<&str>,
    absent: Option<Option<&str>>,
    manual_default: bool,
    setters: bool,
) -> TokenStream {
    let params = constructor_params(fields);
    let args = params.iter().map(|f| {
        let arg = ident(&f.rust_name);
        let value = ty(krate, f.ty.unboxed());
        quote! { #arg: impl Into<#value> }
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let value = fixed_value(krate, f).unwrap_or_else(|| wrap_box(&f.ty, quote!(#field.into())));
        quote! { #field: #value }
    });
    let extra_init = extra.map(|extra| {
        let extra = ident(extra);
        quote! { #extra: serde_json::Map::new(), }
    });
    let (absent_init, absent_fields) = match absent {
        Some(record) => {
            let (init, names) = match record {
                Some(absent) => {
                    let absent = ident(absent);
                    let keys = fields
                        .iter()
                        .filter(|f| f.default_when_missing)
                        .map(|f| &f.api_name);
                    (
                        Some(quote! { #absent: crate::de::Absent::default(), }),
                        quote! { self.#absent.fields(&[#(#keys),*]) },
                    )
                }
                None => (None, quote! { std::iter::empty() }),
            };
            (
                init,
                Some(quote! {
                    /// The required fields (API names, in the page's order) that the
                    /// payload this value was read from lacked: a payload older than
                    /// the field, say. They read as vacant values (`0`, `false`, `""`,
                    /// an empty list, an enumeration's unknown `""`, a union's unknown
                    /// `null`, an object of vacant fields) and are not written back
                    /// while they hold them. None for a value built in code.
                    pub fn absent_fields(&self) -> impl Iterator<Item = &'static str> {
                        #names
                    }
                }),
            )
        }
        None => (None, None),
    };
    let many = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let new_docs = if params.is_empty() {
        " Creates a value with every optional field unset.".to_owned()
    } else {
        " Creates a value from its required fields; the optional ones start unset.".to_owned()
    };
    let setters = (fields.iter())
        .filter(|_| setters)
        .filter(|f| f.presence == Presence::Optional)
        .map(|f| {
            let field = ident(&f.rust_name);
            if f.ty == Ty::True {
                // An optional `True` is a flag: set it with a `bool`.
                let true_type = ident(&krate.support.true_type);
                let doc = format!(
                    " Sets [`{0}`](Self::{0}): `true` sends it, `false` leaves it out.",
                    f.rust_name
                );
                return quote! {
                    #[doc = #doc]
                    pub fn #field(mut self, value: bool) -> Self {
                        self.#field = value.then_some(#true_type);
                        self
                    }
                };
            }
            let value = ty(krate, f.ty.unboxed());
            let set = wrap_box(&f.ty, quote!(value.into()));
            let doc = format!(" Sets [`{0}`](Self::{0}).", f.rust_name);
            quote! {
                #[doc = #doc]
                pub fn #field(mut self, value: impl Into<#value>) -> Self {
                    self.#field = Some(#set);
                    self
                }
            }
        });
    let default = (manual_default && params.is_empty()).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #new_docs]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra_init #absent_init }
            }
            #absent_fields
            #(#setters)*
        }
        #default
    }
}

fn wrap_box(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::Box(_) => quote!(Box::new(#value)),
        _ => value,
    }
}

fn union(krate: &Crate, u: &Union) -> TokenStream {
    let name = ident(&u.rust_name);
    let api_name = u.api_name.as_deref().unwrap_or(&u.rust_name);
    let docs = item_docs(&u.docs, api_name, &krate.package.api_name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = ty(krate, &v.ty);
        let doc = match v.ty.unboxed() {
            Ty::Named(target) => format!(" {} [`{target}`].", article(target)),
            _ => format!(" A value of type `{}`.", type_text(krate, &v.ty)),
        };
        quote! { #[doc = #doc] #variant(#value), }
    });
    let unknown = u.unknown.as_ref().map(|unknown| {
        let unknown = ident(unknown);
        quote! {
            /// A value this version of the crate does not know (from a newer API), kept as is.
            #unknown(serde_json::Value),
        }
    });
    let (derive, deserialize) = match &u.kind {
        UnionKind::Untagged => (quote!(Serialize, Deserialize), None),
        UnionKind::Tagged { field, default } => (
            quote!(Serialize),
            Some(tagged_deserialize(u, field, default.as_deref())),
        ),
    };
    let froms = u.variants.iter().filter(|v| v.from_impl).map(|v| {
        let variant = ident(&v.rust_name);
        let value = ty(krate, v.ty.unboxed());
        let wrapped = wrap_box(&v.ty, quote!(value));
        let from_str = (v.ty == Ty::String).then(|| {
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_owned())
                    }
                }
            }
        });
        quote! {
            impl From<#value> for #name {
                fn from(value: #value) -> Self {
                    Self::#variant(#wrapped)
                }
            }
            #from_str
        }
    });
    let attachments = u.carries_files.then(|| {
        let trait_name = ident(&krate.support.attachments_trait);
        let file = ident(&krate.support.input_file);
        let arms = u.variants.iter().filter(|v| v.carries_files).map(|v| {
            let variant = ident(&v.rust_name);
            quote! { Self::#variant(value) => value.attachments(out), }
        });
        let arms: Vec<TokenStream> = arms.collect();
        let exhaustive = u.unknown.is_none() && u.variants.iter().all(|v| v.carries_files);
        let rest = (!exhaustive).then(|| quote! { _ => {} });
        let carrying: Vec<&crate::ir::Variant> =
            u.variants.iter().filter(|v| v.carries_files).collect();
        let body = match (carrying.as_slice(), exhaustive) {
            ([single], false) => {
                let variant = ident(&single.rust_name);
                quote! {
                    if let Self::#variant(value) = self {
                        value.attachments(out);
                    }
                }
            }
            _ => quote! {
                match self {
                    #(#arms)*
                    #rest
                }
            },
        };
        quote! {
            impl #trait_name for #name {
                fn attachments<'a>(&'a self, out: &mut Vec<&'a #file>) {
                    #body
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
        }
        #deserialize
        #(#froms)*
        #attachments
    }
}

/// A tagged union whose alternatives are all tagged objects: read as a map, up to
/// the tag, then straight into the variant (see `de::find_tag`), without holding the
/// whole object in memory as the general form must.
fn streamed_tagged_deserialize(u: &Union, field: &str) -> TokenStream {
    let name = ident(&u.rust_name);
    let expecting = format!("a {} object", u.api_name.as_deref().unwrap_or(&u.rust_name));
    let arms = u.variants.iter().filter_map(|v| {
        let tag = v.tag.as_ref()?;
        let variant = ident(&v.rust_name);
        let value = wrap_box(&v.ty, quote!(crate::de::replayed(object)?));
        Some(quote! { Some(#tag) => #name::#variant(#value), })
    });
    let fallback = match &u.unknown {
        Some(unknown) => {
            let unknown = ident(unknown);
            quote! { _ => #name::#unknown(crate::de::replayed(object)?), }
        }
        None => unknown_tag_error(u, field),
    };
    map_deserialize(
        &name,
        &expecting,
        quote!(map),
        quote! {
            let mut object = crate::de::find_tag(map, #field)?;
            Ok(match object.take_tag().as_deref() {
                #(#arms)*
                #fallback
            })
        },
    )
}

/// The match arm for a tag no variant has, in a union without an unknown variant.
fn unknown_tag_error(u: &Union, field: &str) -> TokenStream {
    let message = format!("unknown `{field}` of `{}`", u.rust_name);
    quote! { _ => return Err(serde::de::Error::custom(#message)), }
}

/// "A" or "An" before a type name, as it is read aloud (`An InaccessibleMessage`,
/// `An Update`, `A UniqueGift`, `A User`).
fn article(name: &str) -> &'static str {
    let vowel_sound = name.starts_with(['A', 'E', 'I', 'O'])
        || (name.starts_with('U') && !name.starts_with("Uni") && !name.starts_with("Us"));
    if vowel_sound {
        "An"
    } else {
        "A"
    }
}

/// Deserialization by the tag's value; an unknown tag goes to the default variant if
/// there is one, else to the unknown variant. Streamed where every alternative is a
/// tagged object; otherwise the value is buffered first, to try the untagged
/// alternatives (a string, an array) or the default variant.
fn tagged_deserialize(u: &Union, field: &str, default: Option<&str>) -> TokenStream {
    if default.is_none() && u.variants.iter().all(|v| v.tag.is_some()) {
        return streamed_tagged_deserialize(u, field);
    }
    let name = ident(&u.rust_name);
    let arms = u.variants.iter().filter_map(|v| {
        let tag = v.tag.as_ref()?;
        let variant = ident(&v.rust_name);
        let value = wrap_box(&v.ty, quote!(crate::de::variant(value)?));
        Some(quote! { Some(#tag) => Self::#variant(#value), })
    });
    let default = default.and_then(|name| u.variants.iter().find(|v| v.rust_name == name));
    let fallback = match (default, &u.unknown) {
        // Any other value is the default variant's; a value that is not even that
        // (from a newer API) is kept as is.
        // A tag of any other value says the value is the default variant's, so an
        // error reading it is reported, not hidden in the unknown variant (a `Message`
        // with a field of the wrong type is not an unknown kind of message). Only a
        // value without the tag field (from a newer API) is kept as is.
        (Some(default), Some(unknown)) => {
            let variant = ident(&default.rust_name);
            let unknown = ident(unknown);
            let value = wrap_box(&default.ty, quote!(crate::de::variant(value)?));
            quote! {
                None if value.get(#field).is_none() => Self::#unknown(value),
                _ => Self::#variant(#value),
            }
        }
        (Some(default), None) => {
            let variant = ident(&default.rust_name);
            let value = wrap_box(&default.ty, quote!(crate::de::variant(value)?));
            quote! { _ => Self::#variant(#value), }
        }
        (None, Some(unknown)) => {
            let unknown = ident(unknown);
            quote! { _ => Self::#unknown(value), }
        }
        (None, None) => unknown_tag_error(u, field),
    };
    // Alternatives that are not objects (a union that may also be a plain string or an
    // array) carry no tag: a value that is not an object is tried against them in order.
    let plain_arms: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(|v| v.tag.is_none() && default.is_none_or(|d| d.rust_name != v.rust_name))
        .map(|v| {
            let variant = ident(&v.rust_name);
            let value = wrap_box(&v.ty, quote!(inner));
            quote! {
                let attempt: Result<_, D::Error> = crate::de::variant(value.clone());
                if let Ok(inner) = attempt {
                    return Ok(Self::#variant(#value));
                }
            }
        })
        .collect();
    let not_an_object = (!plain_arms.is_empty()).then(|| {
        let message = format!("no alternative of `{}` accepts this value", u.rust_name);
        quote! {
            if !value.is_object() {
                #(#plain_arms)*
                return Err(serde::de::Error::custom(#message));
            }
        }
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = crate::de::buffer(deserializer)?;
                #not_an_object
                Ok(match crate::de::tag(&value, #field).as_deref() {
                    #(#arms)*
                    #fallback
                })
            }
        }
    }
}

fn value_enum(e: &ValueEnum) -> TokenStream {
    if e.integer {
        return integer_value_enum(e);
    }
    let name = ident(&e.rust_name);
    let docs = doc_lines(&e.docs.text);
    let unknown = ident(&e.unknown);
    let variants = e.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let doc = format!(" `{value}`");
        quote! { #[doc = #doc] #variant, }
    });
    let to_str = e.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote! { Self::#variant => #value, }
    });
    let from_str = e.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know (from a newer API).
            #unknown(String),
        }
        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::de::string(deserializer).map(|value| Self::from(&*value))
            }
        }
    }
}

/// An enumeration of integers, (de)serialized by hand: serde's derive writes variant
/// names, not numbers.
fn int_enum(krate: &Crate, e: &IntEnum) -> TokenStream {
    let docs = item_docs(&e.docs, &e.api_name, &krate.package.api_name);
    let values: Vec<(&str, i64, TokenStream)> = e
        .values
        .iter()
        .map(|v| (v.rust_name.as_str(), v.value, doc_lines(&v.docs)))
        .collect();
    integers(&e.rust_name, docs, &values, &e.unknown)
}

/// The integer values of a field (`createForumTopic.icon_color`), like [`int_enum`].
fn integer_value_enum(e: &ValueEnum) -> TokenStream {
    let docs = doc_lines(&e.docs.text);
    let values: Vec<(&str, i64, TokenStream)> = e
        .values
        .iter()
        .map(|(variant, value)| {
            let doc = format!(" `{value}`");
            let number: i64 = value
                .parse()
                .expect("the IR keeps only values that parse as integers");
            (variant.as_str(), number, quote!(#[doc = #doc]))
        })
        .collect();
    integers(&e.rust_name, docs, &values, &e.unknown)
}

/// An enum of integers with a variant for any other: (variant, value, its docs).
fn integers(
    name: &str,
    docs: TokenStream,
    values: &[(&str, i64, TokenStream)],
    unknown: &str,
) -> TokenStream {
    let name = ident(name);
    let unknown = ident(unknown);
    let variants = values.iter().map(|(variant, _, doc)| {
        let variant = ident(variant);
        quote! { #doc #variant, }
    });
    let to_int = values.iter().map(|(variant, value, _)| {
        let variant = ident(variant);
        quote! { Self::#variant => #value, }
    });
    let from_int = values.iter().map(|(variant, value, _)| {
        let variant = ident(variant);
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know (from a newer API).
            #unknown(i64),
        }
        impl #name {
            /// The value on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => value,
                }
            }
        }
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }
        impl From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.value()
            }
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
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
