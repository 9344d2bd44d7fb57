//! Corrections kept as data: `spec/overrides/<api>.yaml`, a list of entries, each
//! with a target, one change and the reason for it.
//!
//! ```yaml
//! - type: WebhookInfo            # or `method: getFile`
//!   set:                         # patch fields (or parameters) by name
//!     url: {type: String, required: true}
//!   reason: The page names the fields but not their types …
//! ```
//!
//! Changes of a type: `add` (a type the page lacks: description with `fields`,
//! `one_of` or `values`), `opaque` (a type kept as any JSON value; the text is its
//! description), `fields` (replace all fields), `add_fields` (fields the table lacks),
//! `set`, `one_of`, `rename`, `drop`. Changes of a method: `fields` (replace all
//! parameters), `add_fields`, `set`, `returns`, `drop`.
//! A type or method the page defines twice is chosen with `occurrence` (1-based).
//! A union written inline is named with `union: A or B` and `name: RustName`.
//! Entries without an item target: `retype: {from, to}` (every reference to a type
//! text), `skip_section` and `skip_group` (sections of the page not to read as API,
//! the group with the items under it).
//! Any entry may instead be `accept_warning: <text>`: a warning about its target (or
//! about the page, without one) whose text contains this has been checked, and is
//! shown only on request (`--verbose`); one that answers no warning is reported.
//!
//! Skips apply to the raw page, before extraction; the rest to the spec, after
//! extraction and before [`crate::scrape::analyze`], so corrected specs get every check.
//! Every change leaves its reason in the spec ([`Origin::Override`] on what it
//! touched, or a [`Skipped`] entry). An entry that no longer applies (its target is
//! gone) is an error; one that changes nothing (the page now says the same) is a
//! warning. Both name the entry.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Severity};
use crate::scrape::raw::RawPage;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{EnumValue, Field, Method, Origin, Skipped, Spec, TypeDef};

/// The overrides of one API.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The file they come from, for diagnostics.
    path: String,
    entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum OverridesError {
    #[error("{path}: cannot read: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: not a list of override entries: {error}")]
    Parse {
        path: String,
        error: serde_yaml::Error,
    },
    #[error("{path}: entry {index}: {problem}")]
    Entry {
        path: String,
        index: usize,
        problem: String,
    },
}

/// An entry as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(rename = "type")]
    type_name: Option<String>,
    method: Option<String>,
    /// A union written inline (`Integer or String`).
    union: Option<String>,
    occurrence: Option<usize>,
    skip_section: Option<String>,
    skip_group: Option<String>,
    retype: Option<Retype>,
    add: Option<NewType>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Retype {
    from: String,
    to: String,
}

/// A type the page lacks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewType {
    #[serde(default)]
    description: String,
    fields: Option<Vec<Field>>,
    one_of: Option<Vec<String>>,
    values: Option<Vec<EnumValue>>,
}

/// Changes to one field or parameter; what is absent stays.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldPatch {
    #[serde(rename = "type")]
    ty: Option<String>,
    required: Option<bool>,
    #[serde(rename = "const")]
    const_value: Option<String>,
    description: Option<String>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<String>>,
    default: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// 1-based position in the file.
    index: usize,
    target: Target,
    change: Change,
    reason: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    Type(String, Option<usize>),
    Method(String, Option<usize>),
    Union(String),
    Page,
}

#[derive(Debug, Clone)]
enum Change {
    SkipSection(String),
    SkipGroup(String),
    Retype(Retype),
    Add(NewType),
    Opaque(String),
    Fields(Vec<Field>),
    AddFields(Vec<Field>),
    Set(BTreeMap<String, FieldPatch>),
    OneOf(Vec<String>),
    Returns(String),
    Rename(String),
    Name(String),
    Drop,
    /// A warning about the target (or the page) that a maintainer has answered: its
    /// text contains this. It is shown only with `--verbose`.
    AcceptWarning(String),
}

impl Overrides {
    pub fn load(path: &Path) -> Result<Overrides, OverridesError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| OverridesError::Read {
            path: name.clone(),
            error,
        })?;
        Overrides::from_yaml(&text, &name)
    }

    /// Parses and checks the entries; `path` names the file in errors.
    pub fn from_yaml(text: &str, path: &str) -> Result<Overrides, OverridesError> {
        let raw: Vec<RawEntry> =
            serde_yaml::from_str(text).map_err(|error| OverridesError::Parse {
                path: path.to_owned(),
                error,
            })?;
        let entries = raw
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                Entry::check(i + 1, entry).map_err(|problem| OverridesError::Entry {
                    path: path.to_owned(),
                    index: i + 1,
                    problem,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Overrides {
            path: path.to_owned(),
            entries,
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes the sections the entries skip from the page, and says why for each.
    pub fn apply_to_page(&self, page: &mut RawPage, diags: &mut Diagnostics) -> Vec<Skipped> {
        let mut skipped = Vec::new();
        for entry in &self.entries {
            let (title, group) = match &entry.change {
                Change::SkipSection(title) => (title, false),
                Change::SkipGroup(title) => (title, true),
                _ => continue,
            };
            let Some(start) = page.sections.iter().position(|s| s.title == *title) else {
                diags.error(
                    entry.label(),
                    format!("no longer applies: the page has no section `{title}`"),
                );
                continue;
            };
            let level = page.sections[start].level;
            let end = if group {
                page.sections[start + 1..]
                    .iter()
                    .position(|s| s.level <= level)
                    .map_or(page.sections.len(), |at| start + 1 + at)
            } else {
                start + 1
            };
            for section in page.sections.drain(start..end) {
                skipped.push(Skipped {
                    tables: section.tables().count(),
                    section: section.title,
                    reason: entry.reason.clone(),
                });
            }
        }
        skipped
    }

    /// Applies the entries that change the spec, in file order.
    pub fn apply_to_spec(&self, spec: &mut Spec, diags: &mut Diagnostics) {
        for entry in &self.entries {
            if let Err(problem) = entry.apply(spec, diags) {
                diags.error(entry.label(), problem);
            }
        }
    }
}

impl Overrides {
    /// Marks the warnings of `diags` that `accept_warning` entries answer (a warning
    /// of the entry's target, or of the page as a whole for an entry without one,
    /// whose text contains the entry's). An entry that answers none is reported to
    /// `corrections`: the page no longer gives its warning.
    pub fn answer_warnings(&self, diags: &mut Diagnostics, corrections: &mut Diagnostics) {
        for entry in &self.entries {
            let Change::AcceptWarning(text) = &entry.change else {
                continue;
            };
            let section = match &entry.target {
                Target::Type(name, _) | Target::Method(name, _) => name.as_str(),
                Target::Union(union) => union.as_str(),
                Target::Page => "",
            };
            let mut answered = false;
            for item in diags.items_mut() {
                if item.severity == Severity::Warning
                    && item.section == section
                    && item.message.contains(text.as_str())
                {
                    let file = Path::new(&self.path).file_name().unwrap_or_default();
                    let by = format!("{} of {}", entry.label(), file.to_string_lossy());
                    item.answered_by = Some(by);
                    answered = true;
                }
            }
            if !answered {
                corrections.warning(
                    entry.label(),
                    "answers nothing: the page no longer gives this warning; remove this entry",
                );
            }
        }
    }
}

impl Entry {
    fn check(index: usize, raw: RawEntry) -> Result<Entry, String> {
        if raw.reason.trim().is_empty() {
            return Err("the reason is empty; say why the page is corrected".into());
        }
        let target = match (&raw.type_name, &raw.method, &raw.union) {
            (Some(name), None, None) => Target::Type(name.clone(), raw.occurrence),
            (None, Some(name), None) => Target::Method(name.clone(), raw.occurrence),
            (None, None, Some(union)) => Target::Union(union.clone()),
            (None, None, None) => Target::Page,
            _ => return Err("an entry targets one of a type, a method or a union".into()),
        };
        if raw.occurrence == Some(0) {
            return Err("`occurrence` counts from 1".into());
        }
        let mut changes = Vec::new();
        let mut offer = |present: bool, change: Option<Change>| {
            if present {
                changes.extend(change);
            }
        };
        offer(
            raw.skip_section.is_some(),
            raw.skip_section.map(Change::SkipSection),
        );
        offer(
            raw.skip_group.is_some(),
            raw.skip_group.map(Change::SkipGroup),
        );
        offer(raw.retype.is_some(), raw.retype.map(Change::Retype));
        offer(raw.add.is_some(), raw.add.map(Change::Add));
        offer(raw.opaque.is_some(), raw.opaque.map(Change::Opaque));
        offer(raw.fields.is_some(), raw.fields.map(Change::Fields));
        offer(
            raw.add_fields.is_some(),
            raw.add_fields.map(Change::AddFields),
        );
        offer(raw.set.is_some(), raw.set.map(Change::Set));
        offer(raw.one_of.is_some(), raw.one_of.map(Change::OneOf));
        offer(raw.returns.is_some(), raw.returns.map(Change::Returns));
        offer(raw.rename.is_some(), raw.rename.map(Change::Rename));
        offer(raw.name.is_some(), raw.name.map(Change::Name));
        offer(raw.drop == Some(true), Some(Change::Drop));
        offer(
            raw.accept_warning.is_some(),
            raw.accept_warning.map(Change::AcceptWarning),
        );
        let [change] = <[Change; 1]>::try_from(changes).map_err(|changes| {
            format!(
                "an entry makes exactly one change (add, opaque, fields, add_fields, set, one_of, returns, rename, name, drop, retype, skip_section, skip_group, accept_warning); this one makes {}",
                changes.len()
            )
        })?;
        let fits = matches!(
            (&target, &change),
            (_, Change::AcceptWarning(_))
                | (
                    Target::Page,
                    Change::SkipSection(_) | Change::SkipGroup(_) | Change::Retype(_)
                )
                | (
                    Target::Type(..),
                    Change::Add(_)
                        | Change::Opaque(_)
                        | Change::Fields(_)
                        | Change::AddFields(_)
                        | Change::Set(_)
                        | Change::OneOf(_)
                        | Change::Rename(_)
                        | Change::Drop
                )
                | (
                    Target::Method(..),
                    Change::Fields(_)
                        | Change::AddFields(_)
                        | Change::Set(_)
                        | Change::Returns(_)
                        | Change::Drop
                )
                | (Target::Union(_), Change::Name(_))
        );
        if !fits {
            return Err(format!("{change:?} does not apply to {target:?}")
                .replace("Page", "an entry without `type` or `method`"));
        }
        if let Change::Add(new) = &change {
            let kinds = [
                new.fields.is_some(),
                new.one_of.is_some(),
                new.values.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err("`add` gives exactly one of `fields`, `one_of`, `values`".into());
            }
        }
        Ok(Entry {
            index,
            target,
            change,
            reason: raw.reason.trim().to_owned(),
        })
    }

    /// How diagnostics name the entry: `entry 3 (type WebhookInfo)`.
    fn label(&self) -> String {
        let occurrence =
            |n: &Option<usize>| n.map(|n| format!(", definition {n}")).unwrap_or_default();
        match &self.target {
            Target::Type(name, n) => format!("entry {} (type {name}{})", self.index, occurrence(n)),
            Target::Method(name, n) => {
                format!("entry {} (method {name}{})", self.index, occurrence(n))
            }
            Target::Union(union) => format!("entry {} (union {union})", self.index),
            Target::Page => format!("entry {}", self.index),
        }
    }

    fn origin(&self, what: &str) -> Origin {
        Origin::Override {
            reason: if what.is_empty() {
                self.reason.clone()
            } else {
                format!("{what}: {}", self.reason)
            },
        }
    }

    fn apply(&self, spec: &mut Spec, diags: &mut Diagnostics) -> Result<(), String> {
        match (&self.target, &self.change) {
            (_, Change::SkipSection(_) | Change::SkipGroup(_) | Change::AcceptWarning(_)) => Ok(()),
            (Target::Page, Change::Retype(retype)) => self.retype(spec, retype),
            (Target::Type(name, _), Change::Add(new)) => {
                self.absent(spec, name)?;
                spec.types.push(TypeDef {
                    name: name.clone(),
                    description: new.description.clone(),
                    fields: new.fields.clone(),
                    one_of: new.one_of.clone(),
                    values: new.values.clone(),
                    origin: self.origin(""),
                    ..TypeDef::default()
                });
                Ok(())
            }
            (Target::Type(name, _), Change::Opaque(description)) => {
                self.absent(spec, name)?;
                spec.types.push(TypeDef {
                    name: name.clone(),
                    description: description.clone(),
                    origin: Origin::Opaque {
                        reason: self.reason.clone(),
                    },
                    ..TypeDef::default()
                });
                Ok(())
            }
            (Target::Type(name, _), Change::Drop) => {
                let at = self.type_index(spec, name)?;
                spec.types.remove(at);
                self.note_drop(spec, name);
                Ok(())
            }
            (Target::Method(name, _), Change::Drop) => {
                let at = self.method_index(spec, name)?;
                spec.methods.remove(at);
                self.note_drop(spec, name);
                Ok(())
            }
            (Target::Type(name, _), Change::Rename(to)) => {
                let at = self.type_index(spec, name)?;
                self.absent(spec, to)?;
                let ty = &mut spec.types[at];
                ty.name = to.clone();
                merge(
                    &mut ty.origin,
                    self.origin(&format!("renamed from `{name}`")),
                );
                Ok(())
            }
            (Target::Type(name, _), Change::OneOf(variants)) => {
                let at = self.type_index(spec, name)?;
                let ty = &mut spec.types[at];
                if ty.one_of.as_ref() == Some(variants) {
                    self.redundant(diags);
                    return Ok(());
                }
                ty.one_of = Some(variants.clone());
                ty.fields = None;
                merge(&mut ty.origin, self.origin("variants"));
                Ok(())
            }
            (Target::Type(name, _), Change::Fields(fields)) => {
                let at = self.type_index(spec, name)?;
                let origin = self.origin("fields");
                let current = spec.types[at].fields.get_or_insert_with(Vec::new);
                self.replace_fields(current, fields, origin, diags);
                Ok(())
            }
            (Target::Method(name, _), Change::Fields(fields)) => {
                let at = self.method_index(spec, name)?;
                let origin = self.origin("parameters");
                self.replace_fields(&mut spec.methods[at].params, fields, origin, diags);
                Ok(())
            }
            (Target::Type(name, _), Change::AddFields(fields)) => {
                let at = self.type_index(spec, name)?;
                let current = spec.types[at].fields.get_or_insert_with(Vec::new);
                self.add_fields(current, fields)
            }
            (Target::Method(name, _), Change::AddFields(fields)) => {
                let at = self.method_index(spec, name)?;
                self.add_fields(&mut spec.methods[at].params, fields)
            }
            (Target::Type(name, _), Change::Set(patches)) => {
                let at = self.type_index(spec, name)?;
                let fields = spec.types[at].fields.get_or_insert_with(Vec::new);
                self.patch(fields, patches, diags)
            }
            (Target::Method(name, _), Change::Set(patches)) => {
                let at = self.method_index(spec, name)?;
                self.patch(&mut spec.methods[at].params, patches, diags)
            }
            (Target::Method(name, _), Change::Returns(returns)) => {
                let at = self.method_index(spec, name)?;
                let method: &mut Method = &mut spec.methods[at];
                if method.returns == *returns {
                    self.redundant(diags);
                    return Ok(());
                }
                method.returns = returns.clone();
                merge(
                    &mut method.origin,
                    self.origin(&format!("returns `{returns}`")),
                );
                Ok(())
            }
            (Target::Union(union), Change::Name(name)) => self.name_union(spec, union, name, diags),
            (target, change) => Err(format!("{change:?} does not apply to {target:?}")),
        }
    }

    /// Records the Rust name of an inline union that some field, parameter or result
    /// of the spec has.
    fn name_union(
        &self,
        spec: &mut Spec,
        union: &str,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Result<(), String> {
        let canonical = |expr: &TypeExpr| expr.canonical(&|_| None);
        let wanted = match TypeExpr::parse(union) {
            Ok(expr @ TypeExpr::Union(_)) => canonical(&expr),
            _ => return Err(format!("`{union}` is not a union (`A or B …`)")),
        };
        if !crate::spec::typeexpr::is_type_name(name) {
            return Err(format!(
                "`{name}` is not a type name (UpperCamelCase letters and digits)"
            ));
        }
        let same = |text: &str| TypeExpr::parse(text).is_ok_and(|expr| canonical(&expr) == wanted);
        if let Some(earlier) = spec.api.union_names.iter().find(|n| same(&n.union)) {
            return Err(format!(
                "`{union}` is already named `{}` by an earlier entry",
                earlier.name
            ));
        }
        let field_types = spec
            .types
            .iter()
            .flat_map(|t| t.fields.iter().flatten().map(|f| &f.ty));
        let method_types = spec
            .methods
            .iter()
            .flat_map(|m| m.params.iter().map(|p| &p.ty).chain([&m.returns]));
        let used = field_types.chain(method_types).any(|text| {
            TypeExpr::parse(text)
                .is_ok_and(|expr| expr.unions().into_iter().any(|u| canonical(u) == wanted))
        });
        if !used {
            // A name is harmless where its union is absent (an older page read with
            // today's overrides), so it is worth a look, not a failed run.
            diags.warning(
                self.label(),
                format!("names nothing: no field, parameter or result is `{union}`"),
            );
            return Ok(());
        }
        spec.api.union_names.push(crate::spec::UnionName {
            union: union.to_owned(),
            name: name.to_owned(),
        });
        Ok(())
    }

    fn absent(&self, spec: &Spec, name: &str) -> Result<(), String> {
        match spec.find_type(name) {
            Some(_) => Err(format!(
                "no longer applies: the spec already has a type `{name}`; remove or change this entry"
            )),
            None => Ok(()),
        }
    }

    fn redundant(&self, diags: &mut Diagnostics) {
        diags.warning(
            self.label(),
            "changes nothing: the page now says the same; remove this entry",
        );
    }

    fn occurrence(&self) -> Option<usize> {
        match &self.target {
            Target::Type(_, n) | Target::Method(_, n) => *n,
            Target::Union(_) | Target::Page => None,
        }
    }

    /// The position of the targeted definition among those named `name`.
    fn pick(&self, positions: Vec<usize>, what: &str, name: &str) -> Result<usize, String> {
        match (self.occurrence(), positions.len()) {
            (_, 0) => Err(format!(
                "no longer applies: the spec has no {what} `{name}`"
            )),
            (None, 1) => Ok(positions[0]),
            (None, n) => Err(format!(
                "`{name}` is defined {n} times; say which one with `occurrence`"
            )),
            (Some(k), n) => positions.get(k - 1).copied().ok_or_else(|| {
                format!("no longer applies: `{name}` is defined {n} time(s), not {k}")
            }),
        }
    }

    fn type_index(&self, spec: &Spec, name: &str) -> Result<usize, String> {
        let positions = (spec.types.iter().enumerate())
            .filter(|(_, t)| t.name == name)
            .map(|(i, _)| i)
            .collect();
        self.pick(positions, "type", name)
    }

    fn method_index(&self, spec: &Spec, name: &str) -> Result<usize, String> {
        let positions = (spec.methods.iter().enumerate())
            .filter(|(_, m)| m.name == name)
            .map(|(i, _)| i)
            .collect();
        self.pick(positions, "method", name)
    }

    fn note_drop(&self, spec: &mut Spec, name: &str) {
        let which = self
            .occurrence()
            .map(|n| format!("definition {n} of `{name}` dropped"))
            .unwrap_or_else(|| format!("`{name}` dropped"));
        // Its tables were read; the item is what is dropped.
        spec.skipped.push(Skipped {
            section: name.to_owned(),
            reason: format!("{which}: {}", self.reason),
            tables: 0,
        });
    }

    fn replace_fields(
        &self,
        current: &mut Vec<Field>,
        fields: &[Field],
        origin: Origin,
        diags: &mut Diagnostics,
    ) {
        if current.as_slice() == fields {
            self.redundant(diags);
            return;
        }
        *current = fields
            .iter()
            .map(|field| Field {
                origin: origin.clone(),
                ..field.clone()
            })
            .collect();
    }

    fn add_fields(&self, current: &mut Vec<Field>, fields: &[Field]) -> Result<(), String> {
        for field in fields {
            if current.iter().any(|f| f.name == field.name) {
                return Err(format!(
                    "no longer applies: there already is a field `{}`; remove it from this entry",
                    field.name
                ));
            }
            current.push(Field {
                origin: self.origin("added"),
                ..field.clone()
            });
        }
        Ok(())
    }

    fn patch(
        &self,
        fields: &mut [Field],
        patches: &BTreeMap<String, FieldPatch>,
        diags: &mut Diagnostics,
    ) -> Result<(), String> {
        let mut changed = false;
        for (name, patch) in patches {
            let Some(field) = fields.iter_mut().find(|f| f.name == *name) else {
                return Err(format!("no longer applies: there is no field `{name}`"));
            };
            let before = field.clone();
            if let Some(ty) = &patch.ty {
                field.ty.clone_from(ty);
            }
            if let Some(required) = patch.required {
                field.required = required;
            }
            if let Some(value) = &patch.const_value {
                field.const_value = Some(value.clone());
            }
            if let Some(description) = &patch.description {
                field.description.clone_from(description);
            }
            if let Some(values) = &patch.enum_values {
                if field.enum_values != *values {
                    // The values are the override's now, stated nowhere on the page.
                    field.enum_values.clone_from(values);
                    field.enum_name = None;
                    field.enum_origin = None;
                }
            }
            if let Some(default) = &patch.default {
                field.default = Some(default.clone());
            }
            if *field != before {
                changed = true;
                merge(&mut field.origin, self.origin(""));
            }
        }
        if !changed {
            self.redundant(diags);
        }
        Ok(())
    }

    /// Replaces a type text wherever the spec refers to it.
    fn retype(&self, spec: &mut Spec, retype: &Retype) -> Result<(), String> {
        let origin = self.origin(&format!("`{}` read as `{}`", retype.from, retype.to));
        let mut count = 0;
        for field in spec.fields_and_params_mut() {
            if let Some(ty) = substitute(&field.ty, retype) {
                field.ty = ty;
                merge(&mut field.origin, origin.clone());
                count += 1;
            }
        }
        for method in &mut spec.methods {
            if let Some(ty) = substitute(&method.returns, retype) {
                method.returns = ty;
                merge(&mut method.origin, origin.clone());
                count += 1;
            }
        }
        if count == 0 {
            return Err(format!(
                "no longer applies: nothing refers to `{}`",
                retype.from
            ));
        }
        Ok(())
    }
}

/// `text` with `from` replaced by `to`: the whole text, or a type it names.
fn substitute(text: &str, retype: &Retype) -> Option<String> {
    if text.trim() == retype.from {
        return Some(retype.to.clone());
    }
    let parsed = TypeExpr::parse(text).ok()?;
    if !parsed.named_types().contains(&retype.from.as_str()) {
        return None;
    }
    let to = TypeExpr::parse(&retype.to).ok()?;
    Some(replace_named(parsed, &retype.from, &to).to_string())
}

fn replace_named(ty: TypeExpr, from: &str, to: &TypeExpr) -> TypeExpr {
    match ty {
        TypeExpr::Named(name) if name == from => to.clone(),
        TypeExpr::Array(inner) => TypeExpr::Array(Box::new(replace_named(*inner, from, to))),
        TypeExpr::Union(items) => {
            let items = items
                .into_iter()
                .map(|i| replace_named(i, from, to))
                .collect();
            // Re-parse to flatten a union replaced into a union.
            let text = TypeExpr::Union(items).to_string();
            TypeExpr::parse(&text).unwrap_or(TypeExpr::Named(text))
        }
        other => other,
    }
}

/// Records a change in an origin: a page item becomes an override; reasons add up.
fn merge(origin: &mut Origin, change: Origin) {
    let Origin::Override { reason: new } = change else {
        return;
    };
    match origin {
        Origin::Override { reason } => {
            reason.push_str("; ");
            reason.push_str(&new);
        }
        Origin::Page => *origin = Origin::Override { reason: new },
        // A type from prose or kept opaque stays so; its fields carry the change.
        Origin::Prose { .. } | Origin::Opaque { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::raw::RawSection;

    fn spec() -> Spec {
        let field = |name: &str, ty: &str| Field {
            name: name.into(),
            ty: ty.into(),
            required: true,
            ..Field::default()
        };
        Spec {
            api: crate::spec::Api {
                name: "T".into(),
                version: None,
                release_date: None,
                doc_url: None,
                request_url: "https://x/{token}/{method}".into(),
                file_url: None,
                auth: crate::spec::Auth::UrlPath,
                http_method: Default::default(),
                webhook_secret_header: None,
                init_data_key: None,
                upload_form: None,
                init_data_type: None,
                report_signature: None,
                union_names: Vec::new(),
                protocol: Default::default(),
            },
            types: vec![
                TypeDef {
                    name: "Row".into(),
                    fields: Some(vec![field("text", "Booleanean")]),
                    ..TypeDef::default()
                },
                TypeDef {
                    name: "Row".into(),
                    fields: Some(vec![field("buttons", "Array of Button")]),
                    ..TypeDef::default()
                },
            ],
            methods: vec![Method {
                name: "getThing".into(),
                params: vec![field("markup", "Keyboard markup")],
                ..Method::default()
            }],
            skipped: Vec::new(),
        }
    }

    fn apply(yaml: &str, spec: &mut Spec) -> Diagnostics {
        let overrides = Overrides::from_yaml(yaml, "o.yaml").unwrap();
        let mut diags = Diagnostics::new("o.yaml");
        overrides.apply_to_spec(spec, &mut diags);
        diags
    }

    #[test]
    fn accepted_warnings_are_marked_and_stale_acceptances_reported() {
        let overrides = Overrides::from_yaml(
            "- type: Chat\n  accept_warning: the other way round\n  reason: checked\n\
             - method: getFile\n  accept_warning: result table\n  reason: checked\n",
            "o.yaml",
        )
        .unwrap();
        let mut diags = Diagnostics::new("page");
        diags.warning("Chat", "row `id` has Type and Required the other way round");
        diags.warning("User", "row `id` has Type and Required the other way round");
        diags.error("Chat", "the other way round, but an error");
        let mut corrections = Diagnostics::new("o.yaml");
        overrides.answer_warnings(&mut diags, &mut corrections);
        let answered: Vec<_> = (diags.items().iter())
            .map(|d| d.answered_by.as_deref())
            .collect();
        // Only a warning, and only of the entry's target.
        assert_eq!(
            answered,
            [Some("entry 1 (type Chat) of o.yaml"), None, None]
        );
        let stale: Vec<_> = corrections.warnings().map(|d| d.to_string()).collect();
        assert_eq!(
            stale,
            ["warning: o.yaml: [entry 2 (method getFile)] answers nothing: the page no longer gives this warning; remove this entry"]
        );
    }

    #[test]
    fn corrections_leave_their_reason() {
        let mut spec = spec();
        let diags = apply(
            "- type: Row\n  occurrence: 1\n  rename: Button\n  reason: the first table describes one button\n\
             - retype: {from: Booleanean, to: Boolean}\n  reason: a typo\n\
             - retype: {from: Keyboard markup, to: Row or Button}\n  reason: as sendMessage says\n\
             - type: Thing\n  opaque: Anything.\n  reason: never described\n\
             - method: getThing\n  returns: Thing\n  reason: the sample reads it\n",
            &mut spec,
        );
        assert!(diags.items().is_empty(), "{diags}");
        assert_eq!(spec.types[0].name, "Button");
        assert!(
            matches!(&spec.types[0].origin, Origin::Override { reason } if reason.starts_with("renamed from `Row`"))
        );
        let field = &spec.types[0].fields.as_ref().unwrap()[0];
        assert_eq!(field.ty, "Boolean");
        assert!(
            matches!(&field.origin, Origin::Override { reason } if reason == "`Booleanean` read as `Boolean`: a typo")
        );
        assert_eq!(spec.methods[0].params[0].ty, "Row or Button");
        assert!(spec.find_type("Thing").unwrap().is_opaque());
        assert_eq!(spec.methods[0].returns, "Thing");
    }

    #[test]
    fn stale_and_redundant_entries_are_reported() {
        let mut spec = spec();
        let diags = apply(
            "- type: Row\n  rename: X\n  reason: which one?\n\
             - type: Gone\n  set: {a: {required: false}}\n  reason: r\n\
             - retype: {from: Nothing, to: Boolean}\n  reason: r\n\
             - type: Row\n  occurrence: 2\n  set: {buttons: {required: true}}\n  reason: r\n\
             - type: Row\n  add: {fields: []}\n  reason: r\n",
            &mut spec,
        );
        let text = diags.to_string();
        assert!(
            text.contains("[entry 1 (type Row)] `Row` is defined 2 times"),
            "{text}"
        );
        assert!(
            text.contains("[entry 2 (type Gone)] no longer applies: the spec has no type `Gone`"),
            "{text}"
        );
        assert!(
            text.contains("[entry 3] no longer applies: nothing refers to `Nothing`"),
            "{text}"
        );
        assert!(
            text.contains("warning: o.yaml: [entry 4 (type Row, definition 2)] changes nothing"),
            "{text}"
        );
        assert!(
            text.contains(
                "[entry 5 (type Row)] no longer applies: the spec already has a type `Row`"
            ),
            "{text}"
        );
    }

    #[test]
    fn unions_are_named_in_the_spec() {
        let mut spec = spec();
        spec.methods[0].params[0].ty = "Array of Button or Row".into();
        let diags = apply(
            "- union: Row or Button\n  name: Control\n  reason: r\n\
             - union: Button or Row\n  name: Other\n  reason: the same union\n\
             - union: Row or Thing\n  name: Gone\n  reason: r\n\
             - union: Row\n  name: One\n  reason: r\n\
             - union: Button or Thing\n  name: lower\n  reason: r\n",
            &mut spec,
        );
        let names: Vec<_> = spec
            .api
            .union_names
            .iter()
            .map(|n| (&*n.union, &*n.name))
            .collect();
        assert_eq!(names, [("Row or Button", "Control")]);
        let text = diags.to_string();
        for expected in [
            "error: o.yaml: [entry 2 (union Button or Row)] `Button or Row` is already named `Control`",
            "warning: o.yaml: [entry 3 (union Row or Thing)] names nothing",
            "error: o.yaml: [entry 4 (union Row)] `Row` is not a union",
            "error: o.yaml: [entry 5 (union Button or Thing)] `lower` is not a type name",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
    }

    #[test]
    fn entries_are_checked_when_loaded() {
        let error = |yaml: &str| {
            Overrides::from_yaml(yaml, "o.yaml")
                .unwrap_err()
                .to_string()
        };
        assert!(error("- type: A\n  reason: ''\n  drop: true\n")
            .contains("entry 1: the reason is empty"));
        assert!(error("- type: A\n  drop: true\n  rename: B\n  reason: r\n")
            .contains("exactly one change"));
        assert!(error("- method: a\n  one_of: [B]\n  reason: r\n").contains("does not apply"));
        assert!(error("- type: A\n  colour: red\n  reason: r\n").contains("unknown field `colour`"));
    }

    #[test]
    fn skips_sections_and_groups() {
        let section = |level, title: &str| RawSection {
            level,
            title: title.into(),
            ..RawSection::default()
        };
        let mut page = RawPage {
            title: None,
            sections: vec![
                section(3, "SDK"),
                section(4, "MainButton"),
                section(4, "Events"),
                section(3, "initData Format"),
                section(3, "Payments"),
            ],
        };
        let overrides = Overrides::from_yaml(
            "- skip_group: SDK\n  reason: JavaScript\n- skip_section: initData Format\n  reason: a query string\n- skip_section: Gone\n  reason: r\n",
            "o.yaml",
        )
        .unwrap();
        let mut diags = Diagnostics::new("o.yaml");
        let skipped = overrides.apply_to_page(&mut page, &mut diags);
        let titles: Vec<&str> = skipped.iter().map(|s| s.section.as_str()).collect();
        assert_eq!(titles, ["SDK", "MainButton", "Events", "initData Format"]);
        assert_eq!(page.sections.len(), 1);
        assert!(diags
            .to_string()
            .contains("[entry 3] no longer applies: the page has no section `Gone`"));
    }
}
