//! The generated TDLib crate against a real `libtdjson` (its `tdjson` transport),
//! through requests that need no Telegram account or network: TDLib's test functions,
//! an option, the first updates.
//!
//! The library's path comes from `TDJSON_LIBRARY`. `.ci/run` fetches a prebuilt one
//! (PyPI's `tdjson` wheel; `tests/tdjson-library`) and sets it, and under `CI` a
//! missing library fails the test; elsewhere the test says it did not run. One test
//! function: it loads the library once, with two clients.

use std::time::Duration;

use tdlib_api::client::tdjson::TdJson;
use tdlib_api::client::Transport;
use tdlib_api::client::{Client, Error};
use tdlib_api::methods::{Close, GetOption, SetLogVerbosityLevel, TestReturnError, TestSquareInt};
use tdlib_api::types::{self, AuthorizationState, OptionValue, Update};

const TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn a_real_libtdjson_answers_through_the_crate() {
    let Some(path) = std::env::var_os("TDJSON_LIBRARY") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "TDJSON_LIBRARY is not set: .ci/run fetches libtdjson with tests/tdjson-library"
        );
        eprintln!("not run: set TDJSON_LIBRARY to a libtdjson (see tests/tdjson-library)");
        return;
    };
    let transport = TdJson::load_from(&path)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.to_string_lossy()));
    let client = Client::new(transport);
    client
        .call(&SetLogVerbosityLevel::new(1), TIMEOUT)
        .expect("setLogVerbosityLevel");

    // A function and its result type.
    let square = client.call(&TestSquareInt::new(7), TIMEOUT).unwrap();
    assert_eq!(square.value, 49);

    // TDLib's error object becomes `Error::Td`, code and message kept.
    let error = types::Error::new(418, "a test error");
    match client.call(&TestReturnError::new(error), TIMEOUT) {
        Err(Error::Td { code, message }) => {
            assert_eq!((code, message.as_str()), (418, "a test error"));
        }
        other => panic!("expected TDLib's error, got {other:?}"),
    }

    // A class-typed result (`OptionValue`, tagged by `@type`).
    match client.call(&GetOption::new("version"), TIMEOUT).unwrap() {
        OptionValue::String(version) => {
            assert!(version.value.starts_with("1.8."), "{}", version.value);
        }
        other => panic!("version: {other:?}"),
    }

    // The updates that came meanwhile were kept, in order, and read as `Update`:
    // a new client waits for its parameters.
    let mut waiting = false;
    while let Some(update) = client
        .next_update::<Update>(Duration::from_secs(2))
        .unwrap()
    {
        if let Update::AuthorizationState(state) = &update {
            waiting |= matches!(
                state.authorization_state,
                AuthorizationState::WaitTdlibParameters(_)
            );
        }
    }
    assert!(waiting, "no updateAuthorizationState(waitTdlibParameters)");

    // Two clients of one process, from two threads: `td_receive` serves both, and each
    // gets its own answers (both number their requests from the same `@extra`).
    let second = Client::new(TdJson::load_from(&path).unwrap());
    assert_ne!(
        second.transport().client_id(),
        client.transport().client_id()
    );
    std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            for x in 0..50 {
                let square = second.call(&TestSquareInt::new(x), TIMEOUT).unwrap();
                assert_eq!(square.value, x * x);
            }
        });
        for x in 100..150 {
            let square = client.call(&TestSquareInt::new(x), TIMEOUT).unwrap();
            assert_eq!(square.value, x * x);
        }
        other.join().unwrap();
    });
    // The second client's own first updates reached it, not the first client.
    let first: Option<Update> = second.next_update(TIMEOUT).unwrap();
    assert!(matches!(first, Some(Update::Option(_))), "{first:?}");

    // TDLib's contract: close every client before the process exits (its threads are
    // torn down with the process otherwise, which may abort it).
    close(&client);
    close(&second);
}

/// Closes a TDLib client and waits until it says it is closed.
fn close<T: Transport>(client: &Client<T>) {
    client.call(&Close::new(), TIMEOUT).expect("close");
    loop {
        match client.next_update::<Update>(TIMEOUT).unwrap() {
            Some(Update::AuthorizationState(state))
                if matches!(state.authorization_state, AuthorizationState::Closed(_)) =>
            {
                return
            }
            Some(_) => {}
            None => panic!("no authorizationStateClosed in {TIMEOUT:?}"),
        }
    }
}
