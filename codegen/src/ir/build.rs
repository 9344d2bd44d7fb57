//! Spec → IR: names every Rust item, decides union kinds, value enums, boxing and which
//! values carry files, and renders docs. Problems (a name that cannot become an
//! identifier, a type that does not parse) are collected as diagnostics.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::docs::DocContext;
use super::graph::TypeGraph;
use super::naming::{self, Namespace};
use super::{
    ApiFacts, Crate, Docs, Field, FileParam, Form, IntEnum, IntValue, Item, LongPoll, Opaque,
    Package, Place, Presence, Request, Setter, SettersTrait, Site, Struct, SupportNames, Ty, Union,
    UnionKind, ValueEnum, Variant,
};
use crate::diagnostics::Diagnostics;
use crate::scrape::analyze::{default_variant, discriminator_of};
use crate::scrape::value_sets::Kind;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{self, EnumOrigin, Origin, Spec, TypeDef, UploadForm};

/// Choices that are not in the spec: packaging facts and where the crate comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Cargo package name; derived from the API's name when `None`.
    pub crate_name: Option<String>,
    pub version: String,
    pub license: String,
    pub repository: Option<String>,
    /// The spec's path relative to the workspace root (named in generated headers).
    pub spec_path: String,
    /// The command that regenerates the crate (named in generated headers).
    pub command: String,
    /// References to items estimated larger than these sizes are boxed.
    pub box_thresholds: super::Thresholds,
    /// Objects keep the fields the spec does not define in a map, and write them back.
    pub keep_unknown_fields: bool,
}

impl Settings {
    pub fn new(spec_path: impl Into<String>) -> Self {
        Settings {
            crate_name: None,
            version: "0.1.0".to_owned(),
            license: "MIT OR Apache-2.0".to_owned(),
            repository: None,
            spec_path: spec_path.into(),
            command: "cargo xtask codegen".to_owned(),
            box_thresholds: super::Thresholds {
                required: 128,
                optional: 64,
            },
            keep_unknown_fields: true,
        }
    }

    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    pub fn with_repository(mut self, repository: impl Into<String>) -> Self {
        self.repository = Some(repository.into());
        self
    }

    pub fn with_unknown_fields_kept(mut self, keep: bool) -> Self {
        self.keep_unknown_fields = keep;
        self
    }
}

/// Names that generated code uses unqualified: an API type may not take them.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "Box",
    "String",
    "ToString",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "From",
    "Into",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "IntoIterator",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
];

/// Names of the client's own methods: convenience functions may not take them.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_client",
    "with_api_url",
    "api_url",
    "execute",
    "call",
    "http_client",
    "with_timeout",
    "without_timeout",
    "timeout",
    "with_file_url",
    "file_url",
    "download_file",
];

/// Methods of the client's pending call (`Call`): a setter of a request's parameter of
/// one of these names would be hidden by it on the call, so it is named `set_<name>`.
const CALL_METHODS: &[&str] = &[
    "new",
    "request",
    "into_request",
    "map",
    "into_future",
    "with_timeout",
    "without_timeout",
];

/// The required method of every setters trait (see [`SettersTrait::map_fn`]).
const MAP_REQUEST: &str = "map_request";

/// Builds the IR of `spec`. On errors nothing is returned but the diagnostics.
pub fn build(spec: &Spec, settings: &Settings) -> Result<Crate, Diagnostics> {
    let mut builder = Builder::new(spec, settings);
    builder.run();
    if builder.diags.has_errors() {
        return Err(builder.diags);
    }
    Ok(builder.finish())
}

/// Where a type expression is used: owner (spec type or method) and field (`None` for a
/// method's return type).
#[derive(Debug, Clone)]
struct Use {
    owner: String,
    field: Option<String>,
}

impl Use {
    fn site(&self) -> Site {
        Site {
            owner: self.owner.clone(),
            member: self.field.clone(),
        }
    }
}

struct Builder<'a> {
    spec: &'a Spec,
    settings: &'a Settings,
    diags: Diagnostics,
    names: Namespace,
    /// Spec type name → Rust name.
    type_names: BTreeMap<String, String>,
    /// Method name → request type name.
    request_names: BTreeMap<String, String>,
    /// Request type name → the name of its setters trait, when requests have one.
    setters_names: BTreeMap<String, String>,
    support: Option<SupportNames>,
    /// Inline unions (normalised, as a set) → Rust name and the places using it.
    inline_unions: BTreeMap<BTreeSet<TypeExpr>, (String, Vec<Site>)>,
    /// Generated items waiting to be placed after the item that first used them.
    pending: Vec<Item>,
    /// A value set shared by several fields (`enum_name`) → its enum's Rust name.
    shared_enums: BTreeMap<String, String>,
    /// For each spec type that is a variant of a tagged union: the tag field.
    tag_fields: BTreeMap<String, String>,
    docs: DocContext,
    items: Vec<Item>,
    requests: Vec<Request>,
    /// Rust type name → its id field, for the elements of batch results.
    identified: BTreeMap<String, String>,
}

impl<'a> Builder<'a> {
    fn new(spec: &'a Spec, settings: &'a Settings) -> Self {
        Builder {
            spec,
            settings,
            diags: Diagnostics::new(settings.spec_path.clone()),
            names: Namespace::with_reserved(PRELUDE.iter().copied()),
            type_names: BTreeMap::new(),
            request_names: BTreeMap::new(),
            setters_names: BTreeMap::new(),
            support: None,
            inline_unions: BTreeMap::new(),
            pending: Vec::new(),
            shared_enums: BTreeMap::new(),
            tag_fields: BTreeMap::new(),
            docs: DocContext {
                doc_url: spec.api.doc_url.clone(),
                anchors: BTreeMap::new(),
            },
            items: Vec::new(),
            requests: Vec::new(),
            identified: BTreeMap::new(),
        }
    }

    fn run(&mut self) {
        self.name_types();
        self.name_support();
        self.name_requests();
        self.find_tag_fields();
        self.name_inline_unions();
        let spec = self.spec;
        // An item the IR adds (an inline union, a value set) sits with the item that
        // first uses it, in that item's page group.
        let mut groups: Vec<Option<&str>> = Vec::new();
        for ty in &spec.types {
            let item = self.type_item(ty);
            if let Some(item) = item {
                self.items.push(item);
            }
            self.items.append(&mut self.pending);
            groups.resize(self.items.len(), ty.group.as_deref());
        }
        let mut request_groups = Vec::new();
        for method in &spec.methods {
            if let Some(request) = self.request(method) {
                self.requests.push(request);
                request_groups.push(method.group.as_deref());
            }
            self.items.append(&mut self.pending);
            groups.resize(self.items.len(), method.group.as_deref());
        }
        super::place::place(
            &mut self.items,
            &groups,
            &mut self.requests,
            &request_groups,
            &mut self.diags,
        );
        self.mark_identified();
        self.decide_boxing();
        self.decide_files();
        self.keep_untagged_variants_strict();
        self.limit_absent_fields();
        self.check_vacant_values();
    }

    /// Gives the elements of batch results their id field.
    fn mark_identified(&mut self) {
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                s.id_field = self.identified.get(&s.rust_name).cloned();
            }
        }
    }

    /// A required field that a payload lacks reads as a vacant value built from the
    /// vacant values of its type's own required fields (and of a union's first
    /// variant, when it has no unknown variant to hold `null`): a cycle of those would
    /// build forever. Such a type has no finite value anyway; none of the specs has one.
    fn check_vacant_values(&mut self) {
        fn named(ty: &Ty) -> Option<&str> {
            match ty.unboxed() {
                Ty::Named(name) => Some(name),
                _ => None,
            }
        }
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for item in &self.items {
            let targets = match item {
                Item::Struct(s) => (s.fields.iter())
                    .filter(|f| f.presence == Presence::Required)
                    .filter_map(|f| named(&f.ty))
                    .collect(),
                Item::Union(u) if u.unknown.is_none() => u
                    .variants
                    .first()
                    .and_then(|v| named(&v.ty))
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            };
            edges.insert(item.rust_name(), targets);
        }
        // Depth first, each type once; a type met again while still on the path closes
        // a cycle.
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut cycles = Vec::new();
        for start in edges.keys().copied() {
            let mut path: Vec<(&str, usize)> = vec![(start, 0)];
            while let Some(&(name, next)) = path.last() {
                if done.contains(name) {
                    path.pop();
                    continue;
                }
                match edges
                    .get(name)
                    .and_then(|targets| targets.get(next))
                    .copied()
                {
                    Some(target) => {
                        if let Some(top) = path.last_mut() {
                            top.1 += 1;
                        }
                        if let Some(at) = path.iter().position(|(n, _)| *n == target) {
                            let mut cycle: Vec<&str> = path[at..].iter().map(|(n, _)| *n).collect();
                            cycle.push(target);
                            cycles.push(cycle.join(" → "));
                        } else if !done.contains(target) {
                            path.push((target, 0));
                        }
                    }
                    None => {
                        done.insert(name);
                        path.pop();
                    }
                }
            }
        }
        for cycle in cycles {
            let first = cycle.split(' ').next().unwrap_or_default().to_owned();
            self.diags.error(
                first,
                format!(
                    "required fields form a cycle ({cycle}): the type has no finite value, \
                     and an absent field of it no vacant one; make one of them optional"
                ),
            );
        }
    }

    /// An object records the required fields a payload lacked in one 64-bit word (no
    /// allocation, no drop): only its first 64 such fields may be absent, later ones
    /// are strict. (The largest objects of every spec have fewer than 40.)
    fn limit_absent_fields(&mut self) {
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                for field in s
                    .fields
                    .iter_mut()
                    .filter(|f| f.default_when_missing)
                    .skip(64)
                {
                    field.default_when_missing = false;
                }
            }
        }
    }

    /// The variants of an untagged union are told apart by their required fields, so
    /// those fields must not read as defaults when missing (every object would match
    /// the first variant).
    fn keep_untagged_variants_strict(&mut self) {
        let strict: BTreeSet<String> = self
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Union(u) if u.kind == UnionKind::Untagged => Some(u),
                _ => None,
            })
            .flat_map(|u| {
                u.variants.iter().filter_map(|v| match v.ty.unboxed() {
                    Ty::Named(name) => Some(name.clone()),
                    _ => None,
                })
            })
            .collect();
        for item in &mut self.items {
            if let Item::Struct(s) = item {
                if strict.contains(&s.rust_name) {
                    for field in &mut s.fields {
                        field.default_when_missing = false;
                    }
                }
            }
        }
    }

    fn finish(self) -> Crate {
        let api = &self.spec.api;
        let crate_name = self
            .settings
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_for(&api.name));
        let version_text = api
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        Crate {
            package: Package {
                name: crate_name,
                version: self.settings.version.clone(),
                description: match api.protocol {
                    spec::Protocol::Http => format!(
                        "Types, requests and an async client for the {}{version_text}, generated from its documentation",
                        api.name
                    ),
                    spec::Protocol::TdJson => format!(
                        "Types, requests and a client for the {}{version_text} (TDLib's JSON interface), generated from its schema",
                        api.name
                    ),
                },
                license: self.settings.license.clone(),
                repository: self.settings.repository.clone(),
                keywords: keywords_for(&api.name),
                spec_path: self.settings.spec_path.clone(),
                command: self.settings.command.clone(),
                api_name: api.name.clone(),
                api_version: api.version.clone(),
                release_date: api.release_date.clone(),
                doc_url: api.doc_url.clone(),
            },
            api: ApiFacts {
                request_url: api.request_url.clone(),
                file_url: api.file_url.clone(),
                auth: api.auth,
                webhook_secret_header: api.webhook_secret_header.clone(),
                init_data_key: api.init_data_key.clone(),
                upload_form: UploadForm::of(api),
                init_data_type: api.init_data_type.clone(),
                report_signature: api.report_signature.clone(),
                protocol: api.protocol,
            },
            support: self.support.expect("support names are chosen before finishing"),
            items: self.items,
            requests: self.requests,
        }
    }

    // ----- names ---------------------------------------------------------------------

    fn name_types(&mut self) {
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

    fn name_support(&mut self) {
        let names = &mut self.names;
        self.support = Some(SupportNames {
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

    fn name_requests(&mut self) {
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

    /// The setters trait of a request, when the client binds requests to pending calls:
    /// one setter per optional parameter.
    fn setters_trait(&self, request: &str, params: &[Field]) -> Option<SettersTrait> {
        let name = self.setters_names.get(request)?.clone();
        let setters: Vec<Setter> = params
            .iter()
            .filter(|f| f.presence == Presence::Optional)
            .map(|f| {
                let taken =
                    CALL_METHODS.contains(&f.rust_name.as_str()) || f.rust_name == MAP_REQUEST;
                Setter {
                    name: if taken {
                        format!("set_{}", f.rust_name)
                    } else {
                        f.rust_name.clone()
                    },
                    field: f.rust_name.clone(),
                }
            })
            .collect();
        // No optional parameter, no setters: a trait of none would be noise.
        if setters.is_empty() {
            return None;
        }
        Some(SettersTrait {
            name,
            map_fn: MAP_REQUEST.to_owned(),
            setters,
        })
    }

    /// The tag field of every variant of a tagged union (the spec's discriminator).
    fn find_tag_fields(&mut self) {
        for ty in &self.spec.types {
            let (Some(variants), Some(field)) = (&ty.one_of, &ty.discriminator) else {
                continue;
            };
            for variant in variants {
                self.tag_fields.insert(variant.clone(), field.clone());
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
    fn name_inline_unions(&mut self) {
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
            for field in ty.fields.iter().flatten() {
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

    // ----- types ---------------------------------------------------------------------

    fn type_item(&mut self, ty: &TypeDef) -> Option<Item> {
        let rust_name = self.type_names.get(&ty.name)?.clone();
        let mut docs = self.item_docs(&ty.description, ty.anchor.as_deref());
        if let (Some(page), Some(anchor)) = (&ty.page, &ty.anchor) {
            docs.page_link = Some(format!("{page}#{anchor}"));
        }
        if let Some(values) = &ty.values {
            return self.int_enum(ty, rust_name, docs, values);
        }
        if matches!(ty.origin, Origin::Opaque { .. })
            || (ty.fields.is_none() && ty.one_of.is_none())
        {
            return Some(Item::Opaque(Opaque {
                place: Place::default(),
                api_name: ty.name.clone(),
                rust_name,
                docs,
            }));
        }
        if let Some(variants) = &ty.one_of {
            return self.spec_union(ty, rust_name, docs, variants);
        }
        let fields = ty.fields.as_deref().unwrap_or_default();
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
    fn int_enum(
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
    fn struct_tag(&self, type_name: &str, fields: &[spec::Field]) -> Option<(String, String)> {
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

    fn field(
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
        let value_kind = Kind::of(&expr).filter(|_| field.const_value.is_none());
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
    fn int_constant(&self, expr: &TypeExpr, value: &str) -> Option<i64> {
        let TypeExpr::Named(name) = expr else {
            return None;
        };
        let values = self.spec.find_type(name)?.values.as_ref()?;
        let value: i64 = value.trim().parse().ok()?;
        values.iter().any(|v| v.value == value).then_some(value)
    }

    /// The enum for a field with a closed list of values. A list of the field's own is
    /// named after its place (owner + field) and never shared, so that no other
    /// field's values can rename it; a set the spec names (`enum_name`) is one enum for
    /// every field with that name, named so. `None` (the plain type) when some value
    /// cannot become a variant name or two values would share one.
    fn value_enum(
        &mut self,
        owner: &str,
        owner_rust: &str,
        field: &spec::Field,
        kind: Kind,
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
                Kind::Text => naming::variant_name(value)?,
                Kind::Integer => {
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
            integer: kind == Kind::Integer,
        });
        if let Some(shared) = &field.enum_name {
            self.shared_enums.insert(shared.clone(), rust_name.clone());
        }
        self.pending.push(item);
        Some(rust_name)
    }

    /// The Rust type of a type expression (before boxing).
    fn ty(&mut self, owner: &str, expr: &TypeExpr) -> Option<Ty> {
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

    fn is_emitted(&self, name: &str) -> bool {
        self.items
            .iter()
            .chain(&self.pending)
            .any(|item| item.rust_name() == name)
    }

    fn inline_union(
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
        let discriminator = named.as_ref().and_then(|n| discriminator_of(self.spec, n));
        let default = match (&named, &discriminator) {
            (Some(named), Some(field)) => default_variant(self.spec, named, field),
            _ => None,
        };
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
            kind: match discriminator {
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

    fn spec_union(
        &mut self,
        ty: &TypeDef,
        rust_name: String,
        docs: Docs,
        variants: &[String],
    ) -> Option<Item> {
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
        let names: Vec<&str> = variants.iter().map(String::as_str).collect();
        let default = (ty.discriminator.as_deref())
            .and_then(|field| default_variant(self.spec, &names, field));
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
            let tag = match (&ty.discriminator, &expr) {
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
        let tagged = ty.discriminator.is_some()
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
            kind: match (&ty.discriminator, tagged) {
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
    fn listing_variants(&self, mut docs: Docs, variants: &[String]) -> Docs {
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
    fn const_of(&self, type_name: &str, field: &str) -> Option<String> {
        let ty = self.spec.find_type(type_name)?;
        ty.fields
            .iter()
            .flatten()
            .find(|f| f.name == field)?
            .const_value
            .clone()
    }

    /// A spec type that is an object (fields, or a union of objects): a JSON object.
    fn is_object(&self, type_name: &str) -> bool {
        self.spec
            .find_type(type_name)
            .is_some_and(|t| t.fields.is_some() || t.one_of.is_some())
    }

    // ----- methods -------------------------------------------------------------------

    fn request(&mut self, method: &spec::Method) -> Option<Request> {
        let rust_name = self.request_names.get(&method.name)?.clone();
        let mut client_names = Namespace::with_reserved(CLIENT_METHODS.iter().copied());
        for request in &self.requests {
            client_names.try_take(&request.fn_name);
            for form in &request.forms {
                client_names.try_take(&form.fn_name);
            }
        }
        let Some(fn_name) = naming::function_name(&method.name) else {
            self.diags.error(
                &method.name,
                "the method's name cannot become a Rust identifier",
            );
            return None;
        };
        let fn_name = client_names.take_unique(&fn_name);
        let mut field_names = Namespace::with_reserved(["new"]);
        let mut params = Vec::new();
        for param in &method.params {
            if let Some(field) = self.field(&method.name, &rust_name, param, &mut field_names) {
                params.push(field);
            }
        }
        let output = match TypeExpr::parse(&method.returns) {
            Ok(expr) => match self.identified_list(&expr) {
                Some(element) => Ty::Batch(Box::new(element)),
                None => self.ty(&method.name, &expr)?,
            },
            Err(error) => {
                self.diags
                    .error(&method.name, format!("return type: {error}"));
                return None;
            }
        };
        let long_poll = long_poll(method, &params);
        let forms = forms(method, &params, &fn_name, &mut client_names);
        let file_params = match UploadForm::of(&self.spec.api) {
            UploadForm::Attach => Vec::new(),
            UploadForm::ParameterPart => params.iter().filter_map(|p| self.file_param(p)).collect(),
        };
        let setters = self.setters_trait(&rust_name, &params);
        Some(Request {
            api_name: method.name.clone(),
            rust_name,
            fn_name,
            place: Place::default(),
            setters,
            docs: self.item_docs(&method.description, method.anchor.as_deref()),
            http_method: method.http_method.unwrap_or(self.spec.api.http_method),
            params,
            confirms_without_result: output == Ty::True,
            output,
            carries_files: false,
            file_params,
            forms,
            long_poll,
        })
    }

    /// The parameter as a file of its own, when it is one: the crate's file type, or a
    /// union with a variant of that type (`InputFile or InputStoryContent`).
    fn file_param(&self, param: &Field) -> Option<FileParam> {
        let variant = match &param.ty {
            Ty::InputFile => None,
            Ty::Named(name) => {
                let union = self
                    .items
                    .iter()
                    .chain(&self.pending)
                    .find_map(|item| match item {
                        Item::Union(u) if u.rust_name == *name => Some(u),
                        _ => None,
                    })?;
                let variant = union.variants.iter().find(|v| v.ty == Ty::InputFile)?;
                Some((name.clone(), variant.rust_name.clone()))
            }
            _ => return None,
        };
        Some(FileParam {
            api_name: param.api_name.clone(),
            rust_name: param.rust_name.clone(),
            optional: param.presence == Presence::Optional,
            variant,
        })
    }

    /// The element type of a list result whose elements each carry their own id: an
    /// object type with a required `Integer` field named after it (`update_id` of an
    /// `Update`, `message_id` of a `Message`). Such a list is a [`Ty::Batch`]: things a
    /// bot handles one by one (updates to acknowledge, messages sent), so one that does
    /// not read must not hide the others, and its id tells which it is. The type is
    /// marked with its id field.
    fn identified_list(&mut self, expr: &TypeExpr) -> Option<Ty> {
        let TypeExpr::Array(inner) = expr else {
            return None;
        };
        let TypeExpr::Named(name) = &**inner else {
            return None;
        };
        let ty = self.spec.types.iter().find(|t| t.name == *name)?;
        let id_field = format!("{}_id", name.to_snake_case());
        let field = ty.fields.as_deref()?.iter().find(|f| {
            f.name == id_field && f.required && TypeExpr::parse(&f.ty) == Ok(TypeExpr::Integer)
        })?;
        let rust = self.type_names.get(name)?.clone();
        self.identified.insert(rust.clone(), field.name.clone());
        Some(Ty::Named(rust))
    }

    fn item_docs(&self, description: &str, anchor: Option<&str>) -> Docs {
        Docs {
            text: self.docs.render(description),
            page_link: self.docs.page_link(anchor),
        }
    }

    // ----- graph decisions -----------------------------------------------------------

    fn graph(&self) -> TypeGraph {
        let mut graph = TypeGraph::default();
        for item in &self.items {
            graph.add_node(item.rust_name());
            let types: Vec<&Ty> = match item {
                Item::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                Item::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                Item::Enum(_) | Item::IntEnum(_) | Item::Opaque(_) => Vec::new(),
            };
            for ty in types {
                add_edges(&mut graph, item.rust_name(), ty, true);
            }
        }
        graph
    }

    /// Boxes references on cycles (needed for a finite size), then references to
    /// large items (see [`super::layout`]).
    fn decide_boxing(&mut self) {
        let cyclic = self.graph().cyclic_edges();
        self.box_references(&cyclic);
        let large = super::boxing::large_references(&self.items, self.settings.box_thresholds);
        self.box_references(&large);
    }

    fn box_references(&mut self, edges: &BTreeSet<(String, String)>) {
        let cyclic = edges;
        for item in &mut self.items {
            let owner = item.rust_name().to_owned();
            let types: Vec<&mut Ty> = match item {
                Item::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
                Item::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
                Item::Enum(_) | Item::IntEnum(_) | Item::Opaque(_) => Vec::new(),
            };
            for ty in types {
                if let Ty::Named(target) = ty {
                    if cyclic.contains(&(owner.clone(), target.clone())) {
                        *ty = Ty::Box(Box::new(ty.clone()));
                    }
                }
            }
        }
    }

    fn decide_files(&mut self) {
        let graph = self.graph();
        let seeds: BTreeSet<String> = self
            .items
            .iter()
            .filter(|item| match item {
                Item::Struct(s) => s.fields.iter().any(|f| mentions_file(&f.ty)),
                Item::Union(u) => u.variants.iter().any(|v| mentions_file(&v.ty)),
                _ => false,
            })
            .map(|item| item.rust_name().to_owned())
            .collect();
        let carriers = graph.reaching(&seeds);
        let carries = |ty: &Ty| carries(ty, &carriers);
        for item in &mut self.items {
            match item {
                Item::Struct(s) => {
                    for field in &mut s.fields {
                        field.carries_files = carries(&field.ty);
                    }
                    s.carries_files = s.fields.iter().any(|f| f.carries_files);
                }
                Item::Union(u) => {
                    for variant in &mut u.variants {
                        variant.carries_files = carries(&variant.ty);
                    }
                    u.carries_files = u.variants.iter().any(|v| v.carries_files);
                }
                _ => {}
            }
        }
        for request in &mut self.requests {
            for param in &mut request.params {
                // A file parameter is a part of its own, not an attachment.
                let own_part = request
                    .file_params
                    .iter()
                    .any(|f| f.api_name == param.api_name);
                param.carries_files = carries(&param.ty) && !own_part;
            }
            request.carries_files = request.params.iter().any(|p| p.carries_files);
        }
    }
}

/// The forms of a method from its parameters' `required_unless`: the parameters
/// required unless the same others are given make one form (`chat_id` and
/// `message_id`, each required unless `inline_message_id`), and each form must be
/// required unless exactly the parameters of the other forms are given, or the
/// alternatives are not a choice between forms and the method keeps its one function
/// (empty). The first form on the page takes the method's function name; another takes
/// it followed by the words of its parameters' names that the first form's names lack
/// (`inline_message_id` against `chat_id`, `message_id` → `_inline`), or all of its
/// names when none is left.
fn forms(
    method: &spec::Method,
    params: &[Field],
    fn_name: &str,
    client_names: &mut Namespace,
) -> Vec<Form> {
    let mut groups: Vec<(BTreeSet<&str>, Vec<&str>)> = Vec::new();
    for param in method
        .params
        .iter()
        .filter(|p| !p.required_unless.is_empty())
    {
        let key: BTreeSet<&str> = param.required_unless.iter().map(String::as_str).collect();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(&param.name),
            None => groups.push((key, vec![&param.name])),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    let is_choice = groups.iter().enumerate().all(|(i, (key, _))| {
        let others: BTreeSet<&str> = (groups.iter().enumerate())
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, (_, members))| members.iter().copied())
            .collect();
        *key == others
    });
    let rust_of = |api: &str| {
        params
            .iter()
            .find(|f| f.api_name == api)
            .map(|f| f.rust_name.clone())
    };
    let members: Option<Vec<Vec<String>>> = groups
        .iter()
        .map(|(_, members)| members.iter().map(|m| rust_of(m)).collect())
        .collect();
    let Some(members) = members.filter(|_| is_choice) else {
        return Vec::new();
    };
    let words = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .flat_map(|n| n.split('_').map(str::to_owned).collect::<Vec<_>>())
            .collect()
    };
    let first_words = words(&members[0]);
    members
        .into_iter()
        .zip(&groups)
        .enumerate()
        .map(|(i, (names, (_, api)))| {
            let fn_name = if i == 0 {
                fn_name.to_owned()
            } else {
                let mut own: Vec<String> = Vec::new();
                for word in words(&names) {
                    if !first_words.contains(&word) && !own.contains(&word) {
                        own.push(word);
                    }
                }
                let suffix = if own.is_empty() {
                    names.join("_")
                } else {
                    own.join("_")
                };
                client_names.take_unique(&format!("{fn_name}_{suffix}"))
            };
            Form {
                fn_name,
                params: names,
                api_params: api.iter().map(|a| (*a).to_owned()).collect(),
            }
        })
        .collect()
}

/// The parameter of a long poll: an `Integer` named `timeout` that the page describes
/// as the long polling's ("Timeout in seconds for long polling").
fn long_poll(method: &spec::Method, params: &[Field]) -> Option<LongPoll> {
    let param = method.params.iter().find(|p| {
        p.name == "timeout"
            && TypeExpr::parse(&p.ty) == Ok(TypeExpr::Integer)
            && p.description.to_lowercase().contains("long polling")
    })?;
    let field = params.iter().find(|f| f.api_name == param.name)?;
    Some(LongPoll {
        rust_name: field.rust_name.clone(),
        optional: field.presence == Presence::Optional,
    })
}

fn add_edges(graph: &mut TypeGraph, owner: &str, ty: &Ty, by_value: bool) {
    match ty {
        Ty::Named(name) => graph.add_edge(owner, name, by_value),
        Ty::Vec(inner) | Ty::Batch(inner) => add_edges(graph, owner, inner, false),
        Ty::Box(inner) | Ty::Nullable(inner) => add_edges(graph, owner, inner, by_value),
        _ => {}
    }
}

fn mentions_file(ty: &Ty) -> bool {
    match ty {
        Ty::InputFile => true,
        Ty::Vec(inner) | Ty::Box(inner) | Ty::Batch(inner) | Ty::Nullable(inner) => {
            mentions_file(inner)
        }
        _ => false,
    }
}

fn carries(ty: &Ty, carriers: &BTreeSet<String>) -> bool {
    match ty {
        Ty::InputFile => true,
        Ty::Named(name) => carriers.contains(name),
        Ty::Vec(inner) | Ty::Box(inner) | Ty::Batch(inner) | Ty::Nullable(inner) => {
            carries(inner, carriers)
        }
        _ => false,
    }
}

/// Marks the variants whose type no other variant shares: they get a `From` impl.
fn finish_union(mut union: Union) -> Union {
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

/// The alternatives of a union as the crate represents them: a file upload's type also
/// holds file ids and URLs, so `InputFile or String` is just `InputFile`.
fn normalize_union(expr: &TypeExpr) -> Vec<TypeExpr> {
    let TypeExpr::Union(items) = expr else {
        return vec![expr.clone()];
    };
    let has_file = items.contains(&TypeExpr::InputFile);
    items
        .iter()
        .filter(|item| !(has_file && **item == TypeExpr::String))
        .cloned()
        .collect()
}

/// The type expression of a field or parameter as the crate represents it: one that
/// takes an upload ([`spec::Field::attachment`]) is a `String` whose value may be
/// `attach://<name>` (the crate's file type), or an object type that may also be a
/// file: `InputFile or <type>`.
fn field_expr(field: &spec::Field) -> Result<TypeExpr, String> {
    let expr = TypeExpr::parse(&field.ty).map_err(|error| error.to_string())?;
    if !field.attachment {
        return Ok(expr);
    }
    match expr {
        TypeExpr::String => Ok(expr),
        TypeExpr::Named(_) => Ok(TypeExpr::Union(vec![TypeExpr::InputFile, expr])),
        other => Err(format!(
            "only a `String` or an object type can take an upload, not `{other}`"
        )),
    }
}

/// Every union inside an expression (after normalisation), outermost first.
fn inline_unions_in(expr: &TypeExpr) -> Vec<Vec<TypeExpr>> {
    match expr {
        TypeExpr::Array(inner) => inline_unions_in(inner),
        TypeExpr::Union(_) => {
            let alternatives = normalize_union(expr);
            if alternatives.len() < 2 {
                return Vec::new();
            }
            let mut out = vec![alternatives.clone()];
            for alternative in &alternatives {
                out.extend(inline_unions_in(alternative));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A variant name for an alternative: `Integer`, `Message`, `ArrayOfString`.
fn variant_label(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::Named(name) => naming::type_name(name).unwrap_or_else(|| "Value".to_owned()),
        other => other.to_string().to_upper_camel_case(),
    }
}

/// `Telegram Bot API` → `telegram-bot-api`.
fn crate_name_for(api_name: &str) -> String {
    api_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// crates.io keywords from the API's name (at most five, each at most 20 characters).
fn keywords_for(api_name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in api_name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.to_ascii_lowercase();
        if !word.is_empty() && word.len() <= 20 && !out.contains(&word) && out.len() < 5 {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_yaml(spec: &str) -> Crate {
        let spec = crate::spec::yaml::from_yaml(spec).unwrap();
        build(&spec, &Settings::new("spec/x.yaml")).unwrap()
    }

    #[test]
    fn alternative_ids_make_one_function_per_form() {
        let krate = build_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             methods:\n\
             - name: editMessageText\n  returns: 'True'\n  params:\n\
             \x20 - {name: chat_id, type: Integer, required: false, required_unless: [inline_message_id]}\n\
             \x20 - {name: message_id, type: Integer, required: false, required_unless: [inline_message_id]}\n\
             \x20 - {name: inline_message_id, type: String, required: false, required_unless: [chat_id, message_id]}\n\
             \x20 - {name: text, type: String, required: true}\n\
             - name: sendGift\n  returns: 'True'\n  params:\n\
             \x20 - {name: user_id, type: Integer, required: false, required_unless: [chat_id]}\n\
             \x20 - {name: chat_id, type: Integer, required: false, required_unless: [user_id]}\n\
             - name: lopsided\n  returns: 'True'\n  params:\n\
             \x20 - {name: a, type: Integer, required: false, required_unless: [b]}\n\
             \x20 - {name: b, type: Integer, required: false, required_unless: [c]}\n\
             \x20 - {name: c, type: Integer, required: false}\n",
        );
        let forms = |i: usize| -> Vec<(String, Vec<String>)> {
            (krate.requests[i].forms.iter())
                .map(|f| (f.fn_name.clone(), f.params.clone()))
                .collect()
        };
        let form = |name: &str, params: &[&str]| {
            (
                name.to_owned(),
                params.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            forms(0),
            [
                form("edit_message_text", &["chat_id", "message_id"]),
                form("edit_message_text_inline", &["inline_message_id"]),
            ]
        );
        assert_eq!(
            forms(1),
            [
                form("send_gift", &["user_id"]),
                form("send_gift_chat", &["chat_id"])
            ]
        );
        // `a` unless `b`, `b` unless `c`: no choice between forms, one function.
        assert!(forms(2).is_empty());
    }

    #[test]
    fn an_object_parameter_that_takes_an_upload_is_a_union_with_the_file_type() {
        let krate = build_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path, upload_form: parameter_part}\n\
             types:\n\
             - {name: StoryContent, description: d, origin: !opaque {reason: r}}\n\
             methods:\n\
             - name: postStory\n  returns: 'True'\n  params:\n\
             \x20 - {name: content, type: StoryContent, required: true, attachment: true}\n\
             \x20 - {name: photo, type: InputFile or String, required: false}\n\
             \x20 - {name: caption, type: String, required: false}\n",
        );
        let request = &krate.requests[0];
        assert_eq!(
            request.params[0].ty,
            Ty::Named("InputFileOrStoryContent".into())
        );
        let files: Vec<(&str, Option<&(String, String)>)> = (request.file_params.iter())
            .map(|f| (f.api_name.as_str(), f.variant.as_ref()))
            .collect();
        let variant = ("InputFileOrStoryContent".to_owned(), "InputFile".to_owned());
        assert_eq!(files, [("content", Some(&variant)), ("photo", None)]);
        // Parts of their own, not `attach://` references.
        assert!(!request.carries_files);
    }

    #[test]
    fn crate_names_and_keywords_come_from_the_api_name() {
        assert_eq!(crate_name_for("Telegram Bot API"), "telegram-bot-api");
        assert_eq!(keywords_for("Telegram Bot API"), ["telegram", "bot", "api"]);
    }

    #[test]
    fn a_cycle_of_required_fields_is_an_error_naming_it() {
        let spec = |fields_of_b: &str| {
            format!(
                "api: {{name: X, request_url: 'u/{{method}}', auth: url_path}}\n\
                 types:\n\
                 - name: A\n  fields:\n  - {{name: b, type: B, required: true}}\n\
                 - name: B\n  fields:\n  - {{name: a, type: A, {fields_of_b}}}\n"
            )
        };
        let built = |text: &str| {
            build(
                &crate::spec::yaml::from_yaml(text).unwrap(),
                &Settings::new("spec/x.yaml"),
            )
        };
        let errors = built(&spec("required: true")).unwrap_err().to_string();
        assert!(
            errors.contains("required fields form a cycle (A → B → A)"),
            "{errors}"
        );
        // Optional on one side: a finite value exists, and so a vacant one.
        assert!(built(&spec("required: false")).is_ok());
    }

    #[test]
    fn inline_unions_are_named_by_the_spec_or_after_their_alternatives() {
        let union_names = |spec: &str| -> Vec<String> {
            let spec = crate::spec::yaml::from_yaml(spec).unwrap();
            let krate = build(&spec, &Settings::new("spec/x.yaml")).unwrap();
            krate
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Union(union) => Some(union.rust_name.clone()),
                    _ => None,
                })
                .collect()
        };
        let one_site = "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - {name: Photo, fields: []}\n\
             - {name: Sticker, fields: []}\n\
             - name: Gallery\n  fields:\n  - {name: cover, type: Sticker or Photo, required: true}\n";
        assert_eq!(union_names(one_site), ["StickerOrPhoto"]);
        // One more field with the same alternatives, elsewhere, shares the type and its
        // name, as does an unrelated type.
        let two_sites = format!(
            "{one_site}- name: Album\n  fields:\n  - {{name: front, type: Photo or Sticker, required: true}}\n\
             - {{name: Unrelated, fields: []}}\n"
        );
        assert_eq!(union_names(&two_sites), ["StickerOrPhoto"]);
        // A name the spec gives is used wherever the union is.
        let named = two_sites.replace(
            "auth: url_path}",
            "auth: url_path, union_names: [{union: Photo or Sticker, name: Cover}]}",
        );
        assert_eq!(union_names(&named), ["Cover"]);
        // A given name that another item has is an error, not a silent `Photo2`.
        let taken = two_sites.replace(
            "auth: url_path}",
            "auth: url_path, union_names: [{union: Photo or Sticker, name: Photo}]}",
        );
        let spec = crate::spec::yaml::from_yaml(&taken).unwrap();
        let error = build(&spec, &Settings::new("spec/x.yaml")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`Photo` is the name of another item"),
            "{error}"
        );
    }

    #[test]
    fn bad_specs_are_reported_with_the_item_not_panicked_on() {
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - {name: Self, fields: []}\n\
             - name: Holder\n  fields:\n  - {name: thing, type: Missing, required: true}\n\
             - name: Odd\n  fields:\n  - {name: x, type: 'a number', required: true}\n",
        )
        .unwrap();
        let diags = build(&spec, &Settings::new("spec/x.yaml")).unwrap_err();
        let text = diags.to_string();
        assert!(text.contains("spec/x.yaml: [Self]"), "{text}");
        assert!(
            text.contains("[Holder] refers to undefined type `Missing`"),
            "{text}"
        );
        assert!(text.contains("[Odd] field `x`"), "{text}");
    }

    #[test]
    fn batches_long_polls_and_bare_confirmations_are_decided_from_the_spec() {
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - name: Update\n  fields:\n  - {name: update_id, type: Integer, required: true}\n\
             - name: Command\n  fields:\n  - {name: command_id, type: String, required: true}\n\
             - name: Note\n  fields:\n  - {name: note_id, type: Integer, required: false}\n\
             methods:\n\
             - name: getUpdates\n  returns: Array of Update\n  params:\n  - {name: timeout, type: Integer, required: false, description: Timeout in seconds for long polling.}\n\
             - name: getCommands\n  returns: Array of Command\n  params:\n  - {name: timeout, type: Integer, required: false, description: Seconds to wait for a reply.}\n\
             - {name: getNotes, returns: Array of Note}\n\
             - {name: deleteNote, returns: 'True'}\n",
        )
        .unwrap();
        let krate = build(&spec, &Settings::new("spec/x.yaml")).unwrap();
        let outputs: Vec<_> = krate.requests.iter().map(|r| &r.output).collect();
        let named = |name: &str| Box::new(Ty::Named(name.to_owned()));
        // Only a list of a type with a required integer `<type>_id` is read one by one.
        assert_eq!(
            outputs,
            [
                &Ty::Batch(named("Update")),
                &Ty::Vec(named("Command")),
                &Ty::Vec(named("Note")),
                &Ty::True
            ]
        );
        let id_fields: Vec<_> = krate
            .items
            .iter()
            .map(|item| match item {
                Item::Struct(s) => s.id_field.as_deref(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(id_fields, [Some("update_id"), None, None]);
        // A `timeout` is a long poll's only when the page says so.
        assert_eq!(
            krate.requests[0].long_poll,
            Some(LongPoll {
                rust_name: "timeout".to_owned(),
                optional: true
            })
        );
        assert_eq!(krate.requests[1].long_poll, None);
        let confirms: Vec<bool> = krate
            .requests
            .iter()
            .map(|r| r.confirms_without_result)
            .collect();
        assert_eq!(confirms, [false, false, false, true]);
    }

    #[test]
    fn integer_enums_and_integer_tags() {
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - name: Kind\n  values:\n  - {value: 1, name: DotKind, description: a dot}\n  - {value: 2, name: LineKind}\n\
             - {name: Shape, one_of: [Dot, Line], discriminator: kind}\n\
             - name: Dot\n  fields:\n  - {name: kind, type: Kind, required: true, const: '1'}\n\
             - name: Line\n  fields:\n  - {name: kind, type: Kind, required: true, const: '2'}\n",
        )
        .unwrap();
        let krate = build(&spec, &Settings::new("spec/x.yaml")).unwrap();
        let Item::IntEnum(kind) = &krate.items[0] else {
            panic!("{:?}", krate.items[0])
        };
        let values: Vec<_> = kind
            .values
            .iter()
            .map(|v| (v.rust_name.as_str(), v.value, v.docs.as_str()))
            .collect();
        assert_eq!(
            values,
            [("DotKind", 1, "`1`: a dot"), ("LineKind", 2, "`2`")]
        );
        assert_eq!(kind.unknown, "Unknown");
        let Item::Union(shape) = &krate.items[1] else {
            panic!("{:?}", krate.items[1])
        };
        assert_eq!(
            shape.kind,
            UnionKind::Tagged {
                field: "kind".into(),
                default: None,
            }
        );
        let tags: Vec<_> = shape.variants.iter().map(|v| v.tag.as_deref()).collect();
        assert_eq!(tags, [Some("1"), Some("2")]);
        // The integer tag stays a field, filled in by the constructor.
        let Item::Struct(line) = &krate.items[3] else {
            panic!("{:?}", krate.items[3])
        };
        assert_eq!(line.tag, None);
        assert_eq!(line.fields[0].presence, Presence::ConstantInt(2));

        // A constant that is not one of the enumeration's values is an error.
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - name: Kind\n  values:\n  - {value: 1, name: DotKind}\n\
             - name: Dot\n  fields:\n  - {name: kind, type: Kind, required: true, const: '7'}\n",
        )
        .unwrap();
        let error = build(&spec, &Settings::new("spec/x.yaml")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("constant `7` is not a value of `Kind`"),
            "{error}"
        );
    }

    #[test]
    fn unions_tags_and_boxes_are_decided_from_the_spec() {
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\n\
             types:\n\
             - {name: Shape, one_of: [ShapeDot, ShapeLine], discriminator: kind}\n\
             - name: ShapeDot\n  fields:\n  - {name: kind, type: String, required: true, const: dot}\n\
             - name: ShapeLine\n  fields:\n  - {name: kind, type: String, required: true, const: line}\n  - {name: next, type: Shape, required: false}\n",
        )
        .unwrap();
        let krate = build(&spec, &Settings::new("spec/x.yaml")).unwrap();
        let Item::Union(shape) = &krate.items[0] else {
            panic!("{:?}", krate.items[0])
        };
        assert_eq!(
            shape.kind,
            UnionKind::Tagged {
                field: "kind".into(),
                default: None,
            }
        );
        assert_eq!(
            shape
                .variants
                .iter()
                .map(|v| v.rust_name.as_str())
                .collect::<Vec<_>>(),
            ["Dot", "Line"]
        );
        assert_eq!(shape.unknown.as_deref(), Some("Unknown"));
        let Item::Struct(line) = &krate.items[2] else {
            panic!()
        };
        assert_eq!(line.tag, Some(("kind".into(), "line".into())));
        assert_eq!(
            line.fields[0].ty,
            Ty::Box(Box::new(Ty::Named("Shape".into())))
        );
        assert_eq!(
            shape.variants[1].ty,
            Ty::Box(Box::new(Ty::Named("ShapeLine".into())))
        );
        assert_eq!(shape.variants[0].ty, Ty::Named("ShapeDot".into()));
    }

    #[test]
    fn a_file_or_a_string_is_a_file() {
        let expr = TypeExpr::parse("InputFile or String").unwrap();
        assert_eq!(normalize_union(&expr), [TypeExpr::InputFile]);
        let expr = TypeExpr::parse("Integer or String").unwrap();
        assert_eq!(normalize_union(&expr).len(), 2);
    }
}
