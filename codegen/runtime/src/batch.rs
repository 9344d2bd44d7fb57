//! A list result read element by element ([`Batch`]): one element that does not read
//! does not sink the others.
//!
//! Each element is first cut out as raw JSON (a copy of its bytes, no tree), then read
//! as its type; only an element that does not read is parsed again, to keep it and its
//! id.

use serde::{Deserialize, Serialize};

/// Types whose values carry their own id in a field: the elements of a [`Batch`].
pub trait Identified {
    /// The API's name of the id field (`update_id`).
    const ID_FIELD: &'static str;
}

/// A list result read element by element (`getUpdates`' updates): an element that does not
/// read as `T` (a field of an unexpected type, say) is an [`ItemError`] with its id and raw
/// JSON, and the others are still read, so that a polling loop can acknowledge and skip it
/// instead of failing on the whole batch forever.
///
/// The generator reads a list this way when its elements carry their own id (an object type
/// with a required integer field named after it: `update_id` of an `Update`, `message_id`
/// of a `Message`): things a bot handles one by one. Other lists are plain `Vec`s, which
/// fail as a whole.
///
/// It iterates as `Result<T, ItemError>`; [`Batch::successes`] gives the elements that
/// read.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<T> {
    items: Vec<Result<T, ItemError>>,
}

impl<T> Batch<T> {
    /// The elements in the order of the answer, each read or not.
    pub fn into_items(self) -> Vec<Result<T, ItemError>> {
        self.items
    }

    /// The elements that read, in order.
    pub fn successes(&self) -> impl Iterator<Item = &T> {
        self.items.iter().filter_map(|item| item.as_ref().ok())
    }

    /// The elements that did not read, in order.
    pub fn errors(&self) -> impl Iterator<Item = &ItemError> {
        self.items.iter().filter_map(|item| item.as_ref().err())
    }
}

impl<T> Default for Batch<T> {
    fn default() -> Self {
        Self { items: Vec::new() }
    }
}

impl<T> From<Vec<Result<T, ItemError>>> for Batch<T> {
    fn from(items: Vec<Result<T, ItemError>>) -> Self {
        Self { items }
    }
}

impl<T> std::ops::Deref for Batch<T> {
    type Target = [Result<T, ItemError>];

    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<T> IntoIterator for Batch<T> {
    type Item = Result<T, ItemError>;

    type IntoIter = std::vec::IntoIter<Result<T, ItemError>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Batch<T> {
    type Item = &'a Result<T, ItemError>;

    type IntoIter = std::slice::Iter<'a, Result<T, ItemError>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'de, T: serde::de::DeserializeOwned + Identified> Deserialize<'de> for Batch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Vec::<Box<serde_json::value::RawValue>>::deserialize(deserializer)?;
        let items = raw.iter().map(|raw| read_item::<T>(raw)).collect();
        Ok(Self { items })
    }
}

/// One element of a batch: as `T`, or kept with its id and the error.
fn read_item<T: serde::de::DeserializeOwned + Identified>(
    raw: &serde_json::value::RawValue,
) -> Result<T, ItemError> {
    serde_json::from_str(raw.get()).map_err(|error| {
        // The raw text is valid JSON: serde_json checked it while cutting it out.
        let value: serde_json::Value = serde_json::from_str(raw.get()).unwrap_or_default();
        ItemError {
            id: value.get(T::ID_FIELD).and_then(serde_json::Value::as_i64),
            id_field: T::ID_FIELD,
            message: error.to_string(),
            value,
        }
    })
}

/// Writes the elements back: those that did not read as they came.
impl<T: Serialize> Serialize for Batch<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.items.len()))?;
        for item in &self.items {
            match item {
                Ok(value) => seq.serialize_element(value)?,
                Err(error) => seq.serialize_element(&error.value)?,
            }
        }
        seq.end()
    }
}

/// An element of a [`Batch`] that did not read as its type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ItemError {
    /// The element's id (`update_id`), when it has an integer one: acknowledge
    /// it (`offset = id + 1`) to skip the element.
    pub id: Option<i64>,
    /// The name of the id field.
    pub id_field: &'static str,
    /// Why it did not read (with the line and column in the element's JSON).
    pub message: String,
    /// The element as it came.
    pub value: serde_json::Value,
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.id {
            Some(id) => {
                write!(
                    f,
                    "the element with {} {id} does not read: {}",
                    self.id_field, self.message
                )
            }
            None => {
                write!(
                    f,
                    "an element without an integer {} does not read: {}",
                    self.id_field, self.message
                )
            }
        }
    }
}

impl std::error::Error for ItemError {}
