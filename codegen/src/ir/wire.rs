//! How a generated crate talks to its API, as the emitters need it: plain enums of the
//! IR, decided here from the spec's, so that no emitter reads the spec's types (whose
//! shape follows the YAML, not the code to write).

use crate::spec;

/// How requests travel: the client, the request types, the runtime files and the
/// crate's features follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// HTTP requests, answers in a `{ok, result}` envelope.
    Http,
    /// TDLib's JSON interface: objects and requests tagged by [`Protocol::TYPE_TAG`].
    TdJson,
}

impl Protocol {
    /// The field naming an object's constructor, in TDLib's JSON.
    pub const TYPE_TAG: &'static str = spec::Protocol::TYPE_TAG;
    /// The field an answer echoes from its request, in TDLib's JSON.
    pub const EXTRA: &'static str = spec::Protocol::EXTRA;
    /// The field `td_receive` adds to what it returns: the TDLib client it is for.
    pub const CLIENT_ID: &'static str = spec::Protocol::CLIENT_ID;
}

impl From<spec::Protocol> for Protocol {
    fn from(protocol: spec::Protocol) -> Self {
        match protocol {
            spec::Protocol::Http => Protocol::Http,
            spec::Protocol::TdJson => Protocol::TdJson,
        }
    }
}

/// Where the bot's token travels in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// In the request URL, at its `{token}` placeholder.
    UrlPath,
    /// In an `Authorization: Bearer <token>` header.
    BearerHeader,
    /// No token.
    None,
}

impl From<spec::Auth> for Auth {
    fn from(auth: spec::Auth) -> Self {
        match auth {
            spec::Auth::UrlPath => Auth::UrlPath,
            spec::Auth::BearerHeader => Auth::BearerHeader,
            spec::Auth::None => Auth::None,
        }
    }
}

/// The HTTP verb of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

impl From<spec::HttpMethod> for HttpMethod {
    fn from(method: spec::HttpMethod) -> Self {
        match method {
            spec::HttpMethod::Get => HttpMethod::Get,
            spec::HttpMethod::Post => HttpMethod::Post,
        }
    }
}

/// How an upload travels in a `multipart/form-data` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadForm {
    /// A part of its own, which the value refers to as `attach://<name>`.
    Attach,
    /// The part named after the parameter it is given in.
    ParameterPart,
}

impl From<spec::UploadForm> for UploadForm {
    fn from(form: spec::UploadForm) -> Self {
        match form {
            spec::UploadForm::Attach => UploadForm::Attach,
            spec::UploadForm::ParameterPart => UploadForm::ParameterPart,
        }
    }
}

/// How the API signs the reports it posts to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSignature {
    /// The header with the Unix time the report was sent at.
    pub timestamp_header: String,
    /// The header with the signature, in hexadecimal.
    pub signature_header: String,
    /// The signed text, with `{timestamp}` and `{body}` placeholders.
    pub data_check_string: String,
}

impl From<&spec::ReportSignature> for ReportSignature {
    fn from(signature: &spec::ReportSignature) -> Self {
        ReportSignature {
            timestamp_header: signature.timestamp_header.clone(),
            signature_header: signature.signature_header.clone(),
            data_check_string: signature.data_check_string.clone(),
        }
    }
}
