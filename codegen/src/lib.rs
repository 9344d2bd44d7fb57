//! Bot API documentation → YAML spec → Rust crate.
//!
//! Data flows one way through these modules:
//! 1. [`dialect`]: a page (HTML or text export) → [`raw::RawPage`] (headings, text, tables);
//! 2. [`extract`]: raw page → [`spec::Spec`], reading tables and prose ([`prose`]);
//! 3. [`analyze`]: checks and derived facts over the whole spec (undefined types,
//!    duplicates, union discriminators);
//! 4. [`specfile`]: the spec ↔ YAML, written atomically;
//! 5. [`ir`]: spec → plain-data model of the Rust items (names, boxing, union kinds);
//! 6. [`emit`]: IR → `TokenStream` → `syn::File` → `prettyplease` → files of a crate;
//! 7. [`generate`]: spec → files, and keeping `generated/<api>/` in step (or checking it).

pub mod analyze;
pub mod apis;
pub mod diagnostics;
pub mod dialect;
pub mod emit;
pub mod extract;
pub mod generate;
pub mod ir;
pub mod prose;
pub mod raw;
pub mod scrape;
pub mod spec;
pub mod specfile;
pub mod typeexpr;
