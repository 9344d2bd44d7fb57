//! Spec → IR: names every Rust item, decides union kinds, value enums, boxing and which
//! values carry files, and renders docs. Problems (a name that cannot become an
//! identifier, a type that does not parse) are collected as diagnostics.
//!
//! The builder's work, by file: [`names`] (every Rust name, first), [`types`] (objects,
//! enumerations, fields), [`unions`], [`requests`] (methods), [`passes`] (boxing,
//! files, checks over the whole crate), [`package`] (package and API facts);
//! [`settings`] holds what the spec does not say; [`exprs`], type expressions as the
//! crate represents them.

mod exprs;
mod names;
mod package;
mod passes;
mod requests;
mod settings;
mod types;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use super::docs::DocContext;
use super::naming::Namespace;
use super::{Crate, Docs, Item, Request, RuntimeNames, Site};
use crate::diagnostics::Diagnostics;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::Spec;
pub use settings::Settings;

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
    runtime: Option<RuntimeNames>,
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
            runtime: None,
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
        self.name_runtime_items();
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

    pub(super) fn item_docs(&self, description: &str, anchor: Option<&str>) -> Docs {
        Docs {
            text: self.docs.render(description),
            page_link: self.docs.page_link(anchor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::exprs::normalize_union;
    use super::package::{crate_name_for, keywords_for};
    use super::*;
    use crate::ir::{LongPoll, Presence, Ty, UnionKind};

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
