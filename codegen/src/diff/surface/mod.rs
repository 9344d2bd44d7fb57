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

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::emit::Files;

mod reader;
mod signature;

pub use signature::without_docs;

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
    /// A file a module `include!`s (an item's file, included by its group's `mod.rs`)
    /// is read as part of that module.
    pub fn of(files: &Files) -> Result<Surface, SurfaceError> {
        let mut parsed = BTreeMap::new();
        for (path, text) in &files.files {
            if module_path(path).is_none() {
                continue;
            }
            let file = syn::parse_file(text).map_err(|error| SurfaceError {
                path: path.clone(),
                error,
            })?;
            parsed.insert(path.as_str(), file.items);
        }
        let mut included = BTreeSet::new();
        let mut modules = BTreeMap::new();
        for (&path, items) in &parsed {
            let mut expanded = Vec::with_capacity(items.len());
            for item in items {
                match included_file(path, item) {
                    Some(Ok(file)) => {
                        let items = parsed.get(file.as_str()).ok_or_else(|| SurfaceError {
                            path: path.to_owned(),
                            error: syn::Error::new_spanned(item, format!("{file} is missing")),
                        })?;
                        expanded.extend(items.iter().cloned());
                        included.insert(file);
                    }
                    Some(Err(error)) => {
                        return Err(SurfaceError {
                            path: path.to_owned(),
                            error,
                        })
                    }
                    None => expanded.push(item.clone()),
                }
            }
            modules.insert(path, expanded);
        }
        let modules = (modules.into_iter())
            .filter(|(path, _)| !included.contains(*path))
            .filter_map(|(path, items)| Some((module_path(path)?, items)))
            .collect();
        Ok(reader::read(&modules))
    }
}

/// The file `include!("x.rs")` names, beside the file `path` that holds it.
fn included_file(path: &str, item: &syn::Item) -> Option<syn::Result<String>> {
    let syn::Item::Macro(mac) = item else {
        return None;
    };
    if !mac.mac.path.is_ident("include") {
        return None;
    }
    let name = match mac.mac.parse_body::<syn::LitStr>() {
        Ok(name) => name.value(),
        Err(error) => return Some(Err(error)),
    };
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    Some(Ok(format!("{dir}/{name}")))
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
    fn an_included_file_is_read_as_part_of_its_module() {
        let s = surface(&[
            ("src/lib.rs", "pub mod types;"),
            (
                "src/types/mod.rs",
                "mod stickers; pub use self::stickers::*;",
            ),
            (
                "src/types/stickers/mod.rs",
                "use crate::types::File; include!(\"sticker.rs\");",
            ),
            (
                "src/types/stickers/sticker.rs",
                "pub struct Sticker { pub file: File } impl Sticker { pub fn new() -> Self { todo!() } }",
            ),
        ]);
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "types",
                "types::Sticker",
                "types::Sticker.file",
                "types::Sticker::new"
            ]
        );
        let missing = Surface::of(&Files {
            files: [("src/lib.rs".to_owned(), "include!(\"gone.rs\");".to_owned())].into(),
        });
        assert!(missing
            .unwrap_err()
            .to_string()
            .contains("src/gone.rs is missing"));
    }

    #[test]
    fn a_second_path_to_a_public_item_is_listed_without_its_members_again() {
        let s = surface(&[
            ("src/lib.rs", "pub mod methods; pub mod prelude;"),
            (
                "src/methods/mod.rs",
                "mod stickers; pub use self::stickers::*;",
            ),
            (
                "src/methods/stickers/mod.rs",
                "pub trait SendStickerSetters { fn emoji(self) -> Self; }",
            ),
            (
                "src/prelude.rs",
                "pub use crate::methods::{SendStickerSetters};",
            ),
        ]);
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "methods",
                "methods::SendStickerSetters",
                "methods::SendStickerSetters::emoji",
                "prelude",
                "prelude::SendStickerSetters",
            ]
        );
        assert_eq!(
            s.entries["prelude::SendStickerSetters"].owner,
            "prelude::SendStickerSetters"
        );
    }

    #[test]
    fn impls_of_a_private_trait_are_not_surface_however_it_is_named() {
        let s = surface(&[
            ("src/lib.rs", "pub mod types; mod runtime;"),
            ("src/types/mod.rs", "pub use crate::runtime::values::True;"),
            (
                "src/runtime/mod.rs",
                "pub(crate) mod de; pub(crate) mod values;",
            ),
            ("src/runtime/de.rs", "pub(crate) trait Vacant {}"),
            (
                "src/runtime/values.rs",
                "pub struct True;\n\
                 impl super::de::Vacant for True {}\n\
                 impl crate::runtime::de::Vacant for Option<True> {}\n\
                 impl Clone for True { fn clone(&self) -> Self { True } }",
            ),
        ]);
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(keys, ["types", "types::True", "types::True: Clone"]);
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

    /// A private module's type re-exported where another public type has its name
    /// (TDLib's `client::Error` beside `types::Error`): its impls are the re-export's.
    #[test]
    fn impls_beside_a_reexported_type_are_its_own_whatever_else_has_its_name() {
        let s = surface(&[
            ("src/lib.rs", "pub mod types; pub mod client; mod runtime;"),
            ("src/types/mod.rs", "pub struct Error;"),
            (
                "src/client/mod.rs",
                "pub use crate::runtime::client::{Client as Handle, Error};",
            ),
            ("src/runtime/mod.rs", "pub(crate) mod client;"),
            (
                "src/runtime/client.rs",
                "pub enum Error { Timeout }
                 pub struct Client;
                 impl std::fmt::Display for Error { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { todo!() } }
                 impl Client { pub fn send(&self) {} }",
            ),
        ]);
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "client",
                "client::Error",
                "client::Error: Display",
                "client::Error::Timeout",
                "client::Handle",
                "client::Handle::send",
                "types",
                "types::Error",
            ]
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
