//! The module tree of `types` or `methods`: a module per page group, a file per item,
//! as the IR places them ([`crate::ir::Place`]). Modules are private and re-export
//! their items, so every public path stays `crate::types::Message`.
//!
//! Each file imports by name what its items use (`use crate::types::{Chat, User};`),
//! not by glob: with hundreds of files, globs of the whole `types` module made name
//! resolution a measurable part of the crate's build (`tests/bench/RESULTS.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::Writer;
use crate::ir::Place;

/// What a group's module holds: items written in it, and its items' own modules.
struct Group<'a, T> {
    inline: Vec<T>,
    modules: BTreeMap<&'a str, T>,
    /// The names of the items in its modules.
    names: BTreeSet<&'a str>,
}

/// What the files of items may import by name, and what they all start with.
pub(super) struct Imports {
    /// The `use` lines every file starts with (serde's derives).
    pub(super) prologue: fn() -> TokenStream,
    /// Modules (`crate::types`) and the names they export.
    pub(super) modules: Vec<(&'static str, BTreeSet<String>)>,
    /// Methods of the modules' traits, each with its trait: a call of one needs the
    /// trait in scope (`.attachments(out)`, `Attachments`).
    pub(super) trait_methods: Vec<(String, String)>,
}

impl Imports {
    /// A file holding `items`: the prologue, then a `use` of each module's names that
    /// the items use and that neither they nor the file's own modules (`beside`, which
    /// it re-exports) define.
    fn file(&self, items: TokenStream, beside: &BTreeSet<&str>) -> TokenStream {
        let mut used = BTreeSet::new();
        idents(items.clone(), &mut used);
        for (method, name) in &self.trait_methods {
            if used.contains(method) {
                used.insert(name.clone());
            }
        }
        used.retain(|name| !beside.contains(name.as_str()));
        let defined = defined(&items);
        let prologue = (self.prologue)();
        let uses = self.modules.iter().filter_map(|(path, names)| {
            let names: Vec<_> = (used.iter())
                .filter(|name| names.contains(*name) && !defined.contains(*name))
                .map(|name| format_ident!("{}", name))
                .collect();
            let path: syn::Path = syn::parse_str(path).ok()?;
            // A variant may be named like a type it does not hold (`MessageEntityType::
            // BotCommand`): such a name is imported and unused.
            (!names.is_empty()).then(|| {
                quote! {
                    #[allow(unused_imports)]
                    use #path::{#(#names),*};
                }
            })
        });
        quote! { #prologue #(#uses)* #items }
    }
}

/// Every identifier in `tokens`.
fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            TokenTree::Group(group) => idents(group.stream(), out),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

/// The names the items of a file define: the identifier after `struct`, `enum`,
/// `trait`, `type` or `fn` at the file's top level.
fn defined(tokens: &TokenStream) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut after_keyword = false;
    for token in tokens.clone() {
        if let TokenTree::Ident(ident) = &token {
            let text = ident.to_string();
            if after_keyword {
                names.insert(text.clone());
            }
            after_keyword = matches!(text.as_str(), "struct" | "enum" | "trait" | "type" | "fn");
        } else {
            after_keyword = false;
        }
    }
    names
}

/// Writes the files of the items under `src/<root>/` and returns the root's modules
/// (its groups and ungrouped items), for the root's `mod.rs` ([`modules_tokens`]).
/// `imports` says what files import; `item` makes an item.
pub(super) fn emit<'a, T: Copy + Send + 'a>(
    out: &mut Writer<'a>,
    root: &str,
    entries: impl IntoIterator<Item = (&'a Place, &'a str, T)>,
    imports: Imports,
    item: fn(T) -> TokenStream,
) -> Vec<&'a str> {
    let imports = Arc::new(imports);
    let mut top: BTreeMap<&'a str, T> = BTreeMap::new();
    let mut groups: BTreeMap<&'a str, Group<'a, T>> = BTreeMap::new();
    for (place, name, value) in entries {
        match (&place.group, &place.module) {
            (Some(group), module) => {
                let group = groups.entry(group).or_insert_with(|| Group {
                    inline: Vec::new(),
                    modules: BTreeMap::new(),
                    names: BTreeSet::new(),
                });
                match module {
                    Some(module) => {
                        group.modules.insert(module, value);
                        group.names.insert(name);
                    }
                    None => group.inline.push(value),
                }
            }
            (None, Some(module)) => {
                top.insert(module, value);
            }
            // The IR gives every item a group or a module.
            (None, None) => {}
        }
    }
    let mut declared: Vec<&str> = Vec::new();
    for (module, value) in top {
        let imports = imports.clone();
        out.rust(&format!("src/{root}/{module}.rs"), move || {
            imports.file(item(value), &BTreeSet::new())
        });
        declared.push(module);
    }
    for (
        group,
        Group {
            inline,
            modules,
            names,
        },
    ) in groups
    {
        for (&module, &value) in &modules {
            let imports = imports.clone();
            out.rust(&format!("src/{root}/{group}/{module}.rs"), move || {
                imports.file(item(value), &BTreeSet::new())
            });
        }
        let imports = imports.clone();
        out.rust(&format!("src/{root}/{group}/mod.rs"), move || {
            let module_names: Vec<&str> = modules.keys().copied().collect();
            let declarations = modules_tokens(&module_names);
            let inline = (!inline.is_empty()).then(|| {
                let items = inline.into_iter().map(item);
                imports.file(quote! { #(#items)* }, &names)
            });
            quote! { #declarations #inline }
        });
        declared.push(group);
    }
    declared.sort_unstable();
    declared
}

/// `mod a; mod b; … pub use self::a::*; …`. (No `#[rustfmt::skip]`: `cargo fmt` does
/// not enter `types` and `methods`, which the crate root declares with it.)
pub(super) fn modules_tokens(modules: &[&str]) -> TokenStream {
    let mods = modules.iter().map(|m| format_ident!("{}", m));
    let uses = mods.clone();
    quote! {
        #(mod #mods;)*
        #(pub use self::#uses::*;)*
    }
}
