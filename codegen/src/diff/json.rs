//! The diff as JSON, for tools. The document is stable: same specs, same bytes; keys
//! in the order below; changes in the one sorted order of [`crate::diff::Change::sort_key`].
//!
//! ```json
//! {
//!   "schema": 1,
//!   "old": {"name": "Telegram Bot API", "version": "9.2", "release_date": "2025-08-15"},
//!   "new": {"name": "Telegram Bot API", "version": "10.2", "release_date": "2026-07-14"},
//!   "summary": {"breaking": 1, "compatible": 2, "docs": 3,
//!               "api_changed": true, "release": "major"},
//!   "descriptions_listed": false,
//!   "crate": {"name": "telegram-bot-api-bindings", "current": "0.1.0", "next": "0.2.0"},
//!   "changes": [
//!     {"impact": "compatible", "item_kind": "type", "item": "Message",
//!      "member_kind": "field", "member": "paid_star_count",
//!      "kind": "member_added", "type": "Integer", "required": false,
//!      "reason": "…"}
//!   ]
//! }
//! ```
//! - `version`, `release_date`: absent when the spec has none.
//! - `summary` counts every change, listed or not; `release` is `none`, `patch`,
//!   `minor` or `major` (see [`crate::diff::version`]).
//! - `descriptions_listed`: false when description and detail changes
//!   (`description_changed`, `detail_changed`) were left out of `changes`.
//! - `crate`: the generated crate's versions before and after a release of these
//!   changes, only when they are known (see [`crate::diff::CrateVersions`]).
//! - Each change: `impact` (`breaking`, `compatible`, `docs`), `item_kind` (`api`,
//!   `type`, `method`), `item` (type or method name, or the API fact), `member_kind`
//!   (`field`, `param`, `value` of an enumeration) and `member` when the change is
//!   inside an item, `kind`, the
//!   fields of that kind (as in [`crate::diff::ChangeKind`], snake_case; `null` for
//!   an absent old or new value), `reason`, and `rust` when the change touches the
//!   public API of the generated crate: a list of `{"path", "rust_kind", "change",
//!   "old", "new", "impact"}` (`path` as a user writes it, `types::Poll.question`,
//!   `methods::SendPoll::new`, `types::Poll: Clone`; `rust_kind` one of `module`,
//!   `struct`, `enum`, `trait`, `function`, `const`, `static`, `type_alias`,
//!   `field`, `variant`, `method`, `impl`, `trait_item`; `change` `added`, `removed`, `changed`;
//!   `old`/`new` the signatures, absent on the side without the entry).
//!
//! Kinds: `added`/`removed` (`summary`), `renamed` (`from`, `evidence`),
//! `shape_changed` (`old`, `new`: `object`, `union`, `enum`, `opaque`), `member_added`/
//! `member_removed` (`type`, `required`), `member_renamed` (`from`, `evidence`),
//! `type_changed`/`returns_changed` (`old`, `new`), `attachment_changed` (`old`,
//! `new`: whether a string field may be an `attach://` upload),
//! `required_changed` (`old`, `new`), `enum_introduced`/`enum_dropped` (`values`),
//! `enum_value_added`/`enum_value_removed` (`value`), `const_changed`,
//! `discriminator_changed`, `http_method_changed`, `fact_changed` (`old`, `new`),
//! `variant_added`/`variant_removed` (`variant`), `detail_changed` (`detail`, `old`,
//! `new`), `description_changed` (`old`, `new`, and `cosmetic: true`, after `reason`,
//! when only punctuation, case or whitespace changed), `no_spec_change` (no fields: a
//! difference in the generated API nothing in the spec explains, placed at the item
//! it belongs to; its `rust` says what). `member_removed` has `replaced_by` (the
//! names of the added members that replace it) when any do.

use serde::Serialize;

use crate::diff::model::{Change, CrateVersions, SideInfo, SpecDiff, Summary};
use crate::diff::RenderOptions;

/// Version of the document's layout; bumped on any incompatible change to it.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    old: &'a SideInfo,
    new: &'a SideInfo,
    summary: &'a Summary,
    descriptions_listed: bool,
    #[serde(rename = "crate", skip_serializing_if = "Option::is_none")]
    krate: Option<&'a CrateVersions>,
    changes: Vec<Listed<'a>>,
}

/// A change as listed: the model, and what is derived from it.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    change: &'a Change,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    cosmetic: bool,
}

/// Renders the diff as pretty-printed JSON, with a final newline.
pub fn render(diff: &SpecDiff, options: RenderOptions) -> Result<String, serde_json::Error> {
    render_for(diff, options, None)
}

/// Renders the diff of the crate whose versions are `versions`, when known.
pub fn render_for(
    diff: &SpecDiff,
    options: RenderOptions,
    versions: Option<&CrateVersions>,
) -> Result<String, serde_json::Error> {
    let document = Document {
        schema: SCHEMA,
        old: &diff.old,
        new: &diff.new,
        summary: &diff.summary,
        descriptions_listed: options.descriptions,
        krate: versions,
        changes: diff
            .changes
            .iter()
            .filter(|c| options.descriptions || !c.kind.is_description())
            .map(|change| Listed {
                change,
                cosmetic: change.kind.is_cosmetic(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}
