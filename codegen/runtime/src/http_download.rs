//! File downloads of an HTTP API that serves files (its `Api::file_url`): the
//! download URL of a file ([`FileUrl`], which hides the token) and `Bot`'s functions
//! that make it and fetch it. A crate whose API serves no files does not get this
//! file, so its `Bot` has none of them.
//!
//! Compiled only with the `client` feature, like `http_client.rs`.
#![cfg(feature = "client")]

use std::sync::Arc;

use super::envelope::Response;
use super::http_client::{Bot, Error};

/// The download URL of a file. It holds the bot's token, so its `Debug` hides it;
/// [`FileUrl::as_str`] gives the URL itself (keep it out of logs).
#[derive(Clone, PartialEq, Eq)]
pub struct FileUrl {
    url: String,
    file_path: String,
}

impl FileUrl {
    /// The URL, token included.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The file's path on the server (`File::file_path`).
    pub fn file_path(&self) -> &str {
        &self.file_path
    }
}

impl std::fmt::Debug for FileUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUrl")
            .field("file_path", &self.file_path)
            .finish_non_exhaustive()
    }
}

impl Bot {
    /// Downloads files from another server: a URL template with `{file_path}` (and
    /// `{token}`) placeholders, like `DEFAULT_FILE_URL`.
    pub fn with_file_url(mut self, template: impl Into<String>) -> Self {
        self.file_url = Some(Arc::from(template.into()));
        self
    }

    /// The download URL of a file, by its `file_path` (from `getFile`).
    pub fn file_url(&self, file_path: &str) -> FileUrl {
        let template = self.file_url.as_deref().unwrap_or_default();
        FileUrl {
            url: self.url(template, "{file_path}", file_path),
            file_path: file_path.to_owned(),
        }
    }

    /// Downloads a file, by its `file_path` (from `getFile`), into memory, within the
    /// bot's time limit. An answer other than a success is the API's error when it is
    /// one, else a decode error with the body's start. For a large file, stream it
    /// instead: `bot.http_client().get(bot.file_url(path).as_str())`.
    pub async fn download_file(&self, file_path: &str) -> Result<Vec<u8>, Error> {
        let builder = self.limited(self.http.get(self.file_url(file_path).url), None);
        let response = builder.send().await.map_err(Error::http)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::http)?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        Err(download_error(status.as_u16(), &body))
    }
}

/// What an answer other than a success to a download is: the API's error when it is
/// one (with the HTTP status), else a decode error with the body's start.
pub(crate) fn download_error(status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice::<Response<serde_json::Value>>(body) {
        Ok(answer) => match answer.into_result() {
            Err(mut error) => {
                error.http_status = Some(status);
                Error::Api(error)
            }
            Ok(_) => Error::decode(
                status,
                serde::de::Error::custom("a success answer to a download"),
                body,
            ),
        },
        Err(source) => Error::decode(status, source, body),
    }
}
