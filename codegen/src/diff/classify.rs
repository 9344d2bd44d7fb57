//! The impact of each change on the generated Rust API, by the codegen rules listed in
//! the [module docs](crate::diff). One function, one table: every kind of change at
//! every kind of place has its verdict and its reason here.

use crate::diff::model::{ChangeKind, Impact, ItemKind, Location, MemberKind};

/// API facts that only the crate's documentation and metadata carry.
const DOC_FACTS: [&str; 4] = ["name", "version", "release_date", "doc_url"];

/// The impact of a change, and why, in terms of the generated Rust API.
pub fn classify(location: &Location, kind: &ChangeKind) -> (Impact, String) {
    use ChangeKind as K;
    use Impact::{Breaking, Compatible, Docs};
    let item = location.item.as_str();
    let owner = owner(location);
    let (impact, reason) = match kind {
        K::Added { .. } => (
            Compatible,
            format!("new {}", rust_item(location.item_kind, item)),
        ),
        K::Removed { .. } => (
            Breaking,
            format!("{} no longer exists", rust_item(location.item_kind, item)),
        ),
        K::Renamed { from, .. } => (
            Breaking,
            format!(
                "code naming `{}` must use the new name",
                rust_name(location.item_kind, from)
            ),
        ),
        K::ShapeChanged { .. } => (
            Breaking,
            format!("`{item}` is generated as a different kind of Rust item"),
        ),
        K::MemberAdded { member } => match (location.member_kind, member.required) {
            (_, false) => (
                Compatible,
                format!("a new `Option` field with a setter; {owner} is `#[non_exhaustive]`"),
            ),
            (_, true) => (
                Breaking,
                format!("{owner}'s constructor `new` gains an argument"),
            ),
        },
        K::MemberRemoved { .. } => (
            Breaking,
            format!(
                "the {} and its setter disappear from {owner}",
                member_noun(location)
            ),
        ),
        K::MemberRenamed { from, .. } => (
            Breaking,
            format!("code using `{from}` must use the new name"),
        ),
        K::TypeChanged { same_rust_type, .. } | K::ReturnsChanged { same_rust_type, .. } => {
            if *same_rust_type {
                (Docs, "the generated Rust type is the same".to_owned())
            } else if matches!(kind, K::ReturnsChanged { .. }) {
                (Breaking, format!("the output type of {owner} changes"))
            } else {
                (
                    Breaking,
                    format!("the {}'s Rust type changes", member_noun(location)),
                )
            }
        }
        K::RequiredChanged { new: true, .. } => (
            Breaking,
            match location.member_kind {
                Some(MemberKind::Param) => format!("{owner}'s constructor `new` gains an argument"),
                _ => format!(
                    "`Option<T>` becomes `T` and {owner}'s constructor `new` gains an argument"
                ),
            },
        ),
        K::RequiredChanged { new: false, .. } => (
            Breaking,
            match location.member_kind {
                Some(MemberKind::Param) => {
                    format!("the parameter leaves {owner}'s constructor `new` for a setter")
                }
                _ => format!("`T` becomes `Option<T>` and leaves {owner}'s constructor `new`"),
            },
        ),
        K::EnumIntroduced { .. } => (Breaking, "the field's Rust type becomes an enum".to_owned()),
        K::EnumDropped { .. } => (
            Breaking,
            "the field's Rust type is no longer an enum".to_owned(),
        ),
        K::EnumValueAdded { .. } => (
            Compatible,
            "a new variant of a `#[non_exhaustive]` enum (unknown values already had `Other`)"
                .to_owned(),
        ),
        K::EnumValueRemoved { .. } => (Breaking, "a variant of the enum disappears".to_owned()),
        K::ConstChanged { .. } => (
            Compatible,
            "the value on the wire changes; the Rust variant stays".to_owned(),
        ),
        K::VariantAdded { .. } => (
            Compatible,
            format!(
                "a new variant of `#[non_exhaustive]` enum `{item}` (it already had `Unknown`)"
            ),
        ),
        K::VariantRemoved { .. } => (Breaking, format!("a variant of enum `{item}` disappears")),
        K::DiscriminatorChanged { .. } => (
            Compatible,
            format!("`{item}` is (de)serialized differently; its Rust variants stay"),
        ),
        K::HttpMethodChanged { .. } => (
            Compatible,
            "the client sends the request differently".to_owned(),
        ),
        K::FactChanged { .. } if DOC_FACTS.contains(&item) => {
            (Docs, "crate documentation and metadata".to_owned())
        }
        K::FactChanged { .. } => (
            Compatible,
            "the client behaves differently; no signature changes".to_owned(),
        ),
        K::DetailChanged { .. } | K::DescriptionChanged { .. } => {
            (Docs, "documentation only".to_owned())
        }
    };
    (impact, reason)
}

fn member_noun(location: &Location) -> &'static str {
    match location.member_kind {
        Some(MemberKind::Param) => "parameter",
        Some(MemberKind::Value) => "value",
        _ => "field",
    }
}

/// How a change names the Rust item that holds the location's member.
fn owner(location: &Location) -> String {
    format!("`{}`", rust_name(location.item_kind, &location.item))
}

/// The generated Rust name of an item: types keep the page's name, a method's request
/// type is its name in PascalCase (`sendMessage` → `SendMessage`).
fn rust_name(kind: ItemKind, name: &str) -> String {
    match kind {
        ItemKind::Method => {
            let mut chars = name.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
        ItemKind::Type | ItemKind::Api => name.to_owned(),
    }
}

fn rust_item(kind: ItemKind, name: &str) -> String {
    match kind {
        ItemKind::Type => format!("type `{name}`"),
        ItemKind::Method => format!(
            "request type `{}` (with its client method)",
            rust_name(kind, name)
        ),
        ItemKind::Api => format!("API fact `{name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::model::{MemberSummary, TypeShape};

    fn field() -> Location {
        Location::item(ItemKind::Type, "Message").member(MemberKind::Field, "text")
    }

    fn param() -> Location {
        Location::item(ItemKind::Method, "sendMessage").member(MemberKind::Param, "text")
    }

    fn impact(location: &Location, kind: ChangeKind) -> Impact {
        classify(location, &kind).0
    }

    fn added(required: bool) -> ChangeKind {
        ChangeKind::MemberAdded {
            member: MemberSummary {
                ty: "String".into(),
                required,
            },
        }
    }

    #[test]
    fn new_members_break_only_when_required() {
        assert_eq!(impact(&field(), added(false)), Impact::Compatible);
        assert_eq!(impact(&param(), added(false)), Impact::Compatible);
        assert_eq!(impact(&field(), added(true)), Impact::Breaking);
        let (verdict, reason) = classify(&param(), &added(true));
        assert_eq!(verdict, Impact::Breaking);
        assert!(reason.contains("`SendMessage`"), "{reason}");
    }

    #[test]
    fn requiredness_changes_break_both_ways() {
        for location in [field(), param()] {
            for new in [true, false] {
                let kind = ChangeKind::RequiredChanged { old: !new, new };
                assert_eq!(impact(&location, kind), Impact::Breaking);
            }
        }
    }

    #[test]
    fn type_changes_break_unless_the_rust_type_is_the_same() {
        let change = |same_rust_type| ChangeKind::TypeChanged {
            old: "Integer".into(),
            new: "Integer or String".into(),
            same_rust_type,
        };
        assert_eq!(impact(&field(), change(false)), Impact::Breaking);
        assert_eq!(impact(&field(), change(true)), Impact::Docs);
    }

    #[test]
    fn enums_grow_compatibly_and_shrink_breaking() {
        let ty = Location::item(ItemKind::Type, "ChatMember");
        let variant = "ChatMemberOwner".to_owned();
        assert_eq!(
            impact(
                &ty,
                ChangeKind::VariantAdded {
                    variant: variant.clone()
                }
            ),
            Impact::Compatible
        );
        assert_eq!(
            impact(&ty, ChangeKind::VariantRemoved { variant }),
            Impact::Breaking
        );
        let value = "x".to_owned();
        assert_eq!(
            impact(
                &field(),
                ChangeKind::EnumValueAdded {
                    value: value.clone()
                }
            ),
            Impact::Compatible
        );
        assert_eq!(
            impact(&field(), ChangeKind::EnumValueRemoved { value }),
            Impact::Breaking
        );
        assert_eq!(
            impact(
                &field(),
                ChangeKind::EnumIntroduced {
                    values: vec!["a".into()]
                }
            ),
            Impact::Breaking
        );
    }

    #[test]
    fn removals_renames_and_shape_changes_break() {
        let ty = Location::item(ItemKind::Type, "User");
        assert_eq!(
            impact(
                &ty,
                ChangeKind::Removed {
                    summary: String::new()
                }
            ),
            Impact::Breaking
        );
        assert_eq!(
            impact(
                &ty,
                ChangeKind::Added {
                    summary: String::new()
                }
            ),
            Impact::Compatible
        );
        assert_eq!(
            impact(
                &ty,
                ChangeKind::Renamed {
                    from: "Old".into(),
                    evidence: String::new()
                }
            ),
            Impact::Breaking
        );
        assert_eq!(
            impact(
                &ty,
                ChangeKind::ShapeChanged {
                    old: TypeShape::Object,
                    new: TypeShape::Union
                }
            ),
            Impact::Breaking
        );
    }

    #[test]
    fn facts_split_between_docs_and_behaviour() {
        let change = || ChangeKind::FactChanged {
            old: Some("a".into()),
            new: Some("b".into()),
        };
        assert_eq!(impact(&Location::api("version"), change()), Impact::Docs);
        assert_eq!(
            impact(&Location::api("request_url"), change()),
            Impact::Compatible
        );
        let docs = ChangeKind::DescriptionChanged {
            old: "a".into(),
            new: "b".into(),
        };
        assert_eq!(impact(&field(), docs), Impact::Docs);
    }

    #[test]
    fn method_request_types_are_pascal_case() {
        assert_eq!(rust_name(ItemKind::Method, "sendMessage"), "SendMessage");
        assert_eq!(rust_name(ItemKind::Method, ""), "");
        assert_eq!(rust_name(ItemKind::Type, "User"), "User");
    }
}
