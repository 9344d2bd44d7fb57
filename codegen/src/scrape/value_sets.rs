//! Value sets: the closed lists of values a field takes, wherever the page states them.
//!
//! In the field's own description ([`own`], called by [`crate::scrape::extract`]):
//! - quoted values: "can be either “private”, “group” …", "one of “a”, “b”", “a” or
//!   “b” ([`prose::enum_values_stated`]);
//! - emphasised values after "Choose one": "_typing_ for text messages, _upload_photo_
//!   for photos, …" (`sendChatAction.action`);
//! - a sentence per value: "If _quiz_ is passed, … If _regular_ is passed, …";
//! - a list of bold values after "One of the following:", one per line (`- **sent** –
//!   …`, the Gateway's statuses);
//! - unquoted names after a colon: "One of: mention, hashtag, …", "Type of chat:
//!   private, group, supergroup, or channel" (text pages, which quote nothing); a list
//!   after a colon must be announced ("One of", "Available", "Can be", a lead naming a
//!   type, mode or format) or end in "or", so that a sentence that only lists things
//!   ("Supported: photos, videos") is not read as one;
//! - integers, for an `Integer` field: "must be one of 3, 6, or 12", "one of 7322096
//!   (0x6FB9F0), …", "one of 6 \* 3600, 12 \* 3600, …" (a product is computed), "Can
//!   be: 6h (21600), 12h (43200)" (a label and the integer in parentheses).
//!
//! Elsewhere on the page ([`resolve`], over the whole spec):
//! - a section the description links to ("See [formatting options](#formatting-options)")
//!   whose text (with its subsections') says "pass _MarkdownV2_ in the _parse_mode_
//!   field": the values passed, shared by every field that links there under the name
//!   of the field the section names (`parse_mode` → `ParseMode`; a field named
//!   `question_parse_mode` ends with it);
//! - a term a sentence defines as a type's fields ("See [Update](#update) for a
//!   complete list of available update types"): every string or string-list field
//!   whose description uses the term ("A list of update types…") takes the optional
//!   fields of that type (the required ones, `update_id`, are no kind of update),
//!   shared under the term's name in the singular (`UpdateType`).
//!
//! Each set records where it was read ([`EnumOrigin`]). Phrases deliberately not read:
//! examples ("for example, “h264”"), lists joined by "and", conditions ("1-6 for
//! “🎲”") and a list with an item that is no name ("slot machine"), which would guess.

use std::sync::LazyLock;

use heck::ToUpperCamelCase;
use regex::Regex;

use crate::scrape::prose;
use crate::scrape::raw::{Block, RawPage, RawSection};
use crate::spec::typeexpr::{TypeExpr, ValueKind};
use crate::spec::{EnumOrigin, Field, Spec, TypeDef};

macro_rules! regex {
    ($re:literal) => {{
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid regex"));
        &*RE
    }};
}

/// A set of values and the sentence it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSet {
    pub values: Vec<String>,
    pub phrase: String,
}

impl ValueSet {
    fn new(values: Vec<String>, phrase: &str) -> Option<ValueSet> {
        let unique = prose::unique(values);
        (unique.len() >= 2).then(|| ValueSet {
            values: unique,
            phrase: prose::plain(phrase).trim().to_owned(),
        })
    }
}

/// The values a field's own description states: `markdown` is the description, `text`
/// its [`prose::plain`] form.
pub fn own(markdown: &str, text: &str, kind: ValueKind) -> Option<ValueSet> {
    match kind {
        ValueKind::Text => prose::enum_values_stated(text)
            .and_then(|(values, phrase)| ValueSet::new(values, phrase))
            .or_else(|| choose_one(markdown))
            .or_else(|| if_passed(markdown))
            .or_else(|| bullet_list(markdown))
            .or_else(|| unquoted_list(text)),
        ValueKind::Integer => integer_list(text),
    }
}

/// "Choose one, depending on …: _typing_ for text messages, _upload_photo_ for photos".
fn choose_one(markdown: &str) -> Option<ValueSet> {
    if !markdown.contains("hoose one") {
        return None;
    }
    prose::sentences(markdown).find_map(|sentence| {
        let at = regex!(r"(?i)(?-u:\b)choose one(?-u:\b)").find(sentence)?;
        ValueSet::new(emphasised(&sentence[at.end()..]), sentence)
    })
}

/// The emphasised names of a piece of Markdown, in order: `_typing_`, `_upload_photo_`.
fn emphasised(markdown: &str) -> Vec<String> {
    markdown
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter_map(|word| {
            let inner = word.strip_prefix('_')?.strip_suffix('_')?;
            let is_name = regex!(r"^[A-Za-z0-9](?:[A-Za-z0-9_]*[A-Za-z0-9])?$").is_match(inner);
            is_name.then(|| inner.to_owned())
        })
        .collect()
}

/// "If _quiz_ is passed, … If _regular_ is passed, …": a sentence per value.
fn if_passed(markdown: &str) -> Option<ValueSet> {
    if !markdown.contains(" passed") {
        return None;
    }
    let mut values = Vec::new();
    let mut first = None;
    for sentence in prose::sentences(markdown) {
        if let Some(c) = regex!(
            r#"(?i)(?-u:\b)if\s+(?:_([A-Za-z0-9_]+)_|[“"]([^”"]+)[”"])\s+is\s+(?:passed|specified)"#
        )
        .captures(sentence)
        {
            let value = c.get(1).or_else(|| c.get(2))?;
            values.push(value.as_str().to_owned());
            first.get_or_insert(sentence);
        }
    }
    ValueSet::new(values, first?)
}

/// "One of the following:" and a line per value: `- **sent** – the message has been sent`.
fn bullet_list(markdown: &str) -> Option<ValueSet> {
    if !markdown.contains("following") {
        return None;
    }
    let lead = prose::sentences(markdown)
        .find(|s| regex!(r"(?i)(?-u:\b)one of the following").is_match(s))?;
    let values = markdown
        .lines()
        .filter_map(|line| {
            let c = regex!(r"^\s*[-•]\s*\*\*([A-Za-z0-9_]+)\*\*").captures(line)?;
            Some(c[1].to_owned())
        })
        .collect();
    ValueSet::new(values, lead)
}

/// Unquoted names after a colon: "One of: a, b, c", "Type of chat: a, b, or c".
fn unquoted_list(text: &str) -> Option<ValueSet> {
    if !text.contains(':') {
        return None;
    }
    prose::sentences(text).find_map(|sentence| {
        let (lead, list) = sentence.split_once(':')?;
        // After "One of", "Available" or "Can be", or a lead naming a kind ("Type of
        // action:"), the colon says the list is closed; after anything else, only a
        // last "or" does.
        let announced = regex!(r"(?i)(?-u:\b)(one of|available|can be)\s*$")
            .is_match(lead.trim_end())
            || regex!(r"(?i)(?-u:\b)(type|types|mode|format)(?-u:\b)").is_match(lead);
        let (items, has_or) = list_items(list.trim().trim_end_matches('.'))?;
        let names = items
            .iter()
            .all(|item| regex!(r"^[A-Za-z][A-Za-z0-9_]*$").is_match(item));
        (names && (announced || has_or))
            .then(|| ValueSet::new(items.into_iter().map(str::to_owned).collect(), sentence))
            .flatten()
    })
}

/// The items of a list `a, b, or c` (also `a or b`, `a, b, c`), and whether an "or"
/// joins the last one.
fn list_items(list: &str) -> Option<(Vec<&str>, bool)> {
    let mut items: Vec<&str> = list.split(',').map(str::trim).collect();
    let mut has_or = false;
    let last = items.pop()?;
    match last.strip_prefix("or ") {
        Some(rest) => {
            has_or = true;
            items.push(rest.trim());
        }
        None => match last.split_once(" or ") {
            Some((a, b)) => {
                has_or = true;
                items.push(a.trim());
                items.push(b.trim());
            }
            None => items.push(last),
        },
    }
    (items.len() >= 2 && items.iter().all(|item| !item.is_empty())).then_some((items, has_or))
}

/// Integers after "one of" or "can be": "must be one of 3, 6, or 12", "one of 7322096
/// (0x6FB9F0), …", "6 \* 3600", "Can be: 6h (21600), 12h (43200)".
fn integer_list(text: &str) -> Option<ValueSet> {
    if !text.contains("one of") && !text.contains("an be") {
        return None;
    }
    prose::sentences(text).find_map(|sentence| {
        let at = regex!(r"(?i)(?-u:\b)(?:one of|can be)\s*:?\s*").find(sentence)?;
        let (items, _) = list_items(sentence[at.end()..].trim().trim_end_matches('.'))?;
        let values = items
            .iter()
            .map(|item| integer_item(item).map(|n| n.to_string()))
            .collect::<Option<Vec<_>>>()?;
        ValueSet::new(values, sentence)
    })
}

/// One item of an integer list: `3`, `6 * 3600`, `7322096 (0x6FB9F0)`, `6h (21600)`.
fn integer_item(item: &str) -> Option<i64> {
    let product = |expr: &str| -> Option<i64> {
        expr.split('*')
            .map(|factor| factor.trim().parse::<i64>().ok())
            .try_fold(1i64, |acc, factor| acc.checked_mul(factor?))
    };
    if let Some(c) = regex!(r"^(\d+(?:\s*\*\s*\d+)*)\s*(?:\(([^)]*)\))?$").captures(item) {
        return product(&c[1]);
    }
    let c = regex!(r"^[A-Za-z0-9]+\s*\((\d+)\)$").captures(item)?;
    c[1].parse().ok()
}

/// A default the description states as a bare name ("Defaults to regular"), when it is
/// one of the field's values (a bare word is otherwise no value: "defaults to all").
pub fn bare_default(text: &str, values: &[String]) -> Option<String> {
    if !text.contains("efault") {
        return None;
    }
    let c = regex!(r"(?i)(?-u:\b)defaults? to\s+([A-Za-z0-9_]+)").captures(text)?;
    values.iter().find(|v| **v == c[1]).cloned()
}

/// Value sets stated away from the fields: in a section their descriptions link to,
/// or as the fields of a type a sentence names. Fields with values of their own keep
/// them.
pub fn resolve(page: &RawPage, spec: &mut Spec) {
    let sections = linked_sets(page);
    let terms = defined_terms(spec);
    if sections.is_empty() && terms.is_empty() {
        return;
    }
    // A link to a section is `#anchor`, or the page's own address and the anchor (as
    // some versions of a page write a few).
    let targets: Vec<Vec<String>> = sections
        .iter()
        .map(|set| {
            let mut targets = vec![format!("(#{})", set.anchor)];
            if let Some(doc_url) = &spec.api.doc_url {
                targets.push(format!("({doc_url}#{})", set.anchor));
            }
            targets
        })
        .collect();
    for field in spec.fields_and_params_mut() {
        if !field.enum_values.is_empty() || field.const_value.is_some() {
            continue;
        }
        if TypeExpr::parse(&field.ty)
            .ok()
            .as_ref()
            .and_then(ValueKind::of)
            != Some(ValueKind::Text)
        {
            continue;
        }
        let linked = sections.iter().zip(&targets).find_map(|(set, targets)| {
            let links = targets
                .iter()
                .any(|t| field.description.contains(t.as_str()));
            let named = field.name == set.field || field.name.ends_with(&format!("_{}", set.field));
            (links && named).then_some(set)
        });
        if let Some(set) = linked {
            give(field, &set.set, &set.field, &set.section);
            continue;
        }
        let text = prose::plain(&field.description);
        if let Some(term) = terms.iter().find(|term| contains_term(&text, &term.term)) {
            give(field, &term.set, &singular(&term.term), &term.section);
        }
    }
}

fn give(field: &mut Field, set: &ValueSet, name: &str, section: &str) {
    field.enum_values.clone_from(&set.values);
    field.enum_name = Some(name.to_upper_camel_case());
    field.enum_origin = Some(EnumOrigin {
        section: Some(section.to_owned()),
        phrase: set.phrase.clone(),
    });
}

/// The values a prose section (with its subsections) says to pass in a field.
struct LinkedSet {
    anchor: String,
    section: String,
    /// The field the section names (`parse_mode`).
    field: String,
    set: ValueSet,
}

/// Every section with an anchor whose text (with its subsections') says "pass _X_ in
/// the _field_ field" for two values or more, all of one field.
fn linked_sets(page: &RawPage) -> Vec<LinkedSet> {
    // Each section's own sentences first, in one pass over the page: (field, value,
    // sentence).
    let passed: Vec<Vec<(String, String, String)>> = page
        .sections
        .iter()
        .map(|section| {
            let mut found = Vec::new();
            for text in texts(section) {
                if !text.contains(" field") {
                    continue;
                }
                for sentence in prose::sentences(text) {
                    let Some(c) = regex!(
                        r"(?i)(?-u:\b)pass\s+_([A-Za-z0-9_]+)_\s+in the\s+_([a-z0-9_]+)_\s+field"
                    )
                    .captures(sentence) else {
                        continue;
                    };
                    found.push((c[2].to_owned(), c[1].to_owned(), sentence.to_owned()));
                }
            }
            found
        })
        .collect();
    let mut sets = Vec::new();
    for (index, section) in page.sections.iter().enumerate() {
        let Some(anchor) = &section.anchor else {
            continue;
        };
        let level = section.level;
        let deeper = page.sections[index + 1..]
            .iter()
            .take_while(|s| s.level > level)
            .count();
        let all: Vec<&(String, String, String)> =
            passed[index..=index + deeper].iter().flatten().collect();
        let Some((field, _, phrase)) = all.first() else {
            continue;
        };
        // One field per section: a section naming two is not one value set.
        if all.iter().any(|(f, _, _)| f != field) {
            continue;
        }
        let values = all.iter().map(|(_, value, _)| value.clone()).collect();
        if let Some(set) = ValueSet::new(values, phrase) {
            sets.push(LinkedSet {
                anchor: anchor.clone(),
                section: section.title.clone(),
                field: field.clone(),
                set,
            });
        }
    }
    sets
}

/// The text of a section's paragraphs and list items.
fn texts(section: &RawSection) -> impl Iterator<Item = &str> {
    section.blocks.iter().flat_map(|block| {
        let texts: &[String] = match block {
            Block::Text(text) => std::slice::from_ref(text),
            Block::List(items) => items,
            _ => &[],
        };
        texts.iter().map(String::as_str)
    })
}

/// A term a sentence defines as the optional fields of a type.
struct Term {
    /// "update types".
    term: String,
    /// The type (`Update`).
    section: String,
    set: ValueSet,
}

/// "See [Update](#update) for a complete list of available update types", in field
/// descriptions: the optional fields of `Update` are the "update types".
fn defined_terms(spec: &Spec) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let fields = spec.types.iter().flat_map(|t| t.fields());
    let params = spec.methods.iter().flat_map(|m| &m.params);
    for field in fields.chain(params) {
        if !field.description.contains("complete list") {
            continue;
        }
        let text = prose::plain(&field.description);
        for sentence in prose::sentences(&text) {
            let Some(c) = regex!(r"(?i)(?-u:\b)see\s+([A-Z][A-Za-z0-9]*)\s+for\s+(?:a|the)\s+complete list of (?:all\s+)?(?:available\s+)?([a-z]+(?: [a-z]+)?)").captures(sentence) else {
                continue;
            };
            let term = c[2].to_owned();
            if terms.iter().any(|t| t.term == term) {
                continue;
            }
            let Some(fields) = spec.find_type(&c[1]).map(TypeDef::fields) else {
                continue;
            };
            let values = fields
                .iter()
                .filter(|f| !f.required)
                .map(|f| f.name.clone())
                .collect();
            if let Some(set) = ValueSet::new(values, sentence) {
                terms.push(Term {
                    term,
                    section: c[1].to_owned(),
                    set,
                });
            }
        }
    }
    terms
}

/// The text uses the term as words ("update types", not "update typesetting").
fn contains_term(text: &str, term: &str) -> bool {
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The term for one value: its last word without a plural `s` ("update types" →
/// "update type").
fn singular(term: &str) -> String {
    term.strip_suffix('s').unwrap_or(term).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(set: Option<ValueSet>) -> Vec<String> {
        set.map(|s| s.values).unwrap_or_default()
    }

    fn text(markdown: &str) -> Option<ValueSet> {
        own(markdown, &prose::plain(markdown), ValueKind::Text)
    }

    fn integers(markdown: &str) -> Vec<String> {
        values(own(markdown, &prose::plain(markdown), ValueKind::Integer))
    }

    #[test]
    fn emphasised_choices() {
        let action = "Type of action to broadcast. Choose one, depending on what the user is about to receive: _typing_ for [text messages](#sendmessage), _upload_photo_ for [photos](#sendphoto), _record_video_ or _upload_video_ for [videos](#sendvideo).";
        let set = text(action).expect("a set");
        assert_eq!(
            set.values,
            ["typing", "upload_photo", "record_video", "upload_video"]
        );
        assert!(set.phrase.starts_with("Choose one"), "{}", set.phrase);
        assert!(text("Pass _True_ to do it. _a_ or _b_ are fine.").is_none());
    }

    #[test]
    fn a_sentence_per_value() {
        let poll = "If _quiz_ is passed, the user will be allowed to create only polls in the quiz mode. If _regular_ is passed, only regular polls will be allowed. Otherwise, the user will be allowed to create a poll of any type.";
        assert_eq!(values(text(poll)), ["quiz", "regular"]);
        // One condition is no list.
        assert!(text("If _quiz_ is passed, only quizzes.").is_none());
    }

    #[test]
    fn bold_lines_after_one_of_the_following() {
        let status = "The current status of the message. One of the following:\n- **sent** – the message has been sent,\n- **read** – the message has been read,\n- **revoked** – the message has been revoked.";
        let set = text(status).expect("a set");
        assert_eq!(set.values, ["sent", "read", "revoked"]);
        assert_eq!(set.phrase, "One of the following:");
    }

    #[test]
    fn unquoted_names_after_a_colon() {
        assert_eq!(
            values(text(
                "Type of the entity. One of: mention, hashtag, bot_command."
            )),
            ["mention", "hashtag", "bot_command"]
        );
        assert_eq!(
            values(text(
                "Type of chat: private, group, supergroup, or channel."
            )),
            ["private", "group", "supergroup", "channel"]
        );
        assert_eq!(
            values(text("Poll type: quiz or regular. Defaults to regular.")),
            ["quiz", "regular"]
        );
        assert_eq!(
            values(text("List of update types. Available: message, poll.")),
            ["message", "poll"]
        );
        assert_eq!(
            values(text("Type of action: typing, upload_photo, find_location.")),
            ["typing", "upload_photo", "find_location"]
        );
        // A list after a bare colon without "or", or with an item that is no name.
        assert!(text("Supported media: photos, videos.").is_none());
        assert!(text("Currently one of: dice, darts, slot machine.").is_none());
    }

    #[test]
    fn integer_sets() {
        assert_eq!(
            integers("Number of months; must be one of 3, 6, or 12"),
            ["3", "6", "12"]
        );
        assert_eq!(
            integers("Color of the topic icon in RGB format. Currently, must be one of 7322096 (0x6FB9F0), 16766590 (0xFFD67E), or 16478047 (0xFB6F5F)."),
            ["7322096", "16766590", "16478047"]
        );
        assert_eq!(
            integers("Period, in seconds; must be one of `6 \\* 3600`, `12 \\* 3600`, `86400`, or `2 \\* 86400`"),
            ["21600", "43200", "86400", "172800"]
        );
        assert_eq!(
            integers("Defaults to 86400 (24 hours). Can be: 6h (21600), 12h (43200), 24h (86400)."),
            ["21600", "43200", "86400"]
        );
        assert!(integers("The number of stars; can be negative").is_empty());
        assert!(integers("Must be one of the chat's members").is_empty());
    }

    #[test]
    fn bare_defaults_are_values_of_the_set() {
        let set = ["quiz".to_owned(), "regular".to_owned()];
        assert_eq!(
            bare_default("Poll type. Defaults to regular.", &set).as_deref(),
            Some("regular")
        );
        assert_eq!(bare_default("Defaults to all types", &set), None);
    }

    fn section(level: u8, title: &str, anchor: &str, text: &str) -> RawSection {
        RawSection {
            level,
            title: title.into(),
            anchor: Some(anchor.into()),
            page: None,
            line: 1,
            blocks: vec![Block::Text(text.into())],
        }
    }

    fn field(name: &str, ty: &str, description: &str) -> Field {
        Field {
            name: name.into(),
            ty: ty.into(),
            description: description.into(),
            ..Field::default()
        }
    }

    #[test]
    fn values_of_a_linked_section_are_shared_under_the_field_it_names() {
        let page = RawPage {
            title: None,
            sections: vec![
                section(4, "Formatting options", "formatting-options", "Intro."),
                section(
                    6,
                    "MarkdownV2 style",
                    "markdownv2-style",
                    "To use this mode, pass _MarkdownV2_ in the _parse_mode_ field. Use:",
                ),
                section(
                    6,
                    "HTML style",
                    "html-style",
                    "To use this mode, pass _HTML_ in the _parse_mode_ field.",
                ),
                section(
                    4,
                    "Next",
                    "next",
                    "To use it, pass _Other_ in the _parse_mode_ field.",
                ),
                section(
                    4,
                    "Mixed",
                    "mixed",
                    "Pass _a_ in the _x_ field. Pass _b_ in the _y_ field.",
                ),
            ],
        };
        let link = "Mode for parsing entities. See [formatting options](#formatting-options) for more details.";
        let absolute = "Mode. See [formatting options](https://x.org/api#formatting-options).";
        let mut spec: Spec =
            serde_yaml::from_str("api: {name: X, auth: url_path, doc_url: 'https://x.org/api'}")
                .unwrap();
        spec.methods.push(crate::spec::Method {
            name: "sendPoll".into(),
            returns: "True".into(),
            params: vec![
                field("parse_mode", "String", link),
                field("question_parse_mode", "String", absolute),
                field("mode", "String", link),
                field("x", "String", "See [mixed](#mixed)."),
            ],
            ..Default::default()
        });
        resolve(&page, &mut spec);
        let params = &spec.methods[0].params;
        for param in &params[..2] {
            assert_eq!(param.enum_values, ["MarkdownV2", "HTML"]);
            assert_eq!(param.enum_name.as_deref(), Some("ParseMode"));
            let origin = param.enum_origin.as_ref().unwrap();
            assert_eq!(origin.section.as_deref(), Some("Formatting options"));
            assert_eq!(
                origin.phrase,
                "To use this mode, pass MarkdownV2 in the parse_mode field"
            );
        }
        // A field the section does not name keeps its strings; a section naming two
        // fields states no set.
        assert!(params[2].enum_values.is_empty());
        assert!(params[3].enum_values.is_empty());
    }

    #[test]
    fn a_term_defined_by_a_types_fields() {
        let mut spec: Spec = serde_yaml::from_str(
            "api: {name: X, auth: url_path}
types:
- name: Update
  fields:
  - {name: update_id, type: Integer, required: true}
  - {name: message, type: Message, required: false}
  - {name: poll, type: Poll, required: false}
- name: WebhookInfo
  fields:
  - {name: allowed_updates, type: Array of String, required: false, description: A list of update types the bot is subscribed to.}
  - {name: url, type: String, required: true, description: Webhook URL.}
methods:
- name: getUpdates
  returns: Array of Update
  params:
  - {name: allowed_updates, type: Array of String, required: false, description: 'Types. See [Update](#update) for a complete list of available update types.'}
",
        )
        .unwrap();
        resolve(&RawPage::default(), &mut spec);
        let param = &spec.methods[0].params[0];
        assert_eq!(param.enum_values, ["message", "poll"]);
        assert_eq!(param.enum_name.as_deref(), Some("UpdateType"));
        let webhook = spec.types[1].fields();
        assert_eq!(webhook[0].enum_values, ["message", "poll"]);
        assert!(webhook[1].enum_values.is_empty());
    }
}
