//! The webhook helpers against signatures computed here, with the HMAC the page
//! describes: the secret token header, Mini App init data (and its type), and signed
//! delivery reports.

use std::time::{Duration, SystemTime};

use golden_webhook_helpers::webhook::{
    validate_init_data_at, verify_report_signature_at, verify_secret_token, InitDataError,
    ReportError, SECRET_TOKEN_HEADER,
};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const TOKEN: &str = "123:secret";

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn the_secret_token_header_is_named_and_compared() {
    assert_eq!(SECRET_TOKEN_HEADER, "X-Example-Secret-Token");
    assert!(verify_secret_token("s3cret", "s3cret"));
    assert!(!verify_secret_token("s3cret", "other"));
    assert!(!verify_secret_token("", "s3cret"));
}

#[test]
fn init_data_signed_for_the_bot_is_valid_and_reads_as_its_type() {
    let user = r#"{"id":7,"first_name":"Ann"}"#;
    let check = format!("auth_date=1000\nquery_id=q1\nuser={user}");
    let secret = hmac(b"WebAppData", TOKEN.as_bytes());
    let hash = hex(&hmac(&secret, check.as_bytes()));
    let query = format!(
        "query_id=q1&user={}&auth_date=1000&hash={hash}",
        user.replace('{', "%7B")
            .replace('}', "%7D")
            .replace('"', "%22")
    );
    let data = validate_init_data_at(&query, TOKEN, Duration::from_secs(60), at(1030)).unwrap();
    let parsed = data.parse().unwrap();
    assert_eq!(parsed.auth_date, 1000);
    assert_eq!(parsed.query_id.as_deref(), Some("q1"));
    assert_eq!(parsed.user.as_ref().map(|u| u.id), Some(7));
    assert_eq!(parsed.hash, hash);

    let other_bot = validate_init_data_at(&query, "456:other", Duration::from_secs(60), at(1030));
    assert_eq!(other_bot.unwrap_err(), InitDataError::BadHash);
    let late = validate_init_data_at(&query, TOKEN, Duration::from_secs(60), at(2000));
    assert!(
        matches!(late, Err(InitDataError::Expired { .. })),
        "{late:?}"
    );
}

#[test]
fn a_report_signed_with_the_token_is_verified_and_must_be_fresh() {
    let body = br#"{"request_id":"r1"}"#;
    let key = Sha256::digest(TOKEN.as_bytes());
    let mut signed = b"1000\n".to_vec();
    signed.extend_from_slice(body);
    let signature = hex(&hmac(&key, &signed));
    let max_age = Duration::from_secs(300);
    verify_report_signature_at(TOKEN, "1000", body, &signature, max_age, at(1100)).unwrap();
    assert_eq!(
        verify_report_signature_at(TOKEN, "1000", b"{}", &signature, max_age, at(1100)),
        Err(ReportError::BadSignature)
    );
    assert_eq!(
        verify_report_signature_at(TOKEN, "1000", body, &signature, max_age, at(5000)),
        Err(ReportError::Stale { age: 4000 })
    );
}
