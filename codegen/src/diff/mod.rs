//! What changed between two versions of an API spec, and what that does to the
//! generated crate.
//!
//! [`diff`] compares two [`Spec`]s ([`compute`]), classifies every change by its effect
//! on the generated Rust API ([`classify`]), sorts them and sums them up with the
//! release they call for ([`version`]). [`markdown`] renders a release note, [`json`]
//! a stable document for tools; [`input`] loads either side from a spec file, a
//! documentation page or a git revision.
//!
//! # The codegen rules the classification relies on
//! The generator (`codegen`'s emitter) implements these; the verdicts below follow
//! from them and nothing else:
//! - an object type is a `#[non_exhaustive]` struct with `pub` fields, a
//!   `new(required…)` constructor taking the required fields in page order, and a
//!   setter per optional field;
//! - a method is a request type (`sendMessage` → `SendMessage`), `#[non_exhaustive]`,
//!   with the required parameters in its `new(…)` and the optional ones as setters;
//!   its output type is the method's return type;
//! - a union (`one_of`), an integer enumeration (`values`) and a field with a closed
//!   list of values are `#[non_exhaustive]` enums with a catch-all `Unknown`/`Other`
//!   variant, one variant per value named after it;
//! - `Integer` → `i64`, `Float` → `f64`, `Boolean` → `bool`, `True` → a type that
//!   only accepts `true`, `Array of T` → `Vec<T>`, `A or B` → an enum of the
//!   alternatives (see [`rust_type`]); an optional field or parameter is `Option<T>`.
//!
//! # Verdicts
//! | change | impact | because |
//! |---|---|---|
//! | type or method added | compatible | new items only |
//! | type or method removed or renamed | breaking | the old name is gone |
//! | object ↔ union ↔ enumeration ↔ opaque | breaking | a different kind of Rust item |
//! | optional field or parameter added | compatible | a new `Option` field and setter; the struct is `#[non_exhaustive]` |
//! | required field or parameter added | breaking | `new(…)` gains an argument |
//! | field or parameter removed or renamed | breaking | the field and its setter go |
//! | type of a field or parameter, return type | breaking | unless the Rust type is identical (only the order of a union changed): docs |
//! | optional → required | breaking | `new(…)` gains an argument (and, for a field, `Option<T>` → `T`) |
//! | required → optional | breaking | the argument leaves `new(…)` (and, for a field, `T` → `Option<T>`) |
//! | union variant or enum value added (field lists and enumerations) | compatible | `#[non_exhaustive]` enums with a catch-all |
//! | union variant or enum value removed | breaking | a variant goes |
//! | a field gets or loses its closed list of values | breaking | its Rust type becomes or stops being an enum |
//! | union tag constant, an enumeration value's integer, union discriminator, a method's HTTP verb | compatible | the wire format changes, no signature does |
//! | API facts: request URL, file URL, auth, default HTTP verb, webhook header | compatible | the client behaves differently, no signature changes |
//! | API facts: name, version, release date, doc URL | docs | metadata only |
//! | descriptions; defaults, ranges, lengths, 64-bit notes, required-unless, origin, result-of | docs | documentation only |
//!
//! The brief for this tool lists "required → optional" as breaking for response types
//! and "optional → required" for requests; under the constructor rule above both
//! directions break both kinds, so both are classified breaking everywhere.
//!
//! A field whose type only follows a detected type rename (`KeyboardButtonRequestUser`
//! → `KeyboardButtonRequestUsers`) is not reported again: field access compiles the
//! same, and code naming the type is covered by the rename, which is breaking.
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

pub mod classify;
pub mod compute;
pub mod input;
pub mod json;
pub mod markdown;
pub mod model;
pub mod rename;
pub mod rust_type;
pub mod version;

pub use compute::DiffError;
pub use model::{
    Change, ChangeKind, CrateVersions, Detail, Impact, ItemKind, Location, MemberKind,
    MemberSummary, Release, SideInfo, SpecDiff, Summary, TypeShape,
};

use crate::spec::Spec;

/// Compares two specs: every change, classified and sorted, with the summary.
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
            }
        })
        .collect();
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
