//! The clients of the golden crates `get_methods` and `bearer_auth`
//! (`tests/golden/`) against a local HTTP server: a GET method's parameters travel in
//! the query string while the API's other methods are POSTs, and a bearer API sends its
//! token in a header, never in the URL.

#[path = "http_server.rs"]
mod http_server;

#[tokio::test]
async fn a_get_method_sends_its_parameters_in_the_query_string() {
    use golden_get_methods::client::Bot;
    use golden_get_methods::prelude::*;
    let (base, seen) = http_server::server(200, r#"{"ok":true,"result":{"id":-5}}"#).await;
    let bot = Bot::new("t0ken").with_api_url(format!("{base}/{{token}}/{{method}}"));
    let chat = bot.get_chat(-5).with_title(true).await.unwrap();
    assert_eq!(chat.id, -5);
    bot.get_me().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].request_line,
        "GET /t0ken/getChat?chat_id=-5&with_title=true HTTP/1.1"
    );
    assert!(seen[0].body.is_empty());
    assert_eq!(seen[1].request_line, "GET /t0ken/getMe HTTP/1.1");
}

#[tokio::test]
async fn the_api_verb_is_used_by_methods_that_state_none() {
    use golden_get_methods::client::Bot;
    let (base, seen) = http_server::server(200, r#"{"ok":true,"result":true}"#).await;
    let bot = Bot::new("t0ken").with_api_url(format!("{base}/{{token}}/{{method}}"));
    bot.leave_chat(-5).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "POST /t0ken/leaveChat HTTP/1.1");
    assert_eq!(seen.body_text(), r#"{"chat_id":-5}"#);
}

#[tokio::test]
async fn a_bearer_api_sends_the_token_in_a_header() {
    use golden_bearer_auth::client::Bot;
    let (base, seen) =
        http_server::server(200, r#"{"ok":true,"result":{"request_id":"r1"}}"#).await;
    let bot = Bot::new("t0ken").with_api_url(format!("{base}/{{method}}"));
    let status = bot.send_code("+10000000000").await.unwrap();
    assert_eq!(status.request_id, "r1");
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "POST /sendCode HTTP/1.1");
    assert!(
        seen.headers.contains("authorization: bearer t0ken"),
        "{}",
        seen.headers
    );
    assert!(!seen.body_text().contains("t0ken"));
}
