//! Lowering a spec type to an item: objects, integer enumerations, opaque values, the
//! fields and their Rust types, and the enums of fields with a closed list of values.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

use super::exprs::{field_expr, normalize_union};
use super::Builder;
use crate::ir::naming::{self, Namespace};
use crate::ir::{
    Docs, Field, IntEnum, IntValue, Item, Opaque, Place, Presence, Site, Struct, Ty, ValueEnum,
};
use crate::spec::typeexpr::{TypeExpr, ValueKind};
use crate::spec::{self, EnumOrigin, TypeDef, TypeKind};

impl Builder<'_> {
    pub(super) fn type_item(&mut self, ty: &TypeDef) -> Option<Item> {
        let rust_name = self.type_names.get(&ty.name)?.clone();
        let mut docs = self.item_docs(&ty.description, ty.anchor.as_deref());
        if let (Some(page), Some(anchor)) = (&ty.page, &ty.anchor) {
            docs.page_link = Some(format!("{page}#{anchor}"));
        }
        let fields = match &ty.kind {
            TypeKind::Enum(values) => return self.int_enum(ty, rust_name, docs, values),
            TypeKind::Opaque => {
                return Some(Item::Opaque(Opaque {
                    place: Place::default(),
                    api_name: ty.name.clone(),
                    rust_name,
                    docs,
                }))
            }
            TypeKind::Union(union) => return self.spec_union(ty, rust_name, docs, union),
            TypeKind::Object(fields) => fields,
        };
        let tag = self.struct_tag(&ty.name, fields);
        // `absent_fields` is the accessor of the record of absent required fields.
        let mut field_names = Namespace::with_reserved(["new", "absent_fields"]);
        let mut out = Vec::new();
        for field in fields {
            if tag.as_ref().is_some_and(|(name, _)| *name == field.name) {
                continue;
            }
            if let Some(field) = self.field(&ty.name, &rust_name, field, &mut field_names) {
                out.push(field);
            }
        }
        let extra = self
            .settings
            .keep_unknown_fields
            .then(|| field_names.take_first_free(&["extra", "unknown_fields", "extra_fields"]));
        let absent = field_names.take_first_free(&["absent", "absent_record"]);
        Some(Item::Struct(Struct {
            place: Place::default(),
            api_name: ty.name.clone(),
            rust_name,
            docs,
            fields: out,
            tag,
            carries_files: false,
            extra,
            absent,
            id_field: None,
        }))
    }

    /// An enumeration of integers: one variant per value, named after the page's name
    /// for it, and a variant for values this version does not know.
    pub(super) fn int_enum(
        &mut self,
        ty: &TypeDef,
        rust_name: String,
        docs: Docs,
        values: &[spec::EnumValue],
    ) -> Option<Item> {
        let mut variants = Namespace::new();
        let mut out = Vec::new();
        for value in values {
            let Some(name) = naming::variant_name(&value.name) else {
                self.diags.error(
                    &ty.name,
                    format!(
                        "value {} `{}`: the name cannot become a Rust identifier",
                        value.value, value.name
                    ),
                );
                continue;
            };
            if !variants.try_take(&name) {
                self.diags.error(
                    &ty.name,
                    format!("two values would share the Rust name `{name}`"),
                );
                continue;
            }
            let mut text = format!("`{}`", value.value);
            let description = self.docs.render(&value.description);
            if !description.is_empty() {
                text = format!("{text}: {description}");
            }
            out.push(IntValue {
                rust_name: name,
                value: value.value,
                docs: text,
            });
        }
        let unknown = variants.take_first_free(&["Unknown", "Other", "UnknownValue"]);
        Some(Item::IntEnum(IntEnum {
            place: Place::default(),
            api_name: ty.name.clone(),
            rust_name,
            docs,
            values: out,
            unknown,
        }))
    }

    /// The constant field serde writes as the struct's tag: the discriminator of a
    /// tagged union the type belongs to, or the tag every object of the protocol has
    /// (TDLib's `@type`). (Other constant fields stay fields that the constructor fills
    /// in, so that a payload with another value keeps it.)
    pub(super) fn struct_tag(
        &self,
        type_name: &str,
        fields: &[spec::Field],
    ) -> Option<(String, String)> {
        let tag = (self.tag_fields.get(type_name).map(String::as_str)).or(self
            .spec
            .api
            .protocol
            .object_tag())?;
        let field = fields.iter().find(|f| {
            f.name == *tag
                && f.required
                && f.const_value.is_some()
                && TypeExpr::parse(&f.ty) == Ok(TypeExpr::String)
        })?;
        Some((field.name.clone(), field.const_value.clone()?))
    }

    pub(super) fn field(
        &mut self,
        owner: &str,
        owner_rust: &str,
        field: &spec::Field,
        names: &mut Namespace,
    ) -> Option<Field> {
        let Some(renamed) = naming::field_name(&field.name) else {
            self.diags.error(
                owner,
                format!(
                    "field `{}`: the name cannot become a Rust identifier",
                    field.name
                ),
            );
            return None;
        };
        let rust_name = names.take_unique(&renamed.rust);
        let expr = match field_expr(field) {
            Ok(expr) => expr,
            Err(error) => {
                self.diags
                    .error(owner, format!("field `{}`: {error}", field.name));
                return None;
            }
        };
        let value_kind = ValueKind::of(&expr).filter(|_| field.const_value.is_none());
        let ty = if field.attachment && expr == TypeExpr::String {
            Ty::InputFile
        } else if let Some(kind) = value_kind.filter(|_| !field.enum_values.is_empty()) {
            match self.value_enum(owner, owner_rust, field, kind) {
                // A list of strings with a set: a list of the set's values.
                Some(name) if matches!(expr, TypeExpr::Array(_)) => {
                    Ty::Vec(Box::new(Ty::Named(name)))
                }
                Some(name) => Ty::Named(name),
                None => self.ty(owner, &expr)?,
            }
        } else {
            self.ty(owner, &expr)?
        };
        let presence = match (&ty, field.required, &field.const_value) {
            (_, false, _) => Presence::Optional,
            (Ty::True, true, _) => Presence::AlwaysTrue,
            (Ty::String, true, Some(value)) => Presence::Constant(value.clone()),
            (Ty::Named(_), true, Some(value)) => match self.int_constant(&expr, value) {
                Some(value) => Presence::ConstantInt(value),
                None => {
                    self.diags.error(
                        owner,
                        format!(
                            "field `{}`: constant `{value}` is not a value of `{}`",
                            field.name, field.ty
                        ),
                    );
                    return None;
                }
            },
            _ => Presence::Required,
        };
        let mut text = self.docs.render(&field.description);
        if text.is_empty() {
            text = format!("`{}`", field.name);
        }
        let default_when_missing = presence == Presence::Required;
        Some(Field {
            api_name: field.name.clone(),
            rust_name,
            ty,
            presence,
            docs: Docs {
                text,
                page_link: None,
            },
            carries_files: false,
            default_when_missing,
        })
    }

    /// The constant of a field typed by an integer enumeration, when it is one of its values.
    pub(super) fn int_constant(&self, expr: &TypeExpr, value: &str) -> Option<i64> {
        let TypeExpr::Named(name) = expr else {
            return None;
        };
        let values = self.spec.find_type(name)?.values();
        let value: i64 = value.trim().parse().ok()?;
        values.iter().any(|v| v.value == value).then_some(value)
    }

    /// The enum for a field with a closed list of values. A list of the field's own is
    /// named after its place (owner + field) and never shared, so that no other
    /// field's values can rename it; a set the spec names (`enum_name`) is one enum for
    /// every field with that name, named so. `None` (the plain type) when some value
    /// cannot become a variant name or two values would share one.
    pub(super) fn value_enum(
        &mut self,
        owner: &str,
        owner_rust: &str,
        field: &spec::Field,
        kind: ValueKind,
    ) -> Option<String> {
        let site = Site {
            owner: owner.to_owned(),
            member: Some(field.name.clone()),
        };
        if let Some(shared) = &field.enum_name {
            if let Some(rust_name) = self.shared_enums.get(shared) {
                let existing =
                    (self.items.iter_mut().chain(&mut self.pending)).find_map(|item| match item {
                        Item::Enum(e) if e.rust_name == *rust_name => Some(e),
                        _ => None,
                    });
                let existing =
                    existing.expect("a shared value set's enum is generated when first used");
                let values: Vec<&String> = existing.values.iter().map(|(_, v)| v).collect();
                if values.iter().copied().ne(field.enum_values.iter()) {
                    let name = existing.rust_name.clone();
                    self.diags.error(
                        owner,
                        format!(
                            "field `{}`: the values of `{shared}` differ from those of its other fields; `{name}` cannot be shared",
                            field.name
                        ),
                    );
                    return None;
                }
                existing.sites.push(site);
                return Some(existing.rust_name.clone());
            }
        }
        let mut variants = Namespace::new();
        let mut values = Vec::new();
        for value in &field.enum_values {
            let name = match kind {
                ValueKind::Text => naming::variant_name(value)?,
                ValueKind::Integer => {
                    let number: i64 = value.trim().parse().ok()?;
                    format!("V{}", number.to_string().replace('-', "Minus"))
                }
            };
            if !variants.try_take(&name) {
                return None;
            }
            values.push((name, value.clone()));
        }
        let unknown = variants.take_first_free(&["Unknown", "Other", "UnknownValue"]);
        let rust_name = match &field.enum_name {
            Some(shared) => self.names.take_unique(shared),
            None => self
                .names
                .take_unique(&format!("{owner_rust}{}", field.name.to_upper_camel_case())),
        };
        let list = field
            .enum_values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        // A shared set is described by its origin, the same for every field using it.
        let whose = match (&field.enum_name, &field.enum_origin) {
            (
                Some(_),
                Some(EnumOrigin {
                    section: Some(section),
                    phrase,
                }),
            ) => {
                format!("The values the page's “{section}” states (“{phrase}”)")
            }
            (Some(shared), _) => format!("The values of `{shared}`"),
            (None, _) => format!("The values of `{owner}.{}`", field.name),
        };
        let text = format!(
            "{whose}: {list}. [`{rust_name}::{unknown}`] keeps a value this version does not know."
        );
        let item = Item::Enum(ValueEnum {
            place: Place::default(),
            rust_name: rust_name.clone(),
            sites: vec![site],
            docs: Docs {
                text,
                page_link: None,
            },
            values,
            unknown,
            integer: kind == ValueKind::Integer,
        });
        if let Some(shared) = &field.enum_name {
            self.shared_enums.insert(shared.clone(), rust_name.clone());
        }
        self.pending.push(item);
        Some(rust_name)
    }

    /// The Rust type of a type expression (before boxing).
    pub(super) fn ty(&mut self, owner: &str, expr: &TypeExpr) -> Option<Ty> {
        Some(match expr {
            TypeExpr::Integer => Ty::Integer,
            TypeExpr::Float => Ty::Float,
            TypeExpr::String => Ty::String,
            TypeExpr::Boolean => Ty::Bool,
            TypeExpr::True => Ty::True,
            // A type the spec defines under the built-in's name is that type (TDLib's
            // `InputFile` class).
            TypeExpr::InputFile if self.type_names.contains_key("InputFile") => {
                Ty::Named(self.type_names["InputFile"].clone())
            }
            TypeExpr::InputFile => Ty::InputFile,
            TypeExpr::Int64 => Ty::Int64,
            TypeExpr::Bytes => Ty::Bytes,
            TypeExpr::Named(name) => match self.type_names.get(name) {
                Some(rust) => Ty::Named(rust.clone()),
                None => {
                    self.diags
                        .error(owner, format!("refers to undefined type `{name}`"));
                    return None;
                }
            },
            TypeExpr::Array(inner) => Ty::Vec(Box::new(self.ty(owner, inner)?)),
            TypeExpr::Nullable(inner) => Ty::Nullable(Box::new(self.ty(owner, inner)?)),
            TypeExpr::Union(_) => {
                let alternatives = normalize_union(expr);
                if let [single] = alternatives.as_slice() {
                    return self.ty(owner, single);
                }
                let key: BTreeSet<TypeExpr> = alternatives.iter().cloned().collect();
                let (name, sites) = self.inline_unions.get(&key)?.clone();
                if !self.is_emitted(&name) {
                    let union = self.inline_union(owner, &name, sites, &alternatives)?;
                    self.pending.push(Item::Union(union));
                }
                Ty::Named(name)
            }
        })
    }

    pub(super) fn is_emitted(&self, name: &str) -> bool {
        self.items
            .iter()
            .chain(&self.pending)
            .any(|item| item.rust_name() == name)
    }
}
