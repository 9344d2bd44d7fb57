//! Computing the changes between two specs, before classification.
//!
//! Items are matched by name, then the unmatched ones by [`rename`] detection; every
//! matched pair is compared member by member. Type references that differ only by a
//! detected type rename are not reported again: the rename itself is the change.

use std::collections::{BTreeMap, BTreeSet};

mod members;

use crate::diff::api_facts::{self, tag_text};
use crate::diff::model::{ChangeKind, Detail, ItemKind, Location, MemberKind, TypeShape};
use crate::diff::rename::{self, Candidate};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{EnumValue, Method, Origin, Spec, TypeDef, TypeKind};

/// Why two specs cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("the {side} spec defines {what} `{name}` more than once")]
    Duplicate {
        side: &'static str,
        what: &'static str,
        name: String,
    },
    /// A side cannot be generated, so what the diff does to the crate is unknown.
    #[error("the {side} spec cannot be generated: {message}")]
    Generate { side: &'static str, message: String },
}

/// A change found, not yet classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub location: Location,
    pub kind: ChangeKind,
}

/// Every change from `old` to `new`, in no particular order.
pub fn compute(old: &Spec, new: &Spec) -> Result<Vec<Found>, DiffError> {
    let old_types = index("old", "type", &old.types, |t| &t.name)?;
    let new_types = index("new", "type", &new.types, |t| &t.name)?;
    let old_methods = index("old", "method", &old.methods, |m| &m.name)?;
    let new_methods = index("new", "method", &new.methods, |m| &m.name)?;

    let mut out = Vec::new();
    let mut facts = Vec::new();
    api_facts::api_facts(old, new, &mut facts);
    out.extend(
        facts
            .into_iter()
            .map(|(location, kind)| found(location, kind)),
    );

    let types = match_types(&old_types, &new_types);
    let renames: BTreeMap<String, String> = types
        .renamed
        .iter()
        .map(|(o, n, _)| (o.name.clone(), n.name.clone()))
        .collect();
    let context = Context { renames: &renames };
    report_items(ItemKind::Type, &types, |t| &t.name, type_summary, &mut out);
    for (o, n) in types.pairs() {
        context.type_pair(o, n, &mut out);
    }

    let methods = match_items(&old_methods, &new_methods, |m| {
        method_candidate(m, &context)
    });
    report_items(
        ItemKind::Method,
        &methods,
        |m| &m.name,
        method_summary,
        &mut out,
    );
    for (o, n) in methods.pairs() {
        context.method_pair(o, n, &mut out);
    }
    Ok(out)
}

/// The items only one side has, and the renamed ones.
fn report_items<T>(
    kind: ItemKind,
    matched: &Matched<T>,
    name: impl Fn(&T) -> &String,
    summary: impl Fn(&T) -> String,
    out: &mut Vec<Found>,
) {
    for item in &matched.removed {
        let summary = summary(item);
        out.push(found(
            Location::item(kind, name(item)),
            ChangeKind::Removed { summary },
        ));
    }
    for item in &matched.added {
        let summary = summary(item);
        out.push(found(
            Location::item(kind, name(item)),
            ChangeKind::Added { summary },
        ));
    }
    for (old, new, evidence) in &matched.renamed {
        out.push(found(
            Location::item(kind, name(new)),
            ChangeKind::Renamed {
                from: name(old).clone(),
                evidence: evidence.clone(),
            },
        ));
    }
}

pub(crate) fn found(location: Location, kind: ChangeKind) -> Found {
    Found { location, kind }
}

fn index<'a, T>(
    side: &'static str,
    what: &'static str,
    items: &'a [T],
    name: impl Fn(&T) -> &String,
) -> Result<BTreeMap<&'a str, &'a T>, DiffError> {
    let mut map = BTreeMap::new();
    for item in items {
        if map.insert(name(item).as_str(), item).is_some() {
            return Err(DiffError::Duplicate {
                side,
                what,
                name: name(item).clone(),
            });
        }
    }
    Ok(map)
}

/// Items of the two sides, matched by name and by rename detection.
struct Matched<'a, T> {
    same: Vec<(&'a T, &'a T)>,
    renamed: Vec<(&'a T, &'a T, String)>,
    removed: Vec<&'a T>,
    added: Vec<&'a T>,
}

impl<'a, T> Matched<'a, T> {
    fn pairs(&self) -> impl Iterator<Item = (&'a T, &'a T)> + '_ {
        self.same
            .iter()
            .copied()
            .chain(self.renamed.iter().map(|(o, n, _)| (*o, *n)))
    }
}

impl<'a, T> Matched<'a, T> {
    /// Matches items by name; maps are keyed by name, so everything is in name order.
    fn by_name(old: &BTreeMap<&'a str, &'a T>, new: &BTreeMap<&'a str, &'a T>) -> Self {
        let mut same = Vec::new();
        let mut removed = Vec::new();
        for (name, item) in old {
            match new.get(name) {
                Some(other) => same.push((*item, *other)),
                None => removed.push(*item),
            }
        }
        let added = new
            .iter()
            .filter(|(name, _)| !old.contains_key(*name))
            .map(|(_, item)| *item)
            .collect();
        Matched {
            same,
            renamed: Vec::new(),
            removed,
            added,
        }
    }

    /// Looks for renames among the unmatched items and moves the ones found to
    /// `renamed`. Returns whether it found any.
    fn find_renames(&mut self, candidate: impl Fn(&'a T) -> Candidate<'a>) -> bool {
        let found = {
            let r: Vec<Candidate> = self.removed.iter().map(|i| candidate(i)).collect();
            let a: Vec<Candidate> = self.added.iter().map(|i| candidate(i)).collect();
            rename::detect(&r, &a)
        };
        for r in &found {
            self.renamed.push((
                self.removed[r.removed],
                self.added[r.added],
                r.evidence.clone(),
            ));
        }
        let taken_removed: BTreeSet<usize> = found.iter().map(|r| r.removed).collect();
        let taken_added: BTreeSet<usize> = found.iter().map(|r| r.added).collect();
        self.removed = keep_untaken(std::mem::take(&mut self.removed), &taken_removed);
        self.added = keep_untaken(std::mem::take(&mut self.added), &taken_added);
        !found.is_empty()
    }
}

/// Matches items by name, then looks for renames among the rest, once.
fn match_items<'a, T>(
    old: &BTreeMap<&'a str, &'a T>,
    new: &BTreeMap<&'a str, &'a T>,
    candidate: impl Fn(&'a T) -> Candidate<'a>,
) -> Matched<'a, T> {
    let mut matched = Matched::by_name(old, new);
    matched.find_renames(candidate);
    matched
}

/// Matches types by name, then by renames, repeatedly: a union is recognised under a
/// new name once its renamed variants are (`ReactionKind` of `ReactionTypeCustom` →
/// `ReactionType` of `ReactionTypeCustomEmoji`).
fn match_types<'a>(
    old: &BTreeMap<&'a str, &'a TypeDef>,
    new: &BTreeMap<&'a str, &'a TypeDef>,
) -> Matched<'a, TypeDef> {
    let mut matched = Matched::by_name(old, new);
    loop {
        let renames: BTreeMap<&str, &str> = matched
            .renamed
            .iter()
            .map(|(o, n, _)| (o.name.as_str(), n.name.as_str()))
            .collect();
        if !matched.find_renames(|ty| type_candidate(ty, &renames)) {
            return matched;
        }
    }
}

fn keep_untaken<T>(items: Vec<T>, taken: &BTreeSet<usize>) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !taken.contains(i))
        .map(|(_, item)| item)
        .collect()
}

pub(crate) fn shape(ty: &TypeDef) -> TypeShape {
    if ty.is_opaque() {
        TypeShape::Opaque
    } else if ty.is_enum() {
        TypeShape::Enum
    } else if ty.is_union() {
        TypeShape::Union
    } else {
        TypeShape::Object
    }
}

/// A type as a rename candidate: its fields or variants (old variant names passed
/// through the renames found so far), keyed by its shape and the constant values of
/// its fields (a union variant's tag is its identity on the wire).
fn type_candidate<'a>(ty: &'a TypeDef, renames: &BTreeMap<&str, &str>) -> Candidate<'a> {
    let members = match &ty.kind {
        TypeKind::Enum(values) => values.iter().map(|v| v.name.clone()).collect(),
        TypeKind::Union(union) => (union.one_of.iter())
            .map(|v| renames.get(v.as_str()).copied().unwrap_or(v).to_owned())
            .collect(),
        TypeKind::Object(fields) => fields.iter().map(|f| f.name.clone()).collect(),
        TypeKind::Opaque => BTreeSet::new(),
    };
    let constants: Vec<&str> = (ty.fields().iter())
        .filter_map(|f| f.const_value.as_deref())
        .collect();
    Candidate {
        name: &ty.name,
        key: format!("{} {constants:?}", shape(ty).name()),
        members: Some(members),
        noun: match shape(ty) {
            TypeShape::Union => ("variant", "variants"),
            TypeShape::Enum => ("value", "values"),
            TypeShape::Object | TypeShape::Opaque => ("field", "fields"),
        },
    }
}

fn method_candidate<'a>(method: &'a Method, context: &Context) -> Candidate<'a> {
    Candidate {
        name: &method.name,
        key: context.type_key(&method.returns),
        members: Some(method.params.iter().map(|p| p.name.clone()).collect()),
        noun: ("parameter", "parameters"),
    }
}

fn type_summary(ty: &TypeDef) -> String {
    match shape(ty) {
        TypeShape::Opaque => "opaque value".to_owned(),
        TypeShape::Enum => {
            let values = ty.values();
            format!("enumeration of {}", count(values.len(), "value", "values"))
        }
        TypeShape::Union => {
            let variants = ty.variants();
            format!("union of {}", count(variants.len(), "type", "types"))
        }
        TypeShape::Object => {
            let fields = ty.fields();
            match fields.iter().filter(|f| f.required).count() {
                _ if fields.is_empty() => "object with no fields".to_owned(),
                0 => format!(
                    "object with {}, none required",
                    count(fields.len(), "field", "fields")
                ),
                required => format!(
                    "object with {}, {required} required",
                    count(fields.len(), "field", "fields")
                ),
            }
        }
    }
}

fn method_summary(method: &Method) -> String {
    let required = method.params.iter().filter(|p| p.required).count();
    if method.params.is_empty() {
        format!("returns `{}`, no parameters", method.returns)
    } else {
        let required = match required {
            0 => "none".to_owned(),
            n => n.to_string(),
        };
        format!(
            "returns `{}`, {}, {required} required",
            method.returns,
            count(method.params.len(), "parameter", "parameters")
        )
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the comparison of matched items needs to know about the whole diff.
struct Context<'a> {
    /// Detected type renames, old name → new name.
    renames: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    fn rename(&self, name: &str) -> Option<String> {
        self.renames.get(name).cloned()
    }

    /// A type text with old type names replaced by their new names, in a form where
    /// equal means "the same type" (or the raw text when it does not parse).
    fn type_key(&self, text: &str) -> String {
        match TypeExpr::parse(text) {
            Ok(expr) => expr.canonical(&|n| self.rename(n)).to_string(),
            Err(_) => text.to_owned(),
        }
    }

    fn type_pair(&self, old: &TypeDef, new: &TypeDef, out: &mut Vec<Found>) {
        let here = Location::item(ItemKind::Type, &new.name);
        let (old_shape, new_shape) = (shape(old), shape(new));
        if old.group != new.group {
            out.push(found(here.clone(), group(&old.group, &new.group)));
        }
        if old.description != new.description {
            out.push(found(
                here.clone(),
                description(&old.description, &new.description),
            ));
        }
        if old_shape != new_shape {
            out.push(found(
                here,
                ChangeKind::ShapeChanged {
                    old: old_shape,
                    new: new_shape,
                },
            ));
            return;
        }
        if old.origin != new.origin {
            out.push(found(
                here.clone(),
                detail(Detail::Origin, origin(&old.origin), origin(&new.origin)),
            ));
        }
        if old.result_of != new.result_of {
            out.push(found(
                here.clone(),
                detail(
                    Detail::ResultOf,
                    old.result_of.clone(),
                    new.result_of.clone(),
                ),
            ));
        }
        match new_shape {
            TypeShape::Union => {
                let old_variants: BTreeSet<String> = (old.variants().iter())
                    .map(|v| self.rename(v).unwrap_or_else(|| v.clone()))
                    .collect();
                let new_variants: BTreeSet<String> = new.variants().iter().cloned().collect();
                for variant in new_variants.difference(&old_variants) {
                    out.push(found(
                        here.clone(),
                        ChangeKind::VariantAdded {
                            variant: variant.clone(),
                        },
                    ));
                }
                for variant in old_variants.difference(&new_variants) {
                    out.push(found(
                        here.clone(),
                        ChangeKind::VariantRemoved {
                            variant: variant.clone(),
                        },
                    ));
                }
                let tag = |ty: &TypeDef| {
                    let tag = ty.union()?.discriminator.as_ref()?;
                    Some(tag_text(&tag.field, tag.default_variant.as_deref()))
                };
                if tag(old) != tag(new) {
                    out.push(found(
                        here,
                        ChangeKind::DiscriminatorChanged {
                            old: tag(old),
                            new: tag(new),
                        },
                    ));
                }
            }
            TypeShape::Object => {
                self.members(&here, MemberKind::Field, old.fields(), new.fields(), out)
            }
            TypeShape::Enum => self.enum_values(&here, old.values(), new.values(), out),
            TypeShape::Opaque => {}
        }
    }

    /// The values of an integer enumeration, matched by name (the Rust variant's).
    fn enum_values(
        &self,
        here: &Location,
        old: &[EnumValue],
        new: &[EnumValue],
        out: &mut Vec<Found>,
    ) {
        let old_by_name: BTreeMap<&str, &EnumValue> =
            old.iter().map(|v| (v.name.as_str(), v)).collect();
        let new_by_name: BTreeMap<&str, &EnumValue> =
            new.iter().map(|v| (v.name.as_str(), v)).collect();
        for (name, value) in &new_by_name {
            let Some(before) = old_by_name.get(name) else {
                out.push(found(
                    here.clone(),
                    ChangeKind::EnumValueAdded {
                        value: (*name).to_owned(),
                    },
                ));
                continue;
            };
            let at = here.member(MemberKind::Value, name);
            if before.value != value.value {
                out.push(found(
                    at.clone(),
                    ChangeKind::ConstChanged {
                        old: Some(before.value.to_string()),
                        new: Some(value.value.to_string()),
                    },
                ));
            }
            if before.description != value.description {
                out.push(found(
                    at,
                    description(&before.description, &value.description),
                ));
            }
        }
        for name in old_by_name
            .keys()
            .filter(|name| !new_by_name.contains_key(*name))
        {
            out.push(found(
                here.clone(),
                ChangeKind::EnumValueRemoved {
                    value: (*name).to_owned(),
                },
            ));
        }
    }

    fn method_pair(&self, old: &Method, new: &Method, out: &mut Vec<Found>) {
        let here = Location::item(ItemKind::Method, &new.name);
        if old.group != new.group {
            out.push(found(here.clone(), group(&old.group, &new.group)));
        }
        if old.description != new.description {
            out.push(found(
                here.clone(),
                description(&old.description, &new.description),
            ));
        }
        if self.type_changed(&old.returns, &new.returns) {
            out.push(found(
                here.clone(),
                ChangeKind::ReturnsChanged {
                    old: old.returns.clone(),
                    new: new.returns.clone(),
                },
            ));
        }
        if old.http_method != new.http_method {
            out.push(found(
                here.clone(),
                ChangeKind::HttpMethodChanged {
                    old: old.http_method.map(|m| format!("{m:?}").to_uppercase()),
                    new: new.http_method.map(|m| format!("{m:?}").to_uppercase()),
                },
            ));
        }
        if old.origin != new.origin {
            out.push(found(
                here.clone(),
                detail(Detail::Origin, origin(&old.origin), origin(&new.origin)),
            ));
        }
        self.members(&here, MemberKind::Param, &old.params, &new.params, out);
    }

    /// Whether a type text changed beyond the renames of the types it names. (What the
    /// change does to the Rust API, if anything, the generated crates tell.)
    fn type_changed(&self, old: &str, new: &str) -> bool {
        old != new && !self.differ_only_by_renames(old, new)
    }

    /// True when two type texts name the same types once renames are applied, and
    /// write them the same way (so the difference is the rename and nothing else).
    fn differ_only_by_renames(&self, old: &str, new: &str) -> bool {
        let renamed: Vec<String> = old
            .split(' ')
            .map(|word| self.rename(word).unwrap_or_else(|| word.to_owned()))
            .collect();
        renamed.join(" ") == new
    }
}

fn group(old: &Option<String>, new: &Option<String>) -> ChangeKind {
    ChangeKind::GroupChanged {
        old: old.clone(),
        new: new.clone(),
    }
}

fn description(old: &str, new: &str) -> ChangeKind {
    ChangeKind::DescriptionChanged {
        old: old.to_owned(),
        new: new.to_owned(),
    }
}

/// A default value as the page means it, so that `false` and `False`, or `100` and
/// `100.0`, are the same default: booleans in any case, numbers by value, any other
/// text as it is, without surrounding quotes.
fn detail(detail: Detail, old: Option<String>, new: Option<String>) -> ChangeKind {
    ChangeKind::DetailChanged { detail, old, new }
}

fn origin(origin: &Origin) -> Option<String> {
    match origin {
        Origin::Page => None,
        Origin::Prose { reason } => Some(format!("prose: {reason}")),
        Origin::Override { reason } => Some(format!("override: {reason}")),
        Origin::Opaque { reason } => Some(format!("opaque: {reason}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Field;
    use crate::spec::{Api, Auth};

    fn spec(types: &[&str]) -> Spec {
        Spec {
            api: Api::new(
                "Test API",
                "https://example.org/{token}/{method}",
                Auth::UrlPath,
            ),
            types: types
                .iter()
                .map(|name| TypeDef {
                    name: (*name).into(),
                    ..TypeDef::default()
                })
                .collect(),
            methods: Vec::new(),
            skipped: Vec::new(),
        }
    }

    #[test]
    fn duplicates_are_an_error_naming_the_side() {
        let error = compute(&spec(&["A"]), &spec(&["B", "B"])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the new spec defines type `B` more than once"
        );
    }

    #[test]
    fn a_new_group_is_a_move_and_nothing_else() {
        let old = spec(&["Sticker"]);
        let mut new = old.clone();
        new.types[0].group = Some("Stickers".into());
        let found = compute(&old, &new).unwrap();
        let kinds: Vec<_> = found.iter().map(|f| &f.kind).collect();
        assert_eq!(
            kinds,
            [&ChangeKind::GroupChanged {
                old: None,
                new: Some("Stickers".into())
            }]
        );
    }

    #[test]
    fn empty_objects_are_never_renames() {
        // No fields to compare and unlike names: a removal and an addition.
        let found = compute(&spec(&["CallbackGame"]), &spec(&["GiveawayCreated"])).unwrap();
        let kinds: Vec<_> = found.iter().map(|f| (&f.location.item, &f.kind)).collect();
        assert!(
            matches!(
                kinds[..],
                [
                    (_, ChangeKind::Removed { .. }),
                    (_, ChangeKind::Added { .. })
                ]
            ),
            "{kinds:?}"
        );
    }

    #[test]
    fn an_inline_unions_tag_is_reported_only_for_a_union_both_sides_use() {
        let with_union = |union: &str, tag: Option<&str>| {
            let mut spec = spec(&["A", "B", "C"]);
            if let Some(fields) = spec.types[0].fields_mut() {
                fields.push(Field {
                    name: "pick".into(),
                    ty: union.into(),
                    required: true,
                    ..Field::default()
                });
            }
            spec.api.union_tags = (tag.iter())
                .map(|tag| crate::spec::UnionTag {
                    union: union.into(),
                    discriminator: (*tag).into(),
                    default_variant: None,
                })
                .collect();
            spec
        };
        let tags = |old: &Spec, new: &Spec| -> Vec<Option<String>> {
            (compute(old, new).unwrap().into_iter())
                .filter(|f| f.location.item == "union_tags")
                .map(|f| match f.kind {
                    ChangeKind::FactChanged { new, .. } => new,
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        // The same union, tagged now: reported.
        assert_eq!(
            tags(
                &with_union("B or C", None),
                &with_union("C or B", Some("kind"))
            ),
            [Some("C or B: kind".to_owned())]
        );
        // A union that gained an alternative is another union: its field's type change
        // says so, not its tag.
        let gained = with_union("B or C or A", Some("kind"));
        assert!(tags(&with_union("B or C", Some("kind")), &gained).is_empty());
    }
}
