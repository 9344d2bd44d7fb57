//! Snapshot tests of `diff` on pairs of small hand-written specs, one pair per
//! directory under `fixtures/diff/` (`old.yaml`, `new.yaml`), together covering every
//! kind of change. Each pair is rendered as Markdown (folded and with descriptions)
//! and as JSON.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::diff::{self, ChangeKind, Impact, Release, RenderOptions, SpecDiff};
use codegen::spec::yaml;

fn diff_dir(dir: &Path) -> SpecDiff {
    let load = |name: &str| yaml::load(&dir.join(name)).unwrap();
    diff::diff(&load("old.yaml"), &load("new.yaml")).unwrap()
}

fn fixtures() -> Vec<(String, SpecDiff)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("old.yaml").exists())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (name, diff_dir(dir))
        })
        .collect()
}

#[test]
fn snapshots() {
    insta::glob!("fixtures/diff/*/old.yaml", |path| {
        let spec_diff = diff_dir(path.parent().unwrap());
        let all = RenderOptions { descriptions: true };
        insta::assert_snapshot!(
            "markdown",
            diff::markdown::render(&spec_diff, RenderOptions::default())
        );
        insta::assert_snapshot!(
            "markdown_descriptions",
            diff::markdown::render(&spec_diff, all)
        );
        insta::assert_snapshot!("json", diff::json::render(&spec_diff, all).unwrap());
    });
}

/// The name of a change kind as the JSON writes it. Exhaustive, so that a new kind
/// cannot be added without being listed here, and then in [`ALL_KINDS`].
fn kind_name(kind: &ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added { .. } => "added",
        ChangeKind::Removed { .. } => "removed",
        ChangeKind::Renamed { .. } => "renamed",
        ChangeKind::ShapeChanged { .. } => "shape_changed",
        ChangeKind::MemberAdded { .. } => "member_added",
        ChangeKind::MemberRemoved { .. } => "member_removed",
        ChangeKind::MemberRenamed { .. } => "member_renamed",
        ChangeKind::TypeChanged { .. } => "type_changed",
        ChangeKind::AttachmentChanged { .. } => "attachment_changed",
        ChangeKind::RequiredChanged { .. } => "required_changed",
        ChangeKind::EnumIntroduced { .. } => "enum_introduced",
        ChangeKind::EnumDropped { .. } => "enum_dropped",
        ChangeKind::EnumValueAdded { .. } => "enum_value_added",
        ChangeKind::EnumValueRemoved { .. } => "enum_value_removed",
        ChangeKind::ConstChanged { .. } => "const_changed",
        ChangeKind::VariantAdded { .. } => "variant_added",
        ChangeKind::VariantRemoved { .. } => "variant_removed",
        ChangeKind::DiscriminatorChanged { .. } => "discriminator_changed",
        ChangeKind::ReturnsChanged { .. } => "returns_changed",
        ChangeKind::HttpMethodChanged { .. } => "http_method_changed",
        ChangeKind::FactChanged { .. } => "fact_changed",
        ChangeKind::DetailChanged { .. } => "detail_changed",
        ChangeKind::GroupChanged { .. } => "group_changed",
        ChangeKind::DescriptionChanged { .. } => "description_changed",
        ChangeKind::NoSpecChange => "no_spec_change",
    }
}

const ALL_KINDS: [&str; 25] = [
    "added",
    "removed",
    "renamed",
    "shape_changed",
    "member_added",
    "member_removed",
    "member_renamed",
    "type_changed",
    "attachment_changed",
    "required_changed",
    "enum_introduced",
    "enum_dropped",
    "enum_value_added",
    "enum_value_removed",
    "const_changed",
    "variant_added",
    "variant_removed",
    "discriminator_changed",
    "returns_changed",
    "http_method_changed",
    "fact_changed",
    "detail_changed",
    "group_changed",
    "description_changed",
    "no_spec_change",
];

#[test]
fn fixtures_cover_every_kind_of_change_at_every_impact() {
    let mut seen = BTreeSet::new();
    let mut impacts = BTreeSet::new();
    for (_, spec_diff) in fixtures() {
        for change in &spec_diff.changes {
            seen.insert(kind_name(&change.kind));
            impacts.insert((kind_name(&change.kind), change.impact));
        }
    }
    let missing: Vec<_> = ALL_KINDS.iter().filter(|k| !seen.contains(*k)).collect();
    assert!(missing.is_empty(), "no fixture shows {missing:?}");
    // Both verdicts of the kinds whose verdict depends on the details.
    for case in [
        ("member_added", Impact::Compatible),
        ("member_added", Impact::Breaking),
        ("type_changed", Impact::Breaking),
        ("type_changed", Impact::Docs),
        ("returns_changed", Impact::Breaking),
        ("returns_changed", Impact::Docs),
        ("fact_changed", Impact::Compatible),
        ("fact_changed", Impact::Docs),
    ] {
        assert!(impacts.contains(&case), "no fixture shows {case:?}");
    }
}

#[test]
fn exit_status_and_release_follow_the_worst_change() {
    for (name, spec_diff) in fixtures() {
        let s = &spec_diff.summary;
        let (status, release) = match name.as_str() {
            "identical" => (0, Release::None),
            "docs_only" => (0, Release::Patch),
            "additions" => (1, Release::Minor),
            // The file URL goes, and with it the crate's `FILE_URL`.
            "api_facts" => (1, Release::Major),
            "enums" => (1, Release::Major),
            _ => (1, Release::Major),
        };
        assert_eq!(s.exit_status(), status, "{name}");
        assert_eq!(s.release, release, "{name}");
        assert_eq!(
            s.breaking + s.compatible + s.docs,
            spec_diff.changes.len(),
            "{name}"
        );
    }
}

#[test]
fn renames_are_reported_once_and_their_references_not_at_all() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let objects = diff_dir(&root.join("objects"));
    let renamed: Vec<(&str, &str)> = objects
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::Renamed { from, .. } | ChangeKind::MemberRenamed { from, .. } => Some((
                from.as_str(),
                c.location.member.as_deref().unwrap_or(&c.location.item),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        renamed,
        [
            ("KeyboardButtonRequestUser", "KeyboardButtonRequestUsers"),
            ("thumb", "thumbnail")
        ]
    );
    // KeyboardButton.request_user follows the type rename: nothing to report there.
    assert!(!objects
        .changes
        .iter()
        .any(|c| c.location.item == "KeyboardButton"));
    // A union found under a new name once its renamed variant is.
    let unions = diff_dir(&root.join("unions"));
    let renamed: BTreeSet<(&str, &str)> = unions
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::Renamed { from, .. } => Some((from.as_str(), c.location.item.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        renamed,
        BTreeSet::from([
            ("ReactionKind", "ReactionType"),
            ("ReactionTypeCustom", "ReactionTypeCustomEmoji")
        ])
    );
    // Different union tags: a removal and an addition, not a rename.
    assert!(unions
        .changes
        .iter()
        .any(|c| c.location.item == "ChatMemberBanned"
            && matches!(c.kind, ChangeKind::Removed { .. })));
}

#[test]
fn json_is_sorted_complete_and_stable() {
    for (name, spec_diff) in fixtures() {
        let options = RenderOptions { descriptions: true };
        let text = diff::json::render(&spec_diff, options).unwrap();
        assert_eq!(text, diff::json::render(&spec_diff, options).unwrap());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let changes = value["changes"].as_array().unwrap();
        assert_eq!(changes.len(), spec_diff.changes.len(), "{name}");
        let sorted = spec_diff
            .changes
            .windows(2)
            .all(|pair| pair[0].cmp_order(&pair[1]).is_le());
        assert!(sorted, "{name}: changes out of order");
        // Folded: description and detail changes left out, still counted.
        let folded = diff::json::render(&spec_diff, RenderOptions::default()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&folded).unwrap();
        let listed = value["changes"].as_array().unwrap().len();
        let described = spec_diff
            .changes
            .iter()
            .filter(|c| c.kind.is_description())
            .count();
        assert_eq!(listed + described, spec_diff.changes.len(), "{name}");
        assert_eq!(value["descriptions_listed"], false);
    }
}
