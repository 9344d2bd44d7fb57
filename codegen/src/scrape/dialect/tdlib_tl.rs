//! TDLib's API schema (`td_api.tl`): TL declarations with doc comments, read straight
//! into a [`Spec`] (a schema has no headings or tables for [`crate::scrape::extract`] to read).
//!
//! What is read, and from where:
//! - the prologue (declarations before the first doc comment) declares the built-in
//!   types; each must be one [`BUILTINS`] knows;
//! - `//@class Name @description …` declares a union (an abstract type), whose variants
//!   are the constructors of result type `Name`, in page order;
//! - `//@description …` then `//@field …` before a declaration document it; `//-` lines
//!   continue the tag before them; a field named `description` is documented as
//!   `@param_description`;
//! - a constructor `name field:type … = Type;` is an object. It is named `Type` when no
//!   class declares `Type`, and after itself (`authenticationCodeTypeSms` →
//!   `AuthenticationCodeTypeSms`) when it is a variant of class `Type`. Its first field is
//!   `@type`, the constant constructor name that tags it in JSON;
//! - after `---functions---`, a declaration is a method returning its result type;
//! - a field is optional when its description says so ([`NULL_PHRASES`]); see
//!   [`decide`] for the rest.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostics;
use crate::scrape::extract::KnownFacts;
use crate::spec::{Api, Auth, Field, HttpMethod, Method, Protocol, Spec, TypeDef};

/// Built-in types: their names in field types, and the spec type each becomes. The
/// prologue declares them (`int64 = Int64;`, `vector {t:Type} # [ t ] = Vector t;`).
pub const BUILTINS: &[(&str, &str)] = &[
    ("double", "Float"),
    ("string", "String"),
    ("int32", "Integer"),
    // 53 bits: a JSON number, more than 32 bits (the spec's `int64` fact).
    ("int53", "Integer"),
    // A JSON string (numbers lose precision past 53 bits in JavaScript).
    ("int64", "Int64"),
    ("bytes", "Bytes"),
    ("Bool", "Boolean"),
];

/// Result types the prologue may declare: the built-ins and `vector`.
const PROLOGUE_TYPES: &[&str] = &[
    "Double", "String", "Int32", "Int53", "Int64", "Bytes", "Bool", "Vector",
];

/// Phrases of a field's description, at the start of one of its clauses, that make the
/// field optional: TDLib sends (or accepts) `null` in its place.
pub const NULL_PHRASES: &[&str] = &["may be null", "pass null"];

/// Phrases that make an object-typed field without a [`NULL_PHRASES`] phrase undecided:
/// they speak of a value that may not exist, without saying it is `null`. Such a
/// field is taken as optional (a `null` then still deserializes) and reported.
pub const HEDGE_PHRASES: &[&str] = &["if none", "if unknown", "if any", "if available"];

/// The line that starts the functions.
const FUNCTIONS: &str = "---functions---";
/// The line that starts the types (the default at the start).
const TYPES: &str = "---types---";

/// A doc comment: its tags in order (`description`, `class`, field names).
#[derive(Debug, Default)]
struct Doc {
    tags: Vec<(String, String)>,
    line: usize,
}

impl Doc {
    fn tag(&self, name: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(tag, _)| tag == name)
            .map(|(_, text)| text.as_str())
    }
}

/// One declaration of the schema.
#[derive(Debug)]
struct Decl {
    name: String,
    fields: Vec<(String, String)>,
    result: String,
    function: bool,
    doc: Doc,
}

/// A class: an abstract type whose constructors are its variants.
#[derive(Debug)]
struct Class {
    name: String,
    description: String,
}

/// The schema's items in page order.
#[derive(Debug)]
enum Entry {
    Class(Class),
    Decl(Decl),
}

/// How many of each kind of item a schema holds (what the spec must hold too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub constructors: usize,
    pub classes: usize,
    pub functions: usize,
}

/// Reads a schema into a spec. `file` names the schema in diagnostics and gives the
/// version (`td_api-1.8.66.tl` → `1.8.66`): the schema states none.
pub fn read_spec(source: &str, file: &str, known: &KnownFacts, diags: &mut Diagnostics) -> Spec {
    let entries = parse(source, diags);
    let mut builder = SpecBuilder::new(&entries, diags);
    let (types, methods) = builder.build(&entries);
    let version = crate::scrape::page_file::version_text_in_name(file);
    Spec {
        api: Api {
            name: known.name.clone().unwrap_or_else(|| "TDLib".to_owned()),
            version,
            release_date: None,
            doc_url: known.doc_url.clone(),
            request_url: String::new(),
            file_url: None,
            auth: Auth::None,
            http_method: HttpMethod::Post,
            webhook_secret_header: None,
            init_data_key: None,
            upload_form: None,
            init_data_type: None,
            report_signature: None,
            union_names: Vec::new(),
            protocol: Protocol::TdJson,
        },
        types,
        methods,
        skipped: Vec::new(),
    }
}

/// Counts the schema's constructors, classes and functions.
pub fn count(source: &str) -> Counts {
    let mut diags = Diagnostics::new("");
    let mut counts = Counts::default();
    for entry in parse(source, &mut diags) {
        match entry {
            Entry::Class(_) => counts.classes += 1,
            Entry::Decl(d) if d.function => counts.functions += 1,
            Entry::Decl(_) => counts.constructors += 1,
        }
    }
    counts
}

/// Splits the source into classes and documented declarations (the prologue's built-ins
/// are checked and dropped).
fn parse(source: &str, diags: &mut Diagnostics) -> Vec<Entry> {
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
fn split_tags(text: &str, out: &mut Vec<(String, String)>) {
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

fn class_entry(doc: Doc, diags: &mut Diagnostics) -> Option<Entry> {
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
fn declaration(
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

/// An optional-field decision and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Optional: a [`NULL_PHRASES`] phrase starts a clause of the description.
    Optional(&'static str),
    /// Required, a list whose elements may be `null`: a clause of the description is
    /// the field's own name followed by a [`NULL_PHRASES`] phrase ("messages may be
    /// null" of the field `messages`): the name of a list stands for its elements.
    NullElements(&'static str),
    /// Required: a value of a built-in type or a list, always present (an unknown or
    /// missing value is the zero value: `0`, `""`, `[]`, `false`).
    Value,
    /// Required: an object whose description says nothing of its absence.
    Object,
    /// Not decided by a listed phrase, taken as optional and reported: the reason.
    Undecided(String),
}

impl Decision {
    pub fn required(&self) -> bool {
        matches!(
            self,
            Decision::Value | Decision::Object | Decision::NullElements(_)
        )
    }
}

/// What a field holds, as far as [`decide`] cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// A built-in value (`int32`, `string`, `Bool`, …).
    Value,
    /// A `vector<…>`.
    List,
    /// An object or a class.
    Object,
}

/// Decides whether the field `name` is optional from its description.
pub fn decide(name: &str, description: &str, holds: Holds) -> Decision {
    let lower = description.to_ascii_lowercase();
    let mut elsewhere = None;
    for phrase in NULL_PHRASES {
        for (at, _) in lower.match_indices(phrase) {
            let clause_start = lower[..at].rfind([';', '.', '\n']).map_or(0, |i| i + 1);
            let subject = lower[clause_start..at].trim();
            if subject.is_empty() {
                return Decision::Optional(phrase);
            }
            if holds == Holds::List && subject == name.replace('_', " ") {
                return Decision::NullElements(phrase);
            }
            elsewhere.get_or_insert_with(|| {
                description[clause_start..at + phrase.len()]
                    .trim()
                    .to_owned()
            });
        }
    }
    if let Some(said) = elsewhere {
        return Decision::Undecided(format!("“{said}” is said of something else than the field"));
    }
    if holds != Holds::Object {
        return Decision::Value;
    }
    match HEDGE_PHRASES.iter().find(|p| lower.contains(*p)) {
        Some(phrase) => Decision::Undecided(format!(
            "an object “{phrase}” without saying it may be null"
        )),
        None => Decision::Object,
    }
}

/// Turns the parsed entries into spec types and methods.
struct SpecBuilder<'d> {
    diags: &'d mut Diagnostics,
    classes: BTreeSet<String>,
    /// Constructor name → spec type name.
    constructors: BTreeMap<String, String>,
    /// Boxed type name (class or object) → spec type name.
    boxed: BTreeMap<String, String>,
    /// Names to link in descriptions: schema name → anchor (the same name).
    linkable: BTreeSet<String>,
}

impl<'d> SpecBuilder<'d> {
    fn new(entries: &[Entry], diags: &'d mut Diagnostics) -> Self {
        let mut builder = SpecBuilder {
            diags,
            classes: BTreeSet::new(),
            constructors: BTreeMap::new(),
            boxed: BTreeMap::new(),
            linkable: BTreeSet::new(),
        };
        for entry in entries {
            if let Entry::Class(class) = entry {
                if !builder.classes.insert(class.name.clone()) {
                    builder
                        .diags
                        .error(&class.name, "the class is declared twice");
                }
                builder.boxed.insert(class.name.clone(), class.name.clone());
                builder.linkable.insert(class.name.clone());
            }
        }
        let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
        for entry in entries {
            let Entry::Decl(decl) = entry else { continue };
            builder.linkable.insert(decl.name.clone());
            if decl.function {
                continue;
            }
            let type_name = if builder.classes.contains(&decl.result) {
                upper_first(&decl.name)
            } else {
                if let Some(other) = owners.insert(&decl.result, &decl.name) {
                    builder.diags.error(
                        &decl.name,
                        format!(
                            "`{}` has constructors `{other}` and `{}` but no `//@class`",
                            decl.result, decl.name
                        ),
                    );
                }
                builder
                    .boxed
                    .insert(decl.result.clone(), decl.result.clone());
                decl.result.clone()
            };
            if builder
                .constructors
                .insert(decl.name.clone(), type_name)
                .is_some()
            {
                builder
                    .diags
                    .error(&decl.name, "the constructor is declared twice");
            }
        }
        builder
    }

    fn build(&mut self, entries: &[Entry]) -> (Vec<TypeDef>, Vec<Method>) {
        let mut types = Vec::new();
        let mut methods = Vec::new();
        let mut variants: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for entry in entries {
            match entry {
                // The schema has no headings: a class heads a group of its own with its
                // constructors, as the schema declares them together; plain objects and
                // functions stand alone (no group).
                Entry::Class(class) => types.push(TypeDef {
                    name: class.name.clone(),
                    anchor: Some(class.name.clone()),
                    group: Some(class.name.clone()),
                    description: self.text(&class.description),
                    one_of: Some(Vec::new()),
                    ..TypeDef::default()
                }),
                Entry::Decl(decl) if decl.function => methods.push(Method {
                    name: decl.name.clone(),
                    anchor: Some(decl.name.clone()),
                    group: None,
                    description: self.description(decl),
                    returns: self.ty(&decl.name, &decl.result).unwrap_or_default(),
                    http_method: None,
                    params: self.fields(decl, true),
                    origin: Default::default(),
                }),
                Entry::Decl(decl) => {
                    let name = self.constructors[&decl.name].clone();
                    if self.classes.contains(&decl.result) {
                        variants
                            .entry(decl.result.clone())
                            .or_default()
                            .push(name.clone());
                    }
                    let mut fields = vec![Field {
                        name: Protocol::TYPE_TAG.to_owned(),
                        ty: "String".to_owned(),
                        required: true,
                        const_value: Some(decl.name.clone()),
                        ..Field::default()
                    }];
                    fields.extend(self.fields(decl, false));
                    let group = self
                        .classes
                        .contains(&decl.result)
                        .then(|| decl.result.clone());
                    types.push(TypeDef {
                        name,
                        anchor: Some(decl.name.clone()),
                        group,
                        description: self.description(decl),
                        fields: Some(fields),
                        ..TypeDef::default()
                    });
                }
            }
        }
        for ty in &mut types {
            if let Some(one_of) = &mut ty.one_of {
                *one_of = variants.remove(&ty.name).unwrap_or_default();
                if one_of.is_empty() {
                    self.diags.warning(&ty.name, "a class without constructors");
                }
            }
        }
        (types, methods)
    }

    fn description(&mut self, decl: &Decl) -> String {
        let known: BTreeSet<&str> = decl.fields.iter().map(|(f, _)| f.as_str()).collect();
        for (tag, _) in &decl.doc.tags {
            let field = tag.strip_prefix("param_").unwrap_or(tag);
            if !(tag == "description" || known.contains(tag.as_str()) || known.contains(field)) {
                let what = if tag.is_empty() {
                    "text before any tag".to_owned()
                } else {
                    format!("`@{tag}`, which names no field")
                };
                self.diags
                    .warning(&decl.name, format!("doc comment: {what}"));
            }
        }
        match decl.doc.tag("description") {
            Some(text) => self.text(text),
            None => {
                self.diags.warning(&decl.name, "no `@description`");
                String::new()
            }
        }
    }

    fn fields(&mut self, decl: &Decl, function: bool) -> Vec<Field> {
        let mut out = Vec::new();
        for (name, ty) in &decl.fields {
            // `@description` documents the item: a field of that name has its own tag.
            let doc = match name.as_str() {
                "description" => decl.doc.tag("param_description"),
                _ => decl.doc.tag(name),
            };
            if doc.is_none() {
                self.diags
                    .warning(&decl.name, format!("field `{name}` has no doc"));
            }
            let raw = doc.unwrap_or_default();
            let Some(spec_ty) = self.ty(&decl.name, ty) else {
                continue;
            };
            let holds = if spec_ty.starts_with("Array of") {
                Holds::List
            } else if BUILTINS.iter().any(|(_, b)| *b == spec_ty) {
                Holds::Value
            } else {
                Holds::Object
            };
            let decision = decide(name, raw, holds);
            // `Array of Array of T or null`: the innermost elements (the grammar's reading).
            let spec_ty = match decision {
                Decision::NullElements(_) => format!("{spec_ty} or null"),
                _ => spec_ty,
            };
            if let Decision::Undecided(reason) = &decision {
                let kind = if function { "parameter" } else { "field" };
                self.diags.warning(
                    &decl.name,
                    format!("{kind} `{name}`: taken as optional, not decided by a listed phrase: {reason}"),
                );
            }
            out.push(Field {
                name: name.clone(),
                int64: base(ty) == "int53",
                ty: spec_ty,
                required: decision.required(),
                description: self.text(raw),
                ..Field::default()
            });
        }
        out
    }

    /// A field or result type in the spec's grammar.
    fn ty(&mut self, owner: &str, tl: &str) -> Option<String> {
        if let Some(inner) = tl.strip_prefix("vector<").and_then(|t| t.strip_suffix('>')) {
            return Some(format!("Array of {}", self.ty(owner, inner)?));
        }
        if let Some((_, spec)) = BUILTINS.iter().find(|(name, _)| *name == tl) {
            return Some((*spec).to_owned());
        }
        let found = self.boxed.get(tl).or_else(|| self.constructors.get(tl));
        match found {
            Some(name) => Some(name.clone()),
            None => {
                self.diags
                    .error(owner, format!("the type `{tl}` is not declared"));
                None
            }
        }
    }

    /// Schema text as a spec description: markup characters escaped, and the names of
    /// the schema's items that have a capital inside (`updateNewMessage`,
    /// `MessageContent`) linked to them. Plain words (`message`, `ok`) stay words.
    fn text(&self, raw: &str) -> String {
        let mut escaped = String::with_capacity(raw.len());
        crate::scrape::raw::escape_markdown(raw, &mut escaped);
        let mut out = String::with_capacity(escaped.len() + 16);
        let mut word_start = None;
        let bytes = escaped.as_bytes();
        for (at, c) in escaped.char_indices().chain([(escaped.len(), ' ')]) {
            let in_word = c.is_ascii_alphanumeric() || c == '_';
            match (in_word, word_start) {
                (true, None) => word_start = Some(at),
                (false, Some(start)) => {
                    let word = &escaped[start..at];
                    // Not a part of a URL, a path or an escaped sequence.
                    let joined = start > 0
                        && matches!(bytes[start - 1], b'/' | b'.' | b'\\' | b'@' | b'#')
                        || matches!(bytes.get(at), Some(b'/'));
                    let linked = !joined
                        && self.linkable.contains(word)
                        && word.chars().skip(1).any(|c| c.is_ascii_uppercase());
                    if linked {
                        out.push_str(&format!("[`{word}`](#{word})"));
                    } else {
                        out.push_str(word);
                    }
                    word_start = None;
                    if at < escaped.len() {
                        out.push(c);
                    }
                }
                (false, None) if at < escaped.len() => out.push(c),
                (false, None) => {}
                (true, Some(_)) => {}
            }
        }
        out
    }
}

fn base(tl: &str) -> &str {
    let mut t = tl;
    while let Some(inner) = t.strip_prefix("vector<").and_then(|t| t.strip_suffix('>')) {
        t = inner;
    }
    t
}

fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "double ? = Double;\nstring ? = String;\n\nint32 = Int32;\nint53 = Int53;\nint64 = Int64;\nbytes = Bytes;\n\nboolFalse = Bool;\nboolTrue = Bool;\n\nvector {t:Type} # [ t ] = Vector t;\n\n\n\
//@description An object of this type is returned on a successful function call for certain functions\n\
ok = Ok;\n\n\
//@class Sender @description Who sent it\n\n\
//@description A user @user_id Identifier of the user\nsenderUser user_id:int53 = Sender;\n\n\
//@description A chat\n//@chat_id Identifier\n//-of the chat\nsenderChat chat_id:int53 = Sender;\n\n\
//@description A message @id Id @sender_id The sender; may be null @data Some bytes; may be empty @ids Ids @caption Caption of the message, if any @param_description What it is\n\
message id:int64 sender_id:Sender data:bytes ids:vector<int32> caption:formattedText description:string = Message;\n\n\
//@description Text @text The text\nformattedText text:string = FormattedText;\n\n\
---functions---\n\n\
//@description Returns a message, see formattedText @chat_id Chat <id> @sender Sender; pass null to use the default @flag A flag\n\
getMessage chat_id:int53 sender:Sender flag:Bool = Message;\n";

    fn read(source: &str) -> (Spec, Diagnostics) {
        let mut diags = Diagnostics::new("td_api-1.2.3.tl");
        let spec = read_spec(
            source,
            "td_api-1.2.3.tl",
            &KnownFacts::default(),
            &mut diags,
        );
        (spec, diags)
    }

    #[test]
    fn reads_classes_constructors_and_functions() {
        let (spec, diags) = read(SCHEMA);
        assert_eq!(spec.api.version.as_deref(), Some("1.2.3"));
        assert_eq!(spec.api.protocol, Protocol::TdJson);
        let names: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Ok",
                "Sender",
                "SenderUser",
                "SenderChat",
                "Message",
                "FormattedText"
            ]
        );
        let sender = spec.find_type("Sender").unwrap();
        assert_eq!(
            sender.one_of.as_deref().unwrap(),
            ["SenderUser", "SenderChat"]
        );
        assert_eq!(sender.description, "Who sent it");
        let chat = spec.find_type("SenderChat").unwrap();
        let fields = chat.fields.as_ref().unwrap();
        assert_eq!(fields[0].name, "@type");
        assert_eq!(fields[0].const_value.as_deref(), Some("senderChat"));
        assert_eq!(fields[1].description, "Identifier\nof the chat");
        assert!(fields[1].int64, "int53 is more than 32 bits");
        let message = spec.find_type("Message").unwrap().fields.as_ref().unwrap();
        let get = |name: &str| message.iter().find(|f| f.name == name).unwrap();
        assert_eq!(get("id").ty, "Int64");
        assert_eq!(get("data").ty, "Bytes");
        assert!(get("data").required, "“may be empty” is an empty value");
        assert_eq!(get("ids").ty, "Array of Integer");
        assert!(!get("sender_id").required);
        assert_eq!(
            get("caption").ty,
            "FormattedText",
            "a bare constructor name"
        );
        assert!(!get("caption").required, "undecided: optional");
        assert_eq!(get("description").description, "What it is");
        let method = &spec.methods[0];
        assert_eq!(method.name, "getMessage");
        assert_eq!(method.returns, "Message");
        assert_eq!(
            method.description,
            "Returns a message, see [`formattedText`](#formattedText)"
        );
        assert_eq!(method.params[0].description, "Chat \\<id\\>");
        assert!(!method.params[1].required);
        assert_eq!(method.params[2].ty, "Boolean");
        let warnings: Vec<String> = diags.warnings().map(|d| d.to_string()).collect();
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("`caption`: taken as optional"),
            "{warnings:?}"
        );
        assert_eq!(
            count(SCHEMA),
            Counts {
                constructors: 5,
                classes: 1,
                functions: 1
            }
        );
    }

    #[test]
    fn decisions_come_from_listed_phrases() {
        assert_eq!(
            decide("sender", "The sender; may be null", Holds::Object),
            Decision::Optional("may be null")
        );
        assert_eq!(
            decide("x", "Pass null to skip", Holds::Object),
            Decision::Optional("pass null")
        );
        assert_eq!(
            decide("photo", "Photo; may be null if unknown", Holds::Object),
            Decision::Optional("may be null")
        );
        assert_eq!(
            decide("text", "Text; may be empty", Holds::Value),
            Decision::Value
        );
        assert_eq!(
            decide("photo", "The photo", Holds::Object),
            Decision::Object
        );
        // The name of a list stands for its elements.
        let messages = "List of messages; messages may be null";
        assert_eq!(
            decide("messages", messages, Holds::List),
            Decision::NullElements("may be null")
        );
        assert!(decide("messages", messages, Holds::List).required());
        assert_eq!(
            decide("chat_ids", "Chats; chat ids may be null", Holds::List),
            Decision::NullElements("may be null")
        );
        // Said of something else than the field or its elements.
        assert!(matches!(
            decide("items", messages, Holds::List),
            Decision::Undecided(_)
        ));
        assert!(matches!(
            decide("messages", messages, Holds::Object),
            Decision::Undecided(_)
        ));
        assert!(matches!(
            decide("photo", "Photo, if available", Holds::Object),
            Decision::Undecided(_)
        ));
    }

    #[test]
    fn reports_what_it_cannot_read() {
        let (_, diags) =
            read("int32 = Int32;\nfoo = Foo;\n//@description X @a A\nbar a:unknownType = Bar;\n");
        let errors: Vec<String> = diags.errors().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("built-in type `Foo`"), "{errors:?}");
        assert!(
            errors[1].contains("`unknownType` is not declared"),
            "{errors:?}"
        );
    }

    #[test]
    fn tags_start_after_a_space() {
        let mut tags = Vec::new();
        split_tags(
            "@description Mail a@b.c or @BotFather @user_id Id",
            &mut tags,
        );
        assert_eq!(
            tags,
            [
                (
                    "description".to_owned(),
                    "Mail a@b.c or @BotFather".to_owned()
                ),
                ("user_id".to_owned(), "Id".to_owned())
            ]
        );
    }
}
