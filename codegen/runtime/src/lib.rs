//! The runtime of the generated crates: ordinary Rust, tested here, whose files the
//! generator copies verbatim into every crate it writes, under `src/runtime/`.
//!
//! Every file of this folder but this one and `tests/` is such a file. The generator
//! embeds them (`include_str!`, in `codegen/src/emit/runtime.rs`), prepends the line
//! saying the file is generated, and writes them; it never rebuilds them. Which files
//! a crate gets is data, decided beside the `include_str!`s from the crate's facts:
//! - every crate: `de.rs` (the deserialization helpers of the generated impls);
//! - an HTTP API: `values.rs` (`True`, `InputFile`), `batch.rs` (`Batch`) and
//!   `envelope.rs` (the `Method` trait, the response envelope, the API's errors);
//! - TDLib's JSON interface: `tdjson_values.rs` (`Int64`, `Bytes`);
//! - an API with webhook checks: `constant_time.rs`, and `signing.rs` with
//!   `init_data.rs` (Mini App init data) and/or `report.rs` (signed reports), as the
//!   spec describes them.
//!
//! A generated crate re-exports their public items at its own paths
//! (`types::InputFile`, `methods::Method`, `webhook::InitData`), so its users never
//! name this module.
//!
//! Why copied, not a crate the generated ones depend on: a bot author gets one
//! self-contained crate; there is no second crate to publish first and pin, no
//! version skew between runtime and bindings, and `cargo xtask release <api>
//! --dry-run` packages a crate offline, without an unpublished dependency.
//!
//! Rules for a runtime file, since it compiles both here and inside each crate:
//! - it names other runtime files as `super::<file>` (here the crate root, there
//!   `crate::runtime`), and nothing of the generated crate;
//! - what differs per API is a value the generated code passes in (the init data's
//!   HMAC key, a report's signature scheme), never a second copy of a line;
//! - its tests live in `src/tests/`, which is not copied, so that no generated crate
//!   carries them; they reach `pub(crate)` items as a generated crate's code does.
//!
//! Not here yet: the HTTP client (`Bot`'s transport, `Call`, `Error`, multipart
//! uploads, downloads; `codegen/src/emit/client.rs`) and TDLib's client with its
//! `libtdjson` transport (`codegen/src/emit/tdjson.rs`) are still printed with
//! `quote!`. They belong here next, with what differs per API (where the token
//! travels, how an upload travels, whether files download) as values the client reads.

// The `pub(crate)` items are the generated code's to use; here only the tests use them.
// Inside a generated crate, where that code is, an item it leaves unused is reported.
#![allow(dead_code)]

pub mod batch;
mod constant_time;
mod de;
pub mod envelope;
pub mod init_data;
pub mod report;
mod signing;
pub mod tdjson_values;
pub mod values;

#[cfg(test)]
mod tests;
