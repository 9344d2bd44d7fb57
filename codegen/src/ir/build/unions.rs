//! Unions, of the spec's own (`one_of`) and written inline (`Integer or String`): their
//! variants, and the tag the spec records for them (never decided here).

use std::collections::BTreeSet;

use super::exprs::{normalize_union, variant_label};
use super::Builder;
use crate::ir::naming::{self, Namespace};
use crate::ir::{Docs, Item, Place, Site, Ty, Union, UnionKind, Variant};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{TypeDef, UnionDef};

impl Builder<'_> {
    pub(super) fn inline_union(
        &mut self,
        owner: &str,
        name: &str,
        sites: Vec<Site>,
        alternatives: &[TypeExpr],
    ) -> Option<Union> {
        let named: Option<Vec<&str>> = alternatives
            .iter()
            .map(|a| match a {
                TypeExpr::Named(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        let key: BTreeSet<&TypeExpr> = alternatives.iter().collect();
        let tag = (self.spec.api.union_tags.iter()).find(|tag| {
            TypeExpr::parse(&tag.union).is_ok_and(|union| {
                let alternatives = normalize_union(&union);
                alternatives.iter().collect::<BTreeSet<_>>() == key
            })
        });
        let discriminator = tag.map(|tag| tag.discriminator.clone());
        let default = tag.and_then(|tag| tag.default_variant.as_deref());
        let mut variant_names = Namespace::new();
        let mut variants = Vec::new();
        let mut default_name = None;
        for alternative in alternatives {
            let rust_name = variant_names.take_unique(&variant_label(alternative));
            if matches!(alternative, TypeExpr::Named(n) if Some(n.as_str()) == default) {
                default_name = Some(rust_name.clone());
            }
            let tag = match (&discriminator, alternative) {
                (Some(field), TypeExpr::Named(n)) => self.const_of(n, field),
                _ => None,
            };
            variants.push(Variant {
                rust_name,
                ty: self.ty(owner, alternative)?,
                tag,
                from_impl: false,
                carries_files: false,
            });
        }
        // As for a union type: a tag the variants do not carry tells nothing.
        let tagged = discriminator.is_some()
            && variants.iter().zip(alternatives).all(|(v, a)| match a {
                TypeExpr::Named(n) => {
                    v.tag.is_some() || !self.is_object(n) || Some(&**n) == default
                }
                _ => true,
            });
        let all_objects = named.is_some_and(|n| n.iter().all(|n| self.is_object(n)));
        let unknown = all_objects.then(|| variant_names.take_first_free(&["Unknown", "Other"]));
        let list = alternatives
            .iter()
            .map(|a| match a {
                TypeExpr::Named(n) => format!(
                    "[`{n}`](crate::types::{})",
                    self.type_names.get(n).map_or(n.as_str(), String::as_str)
                ),
                other => format!("`{other}`"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        Some(finish_union(Union {
            place: Place::default(),
            api_name: None,
            sites,
            written: Some(
                TypeExpr::Union(alternatives.to_vec())
                    .canonical(&|_| None)
                    .to_string(),
            ),
            rust_name: name.to_owned(),
            docs: Docs {
                text: format!("One of: {list}."),
                page_link: None,
            },
            kind: match discriminator.filter(|_| tagged) {
                Some(field) => UnionKind::Tagged {
                    field,
                    default: default_name,
                },
                None => UnionKind::Untagged,
            },
            variants,
            unknown,
            carries_files: false,
        }))
    }

    pub(super) fn spec_union(
        &mut self,
        ty: &TypeDef,
        rust_name: String,
        docs: Docs,
        union: &UnionDef,
    ) -> Option<Item> {
        let variants = &union.one_of;
        let discriminator = union.discriminator.as_ref().map(|tag| &tag.field);
        // `ChatMemberOwner` in `ChatMember` is the variant `Owner`; alternatives that
        // are not named types (`String`, `Array of X`) keep their own labels.
        let strip = variants
            .iter()
            .filter(|v| matches!(TypeExpr::parse(v), Ok(TypeExpr::Named(_))))
            .all(|v| {
                v.strip_prefix(ty.name.as_str())
                    .is_some_and(|rest| naming::type_name(rest).as_deref() == Some(rest))
            });
        let docs = self.listing_variants(docs, variants);
        let default = (union.discriminator.as_ref()).and_then(|tag| tag.default_variant.as_deref());
        let mut default_name = None;
        let mut variant_names = Namespace::new();
        let mut out = Vec::new();
        for variant in variants {
            let expr = match TypeExpr::parse(variant) {
                Ok(expr) => expr,
                Err(error) => {
                    self.diags
                        .error(&ty.name, format!("union variant: {error}"));
                    continue;
                }
            };
            let label = match (&expr, strip) {
                (TypeExpr::Named(n), true) => n[ty.name.len()..].to_owned(),
                _ => variant_label(&expr),
            };
            let tag = match (discriminator, &expr) {
                (Some(field), TypeExpr::Named(n)) => self.const_of(n, field),
                _ => None,
            };
            let rust_name = variant_names.take_unique(&label);
            if Some(variant.as_str()) == default {
                default_name = Some(rust_name.clone());
            }
            out.push(Variant {
                rust_name,
                ty: self.ty(&ty.name, &expr)?,
                tag,
                from_impl: false,
                carries_files: false,
            });
        }
        // Every object alternative has a tag but the default one; other alternatives
        // (a plain string, an array) are told apart by the JSON value's kind.
        let tagged = discriminator.is_some()
            && out.iter().zip(variants).all(|(v, name)| {
                v.tag.is_some() || !self.is_object(name) || Some(name.as_str()) == default
            });
        let all_objects = variants.iter().all(|v| self.is_object(v));
        let unknown =
            (all_objects || tagged).then(|| variant_names.take_first_free(&["Unknown", "Other"]));
        Some(Item::Union(finish_union(Union {
            place: Place::default(),
            api_name: Some(ty.name.clone()),
            sites: Vec::new(),
            written: None,
            rust_name,
            docs,
            kind: match (discriminator, tagged) {
                (Some(field), true) => UnionKind::Tagged {
                    field: field.clone(),
                    default: default_name,
                },
                _ => UnionKind::Untagged,
            },
            variants: out,
            unknown,
            carries_files: false,
        })))
    }

    /// A union's description that announces its variants ("It can be one of", "the
    /// following types are supported:") goes on with the list, linked; the page's
    /// list was the variants, which the spec keeps apart.
    pub(super) fn listing_variants(&self, mut docs: Docs, variants: &[String]) -> Docs {
        let text = docs.text.trim_end();
        if !(text.ends_with(':') || text.ends_with(" of")) {
            return docs;
        }
        let list: Vec<String> = variants
            .iter()
            .map(|v| match self.type_names.get(v) {
                Some(rust) => format!("- [`{v}`](crate::types::{rust})"),
                None => format!("- `{v}`"),
            })
            .collect();
        docs.text = format!("{text}\n\n{}", list.join("\n"));
        docs
    }

    /// The constant value of `field` in the spec type `type_name`.
    pub(super) fn const_of(&self, type_name: &str, field: &str) -> Option<String> {
        let ty = self.spec.find_type(type_name)?;
        ty.fields()
            .iter()
            .find(|f| f.name == field)?
            .const_value
            .clone()
    }

    /// A spec type that is an object (fields, or a union of objects): a JSON object.
    pub(super) fn is_object(&self, type_name: &str) -> bool {
        self.spec
            .find_type(type_name)
            .is_some_and(|t| t.is_object() || t.is_union())
    }
}

/// Marks the variants whose type no other variant shares: they get a `From` impl.
pub(super) fn finish_union(mut union: Union) -> Union {
    let types: Vec<Ty> = union
        .variants
        .iter()
        .map(|v| v.ty.unboxed().clone())
        .collect();
    for (i, variant) in union.variants.iter_mut().enumerate() {
        variant.from_impl = types.iter().filter(|t| **t == types[i]).count() == 1;
    }
    union
}
