//! The crate's package facts and API facts, from the spec and the [`super::Settings`].

use super::Builder;
use crate::ir::{ApiFacts, Crate, Package};
use crate::spec::{self, UploadForm};

impl Builder<'_> {
    pub(super) fn finish(self) -> Crate {
        let api = &self.spec.api;
        let crate_name = self
            .settings
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_for(&api.name));
        let version_text = api
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        Crate {
            package: Package {
                name: crate_name,
                version: self.settings.version.clone(),
                description: match api.protocol {
                    spec::Protocol::Http => format!(
                        "Types, requests and an async client for the {}{version_text}, generated from its documentation",
                        api.name
                    ),
                    spec::Protocol::TdJson => format!(
                        "Types, requests and a client for the {}{version_text} (TDLib's JSON interface), generated from its schema",
                        api.name
                    ),
                },
                license: self.settings.license.clone(),
                repository: self.settings.repository.clone(),
                publish: self.settings.publish,
                keywords: keywords_for(&api.name),
                spec_path: self.settings.spec_path.clone(),
                command: self.settings.command.clone(),
                api_name: api.name.clone(),
                api_version: api.version.clone(),
                release_date: api.release_date.clone(),
                doc_url: api.doc_url.clone(),
            },
            api: ApiFacts {
                request_url: api.request_url.clone(),
                file_url: api.file_url.clone(),
                auth: api.auth.into(),
                webhook_secret_header: api.webhook_secret_header.clone(),
                init_data_key: api.init_data_key.clone(),
                upload_form: UploadForm::of(api).into(),
                init_data_type: api.init_data_type.clone(),
                report_signature: api.report_signature.as_ref().map(Into::into),
                protocol: api.protocol.into(),
            },
            runtime: self.runtime.expect("runtime names are chosen before finishing"),
            items: self.items,
            requests: self.requests,
        }
    }
}

/// `Telegram Bot API` → `telegram-bot-api`.
pub(super) fn crate_name_for(api_name: &str) -> String {
    api_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// crates.io keywords from the API's name (at most five, each at most 20 characters).
pub(super) fn keywords_for(api_name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in api_name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.to_ascii_lowercase();
        if !word.is_empty() && word.len() <= 20 && !out.contains(&word) && out.len() < 5 {
            out.push(word);
        }
    }
    out
}
