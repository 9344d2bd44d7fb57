//! The one place that turns API names into Rust names: casing, keyword escaping (with the
//! API's name kept for a serde rename), and collisions inside one namespace.
//!
//! Every function here is total: names that cannot become identifiers are reported as
//! `None` so that callers choose a documented fallback instead of emitting bad code.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of every edition), or
/// that mean something else in a path position (`self`, `Self`, `crate`, `super`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// True when `word` is a Rust keyword (and so needs escaping to be an identifier).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// True when `text` is a plain (non-raw) identifier that is not a keyword.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(text)
        && text != "_"
}

/// A Rust name for an API name, and whether serde needs a rename to reach the API name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub rust: String,
    /// The API's own spelling when it differs from `rust`.
    pub rename: Option<String>,
}

/// A field or parameter name: snake_case, keywords get a trailing underscore
/// (`type` → `type_`). `None` when nothing identifier-like is left.
pub fn field_name(api: &str) -> Option<Renamed> {
    let snake = api.to_snake_case();
    let rust = if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    };
    is_identifier(&rust).then(|| Renamed {
        rename: (rust != api).then(|| api.to_owned()),
        rust,
    })
}

/// A type name: the API's own spelling when it is already an UpperCamelCase identifier
/// (so `types::Message` has the page's exact name), UpperCamelCase otherwise.
pub fn type_name(api: &str) -> Option<String> {
    let rust = if is_upper_camel(api) {
        api.to_owned()
    } else {
        api.to_upper_camel_case()
    };
    (is_identifier(&rust) && rust.starts_with(|c: char| c.is_ascii_uppercase())).then_some(rust)
}

/// A method's request type name: `sendMessage` → `SendMessage`.
pub fn request_name(method: &str) -> Option<String> {
    type_name(&method.to_upper_camel_case())
}

/// A method's function name: `sendMessage` → `send_message`.
pub fn function_name(method: &str) -> Option<String> {
    field_name(method).map(|n| n.rust)
}

/// An enum variant for a string value: `custom_emoji` → `CustomEmoji`, `image/jpeg` →
/// `ImageJpeg`. `None` when the value has no letters to build a name from (`1`, emoji).
pub fn variant_name(value: &str) -> Option<String> {
    let words: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    if words.trim().is_empty() || !value.chars().all(|c| c.is_ascii() && !c.is_control()) {
        return None;
    }
    let rust = words.to_upper_camel_case();
    (is_identifier(&rust) && rust.starts_with(|c: char| c.is_ascii_uppercase())).then_some(rust)
}

fn is_upper_camel(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Names already taken in one namespace (a module's types, a struct's fields, an enum's
/// variants); hands out unique names deterministically.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut space = Self::new();
        for name in names {
            space.taken.insert(name.to_owned());
        }
        space
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `name` if it is free; `false` (taking nothing) otherwise.
    pub fn try_take(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Takes `name`, or the first free of `name2`, `name3`, … (with `_` between when
    /// `name` ends in a digit or an underscore).
    pub fn take_unique(&mut self, name: &str) -> String {
        if self.try_take(name) {
            return name.to_owned();
        }
        let separator = if name.ends_with(|c: char| c.is_ascii_digit() || c == '_') {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.try_take(candidate))
            .expect("an unbounded range yields a free name")
    }

    /// Takes the first free name of `candidates`, or a numbered form of the first one.
    pub fn take_first_free(&mut self, candidates: &[&str]) -> String {
        for candidate in candidates {
            if self.try_take(candidate) {
                return (*candidate).to_owned();
            }
        }
        self.take_unique(candidates.first().copied().unwrap_or("Item"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_are_escaped_with_a_rename() {
        assert_eq!(
            field_name("type"),
            Some(Renamed {
                rust: "type_".into(),
                rename: Some("type".into())
            })
        );
        assert_eq!(
            field_name("chat_id"),
            Some(Renamed {
                rust: "chat_id".into(),
                rename: None
            })
        );
        assert_eq!(
            field_name("fileId").unwrap().rename.as_deref(),
            Some("fileId")
        );
        assert_eq!(field_name("self").unwrap().rust, "self_");
        assert_eq!(field_name("…"), None);
    }

    #[test]
    fn type_names_keep_the_page_spelling() {
        assert_eq!(
            type_name("InlineQueryResultCachedMpeg4Gif").as_deref(),
            Some("InlineQueryResultCachedMpeg4Gif")
        );
        assert_eq!(type_name("chat_type").as_deref(), Some("ChatType"));
        assert_eq!(type_name("Self"), None);
        assert_eq!(request_name("sendMessage").as_deref(), Some("SendMessage"));
        assert_eq!(
            function_name("sendMessage").as_deref(),
            Some("send_message")
        );
    }

    #[test]
    fn variant_names_need_ascii_letters() {
        assert_eq!(variant_name("custom_emoji").as_deref(), Some("CustomEmoji"));
        assert_eq!(variant_name("image/jpeg").as_deref(), Some("ImageJpeg"));
        assert_eq!(variant_name("XTR").as_deref(), Some("Xtr"));
        assert_eq!(variant_name("1"), None);
        assert_eq!(variant_name("🎲"), None);
        assert_eq!(variant_name("❤\u{200d}🔥"), None);
    }

    #[test]
    fn namespaces_hand_out_unique_names() {
        let mut space = Namespace::with_reserved(["new"]);
        assert_eq!(space.take_unique("new"), "new2");
        assert_eq!(space.take_unique("x1"), "x1");
        assert_eq!(space.take_unique("x1"), "x1_2");
        assert_eq!(space.take_first_free(&["Unknown", "Other"]), "Unknown");
        assert_eq!(space.take_first_free(&["Unknown", "Other"]), "Other");
    }
}
