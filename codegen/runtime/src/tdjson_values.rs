//! Values of TDLib's JSON grammar that are not objects of the schema: `int64` as a
//! string ([`Int64`]), `bytes` as base64 ([`Bytes`]).

use serde::{Deserialize, Serialize};

/// A 64-bit integer as TDLib's JSON writes `int64`: a string (`"-1001234"`),
/// since JSON numbers lose precision past 2^53 in many readers. It reads a
/// string or a number, and writes a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Int64(pub i64);

impl super::de::Vacant for Int64 {
    fn vacant() -> Self {
        Self::default()
    }
}

impl From<i64> for Int64 {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl From<Int64> for i64 {
    fn from(value: Int64) -> Self {
        value.0
    }
}

impl std::fmt::Display for Int64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Int64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Int64;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a 64-bit integer, as a string or a number")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Int64, E> {
                value.trim().parse().map(Int64).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Int64, E> {
                Ok(Int64(value))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Int64, E> {
                i64::try_from(value).map(Int64).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Bytes as TDLib's JSON writes `bytes`: standard base64 text, with padding.
/// Reading accepts text with or without padding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Bytes(pub Vec<u8>);

impl From<Vec<u8>> for Bytes {
    fn from(value: Vec<u8>) -> Self {
        Self(value)
    }
}

impl From<&[u8]> for Bytes {
    fn from(value: &[u8]) -> Self {
        Self(value.to_vec())
    }
}

impl super::de::Vacant for Bytes {
    fn vacant() -> Self {
        Self::default()
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    text.push(char::from(BASE64[(n >> (18 - 6 * i)) as usize & 63]));
                } else {
                    text.push('=');
                }
            }
        }
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let (mut n, mut bits) = (0u32, 0);
        for c in text.trim_end_matches('=').bytes() {
            let Some(value) = BASE64.iter().position(|b| *b == c) else {
                return Err(serde::de::Error::custom(format_args!(
                    "`{}` is not base64",
                    char::from(c)
                )));
            };
            n = (n << 6) | value as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((n >> bits) as u8);
            }
        }
        Ok(Self(out))
    }
}
