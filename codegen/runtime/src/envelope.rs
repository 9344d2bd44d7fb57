//! What every request of an HTTP API shares: the [`Method`] trait (name, verb, result
//! type, files), the answer's envelope ([`Response`]) and the API's errors
//! ([`ApiError`]).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::batch::{Batch, Identified};
use super::values::InputFile;

/// The HTTP verb a method is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`, parameters in the query string.
    Get,
    /// `POST`, parameters in the body.
    Post,
}

/// A request of the API: its method name, HTTP verb and result type.
pub trait Method: Serialize {
    /// The method's name as the API spells it.
    const NAME: &'static str;

    /// The HTTP verb the method is called with.
    const HTTP_METHOD: HttpMethod;

    /// What `result` holds on success.
    type Output: DeserializeOwned;

    /// Appends the files to upload that this request refers to as
    /// `attach://<name>`, each sent as the `multipart/form-data` part of that name.
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        let _ = out;
    }

    /// Appends the parameters that are files, by name: an upload among them is
    /// sent as the `multipart/form-data` part named after its parameter, instead
    /// of the parameter's text.
    fn file_parameters<'a>(&'a self, out: &mut Vec<(&'static str, &'a InputFile)>) {
        let _ = out;
    }

    /// The result of a success that has no `result`: `Some` for a method that
    /// returns `True` (some servers confirm with `{"ok":true}` alone); `None`
    /// for the others, whose answer without a result is an error.
    fn result_when_absent() -> Option<Self::Output> {
        None
    }

    /// How long the server may hold this request open before answering (a long
    /// poll's `timeout`): a client waits that much longer than usual.
    fn long_poll(&self) -> Option<std::time::Duration> {
        None
    }

    /// Reads an answer to this method (its JSON body) as the envelope.
    fn read_response(body: &[u8]) -> serde_json::Result<Response<Self::Output>> {
        serde_json::from_slice(body)
    }
}

/// The answer to every request: `ok` with a `result`, or an error. Fields the
/// crate does not know are kept in `extra`, like every object's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Response<T> {
    /// Whether the request succeeded.
    pub ok: bool,
    /// The result, on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    /// The error's code, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// A human-readable description of the result or error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the bot can do about an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<ErrorParameters>,
    /// Other fields of the answer (the Telegram Gateway API's `error`, say).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

// Written out: serde's `flatten` would buffer `result` before reading it.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Response<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Response<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an answer of the API")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut ok = None;
                let mut result = None;
                let mut error_code = None;
                let mut description = None;
                let mut parameters = None;
                let mut extra = serde_json::Map::new();
                while let Some(key) = map.next_key::<super::de::Key<'de>>()? {
                    match key.as_str() {
                        "ok" => ok = Some(map.next_value()?),
                        "result" => result = map.next_value()?,
                        "error_code" => error_code = map.next_value()?,
                        "description" => description = map.next_value()?,
                        "parameters" => parameters = map.next_value()?,
                        _ => {
                            extra.insert(key.into_string(), map.next_value()?);
                        }
                    }
                }
                Ok(Response {
                    ok: super::de::required(ok, "ok")?,
                    result,
                    error_code,
                    description,
                    parameters,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// Reads an answer whose result is a [`Batch`]: in one pass while every element reads, as a
/// `Vec` would (the common case: a batch costs nothing then), and only when that fails
/// element by element, each cut out as raw JSON first (about a tenth slower).
pub fn read_batch_response<T: DeserializeOwned + Identified>(
    body: &[u8],
) -> serde_json::Result<Response<Batch<T>>> {
    let Ok(answer) = serde_json::from_slice::<Response<Vec<T>>>(body) else {
        return serde_json::from_slice(body);
    };
    Ok(Response {
        ok: answer.ok,
        result: answer
            .result
            .map(|items| Batch::from(items.into_iter().map(Ok).collect::<Vec<_>>())),
        error_code: answer.error_code,
        description: answer.description,
        parameters: answer.parameters,
        extra: answer.extra,
    })
}

impl<T> Response<T> {
    /// The result (`None` for a success without one, see
    /// [`Method::result_when_absent`]), or the error the API reported.
    /// The error's description is the answer's `description`, or its `error`
    /// text (the Telegram Gateway API's field).
    pub fn into_result(self) -> Result<Option<T>, ApiError> {
        if self.ok {
            return Ok(self.result);
        }
        let mut extra = self.extra;
        let description = self.description.or_else(|| match extra.remove("error") {
            Some(serde_json::Value::String(text)) => Some(text),
            Some(other) => {
                extra.insert("error".to_owned(), other);
                None
            }
            None => None,
        });
        Err(ApiError {
            error_code: self.error_code.unwrap_or_default(),
            description: description
                .unwrap_or_else(|| "the request failed without a description".to_owned()),
            parameters: self.parameters,
            http_status: None,
            extra,
        })
    }
}

/// An error reported by the API (`ok: false`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The error's code (HTTP-like: 400, 403, 429, …); 0 when the answer had none
    /// (see `http_status`).
    pub error_code: i64,
    /// A human-readable description.
    pub description: String,
    /// What the bot can do about it: wait, or use another chat id.
    pub parameters: Option<ErrorParameters>,
    /// The HTTP status of the answer, when it came over HTTP (a client sets it).
    pub http_status: Option<u16>,
    /// Other fields of the answer.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ApiError {
    /// Seconds to wait before repeating the request (flood control).
    pub fn retry_after(&self) -> Option<i64> {
        self.parameters.as_ref()?.retry_after
    }

    /// The chat's new id, when a group was migrated to a supergroup.
    pub fn migrate_to_chat_id(&self) -> Option<i64> {
        self.parameters.as_ref()?.migrate_to_chat_id
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.http_status {
            Some(status) if i64::from(status) != self.error_code => {
                write!(
                    f,
                    "error {} (HTTP {status}): {}",
                    self.error_code, self.description
                )
            }
            _ => write!(f, "error {}: {}", self.error_code, self.description),
        }
    }
}

impl std::error::Error for ApiError {}
/// The `parameters` of an error: what the bot can do to succeed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorParameters {
    /// The group has been migrated to a supergroup with this id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrate_to_chat_id: Option<i64>,
    /// Seconds left to wait before the request can be repeated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
    /// Other fields, kept like every object's.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
