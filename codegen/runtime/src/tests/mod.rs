//! Tests of the runtime files. They live here, outside the copied files, so that no
//! generated crate carries them.

mod batch;
mod de;
mod envelope;
#[cfg(feature = "client")]
mod http_client;
mod tdjson_client;
mod tdjson_values;
mod values;
mod webhook;
