//! The parsed entries → spec types and methods.

use super::parse::{Decl, Entry};
use super::*;

/// Turns the parsed entries into spec types and methods.
pub(super) struct SpecBuilder<'d> {
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
    pub(super) fn new(entries: &[Entry], diags: &'d mut Diagnostics) -> Self {
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

    pub(super) fn build(&mut self, entries: &[Entry]) -> (Vec<TypeDef>, Vec<Method>) {
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
                    kind: TypeKind::Union(UnionDef::default()),
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
                        kind: TypeKind::Object(fields),
                        ..TypeDef::default()
                    });
                }
            }
        }
        for ty in &mut types {
            if let TypeKind::Union(union) = &mut ty.kind {
                union.one_of = variants.remove(&ty.name).unwrap_or_default();
                if union.one_of.is_empty() {
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
        crate::spec::markup::escape(raw, &mut escaped);
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

pub(super) fn base(tl: &str) -> &str {
    let mut t = tl;
    while let Some(inner) = t.strip_prefix("vector<").and_then(|t| t.strip_suffix('>')) {
        t = inner;
    }
    t
}

pub(super) fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
