//! Facts stated in prose: what a method returns, the values of an enum, a union tag,
//! defaults, bounds, "required if …". Every function here takes a description in the
//! light Markdown of [`crate::raw`] and returns `None`/empty when the prose does not say.

use std::sync::LazyLock;

use regex::Regex;

use crate::spec::Bounds;
use crate::typeexpr::TypeExpr;

macro_rules! regex {
    ($re:literal) => {{
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid regex"));
        &*RE
    }};
}

/// The description as plain text: links, emphasis and code markers removed.
pub fn plain(markdown: &str) -> String {
    let unlinked = regex!(r"\[([^\]]*)\]\([^)]*\)").replace_all(markdown, "$1");
    let mut out = String::with_capacity(unlinked.len());
    let chars: Vec<char> = unlinked.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '`' => {}
            // `_` is emphasis only at a word's edge; `chat_id` keeps its underscore.
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Splits `Optional` markers off a field description: `_Optional_. Text` → (true, "Text").
pub fn strip_optional(description: &str) -> (bool, &str) {
    let prefixes = [
        "_Optional_.",
        "_Optional._",
        "_Optional_",
        "Optional.",
        "Optional",
    ];
    for prefix in prefixes {
        if let Some(rest) = description.strip_prefix(prefix) {
            if prefix.ends_with('l') && rest.starts_with(char::is_alphanumeric) {
                continue;
            }
            return (true, rest.trim_start_matches(['.', ',', ' ']).trim_start());
        }
    }
    (false, description)
}

/// Words that name a return value without being type names.
fn primitive_word(word: &str) -> Option<TypeExpr> {
    Some(match word {
        "True" | "true" => TypeExpr::True,
        "Int" | "Integer" => TypeExpr::Integer,
        "String" => TypeExpr::String,
        "Boolean" => TypeExpr::Boolean,
        "Float" => TypeExpr::Float,
        _ => return None,
    })
}

/// The return type stated by a method's description ("Returns True on success",
/// "On success, an array of Messages that were sent is returned"), given the names of
/// the spec's types. `None` when no sentence about the return value names a type.
pub fn returns(description: &str, is_type: &dyn Fn(&str) -> bool) -> Option<String> {
    let text = plain(description);
    let mut found: Vec<TypeExpr> = Vec::new();
    for sentence in sentences(&text) {
        if !regex!(r"(?i)\breturn(s|ed)?\b").is_match(sentence) {
            continue;
        }
        let words: Vec<&str> = regex!(r"[A-Za-z0-9]+")
            .find_iter(sentence)
            .map(|m| m.as_str())
            .collect();
        let mut i = 0;
        while i < words.len() {
            let mut depth = 0;
            let mut j = i;
            // "Array of X", "an array of X", "a list of X"
            while j + 2 < words.len()
                && matches!(words[j], "Array" | "array" | "list")
                && words[j + 1] == "of"
            {
                depth += 1;
                j += 2;
            }
            let word = words[j];
            let base = primitive_word(word).or_else(|| named(word, is_type, depth > 0));
            match base {
                Some(mut ty) => {
                    for _ in 0..depth {
                        ty = TypeExpr::Array(Box::new(ty));
                    }
                    if !found.contains(&ty) {
                        found.push(ty);
                    }
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    match found.len() {
        0 => None,
        1 => found.pop().map(|t| t.to_string()),
        _ => Some(TypeExpr::Union(found).to_string()),
    }
}

/// A type name, also in the plural after "array of" ("Messages").
fn named(word: &str, is_type: &dyn Fn(&str) -> bool, plural_ok: bool) -> Option<TypeExpr> {
    if is_type(word) {
        return Some(TypeExpr::Named(word.to_owned()));
    }
    let singular = word.strip_suffix('s')?;
    (plural_ok && is_type(singular)).then(|| TypeExpr::Named(singular.to_owned()))
}

/// Splits prose into sentences at `. ` boundaries (and line breaks).
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['\n'])
        .flat_map(|line| line.split(". "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Quoted values in one piece of text: “a”, "b".
fn quoted(text: &str) -> Vec<String> {
    regex!(r#"[“"]([^”"]+)[”"]"#)
        .captures_iter(text)
        .map(|c| c[1].trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The one value a field always has: "always “creator”", "must be _photo_".
pub fn const_value(description: &str) -> Option<String> {
    if let Some(c) = regex!(r#"(?i)\balways\s+[“"]([^”"]+)[”"]"#).captures(description) {
        return Some(c[1].to_owned());
    }
    let c = regex!(r"(?i)\bmust be\s+_([A-Za-z0-9_]+)_(?:\s|\.|,|;|$)").captures(description)?;
    Some(c[1].to_owned())
}

/// The closed list of values a field can take: "can be either “private”, “group” or
/// “channel”", "Currently, can be “mention” (@username), …", "one of “a”, “b”".
pub fn enum_values(description: &str) -> Vec<String> {
    let text = plain(description);
    for sentence in sentences(&text) {
        let Some(trigger) =
            regex!(r"(?i)\b(can be|one of|either|must be|currently)\b").find(sentence)
        else {
            continue;
        };
        let values = quoted(&sentence[trigger.start()..]);
        if values.len() >= 2 {
            let mut unique: Vec<String> = Vec::new();
            for value in values {
                if !unique.contains(&value) {
                    unique.push(value);
                }
            }
            return unique;
        }
    }
    Vec::new()
}

/// The value may be `attach://<name>`, a file uploaded in the same multipart request:
/// such a string field accepts an upload as well as a file id or URL.
pub fn accepts_attachment(description: &str) -> bool {
    description.contains("attach://")
}

/// "Defaults to 100", "Defaults to “HTML”", "defaults to _false_".
pub fn default_value(description: &str) -> Option<String> {
    let text = plain(description);
    let c = regex!(r#"(?i)\bdefaults? to\s+([“"][^”"]+[”"]|-?\d+(?:\.\d+)?|true|false)(?:\W|$)"#)
        .captures(&text)?;
    Some(c[1].trim_matches(['“', '”', '"']).to_owned())
}

/// Numeric bounds: "Values between 1-100 are accepted", "between 1 and 100".
pub fn range(description: &str) -> Option<Bounds> {
    let text = plain(description);
    let c = regex!(r"(?i)\bvalues? between\s+(-?\d+)\s*(?:-|and|—|–)\s*(-?\d+)").captures(&text)?;
    Some(Bounds {
        min: c[1].parse().ok(),
        max: c[2].parse().ok(),
    })
}

/// Length bounds: "0-4096 characters", "1-100 elements", "up to 64 characters".
pub fn length(description: &str) -> Option<Bounds> {
    let text = plain(description);
    if let Some(c) =
        regex!(r"(?i)\b(\d+)\s*(?:-|—|–)\s*(\d+)\s+(?:characters|bytes|items|elements)")
            .captures(&text)
    {
        return Some(Bounds {
            min: c[1].parse().ok(),
            max: c[2].parse().ok(),
        });
    }
    None
}

/// The page warns that the value may not fit in 32 bits.
pub fn is_int64(description: &str) -> bool {
    regex!(r"(?i)64[- ]bit|52 significant bits|more than 32 significant bits").is_match(description)
}

/// "Required if _inline_message_id_ is not specified" → `["inline_message_id"]`.
pub fn required_unless(description: &str) -> Vec<String> {
    let text = plain(description);
    let Some(c) =
        regex!(r"(?i)\brequired if\s+(.+?)\s+(?:is|are) not (?:specified|passed|given|used)")
            .captures(&text)
    else {
        return Vec::new();
    };
    regex!(r"[a-z][a-z0-9_]*")
        .find_iter(&c[1])
        .map(|m| m.as_str())
        .filter(|w| !matches!(*w, "and" | "or" | "the"))
        .map(str::to_owned)
        .collect()
}

/// Version and release date in a page's change log: a heading "July 14, 2026" and
/// its first paragraph "**Bot API 10.2**".
pub fn version(text: &str) -> Option<String> {
    let c = regex!(r"\bBot API (\d+\.\d+(?:\.\d+)?)").captures(text)?;
    Some(c[1].to_owned())
}

/// "July 14, 2026" → "2026-07-14".
pub fn iso_date(text: &str) -> Option<String> {
    let c = regex!(r"^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})$")
        .captures(text.trim())?;
    let month = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .iter()
    .position(|m| *m == &c[1])?
        + 1;
    let day: u32 = c[2].parse().ok()?;
    Some(format!("{}-{month:02}-{day:02}", &c[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_type(name: &str) -> bool {
        matches!(
            name,
            "Message" | "Update" | "User" | "MessageId" | "ChatMember" | "File"
        )
    }

    #[test]
    fn plain_strips_markup_but_not_identifiers() {
        assert_eq!(
            plain("_Optional_. A [Chat](#chat) for `chat_id` \\<b\\>"),
            "Optional. A Chat for chat_id <b>"
        );
    }

    #[test]
    fn return_types_from_prose() {
        let r = |t: &str| returns(t, &is_type);
        assert_eq!(r("Returns _True_ on success.").as_deref(), Some("True"));
        assert_eq!(
            r("On success, the sent [Message](#message) is returned.").as_deref(),
            Some("Message")
        );
        assert_eq!(
            r("Returns an Array of [Update](#update) objects.").as_deref(),
            Some("Array of Update")
        );
        assert_eq!(
            r("On success, an array of Messages that were sent is returned.").as_deref(),
            Some("Array of Message")
        );
        assert_eq!(
            r("On success, if the message is not an inline message, the edited Message is returned, otherwise _True_ is returned.").as_deref(),
            Some("Message or True")
        );
        assert_eq!(r("Returns Int on success.").as_deref(), Some("Integer"));
        assert_eq!(r("Use this method to do things. User gets a notice."), None);
    }

    #[test]
    fn enums_and_constants() {
        assert_eq!(
            enum_values(
                "Type of the chat, can be either “private”, “group”, “supergroup” or “channel”"
            ),
            ["private", "group", "supergroup", "channel"]
        );
        assert_eq!(
            const_value("The member's status in the chat, always “creator”").as_deref(),
            Some("creator")
        );
        assert_eq!(
            const_value("Type of the result, must be _photo_").as_deref(),
            Some("photo")
        );
        assert!(enum_values("Text of the message, 1-4096 characters").is_empty());
    }

    #[test]
    fn defaults_bounds_and_conditions() {
        let text = "Limits the number of updates to be retrieved. Values between 1-100 are accepted. Defaults to 100.";
        assert_eq!(default_value(text).as_deref(), Some("100"));
        assert_eq!(
            range(text),
            Some(Bounds {
                min: Some(1),
                max: Some(100)
            })
        );
        assert_eq!(
            length("Text of the message to be sent, 1-4096 characters after entities parsing"),
            Some(Bounds {
                min: Some(1),
                max: Some(4096)
            })
        );
        assert_eq!(
            required_unless("Required if _chat_id_ and _message_id_ are not specified."),
            ["chat_id", "message_id"]
        );
        assert!(is_int64("This number may have more than 32 significant bits and some programming languages may have difficulty/silent defects in interpreting it. But it has at most 52 significant bits, so a signed 64-bit integer"));
        assert_eq!(iso_date("July 14, 2026").as_deref(), Some("2026-07-14"));
        assert_eq!(version("**Bot API 10.2**").as_deref(), Some("10.2"));
    }

    #[test]
    fn optional_marker() {
        assert_eq!(
            strip_optional("_Optional_. New message"),
            (true, "New message")
        );
        assert_eq!(
            strip_optional("_Optional._ New message"),
            (true, "New message")
        );
        assert_eq!(
            strip_optional("Optionally, something"),
            (false, "Optionally, something")
        );
    }
}
