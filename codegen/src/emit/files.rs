//! The module tree of `types` or `methods`: a module per page group, a file per item,
//! as the IR places them ([`crate::ir::Place`]). Modules are private and re-export
//! their items, so every public path stays `crate::types::Message`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Writer;
use crate::ir::Place;

/// What a group's module holds: items written in it, and its items' own modules.
struct Group<'a, T> {
    inline: Vec<T>,
    modules: BTreeMap<&'a str, T>,
}

/// Writes the files of the items under `src/<root>/` and returns the root's modules
/// (its groups and ungrouped items), for the root's `mod.rs` ([`modules_tokens`]).
/// `imports` starts every file holding items; `item` makes an item.
pub(super) fn emit<'a, T: Copy + Send + 'a>(
    out: &mut Writer<'a>,
    root: &str,
    entries: impl IntoIterator<Item = (&'a Place, T)>,
    imports: fn() -> TokenStream,
    item: fn(T) -> TokenStream,
) -> Vec<&'a str> {
    let mut top: BTreeMap<&'a str, T> = BTreeMap::new();
    let mut groups: BTreeMap<&'a str, Group<'a, T>> = BTreeMap::new();
    for (place, value) in entries {
        match (&place.group, &place.module) {
            (Some(group), module) => {
                let group = groups.entry(group).or_insert_with(|| Group {
                    inline: Vec::new(),
                    modules: BTreeMap::new(),
                });
                match module {
                    Some(module) => {
                        group.modules.insert(module, value);
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
        out.rust(&format!("src/{root}/{module}.rs"), move || {
            let imports = imports();
            let item = item(value);
            quote! { #imports #item }
        });
        declared.push(module);
    }
    for (group, Group { inline, modules }) in groups {
        for (&module, &value) in &modules {
            out.rust(&format!("src/{root}/{group}/{module}.rs"), move || {
                let imports = imports();
                let item = item(value);
                quote! { #imports #item }
            });
        }
        out.rust(&format!("src/{root}/{group}/mod.rs"), move || {
            let names: Vec<&str> = modules.keys().copied().collect();
            let declarations = modules_tokens(&names);
            let inline = (!inline.is_empty()).then(|| {
                let imports = imports();
                let items = inline.into_iter().map(item);
                quote! { #imports #(#items)* }
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
