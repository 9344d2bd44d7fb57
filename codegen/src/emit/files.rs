//! The module tree of `types` or `methods`: a module per page group, a file per item,
//! as the IR places them ([`crate::ir::Place`]). Modules are private and re-export
//! their items, so every public path stays `crate::types::Message`.
//!
//! An item's file is not a module of its own: its group's `mod.rs` `include!`s it
//! (`types/available_types/mod.rs` includes `message.rs`), and imports once, by name,
//! what its items use (`use crate::types::{Chat, User};`). A module per item (660 for
//! Telegram) built the crate about 2 % slower than a module per group (11), which
//! keeps it within 5 % of the layout by first letter, and globs of the whole `types`
//! module cost more again (`tests/bench/RESULTS.md`). Items that have no group are included by the root's
//! `mod.rs` (`types/mod.rs`) the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::Writer;
use crate::ir::Place;

/// A module of the tree (the root or a group): its items in files of their own, and
/// the items written in its `mod.rs` (the item that names the group).
struct Module<'a, T> {
    files: BTreeMap<&'a str, T>,
    inline: Vec<T>,
    /// The names of all its items: defined in it, never imported.
    names: BTreeSet<&'a str>,
}

impl<T> Default for Module<'_, T> {
    fn default() -> Self {
        Module {
            files: BTreeMap::new(),
            inline: Vec::new(),
            names: BTreeSet::new(),
        }
    }
}

/// What the files of items may import by name, and what they all start with.
pub(super) struct Imports {
    /// The `use` lines every module of items starts with (serde's derives).
    pub(super) prologue: fn() -> TokenStream,
    /// Modules (`crate::types`) and the names they export.
    pub(super) modules: Vec<(&'static str, BTreeSet<String>)>,
    /// Methods of the modules' traits, each with its trait: a call of one needs the
    /// trait in scope (`.attachments(out)`, `Attachments`).
    pub(super) trait_methods: Vec<(String, String)>,
}

impl Imports {
    /// The prologue, then a `use` of each module's names that `items` use and that the
    /// module being written neither defines (`beside`) nor is (`own`: the root, whose
    /// names are in scope in its `mod.rs` already).
    fn uses(&self, items: &TokenStream, beside: &BTreeSet<&str>, own: Option<&str>) -> TokenStream {
        let mut used = BTreeSet::new();
        idents(items.clone(), &mut used);
        for (method, name) in &self.trait_methods {
            if used.contains(method) {
                used.insert(name.clone());
            }
        }
        used.retain(|name| !beside.contains(name.as_str()));
        let defined = defined(items);
        let prologue = (self.prologue)();
        let uses = (self.modules.iter())
            .filter(|(path, _)| Some(*path) != own)
            .filter_map(|(path, names)| {
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
        quote! { #prologue #(#uses)* }
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

/// Writes the module tree of the items under `src/<root>/`: each item's file, each
/// group's `mod.rs`, and the root's `mod.rs`, which starts with `head` (its docs and
/// own items). `imports` says what modules import; `item` makes an item.
pub(super) fn emit<'a, T: Copy + Send + 'a>(
    out: &mut Writer<'a>,
    root: &'a str,
    entries: impl IntoIterator<Item = (&'a Place, &'a str, T)>,
    imports: Imports,
    item: fn(T) -> TokenStream,
    head: impl FnOnce() -> TokenStream + Send + 'a,
) {
    let imports = Arc::new(imports);
    let mut top: Module<'a, T> = Module::default();
    let mut groups: BTreeMap<&'a str, Module<'a, T>> = BTreeMap::new();
    for (place, name, value) in entries {
        let module = match &place.group {
            Some(group) => groups.entry(group).or_default(),
            None => &mut top,
        };
        match &place.module {
            Some(file) => {
                module.files.insert(file, value);
            }
            None => module.inline.push(value),
        }
        module.names.insert(name);
    }
    let own = format!("crate::{root}");
    let group_names: Vec<&'a str> = groups.keys().copied().collect();
    for (group, module) in groups {
        let imports = imports.clone();
        out.rust_files(move || {
            module_files(
                &format!("src/{root}/{group}"),
                &module,
                &imports,
                item,
                None,
            )
        });
    }
    out.rust_files(move || {
        let dir = format!("src/{root}");
        let mut files = module_files(&dir, &top, &imports, item, Some(&own));
        let head = head();
        let body = files.pop().map(|(_, body)| body);
        let groups = group_names.iter().map(|group| format_ident!("{}", group));
        let reexports = groups.clone();
        files.push((
            format!("{dir}/mod.rs"),
            quote! {
                #head
                #body
                #(mod #groups;)*
                #(pub use self::#reexports::*;)*
            },
        ));
        files
    });
}

/// The files of a module under `dir`: each item's file, holding its tokens alone, then
/// the module's `mod.rs` (last), which holds the imports the items use, an `include!`
/// of each item's file, and the items written in it; its body is empty for a module
/// without items (a root whose items all have groups). Each item's tokens are made
/// once, for its file and for the imports. `own`: the root's path, when this is the
/// root.
fn module_files<T: Copy>(
    dir: &str,
    module: &Module<'_, T>,
    imports: &Imports,
    item: fn(T) -> TokenStream,
    own: Option<&str>,
) -> Vec<(String, TokenStream)> {
    let mut files: Vec<(String, TokenStream)> = (module.files.iter())
        .map(|(file, &value)| (format!("{dir}/{file}.rs"), item(value)))
        .collect();
    let body = if module.names.is_empty() {
        TokenStream::new()
    } else {
        let inline: Vec<TokenStream> = module.inline.iter().map(|&value| item(value)).collect();
        let mut all: TokenStream = files.iter().map(|(_, tokens)| tokens.clone()).collect();
        all.extend(inline.iter().cloned());
        let uses = imports.uses(&all, &module.names, own);
        let includes = module.files.keys().map(|file| format!("{file}.rs"));
        quote! {
            #uses
            #(include!(#includes);)*
            #(#inline)*
        }
    };
    files.push((format!("{dir}/mod.rs"), body));
    files
}
