//! Naming: every spec type, request and inline union gets its Rust name before any
//! item is built, so that references resolve whatever the order.

use std::collections::BTreeSet;

use super::exprs::{field_expr, inline_unions_in, normalize_union, variant_label};
use super::{Builder, Use, PRELUDE};
use crate::ir::naming::{self};
use crate::ir::RuntimeNames;
use crate::spec;
use crate::spec::typeexpr::TypeExpr;

impl Builder<'_> {
    pub(super) fn name_types(&mut self) {
        for ty in &self.spec.types {
            let Some(mut rust) = naming::type_name(&ty.name) else {
                self.diags
                    .error(&ty.name, "the type's name cannot become a Rust identifier");
                continue;
            };
            // A name of the prelude (TDLib's `Ok`) would shadow it in generated code,
            // which uses it bare.
            if PRELUDE.contains(&rust.as_str()) {
                rust.push_str("Object");
            }
            if !self.names.try_take(&rust) {
                self.diags.error(
                    &ty.name,
                    format!("the Rust name `{rust}` is already taken by another type or a name generated code relies on"),
                );
                continue;
            }
            if let Some(anchor) = &ty.anchor {
                self.docs
                    .anchors
                    .insert(anchor.clone(), format!("crate::types::{rust}"));
            }
            self.type_names.insert(ty.name.clone(), rust);
        }
    }

    pub(super) fn name_runtime_items(&mut self) {
        let names = &mut self.names;
        self.runtime = Some(RuntimeNames {
            true_type: names.take_unique("True"),
            input_file: names.take_unique("InputFile"),
            response: names.take_unique("Response"),
            api_error: names.take_unique("ApiError"),
            error_parameters: names.take_unique("ErrorParameters"),
            method_trait: names.take_unique("Method"),
            attachments_trait: names.take_unique("Attachments"),
            http_method: names.take_unique("HttpMethod"),
            int64: names.take_unique("Int64"),
            bytes: names.take_unique("Bytes"),
            batch: names.take_unique("Batch"),
            item_error: names.take_unique("ItemError"),
            identified_trait: names.take_unique("Identified"),
        });
    }

    pub(super) fn name_requests(&mut self) {
        for method in &self.spec.methods {
            let Some(rust) = naming::request_name(&method.name) else {
                self.diags.error(
                    &method.name,
                    "the method's name cannot become a Rust identifier",
                );
                continue;
            };
            let request_suffixed = format!("{rust}Request");
            let rust = self.names.take_first_free(&[&rust, &request_suffixed]);
            if let Some(anchor) = &method.anchor {
                self.docs
                    .anchors
                    .entry(anchor.clone())
                    .or_insert_with(|| format!("crate::methods::{rust}"));
            }
            if self.spec.api.protocol == spec::Protocol::Http {
                let setters = self.names.take_unique(&format!("{rust}Setters"));
                self.setters_names.insert(rust.clone(), setters);
            }
            self.request_names.insert(method.name.clone(), rust);
        }
    }

    /// The tag field of every variant of a tagged union (the spec's discriminator).
    pub(super) fn find_tag_fields(&mut self) {
        for ty in &self.spec.types {
            let Some(union) = ty.union() else { continue };
            let Some(tag) = &union.discriminator else {
                continue;
            };
            for variant in &union.one_of {
                self.tag_fields.insert(variant.clone(), tag.field.clone());
            }
        }
    }

    /// Names every union written inline from the union itself only, never from where
    /// else it is used or what else the spec holds, so that neither an unrelated item
    /// nor one more field of the same union can rename it:
    /// - the name the spec gives it (`api.union_names`, from the overrides:
    ///   `Integer or String` → `ChatId`);
    /// - otherwise its alternatives joined (`MessageOrTrue`).
    ///
    /// Every field, parameter or result with the same alternatives shares the one type.
    /// A given name that a page type already has is an error; a joined name that one
    /// has (a page type called `MessageOrTrue`) is numbered.
    pub(super) fn name_inline_unions(&mut self) {
        let mut uses: Vec<(BTreeSet<TypeExpr>, Vec<TypeExpr>, Vec<Use>)> = Vec::new();
        let mut record = |expr: &TypeExpr, site: Use| {
            for union in inline_unions_in(expr) {
                let key: BTreeSet<TypeExpr> = union.iter().cloned().collect();
                match uses.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, sites)) => sites.push(site.clone()),
                    None => uses.push((key, union, vec![site.clone()])),
                }
            }
        };
        for ty in &self.spec.types {
            for field in ty.fields() {
                if let Ok(expr) = field_expr(field) {
                    record(
                        &expr,
                        Use {
                            owner: ty.name.clone(),
                            field: Some(field.name.clone()),
                        },
                    );
                }
            }
        }
        for method in &self.spec.methods {
            for param in &method.params {
                if let Ok(expr) = field_expr(param) {
                    record(
                        &expr,
                        Use {
                            owner: method.name.clone(),
                            field: Some(param.name.clone()),
                        },
                    );
                }
            }
            if let Ok(expr) = TypeExpr::parse(&method.returns) {
                record(
                    &expr,
                    Use {
                        owner: method.name.clone(),
                        field: None,
                    },
                );
            }
        }
        let given: Vec<(BTreeSet<TypeExpr>, &str)> = self
            .spec
            .api
            .union_names
            .iter()
            .filter_map(|named| {
                let expr = TypeExpr::parse(&named.union).ok()?;
                Some((normalize_union(&expr).into_iter().collect(), &*named.name))
            })
            .collect();
        for (key, alternatives, sites) in uses {
            let given = given.iter().find(|(k, _)| *k == key).map(|(_, name)| *name);
            let name = match given {
                Some(name) if naming::type_name(name).as_deref() == Some(name) => {
                    if !self.names.try_take(name) {
                        self.diags.error(
                            "api.union_names",
                            format!(
                                "`{name}` is the name of another item; name the union otherwise"
                            ),
                        );
                    }
                    name.to_owned()
                }
                Some(name) => {
                    self.diags.error(
                        "api.union_names",
                        format!("`{name}` cannot be a Rust type name"),
                    );
                    continue;
                }
                None => {
                    let labels: Vec<String> = alternatives.iter().map(variant_label).collect();
                    self.names.take_unique(&labels.join("Or"))
                }
            };
            self.inline_unions
                .insert(key, (name, sites.iter().map(Use::site).collect()));
        }
    }
}
