//! The codegen IR: plain data describing the Rust items of a generated crate, with every
//! decision already taken (Rust names, boxing, union kinds, which values carry files,
//! rendered docs). Built from a [`crate::spec::Spec`] by [`build`](build()); turned into tokens by
//! [`crate::emit`], which decides nothing about the API any more.

mod boxing;
mod build;
pub mod docs;
mod graph;
pub mod naming;
mod place;
mod wire;
pub mod wrap;

pub use boxing::Thresholds;
pub use build::{build, Settings};
pub use wire::{Auth, HttpMethod, Protocol, ReportSignature, UploadForm};

/// A whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    pub package: Package,
    pub api: ApiFacts,
    /// The names the crate gives the runtime's public items (`codegen/runtime/`),
    /// unique among the API's names.
    pub runtime: RuntimeNames,
    /// Object types, unions and value enums in page order (a generated union or enum comes
    /// right after the first item that uses it).
    pub items: Vec<Item>,
    /// One request type per method, in page order.
    pub requests: Vec<Request>,
}

/// Facts for `Cargo.toml`, the README and the crate docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Cargo package name (`telegram-bot-api`).
    pub name: String,
    pub version: String,
    pub description: String,
    pub license: String,
    pub repository: Option<String>,
    /// `false`: the manifest says `publish = false`.
    pub publish: bool,
    pub keywords: Vec<String>,
    /// Path of the spec the crate was generated from, relative to the workspace root.
    pub spec_path: String,
    /// The command that regenerates the crate.
    pub command: String,
    pub api_name: String,
    pub api_version: Option<String>,
    pub release_date: Option<String>,
    pub doc_url: Option<String>,
}

/// What the client needs to reach the API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFacts {
    pub request_url: String,
    pub file_url: Option<String>,
    pub auth: Auth,
    /// The header carrying the secret token on webhook requests, when the API has one.
    pub webhook_secret_header: Option<String>,
    /// The HMAC key deriving the Mini App init data secret from the bot token, when the
    /// API documents that check.
    pub init_data_key: Option<String>,
    /// How a file to upload travels in a multipart request.
    pub upload_form: UploadForm,
    /// The spec's name of the type validated init data reads as, when the page
    /// describes it.
    pub init_data_type: Option<String>,
    /// How the API signs the reports it posts to the caller, when the page says.
    pub report_signature: Option<ReportSignature>,
    /// How requests travel: the client, the request types and the crate's features
    /// follow it.
    pub protocol: Protocol,
}

impl ApiFacts {
    /// The crate has a `webhook` module of checks on requests that reach the bot.
    pub fn has_webhook_checks(&self) -> bool {
        self.webhook_secret_header.is_some()
            || self.init_data_key.is_some()
            || self.report_signature.is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeNames {
    /// The type that only (de)serializes `true`.
    pub true_type: String,
    /// A file to upload, or a reference (file id, URL) to one.
    pub input_file: String,
    /// The response envelope `{ok, result, error_code, description, parameters}`.
    pub response: String,
    /// An unsuccessful response.
    pub api_error: String,
    /// The `parameters` of an unsuccessful response.
    pub error_parameters: String,
    /// The trait implemented by every request type.
    pub method_trait: String,
    /// The trait of values that can carry files to upload.
    pub attachments_trait: String,
    /// The HTTP verb enum.
    pub http_method: String,
    /// A 64-bit integer carried as a JSON string.
    pub int64: String,
    /// Bytes carried as base64 text.
    pub bytes: String,
    /// A list result whose elements are read one by one (`Batch<T>`).
    pub batch: String,
    /// An element of a [`RuntimeNames::batch`] that did not read.
    pub item_error: String,
    /// The trait naming the id field of a batch's elements.
    pub identified_trait: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Struct(Struct),
    Union(Union),
    Enum(ValueEnum),
    /// An enumeration whose values are integers on the wire.
    IntEnum(IntEnum),
    /// A type the spec references but does not describe: kept as raw JSON.
    Opaque(Opaque),
}

impl Item {
    pub fn rust_name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.rust_name,
            Item::Union(u) => &u.rust_name,
            Item::Enum(e) => &e.rust_name,
            Item::IntEnum(e) => &e.rust_name,
            Item::Opaque(o) => &o.rust_name,
        }
    }

    /// Where the item's code goes.
    pub fn place(&self) -> &Place {
        match self {
            Item::Struct(s) => &s.place,
            Item::Union(u) => &u.place,
            Item::Enum(e) => &e.place,
            Item::IntEnum(e) => &e.place,
            Item::Opaque(o) => &o.place,
        }
    }

    fn place_mut(&mut self) -> &mut Place {
        match self {
            Item::Struct(s) => &mut s.place,
            Item::Union(u) => &mut u.place,
            Item::Enum(e) => &mut e.place,
            Item::IntEnum(e) => &mut e.place,
            Item::Opaque(o) => &mut o.place,
        }
    }
}

/// Where an item's code goes in the crate, like the page lays it out: the module of its
/// page group, then a file of its own (`types/available_types/message.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The module of the item's page group (`available_types`); `None` for an item the
    /// page puts under no group, whose module sits right in `types` or `methods`.
    pub group: Option<String>,
    /// The item's own module (`message`); `None` for the item that names its group (a
    /// TDLib class heading its constructors), written in the group's module itself.
    pub module: Option<String>,
}

/// Documentation of an item: rendered rustdoc Markdown plus a link to the original page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub text: String,
    /// `<doc_url>#<anchor>`, when both are known.
    pub page_link: Option<String>,
}

/// A Rust type, as used in a field, a variant or a method's output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    Integer,
    Float,
    String,
    Bool,
    /// The runtime's type for `True`.
    True,
    /// The runtime's type for files.
    InputFile,
    /// Raw JSON (`serde_json::Value`).
    Json,
    /// The runtime's type for a 64-bit integer carried as a JSON string.
    Int64,
    /// The runtime's type for bytes carried as base64 text.
    Bytes,
    /// A generated item, by Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A list element that may be `null` (`Option<T>`; a field that may be absent is
    /// [`Presence::Optional`] instead).
    Nullable(Box<Ty>),
    Box(Box<Ty>),
    /// A list whose elements are read one by one: an element that does not read is
    /// kept as an error with its id, and does not sink the others. Only a method's
    /// output, of a struct with an [`Struct::id_field`].
    Batch(Box<Ty>),
}

impl Ty {
    /// The type without its outer `Box`.
    pub fn unboxed(&self) -> &Ty {
        match self {
            Ty::Box(inner) => inner,
            other => other,
        }
    }
}

/// How a field's value comes to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// A constructor argument.
    Required,
    /// `Option<T>`, set with a chainable setter, skipped when `None`.
    Optional,
    /// Always this string; the constructor fills it in.
    Constant(String),
    /// Always `true` (the `True` type); the constructor fills it in.
    AlwaysTrue,
    /// Always this value of an integer enumeration (the field's type); the constructor
    /// fills it in.
    ConstantInt(i64),
}

impl Presence {
    /// The constructor fills the value in.
    pub fn is_constant(&self) -> bool {
        matches!(self, Presence::Constant(_) | Presence::ConstantInt(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The API's name (`type`).
    pub api_name: String,
    /// The Rust name (`type_`); a serde rename is needed when it differs.
    pub rust_name: String,
    /// The value type, without the `Option` of optional fields.
    pub ty: Ty,
    pub presence: Presence,
    pub docs: Docs,
    /// The value can carry files to upload.
    pub carries_files: bool,
    /// A required field that a payload may lack (servers and stored payloads older than
    /// the spec do not have fields added since): it then reads as its type's vacant
    /// value (`false`, `0`, empty, an object of vacant fields, an enum's or union's
    /// unknown variant) and is recorded as absent, so that it is not written back.
    /// Off for the variants of untagged unions, which are told apart by their
    /// required fields.
    pub default_when_missing: bool,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub api_name: String,
    pub rust_name: String,
    pub place: Place,
    pub docs: Docs,
    pub fields: Vec<Field>,
    /// A field with a constant value that serde writes as the struct's tag
    /// (`"status": "creator"`): (API field name, value). It is not a Rust field.
    pub tag: Option<(String, String)>,
    pub carries_files: bool,
    /// Rust name of the map that keeps fields unknown to the spec, when they are kept.
    pub extra: Option<String>,
    /// Rust name of the private record of the required fields a payload lacked (see
    /// [`Field::default_when_missing`]); the struct has it when a field reads so.
    pub absent: String,
    /// The API name of the field that identifies a value (`update_id` of an `Update`),
    /// when a method returns a [`Ty::Batch`] of this type.
    pub id_field: Option<String>,
}

/// A place in the spec where a generated item is used: a field or parameter of a type
/// or method (`member`), or a method's return type (`member: None`). The name of an
/// item the spec does not name is a function of its sites.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Site {
    /// The spec type or method (its API name).
    pub owner: String,
    pub member: Option<String>,
}

/// A union of types: an enum with one variant per alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub place: Place,
    /// The spec's name, `None` for a union written inline (`Integer or String`).
    pub api_name: Option<String>,
    /// Where an inline union is used (empty for the spec's own unions).
    pub sites: Vec<Site>,
    /// An inline union as the spec writes it, its alternatives in canonical order
    /// (`Integer or String`): what `api.union_names` names it by.
    pub written: Option<String>,
    pub rust_name: String,
    pub docs: Docs,
    pub kind: UnionKind,
    pub variants: Vec<Variant>,
    /// Name of the variant that keeps a value no known variant accepts, as raw JSON.
    pub unknown: Option<String>,
    pub carries_files: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionKind {
    /// Told apart by the value of `field`: every object variant has a `tag`, except
    /// the `default` variant, if any, which takes every other value.
    Tagged {
        field: String,
        default: Option<String>,
    },
    /// Tried in order.
    Untagged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust_name: String,
    pub ty: Ty,
    /// The discriminator's value, for tagged unions.
    pub tag: Option<String>,
    /// A `From<ty>` impl is emitted (the variant's type is not shared with another).
    pub from_impl: bool,
    /// The variant's value can carry files to upload.
    pub carries_files: bool,
}

/// A closed list of values of a field (strings, or integers with [`ValueEnum::integer`]),
/// with a variant keeping values unknown to this version.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueEnum {
    pub rust_name: String,
    pub place: Place,
    /// The fields and parameters whose values these are: one for a list in a field's own
    /// description, every field of a shared set (`enum_name` in the spec).
    pub sites: Vec<Site>,
    pub docs: Docs,
    /// (Rust variant name, API value), in the spec's order; an integer's value is its
    /// decimal text.
    pub values: Vec<(String, String)>,
    /// Name of the variant holding any other value.
    pub unknown: String,
    /// The values are integers on the wire.
    pub integer: bool,
}

/// A closed list of integer values, with a variant keeping values unknown to this version.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    pub api_name: String,
    pub rust_name: String,
    pub place: Place,
    pub docs: Docs,
    pub values: Vec<IntValue>,
    /// Name of the variant holding any other value.
    pub unknown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntValue {
    pub rust_name: String,
    pub value: i64,
    /// Rendered docs of the value.
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Opaque {
    pub api_name: String,
    pub rust_name: String,
    pub place: Place,
    pub docs: Docs,
}

/// A method's request type.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The method's name as the API spells it (`sendMessage`).
    pub api_name: String,
    pub rust_name: String,
    /// The client's convenience function (`send_message`).
    pub fn_name: String,
    pub place: Place,
    /// The trait of the optional parameters' setters, implemented by the request and
    /// by the client's pending call of it; `None` for a request without optional
    /// parameters, and when the client has no pending calls (TDLib's): the setters are
    /// then the request's own methods.
    pub setters: Option<SettersTrait>,
    pub docs: Docs,
    pub http_method: HttpMethod,
    pub params: Vec<Field>,
    pub output: Ty,
    /// Some parameter holds, inside an object, files to upload (`attach://` references).
    pub carries_files: bool,
    /// The parameters that are themselves files, each sent as the part named after it
    /// when it is an upload (empty unless the API's form is
    /// [`UploadForm::ParameterPart`]).
    pub file_params: Vec<FileParam>,
    /// A success without `result` confirms the request (the method returns `True`).
    pub confirms_without_result: bool,
    /// The forms of a method whose parameters are required in alternatives
    /// (`chat_id` and `message_id`, or `inline_message_id`): one client function each,
    /// taking that form's parameters. Empty for other methods, whose one function is
    /// [`Request::fn_name`].
    pub forms: Vec<Form>,
    /// The parameter that makes the server hold the request open (a long poll's
    /// `timeout`, in seconds): the client waits that much longer for the answer.
    pub long_poll: Option<LongPoll>,
}

/// The setters of a request's optional parameters, as a trait of their own
/// (`SendMessageSetters`): one body for the request and its pending call.
#[derive(Debug, Clone, PartialEq)]
pub struct SettersTrait {
    pub name: String,
    /// The trait's one required method, which changes the request (`map_request`).
    pub map_fn: String,
    pub setters: Vec<Setter>,
}

/// A setter of an optional parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    /// The method's name: the parameter's Rust name, or `set_` and it when that is a
    /// method the pending call has of its own (`map`, `request`, …).
    pub name: String,
    /// The parameter's Rust name.
    pub field: String,
}

/// One way to call a method whose parameters are required in alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The client's function: the method's for the first form on the page, else the
    /// method's followed by the words of this form's parameter names that the first
    /// form's lack (`edit_message_text_inline`).
    pub fn_name: String,
    /// The Rust names of the optional parameters this form requires, in page order.
    pub params: Vec<String>,
    /// Their API names.
    pub api_params: Vec<String>,
}

/// A parameter that is a file to upload (or a reference to one): `photo: InputFile`,
/// or an object that may also be a file (`content: InputFileOrInputStoryContent`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileParam {
    /// The API's name: the multipart part's.
    pub api_name: String,
    pub rust_name: String,
    /// Whether it is an `Option`.
    pub optional: bool,
    /// The union and its variant holding the file, when the parameter is a union.
    pub variant: Option<(String, String)>,
}

/// A request parameter holding how long the server may hold the request open.
#[derive(Debug, Clone, PartialEq)]
pub struct LongPoll {
    /// The parameter's Rust name.
    pub rust_name: String,
    /// Whether it is an `Option`.
    pub optional: bool,
}
