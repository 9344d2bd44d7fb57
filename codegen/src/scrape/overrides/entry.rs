//! One entry of an overrides file: the keys as written ([`RawEntry`]), checked once
//! into an [`Entry`] whose [`Action`] pairs a target with a change that applies to it.
//! A pairing that makes no sense (`one_of` of a method, `returns` of a type) is an
//! error here, naming the entry and its line, and cannot be represented after.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::spec::{EnumValue, Field, TypeKind, UnionDef};

/// An entry as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    #[serde(rename = "type")]
    type_name: Option<String>,
    method: Option<String>,
    /// A union written inline (`Integer or String`).
    union: Option<String>,
    occurrence: Option<usize>,
    skip_section: Option<String>,
    skip_group: Option<String>,
    retype: Option<Retype>,
    add: Option<NewTypeYaml>,
    opaque: Option<String>,
    fields: Option<Vec<Field>>,
    add_fields: Option<Vec<Field>>,
    set: Option<BTreeMap<String, FieldPatch>>,
    one_of: Option<Vec<String>>,
    returns: Option<String>,
    rename: Option<String>,
    /// The Rust name of a `union`.
    name: Option<String>,
    drop: Option<bool>,
    accept_warning: Option<String>,
    reason: String,
}

/// Every reference to the type text `from` becomes `to`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Retype {
    pub(super) from: String,
    pub(super) to: String,
}

/// A type the page lacks, as written: a description and one kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewTypeYaml {
    #[serde(default)]
    description: String,
    fields: Option<Vec<Field>>,
    one_of: Option<Vec<String>>,
    values: Option<Vec<EnumValue>>,
}

/// A type the page lacks.
#[derive(Debug, Clone)]
pub(super) struct NewType {
    pub(super) description: String,
    /// An object, a union or an enumeration (never opaque: that is `opaque`).
    pub(super) kind: TypeKind,
}

/// Changes to one field or parameter; what is absent stays.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldPatch {
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    pub(super) required: Option<bool>,
    #[serde(rename = "const")]
    pub(super) const_value: Option<String>,
    pub(super) description: Option<String>,
    #[serde(rename = "enum")]
    pub(super) enum_values: Option<Vec<String>>,
    pub(super) default: Option<String>,
}

/// A checked entry.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// How diagnostics name the entry: `entry 3 (type WebhookInfo)`.
    pub(super) label: String,
    pub(super) reason: String,
    pub(super) action: Action,
}

/// A type or method of the page, by name; `occurrence` (1-based) picks one of a name
/// the page defines twice.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ItemRef {
    pub(super) name: String,
    pub(super) occurrence: Option<usize>,
}

/// What an entry does: each target with the changes that apply to it.
#[derive(Debug, Clone)]
pub(super) enum Action {
    /// Not to read a section of the page (before extraction).
    SkipSection(String),
    /// Not to read a section and the sections under it.
    SkipGroup(String),
    Retype(Retype),
    Type(ItemRef, TypeChange),
    Method(ItemRef, MethodChange),
    /// The Rust name of a union written inline.
    NameUnion {
        union: String,
        name: String,
    },
    /// A warning about `about` (a type, method or union; empty: the page as a whole)
    /// that a maintainer has answered: its text contains `text`. It is shown only with
    /// `--verbose`.
    AcceptWarning {
        about: String,
        text: String,
    },
}

#[derive(Debug, Clone)]
pub(super) enum TypeChange {
    Add(NewType),
    /// A type kept as any JSON value, with this description.
    Opaque(String),
    Fields(FieldsChange),
    OneOf(Vec<String>),
    Rename(String),
    Drop,
}

#[derive(Debug, Clone)]
pub(super) enum MethodChange {
    Params(FieldsChange),
    Returns(String),
    Drop,
}

/// A change to the fields of a type or the parameters of a method.
#[derive(Debug, Clone)]
pub(super) enum FieldsChange {
    /// All of them.
    Replace(Vec<Field>),
    /// Ones the table lacks.
    Add(Vec<Field>),
    /// Some, by name.
    Set(BTreeMap<String, FieldPatch>),
}

/// What an entry targets, while it is checked.
enum RawTarget {
    Type(ItemRef),
    Method(ItemRef),
    Union(String),
    Page,
}

/// The one change an entry states, while it is checked.
enum RawChange {
    SkipSection(String),
    SkipGroup(String),
    Retype(Retype),
    Add(NewTypeYaml),
    Opaque(String),
    Fields(Vec<Field>),
    AddFields(Vec<Field>),
    Set(BTreeMap<String, FieldPatch>),
    OneOf(Vec<String>),
    Returns(String),
    Rename(String),
    Name(String),
    Drop,
    AcceptWarning(String),
}

impl Entry {
    /// Checks the entry at `index` (1-based) of its file: a reason, one target, one change, and a change that applies
    /// to the target.
    pub(super) fn check(index: usize, raw: RawEntry) -> Result<Entry, String> {
        if raw.reason.trim().is_empty() {
            return Err("the reason is empty; say why the page is corrected".into());
        }
        if raw.occurrence == Some(0) {
            return Err("`occurrence` counts from 1".into());
        }
        let item = |name: &String| ItemRef {
            name: name.clone(),
            occurrence: raw.occurrence,
        };
        let target = match (&raw.type_name, &raw.method, &raw.union) {
            (Some(name), None, None) => RawTarget::Type(item(name)),
            (None, Some(name), None) => RawTarget::Method(item(name)),
            (None, None, Some(union)) => RawTarget::Union(union.clone()),
            (None, None, None) => RawTarget::Page,
            _ => return Err("an entry targets one of a type, a method or a union".into()),
        };
        let label = target.label(index);
        let stated: Vec<(&str, Option<RawChange>)> = vec![
            ("skip_section", raw.skip_section.map(RawChange::SkipSection)),
            ("skip_group", raw.skip_group.map(RawChange::SkipGroup)),
            ("retype", raw.retype.map(RawChange::Retype)),
            ("add", raw.add.map(RawChange::Add)),
            ("opaque", raw.opaque.map(RawChange::Opaque)),
            ("fields", raw.fields.map(RawChange::Fields)),
            ("add_fields", raw.add_fields.map(RawChange::AddFields)),
            ("set", raw.set.map(RawChange::Set)),
            ("one_of", raw.one_of.map(RawChange::OneOf)),
            ("returns", raw.returns.map(RawChange::Returns)),
            ("rename", raw.rename.map(RawChange::Rename)),
            ("name", raw.name.map(RawChange::Name)),
            ("drop", (raw.drop == Some(true)).then_some(RawChange::Drop)),
            (
                "accept_warning",
                raw.accept_warning.map(RawChange::AcceptWarning),
            ),
        ];
        let keys: Vec<&str> = stated.iter().map(|(key, _)| *key).collect();
        let mut changes: Vec<(&str, RawChange)> = stated
            .into_iter()
            .filter_map(|(key, change)| Some((key, change?)))
            .collect();
        if changes.len() != 1 {
            return Err(format!(
                "an entry makes exactly one change ({}); this one makes {}",
                keys.join(", "),
                changes.len()
            ));
        }
        let (key, change) = changes.remove(0);
        let action = match (target, change) {
            (target, RawChange::AcceptWarning(text)) => Action::AcceptWarning {
                about: target.name().to_owned(),
                text,
            },
            (RawTarget::Page, RawChange::SkipSection(title)) => Action::SkipSection(title),
            (RawTarget::Page, RawChange::SkipGroup(title)) => Action::SkipGroup(title),
            (RawTarget::Page, RawChange::Retype(retype)) => Action::Retype(retype),
            (RawTarget::Type(item), change) => {
                let change = match change {
                    RawChange::Add(new) => TypeChange::Add(new.check()?),
                    RawChange::Opaque(description) => TypeChange::Opaque(description),
                    RawChange::Fields(fields) => TypeChange::Fields(FieldsChange::Replace(fields)),
                    RawChange::AddFields(fields) => TypeChange::Fields(FieldsChange::Add(fields)),
                    RawChange::Set(patches) => TypeChange::Fields(FieldsChange::Set(patches)),
                    RawChange::OneOf(variants) => TypeChange::OneOf(variants),
                    RawChange::Rename(to) => TypeChange::Rename(to),
                    RawChange::Drop => TypeChange::Drop,
                    _ => return Err(does_not_apply(key, "a type")),
                };
                Action::Type(item, change)
            }
            (RawTarget::Method(item), change) => {
                let change = match change {
                    RawChange::Fields(fields) => {
                        MethodChange::Params(FieldsChange::Replace(fields))
                    }
                    RawChange::AddFields(fields) => MethodChange::Params(FieldsChange::Add(fields)),
                    RawChange::Set(patches) => MethodChange::Params(FieldsChange::Set(patches)),
                    RawChange::Returns(returns) => MethodChange::Returns(returns),
                    RawChange::Drop => MethodChange::Drop,
                    _ => return Err(does_not_apply(key, "a method")),
                };
                Action::Method(item, change)
            }
            (RawTarget::Union(union), RawChange::Name(name)) => Action::NameUnion { union, name },
            (RawTarget::Union(_), _) => return Err(does_not_apply(key, "a union")),
            (RawTarget::Page, _) => {
                return Err(does_not_apply(key, "an entry without `type` or `method`"))
            }
        };
        Ok(Entry {
            label,
            action,
            reason: raw.reason.trim().to_owned(),
        })
    }
}

fn does_not_apply(key: &str, target: &str) -> String {
    format!("`{key}` does not apply to {target}")
}

impl RawTarget {
    /// `entry 3 (type WebhookInfo, definition 2)`.
    fn label(&self, index: usize) -> String {
        let item = |what: &str, item: &ItemRef| {
            let occurrence = (item.occurrence)
                .map(|n| format!(", definition {n}"))
                .unwrap_or_default();
            format!("entry {index} ({what} {}{occurrence})", item.name)
        };
        match self {
            RawTarget::Type(ty) => item("type", ty),
            RawTarget::Method(method) => item("method", method),
            RawTarget::Union(union) => format!("entry {index} (union {union})"),
            RawTarget::Page => format!("entry {index}"),
        }
    }

    /// The name diagnostics about the target are filed under (none for the page).
    fn name(&self) -> &str {
        match self {
            RawTarget::Type(item) | RawTarget::Method(item) => &item.name,
            RawTarget::Union(union) => union,
            RawTarget::Page => "",
        }
    }
}

impl NewTypeYaml {
    /// The type's kind: exactly one of `fields`, `one_of`, `values`.
    fn check(self) -> Result<NewType, String> {
        let kind = match (self.fields, self.one_of, self.values) {
            (Some(fields), None, None) => TypeKind::Object(fields),
            (None, Some(one_of), None) => TypeKind::Union(UnionDef {
                one_of,
                discriminator: None,
            }),
            (None, None, Some(values)) => TypeKind::Enum(values),
            _ => return Err("`add` gives exactly one of `fields`, `one_of`, `values`".into()),
        };
        Ok(NewType {
            description: self.description,
            kind,
        })
    }
}

/// The line each entry of an overrides file starts at, when the file is a block list
/// (`- type: …` at the start of a line, as every overrides file is written): serde's
/// YAML reader gives no positions for what it reads without error.
pub(super) fn entry_lines(text: &str, entries: usize) -> Vec<Option<usize>> {
    let starts: Vec<usize> = (text.lines().enumerate())
        .filter(|(_, line)| *line == "-" || line.starts_with("- "))
        .map(|(at, _)| at + 1)
        .collect();
    if starts.len() == entries {
        starts.into_iter().map(Some).collect()
    } else {
        vec![None; entries]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str) -> Result<Entry, String> {
        let raw: RawEntry = serde_yaml::from_str(yaml).unwrap();
        Entry::check(1, raw)
    }

    #[test]
    fn a_change_is_paired_with_a_target_it_applies_to() {
        let entry =
            check("method: sendThing\noccurrence: 2\nset: {a: {required: false}}\nreason: r\n")
                .unwrap();
        assert_eq!(entry.label, "entry 1 (method sendThing, definition 2)");
        assert!(matches!(
            entry.action,
            Action::Method(
                ItemRef {
                    occurrence: Some(2),
                    ..
                },
                MethodChange::Params(FieldsChange::Set(_))
            )
        ));
        for (yaml, problem) in [
            (
                "method: a\none_of: [B]\n",
                "`one_of` does not apply to a method",
            ),
            (
                "type: A\nreturns: B\n",
                "`returns` does not apply to a type",
            ),
            (
                "union: A or B\ndrop: true\n",
                "`drop` does not apply to a union",
            ),
            (
                "name: X\n",
                "`name` does not apply to an entry without `type` or `method`",
            ),
            (
                "type: A\nadd: {fields: [], values: []}\n",
                "exactly one of `fields`",
            ),
            (
                "type: A\nmethod: b\ndrop: true\n",
                "one of a type, a method or a union",
            ),
        ] {
            let error = check(&format!("{yaml}reason: r\n")).unwrap_err();
            assert!(error.contains(problem), "{yaml}: {error}");
        }
        let accepted = check("union: A or B\naccept_warning: names nothing\nreason: r\n").unwrap();
        assert!(matches!(
            accepted.action,
            Action::AcceptWarning { about, .. } if about == "A or B"
        ));
    }

    #[test]
    fn entries_are_found_by_their_first_line() {
        let text =
            "# comment\n- type: A\n  drop: true\n  reason: r\n\n- skip_section: B\n  reason: r\n";
        assert_eq!(entry_lines(text, 2), [Some(2), Some(6)]);
        // A list written otherwise gives no lines, never wrong ones.
        assert_eq!(entry_lines("[{skip_section: B, reason: r}]", 1), [None]);
    }
}
