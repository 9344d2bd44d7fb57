//! What a change does beyond the generated Rust API: the part of its impact that no
//! signature shows. Changes to the wire format or the client's behaviour are
//! compatible (no code stops compiling, but the crate behaves differently); everything
//! else starts as documentation only, and the generated crates decide the rest
//! ([`crate::diff::rust_api`]).

use crate::diff::model::{ChangeKind, Impact, ItemKind, Location};

/// API facts that only the crate's documentation and metadata carry.
const DOC_FACTS: [&str; 4] = ["name", "version", "release_date", "doc_url"];

/// The impact of a change apart from what it does to the Rust API, and why.
pub fn classify(location: &Location, kind: &ChangeKind) -> (Impact, String) {
    use ChangeKind as K;
    use Impact::{Compatible, Docs};
    let item = location.item.as_str();
    match kind {
        K::ConstChanged { .. } => (Compatible, "the value on the wire changes".to_owned()),
        // The tag field or the default variant: the Rust API stays, but a payload
        // may read as another variant.
        K::DiscriminatorChanged { .. } => (
            Compatible,
            format!("`{item}` is (de)serialized differently"),
        ),
        K::HttpMethodChanged { .. } => (
            Compatible,
            "the client sends the request differently".to_owned(),
        ),
        K::FactChanged { .. }
            if location.item_kind == ItemKind::Api && DOC_FACTS.contains(&item) =>
        {
            (Docs, "crate documentation and metadata".to_owned())
        }
        // An inline union's tag: which variant a payload reads as.
        K::FactChanged { .. } if location.item_kind == ItemKind::Api && item == "union_tags" => (
            Compatible,
            "payloads of the union are read differently".to_owned(),
        ),
        K::FactChanged { .. } => (Compatible, "the client behaves differently".to_owned()),
        K::DetailChanged { .. } | K::DescriptionChanged { .. } => {
            (Docs, "documentation only".to_owned())
        }
        K::GroupChanged { .. } => (
            Docs,
            "documentation only: the item's file moves, its public path stays".to_owned(),
        ),
        _ => (Docs, "no change to the generated Rust API".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::model::MemberKind;

    fn field() -> Location {
        Location::item(ItemKind::Type, "Message").member(MemberKind::Field, "text")
    }

    #[test]
    fn behaviour_changes_are_compatible_the_rest_is_left_to_the_crates() {
        let fact = || ChangeKind::FactChanged {
            old: Some("a".into()),
            new: Some("b".into()),
        };
        assert_eq!(classify(&Location::api("version"), &fact()).0, Impact::Docs);
        assert_eq!(
            classify(&Location::api("request_url"), &fact()).0,
            Impact::Compatible
        );
        let constant = ChangeKind::ConstChanged {
            old: Some("a".into()),
            new: Some("b".into()),
        };
        assert_eq!(classify(&field(), &constant).0, Impact::Compatible);
        let removed = ChangeKind::Removed {
            summary: String::new(),
        };
        assert_eq!(classify(&field(), &removed).0, Impact::Docs);
        let moved = ChangeKind::GroupChanged {
            old: Some("Available types".into()),
            new: Some("Stickers".into()),
        };
        let item = Location::item(ItemKind::Type, "Sticker");
        assert_eq!(classify(&item, &moved).0, Impact::Docs);
    }
}
