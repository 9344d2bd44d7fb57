//! Values of an HTTP API's grammar that are not objects of its page: `True`, and
//! the files a request sends ([`InputFile`], found in requests by [`Attachments`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The API's `True`: a boolean that is always `true`. It serializes as `true`
/// and deserializes from `true` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct True;

impl Serialize for True {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

impl super::de::Vacant for True {
    fn vacant() -> Self {
        True
    }
}

impl<'de> Deserialize<'de> for True {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if bool::deserialize(deserializer)? {
            Ok(True)
        } else {
            Err(serde::de::Error::custom("expected `true`"))
        }
    }
}

/// A file to send: either a new file to upload (its name and bytes, or a path read
/// as the request is sent), or a reference the server resolves (a file id or an
/// HTTP URL).
///
/// An upload serializes as `attach://<name>`, with a name unique in the process, and a
/// reference as itself. A client sends an upload's bytes as a `multipart/form-data`
/// part: where the API takes uploads by reference (in a parameter or inside an
/// object), the part of that name (see [`Attachments`]); where it takes them as the
/// part named after their parameter (`photo`), that part, and the placeholder in the
/// request's JSON is replaced (see `Method::file_parameters`).
#[derive(Clone, PartialEq, Eq)]
pub struct InputFile {
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

impl InputFile {
    /// A file already stored by the server, by its file id.
    pub fn file_id(id: impl Into<String>) -> Self {
        Self {
            repr: Repr::Reference(id.into()),
        }
    }

    /// A file the server downloads from an HTTP URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self {
            repr: Repr::Reference(url.into()),
        }
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
        let file_name = path.file_name().map_or_else(
            || "file".to_owned(),
            |name| name.to_string_lossy().into_owned(),
        );
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
    pub fn reader(
        file_name: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + 'static,
    ) -> Self {
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
                let taken = reader
                    .reader
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take();
                taken.map(|taken| (taken, reader.length))
            }
            Repr::Reference(_) | Repr::Upload { .. } | Repr::Path { .. } => None,
        }
    }

    /// The same upload under another file name (what the server sees).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        match &mut self.repr {
            Repr::Reference(_) => {}
            Repr::Upload { file_name, .. }
            | Repr::Path { file_name, .. }
            | Repr::Reader { file_name, .. } => *file_name = name.into(),
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
            Repr::Upload { file_name, .. }
            | Repr::Path { file_name, .. }
            | Repr::Reader { file_name, .. } => Some(file_name),
        }
    }

    /// The file name and bytes, when this is an upload from memory.
    pub fn upload_data(&self) -> Option<(&str, &[u8])> {
        match &self.repr {
            Repr::Upload {
                file_name, data, ..
            } => Some((file_name, data)),
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
            Repr::Upload { id, .. } | Repr::Path { id, .. } | Repr::Reader { id, .. } => {
                Some(format!("file{id}"))
            }
        }
    }
}

impl std::fmt::Debug for InputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.repr {
            Repr::Reference(reference) => f.debug_tuple("Reference").field(reference).finish(),
            Repr::Upload {
                id,
                file_name,
                data,
            } => f
                .debug_struct("Upload")
                .field("id", id)
                .field("file_name", file_name)
                .field("bytes", &data.len())
                .finish(),
            Repr::Path {
                id,
                file_name,
                path,
            } => f
                .debug_struct("Path")
                .field("id", id)
                .field("file_name", file_name)
                .field("path", path)
                .finish(),
            Repr::Reader {
                id,
                file_name,
                reader,
            } => f
                .debug_struct("Reader")
                .field("id", id)
                .field("file_name", file_name)
                .field("length", &reader.length)
                .finish_non_exhaustive(),
        }
    }
}

impl From<String> for InputFile {
    fn from(reference: String) -> Self {
        Self {
            repr: Repr::Reference(reference),
        }
    }
}

impl From<&str> for InputFile {
    fn from(reference: &str) -> Self {
        Self::from(reference.to_owned())
    }
}

impl Serialize for InputFile {
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
impl super::de::Vacant for InputFile {
    fn vacant() -> Self {
        Self::from(String::new())
    }
}

impl<'de> Deserialize<'de> for InputFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// Values that can hold files to upload. A client collects them to send a
/// request as `multipart/form-data`.
pub trait Attachments {
    /// Appends the uploads this value holds (references are not uploads).
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>);
}

impl Attachments for InputFile {
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        if self.reference().is_none() {
            out.push(self);
        }
    }
}

impl<T: Attachments> Attachments for Option<T> {
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        if let Some(value) = self {
            value.attachments(out);
        }
    }
}

impl<T: Attachments> Attachments for Vec<T> {
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        for value in self {
            value.attachments(out);
        }
    }
}

impl<T: Attachments> Attachments for Box<T> {
    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        (**self).attachments(out);
    }
}
