//! What the archive widget shows, decided natively: its view in the URL
//! fragment, the links into episode pages, speaker filter keys, snippets
//! and the wording of counts.
//!
//! In: the reader's view ([`ArchiveView`]), an [`ArchiveResult`], the
//! show's [`SpeakerEntry`]s. Out: plain strings and values the components
//! render. Always holds: nothing here touches the DOM or a signal; the
//! fragment uses [`crate::view_state`]'s encoding for `q` and `speaker`, so
//! an archive link and an episode link read alike, and an episode link
//! opens the episode widget at the hit (`<slug>/#q=…&t=…`).
//!
//! The archive's fragment: `#q=<query>&speaker=<key>[,<key>]&order=newest`.
//! A speaker key is the speaker's name folded to lower-case letters, digits
//! and `-` ([`speaker_key`]: `Grace Shao` → `grace-shao`), because a show's
//! names, not each episode's ids, are what the archive filters by. `order`
//! is the one key of its own: absent means most matches first.

use super::format::{Manifest, SpeakerEntry};
use super::search::ArchiveResult;
use crate::transcript::Millis;
use crate::view_state::{self, merge_fragment, parse_fragment, percent_decode, to_fragment, ViewState};

/// The fragment key for the order of results (`order=newest`).
pub const ORDER_KEY: &str = "order";
/// The value of [`ORDER_KEY`] for newest first.
const NEWEST: &str = "newest";
/// Longest speaker key (the longest speaker id a URL keeps).
const MAX_KEY_BYTES: usize = 64;
/// Characters of a segment's text a snippet shows at most (plus whole
/// words at its ends and a match longer than that).
pub const SNIPPET_CHARS: usize = 220;
/// Characters a snippet shows before its first match, about.
const SNIPPET_LEAD: usize = 60;

/// What the archive's reader is looking at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveView {
    /// The search text as typed.
    pub query: String,
    /// Speaker keys chosen ([`speaker_key`]); everyone when empty.
    pub speakers: Vec<String>,
    /// Newest episodes first instead of most matches first.
    pub newest_first: bool,
}

/// Reads the archive's view from a fragment (keys after `prefix`). Unknown
/// keys and values are ignored.
pub fn parse_view(fragment: &str, prefix: &str) -> ArchiveView {
    let ViewState { query, speakers, .. } = parse_fragment(fragment, prefix);
    let newest_first = pairs(fragment).any(|(key, value)| is_order_key(key, prefix) && value == NEWEST);
    ArchiveView { query, speakers, newest_first }
}

/// Replaces the archive's keys in `existing`, keeping every other pair.
pub fn merge_view(existing: &str, view: &ArchiveView, prefix: &str) -> String {
    let others: Vec<&str> = existing
        .trim_start_matches('#')
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_order_key(pair.split_once('=').map_or(*pair, |(k, _)| k), prefix))
        .collect();
    let shared = ViewState { query: view.query.clone(), speakers: view.speakers.clone(), time: None };
    let mut fragment = merge_fragment(&others.join("&"), &shared, prefix);
    if view.newest_first {
        if !fragment.is_empty() {
            fragment.push('&');
        }
        fragment.push_str(&format!("{prefix}{ORDER_KEY}={NEWEST}"));
    }
    fragment
}

/// Whether `fragment` has any of the archive's keys (with `prefix`).
pub fn mentions_view(fragment: &str, prefix: &str) -> bool {
    view_state::mentions_view(fragment, prefix) || pairs(fragment).any(|(key, _)| is_order_key(key, prefix))
}

/// A fragment's pairs as written (key, value).
fn pairs(fragment: &str) -> impl Iterator<Item = (&str, &str)> {
    fragment.trim_start_matches('#').split('&').map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// Whether a key as written is this archive's order key.
fn is_order_key(key: &str, prefix: &str) -> bool {
    percent_decode(key).is_some_and(|key| key.strip_prefix(prefix) == Some(ORDER_KEY))
}

/// The link to an episode page, relative to the site's root: its folder
/// (`slug`, percent-encoded as one path segment), opened at `start` with
/// `query` in its search field and `speakers` (ids in that episode) chosen.
/// The episode widget restores that view.
pub fn episode_link(slug: &str, query: &str, speakers: &[String], start: Option<Millis>) -> String {
    let view = ViewState { query: query.to_string(), speakers: speakers.to_vec(), time: start.map(|s| (s, None)) };
    let fragment = to_fragment(&view, "");
    let mut link = String::with_capacity(slug.len() + fragment.len() + 2);
    for b in slug.bytes() {
        // Everything but unreserved characters: a `:` in a first segment
        // would read as a URL scheme, a `/` as another folder.
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            link.push(b as char);
        } else {
            link.push_str(&format!("%{b:02X}"));
        }
    }
    link.push('/');
    if !fragment.is_empty() {
        link.push('#');
        link.push_str(&fragment);
    }
    link
}

/// The site's root for a catalogue folder's URL (`data-src`): the folder
/// holding it, as a URL relative to the catalogue's (`catalogue/` →
/// `catalogue/../`), to resolve the catalogue's file paths against.
pub fn site_root(catalogue: &str) -> String {
    let catalogue = catalogue.trim();
    let catalogue = if catalogue.is_empty() { "catalogue/" } else { catalogue };
    if catalogue.ends_with('/') {
        format!("{catalogue}../")
    } else {
        format!("{catalogue}/../")
    }
}

/// A speaker name as a URL key: lower-case letters and digits, other runs
/// of characters as one `-` (what `speaker=` keeps from a URL).
pub fn speaker_key(name: &str) -> String {
    let mut key = String::new();
    // Folded like search terms (case and accents), through the tokenizer's
    // table rather than core's case tables, which the wasm does not carry.
    for c in crate::tokenize::normalize(name).chars() {
        if c.is_alphanumeric() {
            if key.len() + c.len_utf8() > MAX_KEY_BYTES {
                break;
            }
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_string()
}

/// One speaker the reader can filter by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerChoice {
    /// Its URL key.
    pub key: String,
    /// Its name as shown.
    pub name: String,
    /// The names the search is asked for (names that fold to one key).
    pub names: Vec<String>,
    /// Episodes any of them speaks in.
    pub episodes: usize,
}

/// The show's speakers as filter choices: one per key, those in the most
/// episodes first (the hosts), then by name.
pub fn speaker_choices(entries: &[SpeakerEntry]) -> Vec<SpeakerChoice> {
    let mut choices: Vec<SpeakerChoice> = Vec::new();
    // Key → its place in `choices` (a show has thousands of speakers).
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for entry in entries {
        let key = speaker_key(&entry.name);
        if key.is_empty() {
            continue;
        }
        match at.get(&key) {
            Some(&i) => {
                choices[i].names.push(entry.name.clone());
                choices[i].episodes += entry.episodes.len();
            }
            None => {
                at.insert(key.clone(), choices.len());
                choices.push(SpeakerChoice {
                    key,
                    name: entry.name.clone(),
                    names: vec![entry.name.clone()],
                    episodes: entry.episodes.len(),
                });
            }
        }
    }
    // Keys are distinct, so the order is total: an unstable sort gives the
    // same list without a second sort algorithm in the wasm.
    choices.sort_unstable_by(|a, b| {
        b.episodes.cmp(&a.episodes).then_with(|| a.name.cmp(&b.name)).then_with(|| a.key.cmp(&b.key))
    });
    choices
}

/// The choices the manifest lists (the most frequent), before the
/// speakers file is loaded.
pub fn listed_choices(manifest: &Manifest) -> Vec<SpeakerChoice> {
    manifest
        .speakers
        .iter()
        .map(|s| SpeakerChoice {
            key: speaker_key(&s.name),
            name: s.name.clone(),
            names: s.names.clone(),
            episodes: s.episodes as usize,
        })
        .collect()
}

/// Which choices get a button of their own: the first `max`, and every
/// chosen one (so it can be unpressed); the rest go in a list.
pub fn split_choices<'a>(
    choices: &'a [SpeakerChoice],
    chosen: &[String],
    max: usize,
) -> (Vec<&'a SpeakerChoice>, Vec<&'a SpeakerChoice>) {
    let (buttons, mut rest): (Vec<_>, Vec<_>) =
        choices.iter().enumerate().partition(|(i, c)| *i < max || chosen.contains(&c.key));
    rest.sort_unstable_by(|a, b| a.1.name.cmp(&b.1.name).then_with(|| a.1.key.cmp(&b.1.key)));
    (buttons.into_iter().map(|(_, c)| c).collect(), rest.into_iter().map(|(_, c)| c).collect())
}

/// The names to search for, for the chosen keys (unknown keys are ignored,
/// as every unknown part of a URL is).
pub fn chosen_names(choices: &[SpeakerChoice], chosen: &[String]) -> Vec<String> {
    choices.iter().filter(|c| chosen.contains(&c.key)).flat_map(|c| c.names.iter().cloned()).collect()
}

/// A piece of a snippet: text, marked or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetPiece {
    /// The text.
    pub text: String,
    /// Whether it is a match.
    pub marked: bool,
}

/// The part of a segment's text a result shows: all of it when short,
/// else about [`SNIPPET_CHARS`] characters from a little before the first
/// match, cut at spaces, with `…` where text was left out. `spans` are byte
/// ranges of `text` (spans that are out of order, out of bounds or not on
/// character boundaries are ignored).
pub fn snippet(text: &str, spans: &[(usize, usize)]) -> Vec<SnippetPiece> {
    let mut valid: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in spans {
        let after_last = valid.last().is_none_or(|&(_, end)| a >= end);
        if a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b) && after_last {
            valid.push((a, b));
        }
    }
    let (from, to) = window(text, valid.first().copied());
    let mut pieces = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if !text.is_empty() {
            pieces.push(SnippetPiece { text: text.to_string(), marked });
        }
    };
    if from > 0 {
        push("…", false);
    }
    let mut at = from;
    for (a, b) in valid.into_iter().filter(|&(a, b)| a >= from && b <= to) {
        push(&text[at..a], false);
        push(&text[a..b], true);
        at = b;
    }
    push(&text[at..to], false);
    if to < text.len() {
        push("…", false);
    }
    // Pieces side by side: the ellipses join the text next to them.
    let mut merged: Vec<SnippetPiece> = Vec::new();
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if !last.marked && !piece.marked => last.text.push_str(&piece.text),
            _ => merged.push(piece),
        }
    }
    merged
}

/// The byte range of `text` a snippet shows around the first match.
fn window(text: &str, first: Option<(usize, usize)>) -> (usize, usize) {
    if text.chars().count() <= SNIPPET_CHARS {
        return (0, text.len());
    }
    let (a, b) = first.unwrap_or((0, 0));
    // Back from the match by about SNIPPET_LEAD characters, to a word start.
    let mut from = text[..a].char_indices().rev().nth(SNIPPET_LEAD.saturating_sub(1)).map_or(0, |(i, _)| i);
    if from > 0 {
        from = text[from..a].find(char::is_whitespace).map_or(a, |space| from + space);
        from += text[from..].len() - text[from..].trim_start().len();
    }
    // Forward to about SNIPPET_CHARS characters, to a word end, past the match.
    let mut to = text[from..].char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(i, _)| from + i);
    if to < text.len() {
        to = text[..to].rfind(char::is_whitespace).filter(|&space| space > from).unwrap_or(to);
    }
    to = to.max(b);
    (from, to)
}

/// "1 match", "12 matches".
pub fn matches_text(n: usize) -> String {
    if n == 1 {
        "1 match".to_string()
    } else {
        format!("{n} matches")
    }
}

/// What the live region says about a search: nothing before the reader
/// types, else the matches and episodes ("Up to" when the counts of the
/// episodes not shown are upper bounds).
pub fn summary(searching: bool, result: &ArchiveResult) -> String {
    if !searching {
        return String::new();
    }
    if result.total == 0 {
        return "No matches".to_string();
    }
    let episodes = if result.episodes_total == 1 {
        "1 episode".to_string()
    } else {
        format!("{} episodes", result.episodes_total)
    };
    let bound = if result.exact { "" } else { "Up to " };
    format!("{bound}{} in {episodes}", matches_text(result.total))
}

/// What the "more" link under an episode's snippets says, if it has more.
pub fn more_in_episode(total: usize, shown: usize) -> Option<String> {
    let more = total.checked_sub(shown).filter(|&n| n > 0)?;
    Some(format!("{more} more {} in this episode", if more == 1 { "match" } else { "matches" }))
}

/// Whether a "more episodes" control has more to show: the episodes
/// asked for (`limit`) all came, and the show has more than came (a search
/// that finds fewer than asked has shown every episode it verified).
pub fn has_more(shown: usize, limit: usize, total: usize) -> bool {
    shown >= limit && total > shown
}

/// Whether a query being typed should wait a moment for the next
/// keystroke before its postings and text are fetched: when the word being
/// typed has three letters or fewer (`r`, `re`, `reg`): most words go on,
/// and a two- or three-letter prefix expands to hundreds of terms that the
/// next letter makes unnecessary. A longer word, a phrase or a finished
/// word is fetched at once (its dictionary shards always are).
pub fn waits_for_next_keystroke(query: &str) -> bool {
    let query = crate::search::Query::parse(query);
    matches!(query.clauses.last(), Some(crate::search::Clause::Word { term, prefix: true }) if term.chars().count() <= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_short_word_being_typed_waits_for_the_next_keystroke() {
        for query in ["r", "re", "reg", "open re", "ab"] {
            assert!(waits_for_next_keystroke(query), "{query}");
        }
        for query in ["regu", "regulation", "open source", "\"re\"", "deep seek", ""] {
            assert!(!waits_for_next_keystroke(query), "{query}");
        }
    }

    fn view(query: &str, speakers: &[&str], newest_first: bool) -> ArchiveView {
        ArchiveView { query: query.into(), speakers: speakers.iter().map(|s| s.to_string()).collect(), newest_first }
    }

    #[test]
    fn the_view_round_trips_through_the_fragment() {
        for v in [
            view("", &[], false),
            view("deep seek \"open source\" & = # % 人工", &["grace-shao", "alex-kantrowitz"], true),
            view("x", &[], true),
            view("", &["ana-lee"], false),
        ] {
            assert_eq!(parse_view(&format!("#{}", merge_view("", &v, "")), ""), v);
            assert_eq!(parse_view(&merge_view("", &v, "a-"), "a-"), v);
        }
        assert_eq!(merge_view("", &ArchiveView::default(), ""), "");
    }

    #[test]
    fn the_fragment_uses_the_episode_keys_and_order_newest() {
        assert_eq!(
            merge_view("", &view("hangzhou", &["grace-shao"], true), ""),
            "q=hangzhou&speaker=grace-shao&order=newest"
        );
        assert_eq!(parse_view("#q=a&order=newest", ""), view("a", &[], true));
        assert_eq!(parse_view("#order=oldest&order", ""), view("", &[], false), "unknown orders are ignored");
        assert!(parse_view("#%6Frder=newest", "").newest_first, "a percent-encoded key is the same key");
    }

    #[test]
    fn merging_keeps_the_host_keys_and_replaces_its_own() {
        let v = view("china", &[], false);
        assert_eq!(merge_view("#section=2&q=old&order=newest&t=5", &v, ""), "section=2&q=china");
        assert_eq!(
            merge_view("a-q=x&b-order=newest", &view("y", &[], true), "a-"),
            "b-order=newest&a-q=y&a-order=newest"
        );
        assert_eq!(merge_view("order=newest", &ArchiveView::default(), ""), "");
    }

    #[test]
    fn the_fragment_is_mentioned_only_through_its_keys() {
        assert!(mentions_view("#order=newest", ""));
        assert!(mentions_view("q=x", ""));
        assert!(!mentions_view("#footnote-1", ""));
        assert!(!mentions_view("a-order=newest", "b-"));
    }

    #[test]
    fn episode_links_open_the_episode_at_the_hit() {
        assert_eq!(episode_link("ep-1", "deep seek", &[], Some(754_500)), "ep-1/#q=deep%20seek&t=754.5");
        assert_eq!(
            episode_link("ep-1", "china", &["grace-shao".to_string()], Some(1000)),
            "ep-1/#q=china&speaker=grace-shao&t=1"
        );
        assert_eq!(episode_link("ep-1", "", &[], None), "ep-1/");
        assert_eq!(episode_link("ep-1", "china", &[], None), "ep-1/#q=china");
        assert_eq!(episode_link("a:b c/é", "x", &[], Some(0)), "a%3Ab%20c%2F%C3%A9/#q=x&t=0");
        // What the episode widget reads back.
        let fragment =
            episode_link("s", "\"open source\" & more", &[], Some(12_000)).split_once('#').unwrap().1.to_string();
        let restored = parse_fragment(&fragment, "");
        assert_eq!((restored.query.as_str(), restored.time), ("\"open source\" & more", Some((12_000, None))));
    }

    #[test]
    fn the_site_root_is_the_catalogues_parent() {
        assert_eq!(site_root("catalogue/"), "catalogue/../");
        assert_eq!(site_root("https://x.org/show/catalogue"), "https://x.org/show/catalogue/../");
        assert_eq!(site_root(""), "catalogue/../");
    }

    #[test]
    fn speaker_keys_fold_names_to_url_keys() {
        assert_eq!(speaker_key("Grace Shao"), "grace-shao");
        assert_eq!(speaker_key("  Dr. Ana  Lee-Smith "), "dr-ana-lee-smith");
        assert_eq!(speaker_key("Zoë Müller"), "zoe-muller", "accents folded, as search folds them");
        assert_eq!(speaker_key("李明"), "李明");
        assert_eq!(speaker_key("!!!"), "");
        assert!(speaker_key(&"long name ".repeat(20)).len() <= MAX_KEY_BYTES);
        // What the URL keeps.
        let key = speaker_key("Zoë Müller");
        assert_eq!(parse_fragment(&format!("speaker={}", view_state::percent_encode(&key)), "").speakers, vec![key]);
    }

    fn entry(name: &str, episodes: &[u32]) -> SpeakerEntry {
        SpeakerEntry { name: name.into(), ids: vec![speaker_key(name)], episodes: episodes.to_vec() }
    }

    #[test]
    fn choices_put_the_hosts_first_and_merge_names_of_one_key() {
        let entries = [
            entry("Bo Chen", &[2]),
            entry("Alex Kantrowitz", &[0, 1, 2]),
            entry("Ana Lee", &[1]),
            entry("ana lee", &[2]),
        ];
        let choices = speaker_choices(&entries);
        let keys: Vec<&str> = choices.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["alex-kantrowitz", "ana-lee", "bo-chen"]);
        assert_eq!(choices[1].names, ["Ana Lee", "ana lee"]);
        assert_eq!(chosen_names(&choices, &["ana-lee".into(), "nobody".into()]), ["Ana Lee", "ana lee"]);
        let (buttons, rest) = split_choices(&choices, &["bo-chen".into()], 1);
        assert_eq!(buttons.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["alex-kantrowitz", "bo-chen"]);
        assert_eq!(rest.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["ana-lee"]);
    }

    fn render(pieces: &[SnippetPiece]) -> String {
        pieces.iter().map(|p| if p.marked { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn a_short_text_is_shown_whole_with_its_marks() {
        assert_eq!(render(&snippet("deep seek and more", &[(0, 4), (5, 9)])), "[deep] [seek] and more");
        assert_eq!(render(&snippet("abc", &[])), "abc");
        assert_eq!(render(&snippet("", &[])), "");
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match_at_spaces() {
        let text = format!("{}needle {}", "word ".repeat(100), "tail ".repeat(100));
        let at = text.find("needle").unwrap();
        let shown = render(&snippet(&text, &[(at, at + 6)]));
        assert!(shown.starts_with("…word ") && shown.ends_with(" tail…"), "{shown}");
        assert!(shown.contains("[needle]"));
        let before = shown.split("[needle]").next().unwrap();
        assert!(before.chars().count() <= SNIPPET_LEAD + 2, "{before}");
        assert!(shown.chars().count() <= SNIPPET_CHARS + 2, "{}", shown.chars().count());
        // A match at the start: no ellipsis before.
        let shown = render(&snippet(&text, &[(0, 4)]));
        assert!(shown.starts_with("[word] word"), "{shown}");
    }

    #[test]
    fn snippets_never_split_a_character_and_ignore_bad_spans() {
        let text = "é".repeat(500);
        for spans in [vec![(2, 4)], vec![(1, 3)], vec![(900, 2000)], vec![(10, 12), (4, 6)], vec![(998, 1000)]] {
            let pieces = snippet(&text, &spans);
            assert!(pieces.iter().all(|p| !p.text.is_empty()));
            let shown = render(&pieces);
            assert!(shown.chars().all(|c| "é…[]".contains(c)), "{spans:?}");
        }
        assert_eq!(render(&snippet(&text, &[(998, 1000)])).chars().rev().nth(1), Some('é'));
        assert!(render(&snippet(&text, &[(998, 1000)])).ends_with("[é]"));
    }

    #[test]
    fn a_match_longer_than_a_snippet_is_shown_whole() {
        let text = format!("start {} end {}", "x".repeat(400), "y ".repeat(200));
        let at = text.find('x').unwrap();
        let shown = render(&snippet(&text, &[(at, at + 400)]));
        assert!(shown.contains(&format!("[{}]", "x".repeat(400))), "{shown}");
    }

    #[test]
    fn counts_are_worded_for_the_live_region() {
        let result = |total, episodes_total, exact| ArchiveResult { total, episodes_total, exact, episodes: vec![] };
        assert_eq!(summary(false, &result(0, 0, true)), "");
        assert_eq!(summary(true, &result(0, 0, true)), "No matches");
        assert_eq!(summary(true, &result(1, 1, true)), "1 match in 1 episode");
        assert_eq!(summary(true, &result(27, 3, true)), "27 matches in 3 episodes");
        assert_eq!(summary(true, &result(27, 3, false)), "Up to 27 matches in 3 episodes");
        assert_eq!(more_in_episode(5, 3).as_deref(), Some("2 more matches in this episode"));
        assert_eq!(more_in_episode(4, 3).as_deref(), Some("1 more match in this episode"));
        assert_eq!(more_in_episode(3, 3), None);
    }

    #[test]
    fn more_episodes_are_offered_while_a_full_page_came_and_more_exist() {
        assert!(has_more(10, 10, 11));
        assert!(!has_more(10, 10, 10));
        assert!(!has_more(7, 10, 12), "fewer came than asked: the bound was loose, nothing is left");
        assert!(!has_more(0, 10, 0));
    }
}
