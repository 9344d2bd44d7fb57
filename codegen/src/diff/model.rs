//! The model of a spec diff: where a change is ([`Location`]), what it is
//! ([`ChangeKind`]), and what it does to the generated crate ([`Impact`]).
//!
//! Plain data, serializable as it is: the JSON output is this model (see
//! [`crate::diff::json`] for the schema). The order of [`SpecDiff::changes`] is the
//! order of [`Change::sort_key`], the same for every run.

use std::cmp::Ordering;

use serde::Serialize;

use crate::diff::surface::EntryKind;

/// Effect of one change on code written against the generated crate. Ordered from
/// the worst: `Breaking < Compatible < Docs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// The public API grows (or the client behaves differently) but existing code
    /// still compiles.
    Compatible,
    /// Only documentation (and metadata) of the generated crate changes.
    Docs,
}

impl Impact {
    pub const ALL: [Impact; 3] = [Impact::Breaking, Impact::Compatible, Impact::Docs];

    pub fn name(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
            Impact::Docs => "docs",
        }
    }
}

/// The three kinds of top-level things a spec holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A fact about the API as a whole (`version`, `request_url`, …).
    Api,
    Type,
    Method,
}

/// What a member of an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// A field of an object type.
    Field,
    /// A parameter of a method.
    Param,
    /// A value of an integer enumeration.
    Value,
}

/// Where a change is: an item (type, method or API fact), and optionally one of its
/// fields or parameters. Names are the NEW spec's, except for things that exist only
/// in the old one (removed items and members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub item_kind: ItemKind,
    pub item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_kind: Option<MemberKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

impl Location {
    pub fn api(fact: &str) -> Location {
        Location {
            item_kind: ItemKind::Api,
            item: fact.to_owned(),
            member_kind: None,
            member: None,
        }
    }

    pub fn item(kind: ItemKind, name: &str) -> Location {
        Location {
            item_kind: kind,
            item: name.to_owned(),
            member_kind: None,
            member: None,
        }
    }

    pub fn member(&self, kind: MemberKind, name: &str) -> Location {
        Location {
            member_kind: Some(kind),
            member: Some(name.to_owned()),
            ..self.clone()
        }
    }
}

/// What kind of object type a type definition is, as far as its Rust shape goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeShape {
    /// A struct with fields.
    Object,
    /// An enum over other types.
    Union,
    /// An enumeration of integer values.
    Enum,
    /// Referenced but never described: an opaque JSON value.
    Opaque,
}

impl TypeShape {
    pub fn name(self) -> &'static str {
        match self {
            TypeShape::Object => "object",
            TypeShape::Union => "union",
            TypeShape::Enum => "enumeration",
            TypeShape::Opaque => "opaque value",
        }
    }
}

/// A field or parameter as it is in one of the two specs, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberSummary {
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
}

/// A secondary property of a field or parameter that codegen uses only in docs (but
/// `RequiredUnless`, which also makes a method's forms, and [`Detail::EnumName`], a name
/// the Rust comparison judges: see [`ChangeKind::is_description`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    Default,
    Range,
    Length,
    Int64,
    RequiredUnless,
    Origin,
    /// The method whose result table defines the type.
    ResultOf,
    /// The name of the value set a field shares with others (`ParseMode`): the name of
    /// its type in the crate, whose change the generated crates judge.
    EnumName,
}

impl Detail {
    pub fn name(self) -> &'static str {
        match self {
            Detail::Default => "default",
            Detail::Range => "range",
            Detail::Length => "length",
            Detail::Int64 => "64-bit note",
            Detail::RequiredUnless => "required-unless",
            Detail::Origin => "origin",
            Detail::ResultOf => "result of",
            Detail::EnumName => "value set name",
        }
    }
}

/// What changed. Variants are declared in the order changes of one place are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A type or method that only the new spec has.
    Added {
        /// For a type: its shape and size; for a method: what it returns.
        summary: String,
    },
    /// A type or method that only the old spec has.
    Removed {
        summary: String,
    },
    /// A type or method found under a new name, with the evidence.
    Renamed {
        from: String,
        evidence: String,
    },
    /// An object became a union, an opaque value became an object, …
    ShapeChanged {
        old: TypeShape,
        new: TypeShape,
    },
    /// A field or parameter only the new spec has.
    MemberAdded {
        #[serde(flatten)]
        member: MemberSummary,
    },
    /// A field or parameter only the old spec has.
    MemberRemoved {
        #[serde(flatten)]
        member: MemberSummary,
        /// The added members of the same item that replace it: their names extend
        /// its name or the other way round (`correct_option_id` →
        /// `correct_option_ids`), without the same type and requiredness that would
        /// make one of them a rename. Empty when none does.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        replaced_by: Vec<String>,
    },
    /// A field or parameter found under a new name (the location names the new one).
    MemberRenamed {
        from: String,
        evidence: String,
    },
    /// The type of a field or parameter.
    TypeChanged {
        old: String,
        new: String,
    },
    /// A string field or parameter became (`new: true`) or stopped being one that may
    /// name a file uploaded with the request (`attach://…`).
    AttachmentChanged {
        old: bool,
        new: bool,
    },
    /// A field or parameter became required (`new: true`) or optional.
    RequiredChanged {
        old: bool,
        new: bool,
    },
    /// A field or parameter got a closed list of values (its Rust type becomes an enum).
    EnumIntroduced {
        values: Vec<String>,
    },
    /// A field or parameter lost its closed list of values (back to a plain type).
    EnumDropped {
        values: Vec<String>,
    },
    EnumValueAdded {
        value: String,
    },
    EnumValueRemoved {
        value: String,
    },
    /// The constant value of a union tag field ("always “creator”"), or the integer
    /// of an enumeration's value on the wire.
    ConstChanged {
        old: Option<String>,
        new: Option<String>,
    },
    VariantAdded {
        variant: String,
    },
    VariantRemoved {
        variant: String,
    },
    /// The field that tells a union's variants apart, or its default variant
    /// (`date, default Message`).
    DiscriminatorChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// What a method returns.
    ReturnsChanged {
        old: String,
        new: String,
    },
    /// A method's own HTTP verb (`None`: the API's default).
    HttpMethodChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// A fact about the API as a whole (the location names it).
    FactChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// A default, range, length, … of a field or parameter.
    DetailChanged {
        detail: Detail,
        old: Option<String>,
        new: Option<String>,
    },
    /// The page's group an item sits under ("Available types", "Stickers"): it moves
    /// the item's file in the crate, not its public path.
    GroupChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// A description; [`ChangeKind::is_cosmetic`] tells one that changed only in
    /// punctuation, case or whitespace, which the release note counts instead of
    /// listing.
    DescriptionChanged {
        old: String,
        new: String,
    },
    /// A change of the generated Rust API (in [`Change::rust`]) that no change of the
    /// spec at this place explains: the generator changed, or a change elsewhere has a
    /// consequence here (a type now boxed, or carrying files, because of another).
    NoSpecChange,
}

impl ChangeKind {
    /// Position of the variant in the declaration, for sorting.
    fn rank(&self) -> u8 {
        match self {
            ChangeKind::Added { .. } => 0,
            ChangeKind::Removed { .. } => 1,
            ChangeKind::Renamed { .. } => 2,
            ChangeKind::ShapeChanged { .. } => 3,
            ChangeKind::MemberAdded { .. } => 4,
            ChangeKind::MemberRemoved { .. } => 5,
            ChangeKind::MemberRenamed { .. } => 6,
            ChangeKind::TypeChanged { .. } => 7,
            ChangeKind::AttachmentChanged { .. } => 8,
            ChangeKind::RequiredChanged { .. } => 9,
            ChangeKind::EnumIntroduced { .. } => 10,
            ChangeKind::EnumDropped { .. } => 11,
            ChangeKind::EnumValueAdded { .. } => 12,
            ChangeKind::EnumValueRemoved { .. } => 13,
            ChangeKind::ConstChanged { .. } => 14,
            ChangeKind::VariantAdded { .. } => 15,
            ChangeKind::VariantRemoved { .. } => 16,
            ChangeKind::DiscriminatorChanged { .. } => 17,
            ChangeKind::ReturnsChanged { .. } => 18,
            ChangeKind::HttpMethodChanged { .. } => 19,
            ChangeKind::FactChanged { .. } => 20,
            ChangeKind::DetailChanged { .. } => 21,
            ChangeKind::GroupChanged { .. } => 22,
            ChangeKind::DescriptionChanged { .. } => 23,
            ChangeKind::NoSpecChange => 24,
        }
    }

    /// The value a change is about, when several of the same kind can sit at one
    /// location (enum values, union variants, details).
    fn subject(&self) -> &str {
        match self {
            ChangeKind::EnumValueAdded { value } | ChangeKind::EnumValueRemoved { value } => value,
            ChangeKind::VariantAdded { variant } | ChangeKind::VariantRemoved { variant } => {
                variant
            }
            ChangeKind::DetailChanged { detail, .. } => detail.name(),
            _ => "",
        }
    }

    /// True for a description change in punctuation, case or whitespace only.
    pub fn is_cosmetic(&self) -> bool {
        match self {
            ChangeKind::DescriptionChanged { old, new } => same_words(old, new),
            _ => false,
        }
    }

    /// True for the changes that touch only documentation text, the ones folded
    /// unless asked for (`--descriptions`). A value set's name is a type's name in the
    /// crate, no documentation.
    pub fn is_description(&self) -> bool {
        match self {
            ChangeKind::DescriptionChanged { .. } => true,
            // Alternatives make the client's functions of a method's forms; a value set's
            // name is the name of a Rust enum.
            ChangeKind::DetailChanged { detail, .. } => {
                !matches!(detail, Detail::RequiredUnless | Detail::EnumName)
            }
            _ => false,
        }
    }
}

/// One change, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub impact: Impact,
    #[serde(flatten)]
    pub location: Location,
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// Why the change has this impact, in terms of the generated Rust API.
    pub reason: String,
    /// What the change does to the public API of the generated crate, item by item
    /// (empty when nothing a dependent crate can name changes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rust: Vec<RustEffect>,
}

/// One change to the public API of the generated crate (see [`crate::diff::surface`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustEffect {
    /// The path a user writes (`types::Message.text`, `methods::SendMessage::new`).
    pub path: String,
    /// What the path names.
    #[serde(rename = "rust_kind")]
    pub kind: EntryKind,
    pub change: RustChange,
    /// The signature before and after (absent on the side without the entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    pub impact: Impact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustChange {
    Added,
    Removed,
    Changed,
}

impl RustChange {
    pub fn verb(self) -> &'static str {
        match self {
            RustChange::Added => "added",
            RustChange::Removed => "removed",
            RustChange::Changed => "changed",
        }
    }
}

impl Change {
    /// The one order of changes everywhere: API facts, then types, then methods; items
    /// by name; an item's own changes before its members'; members by name; then by
    /// kind of change and what it is about.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.location.item_kind,
            self.location.item.as_str(),
            self.location.member.as_deref(),
            self.location.member_kind,
            self.kind.rank(),
            self.kind.subject(),
        )
    }

    pub fn cmp_order(&self, other: &Change) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// The next version of a crate, by the kind of release a diff calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    /// Nothing changed at all.
    None,
    /// Documentation only: a patch release.
    Patch,
    /// Compatible API changes: a minor release (a patch release while at 0.x).
    Minor,
    /// Breaking changes: a major release (a minor release while at 0.x).
    Major,
}

/// Counts per impact and the release they call for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub compatible: usize,
    pub docs: usize,
    /// True when anything but documentation changed (exit status 1 of `xtask diff`).
    pub api_changed: bool,
    pub release: Release,
}

impl Summary {
    /// Exit status of `xtask diff`, like diff(1): 0 when the API did not change
    /// (documentation changes at most), 1 when it did. (2, an error, is the caller's.)
    pub fn exit_status(&self) -> u8 {
        u8::from(self.api_changed)
    }
}

/// Which spec a side of the diff is, for headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
}

/// The crate a diff is the release note of, before and after: shown when known (the
/// old side is the crate's last released spec, see
/// [`crate::release::crate_versions`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrateVersions {
    /// The crate's package name.
    pub name: String,
    /// Its version now.
    pub current: String,
    /// Its version after a release of these changes.
    pub next: String,
}

/// The whole result of comparing two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    pub old: SideInfo,
    pub new: SideInfo,
    pub summary: Summary,
    /// Every change, in [`Change::sort_key`] order.
    pub changes: Vec<Change>,
}

impl SpecDiff {
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}
/// True when two descriptions differ only in punctuation (markup included), case or
/// whitespace: the same words in the same order. Punctuation separates words, so
/// `omitted, defaults` and `omitted defaults` are the same and `a,b` and `ab` are not.
fn same_words(old: &str, new: &str) -> bool {
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(old) == words(new)
}
