//! Deserialization helpers shared by the generated impls (a spec without
//! tagged unions or flags does not use them all).
#![allow(dead_code)]

use std::borrow::Cow;

use serde::de::value::{
    BorrowedStrDeserializer, I64Deserializer, MapAccessDeserializer, SeqAccessDeserializer,
    StringDeserializer,
};
use serde::de::{DeserializeOwned, DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Reads a whole value, to look at a tag before choosing the variant's type.
pub(crate) fn buffer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(deserializer)
}

/// The value of `field` in an object, as text: a string, or an integer tag
/// written in decimal.
pub(crate) fn tag<'v>(value: &'v serde_json::Value, field: &str) -> Option<Cow<'v, str>> {
    match value.get(field)? {
        serde_json::Value::String(text) => Some(Cow::Borrowed(text)),
        serde_json::Value::Number(number) => number.as_i64().map(|n| Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// Reads an object's entries up to its `field` (a union's tag) and returns the
/// whole object for the variant to read, with the tag (see [`Replay::take_tag`]).
/// Only the entries before the tag are held in memory; the API writes most tags
/// first, so most objects stream straight into their variant.
pub(crate) fn find_tag<'de, A: MapAccess<'de>>(
    mut map: A,
    field: &'static str,
) -> Result<Replay<'de, A>, A::Error> {
    let mut before = Vec::new();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        if key.as_str() == field {
            let tag: Tag<'de> = map.next_value()?;
            let text = match &tag {
                Tag::Text(text) => Some(text.clone()),
                Tag::Integer(n) => Some(Cow::Owned(n.to_string())),
                Tag::Other(_) => None,
            };
            return Ok(Replay {
                tag: text,
                before: before.into_iter(),
                tag_entry: Some((key.0, tag)),
                pending: None,
                rest: Some(map),
            });
        }
        before.push((key.0, Held::Value(map.next_value()?)));
    }
    Ok(Replay {
        tag: None,
        before: before.into_iter(),
        tag_entry: None,
        pending: None,
        rest: None,
    })
}

/// A tag's value as read: text (borrowed from the input when it can be), an
/// integer, or anything else (which matches no variant).
pub(crate) enum Tag<'de> {
    Text(Cow<'de, str>),
    Integer(i64),
    Other(serde_json::Value),
}

impl<'de> Deserialize<'de> for Tag<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TagVisitor)
    }
}

struct TagVisitor;

impl<'de> Visitor<'de> for TagVisitor {
    type Value = Tag<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a tag")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Tag<'de>, E> {
        Ok(Tag::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Tag<'de>, E> {
        Ok(Tag::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Tag<'de>, E> {
        Ok(Tag::Text(Cow::Owned(value)))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Tag<'de>, E> {
        Ok(Tag::Integer(value))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Tag<'de>, E> {
        Ok(match i64::try_from(value) {
            Ok(value) => Tag::Integer(value),
            Err(_) => Tag::Other(value.into()),
        })
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(value.into()))
    }

    fn visit_unit<E: Error>(self) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(serde_json::Value::Null))
    }

    fn visit_none<E: Error>(self) -> Result<Tag<'de>, E> {
        Ok(Tag::Other(serde_json::Value::Null))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Tag<'de>, S::Error> {
        serde_json::Value::deserialize(SeqAccessDeserializer::new(seq)).map(Tag::Other)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Tag<'de>, M::Error> {
        serde_json::Value::deserialize(MapAccessDeserializer::new(map)).map(Tag::Other)
    }
}

/// An entry [`find_tag`] read before handing the object on.
enum Held<'de> {
    Tag(Tag<'de>),
    Value(serde_json::Value),
}

/// An object read by [`find_tag`]: the entries it held before the tag, the
/// tag's, then the rest of the input's. (The tag's entry is kept apart so that
/// an object whose tag comes first needs no allocation.)
pub(crate) struct Replay<'de, A> {
    tag: Option<Cow<'de, str>>,
    before: std::vec::IntoIter<(Cow<'de, str>, Held<'de>)>,
    tag_entry: Option<(Cow<'de, str>, Tag<'de>)>,
    pending: Option<Held<'de>>,
    rest: Option<A>,
}

impl<'de, A> Replay<'de, A> {
    /// The tag as text: a string, or an integer in decimal; `None` when the
    /// object has no such field or its value is neither.
    pub(crate) fn take_tag(&mut self) -> Option<Cow<'de, str>> {
        self.tag.take()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let held = (self.before.next()).or_else(|| {
            self.tag_entry
                .take()
                .map(|(key, tag)| (key, Held::Tag(tag)))
        });
        if let Some((key, value)) = held {
            self.pending = Some(value);
            return text(key, seed).map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match (self.pending.take(), &mut self.rest) {
            (Some(Held::Tag(Tag::Text(tag))), _) => text(tag, seed),
            (Some(Held::Tag(Tag::Integer(n))), _) => seed.deserialize(I64Deserializer::new(n)),
            (Some(Held::Tag(Tag::Other(value)) | Held::Value(value)), _) => {
                seed.deserialize(value).map_err(A::Error::custom)
            }
            (None, Some(rest)) => rest.next_value_seed(seed),
            (None, None) => Err(A::Error::custom("a value without its key")),
        }
    }
}

/// Text held by [`Replay`], handed on borrowed when it was borrowed from the
/// input (serde's `CowStrDeserializer` would make the reader copy it).
fn text<'de, T: DeserializeSeed<'de>, E: Error>(
    text: Cow<'de, str>,
    seed: T,
) -> Result<T::Value, E> {
    match text {
        Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
        Cow::Owned(text) => seed.deserialize(StringDeserializer::new(text)),
    }
}

/// An object read by [`find_tag`] as the variant's type.
pub(crate) fn replayed<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    object: Replay<'de, A>,
) -> Result<T, A::Error> {
    T::deserialize(MapAccessDeserializer::new(object))
}

/// A buffered value as the variant's type.
pub(crate) fn variant<T: DeserializeOwned, E: Error>(value: serde_json::Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// An optional `True`: `true` is `Some`, `false` (which the API never sends)
/// and `null` are `None`.
pub(crate) struct Flag<T>(pub Option<T>);

impl<'de, T: Default> Deserialize<'de> for Flag<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<bool>::deserialize(deserializer)?;
        Ok(Flag(value.unwrap_or(false).then(T::default)))
    }
}

/// A key of an object, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer).map(Key)
    }
}

/// A required field's value, or the error naming it.
pub(crate) fn required<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// A required field's value; when the payload lacks it, its type's vacant
/// value, with the field's bit set in `absent`.
#[inline]
pub(crate) fn or_vacant<T: Vacant>(value: Option<T>, bit: u32, absent: &mut Absent) -> T {
    match value {
        Some(value) => value,
        None => {
            absent.0 |= 1 << bit;
            vacant()
        }
    }
}

/// The rare path of [`or_vacant`], kept out of line.
#[cold]
#[inline(never)]
fn vacant<T: Vacant>() -> T {
    T::vacant()
}

/// What a required field that a payload lacks reads as: the value its type
/// reads from the zero of JSON (`0`, `false`, `""`, `[]`, `null`), an object of
/// vacant fields (each recorded as absent), a union's unknown variant.
pub(crate) trait Vacant {
    fn vacant() -> Self;
}

impl Vacant for i64 {
    fn vacant() -> Self {
        0
    }
}

impl Vacant for f64 {
    fn vacant() -> Self {
        0.0
    }
}

impl Vacant for bool {
    fn vacant() -> Self {
        false
    }
}

impl Vacant for String {
    fn vacant() -> Self {
        String::new()
    }
}

impl Vacant for serde_json::Value {
    fn vacant() -> Self {
        serde_json::Value::Null
    }
}

impl<T> Vacant for Vec<T> {
    fn vacant() -> Self {
        Vec::new()
    }
}

impl<T: Vacant> Vacant for Box<T> {
    fn vacant() -> Self {
        Box::new(T::vacant())
    }
}

/// The record of the required fields a payload lacked: bit `i` for an
/// object's `i`-th required field that a payload may lack (see the generated
/// `absent_fields`). Such a field is not written back while it holds its vacant
/// value. One word, no allocation. It takes no part in comparisons: two values
/// of the same fields are equal whether or not they were read from payloads
/// that lacked some.
#[derive(Clone, Copy, Default)]
pub(crate) struct Absent(u64);

impl Absent {
    /// The first `count` fields absent: the record of a vacant object.
    pub(crate) fn all(count: u32) -> Self {
        Self(u64::MAX.checked_shr(64 - count).unwrap_or(0))
    }

    /// The names of the absent fields, out of `names` (one per bit).
    pub(crate) fn fields(
        self,
        names: &'static [&'static str],
    ) -> impl Iterator<Item = &'static str> {
        (0..names.len())
            .filter(move |i| self.0 >> i & 1 == 1)
            .map(move |i| names[i])
    }

    /// Whether an object writes its field of bit `bit`, holding `value`: unless
    /// the payload lacked it and it still holds its vacant value (a value set
    /// since is written).
    #[inline]
    pub(crate) fn writes<T: Vacant + PartialEq>(self, bit: u32, value: &T) -> bool {
        self.0 >> bit & 1 == 0 || *value != T::vacant()
    }
}

impl PartialEq for Absent {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The bits of the absent fields (the names are the object's `absent_fields`).
impl std::fmt::Debug for Absent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#b}", self.0)
    }
}

/// A string, borrowed from the input when it can be.
pub(crate) fn string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(StrVisitor)
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}
