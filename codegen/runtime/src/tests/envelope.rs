use serde::Serialize;
use serde_json::json;

use crate::batch::{Batch, Identified};
use crate::envelope::{read_batch_response, ApiError, HttpMethod, Method, Response};
use crate::values::InputFile;

#[derive(Serialize)]
struct GetMe;

impl Method for GetMe {
    const NAME: &'static str = "getMe";
    const HTTP_METHOD: HttpMethod = HttpMethod::Get;
    type Output = serde_json::Value;
}

#[test]
fn a_success_holds_its_result_and_keeps_unknown_fields() {
    let body = br#"{"ok":true,"result":{"id":1},"new":2}"#;
    let answer = GetMe::read_response(body).unwrap();
    assert_eq!(answer.extra.get("new"), Some(&json!(2)));
    assert_eq!(answer.into_result().unwrap(), Some(json!({"id": 1})));
    // The trait's defaults: no files, no long poll, no result without `result`.
    let (mut files, mut params) = (Vec::<&InputFile>::new(), Vec::new());
    GetMe.attachments(&mut files);
    GetMe.file_parameters(&mut params);
    assert!(files.is_empty() && params.is_empty());
    assert_eq!(GetMe.long_poll(), None);
    assert_eq!(GetMe::result_when_absent(), None);
}

#[test]
fn an_error_reads_its_code_description_and_parameters() {
    let body = br#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5",
        "parameters":{"retry_after":5,"migrate_to_chat_id":-100}}"#;
    let error = GetMe::read_response(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(error.error_code, 429);
    assert_eq!(error.retry_after(), Some(5));
    assert_eq!(error.migrate_to_chat_id(), Some(-100));
    assert_eq!(
        error.to_string(),
        "error 429: Too Many Requests: retry after 5"
    );
}

#[test]
fn an_error_text_stands_in_for_a_missing_description() {
    // The Telegram Gateway API's errors: `error`, no `description`.
    let body = br#"{"ok":false,"error":"ACCESS_TOKEN_INVALID"}"#;
    let mut error = GetMe::read_response(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(error.description, "ACCESS_TOKEN_INVALID");
    assert!(error.extra.is_empty());
    // The HTTP status is shown only when it says something the code does not.
    error.http_status = Some(401);
    assert_eq!(
        error.to_string(),
        "error 0 (HTTP 401): ACCESS_TOKEN_INVALID"
    );
    error.error_code = 401;
    assert_eq!(error.to_string(), "error 401: ACCESS_TOKEN_INVALID");
}

#[test]
fn an_error_without_text_says_so_and_keeps_odd_fields() {
    let body = br#"{"ok":false,"error":{"code":1}}"#;
    let error: ApiError = GetMe::read_response(body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(
        error.description,
        "the request failed without a description"
    );
    assert_eq!(error.extra.get("error"), Some(&json!({"code": 1})));
    assert!(GetMe::read_response(br#"{"result":1}"#)
        .unwrap_err()
        .to_string()
        .contains("missing field `ok`"));
}

#[test]
fn an_envelope_writes_back_without_empty_fields() {
    let answer: Response<i64> = serde_json::from_str(r#"{"ok":true,"result":3}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        json!({"ok": true, "result": 3})
    );
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Item {
    id: i64,
}

impl Identified for Item {
    const ID_FIELD: &'static str = "id";
}

#[test]
fn a_batch_answer_reads_in_one_pass_or_element_by_element() {
    let good = read_batch_response::<Item>(br#"{"ok":true,"result":[{"id":1},{"id":2}]}"#);
    let batch: Batch<Item> = good.unwrap().into_result().unwrap().unwrap();
    assert_eq!(batch.successes().count(), 2);
    let mixed = read_batch_response::<Item>(br#"{"ok":true,"result":[{"id":1},{"id":"x"}],"z":0}"#);
    let answer = mixed.unwrap();
    assert_eq!(answer.extra.get("z"), Some(&json!(0)));
    let batch = answer.into_result().unwrap().unwrap();
    assert_eq!((batch.successes().count(), batch.errors().count()), (1, 1));
    assert!(read_batch_response::<Item>(b"[]").is_err());
}
