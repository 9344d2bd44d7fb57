//! The walk over a crate's files that collects its public entries: items, fields,
//! variants, inherent and trait impls, re-exports.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, TraitItem, Type, UseTree};

use super::signature::*;
use super::{Entry, EntryKind, Surface};

/// An `impl` block seen while walking, resolved once every public path is known.
struct PendingImpl {
    /// The public path the block's items are listed under (the module it sits in).
    module: String,
    /// The module it is written in, from the crate root: what `super::` starts from.
    real: Vec<String>,
    item: syn::ItemImpl,
}

/// The public entries of a crate whose files, parsed, are `modules` (by module path
/// from the crate root).
pub(super) fn read(modules: &BTreeMap<Vec<String>, Vec<Item>>) -> Surface {
    let mut reader = Reader::new(modules);
    reader.module(&[], "");
    reader.resolve_impls();
    reader.surface
}

struct Reader<'a> {
    modules: &'a BTreeMap<Vec<String>, Vec<Item>>,
    surface: Surface,
    impls: Vec<PendingImpl>,
    /// The public path of each type listed, by the module it is written in and its
    /// name: where an impl block beside it (in a private module, the runtime's
    /// `client::Error`) puts its entries, whatever other public type has that name.
    listed: BTreeMap<(Vec<String>, String), String>,
}

impl<'a> Reader<'a> {
    /// A reader of the crate whose files are `modules`, with nothing listed yet.
    fn new(modules: &'a BTreeMap<Vec<String>, Vec<Item>>) -> Self {
        Reader {
            modules,
            surface: Surface::default(),
            impls: Vec::new(),
            listed: BTreeMap::new(),
        }
    }

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
                self.listed
                    .insert((real.to_vec(), s.ident.to_string()), at.clone());
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
                self.listed
                    .insert((real.to_vec(), e.ident.to_string()), at.clone());
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
                real: real.to_vec(),
                item: i.clone(),
            }),
            _ => {}
        }
    }

    /// Whether the module at `real` is public (`pub mod` all the way from the root).
    fn is_public_module(&self, real: &[String]) -> bool {
        (0..real.len()).all(|depth| {
            let declared = self.modules.get(&real[..depth]).into_iter().flatten();
            declared
                .filter_map(|item| match item {
                    Item::Mod(m) => Some(m),
                    _ => None,
                })
                .any(|m| m.ident == real[depth] && is_pub(&m.vis))
        })
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
                    real: real.to_vec(),
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
                follow(target, &p.ident);
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
    /// `public` (as `rename` when given). An item the module does not define but
    /// glob re-exports (`pub use self::stickers::*;`) is looked for where the glob
    /// points.
    fn use_one(&mut self, target: &[String], name: &str, rename: Option<String>, public: &str) {
        let alias = self.is_public_module(target);
        self.use_found(target, name, rename, public, alias);
    }

    /// [`Self::use_one`] of the item found in `target` or through its globs; `alias`:
    /// the re-export names a public module, where the item is listed already.
    fn use_found(
        &mut self,
        target: &[String],
        name: &str,
        rename: Option<String>,
        public: &str,
        alias: bool,
    ) {
        let Some(items) = self.modules.get(target) else {
            return;
        };
        if !items
            .iter()
            .any(|item| item_name(item).as_deref() == Some(name))
        {
            for module in glob_modules(items, target) {
                // A glob never points back at its own module in generated code; the
                // check keeps a hand-written cycle from recursing forever.
                if module != target {
                    self.use_found(&module, name, rename.clone(), public, alias);
                }
            }
            return;
        }
        for item in items {
            if item_name(item).as_deref() != Some(name) {
                continue;
            }
            match &rename {
                // Another path to an item listed where it is defined (the prelude's
                // `pub use crate::methods::SendMessageSetters`): the path is public API,
                // its members are the item's and listed there once.
                None if alias => {
                    // Its impls and where its type is listed stay the defining path's.
                    let mut inner = Reader::new(self.modules);
                    inner.item(item, target, "");
                    if let Some(mut entry) = inner.surface.entries.remove(name) {
                        let at = join(public, name);
                        entry.owner.clone_from(&at);
                        self.surface.entries.insert(at, entry);
                    }
                }
                None => self.item(item, target, public),
                Some(alias) => {
                    // Listed under the alias: the entries of the item at its own name,
                    // then moved.
                    let mut inner = Reader::new(self.modules);
                    inner.item(item, target, "");
                    let (from, to) = (name.to_owned(), join(public, alias));
                    for (key, mut entry) in inner.surface.entries {
                        let key = key.replacen(&from, &to, 1);
                        entry.owner = entry.owner.replacen(&from, &to, 1);
                        self.surface.entries.insert(key, entry);
                    }
                    self.impls.extend(inner.impls);
                    for (written, at) in inner.listed {
                        self.listed.insert(written, at.replacen(&from, &to, 1));
                    }
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
        for PendingImpl { module, real, item } in impls {
            let Some((type_path, args)) = self.self_type(&item, &module, &real) else {
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
                // A trait of the crate that is not public (`crate::runtime::de::Vacant`,
                // a reader's helper, also written `super::de::Vacant`) cannot be named by
                // a caller: not surface.
                Some((_, trait_path, _)) if self.is_private_trait(trait_path, &real) => {}
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
    /// of one instance: `Call<SendMessage>`), when the type is public. `real` is the
    /// module the impl is written in.
    fn self_type(
        &self,
        item: &syn::ItemImpl,
        module: &str,
        real: &[String],
    ) -> Option<(String, String)> {
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
        // A type written beside the impl, listed where it is re-exported.
        if let Some(at) = self.listed.get(&(real.to_vec(), name.clone())) {
            return Some((at.clone(), args));
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

    /// `crate::…`, `super::…` or `self::…` (from `real`, the module the impl is in)
    /// naming no public item of the surface.
    fn is_private_trait(&self, path: &syn::Path, real: &[String]) -> bool {
        let mut segments = path.segments.iter().map(|s| s.ident.to_string()).peekable();
        let mut full: Vec<String> = match segments.peek().map(String::as_str) {
            Some("crate") => {
                segments.next();
                Vec::new()
            }
            Some("super" | "self") => real.to_vec(),
            _ => return false,
        };
        for segment in segments {
            match segment.as_str() {
                "super" => {
                    full.pop();
                }
                "self" => {}
                _ => full.push(segment),
            }
        }
        !self.surface.entries.contains_key(&full.join("::"))
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

/// The modules that `items` (of the module `real`) glob re-export with `pub use`.
fn glob_modules(items: &[Item], real: &[String]) -> Vec<Vec<String>> {
    fn walk(tree: &UseTree, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match tree {
            UseTree::Path(p) => {
                follow(path, &p.ident);
                walk(&p.tree, path, out);
            }
            UseTree::Glob(_) => out.push(path.clone()),
            UseTree::Group(g) => {
                for tree in &g.items {
                    walk(tree, &mut path.clone(), out);
                }
            }
            UseTree::Name(_) | UseTree::Rename(_) => {}
        }
    }
    let mut out = Vec::new();
    for item in items {
        if let Item::Use(u) = item {
            if is_pub(&u.vis) {
                walk(&u.tree, &mut real.to_vec(), &mut out);
            }
        }
    }
    out
}

/// One segment of a `use` path, from the module path `path` (`self`, `crate`,
/// `super` or a module's name).
fn follow(path: &mut Vec<String>, segment: &syn::Ident) {
    match segment.to_string().as_str() {
        "self" => {}
        "crate" => path.clear(),
        "super" => {
            path.pop();
        }
        name => path.push(name.to_owned()),
    }
}
