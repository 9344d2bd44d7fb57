//! The runtime of the generated crates: ordinary Rust, tested here, whose files the
//! generator copies verbatim into every crate it writes, under `src/runtime/`.
//!
//! Every file of this folder but this one and `tests/` is such a file. The generator
//! embeds them (`include_str!`, in `codegen/src/emit/runtime.rs`), prepends the line
//! saying the file is generated, and writes them; it never rebuilds them. Which files
//! a crate gets is data, decided beside the `include_str!`s from the crate's facts:
//! - every crate: `de.rs` (the deserialization helpers of the generated impls);
//! - an HTTP API: `values.rs` (`True`, `InputFile`), `batch.rs` (`Batch`),
//!   `envelope.rs` (the `Method` trait, the response envelope, the API's errors) and
//!   `http_client.rs` (the `reqwest` client: `Bot`, `Call`, `Error`, JSON and multipart
//!   requests), with `http_download.rs` (`FileUrl`, `Bot::download_file`) when the API
//!   serves files;
//! - TDLib's JSON interface: `tdjson_values.rs` (`Int64`, `Bytes`), `tdjson_client.rs`
//!   (the `Method` trait, the `Transport` trait, `Client`) and `libtdjson.rs` (the
//!   transport of TDLib's library);
//! - an API with webhook checks: `constant_time.rs`, and `signing.rs` with
//!   `init_data.rs` (Mini App init data) and/or `report.rs` (signed reports), as the
//!   spec describes them.
//!
//! A generated crate re-exports their public items at its own paths
//! (`types::InputFile`, `methods::Method`, `client::Bot`, `webhook::InitData`), so its
//! users never name this module.
//!
//! A file that needs a feature of the generated crate says so at its top
//! (`#![cfg(feature = "client")]` in the HTTP client's files, `"tdjson"` in
//! `libtdjson.rs`): this crate has features of the same names, on by default so that
//! every file is built and tested here, and the condition holds unchanged wherever the
//! file is copied.
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
//!   HMAC key, a report's signature scheme, the client's `Api`: its URLs and where the
//!   token travels), never a second copy of a line;
//! - its tests live in `src/tests/`, which is not copied, so that no generated crate
//!   carries them; they reach `pub(crate)` items as a generated crate's code does.

// The `pub(crate)` items are the generated code's to use; here only the tests use them.
// Inside a generated crate, where that code is, an item it leaves unused is reported.
#![allow(dead_code)]

pub mod batch;
mod constant_time;
mod de;
pub mod envelope;
pub mod http_client;
pub mod http_download;
pub mod init_data;
pub mod libtdjson;
pub mod report;
mod signing;
pub mod tdjson_client;
pub mod tdjson_values;
pub mod values;

#[cfg(test)]
mod tests;
