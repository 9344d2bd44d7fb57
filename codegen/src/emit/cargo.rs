//! `Cargo.toml` and `README.md` of the generated crate. The manifest stands alone (no
//! workspace inheritance) so that the crate can be published by itself.

use super::crate_root::crate_docs;
use super::Writer;
use crate::ir::Protocol;

/// Versions of the generated crate's dependencies.
const SERDE: &str = "1.0.200";
const SERDE_JSON: &str = "1.0.100";
const REQWEST: &str = "0.13.5";
const HMAC: &str = "0.12.1";
const SHA2: &str = "0.10.8";
const FORM_URLENCODED: &str = "1.2.1";
/// `Bytes::from_owner` (uploads sent without copying) is from 1.9.
const BYTES: &str = "1.9.0";
const HTTP_BODY: &str = "1.0.0";
const TOKIO: &str = "1.38.0";

pub(super) fn emit(out: &mut Writer<'_>) {
    let manifest = manifest(out);
    out.text("Cargo.toml", "#", "", &manifest);
    let readme = readme(out);
    out.text("README.md", "<!--", " -->", &readme);
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
}

fn manifest(out: &Writer<'_>) -> String {
    let package = &out.krate.package;
    let mut lines = vec![
        "[package]".to_owned(),
        format!("name = {}", toml_string(&package.name)),
        format!("version = {}", toml_string(&package.version)),
        "edition = \"2021\"".to_owned(),
        // reqwest 0.13 needs 1.85; the TDLib crate has no HTTP client.
        match out.krate.api.protocol {
            Protocol::Http => "rust-version = \"1.85\"",
            Protocol::TdJson => "rust-version = \"1.80\"",
        }
        .to_owned(),
        format!("description = {}", toml_string(&package.description)),
        format!("license = {}", toml_string(&package.license)),
    ];
    if let Some(repository) = &package.repository {
        lines.push(format!("repository = {}", toml_string(repository)));
    }
    if !package.publish {
        lines.push("publish = false".to_owned());
    }
    lines.extend([
        "readme = \"README.md\"".to_owned(),
        format!("keywords = {}", toml_list(&package.keywords)),
        match out.krate.api.protocol {
            Protocol::Http => "categories = [\"api-bindings\", \"web-programming::http-client\"]",
            Protocol::TdJson => "categories = [\"api-bindings\"]",
        }
        .to_owned(),
        String::new(),
        "[package.metadata.bot-api]".to_owned(),
        format!("name = {}", toml_string(&package.api_name)),
    ]);
    if let Some(version) = &package.api_version {
        lines.push(format!("version = {}", toml_string(version)));
    }
    if let Some(date) = &package.release_date {
        lines.push(format!("release-date = {}", toml_string(date)));
    }
    if let Some(url) = &package.doc_url {
        lines.push(format!("documentation = {}", toml_string(url)));
    }
    lines.push(format!("spec = {}", toml_string(&package.spec_path)));
    if out.krate.api.protocol == Protocol::TdJson {
        lines.extend([
            String::new(),
            "[package.metadata.docs.rs]".to_owned(),
            "all-features = true".to_owned(),
            String::new(),
            "[features]".to_owned(),
            "# The `libtdjson` transport, loading the library at run time.".to_owned(),
            "tdjson = [\"dep:libloading\"]".to_owned(),
            String::new(),
            "[dependencies]".to_owned(),
            format!("serde = {{ version = \"{SERDE}\", features = [\"derive\"] }}"),
            format!("serde_json = \"{SERDE_JSON}\""),
            format!(
                "libloading = {{ version = \"{}\", optional = true }}",
                super::tdjson::LIBLOADING
            ),
        ]);
        return lines.join("\n") + "\n";
    }
    lines.extend([
        String::new(),
        "[package.metadata.docs.rs]".to_owned(),
        "all-features = true".to_owned(),
        String::new(),
        "[features]".to_owned(),
        "default = [\"client\", \"rustls\"]".to_owned(),
        "# The async client, on reqwest; HTTPS needs one of the TLS features below.".to_owned(),
        "client = [\"dep:reqwest\", \"dep:bytes\", \"dep:http-body\", \"dep:tokio\"]".to_owned(),
        "# TLS by rustls, with the platform's certificate verifier (the default).".to_owned(),
        "rustls = [\"client\", \"reqwest?/rustls\"]".to_owned(),
        "# TLS by the platform's library (OpenSSL, Schannel, Security.framework).".to_owned(),
        "native-tls = [\"client\", \"reqwest?/native-tls\"]".to_owned(),
        String::new(),
        "[dependencies]".to_owned(),
        format!("serde = {{ version = \"{SERDE}\", features = [\"derive\"] }}"),
        // `raw_value`: a batch's elements are cut out as raw JSON before being read.
        format!("serde_json = {{ version = \"{SERDE_JSON}\", features = [\"raw_value\"] }}"),
        format!(
            "reqwest = {{ version = \"{REQWEST}\", default-features = false, features = [\"multipart\", \"query\", \"system-proxy\"], optional = true }}"
        ),
        // Both already come with reqwest: uploads streamed from disk and shared bytes.
        format!("bytes = {{ version = \"{BYTES}\", optional = true }}"),
        format!("http-body = {{ version = \"{HTTP_BODY}\", optional = true }}"),
        // Its `AsyncRead` alone (no runtime): uploads read from any async reader.
        format!("tokio = {{ version = \"{TOKIO}\", default-features = false, optional = true }}"),
    ]);
    let api = &out.krate.api;
    if api.init_data_key.is_some() || api.report_signature.is_some() {
        lines.extend([format!("hmac = \"{HMAC}\""), format!("sha2 = \"{SHA2}\"")]);
    }
    // Init data is a query string; reports are checked over their raw bytes.
    if api.init_data_key.is_some() {
        lines.push(format!("form_urlencoded = \"{FORM_URLENCODED}\""));
    }
    lines.join("\n") + "\n"
}

fn readme(out: &Writer<'_>) -> String {
    let krate = out.krate;
    let package = &krate.package;
    let docs = crate_docs(krate, false);
    // No version here: a release sets it in Cargo.toml only, and everything else
    // generated must stay as codegen writes it (tests/release.rs checks that).
    let features = match krate.api.protocol {
        Protocol::Http => format!(
            "```sh\ncargo add {name}\n# the client with the platform's TLS library instead of rustls:\ncargo add {name} --no-default-features --features native-tls\n# types and requests only, for your own HTTP stack:\ncargo add {name} --no-default-features\n```",
            name = package.name,
        ),
        Protocol::TdJson => format!(
            "```sh\ncargo add {name}\n# with the libtdjson transport (the library is loaded at run time):\ncargo add {name} --features tdjson\n```",
            name = package.name,
        ),
    };
    format!("# {}\n\n{docs}\n\n# Usage\n\n{features}\n", package.name)
}
