//! The public API of a generated crate, read from the Rust source the emitter wrote:
//! every item a dependent crate can name, with the signature that decides whether its
//! code still compiles. Nothing here knows the codegen rules; it reads what was
//! generated, as cargo-semver-checks reads rustdoc's JSON.
//!
//! Entries are keyed by the path a user writes:
//! - `types::Message` (struct, enum, trait, const, type alias, function, module);
//! - `types::Message.text` (a public field; tuple fields by index);
//! - `types::ChatId::Integer` (an enum variant);
//! - `types::Message::new`, `client::Bot::send_message` (inherent functions);
//! - `types::ChatId: From<i64>` (a trait implementation, derived or written);
//! - `methods::Method::Output` (an item of a trait).
//!
//! Items re-exported with `pub use` are listed under the path they are re-exported at
//! (the generated modules `types::available_types`, … are private and glob re-exported).
//! A signature is the item's tokens without names that do not matter to callers
//! (parameter names) and without docs.

use std::collections::BTreeMap;

use quote::ToTokens;
use serde::Serialize;
use syn::{Attribute, Fields, ImplItem, Item, TraitItem, Type, UseTree, Visibility};

use crate::emit::Files;

/// What kind of public thing an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Module,
    Struct,
    Enum,
    Trait,
    Function,
    Const,
    Static,
    TypeAlias,
    Field,
    Variant,
    /// A function in an inherent `impl` block (constructor, setter, accessor).
    Method,
    /// A trait implemented for a public type.
    Impl,
    /// An associated function, type or constant of a public trait.
    TraitItem,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Module => "module",
            EntryKind::Struct => "struct",
            EntryKind::Enum => "enum",
            EntryKind::Trait => "trait",
            EntryKind::Function => "function",
            EntryKind::Const => "constant",
            EntryKind::Static => "static",
            EntryKind::TypeAlias => "type alias",
            EntryKind::Field => "field",
            EntryKind::Variant => "variant",
            EntryKind::Method => "method",
            EntryKind::Impl => "trait impl",
            EntryKind::TraitItem => "trait item",
        }
    }
}

/// One public thing and what callers depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: EntryKind,
    /// The signature in Rust tokens (`Option<Box<Chat>>`, `fn(i64) -> Self`).
    pub signature: String,
    /// For a struct: a dependent crate can build it with a literal (no private field,
    /// not `#[non_exhaustive]`), so a new field breaks it. For an enum: it can be
    /// matched exhaustively, so a new variant breaks it. For a trait item: it has no
    /// default, so a new one breaks implementors.
    pub closed: bool,
    /// The item this entry belongs to (`types::Message` for its field `text`); the
    /// entry's own path for items.
    pub owner: String,
    /// The member's name (field, variant, function), `None` for items and impls.
    pub member: Option<String>,
}

/// The public API of a crate: path → entry, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub entries: BTreeMap<String, Entry>,
}

/// The source could not be read as Rust.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {error}")]
pub struct SurfaceError {
    pub path: String,
    pub error: syn::Error,
}

impl Surface {
    /// The public API of the crate in `files` (paths relative to the crate directory).
    pub fn of(files: &Files) -> Result<Surface, SurfaceError> {
        let mut modules = BTreeMap::new();
        for (path, text) in &files.files {
            let Some(module) = module_path(path) else {
                continue;
            };
            let file = syn::parse_file(text).map_err(|error| SurfaceError {
                path: path.clone(),
                error,
            })?;
            modules.insert(module, file.items);
        }
        let mut reader = Reader {
            modules: &modules,
            surface: Surface::default(),
            impls: Vec::new(),
        };
        reader.module(&[], "");
        reader.resolve_impls();
        Ok(reader.surface)
    }
}

/// `src/lib.rs` → `[]`, `src/types/mod.rs` → `[types]`, `src/types/a.rs` → `[types, a]`.
fn module_path(file: &str) -> Option<Vec<String>> {
    let inner = file.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<String> = inner.split('/').map(str::to_owned).collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
        parts.pop();
    }
    Some(parts)
}

/// An `impl` block seen while walking, resolved once every public path is known.
struct PendingImpl {
    /// The public path the block's items are listed under (the module it sits in).
    module: String,
    item: syn::ItemImpl,
}

struct Reader<'a> {
    modules: &'a BTreeMap<Vec<String>, Vec<Item>>,
    surface: Surface,
    impls: Vec<PendingImpl>,
}

impl Reader<'_> {
    /// Lists the public items of the module at `real` (its file) under the public
    /// path `public` (where a user names them).
    fn module(&mut self, real: &[String], public: &str) {
        let Some(items) = self.modules.get(real) else {
            return;
        };
        for item in items {
            self.item(item, real, public);
        }
    }

    fn item(&mut self, item: &Item, real: &[String], public: &str) {
        let path = |name: &dyn std::fmt::Display| join(public, &name.to_string());
        match item {
            Item::Mod(m) => {
                let mut child = real.to_vec();
                child.push(m.ident.to_string());
                if is_pub(&m.vis) {
                    let at = path(&m.ident);
                    let cfg = cfg_of(&m.attrs);
                    self.add(&at, EntryKind::Module, format!("mod{cfg}"), false);
                    self.module(&child, &at);
                } else {
                    // A private module is reached only through its re-exports; its impl
                    // blocks still count for the public types they are for.
                    self.private_impls(&child);
                }
            }
            Item::Use(u) if is_pub(&u.vis) => self.reexport(&u.tree, real, public),
            Item::Struct(s) if is_pub(&s.vis) => {
                let at = path(&s.ident);
                let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
                let signature = type_signature("struct", &s.generics, non_exhaustive);
                self.add(
                    &at,
                    EntryKind::Struct,
                    signature,
                    !non_exhaustive && all_pub,
                );
                for (index, field) in s.fields.iter().enumerate() {
                    if !is_pub(&field.vis) {
                        continue;
                    }
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| index.to_string(), ToString::to_string);
                    let key = format!("{at}.{name}");
                    let ty = tokens(&field.ty);
                    self.add_member(&key, EntryKind::Field, ty, false, &at, &name);
                }
                self.derives(&s.attrs, &at);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let at = path(&e.ident);
                let non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                let signature = type_signature("enum", &e.generics, non_exhaustive);
                self.add(&at, EntryKind::Enum, signature, !non_exhaustive);
                for variant in &e.variants {
                    let name = variant.ident.to_string();
                    let key = format!("{at}::{name}");
                    let shape = fields_signature(&variant.fields);
                    let closed = has_attr(&variant.attrs, "non_exhaustive");
                    self.add_member(&key, EntryKind::Variant, shape, !closed, &at, &name);
                }
                self.derives(&e.attrs, &at);
            }
            Item::Trait(t) if is_pub(&t.vis) => {
                let at = path(&t.ident);
                let signature = format!(
                    "{}trait{}{}",
                    if t.unsafety.is_some() { "unsafe " } else { "" },
                    space(&tokens(&t.generics)),
                    if t.supertraits.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", t.supertraits.to_token_stream())
                    }
                );
                self.add(&at, EntryKind::Trait, signature, false);
                for member in &t.items {
                    let (name, signature, required) = match member {
                        TraitItem::Fn(f) => (
                            f.sig.ident.to_string(),
                            fn_signature(&f.sig),
                            f.default.is_none(),
                        ),
                        TraitItem::Type(ty) => (
                            ty.ident.to_string(),
                            format!(
                                "type{}: {}",
                                space(&tokens(&ty.generics)),
                                ty.bounds.to_token_stream()
                            ),
                            ty.default.is_none(),
                        ),
                        TraitItem::Const(c) => (
                            c.ident.to_string(),
                            format!("const: {}", tokens(&c.ty)),
                            c.default.is_none(),
                        ),
                        _ => continue,
                    };
                    let key = format!("{at}::{name}");
                    self.add_member(&key, EntryKind::TraitItem, signature, required, &at, &name);
                }
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                let at = path(&f.sig.ident);
                self.add(&at, EntryKind::Function, fn_signature(&f.sig), false);
            }
            Item::Const(c) if is_pub(&c.vis) => {
                let at = path(&c.ident);
                self.add(&at, EntryKind::Const, tokens(&c.ty), false);
            }
            Item::Static(s) if is_pub(&s.vis) => {
                let at = path(&s.ident);
                self.add(&at, EntryKind::Static, tokens(&s.ty), false);
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let at = path(&t.ident);
                let signature = format!("type{} = {}", space(&tokens(&t.generics)), tokens(&t.ty));
                self.add(&at, EntryKind::TypeAlias, signature, false);
            }
            Item::Impl(i) => self.impls.push(PendingImpl {
                module: public.to_owned(),
                item: i.clone(),
            }),
            _ => {}
        }
    }

    /// The impl blocks of a private module and its private submodules.
    fn private_impls(&mut self, real: &[String]) {
        let Some(items) = self.modules.get(real) else {
            return;
        };
        for item in items {
            match item {
                Item::Impl(i) => self.impls.push(PendingImpl {
                    module: String::new(),
                    item: i.clone(),
                }),
                Item::Mod(m) => {
                    let mut child = real.to_vec();
                    child.push(m.ident.to_string());
                    self.private_impls(&child);
                }
                _ => {}
            }
        }
    }

    /// `pub use self::a::*;`, `pub use self::support::{True, InputFile};`.
    fn reexport(&mut self, tree: &UseTree, real: &[String], public: &str) {
        let mut target = real.to_vec();
        self.use_tree(tree, &mut target, public);
    }

    fn use_tree(&mut self, tree: &UseTree, target: &mut Vec<String>, public: &str) {
        match tree {
            UseTree::Path(p) => {
                let segment = p.ident.to_string();
                match segment.as_str() {
                    "self" => {}
                    "crate" => target.clear(),
                    "super" => {
                        target.pop();
                    }
                    _ => target.push(segment),
                }
                self.use_tree(&p.tree, target, public);
            }
            UseTree::Glob(_) => {
                let module = target.clone();
                if let Some(items) = self.modules.get(&module) {
                    for item in items {
                        self.item(item, &module, public);
                    }
                }
            }
            UseTree::Name(n) => self.use_one(target, &n.ident.to_string(), None, public),
            UseTree::Rename(r) => self.use_one(
                target,
                &r.ident.to_string(),
                Some(r.rename.to_string()),
                public,
            ),
            UseTree::Group(g) => {
                for tree in &g.items {
                    let mut branch = target.clone();
                    self.use_tree(tree, &mut branch, public);
                }
            }
        }
    }

    /// One named re-export: the item called `name` in module `target`, listed under
    /// `public` (as `rename` when given).
    fn use_one(&mut self, target: &[String], name: &str, rename: Option<String>, public: &str) {
        let Some(items) = self.modules.get(target) else {
            return;
        };
        for item in items {
            if item_name(item).as_deref() != Some(name) {
                continue;
            }
            match &rename {
                None => self.item(item, target, public),
                Some(alias) => {
                    // Listed under the alias: the entries of the item at its own name,
                    // then moved.
                    let mut inner = Reader {
                        modules: self.modules,
                        surface: Surface::default(),
                        impls: Vec::new(),
                    };
                    inner.item(item, target, "");
                    let (from, to) = (name.to_owned(), join(public, alias));
                    for (key, mut entry) in inner.surface.entries {
                        let key = key.replacen(&from, &to, 1);
                        entry.owner = entry.owner.replacen(&from, &to, 1);
                        self.surface.entries.insert(key, entry);
                    }
                    self.impls.extend(inner.impls);
                }
            }
        }
    }

    fn derives(&mut self, attrs: &[Attribute], at: &str) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let Ok(paths) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            for path in paths {
                let name = path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let key = format!("{at}: {name}");
                self.add_impl(&key, at, String::new());
            }
        }
    }

    /// Lists the public functions of inherent impls and the trait impls of public types,
    /// once every item's public path is known.
    fn resolve_impls(&mut self) {
        let impls = std::mem::take(&mut self.impls);
        for PendingImpl { module, item } in impls {
            let Some((type_path, args)) = self.self_type(&item, &module) else {
                continue;
            };
            let at = format!("{type_path}{args}");
            match &item.trait_ {
                None => {
                    for member in &item.items {
                        let ImplItem::Fn(f) = member else {
                            continue;
                        };
                        if !is_pub(&f.vis) {
                            continue;
                        }
                        let name = f.sig.ident.to_string();
                        let key = format!("{at}::{name}");
                        let signature = fn_signature(&f.sig);
                        self.add_member(&key, EntryKind::Method, signature, false, &at, &name);
                    }
                }
                // A trait of the crate that is not public (`crate::de::Vacant`, a
                // reader's helper) cannot be named by a caller: not surface.
                Some((_, trait_path, _)) if self.is_private_trait(trait_path) => {}
                Some((negative, trait_path, _)) => {
                    let name = trait_name(trait_path);
                    let key = format!("{at}: {}{name}", if negative.is_some() { "!" } else { "" });
                    // What a caller can name through the impl: its associated types.
                    let types: Vec<String> = item
                        .items
                        .iter()
                        .filter_map(|member| match member {
                            ImplItem::Type(t) => {
                                Some(format!("type {} = {};", t.ident, tokens(&t.ty)))
                            }
                            _ => None,
                        })
                        .collect();
                    self.add_impl(&key, &at, types.join(" "));
                }
            }
        }
    }

    /// The public path of an impl's self type (and its generic arguments, for an impl
    /// of one instance: `Call<SendMessage>`), when the type is public.
    fn self_type(&self, item: &syn::ItemImpl, module: &str) -> Option<(String, String)> {
        let Type::Path(path) = &*item.self_ty else {
            return None;
        };
        let own_params: Vec<String> = item
            .generics
            .type_params()
            .map(|p| p.ident.to_string())
            .collect();
        let last = path.path.segments.last()?;
        let name = last.ident.to_string();
        let args = match &last.arguments {
            syn::PathArguments::AngleBracketed(a) => {
                // `Call<M>` (generic over its parameters) is the type itself;
                // `Call<SendMessage>` names an instance.
                let concrete = a.args.iter().any(|arg| match arg {
                    syn::GenericArgument::Type(Type::Path(p)) => !p
                        .path
                        .get_ident()
                        .is_some_and(|i| own_params.contains(&i.to_string())),
                    syn::GenericArgument::Type(_) => true,
                    _ => false,
                });
                if concrete {
                    tokens(a).replace(' ', "").replace(',', ", ")
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        };
        let local = join(module, &name);
        if self.is_type(&local) {
            return Some((local, args));
        }
        // Generated modules import every type by name: find the one public type of
        // that name.
        let mut found = self
            .surface
            .entries
            .iter()
            .filter(|(key, e)| {
                matches!(e.kind, EntryKind::Struct | EntryKind::Enum)
                    && key.rsplit("::").next() == Some(name.as_str())
            })
            .map(|(key, _)| key.clone());
        let first = found.next()?;
        found.next().is_none().then_some((first, args))
    }

    /// `crate::…` naming no public item of the surface.
    fn is_private_trait(&self, path: &syn::Path) -> bool {
        let mut segments = path.segments.iter().map(|s| s.ident.to_string());
        if segments.next().as_deref() != Some("crate") {
            return false;
        }
        let rest: Vec<String> = segments.collect();
        !self.surface.entries.contains_key(&rest.join("::"))
    }

    fn is_type(&self, path: &str) -> bool {
        self.surface
            .entries
            .get(path)
            .is_some_and(|e| matches!(e.kind, EntryKind::Struct | EntryKind::Enum))
    }

    fn add(&mut self, key: &str, kind: EntryKind, signature: String, closed: bool) {
        self.surface.entries.insert(
            key.to_owned(),
            Entry {
                kind,
                signature,
                closed,
                owner: key.to_owned(),
                member: None,
            },
        );
    }

    fn add_member(
        &mut self,
        key: &str,
        kind: EntryKind,
        signature: String,
        closed: bool,
        owner: &str,
        member: &str,
    ) {
        self.surface.entries.insert(
            key.to_owned(),
            Entry {
                kind,
                signature,
                closed,
                owner: owner.to_owned(),
                member: Some(member.to_owned()),
            },
        );
    }

    fn add_impl(&mut self, key: &str, owner: &str, signature: String) {
        self.surface.entries.insert(
            key.to_owned(),
            Entry {
                kind: EntryKind::Impl,
                signature,
                closed: false,
                owner: owner.to_owned(),
                member: None,
            },
        );
    }
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// `struct<T> #[non_exhaustive]`: what code naming a struct or enum relies on, its
/// fields and variants aside.
fn type_signature(keyword: &str, generics: &syn::Generics, non_exhaustive: bool) -> String {
    let marker = if non_exhaustive {
        " #[non_exhaustive]"
    } else {
        ""
    };
    format!("{keyword}{}{marker}", space(&tokens(generics)))
}

fn space(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// ` #[cfg(…)]` of an item, so that moving it behind a feature shows.
fn cfg_of(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(|a| format!(" {}", a.to_token_stream()))
        .collect()
}

/// A node's tokens as a person writes them: `Option<Vec<String>>`, not the token
/// stream's `Option < Vec < String > >`, so that signatures read well in a diff.
fn tokens(node: &impl ToTokens) -> String {
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
fn fields_signature(fields: &Fields) -> String {
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
fn fn_signature(sig: &syn::Signature) -> String {
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
fn trait_name(path: &syn::Path) -> String {
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

fn item_name(item: &Item) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(files: &[(&str, &str)]) -> Surface {
        Surface::of(&Files {
            files: files
                .iter()
                .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
                .collect(),
        })
        .unwrap()
    }

    #[test]
    fn reexported_items_are_listed_where_users_name_them() {
        let s = surface(&[
            ("src/lib.rs", "pub mod types; mod hidden; pub const V: &str = \"1\";"),
            (
                "src/types/mod.rs",
                "mod a; pub use self::a::*; mod support; pub use self::support::{True};",
            ),
            (
                "src/types/a.rs",
                "#[derive(Clone, serde::Serialize)] #[non_exhaustive] pub struct Apple { pub size: i64, secret: bool }\n\
                 impl Apple { pub fn new(size: i64) -> Self { todo!() } fn private(&self) {} }\n\
                 impl From<i64> for Apple { fn from(v: i64) -> Self { todo!() } }\n\
                 pub enum Fruit { Apple(Apple), Other }",
            ),
            ("src/types/support.rs", "pub struct True;"),
            ("src/hidden.rs", "pub struct Hidden;"),
        ]);
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "V",
                "types",
                "types::Apple",
                "types::Apple.size",
                "types::Apple: Clone",
                "types::Apple: From<i64>",
                "types::Apple: Serialize",
                "types::Apple::new",
                "types::Fruit",
                "types::Fruit::Apple",
                "types::Fruit::Other",
                "types::True",
            ]
        );
        assert_eq!(s.entries["types::Apple::new"].signature, "fn(i64) -> Self");
        assert!(!s.entries["types::Apple"].closed);
        assert!(s.entries["types::Fruit"].closed);
        assert_eq!(s.entries["types::Apple.size"].owner, "types::Apple");
    }

    /// The real crate: every request has its constructor, client function and setters.
    #[test]
    fn the_telegram_crate() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec = crate::spec::yaml::load(&root.join("spec/telegram.yaml")).unwrap();
        let files =
            crate::generate::generate(&spec, &crate::ir::Settings::new("spec/telegram.yaml"))
                .unwrap();
        let s = Surface::of(&files).unwrap();
        let mut kinds = BTreeMap::new();
        for entry in s.entries.values() {
            *kinds.entry(entry.kind).or_insert(0) += 1;
        }
        eprintln!("{kinds:?}");
        for key in [
            "methods::SendMessage",
            "methods::SendMessage::new",
            "methods::SendMessage: Method",
            "client::Bot::send_message",
            "methods::SendMessageSetters::parse_mode",
            "methods::SendMessage: SendMessageSetters",
            "client::Call<SendMessage>: SendMessageSetters",
            "types::Message.chat",
            "types::ChatId: From<i64>",
            "types::True",
        ] {
            assert!(s.entries.contains_key(key), "{key}");
        }
        assert_eq!(
            s.entries["methods::SendMessage: Method"].signature,
            "type Output = Message;"
        );
    }

    #[test]
    fn impls_of_one_instance_of_a_generic_type_are_keyed_by_it() {
        let s = surface(&[
            ("src/lib.rs", "pub mod client;"),
            (
                "src/client/mod.rs",
                "pub struct Call<'a, M> { bot: &'a M }\n\
                 impl<'a, M> Call<'a, M> { pub fn request(&self) -> &M { todo!() } }\n\
                 impl Call<'_, Send> { pub fn text(self, value: impl Into<String>) -> Self { self } }\n\
                 pub struct Send;",
            ),
        ]);
        assert!(s.entries.contains_key("client::Call::request"));
        assert_eq!(
            s.entries["client::Call<'_, Send>::text"].signature,
            "fn(self, impl Into<String>) -> Self"
        );
    }
}
