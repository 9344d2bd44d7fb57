//! The [`Transport`] of TDLib's own JSON interface: `libtdjson`, loaded at run time
//! with `libloading`, so that building and testing a crate never needs it.
//!
//! `td_receive` returns what arrives for every client of the process, one caller at a
//! time: the [`TdJson`] clients of a process share one receiver, which hands each event
//! to the client its `@client_id` names.
//!
//! Compiled only with the `tdjson` feature (as the generated `client::tdjson` module
//! is): the condition is this file's own, so that it holds in every crate the file is
//! copied into.
#![cfg(feature = "tdjson")]
// Calling into a C library is unsafe by nature; the calls follow TDLib's documented
// contract (`td_json_client.h`).
#![allow(unsafe_code)]

use std::collections::{BTreeMap, VecDeque};
use std::ffi::{c_char, c_double, c_int, CStr, CString, OsStr};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::tdjson_client::Transport;

type CreateClientId = unsafe extern "C" fn() -> c_int;
type Send = unsafe extern "C" fn(c_int, *const c_char);
type Receive = unsafe extern "C" fn(c_double) -> *const c_char;

/// What the clients of the process share: `td_receive` serves them all and must not be
/// called by two threads at once.
struct Receiver {
    /// Events received for each live client and not yet taken by it.
    pending: BTreeMap<c_int, VecDeque<String>>,
    /// True while a thread is inside `td_receive`.
    receiving: bool,
}

static RECEIVER: Mutex<Receiver> = Mutex::new(Receiver {
    pending: BTreeMap::new(),
    receiving: false,
});
/// Signalled when the receiving thread has handed out an event or stopped.
static RECEIVED: Condvar = Condvar::new();

fn receiver() -> MutexGuard<'static, Receiver> {
    RECEIVER.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The `@client_id` TDLib writes into every event of a client. A quote in a JSON
/// string is escaped, so the key's text occurs only as the key.
pub(crate) fn client_id_of(event: &str) -> Option<c_int> {
    const KEY: &str = "\"@client_id\":";
    let at = event.rfind(KEY)? + KEY.len();
    let digits = event[at..].trim_start();
    let end = digits
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// One TDLib client instance of a loaded `libtdjson`.
pub struct TdJson {
    client_id: c_int,
    send: Send,
    receive: Receive,
}

impl std::fmt::Debug for TdJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TdJson")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl TdJson {
    /// The platform's file name of the library: `libtdjson.so`, `libtdjson.dylib` or
    /// `tdjson.dll`.
    pub fn library_name() -> String {
        libloading::library_filename("tdjson")
            .to_string_lossy()
            .into_owned()
    }

    /// Loads `libtdjson` from the system's library path and creates a client.
    pub fn load() -> Result<Self, libloading::Error> {
        Self::load_from(Self::library_name())
    }

    /// Loads `libtdjson` from `path` and creates a client.
    pub fn load_from(path: impl AsRef<OsStr>) -> Result<Self, libloading::Error> {
        // SAFETY: loading runs the library's initialisers; libtdjson's have no
        // preconditions. The symbols have the types of `td_json_client.h`.
        unsafe {
            // Never unloaded: TDLib's threads outlive the client and run the library's
            // code; unloading under them crashes the process.
            let library: &'static libloading::Library =
                Box::leak(Box::new(libloading::Library::new(path.as_ref())?));
            let create: CreateClientId = *library.get(b"td_create_client_id\0")?;
            let send: Send = *library.get(b"td_send\0")?;
            let receive: Receive = *library.get(b"td_receive\0")?;
            let client_id = create();
            receiver().pending.insert(client_id, VecDeque::new());
            Ok(Self {
                client_id,
                send,
                receive,
            })
        }
    }

    /// The client's identifier in the library.
    pub fn client_id(&self) -> i32 {
        self.client_id
    }
}

impl Transport for TdJson {
    fn send(&self, request: &str) {
        // A JSON text has no NUL byte but inside strings, where serde_json escapes it.
        let Ok(request) = CString::new(request) else {
            return;
        };
        // SAFETY: `request` is a NUL-terminated string that outlives the call; td_send
        // copies it.
        unsafe { (self.send)(self.client_id, request.as_ptr()) }
    }

    fn receive(&self, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let mut shared = receiver();
        loop {
            if let Some(event) = shared
                .pending
                .get_mut(&self.client_id)
                .and_then(VecDeque::pop_front)
            {
                return Some(event);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            if shared.receiving {
                // Another client's thread receives, for us too.
                shared = RECEIVED
                    .wait_timeout(shared, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
                continue;
            }
            shared.receiving = true;
            drop(shared);
            // SAFETY: td_receive returns NULL or a NUL-terminated string valid until
            // its next call, which `receiving` keeps to this thread; it is copied at
            // once.
            let event = unsafe {
                let event = (self.receive)(left.as_secs_f64());
                (!event.is_null()).then(|| CStr::from_ptr(event).to_string_lossy().into_owned())
            };
            shared = receiver();
            shared.receiving = false;
            RECEIVED.notify_all();
            let Some(event) = event else {
                continue;
            };
            match client_id_of(&event) {
                // Ours, or of no client (TDLib's own): the caller's.
                Some(id) if id == self.client_id => return Some(event),
                None => return Some(event),
                // A dropped client's events have no taker.
                Some(id) => {
                    if let Some(queue) = shared.pending.get_mut(&id) {
                        queue.push_back(event);
                    }
                }
            }
        }
    }
}

impl Drop for TdJson {
    fn drop(&mut self) {
        receiver().pending.remove(&self.client_id);
    }
}
