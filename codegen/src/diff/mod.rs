//! What changed between two versions of an API spec, and what that does to the
//! generated crate.
//!
//! [`diff`] compares two [`Spec`]s ([`compute`]) and gives every change a floor
//! verdict from the spec alone ([`classify`]: wire facts are compatible, the rest
//! documentation). Then both specs are generated as `cargo xtask regen` would, the
//! public API of each crate is read from the emitted files ([`surface`]) and the two
//! are compared entry by entry ([`rust_api`]): every difference in the generated Rust
//! API (an item, field, variant, constructor, setter, client function or trait impl
//! added, removed or changed) is attributed to the spec changes that explain it and
//! raises their verdict; a difference no spec change explains is reported on its own
//! ([`ChangeKind::NoSpecChange`]). So the verdict is what the generator does, never a
//! second copy of its rules: the impact table is in [`rust_api`]. The summary gives
//! the release the worst change calls for ([`version`]). [`markdown`] renders a
//! release note, [`json`] a stable document for tools; [`input`] loads either side
//! from a spec file, a documentation page or a git revision; [`semver_checks`] runs
//! `cargo semver-checks` on the two generated crates and checks that it agrees.
//!
//! A field whose type only follows a detected type rename (`KeyboardButtonRequestUser`
//! → `KeyboardButtonRequestUsers`) is not reported again: the Rust differences it
//! makes are attributed to the rename, which is breaking.
//!
//! A default is compared by its value (`false` and `False`, `100` and `100.0` are the
//! same default, and no change). A description that changed only in punctuation,
//! case or whitespace is a change all the same (the crate's docs change), flagged
//! cosmetic ([`ChangeKind::is_cosmetic`]): release notes count such changes instead of
//! listing them. A removed member that added members of the same item replace (one
//! name extends the other, `correct_option_id` → `correct_option_ids`, with another
//! type or requiredness, so no rename) names them (`replaced_by`), and the release
//! note shows the three as one entry.
//!
//! # Order
//! Changes are sorted by name, not page order, so that the output does not move when
//! the page reorders its sections: API facts, then types, then methods; items by name
//! (byte order); an item's own changes before its members'; members by name; then by
//! kind of change ([`ChangeKind`]'s declaration order) and value. The markdown groups
//! the same sorted list by impact, then by item kind.

pub mod api_facts;
pub mod classify;
pub mod compute;
pub mod input;
pub mod json;
pub mod markdown;
pub mod model;
pub mod rename;
pub mod rust_api;
pub mod semver_checks;
pub mod surface;
pub mod version;

pub use compute::DiffError;
pub use model::{
    Change, ChangeKind, CrateVersions, Detail, Impact, ItemKind, Location, MemberKind,
    MemberSummary, Release, RustChange, RustEffect, SideInfo, SpecDiff, Summary, TypeShape,
};

use crate::spec::Spec;

/// Compares two specs: every change, classified by what it does to the generated
/// crates (both are generated and their public APIs compared), sorted, with the summary.
pub fn diff(old: &Spec, new: &Spec) -> Result<SpecDiff, DiffError> {
    let mut changes: Vec<Change> = compute::compute(old, new)?
        .into_iter()
        .map(|found| {
            let (impact, reason) = classify::classify(&found.location, &found.kind);
            Change {
                impact,
                location: found.location,
                kind: found.kind,
                reason,
                rust: Vec::new(),
            }
        })
        .collect();
    let (old_crate, new_crate) = std::thread::scope(|scope| {
        let old_crate = scope.spawn(|| rust_api::Generated::of(old, "old"));
        let new_crate = rust_api::Generated::of(new, "new");
        let old_crate = old_crate
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old_crate, new_crate)
    });
    let (old_crate, new_crate) = (old_crate?, new_crate?);
    let effects = rust_api::compare(&old_crate.surface, &new_crate.surface);
    let unexplained =
        rust_api::attribute(&mut changes, effects, (old, &old_crate), (new, &new_crate));
    changes.extend(unexplained);
    changes.sort_by(Change::cmp_order);
    let count = |impact| changes.iter().filter(|c| c.impact == impact).count();
    let summary = Summary {
        breaking: count(Impact::Breaking),
        compatible: count(Impact::Compatible),
        docs: count(Impact::Docs),
        api_changed: changes.iter().any(|c| c.impact != Impact::Docs),
        release: Release::of(changes.iter().map(|c| c.impact)),
    };
    Ok(SpecDiff {
        old: side(old),
        new: side(new),
        summary,
        changes,
    })
}

fn side(spec: &Spec) -> SideInfo {
    SideInfo {
        name: spec.api.name.clone(),
        version: spec.api.version.clone(),
        release_date: spec.api.release_date.clone(),
    }
}

/// What the renderers show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// List description and detail changes one by one (otherwise only counted).
    pub descriptions: bool,
}
