//! Unions → an enum each, (de)serialized by their tag, by shape or in order.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{ident, item_docs, ty};
use super::objects::{map_deserialize, wrap_box};
use super::*;
use crate::ir::{Crate, Ty, Union, UnionKind};

pub(super) fn union(krate: &Crate, u: &Union) -> TokenStream {
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
        let trait_name = ident(&krate.runtime.attachments_trait);
        let file = ident(&krate.runtime.input_file);
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
        let value = wrap_box(&v.ty, quote!(crate::runtime::de::replayed(object)?));
        Some(quote! { Some(#tag) => #name::#variant(#value), })
    });
    let fallback = match &u.unknown {
        Some(unknown) => {
            let unknown = ident(unknown);
            quote! { _ => #name::#unknown(crate::runtime::de::replayed(object)?), }
        }
        None => unknown_tag_error(u, field),
    };
    map_deserialize(
        &name,
        &expecting,
        quote!(map),
        quote! {
            let mut object = crate::runtime::de::find_tag(map, #field)?;
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
        let value = wrap_box(&v.ty, quote!(crate::runtime::de::variant(value)?));
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
            let value = wrap_box(&default.ty, quote!(crate::runtime::de::variant(value)?));
            quote! {
                None if value.get(#field).is_none() => Self::#unknown(value),
                _ => Self::#variant(#value),
            }
        }
        (Some(default), None) => {
            let variant = ident(&default.rust_name);
            let value = wrap_box(&default.ty, quote!(crate::runtime::de::variant(value)?));
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
                let attempt: Result<_, D::Error> = crate::runtime::de::variant(value.clone());
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
                let value = crate::runtime::de::buffer(deserializer)?;
                #not_an_object
                Ok(match crate::runtime::de::tag(&value, #field).as_deref() {
                    #(#arms)*
                    #fallback
                })
            }
        }
    }
}
