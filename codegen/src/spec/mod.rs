//! The spec model: what `spec/<api>.yaml` holds, for every API of the family.
//!
//! One model serves Telegram, Letgram, Potato and the Gateway API; what differs between
//! them is data in [`Api`] (URLs, auth style, default HTTP verb) and per-item fields
//! (a method's own HTTP verb or URL). The format is documented in `spec/README.md`.
//!
//! Design rules:
//! - Page order everywhere (`Vec`, never a hash map), so a spec diffs cleanly.
//! - Optional keys are skipped when empty, so the YAML stays short and reviewable.
//! - `save(load(x)) == x` byte for byte for every spec this crate writes (see tests).
//! - Types are strings in the page's own grammar (`Array of Integer or String`);
//!   [`crate::spec::typeexpr`] parses them.

pub mod markup;
pub mod typeexpr;
pub mod yaml;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A whole API: facts, types and methods in page order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub api: Api,
    #[serde(default)]
    pub types: Vec<TypeDef>,
    #[serde(default)]
    pub methods: Vec<Method>,
    /// Sections of the page that were seen but deliberately not read as API items,
    /// each with the reason, so nothing on the page disappears without a trace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// Facts about the API as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// Human name, e.g. "Telegram Bot API".
    pub name: String,
    /// Version string as the page states it ("10.2"), if it states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Release date of that version, ISO `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// Address of the documentation page; item links are `<doc_url>#<anchor>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// Request URL template with `{token}` and `{method}` placeholders, e.g.
    /// `https://api.telegram.org/bot{token}/{method}`. `{token}` is absent when the
    /// token travels in a header (see [`Auth`]). Empty for an API that is not reached
    /// over HTTP ([`Protocol::TdJson`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_url: String,
    /// File download URL template with `{token}` and `{file_path}`, when the API has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_url: Option<String>,
    /// Where the token goes.
    pub auth: Auth,
    /// The HTTP verb used for methods that don't state their own.
    #[serde(default)]
    pub http_method: HttpMethod,
    /// Header carrying the secret token on webhook requests, when the API has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret_header: Option<String>,
    /// The key of the HMAC-SHA256 that derives, from the bot token, the secret key that
    /// signs Mini App init data (`secret_key = HMAC-SHA256("WebAppData", bot_token)`),
    /// when the page describes that check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_data_key: Option<String>,
    /// How a file to upload travels in a `multipart/form-data` request, as the page
    /// shows it; absent when the page states neither form: then
    /// [`UploadForm::ParameterPart`] (see `spec/README.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_form: Option<UploadForm>,
    /// The type of the Mini App init data, once validated: the type with a field whose
    /// description links to the section stating the check [`Api::init_data_key`] is
    /// read from (`WebAppInitData`, whose `hash` links to "Validating data received via
    /// the Mini App").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_data_type: Option<String>,
    /// How the API signs the reports it posts to a URL of the caller's (the Gateway's
    /// delivery reports), when the page describes the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_signature: Option<ReportSignature>,
    /// The names the generated crate gives to unions written inline in a type
    /// (`Integer or String` → `ChatId`), chosen by the maintainer in the overrides. A
    /// union not listed is named after its alternatives (`MessageOrTrue`): either way
    /// its name depends on nothing but the union itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub union_names: Vec<UnionName>,
    /// The unions written inline (`Array of InputMediaAudio or InputMediaPhoto`) whose
    /// variants a payload tells apart by a tag field, as a union type's
    /// [`UnionDef::discriminator`] does; decided by [`crate::scrape::analyze`] from the
    /// variants' constant fields. An inline union not listed is tried variant by
    /// variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub union_tags: Vec<UnionTag>,
    /// How requests and answers travel: HTTP (the default, not written out) or TDLib's
    /// JSON interface.
    #[serde(default, skip_serializing_if = "Protocol::is_http")]
    pub protocol: Protocol,
}

impl Api {
    /// An API of which only its name, request URL and auth are known: where every
    /// reader of a page or schema starts, filling in what it finds (and what tests
    /// build on, naming only the facts they are about).
    pub fn new(name: impl Into<String>, request_url: impl Into<String>, auth: Auth) -> Api {
        Api {
            name: name.into(),
            version: None,
            release_date: None,
            doc_url: None,
            request_url: request_url.into(),
            file_url: None,
            auth,
            http_method: HttpMethod::default(),
            webhook_secret_header: None,
            init_data_key: None,
            upload_form: None,
            init_data_type: None,
            report_signature: None,
            union_names: Vec::new(),
            union_tags: Vec::new(),
            protocol: Protocol::default(),
        }
    }
}

/// The signature of a report the API posts to the caller: two headers, and an
/// HMAC-SHA256, keyed by the SHA-256 of the API token, of a data-check-string made of the
/// timestamp header's value and the raw body. Read from the page's own pseudo-code
/// (`data_check_string = X-Request-Timestamp + '\n' + post_body`,
/// `secret_key = SHA256(api_token)`,
/// `hex(HMAC_SHA256(data_check_string, secret_key)) == X-Request-Signature`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSignature {
    /// The header with the Unix time the report was sent at (`X-Request-Timestamp`).
    pub timestamp_header: String,
    /// The header with the signature, in hexadecimal (`X-Request-Signature`).
    pub signature_header: String,
    /// The signed text, with `{timestamp}` for the timestamp header's value and
    /// `{body}` for the raw body (`"{timestamp}\n{body}"`).
    pub data_check_string: String,
}

/// The Rust name of one inline union.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionName {
    /// The union as the spec writes it (`Integer or String`); the order of the
    /// alternatives does not matter.
    pub union: String,
    /// Its type's name in the generated crate.
    pub name: String,
}

/// The tag of one inline union (see [`Discriminator`], which it is for a union type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionTag {
    /// The union, its alternatives in canonical order (`InputMediaAudio or
    /// InputMediaPhoto`); the order does not matter when read.
    pub union: String,
    /// The field whose constant value names the variant.
    pub discriminator: String,
    /// The variant that has the field without a constant, for every other value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_variant: Option<String>,
}

/// How an upload travels in a `multipart/form-data` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadForm {
    /// Every upload is a part of its own, which the value refers to as
    /// `attach://<name>`, in a parameter or inside an object (Telegram: "pass
    /// “attach://<file_attach_name>” to upload a new one using multipart/form-data under
    /// <file_attach_name> name").
    Attach,
    /// An upload is the part named after the parameter it is given in (Letgram:
    /// `-F "photo=@/path/to/photo.jpg"`); a file inside an object cannot be uploaded.
    ParameterPart,
}

impl UploadForm {
    /// The form of a spec: its own, or the default of a page that states none.
    pub fn of(api: &Api) -> UploadForm {
        api.upload_form.unwrap_or(UploadForm::ParameterPart)
    }
}

/// How a client talks to the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// HTTP requests to [`Api::request_url`], answers in a `{ok, result}` envelope.
    #[default]
    Http,
    /// TDLib's JSON interface (`td_send`/`td_receive` of `libtdjson`): every object and
    /// request is a JSON object tagged by [`Protocol::TYPE_TAG`] with its constructor's
    /// name, and an answer carries back the request's [`Protocol::EXTRA`].
    TdJson,
}

impl Protocol {
    /// The field naming an object's constructor, in TDLib's JSON.
    pub const TYPE_TAG: &'static str = "@type";
    /// The field an answer echoes from its request, in TDLib's JSON.
    pub const EXTRA: &'static str = "@extra";
    /// The field `td_receive` adds to what it returns: the TDLib client it is for.
    pub const CLIENT_ID: &'static str = "@client_id";

    pub fn is_http(&self) -> bool {
        *self == Protocol::Http
    }

    /// The field every object carries as its constant tag, when the protocol has one.
    pub fn object_tag(self) -> Option<&'static str> {
        match self {
            Protocol::Http => None,
            Protocol::TdJson => Some(Protocol::TYPE_TAG),
        }
    }
}

/// Where the bot's token travels in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// In the request URL, at the `{token}` placeholder of [`Api::request_url`].
    UrlPath,
    /// In an `Authorization: Bearer <token>` header.
    BearerHeader,
    /// No token: the client authorizes through the API's own requests (TDLib).
    None,
}

/// HTTP verb of a method call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    #[default]
    Post,
}

/// Where an item of the spec comes from. Everything not read from a table on the page
/// says so, so a reviewer sees what was inferred and what was corrected by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Origin {
    /// Read from the page's tables and lists (the default, not written out).
    #[default]
    Page,
    /// Read from the page's prose ("The WebhookInfo object contains fields: …").
    Prose { reason: String },
    /// Taken from `spec/overrides/<api>.yaml`.
    Override { reason: String },
    /// Referenced but never described: kept as an opaque JSON value.
    Opaque { reason: String },
}

impl Origin {
    pub fn is_page(&self) -> bool {
        *self == Origin::Page
    }
}

/// A type of the API: its name and docs, and what kind of type it is ([`TypeKind`]).
///
/// In YAML the kind is one key of the type (`fields`, `one_of` or `values`), or none
/// for a type the page never describes (`origin: !opaque`); a type that states two, or
/// none without being opaque, does not load (see [`TypeDefYaml`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "TypeDefYaml")]
pub struct TypeDef {
    pub name: String,
    /// Anchor of the item on the documentation page (`#user`), for links.
    pub anchor: Option<String>,
    /// The documentation page the type is read from, when it is another page of the API
    /// than [`Api::doc_url`] (Telegram's Mini Apps page): its links are `<page>#<anchor>`.
    pub page: Option<String>,
    /// The page's group the type sits under (the heading above its own: "Available
    /// types", "Stickers"); for TDLib's schema, its class. Documentation only: it
    /// places the type's file in the generated crate.
    pub group: Option<String>,
    pub description: String,
    pub kind: TypeKind,
    /// For a type defined by a method's result table rather than by a heading of its
    /// own: that method (see [`crate::scrape::result_tables`]).
    pub result_of: Option<String>,
    pub origin: Origin,
}

/// What a type is: one of these, never two.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with these fields, in page order (YAML `fields`); an empty list is an
    /// object that currently holds no information.
    Object(Vec<Field>),
    /// A union of other types ("It can be one of …", YAML `one_of`).
    Union(UnionDef),
    /// An enumeration whose values are integers on the wire ("1 PeerUser user chat",
    /// YAML `values`), in page order.
    Enum(Vec<EnumValue>),
    /// Referenced but never described (with [`Origin::Opaque`], which says why): kept
    /// as an arbitrary JSON value. No key in YAML.
    Opaque,
}

impl Default for TypeKind {
    /// An object without fields: the kind of a type whose table is still to be read.
    fn default() -> Self {
        TypeKind::Object(Vec::new())
    }
}

/// A union type: its variants and how a payload tells them apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnionDef {
    /// The variants, type names (or type texts: `String`, `Array of X`) in page order.
    pub one_of: Vec<String>,
    /// How a payload says which variant it is, when it says (decided by
    /// [`crate::scrape::analyze`]); `None`: the variants are tried in order.
    pub discriminator: Option<Discriminator>,
}

/// The field that tells the variants of a union apart: every object variant has it with
/// a constant value of its own ("always “creator”"), but at most one, the default
/// variant, which has it without a constant and takes every other value
/// (`MaybeInaccessibleMessage`: `date` is "Always 0" in `InaccessibleMessage`, a real
/// date in `Message`). In YAML: `discriminator: <field>` and `default_variant: <type>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    pub field: String,
    pub default_variant: Option<String>,
}

/// A type as `spec/<api>.yaml` writes it: the kind as three optional keys, so that the
/// file reads as the page does. [`TypeDef`] reads from it, checking that it states one
/// kind, and writes through it key for key (so `save(load(x)) == x`); borrowed when
/// writing, as a spec has thousands of fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDefYaml<'a> {
    name: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    anchor: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    description: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<Cow<'a, [Field]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    one_of: Option<Cow<'a, [String]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discriminator: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    default_variant: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result_of: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Cow<'a, [EnumValue]>>,
    #[serde(default, skip_serializing_if = "Origin::is_page")]
    origin: Cow<'a, Origin>,
}

impl TryFrom<TypeDefYaml<'static>> for TypeDef {
    type Error = String;

    fn try_from(yaml: TypeDefYaml<'static>) -> Result<TypeDef, String> {
        let owned = |text: Option<Cow<'_, str>>| text.map(Cow::into_owned);
        let name = yaml.name.into_owned();
        let stated: Vec<&str> = [
            ("fields", yaml.fields.is_some()),
            ("one_of", yaml.one_of.is_some()),
            ("values", yaml.values.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, present)| present.then_some(key))
        .collect();
        if stated.len() > 1 {
            return Err(format!(
                "type `{name}` states `{}`: a type is one of an object (`fields`), a union \
                 (`one_of`) or an enumeration (`values`)",
                stated.join("` and `")
            ));
        }
        let origin = yaml.origin.into_owned();
        let opaque = matches!(origin, Origin::Opaque { .. });
        if let (true, Some(key)) = (opaque, stated.first()) {
            return Err(format!(
                "type `{name}` is `origin: !opaque` (never described) but states `{key}`"
            ));
        }
        let discriminator = owned(yaml.discriminator);
        let default_variant = owned(yaml.default_variant);
        if yaml.one_of.is_none() && (discriminator.is_some() || default_variant.is_some()) {
            return Err(format!(
                "type `{name}`: `discriminator` and `default_variant` belong to a union (`one_of`)"
            ));
        }
        let kind = if let Some(fields) = yaml.fields {
            TypeKind::Object(fields.into_owned())
        } else if let Some(values) = yaml.values {
            TypeKind::Enum(values.into_owned())
        } else if let Some(one_of) = yaml.one_of {
            let one_of = one_of.into_owned();
            let discriminator = match (discriminator, default_variant) {
                (None, None) => None,
                (None, Some(_)) => {
                    return Err(format!(
                        "type `{name}`: a `default_variant` without a `discriminator`"
                    ))
                }
                (Some(field), default_variant) => {
                    if let Some(default) = default_variant.as_ref().filter(|d| !one_of.contains(d))
                    {
                        return Err(format!(
                            "type `{name}`: the `default_variant` `{default}` is not one of its variants"
                        ));
                    }
                    Some(Discriminator {
                        field,
                        default_variant,
                    })
                }
            };
            TypeKind::Union(UnionDef {
                one_of,
                discriminator,
            })
        } else if opaque {
            TypeKind::Opaque
        } else {
            return Err(format!(
                "type `{name}` states none of `fields`, `one_of`, `values`; only a type the \
                 page never describes has none, and says so with `origin: !opaque`"
            ));
        };
        Ok(TypeDef {
            name,
            anchor: owned(yaml.anchor),
            page: owned(yaml.page),
            group: owned(yaml.group),
            description: yaml.description.into_owned(),
            kind,
            result_of: owned(yaml.result_of),
            origin,
        })
    }
}

impl Serialize for TypeDef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn borrowed(text: &Option<String>) -> Option<Cow<'_, str>> {
            text.as_deref().map(Cow::Borrowed)
        }
        let (mut fields, mut one_of, mut values, mut tag) = (None, None, None, None);
        match &self.kind {
            TypeKind::Object(f) => fields = Some(Cow::Borrowed(f.as_slice())),
            TypeKind::Union(union) => {
                one_of = Some(Cow::Borrowed(union.one_of.as_slice()));
                tag = union.discriminator.as_ref();
            }
            TypeKind::Enum(v) => values = Some(Cow::Borrowed(v.as_slice())),
            TypeKind::Opaque => {}
        }
        TypeDefYaml {
            name: Cow::Borrowed(&self.name),
            anchor: borrowed(&self.anchor),
            page: borrowed(&self.page),
            group: borrowed(&self.group),
            description: Cow::Borrowed(&self.description),
            fields,
            one_of,
            discriminator: tag.map(|t| Cow::Borrowed(t.field.as_str())),
            default_variant: tag.and_then(|t| borrowed(&t.default_variant)),
            result_of: borrowed(&self.result_of),
            values,
            origin: Cow::Borrowed(&self.origin),
        }
        .serialize(serializer)
    }
}

/// One value of an enumeration type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: i64,
    /// The page's name for it ("PeerUser").
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A field of an object, or a parameter of a method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    /// Type in the page grammar, normalised (see [`crate::spec::typeexpr`]).
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    /// "Required if X is not specified": the parameters whose presence makes this one
    /// unnecessary. Non-empty only when `required` is false.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_unless: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Closed list of values for a string field, an array of strings (the values of
    /// its elements) or an integer field (the integers as text): "can be either “a” or
    /// “b”", "must be one of 3, 6, or 12".
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// The name of a value set stated once for several fields (the values of the
    /// "Formatting options" section, `ParseMode`): every field with this name shares
    /// one type in the generated crate. Absent for a list in the field's own
    /// description, which is the field's alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
    /// Where the page states `enum` (see [`EnumOrigin`]); absent when an override gives
    /// the values (the field's `origin` says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_origin: Option<EnumOrigin>,
    /// The one value this field always has ("always “creator”"): a union tag. For a
    /// field whose type is an integer enumeration, the integer ("2").
    #[serde(default, rename = "const", skip_serializing_if = "Option::is_none")]
    pub const_value: Option<String>,
    /// Default value the server assumes when the field is absent ("Defaults to 100").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Numeric bounds ("Values between 1-100 are accepted").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Bounds>,
    /// Length bounds in characters or elements ("0-4096 characters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Bounds>,
    /// The page says the value may need more than 32 bits.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub int64: bool,
    /// The value takes a file to upload as well as what its type says: a `String` that
    /// may be `attach://<name>` (a file uploaded in the same multipart request; read from
    /// the description by [`crate::scrape::analyze`]), or a parameter that a code example of the
    /// page sends as a file although its type is no `InputFile` (Letgram's `postStory`:
    /// `-F "content=@story_photo.jpg"`; read by [`crate::scrape::extract`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attachment: bool,
    /// Where the field comes from, written only when that differs from its item's
    /// (a field of a page type corrected by an override).
    #[serde(default, skip_serializing_if = "Origin::is_page")]
    pub origin: Origin,
}

/// Where the values of a field's `enum` are stated on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumOrigin {
    /// The section (a heading of the page) that lists the values, when that is not the
    /// field's own description: a prose section its description links to ("Formatting
    /// options"), or the type whose fields the values name (`Update`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The sentence the values were read from, as plain text (the first, when each
    /// value has a sentence of its own).
    pub phrase: String,
}

/// Inclusive bounds; either side may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// A method of the API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The page's group the method sits under ("Available methods", "Updating
    /// messages"), like [`TypeDef::group`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What `result` holds on success, in the type grammar.
    pub returns: String,
    /// The method's own HTTP verb, when it differs from [`Api::http_method`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_method: Option<HttpMethod>,
    #[serde(default)]
    pub params: Vec<Field>,
    #[serde(default, skip_serializing_if = "Origin::is_page")]
    pub origin: Origin,
}

/// A section of the page not read as API, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    pub section: String,
    pub reason: String,
    /// How many of the page's tables this accounts for.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tables: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Spec {
    /// Every field of every type and every parameter of every method, to change.
    pub fn fields_and_params_mut(&mut self) -> impl Iterator<Item = &mut Field> {
        let fields = self
            .types
            .iter_mut()
            .flat_map(|t| t.fields_mut().into_iter().flatten());
        fields.chain(self.methods.iter_mut().flat_map(|m| m.params.iter_mut()))
    }

    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    pub fn find_method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

impl TypeDef {
    /// The fields of an object type; none for another kind.
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            TypeKind::Object(fields) => fields,
            _ => &[],
        }
    }

    /// The fields of an object type, to change; `None` for another kind.
    pub fn fields_mut(&mut self) -> Option<&mut Vec<Field>> {
        match &mut self.kind {
            TypeKind::Object(fields) => Some(fields),
            _ => None,
        }
    }

    /// The union, when the type is one.
    pub fn union(&self) -> Option<&UnionDef> {
        match &self.kind {
            TypeKind::Union(union) => Some(union),
            _ => None,
        }
    }

    /// The variants of a union type; none for another kind.
    pub fn variants(&self) -> &[String] {
        self.union().map_or(&[], |u| &u.one_of)
    }

    /// The values of an enumeration type; none for another kind.
    pub fn values(&self) -> &[EnumValue] {
        match &self.kind {
            TypeKind::Enum(values) => values,
            _ => &[],
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, TypeKind::Object(_))
    }

    pub fn is_union(&self) -> bool {
        matches!(self.kind, TypeKind::Union(_))
    }

    pub fn is_enum(&self) -> bool {
        matches!(self.kind, TypeKind::Enum(_))
    }

    /// A type kept as an arbitrary JSON value: referenced, never described.
    pub fn is_opaque(&self) -> bool {
        self.kind == TypeKind::Opaque
    }
}

impl TypeKind {
    /// The key the kind is written as in YAML, for messages (`fields`).
    pub fn key(&self) -> &'static str {
        match self {
            TypeKind::Object(_) => "fields",
            TypeKind::Union(_) => "one_of",
            TypeKind::Enum(_) => "values",
            TypeKind::Opaque => "origin: !opaque",
        }
    }
}
