//! Reports an API posts to the caller's URL, signed with a key derived from the API
//! token. How the signed text is made and which headers carry the parts is the API's
//! fact (`ReportSignature`), given by the generated `webhook` module.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::constant_time::constant_time_eq;
use super::signing::{decode_hex, hmac_sha256};

/// Why a report was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportError {
    /// A header is malformed: the signature is not hexadecimal, or the timestamp
    /// is not Unix seconds.
    Malformed(String),
    /// The signature does not match: the report was not signed with this token,
    /// or was changed.
    BadSignature,
    /// The timestamp is further than allowed from now.
    Stale {
        /// How far, in seconds.
        age: u64,
    },
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed(problem) => write!(f, "malformed report headers: {problem}"),
            Self::BadSignature => f.write_str("the report's signature does not match its body"),
            Self::Stale { age } => write!(f, "the report's timestamp is {age} seconds from now"),
        }
    }
}

impl std::error::Error for ReportError {}

/// How an API signs its reports.
pub(crate) struct ReportSignature {
    /// The header with the Unix time the report was sent at.
    pub(crate) timestamp_header: &'static str,
    /// The header with the signature, in hexadecimal.
    pub(crate) signature_header: &'static str,
    /// The signed text: `{timestamp}` stands for the timestamp header's value, `{body}`
    /// for the raw body.
    pub(crate) data_check_string: &'static str,
}

impl ReportSignature {
    /// Verifies a report: the signature must be the HMAC-SHA256 of the data-check
    /// string keyed by the SHA-256 of the API token, compared in constant time; then
    /// the timestamp, which the signature covers, must be within `max_age` of `now`,
    /// either way (a genuine report replayed later is stale).
    pub(crate) fn verify(
        &self,
        api_token: &str,
        timestamp: &str,
        body: &[u8],
        signature: &str,
        max_age: Duration,
        now: SystemTime,
    ) -> Result<(), ReportError> {
        let signature = decode_hex(signature.trim()).ok_or_else(|| {
            ReportError::Malformed(format!("`{}` is not hexadecimal", self.signature_header))
        })?;
        let key = <sha2::Sha256 as sha2::Digest>::digest(api_token.as_bytes());
        let expected = hmac_sha256(&key, &self.signed_text(timestamp, body));
        if !constant_time_eq(&expected, &signature) {
            return Err(ReportError::BadSignature);
        }
        let sent: u64 = timestamp.trim().parse().map_err(|_| {
            ReportError::Malformed(format!("`{}` is not Unix seconds", self.timestamp_header))
        })?;
        let sent = UNIX_EPOCH + Duration::from_secs(sent);
        // Either way: a clock ahead of ours is skew only within `max_age`.
        let age = match now.duration_since(sent) {
            Ok(age) => age,
            Err(ahead) => ahead.duration(),
        };
        if age > max_age {
            return Err(ReportError::Stale { age: age.as_secs() });
        }
        Ok(())
    }

    /// The data-check string, its placeholders filled in.
    pub(crate) fn signed_text(&self, timestamp: &str, body: &[u8]) -> Vec<u8> {
        let mut data =
            Vec::with_capacity(self.data_check_string.len() + timestamp.len() + body.len());
        let mut rest = self.data_check_string;
        while !rest.is_empty() {
            let next = [("{timestamp}", timestamp.as_bytes()), ("{body}", body)]
                .into_iter()
                .filter_map(|(placeholder, value)| {
                    rest.find(placeholder).map(|at| (at, placeholder, value))
                })
                .min_by_key(|(at, _, _)| *at);
            let Some((at, placeholder, value)) = next else {
                data.extend_from_slice(rest.as_bytes());
                break;
            };
            data.extend_from_slice(&rest.as_bytes()[..at]);
            data.extend_from_slice(value);
            rest = &rest[at + placeholder.len()..];
        }
        data
    }
}
