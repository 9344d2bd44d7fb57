//! Bot API documentation → YAML spec → Rust crate.
//!
//! Data flows one way through these modules:
//! 1. [`dialect`]: a page (HTML or text export) → [`raw::RawPage`] (headings, text, tables);
//!    a machine-readable schema (TDLib's `td_api.tl`) goes straight to a [`spec::Spec`]
//!    and on to step 5 ([`dialect::Dialect::schema`]);
//! 2. [`overrides`] (skips): sections not to read as API are taken out, with a reason;
//! 3. [`extract`]: raw page → [`spec::Spec`], reading tables and prose ([`prose`]),
//!    method result tables ([`results`]);
//! 4. [`prose_types`]: types the page defines only in sentences; [`value_sets`]: value
//!    sets stated away from their fields (a linked section, a type's fields);
//! 5. [`overrides`] (corrections): `spec/overrides/<api>.yaml`, each with its reason;
//! 6. [`analyze`]: checks and derived facts over the whole spec (undefined types,
//!    duplicates, union discriminators); [`names`]: every name in the page's grammar;
//! 7. [`specfile`]: the spec ↔ YAML.
//!
//! 8. [`ir`]: spec → plain-data model of the Rust items (names, boxing, union kinds);
//! 9. [`emit`]: IR → `TokenStream` → `syn::File` → `prettyplease` → files of a crate;
//! 10. [`generate`]: spec → files, and what keeps `generated/<api>/` in step (or checks it);
//! 11. [`atomic`]: every output of a run (specs, crate files, release files) replaced as
//!     one, whatever moment the process dies at, and recovery of an interrupted run.
//!
//! [`apis`] says where each maintained API's pages (the newest is pinned), spec,
//! overrides and crate are; [`workspace`] finds the checkout a command acts on.
//!
//! [`scrape`] runs steps 1–6; [`baseline`] names what a page lost or gained against
//! the committed spec.
//!
//! [`diff`] compares two specs and classifies each change by its effect on the
//! generated crate (release notes, version bumps); [`release`] prepares a release of
//! a generated crate from that.

// An internal crate: its docs are read with `--document-private-items`, where links
// to private items resolve, and module docs point at the private functions that do the work.
#![allow(rustdoc::private_intra_doc_links)]

pub mod analyze;
pub mod apis;
pub mod atomic;
pub mod baseline;
pub mod coverage;
pub mod diagnostics;
pub mod dialect;
pub mod diff;
pub mod emit;
pub mod extract;
pub mod generate;
pub mod ir;
pub mod names;
pub mod overrides;
pub mod prose;
pub mod prose_types;
pub mod raw;
pub mod release;
pub mod results;
pub mod scrape;
pub mod spec;
pub mod specfile;
pub mod typeexpr;
pub mod value_sets;
pub mod workspace;
