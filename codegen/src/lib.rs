//! Bot API documentation → YAML spec → Rust crate.
//!
//! # Where each stage lives
//! Data flows one way, and each stage is a folder:
//!
//! | stage | folder | in → out |
//! | --- | --- | --- |
//! | scrape | [`scrape`] | a page (HTML, text export, TL schema) → a checked [`spec::Spec`] |
//! | spec | [`spec`] | the model of `spec/<api>.yaml`, its YAML ([`spec::yaml`]) and type grammar ([`spec::typeexpr`]) |
//! | IR | [`ir`] | spec → plain data of the Rust items, every decision taken |
//! | emit | [`emit`] | IR → `TokenStream` → `prettyplease` → the files of a crate, plus the runtime's files (`codegen/runtime/`) copied as they are |
//! | generate | [`generate`] | spec → files, and what brings `generated/<api>/` in step |
//! | diff | [`diff`] | two specs (or pages) → changes classified by their effect on the crate |
//! | release | [`release`] | a diff → version, changelog, released spec, `cargo publish` |
//!
//! The scrape stage runs, in order: [`scrape::dialect`] (a page's format →
//! [`scrape::raw::RawPage`]; a schema goes straight to a spec), [`scrape::overrides`]
//! (skips), [`scrape::extract`] (tables → items, with [`scrape::prose`] and
//! [`scrape::result_tables`]), [`scrape::prose_types`] and [`scrape::value_sets`]
//! (what only sentences state), [`scrape::overrides`] (corrections, each with its
//! reason), [`scrape::analyze`] (checks and decisions over the whole spec) and
//! [`scrape::accounting`] (every table read or skipped with a reason). [`scrape::baseline`]
//! names what a page lost or gained against the committed spec.
//!
//! Beside the stages: [`pinned`] says where each maintained API's pages, spec,
//! overrides and crate are; [`atomic`] replaces every output of a run as one, whatever
//! moment the process dies at; [`diagnostics`] carries errors with file, line and
//! section; [`manifest`] reads and edits a crate's `Cargo.toml`; [`workspace`] finds
//! the checkout a command acts on.
//!
//! # Where to change what
//! | to … | change |
//! | --- | --- |
//! | read a quirk of one page (a table laid out differently, a phrase) | that page's dialect in [`scrape::dialect`], or the shared reader it goes through ([`scrape::extract`], [`scrape::prose`]); a test in `tests/scrape_quirks.rs` |
//! | correct what a page states wrongly | `spec/overrides/<api>.yaml`, with a reason ([`scrape::overrides`]) |
//! | add a dialect (a new page format) | a file in [`scrape::dialect`] with its front-end, and the list [`scrape::dialect::Dialect::ALL`] |
//! | add an API | its pages under `spec/sources/<api>/` and an entry in [`pinned::PINNED`] |
//! | record a new fact of the API | [`spec`] (model and `spec/README.md`), read in [`scrape::extract`], lowered in [`ir`] |
//! | a new feature of the generated crates | the IR item in [`ir`], its tokens in [`emit`]; a golden fixture under `tests/golden/` |
//! | where an item's file goes in a crate (its page group, its file name) | [`ir`]'s `place.rs`; the module tree that `include!`s the files, `emit/files.rs` |
//! | what every generated crate does the same way (deserialization helpers, `InputFile`, the response envelope, the HTTP client and TDLib's, webhook checks) | the runtime, ordinary Rust in `codegen/runtime/src/` with its tests beside it in `src/tests/`; a new file also goes in the list of `emit/runtime.rs` |
//! | how a change is classified | [`diff`] (and a fixture under `tests/fixtures/diff/`) |

// An internal crate: its docs are read with `--document-private-items`, where links
// to private items resolve, and module docs point at the private functions that do the work.
#![allow(rustdoc::private_intra_doc_links)]

pub mod atomic;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod generate;
pub mod ir;
pub mod manifest;
pub mod pinned;
pub mod release;
pub mod scrape;
pub mod spec;
pub mod workspace;
