//! The type grammar of Bot API pages: `Integer`, `Array of PhotoSize`,
//! `Integer or String`, `Array of InputMediaAudio, InputMediaDocument and InputMediaPhoto`.
//!
//! `Array of` applies to everything that follows it; alternatives are joined with `or`
//! (the prose forms "A, B and C" and "A, B or C" mean the same). `or null` after an
//! array's element type makes the elements nullable (`Array of Message or null`: a list
//! in which an element may be `null`); anywhere else it is an error, since a field that
//! may be absent or `null` is an optional field. [`TypeExpr::parse`]
//! accepts the page's spellings; [`TypeExpr`]'s `Display` writes the normalised form that
//! specs store, and `parse(display(x)) == x`.

use std::fmt;

/// A parsed type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeExpr {
    Integer,
    Float,
    String,
    Boolean,
    /// A boolean that is always `true` (the page's `True`).
    True,
    /// A file to upload (or, where the page says so, a `file_id`/URL string).
    InputFile,
    /// A 64-bit integer that travels as a JSON string (TDLib's `int64`).
    Int64,
    /// Bytes that travel as base64 text (TDLib's `bytes`).
    Bytes,
    /// A type defined elsewhere in the spec.
    Named(std::string::String),
    /// `Array of T`.
    Array(Box<TypeExpr>),
    /// `A or B or …`: two or more alternatives, none of them a union.
    Union(Vec<TypeExpr>),
    /// `T or null`, only as an array's element: the element may be `null`.
    Nullable(Box<TypeExpr>),
}

/// Why a type text could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a type: {reason}")]
pub struct TypeExprError {
    pub text: std::string::String,
    pub reason: &'static str,
}

impl TypeExpr {
    /// Parses a type as written on a page (or in a spec).
    pub fn parse(text: &str) -> Result<TypeExpr, TypeExprError> {
        let error = |reason| TypeExprError {
            text: text.to_owned(),
            reason,
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(error("it is empty"));
        }
        // Most types on a page are one word.
        if !trimmed.contains([' ', ',', '\n', '\t']) {
            return parse_atom(trimmed).ok_or_else(|| error("expected a type name"));
        }
        let normalized = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        match parse_union(&normalized, false) {
            Ok(parsed) => Ok(parsed),
            Err(Misplaced::Null) => Err(error("`or null` is only for an array's elements")),
            Err(Misplaced::Other) => Err(error("expected `Array of T`, `A or B` or a type name")),
        }
    }

    /// The types this expression names, outside the built-in ones, in order of appearance.
    pub fn named_types(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_named(&mut out);
        out
    }

    fn collect_named<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            TypeExpr::Named(name) => out.push(name),
            TypeExpr::Array(inner) | TypeExpr::Nullable(inner) => inner.collect_named(out),
            TypeExpr::Union(items) => items.iter().for_each(|item| item.collect_named(out)),
            _ => {}
        }
    }

    /// The same type with every named type passed through `rename` and the alternatives
    /// of every union in one order: two texts that mean the same type (`Integer or
    /// String`, `String or Integer`) have the same canonical form.
    pub fn canonical(&self, rename: &dyn Fn(&str) -> Option<std::string::String>) -> TypeExpr {
        match self {
            TypeExpr::Named(name) => TypeExpr::Named(rename(name).unwrap_or_else(|| name.clone())),
            TypeExpr::Array(inner) => TypeExpr::Array(Box::new(inner.canonical(rename))),
            TypeExpr::Nullable(inner) => TypeExpr::Nullable(Box::new(inner.canonical(rename))),
            TypeExpr::Union(items) => {
                let mut items: Vec<TypeExpr> = items.iter().map(|i| i.canonical(rename)).collect();
                items.sort();
                items.dedup();
                TypeExpr::Union(items)
            }
            other => other.clone(),
        }
    }

    /// Every union in the expression (`A or B`, also inside `Array of …`), outermost first.
    pub fn unions(&self) -> Vec<&TypeExpr> {
        match self {
            TypeExpr::Array(inner) | TypeExpr::Nullable(inner) => inner.unions(),
            TypeExpr::Union(items) => std::iter::once(self)
                .chain(items.iter().flat_map(TypeExpr::unions))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// True when an `InputFile` appears anywhere in the expression.
    pub fn mentions_input_file(&self) -> bool {
        match self {
            TypeExpr::InputFile => true,
            TypeExpr::Array(inner) | TypeExpr::Nullable(inner) => inner.mentions_input_file(),
            TypeExpr::Union(items) => items.iter().any(TypeExpr::mentions_input_file),
            _ => false,
        }
    }
}

/// What kind of values a field with a closed list of values (`enum`) holds, by its
/// type: the scrape reads such lists for these types only, and the generator makes
/// an enum of text or integer values of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A `String`, or an `Array of String` (the values of its elements).
    Text,
    /// An `Integer`.
    Integer,
}

impl ValueKind {
    /// The kind of values a field of this type can have a set of.
    pub fn of(ty: &TypeExpr) -> Option<ValueKind> {
        match ty {
            TypeExpr::String => Some(ValueKind::Text),
            TypeExpr::Array(inner) if **inner == TypeExpr::String => Some(ValueKind::Text),
            TypeExpr::Integer => Some(ValueKind::Integer),
            _ => None,
        }
    }
}

/// Why [`parse_union`] failed.
enum Misplaced {
    /// `or null` outside an array's element type.
    Null,
    Other,
}

/// Splits on the alternatives' separators (`or`, `and`, `,`) at the top level; an
/// `Array of` swallows everything after it, so it can only be the last alternative.
/// `element` is true for an array's element type, where a `null` alternative may be.
fn parse_union(text: &str, element: bool) -> Result<TypeExpr, Misplaced> {
    let mut items = Vec::new();
    let mut nullable = false;
    let mut rest = text;
    loop {
        if let Some(inner) = rest.strip_prefix("Array of ") {
            items.push(TypeExpr::Array(Box::new(parse_union(inner, true)?)));
            break;
        }
        let (head, tail) = split_first_alternative(rest);
        if head == "null" {
            nullable = true;
        } else {
            items.push(parse_atom(head).ok_or(Misplaced::Other)?);
        }
        match tail {
            Some(tail) => rest = tail,
            None => break,
        }
    }
    let mut flat = Vec::new();
    for item in items {
        match item {
            TypeExpr::Union(inner) => flat.extend(inner),
            other if !flat.contains(&other) => flat.push(other),
            _ => {}
        }
    }
    let parsed = match flat.len() {
        0 => return Err(Misplaced::Other),
        1 => flat.pop().ok_or(Misplaced::Other)?,
        _ => TypeExpr::Union(flat),
    };
    match (nullable, element) {
        (false, _) => Ok(parsed),
        (true, true) => Ok(TypeExpr::Nullable(Box::new(parsed))),
        (true, false) => Err(Misplaced::Null),
    }
}

/// Splits at the first separator (`, or `, `, and `, ` or `, ` and `, `, `), the
/// longest where several start at the same place. One pass over the commas and spaces.
fn split_first_alternative(text: &str) -> (&str, Option<&str>) {
    for (at, mark) in text.match_indices([',', ' ']) {
        let separators: &[&str] = match mark {
            "," => &[", or ", ", and ", ", "],
            _ => &[" or ", " and "],
        };
        if let Some(sep) = separators.iter().find(|sep| text[at..].starts_with(*sep)) {
            return (&text[..at], Some(&text[at + sep.len()..]));
        }
    }
    (text, None)
}

fn parse_atom(text: &str) -> Option<TypeExpr> {
    // `String[]`: an array in the notation of some pages.
    if let Some(inner) = text.strip_suffix("[]") {
        return Some(TypeExpr::Array(Box::new(parse_atom(inner)?)));
    }
    Some(match text {
        "Integer" | "Int" | "int" => TypeExpr::Integer,
        "Float" | "Float number" => TypeExpr::Float,
        "String" => TypeExpr::String,
        "Boolean" => TypeExpr::Boolean,
        "True" => TypeExpr::True,
        "InputFile" => TypeExpr::InputFile,
        "Int64" => TypeExpr::Int64,
        "Bytes" => TypeExpr::Bytes,
        name if is_type_name(name) => TypeExpr::Named(name.to_owned()),
        _ => return None,
    })
}

/// A type name as pages write them: an ASCII capital letter, then letters and digits.
pub fn is_type_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Integer => f.write_str("Integer"),
            TypeExpr::Float => f.write_str("Float"),
            TypeExpr::String => f.write_str("String"),
            TypeExpr::Boolean => f.write_str("Boolean"),
            TypeExpr::True => f.write_str("True"),
            TypeExpr::InputFile => f.write_str("InputFile"),
            TypeExpr::Int64 => f.write_str("Int64"),
            TypeExpr::Bytes => f.write_str("Bytes"),
            TypeExpr::Named(name) => f.write_str(name),
            TypeExpr::Array(inner) => write!(f, "Array of {inner}"),
            TypeExpr::Nullable(inner) => write!(f, "{inner} or null"),
            TypeExpr::Union(items) => {
                // An array can only be written last: `Array of` swallows what follows.
                let (arrays, others): (Vec<_>, Vec<_>) = items
                    .iter()
                    .partition(|item| matches!(item, TypeExpr::Array(_)));
                for (i, item) in others.iter().chain(arrays.iter()).enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        TypeExpr::parse(text).unwrap().to_string()
    }

    #[test]
    fn normalises_page_spellings() {
        assert_eq!(norm("Float number"), "Float");
        assert_eq!(norm("Integer or String"), "Integer or String");
        assert_eq!(
            norm("Array of Array of PhotoSize"),
            "Array of Array of PhotoSize"
        );
        assert_eq!(
            norm(
                "Array of InputMediaAudio, InputMediaDocument, InputMediaPhoto and InputMediaVideo"
            ),
            "Array of InputMediaAudio or InputMediaDocument or InputMediaPhoto or InputMediaVideo"
        );
        assert_eq!(
            norm(
                "InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply"
            ),
            "InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply"
        );
        assert_eq!(norm("Integer  or\nString"), "Integer or String");
        assert_eq!(norm("int"), "Integer");
        assert_eq!(norm("String[]"), "Array of String");
        assert_eq!(norm("String[][]"), "Array of Array of String");
        assert_eq!(norm("Array of Int64"), "Array of Int64");
        assert_eq!(norm("Bytes"), "Bytes");
    }

    #[test]
    fn array_applies_to_everything_after_it() {
        let parsed = TypeExpr::parse("Array of A or B").unwrap();
        assert_eq!(
            parsed,
            TypeExpr::Array(Box::new(TypeExpr::Union(vec![
                TypeExpr::Named("A".into()),
                TypeExpr::Named("B".into())
            ])))
        );
        assert_eq!(parsed.named_types(), ["A", "B"]);
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "Message or True",
            "InputFile or String",
            "Integer or Array of String",
        ] {
            assert_eq!(norm(text), text);
            assert_eq!(
                TypeExpr::parse(&norm(text)).unwrap(),
                TypeExpr::parse(text).unwrap()
            );
        }
    }

    #[test]
    fn rejects_prose() {
        assert!(TypeExpr::parse("").is_err());
        assert!(TypeExpr::parse("a number").is_err());
        assert!(TypeExpr::parse("Array of").is_err());
        assert!(TypeExpr::parse("Integer or").is_err());
    }

    #[test]
    fn null_only_for_array_elements() {
        let parsed = TypeExpr::parse("Array of Message or null").unwrap();
        assert_eq!(
            parsed,
            TypeExpr::Array(Box::new(TypeExpr::Nullable(Box::new(TypeExpr::Named(
                "Message".into()
            )))))
        );
        assert_eq!(parsed.to_string(), "Array of Message or null");
        assert_eq!(parsed.named_types(), ["Message"]);
        assert_eq!(
            norm("Array of Array of A or B or null"),
            "Array of Array of A or B or null"
        );
        for text in [
            "Message or null",
            "null",
            "Array of null",
            "null or Array of A",
        ] {
            assert!(TypeExpr::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            TypeExpr::parse("Message or null").unwrap_err().reason,
            "`or null` is only for an array's elements"
        );
    }
}
