//! The grammar of a page's names: which shapes the names of types, methods, fields,
//! parameters and enumeration values take. A name outside it is a damaged page (a
//! cell read in the wrong column, a swapped row, a stray character), never an API
//! name, so it is an error rather than a Rust identifier made up from it.
//!
//! Each dialect states its grammar as data ([`crate::scrape::dialect::Dialect::grammar`]).

use crate::diagnostics::Diagnostics;
use crate::scrape::raw::Places;
use crate::spec::Spec;

/// Diagnostics, and where on the page the spec's items are (when it is a page).
struct Placed<'a, 'd, 'p> {
    places: Option<&'a Places<'p>>,
    diags: &'d mut Diagnostics,
}

/// A shape of name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `chat_id`: small letters, digits and underscores, starting with a letter.
    Snake,
    /// `ChatMember`, `PeerID`: letters and digits, starting with a capital.
    Pascal,
    /// `sendMessage`: letters and digits, starting with a small letter.
    Camel,
    /// `@type`: an `@`, then snake_case (TDLib's JSON tags).
    Tag,
}

impl Case {
    pub fn matches(self, name: &str) -> bool {
        let mut chars = name.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        match self {
            Case::Snake => {
                first.is_ascii_lowercase()
                    && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            }
            Case::Pascal => first.is_ascii_uppercase() && chars.all(|c| c.is_ascii_alphanumeric()),
            Case::Camel => first.is_ascii_lowercase() && chars.all(|c| c.is_ascii_alphanumeric()),
            Case::Tag => first == '@' && Case::Snake.matches(chars.as_str()),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Case::Snake => "snake_case",
            Case::Pascal => "PascalCase",
            Case::Camel => "camelCase",
            Case::Tag => "@snake_case",
        }
    }
}

/// The shapes a page gives each kind of name; a name must match one of its kind's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grammar {
    pub types: &'static [Case],
    pub methods: &'static [Case],
    pub fields: &'static [Case],
    pub params: &'static [Case],
    /// Names of the members of integer enumerations.
    pub values: &'static [Case],
}

impl Grammar {
    /// The Telegram page's: `User`, `sendMessage`, `chat_id`.
    pub const TELEGRAM: Grammar = Grammar {
        types: &[Case::Pascal],
        methods: &[Case::Camel],
        fields: &[Case::Snake],
        params: &[Case::Snake],
        values: &[Case::Pascal],
    };

    /// Checks every name of `spec`; each one outside the grammar is an error naming
    /// the item and the row it comes from, placed on the page when `places` knows
    /// where.
    pub fn check(&self, spec: &Spec, places: Option<&Places<'_>>, diags: &mut Diagnostics) {
        let mut diags = Placed { places, diags };
        let diags = &mut diags;
        for ty in &spec.types {
            self.check_one(&ty.name, "type", "", self.types, diags);
            for field in ty.fields() {
                self.check_one(&field.name, "field", &ty.name, self.fields, diags);
            }
            for value in ty.values() {
                self.check_one(
                    &value.name,
                    "enumeration value",
                    &ty.name,
                    self.values,
                    diags,
                );
            }
        }
        for method in &spec.methods {
            self.check_one(&method.name, "method", "", self.methods, diags);
            for param in &method.params {
                self.check_one(&param.name, "parameter", &method.name, self.params, diags);
            }
        }
    }

    fn check_one(
        &self,
        name: &str,
        kind: &str,
        item: &str,
        cases: &[Case],
        diags: &mut Placed<'_, '_, '_>,
    ) {
        if cases.iter().any(|case| case.matches(name)) {
            return;
        }
        let shapes: Vec<_> = cases.iter().map(|c| c.describe()).collect();
        let expected = shapes.join(" or ");
        if item.is_empty() {
            let at = diags.places.and_then(|p| p.item(name));
            diags.diags.error_at(
                at,
                name,
                format!("{kind} name `{name}` is not {expected}: the heading is damaged"),
            );
        } else {
            let at = diags.places.and_then(|p| p.row(item, name));
            diags.diags.error_at(
                at,
                item,
                format!(
                    "{kind} `{name}` (a row of the table) is not a {expected} name: its cells may be swapped or damaged"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Field, Method, TypeDef};

    #[test]
    fn cases() {
        assert!(Case::Snake.matches("chat_id"));
        assert!(Case::Snake.matches("x2"));
        for bad in [
            "can-manage-topics",
            "Optional. True, if",
            "chatId",
            "_x",
            "",
        ] {
            assert!(!Case::Snake.matches(bad), "{bad}");
        }
        assert!(Case::Pascal.matches("PeerID"));
        assert!(!Case::Pascal.matches("peer"));
        assert!(!Case::Pascal.matches("Chat_Member"));
        assert!(Case::Camel.matches("sendMessage"));
        assert!(!Case::Camel.matches("send_message"));
        assert!(Case::Tag.matches("@type"));
        for bad in ["type", "@", "@Type", "@@type", "@type-x"] {
            assert!(!Case::Tag.matches(bad), "{bad}");
        }
    }

    #[test]
    fn names_outside_the_grammar_are_errors_naming_the_item() {
        let field = |name: &str| Field {
            name: name.into(),
            ty: "String".into(),
            ..Field::default()
        };
        let spec = Spec {
            api: crate::spec::Api::new("T", "", crate::spec::Auth::UrlPath),
            types: vec![TypeDef {
                name: "User".into(),
                kind: crate::spec::TypeKind::Object(vec![
                    field("id"),
                    field("Optional. True, if the bot"),
                ]),
                ..TypeDef::default()
            }],
            methods: vec![Method {
                name: "sendMessage".into(),
                params: vec![field("can-manage-topics")],
                ..Method::default()
            }],
            skipped: Vec::new(),
        };
        let mut diags = Diagnostics::new("page.html");
        Grammar::TELEGRAM.check(&spec, None, &mut diags);
        let text = diags.to_string();
        assert_eq!(diags.errors().count(), 2, "{text}");
        assert!(
            text.contains("[User] field `Optional. True, if the bot`"),
            "{text}"
        );
        assert!(
            text.contains("[sendMessage] parameter `can-manage-topics`"),
            "{text}"
        );
    }
}
