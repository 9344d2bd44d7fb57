//! The HTTP client without a network: the requests it builds (URL, token, verb, body,
//! time limit), the multipart forms of uploads, and how answers map to results and
//! errors.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use serde::Serialize;

use crate::envelope::{HttpMethod, Method};
use crate::http_client::{decode, multipart_form, Api, Auth, Bot, Call, Error, DEFAULT_TIMEOUT};
use crate::http_download::download_error;
use crate::values::{InputFile, True};

const TOKEN: &str = "123:secret";

fn api(auth: Auth) -> Api {
    Api {
        request_url: "https://api.example.com/bot{token}/{method}",
        file_url: Some("https://api.example.com/file/bot{token}/{file_path}"),
        auth,
    }
}

fn bot(api: &Api) -> Bot {
    Bot::for_api(api, TOKEN.to_owned(), reqwest::Client::new())
}

#[derive(Debug, Serialize)]
struct GetMe;

impl Method for GetMe {
    const NAME: &'static str = "getMe";
    const HTTP_METHOD: HttpMethod = HttpMethod::Get;
    type Output = serde_json::Value;
}

#[derive(Serialize)]
struct SendMessage {
    chat_id: i64,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_markup: Option<serde_json::Value>,
}

impl Method for SendMessage {
    const NAME: &'static str = "sendMessage";
    const HTTP_METHOD: HttpMethod = HttpMethod::Post;
    type Output = serde_json::Value;
}

#[derive(Serialize)]
struct GetUpdates {
    timeout: u64,
}

impl Method for GetUpdates {
    const NAME: &'static str = "getUpdates";
    const HTTP_METHOD: HttpMethod = HttpMethod::Post;
    type Output = Vec<serde_json::Value>;

    fn long_poll(&self) -> Option<Duration> {
        Some(Duration::from_secs(self.timeout))
    }
}

/// A method returning `True`: a success without `result` is its result.
#[derive(Serialize)]
struct Close;

impl Method for Close {
    const NAME: &'static str = "close";
    const HTTP_METHOD: HttpMethod = HttpMethod::Post;
    type Output = True;

    fn result_when_absent() -> Option<True> {
        Some(True)
    }
}

/// An upload as its own part (`photo`), a reference left as text (`thumbnail`), and
/// uploads referred to as `attach://…` (one of them twice).
#[derive(Serialize)]
struct SendPhoto {
    chat_id: i64,
    photo: InputFile,
    thumbnail: InputFile,
    media: Vec<InputFile>,
}

impl Method for SendPhoto {
    const NAME: &'static str = "sendPhoto";
    const HTTP_METHOD: HttpMethod = HttpMethod::Post;
    type Output = serde_json::Value;

    fn file_parameters<'a>(&'a self, out: &mut Vec<(&'static str, &'a InputFile)>) {
        out.push(("photo", &self.photo));
        out.push(("thumbnail", &self.thumbnail));
    }

    fn attachments<'a>(&'a self, out: &mut Vec<&'a InputFile>) {
        out.extend(&self.media);
    }
}

fn built<M: Method>(bot: &Bot, request: &M) -> reqwest::Request {
    bot.request(request).unwrap().build().unwrap()
}

fn header<'a>(request: &'a reqwest::Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap())
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// The frames of a body that is ready at once (bytes, files, in-memory readers), or
/// its first error.
fn body_bytes(mut body: reqwest::Body) -> Result<Vec<u8>, String> {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut out = Vec::new();
    for _ in 0..10_000 {
        match http_body::Body::poll_frame(Pin::new(&mut body), &mut cx) {
            Poll::Ready(None) => return Ok(out),
            Poll::Ready(Some(Ok(frame))) => {
                out.extend_from_slice(&frame.into_data().unwrap_or_default());
            }
            Poll::Ready(Some(Err(error))) => {
                let mut message = error.to_string();
                let mut cause = std::error::Error::source(&error);
                while let Some(error) = cause {
                    message = format!("{message}: {error}");
                    cause = error.source();
                }
                return Err(message);
            }
            Poll::Pending => {}
        }
    }
    panic!("the body did not end");
}

/// The body of a request with files, as sent.
fn multipart_body<M: Method>(request: &M) -> Result<(String, String), String> {
    let mut built = built(&bot(&api(Auth::UrlPath)), request);
    let content_type = header(&built, "content-type").unwrap().to_owned();
    let body = built.body_mut().take().unwrap();
    let bytes = body_bytes(body)?;
    Ok((content_type, String::from_utf8(bytes).unwrap()))
}

#[test]
fn the_token_goes_into_the_url_path() {
    let request = built(&bot(&api(Auth::UrlPath)), &GetMe);
    assert_eq!(request.method(), reqwest::Method::GET);
    assert_eq!(
        request.url().as_str(),
        "https://api.example.com/bot123:secret/getMe"
    );
    assert_eq!(header(&request, "authorization"), None);
}

#[test]
fn a_bearer_token_goes_into_a_header_and_not_the_url() {
    let api = Api {
        request_url: "https://gateway.example.com/{method}",
        file_url: None,
        auth: Auth::BearerHeader,
    };
    let request = built(&bot(&api), &GetMe);
    assert_eq!(request.url().as_str(), "https://gateway.example.com/getMe");
    assert_eq!(header(&request, "authorization"), Some("Bearer 123:secret"));
    assert!(request.headers()["authorization"].is_sensitive());
}

#[test]
fn an_api_without_a_token_sends_none() {
    let api = Api {
        request_url: "http://localhost:8080/api/{method}",
        file_url: None,
        auth: Auth::None,
    };
    let request = built(&bot(&api), &GetMe);
    assert_eq!(request.url().as_str(), "http://localhost:8080/api/getMe");
    assert_eq!(header(&request, "authorization"), None);
}

#[test]
fn another_server_gets_the_same_placeholders() {
    let bot = bot(&api(Auth::UrlPath)).with_api_url("http://127.0.0.1:9/t/{token}/m/{method}");
    assert_eq!(bot.api_url(), "http://127.0.0.1:9/t/{token}/m/{method}");
    let request = built(&bot, &GetMe);
    assert_eq!(
        request.url().as_str(),
        "http://127.0.0.1:9/t/123:secret/m/getMe"
    );
}

#[test]
fn a_post_sends_json_and_a_get_sends_text_fields_in_the_query() {
    let message = SendMessage {
        chat_id: 42,
        text: "hi & bye".to_owned(),
        reply_markup: Some(serde_json::json!({"remove_keyboard": true})),
    };
    let mut post = built(&bot(&api(Auth::UrlPath)), &message);
    assert_eq!(post.method(), reqwest::Method::POST);
    assert_eq!(header(&post, "content-type"), Some("application/json"));
    let body = body_bytes(post.body_mut().take().unwrap()).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        serde_json::json!({"chat_id": 42, "text": "hi & bye", "reply_markup": {"remove_keyboard": true}})
    );

    #[derive(Serialize)]
    struct GetChat {
        chat_id: i64,
        username: String,
        filter: serde_json::Value,
        absent: Option<i64>,
    }
    impl Method for GetChat {
        const NAME: &'static str = "getChat";
        const HTTP_METHOD: HttpMethod = HttpMethod::Get;
        type Output = serde_json::Value;
    }
    let get = built(
        &bot(&api(Auth::UrlPath)),
        &GetChat {
            chat_id: -100,
            username: "a b".to_owned(),
            filter: serde_json::json!(["x"]),
            absent: None,
        },
    );
    assert_eq!(get.method(), reqwest::Method::GET);
    assert!(get.body().is_none());
    // Strings as they are, other values as JSON, nulls left out.
    let mut query: Vec<(String, String)> = get.url().query_pairs().into_owned().collect();
    query.sort_unstable();
    let pair = |name: &str, value: &str| (name.to_owned(), value.to_owned());
    assert_eq!(
        query,
        [
            pair("chat_id", "-100"),
            pair("filter", r#"["x"]"#),
            pair("username", "a b"),
        ]
    );
}

#[test]
fn uploads_are_parts_and_references_are_text() {
    let shared = InputFile::upload("clip.mp4", b"CLIP".to_vec());
    let request = SendPhoto {
        chat_id: 7,
        photo: InputFile::upload("cat.jpg", b"JPEG".to_vec()),
        thumbnail: InputFile::file_id("AgADthumb"),
        media: vec![shared.clone(), shared.clone()],
    };
    let (content_type, body) = multipart_body(&request).unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(&content_type);
    let mut parts: Vec<&str> = body
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "--")
        .collect();
    let part_name = shared.part_name().unwrap();
    let mut expected = [
        "Content-Disposition: form-data; name=\"chat_id\"\r\n\r\n7".to_owned(),
        "Content-Disposition: form-data; name=\"media\"\r\n\r\n".to_owned()
            + &serde_json::to_string(&request.media).unwrap(),
        // A reference is the parameter's text.
        "Content-Disposition: form-data; name=\"thumbnail\"\r\n\r\nAgADthumb".to_owned(),
        // The upload parameter is its own part, not its `attach://` text.
        "Content-Disposition: form-data; name=\"photo\"; filename=\"cat.jpg\"\r\n\r\nJPEG"
            .to_owned(),
        // Referred to twice, sent once.
        format!(
            "Content-Disposition: form-data; name=\"{part_name}\"; filename=\"clip.mp4\"\r\n\r\nCLIP"
        ),
    ];
    // Text parts come in the order of the JSON object's fields, which serde_json's
    // features decide; uploads after them.
    parts[..3].sort_unstable();
    expected[..3].sort_unstable();
    assert_eq!(parts, expected);
    // The same form for another HTTP stack.
    let form = multipart_form(&request).unwrap();
    assert!(form.boundary().len() > 10);
}

#[test]
fn an_upload_from_disk_is_read_as_it_is_sent() {
    let path = std::env::temp_dir().join(format!("bot-runtime-upload-{}", std::process::id()));
    std::fs::write(&path, vec![b'x'; 100_000]).unwrap();
    let request = SendPhoto {
        chat_id: 1,
        photo: InputFile::path(&path).with_file_name("big.bin"),
        thumbnail: InputFile::file_id("t"),
        media: Vec::new(),
    };
    let (_, body) = multipart_body(&request).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(body.contains(&format!(
        "name=\"photo\"; filename=\"big.bin\"\r\n\r\n{}\r\n",
        "x".repeat(100_000)
    )));

    let missing = SendPhoto {
        photo: InputFile::path(&path).with_file_name("gone.bin"),
        ..request
    };
    match bot(&api(Auth::UrlPath)).request(&missing) {
        Err(Error::File { file_name, source }) => {
            assert_eq!(file_name, "gone.bin");
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn an_upload_from_a_reader_must_yield_its_length_and_is_sent_once() {
    let request = |file: InputFile| SendPhoto {
        chat_id: 1,
        photo: file,
        thumbnail: InputFile::file_id("t"),
        media: Vec::new(),
    };
    let sized = request(InputFile::reader("r.txt", &b"abc"[..]).with_length(3));
    let (_, body) = multipart_body(&sized).unwrap();
    assert!(body.contains("filename=\"r.txt\"\r\n\r\nabc\r\n"));
    // Taken by the first request.
    match bot(&api(Auth::UrlPath)).request(&sized) {
        Err(error @ Error::File { .. }) => assert_eq!(
            error.to_string(),
            "cannot read the file to upload as \"r.txt\": an upload from a reader is sent once, and it was sent"
        ),
        other => panic!("{:?}", other.map(|_| ())),
    }

    let unsized_ = request(InputFile::reader("r.txt", &b"abcdef"[..]));
    assert!(multipart_body(&unsized_)
        .unwrap()
        .1
        .contains("\r\n\r\nabcdef\r\n"));

    let short = request(InputFile::reader("r.txt", &b"abc"[..]).with_length(5));
    let error = multipart_body(&short).unwrap_err();
    assert!(
        error.contains("the reader ended before the length given with the file"),
        "{error}"
    );
    let long = request(InputFile::reader("r.txt", &b"abcdef"[..]).with_length(2));
    let error = multipart_body(&long).unwrap_err();
    assert!(
        error.contains("the reader yields more than the length given with the file"),
        "{error}"
    );
}

#[test]
fn a_long_poll_waits_the_default_plus_its_own_timeout() {
    let bot = bot(&api(Auth::UrlPath));
    assert_eq!(bot.timeout(), Some(DEFAULT_TIMEOUT));
    assert_eq!(built(&bot, &GetMe).timeout(), Some(&DEFAULT_TIMEOUT));
    let poll = GetUpdates { timeout: 50 };
    assert_eq!(
        built(&bot, &poll).timeout(),
        Some(&(DEFAULT_TIMEOUT + Duration::from_secs(50)))
    );
    let quick = bot.clone().with_timeout(Duration::from_millis(1500));
    assert_eq!(
        quick.time_limit(poll.long_poll()),
        Some(Duration::from_millis(51_500))
    );
    // No limit stays no limit, however long the poll.
    let patient = bot.without_timeout();
    assert_eq!(patient.timeout(), None);
    assert_eq!(patient.time_limit(poll.long_poll()), None);
    assert_eq!(built(&patient, &poll).timeout(), None);
    // A limit that cannot grow further is the longest there is, not a panic.
    let longest = patient.with_timeout(Duration::MAX);
    assert_eq!(longest.time_limit(poll.long_poll()), Some(Duration::MAX));
}

#[test]
fn a_calls_time_limit_is_its_own() {
    let bot = bot(&api(Auth::UrlPath));
    let call = Call::new(bot.clone(), GetMe).with_timeout(Duration::from_secs(600));
    assert!(
        format!("{call:?}").contains("timeout: Some(600s)"),
        "{call:?}"
    );
    assert_eq!(bot.timeout(), Some(DEFAULT_TIMEOUT));
    let call = call.without_timeout();
    assert!(format!("{call:?}").contains("timeout: None"), "{call:?}");
    let call = Call::new(
        bot,
        SendMessage {
            chat_id: 1,
            text: "a".to_owned(),
            reply_markup: None,
        },
    )
    .map(|mut request| {
        request.text.push('b');
        request
    });
    assert_eq!(call.request().text, "ab");
    assert_eq!(call.into_request().chat_id, 1);
}

#[test]
fn debug_hides_the_token() {
    let with_files = format!("{:?}", bot(&api(Auth::UrlPath)));
    assert_eq!(
        with_files,
        "Bot { token: \"<redacted>\", api_url: \"https://api.example.com/bot{token}/{method}\", \
         file_url: \"https://api.example.com/file/bot{token}/{file_path}\", \
         timeout: Some(30s), .. }"
    );
    let no_files = Api {
        file_url: None,
        ..api(Auth::BearerHeader)
    };
    let without = format!("{:?}", bot(&no_files));
    assert!(
        !without.contains("file_url") && !without.contains(TOKEN),
        "{without}"
    );
}

#[test]
fn an_api_error_carries_the_http_status() {
    let body = br#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked"}"#;
    let error = decode::<GetMe>(403, body).unwrap_err();
    let api_error = error.api_error().expect("the API's error");
    assert_eq!(api_error.error_code, 403);
    assert_eq!(api_error.http_status, Some(403));
    assert_eq!(error.status(), Some(403));
    assert_eq!(
        error.to_string(),
        "the API answered with error 403: Forbidden: bot was blocked"
    );
    assert!(std::error::Error::source(&error).is_some());
    // A gateway's status that differs from the code is shown too.
    let error =
        decode::<GetMe>(200, br#"{"ok":false,"error_code":400,"description":"no"}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the API answered with error 400 (HTTP 200): no"
    );
}

#[test]
fn a_result_reads_as_the_methods_output() {
    let result = decode::<GetMe>(200, br#"{"ok":true,"result":{"id":1}}"#).unwrap();
    assert_eq!(result, serde_json::json!({"id": 1}));
    // Only a method returning `True` may leave `result` out.
    assert_eq!(decode::<Close>(200, br#"{"ok":true}"#).unwrap(), True);
    let error = decode::<GetMe>(200, br#"{"ok":true}"#).unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }));
    assert_eq!(
        error.to_string(),
        "unexpected answer (HTTP 200): missing field `result`; body: \"{\\\"ok\\\":true}\""
    );
    // A result of another type.
    let error = decode::<GetUpdates>(200, br#"{"ok":true,"result":{"id":1}}"#).unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
}

#[test]
fn an_answer_that_is_not_json_keeps_the_start_of_its_body() {
    let page = format!("<p>{}</p>", "é".repeat(1000));
    let error = decode::<GetMe>(502, page.as_bytes()).unwrap_err();
    let Error::Decode { status, body, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 502);
    // At most a kilobyte, cut between characters: 3 bytes of `<p>`, then two-byte
    // characters, so the kilobyte's last byte would split one.
    assert_eq!(body.len(), 1023);
    assert!(page.starts_with(body.as_str()));
    assert_eq!(error.status(), Some(502));
    let message = error.to_string();
    assert!(
        message.starts_with("unexpected answer (HTTP 502): expected value"),
        "{message}"
    );
    // The message shows 200 characters of the body.
    assert!(
        message.ends_with(&format!("; body: \"<p>{}\"", "é".repeat(197))),
        "{message}"
    );
    // A body that is not UTF-8 is cut where the kilobyte ends.
    let error = decode::<GetMe>(500, &[0xFF; 2000]).unwrap_err();
    let Error::Decode { body, .. } = error else {
        panic!()
    };
    assert_eq!(body.chars().count(), 1024);
}

#[test]
fn a_request_that_does_not_serialize_is_an_encode_error() {
    struct Broken;
    impl Serialize for Broken {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    impl Method for Broken {
        const NAME: &'static str = "broken";
        const HTTP_METHOD: HttpMethod = HttpMethod::Post;
        type Output = True;
    }
    let error = bot(&api(Auth::UrlPath)).request(&Broken).unwrap_err();
    assert!(matches!(error, Error::Encode(_)));
    assert_eq!(error.status(), None);
    assert_eq!(error.to_string(), "cannot serialize the request: no");
    assert!(matches!(multipart_form(&Broken), Err(Error::Encode(_))));
}

#[test]
fn an_api_error_converts_into_the_clients() {
    let api_error = decode::<GetMe>(400, br#"{"ok":false,"error_code":400,"description":"x"}"#)
        .unwrap_err()
        .api_error()
        .unwrap()
        .clone();
    let error = Error::from(api_error.clone());
    assert_eq!(error.api_error(), Some(&api_error));
}

#[test]
fn a_file_url_fills_the_template_and_hides_the_token() {
    let bot = bot(&api(Auth::UrlPath));
    let url = bot.file_url("photos/file_1.jpg");
    assert_eq!(
        url.as_str(),
        "https://api.example.com/file/bot123:secret/photos/file_1.jpg"
    );
    assert_eq!(url.file_path(), "photos/file_1.jpg");
    assert_eq!(
        format!("{url:?}"),
        "FileUrl { file_path: \"photos/file_1.jpg\", .. }"
    );
    let local = bot.with_file_url("http://127.0.0.1:8081/{token}/{file_path}");
    assert_eq!(
        local.file_url("a/b").as_str(),
        "http://127.0.0.1:8081/123:secret/a/b"
    );
}

#[test]
fn a_failed_download_is_the_apis_error_or_a_decode_error() {
    let error = download_error(
        404,
        br#"{"ok":false,"error_code":404,"description":"Not Found"}"#,
    );
    assert_eq!(error.api_error().unwrap().http_status, Some(404));
    assert_eq!(error.status(), Some(404));
    let error = download_error(500, br#"{"ok":true,"result":1}"#);
    assert_eq!(
        error.to_string(),
        "unexpected answer (HTTP 500): a success answer to a download; body: \"{\\\"ok\\\":true,\\\"result\\\":1}\""
    );
    let error = download_error(404, b"Not Found");
    assert!(
        matches!(error, Error::Decode { status: 404, .. }),
        "{error}"
    );
}
