//! Known answers computed apart from this code (Python's `hmac` and `hashlib`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::constant_time::constant_time_eq;
use crate::init_data::{self, InitDataError};
use crate::report::{ReportError, ReportSignature};
use crate::signing::{decode_hex, hmac_sha256};

const TOKEN: &str = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const INIT_DATA: &str = "auth_date=1700000000&query_id=AAHdF6IQAAAAAN0XohDhrOrc\
    &user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%7D\
    &hash=b9382d31522e1bf362c72841ba1ebb4d12ac4a9eee4fc905fd2489d44b63013f";
/// The same fields' hash when the secret is derived with the key `OtherKey`.
const OTHER_KEY_HASH: &str = "344a0cfeaa51e67ba49482b3de6dff364343169fd2e0d957fbe273b9f0856cb7";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

const DAY: Duration = Duration::from_secs(86_400);

#[test]
fn secrets_compare_whole() {
    assert!(constant_time_eq(b"s3cret", b"s3cret"));
    assert!(!constant_time_eq(b"s3cret", b"s3cre"));
    assert!(!constant_time_eq(b"s3creT", b"s3cret"));
    assert!(constant_time_eq(b"", b""));
}

#[test]
fn hmac_and_hex_match_known_answers() {
    // RFC 4231, test case 2.
    let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert_eq!(mac, decode_hex(expected).unwrap());
    assert_eq!(decode_hex("0aFf"), Some(vec![10, 255]));
    assert_eq!(decode_hex("abc"), None);
    assert_eq!(decode_hex("zz"), None);
}

#[test]
fn init_data_signed_for_the_bot_is_valid() {
    let data = init_data::validate(INIT_DATA, TOKEN, "WebAppData", DAY, at(1_700_000_100)).unwrap();
    assert_eq!(data.auth_date, 1_700_000_000);
    assert_eq!(data.get("query_id"), Some("AAHdF6IQAAAAAN0XohDhrOrc"));
    let user: serde_json::Value = data.json("user").unwrap().unwrap();
    assert_eq!(user["id"], 279058397);
    let object = data.to_object(&["user", "auth_date"]).unwrap();
    assert_eq!(object["auth_date"], 1_700_000_000);
    assert_eq!(object["query_id"], "AAHdF6IQAAAAAN0XohDhrOrc");
    assert_eq!(object["user"]["first_name"], "Vladislav");
    assert_eq!(object["hash"], data.hash.as_str());
}

#[test]
fn the_secret_is_derived_with_the_apis_key() {
    let now = at(1_700_000_100);
    let error = init_data::validate(INIT_DATA, TOKEN, "OtherKey", DAY, now).unwrap_err();
    assert_eq!(error, InitDataError::BadHash);
    let other = INIT_DATA.replace(
        "b9382d31522e1bf362c72841ba1ebb4d12ac4a9eee4fc905fd2489d44b63013f",
        OTHER_KEY_HASH,
    );
    assert!(init_data::validate(&other, TOKEN, "OtherKey", DAY, now).is_ok());
    let wrong_token = init_data::validate(INIT_DATA, "1:other", "WebAppData", DAY, now);
    assert_eq!(wrong_token.unwrap_err(), InitDataError::BadHash);
}

#[test]
fn init_data_is_rejected_when_changed_old_or_malformed() {
    let now = at(1_700_000_100);
    let changed = INIT_DATA.replace("Vladislav", "Mallory");
    let check = |text: &str, now| init_data::validate(text, TOKEN, "WebAppData", DAY, now);
    assert_eq!(check(&changed, now).unwrap_err(), InitDataError::BadHash);
    let stale = check(INIT_DATA, at(1_700_000_000 + 2 * 86_400)).unwrap_err();
    assert_eq!(stale, InitDataError::Expired { age: 2 * 86_400 });
    assert_eq!(stale.to_string(), "the init data is 172800 seconds old");
    // A date ahead of the clock is skew, not age.
    assert!(check(INIT_DATA, at(1_699_999_000)).is_ok());
    let malformed = |text: &str| match check(text, now) {
        Err(InitDataError::Malformed(problem)) => problem,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(malformed("auth_date=1"), "no `hash`");
    assert_eq!(malformed("hash=xyz"), "`hash` is not hexadecimal");
    assert_eq!(malformed("hash=00&hash=00"), "`hash` appears twice");
    assert_eq!(malformed("a=1&a=2&hash=00"), "`a` appears twice");
}

const GATEWAY: ReportSignature = ReportSignature {
    timestamp_header: "X-Request-Timestamp",
    signature_header: "X-Request-Signature",
    data_check_string: "{timestamp}\n{body}",
};

const BODY: &[u8] = br#"{"request_id":"abc"}"#;

#[test]
fn a_report_signed_with_the_token_is_valid() {
    let signature = "84fd5cf3028ae755cbcc23c6c561747b4a404da4cd176ce828d945a97d98dbae";
    let now = at(1_700_000_030);
    let minute = Duration::from_secs(60);
    let verify = |token, body, signature: &str, now| {
        GATEWAY.verify(token, "1700000000", body, signature, minute, now)
    };
    assert_eq!(verify("gateway-token", BODY, signature, now), Ok(()));
    assert_eq!(
        verify("gateway-token", BODY, &signature.to_uppercase(), now),
        Ok(())
    );
    assert_eq!(
        verify("other", BODY, signature, now),
        Err(ReportError::BadSignature)
    );
    assert_eq!(
        verify("gateway-token", b"{}", signature, now),
        Err(ReportError::BadSignature)
    );
    // Stale either way: replayed later, or from a clock far ahead.
    let late = verify("gateway-token", BODY, signature, at(1_700_000_100));
    assert_eq!(late, Err(ReportError::Stale { age: 100 }));
    let early = verify("gateway-token", BODY, signature, at(1_699_999_000));
    assert_eq!(early, Err(ReportError::Stale { age: 1000 }));
    let error = verify("gateway-token", BODY, "not hex", now).unwrap_err();
    assert_eq!(
        error.to_string(),
        "malformed report headers: `X-Request-Signature` is not hexadecimal"
    );
}

#[test]
fn the_signed_text_follows_the_apis_template() {
    let other = ReportSignature {
        timestamp_header: "T",
        signature_header: "S",
        data_check_string: "v1:{body}:{timestamp}",
    };
    assert_eq!(other.signed_text("17", b"{}"), b"v1:{}:17");
    assert_eq!(
        GATEWAY.signed_text("17", b"{timestamp}"),
        b"17\n{timestamp}"
    );
    let signature = "ed291f9adffbd7047a86ebdf0b1bf223edc696ba36859151978ac609ae091d64";
    let now = at(1_700_000_000);
    let ok = other.verify(
        "gateway-token",
        "1700000000",
        BODY,
        signature,
        Duration::ZERO,
        now,
    );
    assert_eq!(ok, Ok(()));
    let error = other.verify(
        "gateway-token",
        "soon",
        BODY,
        signature,
        Duration::ZERO,
        now,
    );
    assert_eq!(error, Err(ReportError::BadSignature));
}
