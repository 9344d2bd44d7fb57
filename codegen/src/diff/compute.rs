//! Computing the changes between two specs, before classification.
//!
//! Items are matched by name, then the unmatched ones by [`rename`] detection; every
//! matched pair is compared member by member. Type references that differ only by a
//! detected type rename are not reported again: the rename itself is the change.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::model::{
    ChangeKind, Detail, ItemKind, Location, MemberKind, MemberSummary, TypeShape,
};
use crate::diff::rename::{self, Candidate};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Bounds, EnumValue, Field, Method, Origin, Spec, TypeDef, UploadForm};

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
    api_facts(old, new, &mut out);

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

fn found(location: Location, kind: ChangeKind) -> Found {
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
    let members = match (&ty.values, &ty.one_of, &ty.fields) {
        (Some(values), _, _) => values.iter().map(|v| v.name.clone()).collect(),
        (None, Some(variants), _) => variants
            .iter()
            .map(|v| renames.get(v.as_str()).copied().unwrap_or(v).to_owned())
            .collect(),
        (None, None, Some(fields)) => fields.iter().map(|f| f.name.clone()).collect(),
        (None, None, None) => BTreeSet::new(),
    };
    let constants: Vec<&str> = ty
        .fields
        .iter()
        .flatten()
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
            let values = ty.values.as_deref().unwrap_or_default();
            format!("enumeration of {}", count(values.len(), "value", "values"))
        }
        TypeShape::Union => {
            let variants = ty.one_of.as_deref().unwrap_or_default();
            format!("union of {}", count(variants.len(), "type", "types"))
        }
        TypeShape::Object => {
            let fields = ty.fields.as_deref().unwrap_or_default();
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

/// A report signature as one line, for a fact change.
fn report_signature_text(signature: &crate::spec::ReportSignature) -> String {
    format!(
        "{} over {:?} in {}",
        signature.signature_header, signature.data_check_string, signature.timestamp_header
    )
}

fn api_facts(old: &Spec, new: &Spec, out: &mut Vec<Found>) {
    let (a, b) = (&old.api, &new.api);
    let facts: [(&str, Option<String>, Option<String>); 13] = [
        ("name", Some(a.name.clone()), Some(b.name.clone())),
        ("version", a.version.clone(), b.version.clone()),
        (
            "release_date",
            a.release_date.clone(),
            b.release_date.clone(),
        ),
        ("doc_url", a.doc_url.clone(), b.doc_url.clone()),
        (
            "request_url",
            Some(a.request_url.clone()),
            Some(b.request_url.clone()),
        ),
        ("file_url", a.file_url.clone(), b.file_url.clone()),
        (
            "auth",
            Some(format!("{:?}", a.auth)),
            Some(format!("{:?}", b.auth)),
        ),
        (
            "http_method",
            Some(format!("{:?}", a.http_method).to_uppercase()),
            Some(format!("{:?}", b.http_method).to_uppercase()),
        ),
        (
            "webhook_secret_header",
            a.webhook_secret_header.clone(),
            b.webhook_secret_header.clone(),
        ),
        (
            "init_data_key",
            a.init_data_key.clone(),
            b.init_data_key.clone(),
        ),
        (
            "upload_form",
            Some(format!("{:?}", UploadForm::of(a))),
            Some(format!("{:?}", UploadForm::of(b))),
        ),
        (
            "init_data_type",
            a.init_data_type.clone(),
            b.init_data_type.clone(),
        ),
        (
            "report_signature",
            a.report_signature.as_ref().map(report_signature_text),
            b.report_signature.as_ref().map(report_signature_text),
        ),
    ];
    for (fact, old, new) in facts {
        if old != new {
            out.push(found(
                Location::api(fact),
                ChangeKind::FactChanged { old, new },
            ));
        }
    }
    union_names(old, new, out);
}

/// A union's given name changed (or it gained or lost one): one change per union,
/// matched by its alternatives in any order.
fn union_names(old: &Spec, new: &Spec, out: &mut Vec<Found>) {
    let named = |spec: &Spec| -> BTreeMap<TypeExpr, (String, String)> {
        spec.api
            .union_names
            .iter()
            .filter_map(|n| {
                let key = TypeExpr::parse(&n.union).ok()?.canonical(&|_| None);
                Some((key, (n.union.clone(), n.name.clone())))
            })
            .collect()
    };
    let (a, b) = (named(old), named(new));
    let keys: BTreeSet<&TypeExpr> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (before, after) = (a.get(key), b.get(key));
        if before.map(|(_, name)| name) == after.map(|(_, name)| name) {
            continue;
        }
        let union = before.or(after).map_or("", |(union, _)| union.as_str());
        let name =
            |side: Option<&(String, String)>| side.map(|(_, name)| format!("{union}: {name}"));
        out.push(found(
            Location::api("union_names"),
            ChangeKind::FactChanged {
                old: name(before),
                new: name(after),
            },
        ));
    }
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
                let old_variants: BTreeSet<String> = old
                    .one_of
                    .iter()
                    .flatten()
                    .map(|v| self.rename(v).unwrap_or_else(|| v.clone()))
                    .collect();
                let new_variants: BTreeSet<String> = new.one_of.iter().flatten().cloned().collect();
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
                if old.discriminator != new.discriminator {
                    out.push(found(
                        here,
                        ChangeKind::DiscriminatorChanged {
                            old: old.discriminator.clone(),
                            new: new.discriminator.clone(),
                        },
                    ));
                }
            }
            TypeShape::Object => self.members(
                &here,
                MemberKind::Field,
                old.fields.as_deref().unwrap_or_default(),
                new.fields.as_deref().unwrap_or_default(),
                out,
            ),
            TypeShape::Enum => self.enum_values(
                &here,
                old.values.as_deref().unwrap_or_default(),
                new.values.as_deref().unwrap_or_default(),
                out,
            ),
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

    fn members(
        &self,
        item: &Location,
        kind: MemberKind,
        old: &[Field],
        new: &[Field],
        out: &mut Vec<Found>,
    ) {
        let old_by_name: BTreeMap<&str, &Field> =
            old.iter().map(|f| (f.name.as_str(), f)).collect();
        let new_by_name: BTreeMap<&str, &Field> =
            new.iter().map(|f| (f.name.as_str(), f)).collect();
        let matched = match_items(&old_by_name, &new_by_name, |f: &Field| Candidate {
            name: &f.name,
            key: format!("{} {}", self.type_key(&f.ty), f.required),
            members: None,
            noun: ("", ""),
        });
        let replacements = replacements(&matched.removed, &matched.added);
        for field in &matched.removed {
            out.push(found(
                item.member(kind, &field.name),
                ChangeKind::MemberRemoved {
                    member: summary(field),
                    replaced_by: replacements
                        .get(field.name.as_str())
                        .cloned()
                        .unwrap_or_default(),
                },
            ));
        }
        for field in &matched.added {
            out.push(found(
                item.member(kind, &field.name),
                ChangeKind::MemberAdded {
                    member: summary(field),
                },
            ));
        }
        for (o, n, evidence) in &matched.renamed {
            out.push(found(
                item.member(kind, &n.name),
                ChangeKind::MemberRenamed {
                    from: o.name.clone(),
                    evidence: evidence.clone(),
                },
            ));
        }
        for (o, n) in matched.pairs() {
            self.member_pair(&item.member(kind, &n.name), o, n, out);
        }
    }

    fn member_pair(&self, here: &Location, old: &Field, new: &Field, out: &mut Vec<Found>) {
        let mut push = |kind| out.push(found(here.clone(), kind));
        if self.type_changed(&old.ty, &new.ty) {
            push(ChangeKind::TypeChanged {
                old: old.ty.clone(),
                new: new.ty.clone(),
            });
        }
        if old.attachment != new.attachment {
            push(ChangeKind::AttachmentChanged {
                old: old.attachment,
                new: new.attachment,
            });
        }
        if old.required != new.required {
            push(ChangeKind::RequiredChanged {
                old: old.required,
                new: new.required,
            });
        }
        match (old.enum_values.is_empty(), new.enum_values.is_empty()) {
            (true, false) => push(ChangeKind::EnumIntroduced {
                values: new.enum_values.clone(),
            }),
            (false, true) => push(ChangeKind::EnumDropped {
                values: old.enum_values.clone(),
            }),
            (false, false) => {
                let old_values: BTreeSet<&String> = old.enum_values.iter().collect();
                let new_values: BTreeSet<&String> = new.enum_values.iter().collect();
                for value in new_values.difference(&old_values) {
                    push(ChangeKind::EnumValueAdded {
                        value: (*value).clone(),
                    });
                }
                for value in old_values.difference(&new_values) {
                    push(ChangeKind::EnumValueRemoved {
                        value: (*value).clone(),
                    });
                }
            }
            (true, true) => {}
        }
        if old.const_value != new.const_value {
            push(ChangeKind::ConstChanged {
                old: old.const_value.clone(),
                new: new.const_value.clone(),
            });
        }
        let default = |field: &Field| field.default.as_deref().map(DefaultValue::of);
        if default(old) != default(new) {
            push(detail(
                Detail::Default,
                old.default.clone(),
                new.default.clone(),
            ));
        }
        let details = [
            (
                Detail::Range,
                old.range.as_ref().map(bounds),
                new.range.as_ref().map(bounds),
            ),
            (
                Detail::Length,
                old.length.as_ref().map(bounds),
                new.length.as_ref().map(bounds),
            ),
            (Detail::Int64, flag(old.int64), flag(new.int64)),
            (
                Detail::RequiredUnless,
                list(&old.required_unless),
                list(&new.required_unless),
            ),
            (Detail::Origin, origin(&old.origin), origin(&new.origin)),
            (
                Detail::EnumName,
                old.enum_name.clone(),
                new.enum_name.clone(),
            ),
        ];
        for (which, before, after) in details {
            if before != after {
                push(detail(which, before, after));
            }
        }
        if old.description != new.description {
            push(description(&old.description, &new.description));
        }
    }
}

fn summary(field: &Field) -> MemberSummary {
    MemberSummary {
        ty: field.ty.clone(),
        required: field.required,
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

/// True when two descriptions differ only in punctuation (markup included), case or
/// whitespace: the same words in the same order. Punctuation separates words, so
/// `omitted, defaults` and `omitted defaults` are the same and `a,b` and `ab` are not.
pub fn is_cosmetic(old: &str, new: &str) -> bool {
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(old) == words(new)
}

/// A default value as the page means it, so that `false` and `False`, or `100` and
/// `100.0`, are the same default: booleans in any case, numbers by value, any other
/// text as it is, without surrounding quotes.
#[derive(Debug, PartialEq)]
enum DefaultValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl DefaultValue {
    fn of(text: &str) -> DefaultValue {
        let text = text.trim();
        let unquoted = ['"', '\'', '“', '”']
            .iter()
            .fold(text, |t, q| t.strip_prefix(*q).unwrap_or(t))
            .trim_end_matches(['"', '\'', '“', '”']);
        if unquoted.eq_ignore_ascii_case("true") {
            DefaultValue::Bool(true)
        } else if unquoted.eq_ignore_ascii_case("false") {
            DefaultValue::Bool(false)
        } else if let Ok(number) = unquoted.parse::<f64>() {
            DefaultValue::Number(number)
        } else {
            DefaultValue::Text(unquoted.to_owned())
        }
    }
}

/// For each removed member, the added members that replace it (see
/// [`ChangeKind::MemberRemoved`]): an added member whose name extends a removed
/// one's (or is extended by it) is linked to it; one that could be linked to two
/// removed members equally well is linked to neither.
fn replacements(removed: &[&Field], added: &[&Field]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for new in added {
        let candidates: Vec<&&Field> = removed
            .iter()
            .filter(|old| {
                let (short, long) = if old.name.len() <= new.name.len() {
                    (&old.name, &new.name)
                } else {
                    (&new.name, &old.name)
                };
                !short.is_empty() && long.starts_with(short.as_str())
            })
            .collect();
        // The closest name: the longest shared prefix is the shorter name itself.
        let closeness = |old: &Field| old.name.len().min(new.name.len());
        let best = candidates.iter().map(|old| closeness(old)).max();
        let closest: Vec<&&&Field> = candidates
            .iter()
            .filter(|old| Some(closeness(old)) == best)
            .collect();
        if let [old] = closest.as_slice() {
            out.entry(old.name.clone())
                .or_default()
                .push(new.name.clone());
        }
    }
    out
}

fn detail(detail: Detail, old: Option<String>, new: Option<String>) -> ChangeKind {
    ChangeKind::DetailChanged { detail, old, new }
}

fn bounds(b: &Bounds) -> String {
    let side = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    format!("{}..={}", side(b.min), side(b.max))
}

fn flag(on: bool) -> Option<String> {
    on.then(|| "yes".to_owned())
}

fn list(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
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
    use crate::spec::{Api, Auth, HttpMethod};

    fn spec(types: &[&str]) -> Spec {
        Spec {
            api: Api {
                name: "Test API".into(),
                version: None,
                release_date: None,
                doc_url: None,
                request_url: "https://example.org/{token}/{method}".into(),
                file_url: None,
                auth: Auth::UrlPath,
                http_method: HttpMethod::Post,
                webhook_secret_header: None,
                init_data_key: None,
                upload_form: None,
                init_data_type: None,
                report_signature: None,
                union_names: Vec::new(),
                protocol: Default::default(),
            },
            types: types
                .iter()
                .map(|name| TypeDef {
                    name: (*name).into(),
                    fields: Some(Vec::new()),
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
}
