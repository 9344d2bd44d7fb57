//! Closed value lists → an enum each, strings or integers on the wire, with an
//! unknown variant for values this version does not know.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{doc_lines, ident, item_docs};
use crate::ir::{Crate, IntEnum, ValueEnum};

pub(super) fn value_enum(e: &ValueEnum) -> TokenStream {
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
                crate::runtime::de::string(deserializer).map(|value| Self::from(&*value))
            }
        }
    }
}

/// An enumeration of integers, (de)serialized by hand: serde's derive writes variant
/// names, not numbers.
pub(super) fn int_enum(krate: &Crate, e: &IntEnum) -> TokenStream {
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
