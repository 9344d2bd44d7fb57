//! The independent specs ("oracles") in `tests/fixtures/oracle/`, read into one shape
//! with their type strings normalised to our grammar.
//!
//! The normalisation here is written independently of `codegen::spec::typeexpr` on purpose:
//! parsing the oracle's strings with the parser under test would hide the parser's own
//! mistakes. A type becomes a *set of alternatives*, with `Array of` distributed over
//! them: `Array of A, B and C` → {`Array of A`, `Array of B`, `Array of C`}, and
//! `Integer or String` → {`Integer`, `String`}.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// A type as a set of alternatives (see the module docs).
pub type TypeSet = BTreeSet<String>;

/// One oracle, reduced to what the accuracy test compares.
#[derive(Debug, Default)]
pub struct Reference {
    /// Which project produced it, for messages.
    pub source: &'static str,
    /// The oracle's grammar tells `True` from `Boolean`. When it does not, both sides
    /// are compared with `True` read as `Boolean` (see [`project_true`]).
    pub has_true: bool,
    /// The same for the return types, which may come from another oracle (see
    /// [`Reference::adopt_returns`]).
    pub returns_has_true: bool,
    /// Where the return types come from, when not from this oracle.
    pub returns_from: Option<&'static str>,
    pub types: BTreeMap<String, RefType>,
    pub methods: BTreeMap<String, RefMethod>,
}

#[derive(Debug, Default)]
pub struct RefType {
    pub fields: Vec<RefField>,
    /// Variants, when the oracle records the type as a union.
    pub variants: Option<Vec<String>>,
}

#[derive(Debug, Default)]
pub struct RefMethod {
    pub params: Vec<RefField>,
    /// `None` when the oracle does not record return types.
    pub returns: Option<TypeSet>,
}

#[derive(Debug)]
pub struct RefField {
    pub name: String,
    pub required: bool,
    pub types: TypeSet,
}

impl Reference {
    /// Takes the return types this oracle lacks from `older`, an oracle of an earlier
    /// version, for the methods both have. Returns the number of methods filled in.
    pub fn adopt_returns(&mut self, older: &Reference, label: &'static str) -> usize {
        let mut adopted = 0;
        for (name, method) in &mut self.methods {
            if method.returns.is_some() {
                continue;
            }
            if let Some(returns) = older.methods.get(name).and_then(|m| m.returns.clone()) {
                method.returns = Some(returns);
                adopted += 1;
            }
        }
        if adopted > 0 {
            self.returns_has_true = older.has_true;
            self.returns_from = Some(label);
        }
        adopted
    }
}

/// Reads a type as an oracle writes it (one string, possibly with alternatives) into a
/// set of alternatives. `None` for text that is not a type.
pub fn type_set(text: &str) -> Option<TypeSet> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut depth = 0;
    let mut rest = text.as_str();
    while let Some(inner) = rest.strip_prefix("Array of ") {
        depth += 1;
        rest = inner;
    }
    let mut set = TypeSet::new();
    // Alternatives after an `Array of` all sit inside the array.
    for part in rest.split(", ") {
        for part in part.split(" or ") {
            for part in part.split(" and ") {
                let part = part
                    .trim()
                    .trim_start_matches("or ")
                    .trim_start_matches("and ");
                let atom = match part {
                    "Float number" => "Float",
                    "Int" => "Integer",
                    other => other,
                };
                if atom.is_empty() || !atom.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return None;
                }
                set.insert(format!("{}{atom}", "Array of ".repeat(depth)));
            }
        }
    }
    Some(set)
}

/// Reads `True` as `Boolean`, for oracles whose grammar has no `True`.
pub fn project_true(set: &TypeSet) -> TypeSet {
    set.iter()
        .map(|t| match t.strip_suffix("True") {
            Some(prefix) if prefix.is_empty() || prefix.ends_with("of ") => {
                format!("{prefix}Boolean")
            }
            _ => t.clone(),
        })
        .collect()
}

fn union_of(texts: &[String], what: &str) -> Result<TypeSet, String> {
    let mut set = TypeSet::new();
    for text in texts {
        set.extend(type_set(text).ok_or_else(|| format!("{what}: `{text}` is not a type"))?);
    }
    Ok(set)
}

// --- PaulSonOfLars/telegram-bot-api-spec -------------------------------------------

#[derive(Deserialize)]
struct PslSpec {
    methods: BTreeMap<String, PslItem>,
    types: BTreeMap<String, PslItem>,
}

#[derive(Deserialize)]
struct PslItem {
    #[serde(default)]
    returns: Option<Vec<String>>,
    #[serde(default)]
    fields: Vec<PslField>,
    #[serde(default)]
    subtypes: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct PslField {
    name: String,
    types: Vec<String>,
    required: bool,
}

/// PaulSonOfLars' layout: `{methods: {name: {returns[], fields[{name, types[], required}]}},
/// types: {name: {fields[…] | subtypes[]}}}`. Its grammar has no `True`.
pub fn paulsonoflars(json: &str) -> Result<Reference, String> {
    let spec: PslSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let fields = |item: &str, fields: &[PslField]| -> Result<Vec<RefField>, String> {
        fields
            .iter()
            .map(|f| {
                Ok(RefField {
                    name: f.name.clone(),
                    required: f.required,
                    types: union_of(&f.types, &format!("{item}.{}", f.name))?,
                })
            })
            .collect()
    };
    let mut reference = Reference {
        source: "PaulSonOfLars",
        has_true: false,
        returns_has_true: false,
        ..Reference::default()
    };
    for (name, item) in &spec.types {
        reference.types.insert(
            name.clone(),
            RefType {
                fields: fields(name, &item.fields)?,
                variants: item.subtypes.clone(),
            },
        );
    }
    for (name, item) in &spec.methods {
        let returns = match &item.returns {
            Some(returns) => Some(union_of(returns, &format!("{name} returns"))?),
            None => None,
        };
        reference.methods.insert(
            name.clone(),
            RefMethod {
                params: fields(name, &item.fields)?,
                returns,
            },
        );
    }
    Ok(reference)
}

// --- aiogram/aiogram `.butcher` schema -----------------------------------------------

#[derive(Deserialize)]
struct AiogramSpec {
    items: Vec<AiogramGroup>,
}

#[derive(Deserialize)]
struct AiogramGroup {
    children: Vec<AiogramItem>,
}

#[derive(Deserialize)]
struct AiogramItem {
    name: String,
    category: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    annotations: Vec<AiogramField>,
}

#[derive(Deserialize)]
struct AiogramField {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
}

/// aiogram's layout: `{items: [{children: [{name, category, description, annotations:
/// [{name, type, required}]}]}]}`. It records no return types and no union variants as
/// data; a union's variants are the ` - Name` lines of its description.
pub fn aiogram(json: &str) -> Result<Reference, String> {
    let spec: AiogramSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut reference = Reference {
        source: "aiogram",
        has_true: true,
        returns_has_true: true,
        ..Reference::default()
    };
    for item in spec.items.iter().flat_map(|g| &g.children) {
        let mut params = Vec::new();
        for a in &item.annotations {
            params.push(RefField {
                name: a.name.clone(),
                required: a.required,
                types: type_set(&a.ty)
                    .ok_or_else(|| format!("{}.{}: `{}` is not a type", item.name, a.name, a.ty))?,
            });
        }
        match item.category.as_str() {
            "types" => {
                let bullets: Vec<String> = item
                    .description
                    .lines()
                    .filter_map(|line| line.trim().strip_prefix("- "))
                    .map(|name| name.trim().to_owned())
                    .collect();
                let is_union = params.is_empty()
                    && !bullets.is_empty()
                    && bullets
                        .iter()
                        .all(|b| b.chars().all(|c| c.is_ascii_alphanumeric()));
                reference.types.insert(
                    item.name.clone(),
                    RefType {
                        fields: params,
                        variants: is_union.then_some(bullets),
                    },
                );
            }
            "methods" => {
                reference.methods.insert(
                    item.name.clone(),
                    RefMethod {
                        params,
                        returns: None,
                    },
                );
            }
            other => return Err(format!("{}: unknown category `{other}`", item.name)),
        }
    }
    Ok(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> TypeSet {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn oracle_type_strings() {
        assert_eq!(
            type_set("Integer or String"),
            Some(set(&["Integer", "String"]))
        );
        assert_eq!(
            type_set("Array of InputMediaAudio, InputMediaDocument and InputMediaPhoto"),
            Some(set(&[
                "Array of InputMediaAudio",
                "Array of InputMediaDocument",
                "Array of InputMediaPhoto"
            ]))
        );
        assert_eq!(type_set("Float number"), Some(set(&["Float"])));
        assert_eq!(
            type_set("Array of Array of PhotoSize"),
            Some(set(&["Array of Array of PhotoSize"]))
        );
        assert_eq!(type_set("a number"), None);
        assert_eq!(
            project_true(&set(&["True", "Array of True", "TrueFalse"])),
            set(&["Boolean", "Array of Boolean", "TrueFalse"])
        );
    }
}
