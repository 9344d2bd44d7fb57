//! Types the page defines only in prose, for types its tables refer to without
//! defining them:
//! - "The WebhookInfo object contains fields: url, has_custom_certificate, …"
//!   (names only: the types stay unknown, for overrides to give);
//! - "Each LabeledPrice has label (String) and amount (Integer, in the smallest
//!   currency unit)" (a type in the parentheses);
//! - "Each BotCommand has command (1-32 chars) and description (1-256 chars)" (a
//!   length in characters: a string).
//!
//! Each type found is marked [`Origin::Prose`] with the sentence it comes from.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::scrape::analyze::undefined_types;
use crate::scrape::prose;
use crate::scrape::raw::{Block, RawPage};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Bounds, Field, Origin, Spec, TypeDef, TypeKind};

/// Adds a type for every undefined type the page's prose gives the fields of.
pub fn resolve(page: &RawPage, spec: &mut Spec) {
    let undefined = undefined_types(spec);
    if undefined.is_empty() {
        return; // the usual case; making the whole page plain would be wasted
    }
    // One pass over the page's text for all names (a search per name grows with
    // names × page on a damaged page): the first definition of each, in page order.
    let mut definitions: BTreeMap<String, (String, Vec<Field>)> = BTreeMap::new();
    for text in &page_texts(page) {
        for (subject, definition) in definitions_in(text) {
            if undefined.contains(subject) && !definitions.contains_key(subject) {
                if let Some(found) = definition() {
                    definitions.insert(subject.to_owned(), found);
                }
            }
        }
    }
    for name in undefined {
        let found = definitions.remove(&name);
        // Fields whose type the prose does not give keep an empty type: `analyze`
        // reports each one unless an override gives it.
        if let Some((sentence, fields)) = found {
            spec.types.push(TypeDef {
                name,
                kind: TypeKind::Object(fields),
                origin: Origin::Prose {
                    reason: format!("fields as the page's prose states them: “{sentence}”"),
                },
                ..TypeDef::default()
            });
        }
    }
}

/// All text of the page as plain text: paragraphs, list items and table cells.
fn page_texts(page: &RawPage) -> Vec<Cow<'_, str>> {
    let mut texts = Vec::new();
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Text(text) => texts.push(prose::plain(text)),
            Block::List(items) => texts.extend(items.iter().map(|i| prose::plain(i))),
            Block::Table(table) => {
                texts.extend(table.rows.iter().flatten().map(|c| prose::plain(c)));
            }
            Block::Code(_) | Block::Labeled { .. } => {}
        }
    }
    texts
}

/// The sentences of `text` that may give the fields of a type: the type's name, and
/// the sentence with its fields when they read as a list of fields.
fn definitions_in(
    text: &str,
) -> impl Iterator<Item = (&str, impl FnOnce() -> Option<(String, Vec<Field>)> + '_)> {
    static INTRO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:The |Each |An? )?([A-Z][A-Za-z0-9]*)(?: objects?)? (?:contains fields:|has fields:|has)\s+")
            .expect("valid regex")
    });
    INTRO.captures_iter(text).filter_map(move |intro| {
        let (whole, subject) = (intro.get(0)?, intro.get(1)?);
        let definition = move || {
            let list = until_sentence_end(&text[whole.end()..]);
            let fields = field_list(list)?;
            let sentence = format!("{}{list}.", &text[whole.start()..whole.end()]);
            Some((sentence, fields))
        };
        Some((subject.as_str(), definition))
    })
}

/// Text up to the end of its sentence: a `.` outside parentheses, followed by a space
/// or the end.
fn until_sentence_end(text: &str) -> &str {
    let mut depth = 0i32;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' if depth == 0 && text[at + 1..].starts_with(char::is_whitespace) => {
                return &text[..at]
            }
            '.' if depth == 0 && at + 1 == text.len() => return &text[..at],
            _ => {}
        }
    }
    text
}

/// `a (String), b (Integer, …) and optionally c (X)` → fields; `None` unless every
/// item is a field name with an optional parenthesis.
fn field_list(list: &str) -> Option<Vec<Field>> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(optionally )?([a-z][a-z0-9_]*)(?: \((.*)\))?$").expect("valid regex")
    });
    let mut fields = Vec::new();
    for item in split_items(list) {
        let c = ITEM.captures(item.trim())?;
        let (ty, description, length) = match c.get(3) {
            Some(paren) => read_parenthesis(paren.as_str()),
            None => (String::new(), String::new(), None),
        };
        fields.push(Field {
            name: c[2].to_owned(),
            ty,
            required: c.get(1).is_none(),
            description,
            length,
            ..Field::default()
        });
    }
    (!fields.is_empty()).then_some(fields)
}

/// Splits a list at `,` and `and` outside parentheses.
fn split_items(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    let bytes = list.as_bytes();
    let mut at = 0;
    while at < list.len() {
        match bytes[at] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 0 => {
                items.push(&list[start..at]);
                start = at + 1;
            }
            b' ' if depth == 0 && list[at..].starts_with(" and ") => {
                items.push(&list[start..at]);
                at += " and ".len();
                start = at;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    items.push(&list[start..]);
    items
        .into_iter()
        .map(|item| item.trim().trim_start_matches("and ").trim())
        .filter(|item| !item.is_empty())
        .collect()
}

/// `(Integer, in the smallest currency unit)` → Integer and a description;
/// `(1-32 chars)` → String with a length.
fn read_parenthesis(text: &str) -> (String, String, Option<Bounds>) {
    static CHARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d+)-(\d+) (?:chars|characters)$").expect("valid regex"));
    let (head, rest) = match text.split_once(", ") {
        Some((head, rest)) => (head.trim(), rest.trim()),
        None => (text.trim(), ""),
    };
    if let Ok(ty) = TypeExpr::parse(head) {
        return (ty.to_string(), rest.to_owned(), None);
    }
    if let Some(c) = CHARS.captures(head) {
        let length = Bounds {
            min: c[1].parse().ok(),
            max: c[2].parse().ok(),
        };
        return (
            TypeExpr::String.to_string(),
            text.trim().to_owned(),
            Some(length),
        );
    }
    (String::new(), text.trim().to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first sentence of `text` that gives the fields of `name`.
    fn definition(name: &str, text: &str) -> Option<(String, Vec<Field>)> {
        (definitions_in(text))
            .filter(|(subject, _)| *subject == name)
            .find_map(|(_, definition)| definition())
    }

    fn fields(name: &str, text: &str) -> Vec<(String, String, bool)> {
        definition(name, text)
            .unwrap()
            .1
            .into_iter()
            .map(|f| (f.name, f.ty, f.required))
            .collect()
    }

    #[test]
    fn names_only() {
        let text = "Returns a WebhookInfo object. The WebhookInfo object contains fields: url, has_custom_certificate, allowed_updates.";
        assert_eq!(
            fields("WebhookInfo", text),
            [
                ("url".into(), "".into(), true),
                ("has_custom_certificate".into(), "".into(), true),
                ("allowed_updates".into(), "".into(), true)
            ]
        );
    }

    #[test]
    fn types_and_lengths_in_parentheses() {
        let text = "Price breakdown. Each LabeledPrice has label (String) and amount (Integer, in the smallest currency unit, e.g. kopecks).";
        let (_, read) = definition("LabeledPrice", text).unwrap();
        assert_eq!(read[1].ty, "Integer");
        assert_eq!(
            read[1].description,
            "in the smallest currency unit, e.g. kopecks"
        );
        let text = "List of bot commands (up to 100). Each BotCommand has command (1-32 chars) and description (1-256 chars).";
        let (sentence, read) = definition("BotCommand", text).unwrap();
        assert_eq!(
            sentence,
            "Each BotCommand has command (1-32 chars) and description (1-256 chars)."
        );
        assert_eq!(read[0].ty, "String");
        assert_eq!(read[0].length.as_ref().and_then(|l| l.max), Some(32));
    }

    #[test]
    fn other_sentences_are_not_definitions() {
        assert!(definition("User", "Each User has a name.").is_none());
        assert!(definition(
            "InlineQueryResult",
            "All InlineQueryResult types share common fields: type (String)."
        )
        .is_none());
    }
}
