//! The schema's text → its entries in page order: declarations with their doc
//! comments, and classes.

use super::*;

/// A doc comment: its tags in order (`description`, `class`, field names).
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub(super) tags: Vec<(String, String)>,
    pub(super) line: usize,
}

impl Doc {
    pub(super) fn tag(&self, name: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(tag, _)| tag == name)
            .map(|(_, text)| text.as_str())
    }
}

/// One declaration of the schema.
#[derive(Debug)]
pub(super) struct Decl {
    pub(super) name: String,
    pub(super) fields: Vec<(String, String)>,
    pub(super) result: String,
    pub(super) function: bool,
    pub(super) doc: Doc,
}

/// A class: an abstract type whose constructors are its variants.
#[derive(Debug)]
pub(super) struct Class {
    pub(super) name: String,
    pub(super) description: String,
}

/// The schema's items in page order.
#[derive(Debug)]
pub(super) enum Entry {
    Class(Class),
    Decl(Decl),
}

/// Splits the source into classes and documented declarations (the prologue's built-ins
/// are checked and dropped).
pub(super) fn parse(source: &str, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut doc: Option<Doc> = None;
    let mut function = false;
    let mut prologue = true;
    let mut pending = String::new();
    let mut pending_line = 0;
    for (index, raw) in source.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if !pending.is_empty() {
            pending.push(' ');
            pending.push_str(line);
            if line.ends_with(';') {
                let text = std::mem::take(&mut pending);
                declaration(
                    &text,
                    pending_line,
                    function,
                    prologue,
                    doc.take(),
                    &mut entries,
                    diags,
                );
            }
            continue;
        }
        if line.is_empty() {
            if let Some(d) = doc.take() {
                diags.warning(
                    format!("line {}", d.line),
                    "a doc comment that documents no declaration",
                );
            }
            continue;
        }
        if line == FUNCTIONS || line == TYPES {
            function = line == FUNCTIONS;
            continue;
        }
        if let Some(rest) = line.strip_prefix("//@") {
            prologue = false;
            if rest.starts_with("class ") {
                if let Some(d) = doc.take() {
                    diags.warning(format!("line {}", d.line), "a doc comment before a class");
                }
                doc = Some(Doc {
                    tags: Vec::new(),
                    line: line_no,
                });
            }
            let d = doc.get_or_insert_with(|| Doc {
                tags: Vec::new(),
                line: line_no,
            });
            split_tags(&format!("@{rest}"), &mut d.tags);
            if d.tag("class").is_some() {
                // A class's doc is its own entry; what follows documents something else.
                let class = doc.take().map(|d| class_entry(d, diags));
                entries.extend(class.flatten());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("//-") {
            let mut tags = Vec::new();
            split_tags(rest.trim(), &mut tags);
            let mut tags = tags.into_iter();
            // Text before any tag continues the tag before the line.
            let continued = if tags.as_slice().first().is_some_and(|(t, _)| t.is_empty()) {
                tags.next().map(|(_, text)| text)
            } else {
                None
            };
            let last = match (doc.as_mut(), entries.last_mut()) {
                (Some(d), _) => d.tags.last_mut().map(|(_, text)| text),
                // The class's doc was flushed at its own line.
                (None, Some(Entry::Class(class))) => Some(&mut class.description),
                _ => None,
            };
            match (last, continued) {
                (Some(text), Some(more)) => {
                    text.push('\n');
                    text.push_str(&more);
                }
                (None, _) => diags.error(
                    format!("line {line_no}"),
                    "a `//-` continuation line with nothing to continue",
                ),
                _ => {}
            }
            if let Some(d) = doc.as_mut() {
                d.tags.extend(tags);
            }
            continue;
        }
        if line.starts_with("//") {
            diags.warning(
                format!("line {line_no}"),
                "a comment that is not documentation",
            );
            continue;
        }
        if line.ends_with(';') {
            declaration(
                line,
                line_no,
                function,
                prologue,
                doc.take(),
                &mut entries,
                diags,
            );
        } else {
            pending = line.to_owned();
            pending_line = line_no;
        }
    }
    if !pending.is_empty() {
        diags.error(
            format!("line {pending_line}"),
            "a declaration without its closing `;`",
        );
    }
    entries
}

/// Splits doc text into `@tag text` pairs: a tag is `@` and a lowercase identifier at
/// the start or after a space. Text before the first tag gets the empty tag.
pub(super) fn split_tags(text: &str, out: &mut Vec<(String, String)>) {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    for (at, _) in text.match_indices('@') {
        let after_space = at == 0 || bytes[at - 1].is_ascii_whitespace();
        let name_len = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || **b == b'_')
            .count();
        let ends_word = bytes
            .get(at + 1 + name_len)
            .is_none_or(|b| b.is_ascii_whitespace());
        if after_space && name_len > 0 && ends_word {
            starts.push((at, name_len));
        }
    }
    if starts.first().is_none_or(|(at, _)| *at > 0) {
        let end = starts.first().map_or(text.len(), |(at, _)| *at);
        out.push((String::new(), text[..end].trim().to_owned()));
    }
    for (i, (at, len)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(next, _)| *next);
        let name = text[at + 1..at + 1 + len].to_owned();
        out.push((name, text[at + 1 + len..end].trim().to_owned()));
    }
}

pub(super) fn class_entry(doc: Doc, diags: &mut Diagnostics) -> Option<Entry> {
    let name = doc.tag("class")?.to_owned();
    for (tag, _) in &doc.tags {
        if !matches!(tag.as_str(), "class" | "description") {
            diags.warning(&name, format!("a class doc with the tag `@{tag}`"));
        }
    }
    Some(Entry::Class(Class {
        description: doc.tag("description").unwrap_or_default().to_owned(),
        name,
    }))
}

/// `name field:type … = Result;`
pub(super) fn declaration(
    text: &str,
    line: usize,
    function: bool,
    prologue: bool,
    doc: Option<Doc>,
    entries: &mut Vec<Entry>,
    diags: &mut Diagnostics,
) {
    let section = format!("line {line}");
    let body = text.trim_end_matches(';').trim();
    let Some((left, result)) = body.rsplit_once(" = ").or_else(|| body.rsplit_once('=')) else {
        diags.error(
            section,
            format!("`{text}` is not a declaration (`name … = Type;`)"),
        );
        return;
    };
    let result = result.trim();
    if prologue {
        let head = result.split_whitespace().next().unwrap_or_default();
        if !PROLOGUE_TYPES.contains(&head) {
            diags.error(
                section,
                format!("the built-in type `{result}` is not one the front-end knows"),
            );
        }
        return;
    }
    let mut words = left.split_whitespace();
    let Some(name) = words.next() else {
        diags.error(section, "a declaration without a name");
        return;
    };
    let mut fields = Vec::new();
    for word in words {
        match word.split_once(':') {
            Some((field, ty)) if !field.is_empty() && !ty.is_empty() => {
                fields.push((field.to_owned(), ty.to_owned()))
            }
            _ => diags.error(name, format!("`{word}` is not a field (`name:type`)")),
        }
    }
    if doc.is_none() {
        diags.warning(name, "a declaration without a doc comment");
    }
    entries.push(Entry::Decl(Decl {
        name: name.to_owned(),
        fields,
        result: result.to_owned(),
        function,
        doc: doc.unwrap_or_default(),
    }));
}
