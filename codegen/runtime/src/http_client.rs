//! The async client of an HTTP API, on `reqwest`: [`Bot`] (sending JSON and
//! `multipart/form-data` requests), the pending [`Call`], and [`Error`].
//!
//! What differs between APIs is an `Api` value the generated crate gives
//! `Bot::for_api`: the request URL, where the token travels (`Auth`) and the file
//! download URL. The generated crate's `client` module holds that value, the public
//! constructors that use it, the per-API docs, and one function per method.
//!
//! Compiled only with the `client` feature (as the generated `client` module is): the
//! condition is this file's own, so that it holds in every crate the file is copied into.
#![cfg(feature = "client")]

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::envelope::{ApiError, HttpMethod, Method};
use super::values::InputFile;

/// Where the bot's token travels in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// A crate makes the one its API uses.
#[allow(dead_code)]
pub(crate) enum Auth {
    /// In the request URL, at its `{token}` placeholder.
    UrlPath,
    /// In an `Authorization: Bearer <token>` header.
    BearerHeader,
    /// Nowhere: the API takes no token.
    None,
}

/// What a client needs to know of its API beyond its methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Api {
    /// The request URL template, with `{method}` (and `{token}`) placeholders.
    pub(crate) request_url: &'static str,
    /// The file download URL template, with `{file_path}` (and `{token}`)
    /// placeholders, when the API serves files.
    pub(crate) file_url: Option<&'static str>,
    /// Where the token travels.
    pub(crate) auth: Auth,
}

/// The time limit of a request, unless set with [`Bot::with_timeout`]; a long
/// poll's own `timeout` is added to it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` of a `Bot::new`'s client: this crate and its version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How much of an answer's body a decode error keeps (its start).
const BODY_EXCERPT: usize = 1024;

/// Cloning a bot is cheap (the connection pool is shared). `Debug` does not show the
/// token.
#[derive(Clone)]
pub struct Bot {
    pub(super) http: reqwest::Client,
    pub(super) token: Arc<str>,
    pub(super) api_url: Arc<str>,
    /// The file download URL template, when the API serves files.
    pub(super) file_url: Option<Arc<str>>,
    pub(super) auth: Auth,
    pub(super) timeout: Option<Duration>,
}

impl std::fmt::Debug for Bot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut bot = f.debug_struct("Bot");
        bot.field("token", &"<redacted>")
            .field("api_url", &self.api_url);
        if let Some(file_url) = &self.file_url {
            bot.field("file_url", file_url);
        }
        bot.field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

/// The HTTP client of a `Bot::new`: what `reqwest::Client::new` makes, with
/// [`USER_AGENT`]. It panics only when the TLS backend cannot be initialised, as
/// `reqwest::Client::new` does.
pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .build()
        .expect("the HTTP client (TLS backend) cannot be initialised")
}

impl Bot {
    /// A bot of `api` with this token and HTTP client, and [`DEFAULT_TIMEOUT`].
    pub(crate) fn for_api(api: &Api, token: String, http: reqwest::Client) -> Self {
        Self {
            http,
            token: Arc::from(token),
            api_url: Arc::from(api.request_url),
            file_url: api.file_url.map(Arc::from),
            auth: api.auth,
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }

    /// Sends requests to another server (a local API server, a test server): a URL
    /// template with `{method}` (and `{token}`) placeholders, like `DEFAULT_API_URL`.
    pub fn with_api_url(mut self, template: impl Into<String>) -> Self {
        self.api_url = Arc::from(template.into());
        self
    }

    /// The request URL template in use.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// Sets the time limit of each request (a long poll's own `timeout` is added to
    /// it); [`DEFAULT_TIMEOUT`] by default.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets requests wait for their answer without limit (the HTTP client's own
    /// timeout, if any, still applies).
    pub fn without_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The time limit of a request that is not a long poll, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The HTTP client in use.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends a request and returns its result.
    pub async fn execute<M: Method>(&self, request: M) -> Result<M::Output, Error> {
        self.call(&request).await
    }

    /// Sends a request by reference (to send it again later) and returns its result.
    pub async fn call<M: Method>(&self, request: &M) -> Result<M::Output, Error> {
        let response = self.request(request)?.send().await.map_err(Error::http)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::http)?;
        decode::<M>(status, &body)
    }

    /// The HTTP request that sends `request`, ready to send: its URL, verb, body
    /// (JSON, query or multipart), time limit and token.
    pub(crate) fn request<M: Method>(&self, request: &M) -> Result<reqwest::RequestBuilder, Error> {
        let uploads = Uploads::of(request);
        let params = serde_json::to_value(request).map_err(Error::Encode)?;
        let url = self.url(&self.api_url, "{method}", M::NAME);
        let builder = if !uploads.is_empty() {
            self.http.post(url).multipart(multipart(&params, &uploads)?)
        } else {
            match M::HTTP_METHOD {
                HttpMethod::Get => self.http.get(url).query(&text_fields(&params)),
                HttpMethod::Post => self
                    .http
                    .post(url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(&params).map_err(Error::Encode)?),
            }
        };
        Ok(self.limited(builder, request.long_poll()))
    }

    /// A URL template with `placeholder` replaced by `value` and `{token}` by the token.
    pub(super) fn url(&self, template: &str, placeholder: &str, value: &str) -> String {
        template
            .replace(placeholder, value)
            .replace("{token}", &self.token)
    }

    /// The request with the bot's time limit (plus a long poll's, which the server
    /// may hold it open that much longer) and its token where the API wants it.
    pub(super) fn limited(
        &self,
        builder: reqwest::RequestBuilder,
        long_poll: Option<Duration>,
    ) -> reqwest::RequestBuilder {
        let builder = match self.time_limit(long_poll) {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        };
        match self.auth {
            Auth::UrlPath | Auth::None => builder,
            Auth::BearerHeader => builder.bearer_auth(&*self.token),
        }
    }

    /// The time limit of a request that the server may hold open for `long_poll`.
    pub(crate) fn time_limit(&self, long_poll: Option<Duration>) -> Option<Duration> {
        self.timeout
            .map(|base| base.saturating_add(long_poll.unwrap_or_default()))
    }
}

/// The request's parameters as text: strings as they are, other values as JSON.
fn text_fields(params: &serde_json::Value) -> Vec<(String, String)> {
    let Some(map) = params.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect()
}

/// A request as `multipart/form-data`, for any HTTP stack: its parameters as text
/// parts (strings as they are, other values as JSON), a parameter that is an upload
/// as the part named after it, and every upload it refers to as `attach://<name>` as
/// the part of that name (once, however often it is referenced).
pub fn multipart_form<M: Method>(request: &M) -> Result<reqwest::multipart::Form, Error> {
    let params = serde_json::to_value(request).map_err(Error::Encode)?;
    multipart(&params, &Uploads::of(request))
}

/// The files a request uploads: its parameters that are uploads, by name, and the
/// uploads it refers to as `attach://<name>`.
struct Uploads<'a> {
    parameters: Vec<(&'static str, &'a InputFile)>,
    attachments: Vec<&'a InputFile>,
}

impl<'a> Uploads<'a> {
    fn of<M: Method>(request: &'a M) -> Self {
        let mut parameters = Vec::new();
        request.file_parameters(&mut parameters);
        // A file id or URL is the parameter's text.
        parameters.retain(|(_, file)| file.reference().is_none());
        let mut attachments = Vec::new();
        request.attachments(&mut attachments);
        Self {
            parameters,
            attachments,
        }
    }

    fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.attachments.is_empty()
    }
}

fn multipart(
    params: &serde_json::Value,
    uploads: &Uploads<'_>,
) -> Result<reqwest::multipart::Form, Error> {
    let mut form = reqwest::multipart::Form::new();
    for (name, text) in text_fields(params) {
        if !uploads
            .parameters
            .iter()
            .any(|(parameter, _)| *parameter == name)
        {
            form = form.text(name, text);
        }
    }
    for (parameter, file) in &uploads.parameters {
        if let Some(part) = upload_part(file)? {
            form = form.part(*parameter, part);
        }
    }
    let mut sent = Vec::new();
    for file in &uploads.attachments {
        let Some(part_name) = file.part_name() else {
            continue;
        };
        if sent.contains(&part_name) {
            continue;
        }
        if let Some(part) = upload_part(file)? {
            form = form.part(part_name.clone(), part);
            sent.push(part_name);
        }
    }
    Ok(form)
}

/// The part carrying an upload (`None` for a reference): with its length, so that the
/// form has a `Content-Length`, when the length is known.
fn upload_part(file: &InputFile) -> Result<Option<reqwest::multipart::Part>, Error> {
    let Some(file_name) = file.file_name() else {
        return Ok(None);
    };
    let part = if let Some(data) = file.upload_bytes() {
        let length = data.len() as u64;
        let body = reqwest::Body::from(bytes::Bytes::from_owner(SharedBytes(data.clone())));
        reqwest::multipart::Part::stream_with_length(body, length)
    } else if let Some(path) = file.upload_path() {
        let body = FileBody::open(path).map_err(|source| Error::File {
            file_name: file_name.to_owned(),
            source,
        })?;
        let length = body.remaining;
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap(body), length)
    } else if let Some((reader, length)) = file.take_reader() {
        let body = reqwest::Body::wrap(ReaderBody {
            reader: std::sync::Mutex::new(reader),
            remaining: length,
            buffer: vec![0; ReaderBody::CHUNK],
        });
        match length {
            Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
            None => reqwest::multipart::Part::stream(body),
        }
    } else {
        // An upload with no bytes left to send: a reader that a request took.
        return Err(Error::File {
            file_name: file_name.to_owned(),
            source: std::io::Error::other("an upload from a reader is sent once, and it was sent"),
        });
    };
    Ok(Some(part.file_name(file_name.to_owned())))
}

/// An upload read from an async reader, a chunk at a time, as it is sent.
struct ReaderBody {
    // A body must be `Sync`, a reader need not be: only `&mut` reaches it, so the lock
    // is never taken (`get_mut`).
    reader: std::sync::Mutex<Pin<Box<dyn tokio::io::AsyncRead + Send>>>,
    /// What is left of the length announced, when one was.
    remaining: Option<u64>,
    buffer: Vec<u8>,
}

impl ReaderBody {
    const CHUNK: usize = 64 * 1024;
}

impl http_body::Body for ReaderBody {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        let this = &mut *self;
        let reader = this
            .reader
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut buffer = tokio::io::ReadBuf::new(&mut this.buffer);
        if let Err(error) = std::task::ready!(reader.as_mut().poll_read(cx, &mut buffer)) {
            return std::task::Poll::Ready(Some(Err(error)));
        }
        let chunk = buffer.filled();
        let length = chunk.len() as u64;
        let result = match (this.remaining, length) {
            (None | Some(0), 0) => return std::task::Poll::Ready(None),
            // The length was announced: a reader that yields another cannot be sent.
            (Some(_), 0) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the reader ended before the length given with the file",
            )),
            (Some(remaining), _) if length > remaining => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the reader yields more than the length given with the file",
            )),
            (remaining, _) => {
                this.remaining = remaining.map(|remaining| remaining - length);
                Ok(http_body::Frame::data(bytes::Bytes::copy_from_slice(chunk)))
            }
        };
        std::task::Poll::Ready(Some(result))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == Some(0)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.remaining.map_or_else(
            http_body::SizeHint::default,
            http_body::SizeHint::with_exact,
        )
    }
}

/// Upload bytes handed to the HTTP body without a copy.
struct SharedBytes(Arc<[u8]>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A file on disk sent as a request body, a chunk at a time. Reads are blocking, of at
/// most 64 KiB each: quick on a local disk, and no async file API (or runtime) is
/// imposed on the crate's users.
struct FileBody {
    file: std::fs::File,
    remaining: u64,
}

impl FileBody {
    const CHUNK: u64 = 64 * 1024;

    fn open(path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let remaining = file.metadata()?.len();
        Ok(Self { file, remaining })
    }
}

impl http_body::Body for FileBody {
    type Data = bytes::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        use std::io::Read;
        if self.remaining == 0 {
            return std::task::Poll::Ready(None);
        }
        let mut chunk = vec![0; self.remaining.min(Self::CHUNK) as usize];
        let result = match self.file.read(&mut chunk) {
            // The length was announced: a file that shrank cannot be sent.
            Ok(0) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file shrank while it was sent",
            )),
            Ok(n) => {
                chunk.truncate(n);
                self.remaining -= n as u64;
                Ok(http_body::Frame::data(bytes::Bytes::from(chunk)))
            }
            Err(error) => Err(error),
        };
        std::task::Poll::Ready(Some(result))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}

/// Reads an answer to `M`: its result, the API's error (with the HTTP status), or a
/// decode error (with the status and the start of the body). A success without
/// `result` is a result only for a method that returns `True`.
pub fn decode<M: Method>(status: u16, body: &[u8]) -> Result<M::Output, Error> {
    let response = M::read_response(body).map_err(|source| Error::decode(status, source, body))?;
    match response.into_result() {
        Ok(Some(result)) => Ok(result),
        Ok(None) => M::result_when_absent()
            .ok_or_else(|| Error::decode(status, serde::de::Error::missing_field("result"), body)),
        Err(mut error) => {
            error.http_status = Some(status);
            Err(Error::Api(error))
        }
    }
}

/// Why a request failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error (`ok: false`); its `http_status` is set.
    Api(ApiError),
    /// The request could not be sent or its answer not read (no connection, a time
    /// limit reached: `is_timeout()`). The request's URL (which may hold the token) is
    /// removed from the error.
    Http(reqwest::Error),
    /// The answer is not the API's JSON, or its result is not of the expected type, or
    /// a success has no result where one is expected.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What did not parse.
        source: serde_json::Error,
        /// The start of the answer's body (its first kilobyte, as UTF-8 with invalid
        /// bytes replaced): an HTML error page of a proxy, say.
        body: String,
    },
    /// The request could not be serialized.
    Encode(serde_json::Error),
    /// A file to upload from disk could not be read.
    File {
        /// The file name it was to be sent under.
        file_name: String,
        /// Why it could not be read.
        source: std::io::Error,
    },
}

impl Error {
    pub(super) fn http(error: reqwest::Error) -> Self {
        Error::Http(error.without_url())
    }

    pub(super) fn decode(status: u16, source: serde_json::Error, body: &[u8]) -> Self {
        let mut end = body.len().min(BODY_EXCERPT);
        // Cut at a character boundary when the body is UTF-8.
        while end < body.len() && end > 0 && (body[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        Error::Decode {
            status,
            source,
            body: String::from_utf8_lossy(&body[..end]).into_owned(),
        }
    }

    /// The API's error, when the API answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => error.http_status,
            Error::Http(error) => error.status().map(|status| status.as_u16()),
            Error::Decode { status, .. } => Some(*status),
            Error::Encode(_) | Error::File { .. } => None,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Api(error) => write!(f, "the API answered with {error}"),
            Error::Http(error) => {
                // reqwest's own message ("error sending request") leaves the reason
                // (timed out, connection refused) to its causes.
                write!(f, "HTTP request failed: {error}")?;
                let mut cause = std::error::Error::source(error);
                while let Some(error) = cause {
                    write!(f, ": {error}")?;
                    cause = error.source();
                }
                Ok(())
            }
            Error::Decode {
                status,
                source,
                body,
            } => {
                write!(f, "unexpected answer (HTTP {status}): {source}")?;
                let excerpt: String = body.chars().take(200).collect();
                if !excerpt.is_empty() {
                    write!(f, "; body: {excerpt:?}")?;
                }
                Ok(())
            }
            Error::Encode(error) => write!(f, "cannot serialize the request: {error}"),
            Error::File { file_name, source } => {
                write!(
                    f,
                    "cannot read the file to upload as {file_name:?}: {source}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Http(error) => Some(error),
            Error::Decode { source, .. } => Some(source),
            Error::Encode(error) => Some(error),
            Error::File { source, .. } => Some(source),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(error)
    }
}

/// A request bound to a bot: set optional parameters with the request's setters, then
/// `.await` it to send it. It holds its own handle to the bot, so it can be spawned or
/// kept.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct Call<M> {
    // Its own handle: a time limit set on the call is set on this handle only.
    bot: Bot,
    request: M,
}

impl<M> Call<M> {
    /// Binds a request to a bot, with the bot's time limit.
    pub fn new(bot: Bot, request: M) -> Self {
        Self { bot, request }
    }

    /// Sets the time limit of this call (a long poll's own `timeout` is added to it),
    /// instead of the bot's: a large upload on a slow link, say.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.bot = self.bot.with_timeout(timeout);
        self
    }

    /// Lets this call wait for its answer without limit.
    pub fn without_timeout(mut self) -> Self {
        self.bot = self.bot.without_timeout();
        self
    }

    /// The request as built so far.
    pub fn request(&self) -> &M {
        &self.request
    }

    /// The request, unbound.
    pub fn into_request(self) -> M {
        self.request
    }

    /// Changes the request.
    pub fn map(self, change: impl FnOnce(M) -> M) -> Self {
        Self {
            bot: self.bot,
            request: change(self.request),
        }
    }
}

impl<M> IntoFuture for Call<M>
where
    M: Method + Send + Sync + 'static,
    M::Output: Send + 'static,
{
    type Output = Result<M::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.bot.call(&self.request).await })
    }
}
