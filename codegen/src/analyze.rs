//! Checks and derived facts over a whole spec, after extraction: duplicate names,
//! references to undefined types, union discriminators. Kept apart from extraction
//! so that specs from every dialect (and hand-edited overrides) get the same checks.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostics;
use crate::spec::{Field, Spec};
use crate::typeexpr::TypeExpr;

/// Runs every check and fills in derived facts (union discriminators).
pub fn analyze(spec: &mut Spec, diags: &mut Diagnostics) {
    check_duplicates(spec, diags);
    check_references(spec, diags);
    derive_discriminators(spec);
}

fn check_duplicates(spec: &Spec, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for ty in &spec.types {
        if !seen.insert(ty.name.as_str()) {
            diags.error(&ty.name, "type defined twice");
        }
        check_fields(&ty.name, ty.fields.as_deref().unwrap_or_default(), diags);
    }
    let mut seen = BTreeSet::new();
    for method in &spec.methods {
        if !seen.insert(method.name.to_ascii_lowercase()) {
            diags.error(&method.name, "method defined twice");
        }
        check_fields(&method.name, &method.params, diags);
    }
}

fn check_fields(item: &str, fields: &[Field], diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for field in fields {
        if !seen.insert(field.name.as_str()) {
            diags.error(item, format!("field `{}` appears twice", field.name));
        }
        for other in &field.required_unless {
            if !fields.iter().any(|f| &f.name == other) {
                diags.warning(
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

fn check_references(spec: &Spec, diags: &mut Diagnostics) {
    let defined: BTreeSet<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
    let mut check = |item: &str, what: &str, text: &str| {
        if text.is_empty() {
            return; // already reported where it was read
        }
        match TypeExpr::parse(text) {
            Ok(ty) => {
                for name in ty.named_types() {
                    if !defined.contains(name) {
                        diags.error(item, format!("{what} refers to undefined type `{name}`"));
                    }
                }
            }
            Err(error) => diags.error(item, format!("{what}: {error}")),
        }
    };
    for ty in &spec.types {
        for field in ty.fields.iter().flatten() {
            check(&ty.name, &format!("field `{}`", field.name), &field.ty);
        }
        for variant in ty.one_of.iter().flatten() {
            check(&ty.name, "union variant", variant);
        }
    }
    for method in &spec.methods {
        for param in &method.params {
            check(
                &method.name,
                &format!("parameter `{}`", param.name),
                &param.ty,
            );
        }
        check(&method.name, "return type", &method.returns);
    }
}

/// A union is tagged when every variant is an object with one same-named field that
/// has a constant value, and the values differ.
fn derive_discriminators(spec: &mut Spec) {
    let found: Vec<(usize, String)> = spec
        .types
        .iter()
        .enumerate()
        .filter_map(|(index, ty)| {
            let variants: Vec<&str> = ty.one_of.as_ref()?.iter().map(String::as_str).collect();
            Some((index, discriminator_of(spec, &variants)?))
        })
        .collect();
    for (index, tag) in found {
        spec.types[index].discriminator = Some(tag);
    }
}

/// The field that tells the `variants` (type names) of a union apart: a field every
/// variant has, with a constant value that differs from variant to variant. The first
/// variant's constant fields are the candidates, in page order.
pub fn discriminator_of(spec: &Spec, variants: &[&str]) -> Option<String> {
    let consts = |name: &str| -> Vec<(&str, &str)> {
        let fields = spec.find_type(name).and_then(|t| t.fields.as_ref());
        fields
            .into_iter()
            .flatten()
            .filter_map(|f| Some((f.name.as_str(), f.const_value.as_deref()?)))
            .collect()
    };
    let per_variant: Vec<Vec<(&str, &str)>> = variants.iter().map(|v| consts(v)).collect();
    let first = per_variant.first()?;
    first.iter().map(|(tag, _)| *tag).find_map(|tag| {
        let mut values = BTreeSet::new();
        for variant in &per_variant {
            let (_, value) = variant.iter().find(|(name, _)| *name == tag)?;
            if !values.insert(*value) {
                return None;
            }
        }
        Some(tag.to_owned())
    })
}
