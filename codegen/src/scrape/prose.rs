//! Facts stated in prose: what a method returns, the values of an enum, a union tag,
//! defaults, bounds, "required if …". Each function returns `None`/empty when the prose
//! does not say. [`returns`] and [`const_value`] take a description in the light
//! Markdown of [`crate::scrape::raw`] (they need its links and emphasis); the others take the
//! description made [`plain`] once by the caller, as a page has thousands of them.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::spec::markup;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::Bounds;

/// A regex compiled once. Word boundaries in these patterns are ASCII (`(?-u:\b)`): a
/// Unicode `\b` makes the fast regex engines give up on any text with a non-ASCII
/// character (every “quoted” value), and the slow fallback cost a scrape about a
/// tenth of its time.
macro_rules! regex {
    ($re:literal) => {{
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid regex"));
        &*RE
    }};
}

/// The description as plain text: links, emphasis and code markers removed, escapes
/// undone. Text that needs no change (most names, types and Required cells, snake_case
/// included) is returned as it is, without a copy.
pub fn plain(markdown: &str) -> Cow<'_, str> {
    // Markup characters are ASCII, so byte positions found here are char boundaries;
    // the runs between them are copied whole, and only once a change is due.
    let is_markup = |b: &u8| MARKDOWN[*b as usize];
    let bytes = markdown.as_bytes();
    let mut out: Option<String> = None;
    // `markdown[..copied]` is in `out` (as plain text).
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(is_markup) {
        let mark = at + offset;
        at = mark + 1;
        // `_` is emphasis only at a word's edge; `chat_id` keeps its underscore.
        if bytes[mark] == b'_'
            && markdown[..mark]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && markdown[at..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(markdown.len()));
        out.push_str(&markdown[copied..mark]);
        match bytes[mark] {
            b'\\' => {
                // An escape: the next character is text.
                if let Some(escaped) = markdown[at..].chars().next() {
                    out.push(escaped);
                    at += escaped.len_utf8();
                }
            }
            // `[text](target)`: keep the text, drop the target.
            b']' if bytes.get(at) == Some(&b'(') => {
                if let Some(close) = markdown[at..].find(')') {
                    at += close + 1;
                }
            }
            _ => {}
        }
        copied = at;
    }
    match out {
        None => Cow::Borrowed(markdown),
        Some(mut out) => {
            out.push_str(&markdown[copied..]);
            Cow::Owned(out)
        }
    }
}

/// The bytes [`plain`] acts on: the description's markers and escape
/// ([`markup::MARKERS`]), as a table looked up for every byte of every description.
static MARKDOWN: [bool; 256] = {
    let mut markdown = [false; 256];
    let mut index = 0;
    let markers = markup::MARKERS;
    while index < markers.len() {
        markdown[markers[index] as usize] = true;
        index += 1;
    }
    markdown
};

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
        // Most sentences say nothing of a return: a substring test spares the regex.
        let may_return = sentence.contains("eturn") || sentence.contains("ETURN");
        if !may_return || !regex!(r"(?i)(?-u:\b)return(s|ed)?(?-u:\b)").is_match(sentence) {
            continue;
        }
        let words: Vec<&str> = sentence
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
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

/// Splits prose into sentences at a full stop followed by any white space (a space,
/// a no-break space, a line break: pages differ in typography) and at line breaks.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['\n'])
        .flat_map(full_stops)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The parts of a line between full stops followed by white space (both left out).
fn full_stops(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let text = rest?;
        let end = text.match_indices('.').find_map(|(at, _)| {
            let next = text[at + 1..].chars().next()?;
            next.is_whitespace()
                .then_some((at, at + 1 + next.len_utf8()))
        });
        match end {
            Some((stop, after)) => {
                rest = Some(&text[after..]);
                Some(&text[..stop])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// Quoted values in one piece of text: “a”, "b".
fn quoted(text: &str) -> Vec<String> {
    quotations(text)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Each quotation in the text: the whole match with its quotes, and the value inside.
/// (A plain match, not a capture group: capture groups need the slower regex engines.)
fn quotations(text: &str) -> impl Iterator<Item = (regex::Match<'_>, &str)> {
    regex!(r#"[“"][^”"]+[”"]"#).find_iter(text).map(|m| {
        let inner = m.as_str();
        let open = inner.chars().next().map_or(0, char::len_utf8);
        let close = inner.chars().next_back().map_or(0, char::len_utf8);
        (m, &inner[open..inner.len() - close])
    })
}

/// The one value a field always has: "always “creator”", "must be _photo_".
pub fn const_value(description: &str) -> Option<String> {
    // Cheap checks first: a page has thousands of descriptions and few constants.
    if !description.contains("lways") && !description.contains("ust be") {
        return None;
    }
    if let Some(c) = regex!(r#"(?i)(?-u:\b)always\s+[“"]([^”"]+)[”"]"#).captures(description)
    {
        return Some(c[1].to_owned());
    }
    if let Some(c) =
        regex!(r"(?i)(?-u:\b)must be\s+_([A-Za-z0-9_]+)_(?:\s|\.|,|;|$)").captures(description)
    {
        return Some(c[1].to_owned());
    }
    // Without emphasis, only as the last words: "Type of the result, must be article".
    let c = regex!(r"(?-u:\b)must be\s+([a-z][a-z0-9_]*)\.?$").captures(description.trim())?;
    Some(c[1].to_owned())
}

/// The integer a tag field of an enumeration type always holds: "This value needs to
/// be 2(ReplyKeyboardMarkupType)", "needs to be set as 3".
pub fn const_integer(description: &str) -> Option<String> {
    // Called for every field of a named type; few are tags.
    if !description.contains("to be") && !description.contains("ust be") {
        return None;
    }
    let text = plain(description);
    let c = regex!(r"(?i)(?-u:\b)(?:needs to be|must be)\s+(?:set as\s+)?(-?\d+)(?-u:\b)")
        .captures(&text)?;
    Some(c[1].to_owned())
}

/// The integer an `Integer` field always holds, stated as a sentence of its own:
/// "Always 0. The field can be used to differentiate regular and inaccessible
/// messages." A value with a condition ("Always 0 for crafted gifts") is no constant.
pub fn always_integer(text: &str) -> Option<String> {
    if !text.contains("lways") {
        return None;
    }
    let c = regex!(r"(?i)(?-u:\b)always\s+(-?\d+)\s*(?:\.|;|$)").captures(text)?;
    Some(c[1].to_owned())
}

/// The closed list of values a field can take: "can be either “private”, “group” or
/// “channel”", "Currently, can be “mention” (@username), …", "one of “a”, “b”", and
/// a bare alternative of quoted values ("Poll type, “quiz” or “regular”"). Examples
/// ("for example, “h264” or “av01”") are not a closed list.
pub fn enum_values(text: &str) -> Vec<String> {
    enum_values_stated(text).map_or_else(Vec::new, |(values, _)| values)
}

/// [`enum_values`], with the sentence that states them.
pub fn enum_values_stated(text: &str) -> Option<(Vec<String>, &str)> {
    // (Two searches for one character each are vectorised; one for either is not.)
    if !text.contains('“') && !text.contains('"') {
        return None;
    }
    for sentence in sentences(text) {
        let Some(trigger) =
            regex!(r"(?i)(?-u:\b)(can be|one of|either|must be|currently)(?-u:\b)").find(sentence)
        else {
            continue;
        };
        let values = quoted(&sentence[trigger.start()..]);
        if values.len() >= 2 {
            return Some((unique(values), sentence));
        }
    }
    sentences(text)
        .filter(|sentence| !regex!(r"(?i)(?-u:\b)(for example|e\.g\.|such as)").is_match(sentence))
        .find_map(|sentence| Some((unique(quoted_alternative(sentence)?), sentence)))
}

/// Two or more quoted values joined as alternatives, the last one by "or":
/// `“a”, “b”, or “c”`. A list joined by "and" ("other than “bold” and “italic”") is
/// not an alternative.
fn quoted_alternative(sentence: &str) -> Option<Vec<String>> {
    let mut run: Vec<String> = Vec::new();
    let mut last_end = 0;
    let mut last_gap_is_or = false;
    for (whole, value) in quotations(sentence) {
        let gap = &sentence[last_end..whole.start()];
        let joined = !run.is_empty() && joins_alternatives(gap);
        if !joined {
            if run.len() >= 2 && last_gap_is_or {
                return Some(run);
            }
            run.clear();
        }
        last_gap_is_or = joined && gap.contains("or");
        run.push(value.trim().to_owned());
        last_end = whole.end();
    }
    (run.len() >= 2 && last_gap_is_or).then_some(run)
}

/// The text between two quoted values joins them as alternatives: nothing but
/// spaces, a comma, and an "or" (`, `, ` or `, `, or `).
fn joins_alternatives(gap: &str) -> bool {
    let rest = gap.trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    match rest.strip_prefix("or") {
        Some(after) => after.starts_with(char::is_whitespace) && after.trim_start().is_empty(),
        None => rest.is_empty(),
    }
}

/// The values in their first order, each once.
pub fn unique(values: Vec<String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for value in values {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    unique
}

/// The value may be `attach://<name>`, a file uploaded in the same multipart request:
/// such a string field accepts an upload as well as a file id or URL.
pub fn accepts_attachment(description: &str) -> bool {
    description.contains("attach://")
}

/// The multipart parts a code example uploads a file in, by name: `-F "photo=@/path/to/photo.jpg"`
/// (curl) → `photo`. A part holding a text value (`-F "chat_id=1"`) is no upload.
pub fn uploaded_parts(code: &str) -> Vec<String> {
    if !code.contains("-F") {
        return Vec::new();
    }
    regex!(r#"(?:^|\s)-F\s+["']?([A-Za-z_][A-Za-z0-9_]*)=@"#)
        .captures_iter(code)
        .map(|c| c[1].to_owned())
        .collect()
}

/// Alternatives a union's lead sentence names besides its list of types: "it can be
/// either a String for plain text, an Array of RichText, or any of the following
/// types" → `["String", "Array of RichText"]`, each the longest run of words from the
/// start of its clause that reads as a type.
pub fn alternatives_before_list(text: &str) -> Vec<String> {
    if !text.contains("following") {
        return Vec::new();
    }
    let Some(c) =
        regex!(r"(?i)(?-u:\b)can be (?:either )?(.+?),? or (?:any )?(?:one )?of the following")
            .captures(text)
    else {
        return Vec::new();
    };
    c[1].split(", ")
        .filter_map(|clause| {
            let clause = clause.trim();
            let clause = clause
                .strip_prefix("an ")
                .or_else(|| clause.strip_prefix("a "))
                .unwrap_or(clause);
            let words: Vec<&str> = clause.split_whitespace().collect();
            (1..=words.len()).rev().find_map(|n| {
                let candidate = words[..n].join(" ");
                TypeExpr::parse(&candidate).ok().map(|t| t.to_string())
            })
        })
        .collect()
}

/// "Defaults to 100", "Defaults to “HTML”", "defaults to _false_". A default that holds
/// only in some cases ("defaults to _True_ for channel administrators", "defaults to
/// _False_ for quizzes and to _True_ for regular polls") is no default.
pub fn default_value(text: &str) -> Option<String> {
    if !text.contains("efault") {
        return None;
    }
    let c =
        regex!(r#"(?i)(?-u:\b)defaults? to\s+([“"][^”"]+[”"]|-?\d+(?:\.\d+)?|true|false)(?:\W|$)"#)
            .captures(text)?;
    let value = c.get(1)?;
    let rest = &text[value.end()..];
    if regex!(r"(?i)^[”\s]*,?\s*(for|if|when|unless|in case|except)(?-u:\b)").is_match(rest) {
        return None;
    }
    Some(value.as_str().trim_matches(['“', '”', '"']).to_owned())
}

/// Numeric bounds: "Values between 1-100 are accepted", "between 1 and 100", and a
/// bare range as a clause of its own ("Day of the user's birth; 1-31",
/// "…for update delivery, 1-100. Defaults to 40"). A range with a condition after it
/// ("1-6 for “🎲”") or a unit ("1-64 characters") is not the value's range.
pub fn range(text: &str) -> Option<Bounds> {
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = regex!(r"(?i)(?-u:\b)values? between\s+(-?\d+)\s*(?:-|and|—|–)\s*(-?\d+)")
        .captures(text)
        .or_else(|| {
            regex!(r"(?:^|[;,:]\s*)(-?\d+)\s*(?:-|—|–)\s*(-?\d+)\s*(?:[.;,]|$)").captures(text)
        })?;
    Some(Bounds {
        min: c[1].parse().ok(),
        max: c[2].parse().ok(),
    })
}

/// Length bounds: "0-4096 characters", "(0-1024 chars)" for a string, "1-100 elements"
/// for a list (`of_list`): a list's description may give its elements' length in
/// characters ("Each BotCommand has command (1-32 chars)"), which is not its own.
pub fn length(text: &str, of_list: bool) -> Option<Bounds> {
    let units = ["haracters", "ytes", "tems", "lements", "chars"];
    if !units.iter().any(|unit| text.contains(unit)) {
        return None;
    }
    let c =
        regex!(r"(?i)(?-u:\b)(\d+)\s*(?:-|—|–)\s*(\d+)\s+(characters|chars|bytes|items|elements)")
            .captures_iter(text)
            .find(|c| {
                let counts_elements =
                    matches!(&c[3].to_ascii_lowercase()[..], "items" | "elements");
                counts_elements == of_list
            })?;
    Some(Bounds {
        min: c[1].parse().ok(),
        max: c[2].parse().ok(),
    })
}

/// The page warns that the value may not fit in 32 bits.
pub fn is_int64(text: &str) -> bool {
    // Called for every Integer field; each pattern has one of these numbers.
    ["64", "52", "32"].iter().any(|n| text.contains(n))
        && regex!(r"(?i)64[- ]bit|52 significant bits|more than 32 significant bits").is_match(text)
}

/// "Required if _inline_message_id_ is not specified" → `["inline_message_id"]`.
pub fn required_unless(text: &str) -> Vec<String> {
    if !text.contains("equired if") {
        return Vec::new();
    }
    let Some(c) =
        regex!(r"(?i)(?-u:\b)required if\s+(.+?)\s+(?:is|are) not (?:specified|passed|given|used)")
            .captures(text)
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

/// The text may state an API-wide fact (the request URL with its token and method
/// name, the file URL, the auth header, the version): a cheap test that spares the
/// thousands of other blocks on a page from closer reading.
pub fn may_state_api_fact(text: &str) -> bool {
    regex!("oken|METHOD_NAME|file_path|Bearer|Bot API").is_match(text)
}

/// Version and release date in a page's change log: a heading "July 14, 2026" and
/// its first paragraph "**Bot API 10.2**".
pub fn version(text: &str) -> Option<String> {
    let c = regex!(r"(?-u:\b)Bot API v?(\d+\.\d+(?:\.\d+)?)").captures(text)?;
    Some(c[1].to_owned())
}

/// "July 14, 2026" → "2026-07-14".
pub fn iso_date(text: &str) -> Option<String> {
    // Called for every heading of a page; most are not dates.
    if !text.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
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
            "Message" | "Update" | "User" | "MessageId" | "ChatMember" | "File" | "OwnedGifts"
        )
    }

    #[test]
    fn uploaded_parts_are_the_file_fields_of_a_curl_example() {
        let code = "curl -X POST \"https://x/bot<token>/postStory\" \\\n-F \"chat_id=@mychannel\" \\\n-F \"content=@story_photo.jpg\" \\\n-F 'thumbnail=@t.jpg' \\\n-F \"caption=Hi @all\"";
        // `chat_id=@mychannel` is a username, not a file: curl would read it as one,
        // and so does the page's example; the caller keeps only file parameters.
        assert_eq!(uploaded_parts(code), ["chat_id", "content", "thumbnail"]);
        assert!(uploaded_parts("-d '{\"photo\": \"@x\"}'").is_empty());
    }

    #[test]
    fn plain_strips_markup_but_not_identifiers() {
        assert_eq!(
            plain("_Optional_. A [Chat](#chat) for `chat_id` \\<b\\>"),
            "Optional. A Chat for chat_id <b>"
        );
        // Text that needs no change is not copied, identifiers with `_` included.
        assert!(matches!(plain("chat_id"), Cow::Borrowed("chat_id")));
        assert!(matches!(plain("Integer or String"), Cow::Borrowed(_)));
        assert_eq!(plain("a_b [c](#c)_d_"), "a_b cd");
    }

    #[test]
    fn alternatives_are_joined_by_commas_and_or() {
        for gap in [" or ", ", ", ", or ", " ,  or\n", ""] {
            assert!(joins_alternatives(gap), "{gap:?}");
        }
        for gap in [" and ", ", and ", " orange ", " or", " for example "] {
            assert!(!joins_alternatives(gap), "{gap:?}");
        }
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
        // Sentences as later pages write them.
        assert_eq!(
            r("On success, an array of [MessageId](#messageid) of the sent messages is returned.")
                .as_deref(),
            Some("Array of MessageId")
        );
        assert_eq!(
            r("Returns the token as _String_ on success.").as_deref(),
            Some("String")
        );
        assert_eq!(
            r("Returns the gifts owned by a chat Returns [OwnedGifts](#ownedgifts) on success.")
                .as_deref(),
            Some("OwnedGifts")
        );
        assert_eq!(r("Use this method to do things. User gets a notice."), None);
    }

    #[test]
    fn enums_and_constants() {
        assert_eq!(
            enum_values(&plain(
                "Type of the chat, can be either “private”, “group”, “supergroup” or “channel”"
            )),
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
        assert_eq!(
            const_value("Type of the result, must be article").as_deref(),
            Some("article")
        );
        assert_eq!(const_value("New score, must be non-negative"), None);
        assert_eq!(const_value("It must be sent by the bot itself"), None);
        assert_eq!(
            const_integer("This value needs to be set as 3(ReplyKeyboardRemoveType), which")
                .as_deref(),
            Some("3")
        );
        assert_eq!(const_integer("Type of the entity"), None);
        assert!(enum_values(&plain("Text of the message, 1-4096 characters")).is_empty());
    }

    #[test]
    fn integer_constants_hold_unconditionally() {
        let inaccessible =
            "Always 0. The field can be used to differentiate regular and inaccessible messages.";
        assert_eq!(always_integer(inaccessible).as_deref(), Some("0"));
        assert_eq!(always_integer("Always 0"), Some("0".to_owned()));
        assert_eq!(always_integer("Always 0 for crafted gifts."), None);
        assert_eq!(always_integer("Must be 0 for ephemeral messages."), None);
        assert_eq!(always_integer("Unique identifier; always positive"), None);
    }

    #[test]
    fn enums_as_a_bare_alternative() {
        assert_eq!(
            enum_values(&plain(
                "Poll type, “quiz” or “regular”, defaults to “regular”"
            )),
            ["quiz", "regular"]
        );
        assert_eq!(
            enum_values(&plain("Type of stickers in the set, pass “regular”, “mask”, or “custom_emoji”. By default, a regular sticker set is created.")),
            ["regular", "mask", "custom_emoji"]
        );
        // Examples are not a closed list; "and" lists are not alternatives.
        assert!(enum_values(&plain(
            "Codec that was used to encode the video, for example, “h264”, “h265”, or “av01”"
        ))
        .is_empty());
        assert!(enum_values(&plain(
            "Foursquare type of the venue. (For example, “arts_entertainment/default” or “food/icecream”.)"
        ))
        .is_empty());
        assert!(enum_values(&plain(
            "Entities other than “bold”, “italic”, and “date_time” are ignored."
        ))
        .is_empty());
        assert!(
            enum_values(&plain("Available only for “passport” and “identity_card”.")).is_empty()
        );
        assert_eq!(
            enum_values(&plain(
                r#"Mime type of the content of video url, "text/html" or "video/mp4""#
            )),
            ["text/html", "video/mp4"]
        );
        assert_eq!(
            enum_values(&plain("Pass “a” to start; the style, “x”, “y” or “z”")),
            ["x", "y", "z"]
        );
    }

    #[test]
    fn lengths_in_the_unit_of_the_value() {
        let bounds = |min, max| {
            Some(Bounds {
                min: Some(min),
                max: Some(max),
            })
        };
        assert_eq!(
            length("New caption for media (0-1024 chars).", false),
            bounds(0, 1024)
        );
        assert_eq!(length("A list of options, 2-10 items", true), bounds(2, 10));
        // A list's description giving its elements' length is no length of the list.
        let commands =
            "List of bot commands (up to 100). Each BotCommand has command (1-32 chars).";
        assert_eq!(length(commands, true), None);
        assert_eq!(length("Options, 2-10 items", false), None);
    }

    #[test]
    fn conditional_defaults_are_no_defaults() {
        assert_eq!(
            default_value(&plain("Pass _True_ if the poll allows to change chosen answer options, defaults to _False_ for quizzes and to _True_ for regular polls")),
            None
        );
        assert_eq!(
            default_value(&plain("For backward compatibility, defaults to _True_ for promotions of channel administrators.")),
            None
        );
        assert_eq!(
            default_value(&plain(
                "Poll type, “quiz” or “regular”, defaults to “regular”"
            ))
            .as_deref(),
            Some("regular")
        );
        assert_eq!(
            default_value(&plain(
                "Defaults to _False_, in which case the keyboard can be hidden."
            ))
            .as_deref(),
            Some("False")
        );
    }

    #[test]
    fn ranges_as_a_clause() {
        let bounds = |min, max| {
            Some(Bounds {
                min: Some(min),
                max: Some(max),
            })
        };
        assert_eq!(
            range(&plain("Day of the user's birth; 1-31")),
            bounds(1, 31)
        );
        assert_eq!(
            range(&plain("Maximum allowed number of connections for update delivery, 1-100. Defaults to _40_.")),
            bounds(1, 100)
        );
        assert_eq!(range(&plain("Map zoom level; 0-24")), bounds(0, 24));
        // A range under a condition, a unit or an arithmetic expression is not the value's.
        assert_eq!(
            range(&plain(
                "Value of the dice, 1-6 for “🎲” and “🎯” base emoji, 1-5 for “🏀”"
            )),
            None
        );
        assert_eq!(range(&plain("Bot's new name; 0-64 characters.")), None);
        assert_eq!(
            range(&plain(
                "The minute's sequence number in a week; 0 - 7 \\* 24 \\* 60"
            )),
            None
        );
    }

    #[test]
    fn defaults_bounds_and_conditions() {
        let text = "Limits the number of updates to be retrieved. Values between 1-100 are accepted. Defaults to 100.";
        assert_eq!(default_value(&plain(text)).as_deref(), Some("100"));
        assert_eq!(
            range(&plain(text)),
            Some(Bounds {
                min: Some(1),
                max: Some(100)
            })
        );
        assert_eq!(
            length(
                &plain("Text of the message to be sent, 1-4096 characters after entities parsing"),
                false
            ),
            Some(Bounds {
                min: Some(1),
                max: Some(4096)
            })
        );
        assert_eq!(
            required_unless(&plain(
                "Required if _chat_id_ and _message_id_ are not specified."
            )),
            ["chat_id", "message_id"]
        );
        assert!(is_int64(&plain("This number may have more than 32 significant bits and some programming languages may have difficulty/silent defects in interpreting it. But it has at most 52 significant bits, so a signed 64-bit integer")));
        assert_eq!(iso_date("July 14, 2026").as_deref(), Some("2026-07-14"));
        assert_eq!(version("**Bot API 10.2**").as_deref(), Some("10.2"));
        assert_eq!(
            version("Letgram Bot API v1.0 — letgram.ru").as_deref(),
            Some("1.0")
        );
    }

    #[test]
    fn alternatives_named_before_a_union_list() {
        assert_eq!(
            alternatives_before_list("This object represents a rich formatted text. Currently, it can be either a String for plain text, an Array of RichText, or any of the following types:"),
            ["String", "Array of RichText"]
        );
        assert!(alternatives_before_list(
            "This object describes a message. It can be one of the following types:"
        )
        .is_empty());
        assert!(alternatives_before_list("It can be one of").is_empty());
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

    #[test]
    fn sentences_end_at_a_full_stop_and_any_white_space() {
        let text = "Returns True on success.\u{a0}Use a Message.\nOn success, 1.5 is returned. End";
        let parts: Vec<_> = sentences(text).collect();
        assert_eq!(
            parts,
            [
                "Returns True on success",
                "Use a Message",
                "On success, 1.5 is returned",
                "End"
            ]
        );
    }

    #[test]
    fn values_are_found_by_words_whatever_the_quotes_and_commas() {
        for text in [
            "Type of the chat, can be either “private”, “group”, “supergroup” or “channel”",
            "Type of the chat, can be either \"private\", \"group\", \"supergroup\" or \"channel\"",
            "Type of the chat, can be either “private”, “group”, “supergroup”, or “channel”.",
            "Type of the chat, can be either \"private\",\u{a0}\"group\", \"supergroup\", or \"channel\"",
        ] {
            assert_eq!(
                enum_values(&plain(text)),
                ["private", "group", "supergroup", "channel"],
                "{text}"
            );
        }
        assert_eq!(
            const_value("The member's status in the chat, always \"creator\"").as_deref(),
            Some("creator")
        );
        assert_eq!(
            default_value("Mode for parsing entities. Defaults to \"HTML\".").as_deref(),
            Some("HTML")
        );
        let is_type = |word: &str| word == "Message";
        for text in [
            "On success, the sent Message is returned.",
            "On success, the sent Message is returned",
            "On success,\u{a0}the sent Message is returned!",
        ] {
            assert_eq!(
                returns(text, &is_type).as_deref(),
                Some("Message"),
                "{text}"
            );
        }
    }
}
