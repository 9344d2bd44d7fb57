//! TDLib's API schema (`td_api.tl`): TL declarations with doc comments, read straight
//! into a [`Spec`] (a schema has no headings or tables for [`crate::scrape::extract`] to read).
//!
//! What is read, and from where:
//! - the prologue (declarations before the first doc comment) declares the built-in
//!   types; each must be one [`BUILTINS`] knows;
//! - `//@class Name @description …` declares a union (an abstract type), whose variants
//!   are the constructors of result type `Name`, in page order;
//! - `//@description …` then `//@field …` before a declaration document it; `//-` lines
//!   continue the tag before them; a field named `description` is documented as
//!   `@param_description`;
//! - a constructor `name field:type … = Type;` is an object. It is named `Type` when no
//!   class declares `Type`, and after itself (`authenticationCodeTypeSms` →
//!   `AuthenticationCodeTypeSms`) when it is a variant of class `Type`. Its first field is
//!   `@type`, the constant constructor name that tags it in JSON;
//! - after `---functions---`, a declaration is a method returning its result type;
//! - a field is optional when its description says so ([`NULL_PHRASES`]); see
//!   [`decide`] for the rest.

use std::collections::{BTreeMap, BTreeSet};

use super::{Dialect, FrontEnd, Reading};
use crate::diagnostics::Diagnostics;
use crate::scrape::extract::KnownFacts;
use crate::scrape::names::{Case, Grammar};
use crate::spec::{Api, Auth, Field, Method, Protocol, Spec, TypeDef, TypeKind, UnionDef};

impl Dialect {
    /// TDLib's API schema in TL (`td_api.tl`): declarations with doc comments, read
    /// straight into a spec ([`Dialect::schema`]).
    pub const TDLIB_TL: Dialect = Dialect(&FrontEnd {
        name: "tdlib",
        about: "TDLib's TL schema (`td_api.tl`)",
        extensions: &["tl"],
        // TL: classes `Update`, constructors `updateNewMessage`, fields `chat_id` and
        // each object's `@type` tag.
        grammar: &Grammar {
            types: &[Case::Pascal, Case::Camel],
            fields: &[Case::Snake, Case::Tag],
            ..Grammar::TELEGRAM
        },
        reading: Reading::Schema(read_spec),
        detect: |source| {
            source
                .lines()
                .map(str::trim)
                .any(|l| l == "---functions---")
        },
    });
}

/// Built-in types: their names in field types, and the spec type each becomes. The
/// prologue declares them (`int64 = Int64;`, `vector {t:Type} # [ t ] = Vector t;`).
pub const BUILTINS: &[(&str, &str)] = &[
    ("double", "Float"),
    ("string", "String"),
    ("int32", "Integer"),
    // 53 bits: a JSON number, more than 32 bits (the spec's `int64` fact).
    ("int53", "Integer"),
    // A JSON string (numbers lose precision past 53 bits in JavaScript).
    ("int64", "Int64"),
    ("bytes", "Bytes"),
    ("Bool", "Boolean"),
];

/// Result types the prologue may declare: the built-ins and `vector`.
const PROLOGUE_TYPES: &[&str] = &[
    "Double", "String", "Int32", "Int53", "Int64", "Bytes", "Bool", "Vector",
];

/// Phrases of a field's description, at the start of one of its clauses, that make the
/// field optional: TDLib sends (or accepts) `null` in its place.
pub const NULL_PHRASES: &[&str] = &["may be null", "pass null"];

/// Phrases that make an object-typed field without a [`NULL_PHRASES`] phrase undecided:
/// they speak of a value that may not exist, without saying it is `null`. Such a
/// field is taken as optional (a `null` then still deserializes) and reported.
pub const HEDGE_PHRASES: &[&str] = &["if none", "if unknown", "if any", "if available"];

/// The line that starts the functions.
const FUNCTIONS: &str = "---functions---";
/// The line that starts the types (the default at the start).
const TYPES: &str = "---types---";

mod build;
mod optional;
mod parse;

use build::SpecBuilder;
pub use optional::{decide, Decision, Holds};
use parse::{parse, Entry};

/// How many of each kind of item a schema holds (what the spec must hold too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub constructors: usize,
    pub classes: usize,
    pub functions: usize,
}

/// Reads a schema into a spec. `file` names the schema in diagnostics and gives the
/// version (`td_api-1.8.66.tl` → `1.8.66`): the schema states none.
pub fn read_spec(source: &str, file: &str, known: &KnownFacts, diags: &mut Diagnostics) -> Spec {
    let entries = parse(source, diags);
    let mut builder = SpecBuilder::new(&entries, diags);
    let (types, methods) = builder.build(&entries);
    let version = crate::scrape::page_file::version_text_in_name(file);
    Spec {
        api: Api {
            version,
            doc_url: known.doc_url.clone(),
            protocol: Protocol::TdJson,
            ..Api::new(
                known.name.clone().unwrap_or_else(|| "TDLib".to_owned()),
                String::new(),
                Auth::None,
            )
        },
        types,
        methods,
        skipped: Vec::new(),
    }
}

/// Counts the schema's constructors, classes and functions.
pub fn count(source: &str) -> Counts {
    let mut diags = Diagnostics::new("");
    let mut counts = Counts::default();
    for entry in parse(source, &mut diags) {
        match entry {
            Entry::Class(_) => counts.classes += 1,
            Entry::Decl(d) if d.function => counts.functions += 1,
            Entry::Decl(_) => counts.constructors += 1,
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use parse::split_tags;

    const SCHEMA: &str = "double ? = Double;\nstring ? = String;\n\nint32 = Int32;\nint53 = Int53;\nint64 = Int64;\nbytes = Bytes;\n\nboolFalse = Bool;\nboolTrue = Bool;\n\nvector {t:Type} # [ t ] = Vector t;\n\n\n\
//@description An object of this type is returned on a successful function call for certain functions\n\
ok = Ok;\n\n\
//@class Sender @description Who sent it\n\n\
//@description A user @user_id Identifier of the user\nsenderUser user_id:int53 = Sender;\n\n\
//@description A chat\n//@chat_id Identifier\n//-of the chat\nsenderChat chat_id:int53 = Sender;\n\n\
//@description A message @id Id @sender_id The sender; may be null @data Some bytes; may be empty @ids Ids @caption Caption of the message, if any @param_description What it is\n\
message id:int64 sender_id:Sender data:bytes ids:vector<int32> caption:formattedText description:string = Message;\n\n\
//@description Text @text The text\nformattedText text:string = FormattedText;\n\n\
---functions---\n\n\
//@description Returns a message, see formattedText @chat_id Chat <id> @sender Sender; pass null to use the default @flag A flag\n\
getMessage chat_id:int53 sender:Sender flag:Bool = Message;\n";

    fn read(source: &str) -> (Spec, Diagnostics) {
        let mut diags = Diagnostics::new("td_api-1.2.3.tl");
        let spec = read_spec(
            source,
            "td_api-1.2.3.tl",
            &KnownFacts::default(),
            &mut diags,
        );
        (spec, diags)
    }

    #[test]
    fn reads_classes_constructors_and_functions() {
        let (spec, diags) = read(SCHEMA);
        assert_eq!(spec.api.version.as_deref(), Some("1.2.3"));
        assert_eq!(spec.api.protocol, Protocol::TdJson);
        let names: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Ok",
                "Sender",
                "SenderUser",
                "SenderChat",
                "Message",
                "FormattedText"
            ]
        );
        let sender = spec.find_type("Sender").unwrap();
        assert_eq!(sender.variants(), ["SenderUser", "SenderChat"]);
        assert_eq!(sender.description, "Who sent it");
        let chat = spec.find_type("SenderChat").unwrap();
        let fields = chat.fields();
        assert_eq!(fields[0].name, "@type");
        assert_eq!(fields[0].const_value.as_deref(), Some("senderChat"));
        assert_eq!(fields[1].description, "Identifier\nof the chat");
        assert!(fields[1].int64, "int53 is more than 32 bits");
        let message = spec.find_type("Message").unwrap().fields();
        let get = |name: &str| message.iter().find(|f| f.name == name).unwrap();
        assert_eq!(get("id").ty, "Int64");
        assert_eq!(get("data").ty, "Bytes");
        assert!(get("data").required, "“may be empty” is an empty value");
        assert_eq!(get("ids").ty, "Array of Integer");
        assert!(!get("sender_id").required);
        assert_eq!(
            get("caption").ty,
            "FormattedText",
            "a bare constructor name"
        );
        assert!(!get("caption").required, "undecided: optional");
        assert_eq!(get("description").description, "What it is");
        let method = &spec.methods[0];
        assert_eq!(method.name, "getMessage");
        assert_eq!(method.returns, "Message");
        assert_eq!(
            method.description,
            "Returns a message, see [`formattedText`](#formattedText)"
        );
        assert_eq!(method.params[0].description, "Chat \\<id\\>");
        assert!(!method.params[1].required);
        assert_eq!(method.params[2].ty, "Boolean");
        let warnings: Vec<String> = diags.warnings().map(|d| d.to_string()).collect();
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("`caption`: taken as optional"),
            "{warnings:?}"
        );
        assert_eq!(
            count(SCHEMA),
            Counts {
                constructors: 5,
                classes: 1,
                functions: 1
            }
        );
    }

    #[test]
    fn decisions_come_from_listed_phrases() {
        assert_eq!(
            decide("sender", "The sender; may be null", Holds::Object),
            Decision::Optional("may be null")
        );
        assert_eq!(
            decide("x", "Pass null to skip", Holds::Object),
            Decision::Optional("pass null")
        );
        assert_eq!(
            decide("photo", "Photo; may be null if unknown", Holds::Object),
            Decision::Optional("may be null")
        );
        assert_eq!(
            decide("text", "Text; may be empty", Holds::Value),
            Decision::Value
        );
        assert_eq!(
            decide("photo", "The photo", Holds::Object),
            Decision::Object
        );
        // The name of a list stands for its elements.
        let messages = "List of messages; messages may be null";
        assert_eq!(
            decide("messages", messages, Holds::List),
            Decision::NullElements("may be null")
        );
        assert!(decide("messages", messages, Holds::List).required());
        assert_eq!(
            decide("chat_ids", "Chats; chat ids may be null", Holds::List),
            Decision::NullElements("may be null")
        );
        // Said of something else than the field or its elements.
        assert!(matches!(
            decide("items", messages, Holds::List),
            Decision::Undecided(_)
        ));
        assert!(matches!(
            decide("messages", messages, Holds::Object),
            Decision::Undecided(_)
        ));
        assert!(matches!(
            decide("photo", "Photo, if available", Holds::Object),
            Decision::Undecided(_)
        ));
    }

    #[test]
    fn reports_what_it_cannot_read() {
        let (_, diags) =
            read("int32 = Int32;\nfoo = Foo;\n//@description X @a A\nbar a:unknownType = Bar;\n");
        let errors: Vec<String> = diags.errors().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("built-in type `Foo`"), "{errors:?}");
        assert!(
            errors[1].contains("`unknownType` is not declared"),
            "{errors:?}"
        );
    }

    #[test]
    fn tags_start_after_a_space() {
        let mut tags = Vec::new();
        split_tags(
            "@description Mail a@b.c or @BotFather @user_id Id",
            &mut tags,
        );
        assert_eq!(
            tags,
            [
                (
                    "description".to_owned(),
                    "Mail a@b.c or @BotFather".to_owned()
                ),
                ("user_id".to_owned(), "Id".to_owned())
            ]
        );
    }
}
