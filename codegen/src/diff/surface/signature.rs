//! An item's signature as text: its tokens without what does not matter to callers
//! (parameter names, docs), and the small helpers the reader names items with.

use quote::ToTokens;
use syn::{Attribute, Fields, Item, Visibility};

pub(super) fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// `struct<T> #[non_exhaustive]`: what code naming a struct or enum relies on, its
/// fields and variants aside.
pub(super) fn type_signature(
    keyword: &str,
    generics: &syn::Generics,
    non_exhaustive: bool,
) -> String {
    let marker = if non_exhaustive {
        " #[non_exhaustive]"
    } else {
        ""
    };
    format!("{keyword}{}{marker}", space(&tokens(generics)))
}

pub(super) fn space(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    }
}

pub(super) fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

pub(super) fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// ` #[cfg(…)]` of an item, so that moving it behind a feature shows.
pub(super) fn cfg_of(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(|a| format!(" {}", a.to_token_stream()))
        .collect()
}

/// A node's tokens as a person writes them: `Option<Vec<String>>`, not the token
/// stream's `Option < Vec < String > >`, so that signatures read well in a diff.
pub(super) fn tokens(node: &impl ToTokens) -> String {
    let spaced = node.to_token_stream().to_string();
    let mut out = String::with_capacity(spaced.len());
    let mut words = spaced.split(' ').peekable();
    while let Some(word) = words.next() {
        out.push_str(word);
        let Some(next) = words.peek() else { break };
        let glued = matches!(word, "::" | "<" | "&" | "(" | "[")
            || matches!(*next, "::" | ":" | "<" | ">" | "," | ")" | "]" | ">>")
            || (*next == "(" && word.chars().all(|c| c.is_alphanumeric() || c == '_'));
        if !glued {
            out.push(' ');
        }
    }
    out
}

/// `(i64, String)`, `{ a: i64 }` or nothing, for a variant.
pub(super) fn fields_signature(fields: &Fields) -> String {
    match fields {
        Fields::Unit => String::new(),
        Fields::Unnamed(f) => {
            let types: Vec<String> = f.unnamed.iter().map(|f| tokens(&f.ty)).collect();
            format!("({})", types.join(", "))
        }
        Fields::Named(f) => {
            let fields: Vec<String> = f
                .named
                .iter()
                .map(|f| {
                    let name = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    format!("{name}: {}", tokens(&f.ty))
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

/// A function's signature as callers see it: qualifiers, generics, the receiver, the
/// parameter types (not their names) and the output.
pub(super) fn fn_signature(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(r) => {
                let reference = match &r.reference {
                    Some((_, Some(lifetime))) => format!("&{lifetime} "),
                    Some((_, None)) => "&".to_owned(),
                    None => String::new(),
                };
                let mutability = if r.reference.is_some() && r.mutability.is_some() {
                    "mut "
                } else {
                    ""
                };
                format!("{reference}{mutability}self")
            }
            syn::FnArg::Typed(t) => tokens(&t.ty),
        })
        .collect();
    let qualifiers: String = [
        sig.constness.map(|_| "const "),
        sig.asyncness.map(|_| "async "),
        sig.unsafety.map(|_| "unsafe "),
    ]
    .into_iter()
    .flatten()
    .collect();
    let generics = tokens(&sig.generics);
    let bounds = sig
        .generics
        .where_clause
        .as_ref()
        .map(|w| format!(" {}", tokens(w)))
        .unwrap_or_default();
    format!(
        "{qualifiers}fn{}({}){}{bounds}",
        if generics.is_empty() {
            String::new()
        } else {
            format!(" {generics}")
        },
        inputs.join(", "),
        match &sig.output {
            syn::ReturnType::Default => String::new(),
            syn::ReturnType::Type(_, ty) => format!(" -> {}", tokens(ty)),
        }
    )
}

/// The trait of an impl as it is named, without its path or lifetimes:
/// `serde::Deserialize<'de>` → `Deserialize`, `From<&str>` → `From<&str>`.
pub(super) fn trait_name(path: &syn::Path) -> String {
    let Some(last) = path.segments.last() else {
        return String::new();
    };
    let mut name = last.ident.to_string();
    if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
        let args: Vec<String> = a
            .args
            .iter()
            .filter(|arg| !matches!(arg, syn::GenericArgument::Lifetime(_)))
            .map(|arg| tokens(arg).replace(' ', ""))
            .collect();
        if !args.is_empty() {
            name = format!("{name}<{}>", args.join(", "));
        }
    }
    name
}

pub(super) fn item_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(i) => i.ident.to_string(),
        Item::Enum(i) => i.ident.to_string(),
        Item::Trait(i) => i.ident.to_string(),
        Item::Fn(i) => i.sig.ident.to_string(),
        Item::Const(i) => i.ident.to_string(),
        Item::Static(i) => i.ident.to_string(),
        Item::Type(i) => i.ident.to_string(),
        Item::Mod(i) => i.ident.to_string(),
        _ => return None,
    })
}

/// Docs removed from every item, for comparing what the emitter wrote with docs aside.
pub fn without_docs(file: &syn::File) -> String {
    use syn::visit_mut::VisitMut;
    struct StripDocs;
    impl VisitMut for StripDocs {
        fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
            attrs.retain(|a| !a.path().is_ident("doc"));
        }
    }
    let mut file = file.clone();
    file.attrs.retain(|a| !a.path().is_ident("doc"));
    StripDocs.visit_file_mut(&mut file);
    file.to_token_stream().to_string()
}
