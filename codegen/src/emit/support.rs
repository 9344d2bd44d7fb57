//! Items every generated crate has, whatever the API: `True`, `InputFile`, the
//! `Attachments` trait (`src/types/support.rs`) and the deserialization helpers the
//! generated impls share (`src/de.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, ident, Writer};
use crate::ir::Crate;
use crate::spec::{Protocol, UploadForm};

pub(super) fn emit(out: &mut Writer<'_>) {
    let krate = out.krate;
    out.rust("src/types/support.rs", move || match krate.api.protocol {
        Protocol::Http => support_rs(krate),
        Protocol::TdJson => super::tdjson::support_items(krate).0,
    });
    out.rust("src/de.rs", de_rs);
}

fn support_rs(krate: &Crate) -> TokenStream {
    let support = &krate.support;
    let true_type = ident(&support.true_type);
    let input_file = ident(&support.input_file);
    let attachments = ident(&support.attachments_trait);
    let batch_items = batch_items(krate);
    let how = match krate.api.upload_form {
        UploadForm::Attach => format!(
            "An upload serializes as `attach://<name>` with a name unique in the process; a \
             client sends its bytes as the `multipart/form-data` part of that name (see \
             [`{}`]), which is how the page says to upload a file, in a parameter or inside \
             an object.",
            support.attachments_trait
        ),
        UploadForm::ParameterPart => format!(
            "The page uploads a file as the `multipart/form-data` part named after its \
             parameter (`photo`), and a client sends an upload so (see \
             `{}::file_parameters`); the page gives no way to upload a file inside an \
             object. In a request's JSON, an upload is written as a placeholder, \
             `attach://<name>`, that the client replaces.",
            support.method_trait
        ),
    };
    let input_file_docs = doc_lines(&format!(
        "A file to send: either a new file to upload (its name and bytes, or a path read \
         as the request is sent), or a reference the server resolves (a file id or an \
         HTTP URL).\n\n{how} A reference serializes as itself."
    ));
    quote! {
        //! Types of the API's grammar that are not objects of the page.

        use std::path::{Path, PathBuf};
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;

        use serde::{Deserialize, Serialize};

        /// The API's `True`: a boolean that is always `true`. It serializes as `true`
        /// and deserializes from `true` only.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #true_type;

        impl Serialize for #true_type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bool(true)
            }
        }

        impl crate::de::Vacant for #true_type {
            fn vacant() -> Self {
                #true_type
            }
        }

        impl<'de> Deserialize<'de> for #true_type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if bool::deserialize(deserializer)? {
                    Ok(#true_type)
                } else {
                    Err(serde::de::Error::custom("expected `true`"))
                }
            }
        }

        #input_file_docs
        #[derive(Clone, PartialEq, Eq)]
        pub struct #input_file {
            repr: Repr,
        }

        #[derive(Clone, PartialEq, Eq)]
        enum Repr {
            Reference(String),
            Upload {
                id: u64,
                file_name: String,
                // Shared: a request sent again (or cloned) does not copy the bytes.
                data: Arc<[u8]>,
            },
            Path {
                id: u64,
                file_name: String,
                path: PathBuf,
            },
            // Only the client's constructor makes one.
            #[cfg_attr(not(feature = "client"), allow(dead_code))]
            Reader {
                id: u64,
                file_name: String,
                reader: SharedReader,
            },
        }

        /// An async reader to upload (with the `client` feature; without it, none can be
        /// made).
        #[cfg(feature = "client")]
        type Reader = std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>>;
        #[cfg(not(feature = "client"))]
        type Reader = std::convert::Infallible;

        /// A reader shared by the clones of its file: the first request sent takes it.
        #[derive(Clone)]
        struct SharedReader {
            reader: Arc<std::sync::Mutex<Option<Reader>>>,
            length: Option<u64>,
        }

        impl PartialEq for SharedReader {
            fn eq(&self, other: &Self) -> bool {
                Arc::ptr_eq(&self.reader, &other.reader)
            }
        }

        impl Eq for SharedReader {}

        static NEXT_UPLOAD: AtomicU64 = AtomicU64::new(1);

        impl #input_file {
            /// A file already stored by the server, by its file id.
            pub fn file_id(id: impl Into<String>) -> Self {
                Self { repr: Repr::Reference(id.into()) }
            }

            /// A file the server downloads from an HTTP URL.
            pub fn url(url: impl Into<String>) -> Self {
                Self { repr: Repr::Reference(url.into()) }
            }

            /// A new file to upload from memory, with the file name the server should
            /// see. The bytes are shared, not copied, when the request is cloned or sent.
            pub fn upload(file_name: impl Into<String>, data: impl Into<Arc<[u8]>>) -> Self {
                Self {
                    repr: Repr::Upload {
                        id: NEXT_UPLOAD.fetch_add(1, Ordering::Relaxed),
                        file_name: file_name.into(),
                        data: data.into(),
                    },
                }
            }

            /// A new file to upload from disk, under its own file name. The client
            /// reads it as the request is sent, a chunk at a time (a large video is
            /// never held in memory whole); a file that cannot be read fails the
            /// request then.
            pub fn path(path: impl Into<PathBuf>) -> Self {
                let path = path.into();
                let file_name = path
                    .file_name()
                    .map_or_else(|| "file".to_owned(), |name| name.to_string_lossy().into_owned());
                Self {
                    repr: Repr::Path {
                        id: NEXT_UPLOAD.fetch_add(1, Ordering::Relaxed),
                        file_name,
                        path,
                    },
                }
            }

            /// A new file to upload from any async reader (a `tokio::fs::File`, a socket, a
            /// decompressor; a byte stream through `tokio_util::io::StreamReader`), read a
            /// chunk at a time as the request is sent. A reader can be read once: the
            /// first request sent with it (or with a clone of this value) takes it, and
            /// sending it again fails. Without a length ([`Self::with_length`]) the request
            /// is sent in chunks, with no `Content-Length`.
            #[cfg(feature = "client")]
            pub fn reader(file_name: impl Into<String>, reader: impl tokio::io::AsyncRead + Send + 'static) -> Self {
                Self {
                    repr: Repr::Reader {
                        id: NEXT_UPLOAD.fetch_add(1, Ordering::Relaxed),
                        file_name: file_name.into(),
                        reader: SharedReader {
                            reader: Arc::new(std::sync::Mutex::new(Some(Box::pin(reader)))),
                            length: None,
                        },
                    },
                }
            }

            /// The number of bytes a [`Self::reader`] upload will yield, so that the
            /// request announces its length; the request fails if the reader yields
            /// another number. Other values are returned as they are.
            pub fn with_length(mut self, bytes: u64) -> Self {
                if let Repr::Reader { reader, .. } = &mut self.repr {
                    reader.length = Some(bytes);
                }
                self
            }

            /// The reader of a [`Self::reader`] upload, taken out (`Some` once), with the
            /// length it was given.
            #[cfg(feature = "client")]
            pub fn take_reader(&self) -> Option<(Reader, Option<u64>)> {
                match &self.repr {
                    Repr::Reader { reader, .. } => {
                        let taken = reader.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                        taken.map(|taken| (taken, reader.length))
                    }
                    Repr::Reference(_) | Repr::Upload { .. } | Repr::Path { .. } => None,
                }
            }

            /// The same upload under another file name (what the server sees).
            pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
                match &mut self.repr {
                    Repr::Reference(_) => {}
                    Repr::Upload { file_name, .. } | Repr::Path { file_name, .. } | Repr::Reader { file_name, .. } => {
                        *file_name = name.into()
                    }
                }
                self
            }

            /// The reference (file id, URL or `attach://…`), when this is not an upload.
            pub fn reference(&self) -> Option<&str> {
                match &self.repr {
                    Repr::Reference(reference) => Some(reference),
                    Repr::Upload { .. } | Repr::Path { .. } | Repr::Reader { .. } => None,
                }
            }

            /// The file name the server sees, when this is an upload.
            pub fn file_name(&self) -> Option<&str> {
                match &self.repr {
                    Repr::Reference(_) => None,
                    Repr::Upload { file_name, .. } | Repr::Path { file_name, .. } | Repr::Reader { file_name, .. } => {
                        Some(file_name)
                    }
                }
            }

            /// The file name and bytes, when this is an upload from memory.
            pub fn upload_data(&self) -> Option<(&str, &[u8])> {
                match &self.repr {
                    Repr::Upload { file_name, data, .. } => Some((file_name, data)),
                    Repr::Reference(_) | Repr::Path { .. } | Repr::Reader { .. } => None,
                }
            }

            /// The bytes of an upload from memory, shared.
            pub fn upload_bytes(&self) -> Option<&Arc<[u8]>> {
                match &self.repr {
                    Repr::Upload { data, .. } => Some(data),
                    Repr::Reference(_) | Repr::Path { .. } | Repr::Reader { .. } => None,
                }
            }

            /// The path of an upload from disk.
            pub fn upload_path(&self) -> Option<&Path> {
                match &self.repr {
                    Repr::Path { path, .. } => Some(path),
                    Repr::Reference(_) | Repr::Upload { .. } | Repr::Reader { .. } => None,
                }
            }

            /// The `multipart/form-data` part name of an upload (what its
            /// `attach://` reference names).
            pub fn part_name(&self) -> Option<String> {
                match &self.repr {
                    Repr::Reference(_) => None,
                    Repr::Upload { id, .. } | Repr::Path { id, .. } | Repr::Reader { id, .. } => Some(format!("file{id}")),
                }
            }
        }

        impl std::fmt::Debug for #input_file {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match &self.repr {
                    Repr::Reference(reference) => f.debug_tuple("Reference").field(reference).finish(),
                    Repr::Upload { id, file_name, data } => f
                        .debug_struct("Upload")
                        .field("id", id)
                        .field("file_name", file_name)
                        .field("bytes", &data.len())
                        .finish(),
                    Repr::Path { id, file_name, path } => f
                        .debug_struct("Path")
                        .field("id", id)
                        .field("file_name", file_name)
                        .field("path", path)
                        .finish(),
                    Repr::Reader { id, file_name, reader } => f
                        .debug_struct("Reader")
                        .field("id", id)
                        .field("file_name", file_name)
                        .field("length", &reader.length)
                        .finish_non_exhaustive(),
                }
            }
        }

        impl From<String> for #input_file {
            fn from(reference: String) -> Self {
                Self { repr: Repr::Reference(reference) }
            }
        }

        impl From<&str> for #input_file {
            fn from(reference: &str) -> Self {
                Self::from(reference.to_owned())
            }
        }

        impl Serialize for #input_file {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match &self.repr {
                    Repr::Reference(reference) => serializer.serialize_str(reference),
                    Repr::Upload { id, .. } | Repr::Path { id, .. } | Repr::Reader { id, .. } => {
                        serializer.collect_str(&format_args!("attach://file{id}"))
                    }
                }
            }
        }

        /// An absent file reads as the empty reference.
        impl crate::de::Vacant for #input_file {
            fn vacant() -> Self {
                Self::from(String::new())
            }
        }

        impl<'de> Deserialize<'de> for #input_file {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }

        /// Values that can hold files to upload. A client collects them to send a
        /// request as `multipart/form-data`.
        pub trait #attachments {
            /// Appends the uploads this value holds (references are not uploads).
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>);
        }

        impl #attachments for #input_file {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                if self.reference().is_none() {
                    out.push(self);
                }
            }
        }

        impl<T: #attachments> #attachments for Option<T> {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                if let Some(value) = self {
                    value.attachments(out);
                }
            }
        }

        impl<T: #attachments> #attachments for Vec<T> {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                for value in self {
                    value.attachments(out);
                }
            }
        }

        impl<T: #attachments> #attachments for Box<T> {
            fn attachments<'a>(&'a self, out: &mut Vec<&'a #input_file>) {
                (**self).attachments(out);
            }
        }

        #batch_items
    }
}

/// `Batch<T>`, its element error and the `Identified` trait: a list result read element
/// by element. Each element is first read as raw JSON (a copy of its bytes, no tree),
/// then as `T`; only an element that does not read is parsed again, to keep it and its
/// id.
fn batch_items(krate: &Crate) -> TokenStream {
    let support = &krate.support;
    let batch = ident(&support.batch);
    let item_error = ident(&support.item_error);
    let identified = ident(&support.identified_trait);
    let batch_docs = doc_lines(&format!(
        "A list result read element by element (`getUpdates`' updates): an element that \
         does not read as `T` (a field of an unexpected type, say) is an [`{item_error}`] \
         with its id and raw JSON, and the others are still read, so that a polling loop \
         can acknowledge and skip it instead of failing on the whole batch forever.\n\n\
         The generator reads a list this way when its elements carry their own id (an \
         object type with a required integer field named after it: `update_id` of an \
         `Update`, `message_id` of a `Message`): things a bot handles one by one. Other \
         lists are plain `Vec`s, which fail as a whole.\n\n\
         It iterates as `Result<T, {item_error}>`; [`{batch}::successes`] gives the \
         elements that read."
    ));
    let identified_docs = doc_lines(&format!(
        "Types whose values carry their own id in a field: the elements of a [`{}`].",
        support.batch
    ));
    let item_error_docs = doc_lines(&format!(
        "An element of a [`{}`] that did not read as its type.",
        support.batch
    ));
    quote! {
        #identified_docs
        pub trait #identified {
            /// The API's name of the id field (`update_id`).
            const ID_FIELD: &'static str;
        }

        #batch_docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #batch<T> {
            items: Vec<Result<T, #item_error>>,
        }

        impl<T> #batch<T> {
            /// The elements in the order of the answer, each read or not.
            pub fn into_items(self) -> Vec<Result<T, #item_error>> {
                self.items
            }

            /// The elements that read, in order.
            pub fn successes(&self) -> impl Iterator<Item = &T> {
                self.items.iter().filter_map(|item| item.as_ref().ok())
            }

            /// The elements that did not read, in order.
            pub fn errors(&self) -> impl Iterator<Item = &#item_error> {
                self.items.iter().filter_map(|item| item.as_ref().err())
            }
        }

        impl<T> Default for #batch<T> {
            fn default() -> Self {
                Self { items: Vec::new() }
            }
        }

        impl<T> From<Vec<Result<T, #item_error>>> for #batch<T> {
            fn from(items: Vec<Result<T, #item_error>>) -> Self {
                Self { items }
            }
        }

        impl<T> std::ops::Deref for #batch<T> {
            type Target = [Result<T, #item_error>];

            fn deref(&self) -> &Self::Target {
                &self.items
            }
        }

        impl<T> IntoIterator for #batch<T> {
            type Item = Result<T, #item_error>;
            type IntoIter = std::vec::IntoIter<Result<T, #item_error>>;

            fn into_iter(self) -> Self::IntoIter {
                self.items.into_iter()
            }
        }

        impl<'a, T> IntoIterator for &'a #batch<T> {
            type Item = &'a Result<T, #item_error>;
            type IntoIter = std::slice::Iter<'a, Result<T, #item_error>>;

            fn into_iter(self) -> Self::IntoIter {
                self.items.iter()
            }
        }

        impl<'de, T: serde::de::DeserializeOwned + #identified> Deserialize<'de> for #batch<T> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = Vec::<Box<serde_json::value::RawValue>>::deserialize(deserializer)?;
                let items = raw.iter().map(|raw| read_item::<T>(raw)).collect();
                Ok(Self { items })
            }
        }

        /// One element of a batch: as `T`, or kept with its id and the error.
        fn read_item<T: serde::de::DeserializeOwned + #identified>(
            raw: &serde_json::value::RawValue,
        ) -> Result<T, #item_error> {
            serde_json::from_str(raw.get()).map_err(|error| {
                // The raw text is valid JSON: serde_json checked it while cutting it out.
                let value: serde_json::Value = serde_json::from_str(raw.get()).unwrap_or_default();
                #item_error {
                    id: value.get(T::ID_FIELD).and_then(serde_json::Value::as_i64),
                    id_field: T::ID_FIELD,
                    message: error.to_string(),
                    value,
                }
            })
        }

        /// Writes the elements back: those that did not read as they came.
        impl<T: Serialize> Serialize for #batch<T> {
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

        #item_error_docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #item_error {
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

        impl std::fmt::Display for #item_error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.id {
                    Some(id) => write!(f, "the element with {} {id} does not read: {}", self.id_field, self.message),
                    None => write!(f, "an element without an integer {} does not read: {}", self.id_field, self.message),
                }
            }
        }

        impl std::error::Error for #item_error {}
    }
}

fn de_rs() -> TokenStream {
    quote! {
        //! Deserialization helpers shared by the generated impls (a spec without
        //! tagged unions or flags does not use them all).
        #![allow(dead_code)]

        use std::borrow::Cow;

        use serde::de::value::{BorrowedStrDeserializer, I64Deserializer, MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer};
        use serde::de::{DeserializeOwned, DeserializeSeed, Error, MapAccess, SeqAccess, Visitor};
        use serde::{Deserialize, Deserializer};

        /// Reads a whole value, to look at a tag before choosing the variant's type.
        pub(crate) fn buffer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
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
            Ok(Replay { tag: None, before: before.into_iter(), tag_entry: None, pending: None, rest: None })
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

            fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
                let held = (self.before.next())
                    .or_else(|| self.tag_entry.take().map(|(key, tag)| (key, Held::Tag(tag))));
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
        fn text<'de, T: DeserializeSeed<'de>, E: Error>(text: Cow<'de, str>, seed: T) -> Result<T::Value, E> {
            match text {
                Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
                Cow::Owned(text) => seed.deserialize(StringDeserializer::new(text)),
            }
        }

        /// An object read by [`find_tag`] as the variant's type.
        pub(crate) fn replayed<'de, T: Deserialize<'de>, A: MapAccess<'de>>(object: Replay<'de, A>) -> Result<T, A::Error> {
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
            pub(crate) fn fields(self, names: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
                (0..names.len()).filter(move |i| self.0 >> i & 1 == 1).map(move |i| names[i])
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
        pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
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
    }
}
