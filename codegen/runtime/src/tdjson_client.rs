//! A client of an API spoken through TDLib's JSON interface: the [`Method`] trait of its
//! requests, the [`Transport`] that carries them, and the [`Client`] that matches
//! answers to requests by `@extra` and keeps updates. It needs nothing but std and
//! serde; `libtdjson.rs` is the transport of TDLib's own library.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The field a request's answer carries back: which request it answers.
const EXTRA: &str = "@extra";
/// The field `td_receive` adds to every event: which client it is for.
const CLIENT_ID: &str = "@client_id";

/// A request of the API: its function's name and result type.
pub trait Method: Serialize {
    /// The function's name, which the request's `@type` carries.
    const NAME: &'static str;
    /// What TDLib answers on success.
    type Output: DeserializeOwned;
}

/// Where requests go and answers come from: one TDLib client instance.
pub trait Transport {
    /// Hands a request (a JSON object) to TDLib.
    fn send(&self, request: &str);
    /// The next answer or update, waiting at most `timeout`; `None` when nothing came
    /// in time.
    fn receive(&self, timeout: Duration) -> Option<String>;
}

/// Why a request has no result.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// TDLib answered with an `error` object.
    Td {
        /// The error's code (TDLib's, HTTP-like: 400, 401, 404, 406, 429, …).
        code: i64,
        /// What went wrong.
        message: String,
    },
    /// The request did not serialize, or the answer is not the function's result.
    Json(serde_json::Error),
    /// No answer within the timeout.
    Timeout,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Td { code, message } => write!(f, "TDLib error {code}: {message}"),
            Error::Json(error) => write!(f, "JSON: {error}"),
            Error::Timeout => f.write_str("no answer in time"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Json(error) => Some(error),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Json(error)
    }
}

/// Answers and updates received while waiting for something else.
#[derive(Default)]
struct Inbox {
    answers: BTreeMap<u64, serde_json::Value>,
    updates: VecDeque<serde_json::Value>,
}

/// A client: a transport, the next `@extra`, and what was received but not yet asked
/// for. It can be shared between threads when the transport can; one of them receives
/// at a time.
pub struct Client<T> {
    transport: T,
    next_extra: AtomicU64,
    inbox: Mutex<Inbox>,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// A client over `transport`.
    pub fn new(transport: T) -> Self {
        Self {
            transport,
            next_extra: AtomicU64::new(1),
            inbox: Mutex::new(Inbox::default()),
        }
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends a request without waiting; its answer comes with the returned `@extra`
    /// (see [`Client::wait`]).
    pub fn send<M: Method>(&self, request: &M) -> Result<u64, Error> {
        let extra = self.next_extra.fetch_add(1, Ordering::Relaxed);
        let mut value = serde_json::to_value(request)?;
        if let serde_json::Value::Object(object) = &mut value {
            object.insert(EXTRA.to_owned(), extra.into());
        }
        self.transport.send(&value.to_string());
        Ok(extra)
    }

    /// Sends a request and waits, at most `timeout`, for its answer.
    pub fn call<M: Method>(&self, request: &M, timeout: Duration) -> Result<M::Output, Error> {
        let extra = self.send(request)?;
        self.wait(extra, timeout)
    }

    /// Waits, at most `timeout`, for the answer to the request sent with `extra`, and
    /// reads it as `O`.
    pub fn wait<O: DeserializeOwned>(&self, extra: u64, timeout: Duration) -> Result<O, Error> {
        let deadline = Instant::now() + timeout;
        let answer = self.receive_until(deadline, |inbox| inbox.answers.remove(&extra))?;
        answer_result(answer)
    }

    /// The next update (an object without `@extra`), read as `U` (the crate's `Update`
    /// type, or `serde_json::Value`); `None` when none came within `timeout`.
    pub fn next_update<U: DeserializeOwned>(&self, timeout: Duration) -> Result<Option<U>, Error> {
        let deadline = Instant::now() + timeout;
        match self.receive_until(deadline, |inbox| inbox.updates.pop_front()) {
            Ok(update) => Ok(Some(serde_json::from_value(update)?)),
            Err(Error::Timeout) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Receives into the inbox until `take` finds what it wants there, or the deadline
    /// passes. The inbox stays locked while receiving, so one thread receives at a time
    /// (TDLib's `td_receive` must not be called concurrently).
    fn receive_until<R>(
        &self,
        deadline: Instant,
        mut take: impl FnMut(&mut Inbox) -> Option<R>,
    ) -> Result<R, Error> {
        let mut inbox = self
            .inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            if let Some(found) = take(&mut inbox) {
                return Ok(found);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::Timeout);
            }
            let Some(text) = self.transport.receive(left) else {
                continue;
            };
            let mut value: serde_json::Value = serde_json::from_str(&text)?;
            // Envelope fields, not the object's: `td_receive` names the client.
            let extra = value.as_object_mut().and_then(|object| {
                object.remove(CLIENT_ID);
                object.remove(EXTRA)
            });
            match extra.as_ref().and_then(serde_json::Value::as_u64) {
                Some(extra) => {
                    inbox.answers.insert(extra, value);
                }
                // An `@extra` the client did not set belongs to no request of its.
                None if extra.is_some() => {}
                None => inbox.updates.push_back(value),
            }
        }
    }
}

/// An answer as the function's result, or TDLib's error.
fn answer_result<O: DeserializeOwned>(answer: serde_json::Value) -> Result<O, Error> {
    if answer.get("@type").and_then(serde_json::Value::as_str) == Some("error") {
        return Err(Error::Td {
            code: answer
                .get("code")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or_default(),
            message: answer
                .get("message")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        });
    }
    Ok(serde_json::from_value(answer)?)
}
