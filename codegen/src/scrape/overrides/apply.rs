//! Applying the entries that correct the extracted spec, each leaving its reason in
//! what it changed.

use std::collections::BTreeMap;

use super::entry::{
    Action, Entry, FieldPatch, FieldsChange, ItemRef, MethodChange, Retype, TypeChange,
};
use crate::diagnostics::Diagnostics;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{Field, Method, Origin, Skipped, Spec, TypeDef, TypeKind, UnionDef};

impl Entry {
    fn origin(&self, what: &str) -> Origin {
        Origin::Override {
            reason: if what.is_empty() {
                self.reason.clone()
            } else {
                format!("{what}: {}", self.reason)
            },
        }
    }

    /// Applies the entry to the spec (skips and accepted warnings act elsewhere).
    pub(super) fn apply(&self, spec: &mut Spec, diags: &mut Diagnostics) -> Result<(), String> {
        match &self.action {
            Action::SkipSection(_) | Action::SkipGroup(_) | Action::AcceptWarning { .. } => Ok(()),
            Action::Retype(retype) => self.retype(spec, retype),
            Action::Type(item, change) => self.change_type(spec, item, change, diags),
            Action::Method(item, change) => self.change_method(spec, item, change, diags),
            Action::NameUnion { union, name } => self.name_union(spec, union, name, diags),
        }
    }

    fn change_type(
        &self,
        spec: &mut Spec,
        item: &ItemRef,
        change: &TypeChange,
        diags: &mut Diagnostics,
    ) -> Result<(), String> {
        let name = &item.name;
        match change {
            TypeChange::Add(new) => {
                self.absent(spec, name)?;
                spec.types.push(TypeDef {
                    name: name.clone(),
                    description: new.description.clone(),
                    kind: new.kind.clone(),
                    origin: self.origin(""),
                    ..TypeDef::default()
                });
            }
            TypeChange::Opaque(description) => {
                self.absent(spec, name)?;
                spec.types.push(TypeDef {
                    name: name.clone(),
                    description: description.clone(),
                    kind: TypeKind::Opaque,
                    origin: Origin::Opaque {
                        reason: self.reason.clone(),
                    },
                    ..TypeDef::default()
                });
            }
            TypeChange::Drop => {
                let at = type_index(spec, item)?;
                spec.types.remove(at);
                self.note_drop(spec, item);
            }
            TypeChange::Rename(to) => {
                let at = type_index(spec, item)?;
                self.absent(spec, to)?;
                let ty = &mut spec.types[at];
                ty.name = to.clone();
                merge(
                    &mut ty.origin,
                    self.origin(&format!("renamed from `{name}`")),
                );
            }
            TypeChange::OneOf(variants) => {
                let at = type_index(spec, item)?;
                let ty = &mut spec.types[at];
                if ty.variants() == variants.as_slice() {
                    self.redundant(diags);
                    return Ok(());
                }
                ty.kind = TypeKind::Union(UnionDef {
                    one_of: variants.clone(),
                    discriminator: None,
                });
                merge(&mut ty.origin, self.origin("variants"));
            }
            TypeChange::Fields(change) => {
                let at = type_index(spec, item)?;
                let ty = &mut spec.types[at];
                let kind = ty.kind.key();
                let Some(fields) = ty.fields_mut() else {
                    return Err(format!(
                        "`{name}` has no fields to change: it is no object (`{kind}`)"
                    ));
                };
                self.change_fields(fields, change, "fields", diags)?;
            }
        }
        Ok(())
    }

    fn change_method(
        &self,
        spec: &mut Spec,
        item: &ItemRef,
        change: &MethodChange,
        diags: &mut Diagnostics,
    ) -> Result<(), String> {
        let at = method_index(spec, item)?;
        match change {
            MethodChange::Drop => {
                spec.methods.remove(at);
                self.note_drop(spec, item);
            }
            MethodChange::Params(change) => {
                let params = &mut spec.methods[at].params;
                self.change_fields(params, change, "parameters", diags)?;
            }
            MethodChange::Returns(returns) => {
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
            }
        }
        Ok(())
    }

    /// Changes the fields of a type or the parameters of a method (`what`).
    fn change_fields(
        &self,
        current: &mut Vec<Field>,
        change: &FieldsChange,
        what: &str,
        diags: &mut Diagnostics,
    ) -> Result<(), String> {
        match change {
            FieldsChange::Replace(fields) => {
                self.replace_fields(current, fields, self.origin(what), diags);
                Ok(())
            }
            FieldsChange::Add(fields) => self.add_fields(current, fields),
            FieldsChange::Set(patches) => self.patch(current, patches, diags),
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
            .flat_map(|t| t.fields().iter().map(|f| &f.ty));
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
                &self.label,
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
            &self.label,
            "changes nothing: the page now says the same; remove this entry",
        );
    }

    fn note_drop(&self, spec: &mut Spec, item: &ItemRef) {
        let name = &item.name;
        let which = (item.occurrence)
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

/// The position of the targeted definition among those named `item.name`.
fn pick(positions: Vec<usize>, what: &str, item: &ItemRef) -> Result<usize, String> {
    let name = &item.name;
    match (item.occurrence, positions.len()) {
        (_, 0) => Err(format!(
            "no longer applies: the spec has no {what} `{name}`"
        )),
        (None, 1) => Ok(positions[0]),
        (None, n) => Err(format!(
            "`{name}` is defined {n} times; say which one with `occurrence`"
        )),
        (Some(k), n) => positions
            .get(k - 1)
            .copied()
            .ok_or_else(|| format!("no longer applies: `{name}` is defined {n} time(s), not {k}")),
    }
}

fn type_index(spec: &Spec, item: &ItemRef) -> Result<usize, String> {
    let positions = (spec.types.iter().enumerate())
        .filter(|(_, t)| t.name == item.name)
        .map(|(i, _)| i)
        .collect();
    pick(positions, "type", item)
}

fn method_index(spec: &Spec, item: &ItemRef) -> Result<usize, String> {
    let positions = (spec.methods.iter().enumerate())
        .filter(|(_, m)| m.name == item.name)
        .map(|(i, _)| i)
        .collect();
    pick(positions, "method", item)
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
