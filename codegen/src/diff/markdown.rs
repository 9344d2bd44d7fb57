//! The diff as a release note in Markdown.
//!
//! Layout: a title naming both versions (of the API, and of the crate when they are
//! known: [`CrateVersions`]), a one-paragraph verdict (counts and the release they
//! call for), then one section per impact (breaking, compatible, documentation), each
//! with "API", "Types" and "Methods" groups. An item is one bullet; its own changes
//! (new, removed, renamed) follow its name, changes to its fields and parameters are
//! nested bullets. Breaking changes say why they break. A removed member that added
//! ones replace is one entry naming them all (the added ones are not listed again).
//!
//! Description and detail changes are only counted unless
//! [`RenderOptions::descriptions`] asks for them; then each shows a word diff, except
//! those in punctuation, case or whitespace only, which are always only counted.
//!
//! The Markdown stays valid around the page's own markup: a word diff never cuts
//! through a link, a code span or an emphasis ([`tokens`]), so `~~…~~` and `**…**`
//! always wrap whole spans; inline code uses a fence longer than any backquote run in
//! the value ([`code`]).

use std::fmt::Write;

use similar::{ChangeTag, TextDiff};

use crate::diff::model::{
    Change, ChangeKind, CrateVersions, Impact, ItemKind, MemberKind, Release, SideInfo, SpecDiff,
};
use crate::diff::RenderOptions;

/// Words of unchanged text kept around each change in a description's word diff.
const CONTEXT_WORDS: usize = 4;

/// Renders the release note; ends with a newline.
pub fn render(diff: &SpecDiff, options: RenderOptions) -> String {
    render_for(diff, options, None)
}

/// Renders the release note of the crate whose versions are `versions`, when they are
/// known; ends with a newline.
pub fn render_for(
    diff: &SpecDiff,
    options: RenderOptions,
    versions: Option<&CrateVersions>,
) -> String {
    let mut out = String::new();
    let title = title(&diff.old, &diff.new);
    // Without a release, there is no next version to name.
    let versions = versions.filter(|v| v.next != v.current);
    let _ = match versions {
        Some(v) => writeln!(out, "# {} {} → {}: {title}\n", v.name, v.current, v.next),
        None => writeln!(out, "# {title}\n"),
    };
    out.push_str(&verdict(diff, versions));
    out.push_str(&sections(diff, options, 2));
    if !options.descriptions && diff.changes.iter().any(listable_description) {
        out.push_str("Pass `--descriptions` to list them.\n");
    }
    out
}

/// A description or detail change that `--descriptions` lists (cosmetic description
/// changes never are).
fn listable_description(change: &Change) -> bool {
    change.kind.is_description() && !change.kind.is_cosmetic()
}

/// The sections of the note (one per impact, then API/Types/Methods groups), with
/// headings starting at `level` (2: `##`). Used as they are in changelog entries.
pub fn sections(diff: &SpecDiff, options: RenderOptions, level: usize) -> String {
    let mut out = String::new();
    let (h1, h2) = ("#".repeat(level), "#".repeat(level + 1));
    let cosmetic = cosmetic_count(diff);
    let folded = diff
        .changes
        .iter()
        .filter(|c| c.kind.is_description())
        .count();
    let replacing = replacing(diff);
    for impact in Impact::ALL {
        let shown: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| c.impact == impact)
            .filter(|c| {
                if c.kind.is_description() {
                    options.descriptions && !c.kind.is_cosmetic()
                } else {
                    !replacing.contains(&key(c))
                }
            })
            .collect();
        let note = if impact != Impact::Docs {
            None
        } else if !options.descriptions && folded > 0 {
            let of_which = match cosmetic {
                0 => String::new(),
                n => format!(", {n} of them only in punctuation, case or whitespace"),
            };
            Some(format!(
                "{} in descriptions and details (defaults, ranges, lengths) not listed{of_which}.",
                plural(folded, "change", "changes")
            ))
        } else if options.descriptions && cosmetic > 0 {
            Some(format!(
                "{} only in punctuation, case or whitespace not listed.",
                plural(cosmetic, "description change", "description changes")
            ))
        } else {
            None
        };
        if shown.is_empty() && note.is_none() {
            continue;
        }
        let _ = writeln!(out, "\n{h1} {}", section_title(impact));
        for kind in [ItemKind::Api, ItemKind::Type, ItemKind::Method] {
            let group: Vec<&Change> = shown
                .iter()
                .copied()
                .filter(|c| c.location.item_kind == kind)
                .collect();
            if !group.is_empty() {
                let _ = writeln!(out, "\n{h2} {}\n", group_title(kind));
                render_group(&group, impact, diff, &mut out);
            }
        }
        if let Some(note) = note {
            let _ = writeln!(out, "\n{note}");
        }
    }
    out
}

/// Description changes in punctuation, case or whitespace only.
pub fn cosmetic_count(diff: &SpecDiff) -> usize {
    diff.changes.iter().filter(|c| c.kind.is_cosmetic()).count()
}

/// Where a member change is: item kind, item, member kind, member.
type MemberKey<'a> = (ItemKind, &'a str, Option<MemberKind>, Option<&'a str>);

fn key(change: &Change) -> MemberKey<'_> {
    let at = &change.location;
    (at.item_kind, &at.item, at.member_kind, at.member.as_deref())
}

/// The added members that replace a removed one: shown in the removal's entry only.
fn replacing(diff: &SpecDiff) -> Vec<MemberKey<'_>> {
    let mut out = Vec::new();
    for change in &diff.changes {
        if let ChangeKind::MemberRemoved { replaced_by, .. } = &change.kind {
            let at = &change.location;
            for name in replaced_by {
                out.push((
                    at.item_kind,
                    at.item.as_str(),
                    at.member_kind,
                    Some(name.as_str()),
                ));
            }
        }
    }
    out
}

/// The change that added `name` next to `removed` (a replacement of it).
fn added_member<'a>(diff: &'a SpecDiff, removed: &Change, name: &str) -> Option<&'a Change> {
    diff.changes.iter().find(|c| {
        matches!(c.kind, ChangeKind::MemberAdded { .. })
            && c.location.item_kind == removed.location.item_kind
            && c.location.item == removed.location.item
            && c.location.member_kind == removed.location.member_kind
            && c.location.member.as_deref() == Some(name)
    })
}

/// "Telegram Bot API 9.2 → 10.2", or both names in full when they differ.
fn title(old: &SideInfo, new: &SideInfo) -> String {
    if old.name == new.name {
        let version = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no version)".to_owned());
        format!(
            "{} {} → {}",
            new.name,
            version(&old.version),
            version(&new.version)
        )
    } else {
        format!("{} → {}", side(old), side(new))
    }
}

fn side(info: &SideInfo) -> String {
    match &info.version {
        Some(version) => format!("{} {version}", info.name),
        None => info.name.clone(),
    }
}

/// One paragraph: the worst kind of change, the counts and the release they call
/// for, with the crate's versions when they are known.
pub fn verdict(diff: &SpecDiff, versions: Option<&CrateVersions>) -> String {
    let s = &diff.summary;
    let headline = match s.release {
        Release::None => return "No changes.\n".to_owned(),
        Release::Patch => "**Documentation only**",
        Release::Minor => "**Compatible**",
        Release::Major => "**Breaking**",
    };
    let release = match versions {
        Some(v) => format!("{} ({} → {})", s.release.noun(), v.current, v.next),
        None => format!("{} of the generated crate", s.release.noun()),
    };
    format!("{headline}: {}, so {release}.\n", counts(diff))
}

/// "18 breaking, 269 compatible and 366 documentation-only changes (171 of them only
/// in punctuation, case or whitespace)".
pub fn counts(diff: &SpecDiff) -> String {
    let s = &diff.summary;
    let cosmetic = match cosmetic_count(diff) {
        0 => String::new(),
        n => format!(" ({n} of them only in punctuation, case or whitespace)"),
    };
    format!(
        "{} breaking, {} compatible and {} documentation-only {}{cosmetic}",
        s.breaking,
        s.compatible,
        s.docs,
        if s.docs == 1 { "change" } else { "changes" },
    )
}

fn section_title(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "Breaking changes",
        Impact::Compatible => "Compatible changes",
        Impact::Docs => "Documentation",
    }
}

fn group_title(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Api => "API",
        ItemKind::Type => "Types",
        ItemKind::Method => "Methods",
    }
}

/// One bullet per item, the item's own changes on its line, member changes nested.
fn render_group(changes: &[&Change], impact: Impact, diff: &SpecDiff, out: &mut String) {
    let mut rest = changes;
    while let Some(first) = rest.first() {
        let item = &first.location.item;
        let len = rest.iter().take_while(|c| &c.location.item == item).count();
        let (own, members): (Vec<&Change>, Vec<&Change>) = rest[..len]
            .iter()
            .partition(|c| c.location.member.is_none());
        rest = &rest[len..];
        if first.location.item_kind == ItemKind::Api {
            for change in own {
                let _ = writeln!(out, "- {}: {}", code(item), phrase(change, impact, diff));
            }
            continue;
        }
        let own: Vec<String> = own.iter().map(|c| phrase(c, impact, diff)).collect();
        if own.is_empty() {
            let _ = writeln!(out, "- **{}**", code(item));
        } else {
            let _ = writeln!(out, "- **{}**: {}", code(item), own.join("; "));
        }
        for change in members {
            let _ = writeln!(out, "  - {}", phrase(change, impact, diff));
        }
    }
}

/// One change in words, without its item's name (the bullet it sits in has it).
fn phrase(change: &Change, impact: Impact, diff: &SpecDiff) -> String {
    use ChangeKind as K;
    let member = match (&change.location.member_kind, &change.location.member) {
        (Some(MemberKind::Field), Some(name)) => format!("field {}", code(name)),
        (Some(MemberKind::Param), Some(name)) => format!("parameter {}", code(name)),
        (Some(MemberKind::Value), Some(name)) => format!("value {}", code(name)),
        _ => String::new(),
    };
    // "field `x`: " before a change inside an item; nothing for the item itself.
    let at = if member.is_empty() {
        String::new()
    } else {
        format!("{member}: ")
    };
    let member_word = match change.location.member_kind {
        Some(MemberKind::Param) => "parameter",
        Some(MemberKind::Value) => "value",
        _ => "field",
    };
    let item_word = match change.location.item_kind {
        ItemKind::Method => "method",
        _ => "type",
    };
    let requiredness = |required: bool| if required { "required" } else { "optional" };
    // Reasons of the added members a replacement entry includes, when they break too.
    let mut more_reasons = Vec::new();
    let text = match &change.kind {
        K::Added { summary } => format!("new {item_word}, {summary}"),
        K::Removed { summary } => format!("removed (was: {summary})"),
        K::Renamed { from, evidence } => format!("renamed from {} ({evidence})", code(from)),
        K::ShapeChanged { old, new } => format!("changed from {} to {}", old.name(), new.name()),
        K::MemberAdded { member: m } => {
            format!("new {} {member}: {}", requiredness(m.required), code(&m.ty))
        }
        K::MemberRemoved {
            member: m,
            replaced_by,
        } if !replaced_by.is_empty() => {
            let replacements: Vec<String> = replaced_by
                .iter()
                .map(|name| match added_member(diff, change, name) {
                    Some(added) => {
                        if let K::MemberAdded { member: a } = &added.kind {
                            if added.impact == Impact::Breaking && impact == Impact::Breaking {
                                more_reasons.push(added.reason.clone());
                            }
                            format!(
                                "{} ({}, {})",
                                code(name),
                                code(&a.ty),
                                requiredness(a.required)
                            )
                        } else {
                            code(name)
                        }
                    }
                    None => code(name),
                })
                .collect();
            format!(
                "{member} ({}, {}) replaced by {}",
                code(&m.ty),
                requiredness(m.required),
                and_list(&replacements)
            )
        }
        K::MemberRemoved { member: m, .. } => format!(
            "{member} removed (was {}, {})",
            code(&m.ty),
            requiredness(m.required)
        ),
        K::MemberRenamed { from, evidence } => {
            format!(
                "{member_word} {} renamed to {} ({evidence})",
                code(from),
                code(name(change))
            )
        }
        K::TypeChanged { old, new } => format!("{member}: type {} → {}", code(old), code(new)),
        K::AttachmentChanged { new: true, .. } => {
            format!("{member} may now be a file uploaded with the request (`attach://…`)")
        }
        K::AttachmentChanged { new: false, .. } => {
            format!("{member} is no longer a file uploaded with the request")
        }
        K::RequiredChanged { new: true, .. } => format!("{member} is now required"),
        K::RequiredChanged { new: false, .. } => format!("{member} is now optional"),
        K::EnumIntroduced { values } => format!("{member} now takes one of {}", code_list(values)),
        K::EnumDropped { values } => format!("{member} no longer limited to {}", code_list(values)),
        K::EnumValueAdded { value } => format!("{at}new value {}", code(value)),
        K::EnumValueRemoved { value } => format!("{at}value {} removed", code(value)),
        K::ConstChanged { old, new } => {
            format!("{at}constant {} → {}", optional(old), optional(new))
        }
        K::VariantAdded { variant } => format!("new variant {}", code(variant)),
        K::VariantRemoved { variant } => format!("variant {} removed", code(variant)),
        K::DiscriminatorChanged { old, new } => {
            format!("tag field {} → {}", optional(old), optional(new))
        }
        K::ReturnsChanged { old, new } => {
            format!("returns {} instead of {}", code(new), code(old))
        }
        K::HttpMethodChanged { old, new } => format!(
            "HTTP method {} → {}",
            old.as_deref().map_or("default".to_owned(), code),
            new.as_deref().map_or("default".to_owned(), code)
        ),
        K::FactChanged { old, new } => format!("{} → {}", optional(old), optional(new)),
        K::GroupChanged { old, new } => {
            format!("page group {} → {}", optional(old), optional(new))
        }
        K::DetailChanged { detail, old, new } => format!(
            "{at}{} {} → {}",
            detail.name(),
            optional(old),
            optional(new)
        ),
        K::NoSpecChange => format!(
            "{at}unchanged in the spec, yet its generated Rust changes \
             (it follows from changes elsewhere, or from the generator): {}",
            change.reason
        ),
        K::DescriptionChanged { old, new, .. } => {
            let at = if member.is_empty() {
                "description".to_owned()
            } else {
                format!("{member}, description")
            };
            format!("{at}: {}", word_diff(old, new))
        }
    };
    if impact == Impact::Breaking && change.kind != K::NoSpecChange {
        let mut reasons = vec![change.reason.clone()];
        reasons.extend(more_reasons.into_iter().filter(|r| *r != change.reason));
        format!("{text} — _{}_", reasons.join("; "))
    } else {
        text
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `text` as inline code, with a fence longer than any run of backquotes in it (and
/// spaces inside when it starts or ends with one), so any value stays one code span.
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn name(change: &Change) -> &str {
    change
        .location
        .member
        .as_deref()
        .unwrap_or(&change.location.item)
}

fn optional(value: &Option<String>) -> String {
    match value {
        Some(value) => code(value),
        None => "none".to_owned(),
    }
}

fn code_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The changed words of a description: deletions as `~~…~~`, insertions as `**…**`,
/// unchanged runs cut down to a few words of context. Words are [`tokens`], so a
/// link, a code span or an emphasis is kept or marked whole.
pub fn word_diff(old: &str, new: &str) -> String {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    if old_tokens.is_empty() {
        return format!("added “{}”", new_tokens.join(" "));
    }
    if new_tokens.is_empty() {
        return format!("removed “{}”", old_tokens.join(" "));
    }
    let diff = TextDiff::configure().diff_slices(&old_tokens, &new_tokens);
    // Runs of (tag, tokens), merging neighbours with the same tag.
    let mut runs: Vec<(ChangeTag, Vec<&str>)> = Vec::new();
    for change in diff.iter_all_changes() {
        let token = change.value();
        match runs.last_mut() {
            Some((tag, run)) if *tag == change.tag() => run.push(token),
            _ => runs.push((change.tag(), vec![token])),
        }
    }
    let last = runs.len().saturating_sub(1);
    let mut parts: Vec<String> = Vec::new();
    for (index, (tag, run)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Equal => parts.push(context(run, index == 0, index == last)),
            ChangeTag::Delete => parts.push(format!("~~{}~~", run.join(" "))),
            // Already bold: strong spans inside lose their own markers, which would
            // otherwise touch the insertion's and end it.
            ChangeTag::Insert => parts.push(format!("**{}**", without_strong(&run.join(" ")))),
        }
    }
    parts.join(" ")
}

/// An unchanged run, shortened: the last words before a change, the first words
/// after one, both sides in the middle.
fn context(words: &[&str], first: bool, last: bool) -> String {
    if words.len() <= 2 * CONTEXT_WORDS + 1 || (first && last) {
        return words.join(" ");
    }
    let head = words[..CONTEXT_WORDS].join(" ");
    let tail = words[words.len() - CONTEXT_WORDS..].join(" ");
    match (first, last) {
        (true, _) => format!("… {tail}"),
        (false, true) => format!("{head} …"),
        (false, false) => format!("{head} … {tail}"),
    }
}

/// The words of a description for a word diff: split at whitespace, except inside a
/// link (`[text](target)`), a code span or an emphasis (`_…_`, `**…**`), each of which
/// stays one token with whatever touches it (`[Message](#message).`). Backslash
/// escapes are kept as they are and open nothing. When the markup does not balance
/// (the text would not render as intended anyway), plain whitespace splitting.
pub fn tokens(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    // Separators: the text between a token's end and the next token's start.
    let is_separator = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut code: Option<usize> = None; // the opening backquote run's length
    let (mut brackets, mut target, mut emphasis, mut strong) = (0usize, false, false, false);
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let open = code.is_some() || brackets > 0 || target || emphasis || strong;
        if c.is_whitespace() && !open {
            if let Some(from) = start.take() {
                out.push(&text[from..offset]);
            }
            i += 1;
            continue;
        }
        start.get_or_insert(offset);
        let previous = i.checked_sub(1).and_then(at);
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|(_, c)| *c == '`').count();
                match code {
                    Some(open) if open == run => code = None,
                    None => code = Some(run),
                    Some(_) => {}
                }
                i += run;
                continue;
            }
            _ if code.is_some() => {}
            '\\' => {
                i += 2;
                continue;
            }
            '[' => brackets += 1,
            ']' if brackets > 0 => {
                brackets -= 1;
                target = brackets == 0 && at(i + 1) == Some('(');
            }
            ')' if target => target = false,
            '*' if at(i + 1) == Some('*') => {
                let before = previous;
                let after = at(i + 2);
                if strong && !is_separator(before) {
                    strong = false;
                } else if !strong && !is_separator(after) {
                    strong = true;
                }
                i += 2;
                continue;
            }
            '_' => {
                let next = at(i + 1);
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                // Intraword underscores (`can_pin_messages`) are no emphasis.
                if emphasis && !is_separator(previous) && !word(next) {
                    emphasis = false;
                } else if !emphasis && !word(previous) && !is_separator(next) {
                    emphasis = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(from) = start {
        out.push(&text[from..]);
    }
    if code.is_some() || brackets > 0 || target || emphasis || strong {
        return text.split_whitespace().collect();
    }
    out
}

/// `text` without the markers of strong spans outside code spans.
fn without_strong(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && rest.starts_with("**") {
            rest = &rest[2..];
            continue;
        }
        if c == '\\' {
            // An escape and what it escapes, as they are.
            let len = rest.chars().take(2).map(char::len_utf8).sum::<usize>();
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_changes_and_trims_context() {
        assert_eq!(word_diff("a b c", "a x c"), "a ~~b~~ **x** c");
        let long = "one two three four five six seven eight nine ten eleven twelve";
        let changed = long.replace("twelve", "dozen");
        assert_eq!(
            word_diff(long, &changed),
            "… eight nine ten eleven ~~twelve~~ **dozen**"
        );
        assert_eq!(word_diff("", "new"), "added “new”");
        assert_eq!(word_diff("old", ""), "removed “old”");
    }

    #[test]
    fn links_code_and_emphasis_are_single_tokens() {
        assert_eq!(
            tokens("See [formatting options](https://x.org/#f) for `a b` and _x y_, **p q**."),
            [
                "See",
                "[formatting options](https://x.org/#f)",
                "for",
                "`a b`",
                "and",
                "_x y_,",
                "**p q**."
            ]
        );
        // Intraword underscores and escapes open nothing.
        assert_eq!(
            tokens("can_pin_messages \\[a b\\] \\_c d"),
            ["can_pin_messages", "\\[a", "b\\]", "\\_c", "d"]
        );
        // Unbalanced markup: plain words.
        assert_eq!(tokens("a `b c"), ["a", "`b", "c"]);
        assert_eq!(tokens("[a b"), ["[a", "b"]);
    }

    /// The case of the issue: `~~options](https://…)~~ **options](#…)**` split a link.
    #[test]
    fn a_changed_link_is_struck_and_inserted_whole() {
        let old = "See [formatting options](https://core.telegram.org/bots/api#formatting-options) for more details.";
        let new = "See [formatting options](#formatting-options) for more details.";
        assert_eq!(
            word_diff(old, new),
            "See ~~[formatting options](https://core.telegram.org/bots/api#formatting-options)~~ \
             **[formatting options](#formatting-options)** for more details."
        );
    }

    #[test]
    fn insertions_of_strong_text_stay_one_strong_span() {
        assert_eq!(
            word_diff("Pass True", "Pass **True** always"),
            "Pass ~~True~~ **True always**"
        );
        assert_eq!(without_strong("a **b** `**c**`"), "a b `**c**`");
    }

    #[test]
    fn code_fences_outlast_backquotes_inside() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a`"), "`` `a` ``");
    }
}
