//! Objects → a struct each, with `new`, setters and (de)serialization written out.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::{doc_lines, ident, item_docs, ty};
use super::*;
use crate::ir::{Crate, Field, Presence, Struct, Ty};

pub(super) fn object(krate: &Crate, s: &Struct) -> TokenStream {
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
            #absent: crate::runtime::de::Absent,
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
        let trait_name = ident(&krate.runtime.attachments_trait);
        let file = ident(&krate.runtime.input_file);
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
        let trait_name = ident(&krate.runtime.identified_trait);
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
                quote! { #key => #local = map.next_value::<crate::runtime::de::Flag<_>>()?.0, }
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
            (_, Some(bit)) => {
                quote! { #field: crate::runtime::de::or_vacant(#local, #bit, &mut #absent), }
            }
            (_, None) => quote! { #field: crate::runtime::de::required(#local, #key)?, },
        }
    });
    let (absent_declaration, absent_init) = if has_absent(s) {
        (
            quote! { let mut #absent = crate::runtime::de::Absent::default(); },
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
            while let Some(key) = map.next_key::<crate::runtime::de::Key<'de>>()? {
                #unknown
            }
        },
        (false, _) => quote! {
            while let Some(key) = map.next_key::<crate::runtime::de::Key<'de>>()? {
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
pub(super) fn map_deserialize(
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
pub(in crate::emit) fn attachment_calls(fields: &[Field]) -> Vec<TokenStream> {
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
pub(in crate::emit) fn fields(krate: &Crate, fields: &[Field], serde: bool) -> Vec<TokenStream> {
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
pub(in crate::emit) fn constructor_params(fields: &[Field]) -> Vec<&Field> {
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
pub(in crate::emit) fn constructor(
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
                        Some(quote! { #absent: crate::runtime::de::Absent::default(), }),
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
                let true_type = ident(&krate.runtime.true_type);
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

pub(super) fn wrap_box(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::Box(_) => quote!(Box::new(#value)),
        _ => value,
    }
}
