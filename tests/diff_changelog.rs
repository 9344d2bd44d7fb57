//! The diff against the pages' own change logs: for each consecutive pair of the
//! Telegram pages we keep (5.0, 6.3, 7.0, 7.10, 8.3, 9.2, 10.2), every method, type,
//! field and parameter that the NEW page's "Recent changes" section says was added
//! between the two versions must appear as added in our diff of the two pages.
//!
//! What the change-log reader reads (from the page as the scraper's own HTML
//! front-end renders it: links as `[name](#anchor)`, emphasis as `_name_`):
//! - the entries under "Recent changes": an `h4` date heading whose first paragraph
//!   is "Bot API X.Y"; only entries with OLD < X.Y ≤ NEW count. A page lists only its
//!   last few versions, so a pair that skips versions is checked on the entries the
//!   new page still shows (the rest are on a page we do not have).
//! - in each bullet, the clauses whose verb is "added"/"adding" (a bullet is cut
//!   into clauses at verbs such as added, replaced, renamed, removed, allowed);
//! - in such a clause: "class(es)/type(s)/method(s) [A](#a), [B](#b) and [C](#c)"
//!   (not when the noun follows "to/in/of the" or "of": that is a target or a field's
//!   type); "field(s)/privilege(s) _a_, _b_ … to/in the class(es) [T](#t) and _U_"
//!   (also "to the [T](#t) object"); "parameter(s) _a_ … to/in/for the method(s) [m](#m) …".
//!
//! What it cannot read, and therefore does not check: "Added support for …" (a
//! capability, sometimes of fields that existed before), "Replaced X with Y", "Renamed
//! X to Y" (checked only as far as they also say "added"), "… and added the field _x_
//! to it" (no named target), capabilities in prose ("Added support for …", "Added
//! the ability to …" that name no class, field or parameter in the forms above), and
//! classes on other pages (links not starting with `#`, such as the Web App's
//! `WebApp` and `ThemeParams`): these claims are counted as skipped. Clauses that
//! mention a class, field, parameter or method with an "added" verb but yield no
//! claim are printed, so a phrasing the reader misses shows up in the test output.
//!
//! A claim counts as found when the diff has the item added, or renamed to that name
//! (the changelog's "added" can be our rename when a field was replaced by a longer
//! name of the same type), or — for a field or parameter — when its item is new and
//! has it. Claims we cannot confirm for a known reason are listed with the reason in
//! `fixtures/telegram/changelog-exceptions.yaml`; an exception that is no longer
//! needed fails the test too, so the list stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codegen::diagnostics::Diagnostics;
use codegen::diff::{self, ChangeKind, ItemKind, MemberKind, SpecDiff};
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use codegen::scrape::raw::{Block, RawPage};
use codegen::spec::Spec;
use regex::Regex;
use serde::Deserialize;

const VERSIONS: [&str; 7] = ["5.0", "6.3", "7.0", "7.10", "8.3", "9.2", "10.2"];

fn page_path(version: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if version == "10.2" {
        root.join("../spec/sources/telegram/botapi-10.2.html")
    } else {
        root.join(format!("fixtures/telegram/botapi-{version}.html"))
    }
}

// ---------------------------------------------------------------------------
// The change-log reader.

/// A thing the change log says was added.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Claim {
    Type(String),
    Method(String),
    /// (type, field)
    Field(String, String),
    /// (method, parameter)
    Param(String, String),
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Claim::Type(name) => write!(f, "type {name}"),
            Claim::Method(name) => write!(f, "method {name}"),
            Claim::Field(ty, field) => write!(f, "field {ty}.{field}"),
            Claim::Param(method, param) => write!(f, "param {method}.{param}"),
        }
    }
}

/// What the reader got from the entries of one version range.
#[derive(Debug, Default)]
struct Read {
    /// Each claim with the version of the entry that makes it.
    claims: BTreeMap<Claim, String>,
    /// Versions whose entries were read.
    versions: Vec<String>,
    /// Claims about items on other pages (Web Apps), not checked.
    external: usize,
    /// "Added" clauses that name API things but gave no claim.
    unread: Vec<String>,
}

struct Patterns {
    verbs: Regex,
    items: Regex,
    fields: Regex,
    params: Regex,
    link: Regex,
    em: Regex,
    version: Regex,
    mentions: Regex,
    nouns: Regex,
    target: Regex,
}

/// A list of names: `A`, `A and B`, `A, B and C`, `A, B, and C`.
fn list(item: &str) -> String {
    format!(r"{item}(?:(?:,\s*(?:and\s+)?|\s+and\s+){item})*")
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let link = r"\[\w+\]\([^)\s]*\)";
        let em = r"_\w+_";
        let target = format!(r"(?:{link}|_[A-Z]\w*_)");
        let compile = |pattern: &str| Regex::new(pattern).expect("valid pattern");
        Patterns {
            verbs: compile(
                r"(?i)\b(added|adding|replaced|renamed|removed|allowed|changed|moved|increased|supported|deprecated|improved|introduced|decreased|fixed)\b",
            ),
            items: compile(&format!(
                r"\b(class|classes|type|types|method|methods)\s+({})",
                list(link)
            )),
            fields: compile(&format!(
                r"\b(?:field|fields|privilege|privileges)\s+({em_list})\s+(?:of (?:the )?type {link}\s+)?(?:to|in)\s+(?:the\s+)?(?:(?:class|classes|object|objects)\s+({target_list})|({target_list})\s+(?:class|classes|object|objects))",
                em_list = list(em),
                target_list = list(&target),
            )),
            params: compile(&format!(
                r"\b(?:parameter|parameters)\s+({em_list})\s+(?:of (?:the )?type {link}\s+)?(?:to|in|for)\s+the\s+(?:method|methods)\s+({target_list})",
                em_list = list(em),
                target_list = list(&target),
            )),
            link: compile(r"\[(\w+)\]\(([^)\s]*)\)"),
            em: compile(r"_(\w+)_"),
            version: compile(r"^\*\*Bot API (\d+)\.(\d+)\*\*$"),
            mentions: compile(r"\b(class|classes|field|fields|parameter|parameters|method|methods)\b"),
            nouns: compile(r"\b(fields|field|parameters|parameter|classes|class|methods|method)\b"),
            target: compile(r"\s(?:in|to) the (?:class|classes|method|methods|object|objects)\b"),
        }
    })
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The names in a matched list: `(name, internal)`; emphasis counts as internal.
fn names(text: &str) -> Vec<(String, bool)> {
    let p = patterns();
    let mut out: Vec<(usize, String, bool)> = p
        .link
        .captures_iter(text)
        .map(|c| {
            (
                c.get(0).map_or(0, |m| m.start()),
                c[1].to_owned(),
                c[2].starts_with('#'),
            )
        })
        .collect();
    // Emphasis outside links.
    let linked: Vec<(usize, usize)> = p
        .link
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.em.captures_iter(text) {
        let whole = m.get(0).map_or(0..0, |w| w.range());
        if !linked
            .iter()
            .any(|(s, e)| whole.start >= *s && whole.end <= *e)
        {
            out.push((whole.start, m[1].to_owned(), true));
        }
    }
    out.sort();
    out.into_iter()
        .map(|(_, name, internal)| (name, internal))
        .collect()
}

/// The claims of one "added" clause.
fn read_clause(clause: &str, version: &str, read: &mut Read) -> usize {
    let p = patterns();
    let mut found = 0;
    for c in p.items.captures_iter(clause) {
        let start = c.get(0).map_or(0, |m| m.start());
        let before = clause[..start].trim_end();
        if [" to the", " in the", " of the", " of", " with the"]
            .iter()
            .any(|tail| before.ends_with(tail))
        {
            continue; // a target or a field's type, not an addition
        }
        let is_method = c[1].starts_with("method");
        for (name, internal) in names(&c[2]) {
            found += 1;
            if !internal {
                read.external += 1;
                continue;
            }
            let claim = if is_method {
                Claim::Method(name)
            } else {
                Claim::Type(name)
            };
            read.claims
                .entry(claim)
                .or_insert_with(|| version.to_owned());
        }
    }
    for (regex, is_param) in [(&p.fields, false), (&p.params, true)] {
        for c in regex.captures_iter(clause) {
            let members = names(&c[1]);
            let targets_text = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
            for (target, internal) in names(targets_text) {
                for (member, _) in &members {
                    found += 1;
                    if !internal {
                        read.external += 1;
                        continue;
                    }
                    let claim = if is_param {
                        Claim::Param(target.clone(), member.clone())
                    } else {
                        Claim::Field(target.clone(), member.clone())
                    };
                    read.claims
                        .entry(claim)
                        .or_insert_with(|| version.to_owned());
                }
            }
        }
    }
    found
}

/// Cuts a bullet into clauses at its verbs and returns the ones that say something
/// was added, as text [`read_clause`] reads:
/// - "added …"/"adding …" as they are, "… to it" naming the last class linked before;
/// - "replaced A with B …" and "renamed A to B …" rewritten as "added B …", with the
///   noun of A ("the field") and, when B has none, the target of A ("in the class
///   [Message](#message)").
///
/// "Added support for …" states a capability, sometimes of fields that existed
/// before: not read.
fn addition_clauses(bullet: &str) -> Vec<String> {
    let p = patterns();
    let starts: Vec<(usize, String)> = p
        .verbs
        .find_iter(bullet)
        .map(|m| (m.start(), m.as_str().to_ascii_lowercase()))
        .collect();
    let mut out = Vec::new();
    for (i, (start, verb)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(bullet.len(), |(s, _)| *s);
        // A clause ends with its sentence at the latest.
        let clause = &bullet[*start..end];
        let clause = clause.find(". ").map_or(clause, |at| &clause[..at + 1]);
        match verb.as_str() {
            "added" | "adding" if !clause.to_ascii_lowercase().starts_with("added support") => {
                out.push(resolve_it(clause, &bullet[..*start]));
            }
            "replaced" => out.extend(rewrite(clause, " with ")),
            "renamed" => out.extend(rewrite(clause, " to ")),
            _ => {}
        }
    }
    out
}

/// "… to it" → "… to the class [X](#x)", X the last class linked in `before`.
fn resolve_it(clause: &str, before: &str) -> String {
    let p = patterns();
    let last = p
        .link
        .captures_iter(before)
        .filter(|c| c[2].starts_with('#'))
        .last()
        .map(|c| c[0].to_owned());
    match (clause.find(" to it"), last) {
        (Some(at), Some(link)) => {
            format!("{} to the class {link}{}", &clause[..at], &clause[at + 6..])
        }
        _ => clause.to_owned(),
    }
}

/// "Replaced the field _a_ in the class [T](#t) with the field _b_." → "added the
/// field _b_ in the class [T](#t)"; `None` when the clause does not have that shape.
fn rewrite(clause: &str, separator: &str) -> Option<String> {
    let p = patterns();
    let (before, after) = clause.split_once(separator)?;
    let noun = p.nouns.find(before)?;
    let after = after
        .trim()
        .trim_end_matches('.')
        .trim_start_matches("the ");
    let after = p
        .nouns
        .find(after)
        .filter(|m| m.start() == 0)
        .map_or(after, |m| after[m.end()..].trim_start());
    let target = if p.target.is_match(after) {
        ""
    } else {
        p.target.find(before).map_or("", |m| &before[m.start()..])
    };
    Some(format!("added the {} {after}{target}", noun.as_str()))
}

/// Reads the "Recent changes" entries of a page with OLD < version ≤ NEW.
fn read_changelog(page: &RawPage, old: (u32, u32), new: (u32, u32)) -> Read {
    let p = patterns();
    let mut read = Read::default();
    let mut in_changes = false;
    for section in &page.sections {
        if section.level <= 3 {
            in_changes = section.title == "Recent changes";
            continue;
        }
        if !in_changes || section.level != 4 {
            continue;
        }
        let mut blocks = section.blocks.iter();
        let Some(Block::Text(first)) = blocks.next() else {
            continue;
        };
        let Some(c) = p.version.captures(first.trim()) else {
            continue;
        };
        let (Ok(major), Ok(minor)) = (c[1].parse::<u32>(), c[2].parse::<u32>()) else {
            continue;
        };
        if (major, minor) <= old || (major, minor) > new {
            continue;
        }
        let version = format!("{major}.{minor}");
        read.versions.push(version.clone());
        for block in blocks {
            let Block::List(items) = block else { continue };
            for bullet in items {
                for clause in addition_clauses(bullet) {
                    let found = read_clause(&clause, &version, &mut read);
                    if found == 0 && p.mentions.is_match(&clause) {
                        read.unread.push(format!("{version}: {clause}"));
                    }
                }
            }
        }
    }
    read
}

// ---------------------------------------------------------------------------
// Checking claims against a diff.

fn confirmed(claim: &Claim, spec_diff: &SpecDiff, new: &Spec) -> bool {
    let item_changed = |kind: ItemKind, name: &str| {
        spec_diff.changes.iter().any(|c| {
            c.location.item_kind == kind
                && c.location.item == name
                && c.location.member.is_none()
                && matches!(
                    c.kind,
                    ChangeKind::Added { .. } | ChangeKind::Renamed { .. }
                )
        })
    };
    let member_added = |kind: ItemKind, member_kind: MemberKind, item: &str, member: &str| {
        spec_diff.changes.iter().any(|c| {
            c.location.item_kind == kind
                && c.location.item == item
                && c.location.member_kind == Some(member_kind)
                && c.location.member.as_deref() == Some(member)
                && matches!(
                    c.kind,
                    ChangeKind::MemberAdded { .. } | ChangeKind::MemberRenamed { .. }
                )
        })
    };
    match claim {
        Claim::Type(name) => item_changed(ItemKind::Type, name),
        Claim::Method(name) => item_changed(ItemKind::Method, name),
        Claim::Field(ty, field) => {
            member_added(ItemKind::Type, MemberKind::Field, ty, field)
                || (item_changed(ItemKind::Type, ty)
                    && new
                        .find_type(ty)
                        .is_some_and(|t| t.fields().iter().any(|f| &f.name == field)))
        }
        Claim::Param(method, param) => {
            member_added(ItemKind::Method, MemberKind::Param, method, param)
                || (item_changed(ItemKind::Method, method)
                    && new
                        .find_method(method)
                        .is_some_and(|m| m.params.iter().any(|p| &p.name == param)))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    /// The version pair, `OLD..NEW`.
    pair: String,
    /// The claim as the test prints it (`field Chat.foo`).
    claim: String,
    reason: String,
}

fn exceptions() -> Vec<Exception> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/telegram/changelog-exceptions.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let list: Vec<Exception> = serde_yaml::from_str(&text).unwrap();
    for e in &list {
        assert!(
            !e.reason.trim().is_empty(),
            "exception without a reason: {e:?}"
        );
    }
    list
}

struct Loaded {
    page: RawPage,
    spec: Spec,
}

fn load(version: &str) -> Loaded {
    let path = page_path(version);
    let source = std::fs::read_to_string(&path).unwrap();
    let name = path.display().to_string();
    let mut diags = Diagnostics::new(&name);
    let page = Dialect::TELEGRAM_HTML.read(&source, &mut diags);
    let (spec, diags) = codegen::scrape::scrape(&source, &name, None, &KnownFacts::default());
    let spec = spec.unwrap_or_else(|| panic!("{name}: not scraped:\n{diags}"));
    assert!(!diags.has_errors(), "{name}:\n{diags}");
    assert_eq!(spec.api.version.as_deref(), Some(version), "{name}");
    Loaded { page, spec }
}

#[test]
fn changelog_additions_appear_as_additions() {
    let loaded: Vec<Loaded> = VERSIONS.iter().map(|v| load(v)).collect();
    let exceptions = exceptions();
    let mut used = BTreeSet::new();
    let mut failures = Vec::new();
    for (pair, (old_v, new_v)) in loaded.windows(2).zip(VERSIONS.iter().zip(&VERSIONS[1..])) {
        let (old, new) = (&pair[0], &pair[1]);
        let spec_diff = diff::diff(&old.spec, &new.spec).unwrap();
        let read = read_changelog(
            &new.page,
            parse_version(old_v).unwrap(),
            parse_version(new_v).unwrap(),
        );
        let pair_name = format!("{old_v}..{new_v}");
        // The check is not vacuous: against a diff with no changes, nothing is confirmed.
        let nothing = diff::diff(&new.spec, &new.spec).unwrap();
        let vacuous: Vec<String> = read
            .claims
            .keys()
            .filter(|claim| confirmed(claim, &nothing, &new.spec))
            .map(ToString::to_string)
            .collect();
        assert!(
            vacuous.is_empty(),
            "{pair_name}: confirmed without changes: {vacuous:?}"
        );
        let (mut found, mut excused, mut missing) = (0, 0, 0);
        for (claim, version) in &read.claims {
            let text = claim.to_string();
            let exception = exceptions
                .iter()
                .position(|e| e.pair == pair_name && e.claim == text);
            match (confirmed(claim, &spec_diff, &new.spec), exception) {
                (true, None) => found += 1,
                (false, Some(index)) => {
                    used.insert(index);
                    excused += 1;
                }
                (true, Some(index)) => {
                    used.insert(index);
                    failures.push(format!(
                        "{pair_name}: `{text}` is confirmed now; remove its exception"
                    ));
                }
                (false, None) => {
                    missing += 1;
                    failures.push(format!(
                        "{pair_name}: the {version} change log adds `{text}`, the diff does not"
                    ));
                }
            }
        }
        eprintln!(
            "{pair_name}: entries {:?}; {} claims: {found} confirmed, {excused} excused, \
             {missing} missing; {} about other pages; {} unread clauses",
            read.versions,
            read.claims.len(),
            read.external,
            read.unread.len()
        );
        for clause in &read.unread {
            eprintln!("    unread: {clause}");
        }
        assert!(
            !read.versions.is_empty(),
            "{pair_name}: no change-log entry read"
        );
        assert!(!read.claims.is_empty(), "{pair_name}: no claim read");
    }
    for (index, e) in exceptions.iter().enumerate() {
        if !used.contains(&index) {
            failures.push(format!("exception never used: {} {}", e.pair, e.claim));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// The reader itself, on bullets from the pages.

fn claims_of(bullet: &str) -> Vec<String> {
    let mut read = Read::default();
    for clause in addition_clauses(bullet) {
        read_clause(&clause, "1.0", &mut read);
    }
    read.claims.keys().map(ToString::to_string).collect()
}

#[test]
fn reads_classes_methods_fields_and_parameters() {
    assert_eq!(
        claims_of("Added the class [ExternalReplyInfo](#externalreplyinfo) and the field _external_reply_ of type [ExternalReplyInfo](#externalreplyinfo) to the class [Message](#message), containing information."),
        ["type ExternalReplyInfo", "field Message.external_reply"]
    );
    assert_eq!(
        claims_of("Added updates about chat boost changes, represented by the classes [ChatBoostUpdated](#chatboostupdated) and [ChatBoostRemoved](#chatboostremoved) and the fields _chat_boost_ and _removed_chat_boost_ in the class [Update](#update)."),
        [
            "type ChatBoostRemoved",
            "type ChatBoostUpdated",
            "field Update.chat_boost",
            "field Update.removed_chat_boost"
        ]
    );
    assert_eq!(
        claims_of("Added the parameters _can_post_stories_, _can_edit_stories_ and _can_delete_stories_ to the method [promoteChatMember](#promotechatmember)."),
        [
            "param promoteChatMember.can_delete_stories",
            "param promoteChatMember.can_edit_stories",
            "param promoteChatMember.can_post_stories"
        ]
    );
    assert_eq!(
        claims_of("Added the field _thumb_ to the [StickerSet](#stickerset) object."),
        ["field StickerSet.thumb"]
    );
    assert_eq!(
        claims_of("Added the methods [deleteMessages](#deletemessages), [forwardMessages](#forwardmessages), and [copyMessages](#copymessages)."),
        ["method copyMessages", "method deleteMessages", "method forwardMessages"]
    );
    assert_eq!(
        claims_of(
            "Added the field _quote_ of type [TextQuote](#textquote) to the class _Message_."
        ),
        ["field Message.quote"]
    );
}

#[test]
fn reads_replacements_and_renames_as_additions_of_the_new_names() {
    assert_eq!(
        claims_of("Replaced the field _user_shared_ in the class [Message](#message) with the field _users_shared_."),
        ["field Message.users_shared"]
    );
    assert_eq!(
        claims_of("Renamed the field _request_user_ in the class [KeyboardButton](#keyboardbutton) to _request_users_."),
        ["field KeyboardButton.request_users"]
    );
    assert_eq!(
        claims_of("Renamed the class _KeyboardButtonRequestUser_ to [KeyboardButtonRequestUsers](#keyboardbuttonrequestusers) and added the field _max_quantity_ to it."),
        [
            "type KeyboardButtonRequestUsers",
            "field KeyboardButtonRequestUsers.max_quantity"
        ]
    );
    assert_eq!(
        claims_of("Added the class [LinkPreviewOptions](#linkpreviewoptions) and replaced the parameter _disable_web_page_preview_ with _link_preview_options_ in the methods [sendMessage](#sendmessage) and [editMessageText](#editmessagetext)."),
        [
            "type LinkPreviewOptions",
            "param editMessageText.link_preview_options",
            "param sendMessage.link_preview_options"
        ]
    );
    assert_eq!(
        claims_of("Added the class [MessageOrigin](#messageorigin) and replaced the fields _forward_from_ and _forward_date_ with the field _forward_origin_ of type [MessageOrigin](#messageorigin) in the class [Message](#message)."),
        ["type MessageOrigin", "field Message.forward_origin"]
    );
}

#[test]
fn does_not_read_capabilities_or_other_pages() {
    assert!(claims_of("Added support for the fields _emoji_status_custom_emoji_id_ and _emoji_status_expiration_date_ in the class [Chat](#chat) for non-private chats.").is_empty());
    assert!(
        claims_of("Allowed to explicitly specify “blockquote” entities in formatted texts.")
            .is_empty()
    );
    let mut read = Read::default();
    for clause in addition_clauses("Added the field _SettingsButton_ to the class [WebApp](/bots/webapps#initializing-mini-apps).") {
        read_clause(&clause, "7.0", &mut read);
    }
    assert!(read.claims.is_empty());
    assert_eq!(read.external, 1);
}
