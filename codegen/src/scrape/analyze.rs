//! Checks and derived facts over a whole spec, after extraction and overrides:
//! duplicate names, references to undefined types, unknown return types, tables copied
//! under two headings, enumerations, union discriminators. Kept apart from extraction
//! so that specs from every dialect (and hand-edited overrides) get the same checks.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::scrape::raw::Places;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Discriminator, Field, Spec, TypeDef, TypeKind, UnionTag};

/// Runs every check and fills in derived facts (union discriminators).
pub fn analyze(spec: &mut Spec, diags: &mut Diagnostics) {
    analyze_at(spec, None, diags);
}

/// [`analyze`], with problems placed on the page the spec was read from.
pub fn analyze_at(spec: &mut Spec, places: Option<&Places<'_>>, diags: &mut Diagnostics) {
    let at = Locator { places };
    check_duplicates(spec, &at, diags);
    check_references(spec, &at, diags);
    check_copies(spec, &at, diags);
    check_enums(spec, &at, diags);
    derive_discriminators(spec);
    derive_attachments(spec);
}

/// Marks the string fields and parameters whose description says they may be
/// `attach://<name>` (see [`Field::attachment`]): the generator reads the fact from the
/// spec, never from prose. A parameter of another type keeps the mark extraction gave
/// it (a code example uploads a file in it).
fn derive_attachments(spec: &mut Spec) {
    for field in spec.fields_and_params_mut() {
        let ty = TypeExpr::parse(&field.ty);
        if ty == Ok(TypeExpr::String) {
            field.attachment = crate::scrape::prose::accepts_attachment(&field.description);
        } else if !matches!(ty, Ok(TypeExpr::Named(_))) {
            field.attachment = false;
        }
    }
}

/// Every type name the spec refers to (in fields, parameters, return types and union
/// variants), whether defined or not.
pub fn referenced_types(spec: &Spec) -> BTreeSet<String> {
    let fields = spec.types.iter().flat_map(|t| t.fields());
    let params = spec.methods.iter().flat_map(|m| &m.params);
    let texts = fields
        .chain(params)
        .map(|f| f.ty.as_str())
        .chain(spec.methods.iter().map(|m| m.returns.as_str()))
        .chain(
            spec.types
                .iter()
                .flat_map(|t| t.variants())
                .map(String::as_str),
        );
    // Thousands of fields share a few hundred type texts: parse each text once. (A
    // hash set, FxHash being fast for short keys: the texts' order does not matter,
    // and sorting thousands costs more.)
    let distinct: FxHashSet<&str> = texts.collect();
    let mut names = BTreeSet::new();
    for ty in distinct
        .into_iter()
        .filter_map(|text| TypeExpr::parse(text).ok())
    {
        for name in ty.named_types() {
            if !names.contains(name) {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

/// The referenced types no type of the spec defines.
pub fn undefined_types(spec: &Spec) -> BTreeSet<String> {
    let defined: FxHashSet<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    let mut names = referenced_types(spec);
    names.retain(|name| !defined.contains(name.as_str()));
    names
}

/// Where an item or field is on the page, when there is a page.
struct Locator<'a, 'p> {
    places: Option<&'a Places<'p>>,
}

impl Locator<'_, '_> {
    fn item(&self, item: &str) -> Option<Location> {
        self.places?.item(item)
    }

    fn field(&self, item: &str, field: &str) -> Option<Location> {
        self.places?.row(item, field)
    }
}

fn check_duplicates(spec: &Spec, at: &Locator<'_, '_>, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for ty in &spec.types {
        if !seen.insert(ty.name.as_str()) {
            diags.error_at(
                at.item(&ty.name),
                &ty.name,
                "type defined twice; keep, rename or drop a definition in the API's overrides (`occurrence` picks one)",
            );
        }
        check_fields(&ty.name, ty.fields(), at, diags);
    }
    let mut seen = BTreeSet::new();
    for method in &spec.methods {
        if !seen.insert(method.name.to_ascii_lowercase()) {
            diags.error_at(
                at.item(&method.name),
                &method.name,
                "method defined twice; drop a definition in the API's overrides (`occurrence` picks one)",
            );
        }
        check_fields(&method.name, &method.params, at, diags);
    }
}

fn check_fields(item: &str, fields: &[Field], at: &Locator<'_, '_>, diags: &mut Diagnostics) {
    // An item has a few dozen fields at most: comparing with the others is cheaper
    // than a set per item. A damaged table may have thousands of rows, though: past a
    // few dozen, sets keep this linear.
    let small = fields.len() <= 32;
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let names: std::cell::OnceCell<FxHashSet<&str>> = std::cell::OnceCell::new();
    let exists = |name: &str| {
        if small {
            fields.iter().any(|f| f.name == name)
        } else {
            (names.get_or_init(|| fields.iter().map(|f| f.name.as_str()).collect())).contains(name)
        }
    };
    for (index, field) in fields.iter().enumerate() {
        let twice = if small {
            fields[..index].iter().any(|f| f.name == field.name)
        } else {
            !seen.insert(field.name.as_str())
        };
        if twice {
            diags.error_at(
                at.field(item, &field.name),
                item,
                format!("field `{}` appears twice", field.name),
            );
        }
        for other in &field.required_unless {
            if !exists(other) {
                diags.warning_at(
                    at.field(item, &field.name),
                    item,
                    format!(
                        "`{}` is required unless `{other}` is given, but there is no `{other}`",
                        field.name
                    ),
                );
            }
        }
    }
}

fn check_references<'s>(spec: &'s Spec, at: &Locator<'_, '_>, diags: &mut Diagnostics) {
    let defined: FxHashSet<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    // `what` is only formatted for an error, and a type text is checked once: a page
    // has thousands of fields and few errors.
    let mut valid: FxHashSet<&str> = FxHashSet::default();
    let mut check = |item: &str, field: Option<&str>, what: &dyn Fn() -> String, text: &'s str| {
        let location = || match field {
            Some(field) => at.field(item, field),
            None => at.item(item),
        };
        if text.is_empty() {
            let what = what();
            if what != "return type" {
                diags.error_at(
                    location(),
                    item,
                    format!("{what}: type unknown (the page names it but gives no type); give it in the API's overrides"),
                );
            }
            return; // unknown return types are reported below
        }
        if valid.contains(text) {
            return;
        }
        match TypeExpr::parse(text) {
            Ok(ty) if ty.named_types().iter().all(|name| defined.contains(name)) => {
                valid.insert(text);
            }
            Ok(ty) => {
                let what = what();
                for name in ty.named_types() {
                    if !defined.contains(name) {
                        let hint = near_builtin(name)
                            .map(|b| format!(" (did you mean `{b}`?)"))
                            .unwrap_or_default();
                        // Every reference to one undefined type is one problem: the
                        // first is shown, the others counted under it.
                        let damaged = at.places.and_then(|p| p.damaged_heading(name));
                        let (cause, why) = match damaged {
                            Some((heading, place)) => {
                                let line = place.map(|l| format!(" (line {})", l.line));
                                let cause = format!(
                                    "the heading `{heading}`{}, not read as `{name}`",
                                    line.unwrap_or_default()
                                );
                                (cause.clone(), format!("; probably {cause}"))
                            }
                            None => (format!("`{name}` being undefined"), String::new()),
                        };
                        diags.add(
                            Diagnostic::new(
                                Severity::Error,
                                item,
                                format!("{what} refers to undefined type `{name}`{hint}{why}"),
                            )
                            .at(location())
                            .caused_by(cause),
                        );
                    }
                }
            }
            Err(error) => diags.error_at(location(), item, format!("{}: {error}", what())),
        }
    };
    for ty in &spec.types {
        for field in ty.fields() {
            let what = || format!("field `{}`", field.name);
            check(&ty.name, Some(&field.name), &what, &field.ty);
        }
        for variant in ty.variants() {
            check(&ty.name, None, &|| "union variant".to_owned(), variant);
        }
    }
    for method in &spec.methods {
        for param in &method.params {
            check(
                &method.name,
                Some(&param.name),
                &|| format!("parameter `{}`", param.name),
                &param.ty,
            );
        }
        check(
            &method.name,
            None,
            &|| "return type".to_owned(),
            &method.returns,
        );
    }
    for method in spec.methods.iter().filter(|m| m.returns.is_empty()) {
        diags.error_at(
            at.item(&method.name),
            &method.name,
            "return type unknown: no sentence of the description says what is returned; state it in the API's overrides",
        );
    }
}

/// A built-in type that an undefined name is a misspelling of: it starts with the
/// built-in's name (`Booleanean`).
fn near_builtin(name: &str) -> Option<&'static str> {
    ["Boolean", "Integer", "String", "Float"]
        .into_iter()
        .find(|builtin| name.len() > builtin.len() && name.starts_with(builtin))
}

/// Two object types with the same fields (names, types, constants and descriptions): one table
/// was probably copied under the wrong heading. Types whose names say one mirrors the
/// other (`InputRichBlockAnchor` and `RichBlockAnchor`) are alike on purpose, and so
/// are the result types of methods that return the same thing.
fn check_copies(spec: &Spec, at: &Locator<'_, '_>, diags: &mut Diagnostics) {
    // Name, type, description and constant of each field, hashed once per type: linear
    // in the number of types.
    type FieldKey<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);
    let mut seen: FxHashMap<Vec<FieldKey>, &str> = FxHashMap::default();
    for ty in spec.types.iter().filter(|t| t.result_of.is_none()) {
        let fields = ty.fields();
        if fields.is_empty() {
            continue;
        }
        let content = fields
            .iter()
            // Constants differ between the variants of a union (TDLib's `@type`).
            .map(|f| {
                (
                    f.name.as_str(),
                    f.ty.as_str(),
                    f.description.as_str(),
                    f.const_value.as_deref(),
                )
            })
            .collect();
        if let Some(first) = seen.insert(content, &ty.name) {
            let mirrored = first.ends_with(ty.name.as_str()) || ty.name.ends_with(first);
            if !mirrored {
                diags.warning_at(
                    at.item(&ty.name),
                    &ty.name,
                    format!("has the same fields as `{first}`, descriptions included: one of the two tables is probably under the wrong heading"),
                );
            }
        }
    }
}

/// Enumerations: values and names distinct.
fn check_enums(spec: &Spec, at: &Locator<'_, '_>, diags: &mut Diagnostics) {
    for ty in &spec.types {
        let values = ty.values();
        let (mut numbers, mut names) = (BTreeSet::new(), BTreeSet::new());
        for value in values {
            if !numbers.insert(value.value) || !names.insert(value.name.as_str()) {
                diags.error_at(
                    at.field(&ty.name, &value.name),
                    &ty.name,
                    format!(
                        "enumeration value {} `{}` appears twice",
                        value.value, value.name
                    ),
                );
            }
        }
    }
}

/// Decides how each union's payloads say which variant they are: a union type's
/// [`crate::spec::UnionDef::discriminator`], and the tags of the unions written inline
/// (`api.union_tags`), so that the generator reads the decision instead of taking it.
fn derive_discriminators(spec: &mut Spec) {
    // Types by name, as `Spec::find_type` finds them (the first of a name), looked up
    // in a map: a search per variant grows with unions × variants × types.
    let mut by_name: FxHashMap<&str, &TypeDef> = FxHashMap::default();
    for ty in spec.types.iter().rev() {
        by_name.insert(&ty.name, ty);
    }
    let find = |name: &str| by_name.get(name).copied();
    let found: Vec<(usize, Discriminator)> = spec
        .types
        .iter()
        .enumerate()
        .filter_map(|(index, ty)| {
            let variants: Vec<&str> = ty.union()?.one_of.iter().map(String::as_str).collect();
            Some((index, discriminator_by(&find, &variants)?))
        })
        .collect();
    let tags = inline_union_tags(spec, &find);
    for (index, tag) in found {
        if let TypeKind::Union(union) = &mut spec.types[index].kind {
            union.discriminator = Some(tag);
        }
    }
    spec.api.union_tags = tags;
}

/// The tags of the unions written inline whose alternatives are all type names, in
/// canonical order of the unions.
fn inline_union_tags<'s>(
    spec: &'s Spec,
    find: &dyn Fn(&str) -> Option<&'s TypeDef>,
) -> Vec<UnionTag> {
    let fields = spec.types.iter().flat_map(|t| t.fields());
    let texts = (fields.chain(spec.methods.iter().flat_map(|m| &m.params)))
        .map(|f| f.ty.as_str())
        .chain(spec.methods.iter().map(|m| m.returns.as_str()))
        .filter(|text| text.contains(" or "));
    let distinct: FxHashSet<&str> = texts.collect();
    let mut unions: BTreeMap<TypeExpr, Vec<String>> = BTreeMap::new();
    for expr in distinct.into_iter().filter_map(|t| TypeExpr::parse(t).ok()) {
        for union in expr.unions() {
            let TypeExpr::Union(alternatives) = union.canonical(&|_| None) else {
                continue;
            };
            let named: Option<Vec<String>> = (alternatives.iter())
                .map(|a| match a {
                    TypeExpr::Named(name) => Some(name.clone()),
                    _ => None,
                })
                .collect();
            if let Some(named) = named {
                unions.insert(TypeExpr::Union(alternatives), named);
            }
        }
    }
    unions
        .into_iter()
        .filter_map(|(union, named)| {
            let names: Vec<&str> = named.iter().map(String::as_str).collect();
            let tag = discriminator_by(find, &names)?;
            Some(UnionTag {
                union: union.to_string(),
                discriminator: tag.field,
                default_variant: tag.default_variant,
            })
        })
        .collect()
}

/// The field that tells the `variants` (type names) of a union apart: a field every
/// object variant has, with a constant value that differs from variant to variant,
/// except that one variant may have it without a constant: that variant is the
/// union's default, for every other value (`MaybeInaccessibleMessage`: `date` is
/// "always 0" in `InaccessibleMessage` and a real date in `Message`). Candidates are
/// the variants' constant fields, in order of appearance. Types are found by `find`.
fn discriminator_by<'s>(
    find: &dyn Fn(&str) -> Option<&'s TypeDef>,
    variants: &[&str],
) -> Option<Discriminator> {
    // Alternatives that are not object types (`String`, `Array of X`) carry no tag.
    let objects: Vec<(&str, &[Field])> = variants
        .iter()
        .filter(|v| matches!(TypeExpr::parse(v), Ok(TypeExpr::Named(_))))
        .map(|v| (*v, find(v).map(TypeDef::fields).unwrap_or_default()))
        .collect();
    let mut candidates: Vec<&str> = Vec::new();
    for (_, fields) in &objects {
        for field in fields.iter() {
            if field.const_value.is_some() && !candidates.contains(&field.name.as_str()) {
                candidates.push(&field.name);
            }
        }
    }
    candidates.into_iter().find_map(|tag| {
        let mut values = BTreeSet::new();
        let mut defaults = Vec::new();
        for (variant, fields) in &objects {
            let field = fields.iter().find(|f| f.name == tag)?;
            match &field.const_value {
                Some(value) if !values.insert(value.as_str()) => return None,
                Some(_) => {}
                None => defaults.push(*variant),
            }
        }
        match defaults.as_slice() {
            [] => Some(Discriminator {
                field: tag.to_owned(),
                default_variant: None,
            }),
            [default] => Some(Discriminator {
                field: tag.to_owned(),
                default_variant: Some((*default).to_owned()),
            }),
            _ => None,
        }
    })
}
