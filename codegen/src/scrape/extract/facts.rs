//! API-wide facts: name, version, URLs, auth, the upload form, the Mini App init data
//! check and the report signature, each read from where the page states it.

use super::KnownFacts;
use crate::diagnostics::Diagnostics;
use crate::scrape::prose;
use crate::scrape::raw::{Block, RawPage, RawSection};
use crate::spec::{Api, Auth, ReportSignature, Spec, UploadForm};

/// API-wide facts: name, version, date, URLs, auth. Read from the prose where the page
/// states them.
pub(super) fn api_facts(page: &RawPage, known: &KnownFacts, diags: &mut Diagnostics) -> Api {
    let name = page
        .title
        .clone()
        .or_else(|| known.name.clone())
        .or_else(|| page.sections.first().map(|s| s.title.clone()))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut api = Api {
        doc_url: known.doc_url.clone(),
        // The init-data key is read by the scrape from the page before skips, as a
        // skipped section may state it (`crate::scrape::scrape`).
        upload_form: upload_form(page),
        report_signature: report_signature(page).map(|(signature, _)| signature),
        ..Api::new(name, String::new(), Auth::UrlPath)
    };
    // The newest entry of the change log: a date heading, then "Bot API X.Y".
    for section in &page.sections {
        if let Some(date) = prose::iso_date(&section.title) {
            if let Some(version) = prose::version(&section.text()) {
                api.release_date = Some(date);
                api.version = Some(version);
                break;
            }
        }
    }
    // Facts are stated in a few sentences: only blocks that can hold one are made
    // plain (a page has thousands of blocks). A list or table is tested as a whole,
    // written into one reused buffer in the form its facts are read from: one regex
    // search per cell cost more than the rest of this function.
    let mut texts: Vec<String> = Vec::new();
    let mut joined = String::new();
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        let text = match block {
            Block::Text(t) | Block::Code(t) | Block::Labeled { value: t, .. } => t.as_str(),
            Block::List(items) => join_into(&mut joined, items.iter().map(|item| [item])),
            Block::Table(table) => join_into(&mut joined, &table.rows),
        };
        if prose::may_state_api_fact(text) {
            texts.push(prose::plain(text).into_owned());
        }
    }
    if api.version.is_none() {
        // No dated change log: a version stated anywhere ("Letgram Bot API v1.0").
        api.version = std::iter::once(api.name.clone())
            .chain(texts.iter().cloned())
            .find_map(|text| prose::version(&text));
    }
    let mut bearer = false;
    for text in &texts {
        bearer |= text.contains("Authorization: Bearer");
        if api.request_url.is_empty() {
            if let Some(url) = url_template(text, "METHOD_NAME") {
                api.request_url = url;
            }
        }
        if api.file_url.is_none() {
            if let Some(url) = url_template(text, "<file_path>") {
                api.file_url = Some(url);
            }
        }
        if api.webhook_secret_header.is_none() {
            api.webhook_secret_header = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .find(|w| w.starts_with("X-") && w.ends_with("-Secret-Token"))
                .map(str::to_owned);
        }
    }
    if api.request_url.is_empty() {
        diags.error(
            "",
            "no request URL found: expected a URL ending in `<token>/METHOD_NAME` (or `/METHOD_NAME`) in the page's prose",
        );
    } else if !api.request_url.contains("{token}") {
        // No token in the URL: the page must say where it goes instead.
        if bearer {
            api.auth = Auth::BearerHeader;
        } else {
            diags.error(
                "",
                format!(
                    "the request URL `{}` has no token in it, and the page does not say to send it as `Authorization: Bearer <token>`",
                    api.request_url
                ),
            );
        }
    }
    api
}

/// Writes lines of cells into `buffer` (a line per row, cells separated by spaces)
/// and returns it.
fn join_into<Row, Cell>(buffer: &mut String, rows: impl IntoIterator<Item = Row>) -> &str
where
    Row: IntoIterator<Item = Cell>,
    Cell: AsRef<str>,
{
    buffer.clear();
    for (index, row) in rows.into_iter().enumerate() {
        if index > 0 {
            buffer.push('\n');
        }
        for (index, cell) in row.into_iter().enumerate() {
            if index > 0 {
                buffer.push(' ');
            }
            buffer.push_str(cell.as_ref());
        }
    }
    buffer
}

/// The key of the HMAC that derives a secret key from the bot token, from a sentence
/// like `secret_key = HMAC-SHA256("WebAppData", bot_token)`. Searched in every section,
/// skipped ones included: the page states the check where it documents the Mini App's
/// init data, which is not read as API items.
pub fn init_data_key(page: &RawPage) -> Option<String> {
    init_data_check(page).map(|(key, _)| key)
}

/// How the page uploads files: by `attach://<name>` references when it speaks of them
/// anywhere (Telegram's descriptions of `media`, `thumbnail`, …), else as the part named
/// after the parameter when a code example sends one so (Letgram's `-F "photo=@…"`);
/// `None` when it shows neither.
pub fn upload_form(page: &RawPage) -> Option<UploadForm> {
    let blocks = || page.sections.iter().flat_map(|s| &s.blocks);
    let attach = blocks()
        .flat_map(Block::texts)
        .any(|text| text.contains("attach://"));
    if attach {
        return Some(UploadForm::Attach);
    }
    blocks()
        .any(|block| matches!(block, Block::Code(code) if !prose::uploaded_parts(code).is_empty()))
        .then_some(UploadForm::ParameterPart)
}

/// [`init_data_key`] and the section that states it.
pub fn init_data_check(page: &RawPage) -> Option<(String, &RawSection)> {
    page.sections.iter().find_map(|section| {
        section
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text(t) | Block::Code(t) => Some(t.as_str()),
                _ => None,
            })
            .find_map(hmac_key_of_token)
            .map(|key| (key, section))
    })
}

/// The type of the init data: the one with a field whose description links to the
/// section that states the check (`hash`: "… to [check their validity](#validating-…)").
pub fn init_data_type(page: &RawPage, spec: &Spec) -> Option<String> {
    let anchor = init_data_check(page)?.1.anchor.as_deref()?;
    let link = format!("](#{anchor})");
    spec.types
        .iter()
        .find(|ty| (ty.fields().iter()).any(|field| field.description.contains(&link)))
        .map(|ty| ty.name.clone())
}

/// `"KEY"` in `secret_key = HMAC-SHA256("KEY", bot_token)`. Pages write the HMAC's
/// arguments in either order (`HMAC-SHA256(key, message)` on one,
/// `HMAC_SHA256(message, key)` on another); the call that signs with `secret_key` tells
/// which place is the key's. Without such a call, the key is the quoted constant.
fn hmac_key_of_token(text: &str) -> Option<String> {
    // Every text block of the page is asked; copy only the one that can hold the call.
    if !text.contains("HMAC") {
        return None;
    }
    let text = text
        .replace('\\', "")
        .replace("HMAC_SHA256(", "HMAC-SHA256(");
    let calls: Vec<(&str, &str)> = text
        .match_indices("HMAC-SHA256(")
        .filter_map(|(at, call)| {
            let (args, _) = text[at + call.len()..].split_once(')')?;
            let (first, second) = args.split_once(',')?;
            Some((first.trim(), second.trim()))
        })
        .collect();
    // The place of the key: where `secret_key` is, in the call that signs with it.
    let key_place = calls.iter().find_map(|&(first, second)| {
        match (first == "secret_key", second == "secret_key") {
            (true, false) => Some(0),
            (false, true) => Some(1),
            _ => None,
        }
    });
    let is_token = |arg: &str| arg.trim_matches(['<', '>']) == "bot_token";
    let unquote = |arg: &str| {
        let key = arg.trim_matches(['"', '\'', '“', '”']);
        let quoted = key.len() < arg.len();
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric());
        is_key.then(|| (key.to_owned(), quoted))
    };
    calls.iter().find_map(|&(first, second)| {
        let (key, message) = match key_place {
            Some(0) => (first, second),
            Some(_) => (second, first),
            // No call names the key's place: the quoted constant is the key.
            None if is_token(second) => (first, second),
            None => (second, first),
        };
        let (key, quoted) = unquote(key)?;
        (is_token(message) && (key_place.is_some() || quoted)).then_some(key)
    })
}

/// How reports posted to the caller are signed, from the page's pseudo-code, with the
/// section that states it:
///
/// ```text
/// data_check_string = X-Request-Timestamp + '\n' + post_body
/// secret_key = SHA256(api_token)
/// if (hex(HMAC_SHA256(data_check_string, secret_key)) == X-Request-Signature) {
/// ```
///
/// The data-check-string is the concatenation the page writes (a header's value,
/// quoted constants, the body); the key must be the SHA-256 of the token and the
/// signature a header compared with the hexadecimal HMAC, or nothing is read and the
/// caller reports the headers the page names as unread.
pub fn report_signature(page: &RawPage) -> Option<(ReportSignature, &RawSection)> {
    page.sections.iter().find_map(|section| {
        section
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Code(t) => Some(t.as_str()),
                _ => None,
            })
            .find_map(report_signature_of_code)
            .map(|signature| (signature, section))
    })
}

fn report_signature_of_code(code: &str) -> Option<ReportSignature> {
    let statement = |name: &str| {
        code.lines().find_map(|line| {
            let (left, right) = line.split_once('=')?;
            (left.trim() == name).then(|| right.trim().to_owned())
        })
    };
    let is_header = |word: &str| {
        is_header_name(word) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    // The key: SHA-256 of the token, and nothing else.
    let key = statement("secret_key")?;
    let token = key.strip_prefix("SHA256(")?.strip_suffix(')')?;
    if !token.trim_matches(['<', '>']).ends_with("token") {
        return None;
    }
    // The signed text: header values, quoted constants and the body, joined by `+`.
    let mut timestamp_header = None;
    let mut data_check_string = String::new();
    for part in statement("data_check_string")?.split('+').map(str::trim) {
        if is_header(part) && timestamp_header.is_none() {
            timestamp_header = Some(part.to_owned());
            data_check_string.push_str("{timestamp}");
        } else if part == "post_body" || part == "body" {
            data_check_string.push_str("{body}");
        } else {
            let quote = part.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
            let literal = part.strip_prefix(quote)?.strip_suffix(quote)?;
            data_check_string.push_str(&literal.replace("\\n", "\n"));
        }
    }
    if !(data_check_string.contains("{timestamp}") && data_check_string.contains("{body}")) {
        return None;
    }
    // The comparison: the hexadecimal HMAC of the data-check-string with the key,
    // against a header.
    let signature_header = code.lines().find_map(|line| {
        let (_, compared) = line
            .split_once("hex(HMAC_SHA256(data_check_string, secret_key))")
            .or_else(|| line.split_once("hex(HMAC-SHA256(data_check_string, secret_key))"))?;
        let header = compared.trim().strip_prefix("==")?.trim();
        let header = header.trim_end_matches([')', '{', ' ']);
        is_header(header).then(|| header.to_owned())
    })?;
    Some(ReportSignature {
        timestamp_header: timestamp_header?,
        signature_header,
        data_check_string,
    })
}

/// The HTTP headers a text names (`X-Request-Timestamp`): words of capitalised parts
/// joined by hyphens, the first `X` (not "X-axis").
pub fn headers_named(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| is_header_name(word))
}

fn is_header_name(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() >= 3
        && parts[0] == "X"
        && parts[1..]
            .iter()
            .all(|part| part.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Finds `https://host/bot<token>/METHOD_NAME` (or `…/file/bot<token>/<file_path>`) and
/// turns it into a template with `{token}`, `{method}`, `{file_path}`.
fn url_template(text: &str, tail: &str) -> Option<String> {
    let end = text.find(tail)? + tail.len();
    let start = text[..end]
        .rfind("https://")
        .or_else(|| text[..end].rfind("http://"))?;
    let url = &text[start..end];
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some(
        token_placeholders(url)
            .replace("METHOD_NAME", "{method}")
            .replace("<file_path>", "{file_path}"),
    )
}

/// A URL as the page writes it with its token placeholders (`<bot_token>`, `<token>`)
/// made the spec's `{token}`: the one place the page's spelling is normalised.
pub(super) fn token_placeholders(url: &str) -> String {
    url.replace("<bot_token>", "{token}")
        .replace("<token>", "{token}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::raw::Table;

    #[test]
    fn the_init_data_key_is_read_from_the_hmac_formula() {
        let sentence = r#"compute HMAC-SHA256(secret_key, data_check_string) where secret\_key = HMAC-SHA256("WebAppData", bot\_token). Compare"#;
        assert_eq!(hmac_key_of_token(sentence).as_deref(), Some("WebAppData"));
        assert_eq!(hmac_key_of_token("HMAC-SHA256(key, message)"), None);
        assert_eq!(hmac_key_of_token("HMAC-SHA256(\"a b\", bot_token)"), None);
        // Telegram's Mini Apps page writes the message first: the call that signs with
        // `secret_key` says so.
        let code = "secret_key = HMAC_SHA256(<bot_token>, \"WebAppData\")\nif (hex(HMAC_SHA256(data_check_string, secret_key)) == hash) {";
        assert_eq!(hmac_key_of_token(code).as_deref(), Some("WebAppData"));
        // The key's place says which argument is the key, whatever is quoted.
        let swapped = "secret_key = HMAC_SHA256(\"WebAppData\", <bot_token>)\nhex(HMAC_SHA256(data_check_string, secret_key))";
        assert_eq!(hmac_key_of_token(swapped), None);
        // Without such a call, the quoted constant is the key.
        assert_eq!(
            hmac_key_of_token("secret_key = HMAC_SHA256(<bot_token>, \"WebAppData\")").as_deref(),
            Some("WebAppData")
        );
    }

    #[test]
    fn the_report_signature_is_read_from_the_pseudo_code() {
        let code = "data_check_string = X-Request-Timestamp + '\\n' + post_body\nsecret_key = SHA256(api_token)\nif (hex(HMAC_SHA256(data_check_string, secret_key)) == X-Request-Signature) {\n  // data is from Telegram\n}";
        assert_eq!(
            report_signature_of_code(code),
            Some(ReportSignature {
                timestamp_header: "X-Request-Timestamp".into(),
                signature_header: "X-Request-Signature".into(),
                data_check_string: "{timestamp}\n{body}".into(),
            })
        );
        // Another key derivation, or no body signed: nothing is read.
        assert_eq!(
            report_signature_of_code(&code.replace("SHA256(api_token)", "MD5(api_token)")),
            None
        );
        assert_eq!(
            report_signature_of_code(&code.replace(" + post_body", "")),
            None
        );
        assert_eq!(
            report_signature_of_code(&code.replace("== X-Request-Signature", "== signature")),
            None
        );
    }

    #[test]
    fn header_names_are_capitalised_x_words() {
        let text = "the X-Request-Timestamp header; the X-axis; X-Telegram-Bot-Api-Secret-Token.";
        assert_eq!(
            headers_named(text).collect::<Vec<_>>(),
            ["X-Request-Timestamp", "X-Telegram-Bot-Api-Secret-Token"]
        );
    }

    #[test]
    fn the_upload_form_is_the_one_the_page_shows() {
        let page = |blocks: Vec<Block>| RawPage {
            title: None,
            sections: vec![RawSection {
                blocks,
                ..RawSection::default()
            }],
        };
        let curl = Block::Code("curl … \\\n-F \"photo=@/path/to/photo.jpg\"".to_owned());
        let attach = Block::Table(Table {
            rows: vec![vec![
                "media".into(),
                "pass “attach://<file_attach_name>”".into(),
            ]],
            ..Table::default()
        });
        assert_eq!(
            upload_form(&page(vec![curl.clone()])),
            Some(UploadForm::ParameterPart)
        );
        assert_eq!(
            upload_form(&page(vec![curl, attach.clone()])),
            Some(UploadForm::Attach)
        );
        assert_eq!(upload_form(&page(vec![attach])), Some(UploadForm::Attach));
        let prose = Block::Text("Or upload new files, using multipart/form-data".into());
        assert_eq!(upload_form(&page(vec![prose])), None);
    }

    #[test]
    fn url_templates() {
        assert_eq!(
            url_template(
                "like this: https://api.telegram.org/bot<token>/METHOD_NAME. Like",
                "METHOD_NAME"
            )
            .as_deref(),
            Some("https://api.telegram.org/bot{token}/{method}")
        );
        assert_eq!(
            url_template(
                "via https://api.telegram.org/file/bot<token>/<file_path>, where",
                "<file_path>"
            )
            .as_deref(),
            Some("https://api.telegram.org/file/bot{token}/{file_path}")
        );
        assert_eq!(
            url_template(
                "presented in this form: https://gatewayapi.telegram.org/METHOD_NAME. Like",
                "METHOD_NAME"
            )
            .as_deref(),
            Some("https://gatewayapi.telegram.org/{method}")
        );
    }
}
