//! The shareable view, to and from the URL fragment. Everything else reads
//! the [`ViewState`]; only this module knows the fragment's syntax.
//!
//! In: a fragment such as `#q=deep%20seek&speaker=grace-shao&t=12:34`
//! (`t` is seconds, a clock, or `start,end` for a quoted range; a `prefix`
//! namespaces the keys when several widgets share a page). Out: a
//! [`ViewState`], and back. Unknown keys and invalid values are ignored,
//! never fatal; text is percent-decoded as UTF-8 and never interpreted.

use crate::clock::parse_clock;
use crate::transcript::{format_seconds, Millis};

/// Longest query kept from a URL (a longer one is cut at a char boundary).
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most speaker ids kept from a URL.
pub const MAX_SPEAKERS: usize = 32;

const QUERY_KEY: &str = "q";
const SPEAKER_KEY: &str = "speaker";
const TIME_KEY: &str = "t";
/// Every key a widget writes to the fragment (before its prefix). The
/// iframe embed's host script is filled with this list, so it moves exactly
/// these keys between the host page's URL and the frame's.
pub const FRAGMENT_KEYS: [&str; 3] = [QUERY_KEY, SPEAKER_KEY, TIME_KEY];

/// What the reader is looking at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    /// The search text as typed.
    pub query: String,
    /// Speaker ids to show (all when empty).
    pub speakers: Vec<String>,
    /// The selected moment: a start, and an end for a quoted range.
    pub time: Option<(Millis, Option<Millis>)>,
}

/// Reads a fragment (with or without the leading `#`). Keys are looked up
/// with `prefix` prepended (`""` for a page with one widget).
pub fn parse_fragment(fragment: &str, prefix: &str) -> ViewState {
    let mut view = ViewState::default();
    for pair in fragment.trim_start_matches('#').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(key) = percent_decode(key) else { continue };
        let Some(key) = key.strip_prefix(prefix) else { continue };
        let Some(value) = percent_decode(value) else { continue };
        match key {
            QUERY_KEY => view.query = truncate(value.replace('+', " "), MAX_QUERY_BYTES),
            SPEAKER_KEY => {
                view.speakers = value
                    .split(',')
                    .filter(|id| {
                        !id.is_empty()
                            && id.len() <= 64
                            && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    })
                    .take(MAX_SPEAKERS)
                    .map(str::to_string)
                    .collect();
            }
            TIME_KEY => view.time = parse_time(&value),
            _ => {}
        }
    }
    view
}

/// Writes a fragment (without `#`) holding only what differs from the
/// default view; empty for the default view.
pub fn to_fragment(view: &ViewState, prefix: &str) -> String {
    let mut parts = Vec::new();
    if !view.query.is_empty() {
        parts.push(format!("{prefix}{QUERY_KEY}={}", percent_encode(&view.query)));
    }
    if !view.speakers.is_empty() {
        parts.push(format!("{prefix}{SPEAKER_KEY}={}", percent_encode(&view.speakers.join(","))));
    }
    match view.time {
        Some((start, Some(end))) => {
            parts.push(format!("{prefix}{TIME_KEY}={},{}", format_seconds(start), format_seconds(end)))
        }
        Some((start, None)) => parts.push(format!("{prefix}{TIME_KEY}={}", format_seconds(start))),
        None => {}
    }
    parts.join("&")
}

/// Whether `fragment` has any of this widget's keys (with `prefix`): a
/// fragment without them (a footnote link, the host's own state) says
/// nothing about the widget's view.
pub fn mentions_view(fragment: &str, prefix: &str) -> bool {
    fragment.trim_start_matches('#').split('&').any(|pair| {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        percent_decode(key).is_some_and(|key| key.strip_prefix(prefix).is_some_and(|k| FRAGMENT_KEYS.contains(&k)))
    })
}

/// Replaces this widget's keys in an existing fragment, keeping every other
/// pair (another widget's namespaced keys, the host page's own) as it was.
pub fn merge_fragment(existing: &str, view: &ViewState, prefix: &str) -> String {
    let ours = FRAGMENT_KEYS.map(|key| format!("{prefix}{key}"));
    let mut parts: Vec<String> = existing
        .trim_start_matches('#')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !ours.iter().any(|o| percent_decode(key).as_deref() == Some(o.as_str()))
        })
        .map(str::to_string)
        .collect();
    let own = to_fragment(view, prefix);
    if !own.is_empty() {
        parts.push(own);
    }
    parts.join("&")
}

fn parse_time(value: &str) -> Option<(Millis, Option<Millis>)> {
    match value.split_once(',') {
        Some((a, b)) => {
            let (start, end) = (parse_clock(a)?, parse_clock(b)?);
            Some((start, Some(end.max(start))))
        }
        None => parse_clock(value).map(|t| (t, None)),
    }
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Percent-encodes everything but unreserved characters and a few that
/// read well in fragments (`,` `:`), as UTF-8.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8. A `%` not
/// followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(q: &str, speakers: &[&str], time: Option<(Millis, Option<Millis>)>) -> ViewState {
        ViewState { query: q.into(), speakers: speakers.iter().map(|s| s.to_string()).collect(), time }
    }

    #[test]
    fn round_trips() {
        for v in [
            view("", &[], None),
            view("deep seek \"open source\" & = # % 人工", &["alex-kantrowitz", "grace-shao"], Some((754_000, None))),
            view("x", &[], Some((1_500, Some(9_250)))),
        ] {
            assert_eq!(parse_fragment(&format!("#{}", to_fragment(&v, "")), ""), v);
            assert_eq!(parse_fragment(&to_fragment(&v, "w2-"), "w2-"), v);
        }
        assert_eq!(to_fragment(&ViewState::default(), ""), "");
    }

    #[test]
    fn reads_the_documented_forms() {
        assert_eq!(
            parse_fragment("#q=hangzhou&speaker=grace-shao&t=12:34", ""),
            view("hangzhou", &["grace-shao"], Some((754_000, None)))
        );
        assert_eq!(parse_fragment("#t=754", "").time, Some((754_000, None)));
        assert_eq!(parse_fragment("#t=1:02:03", "").time, Some((3_723_000, None)));
        assert_eq!(parse_fragment("#t=10,20", "").time, Some((10_000, Some(20_000))));
        assert_eq!(parse_fragment("#q=a+b", "").query, "a b");
    }

    #[test]
    fn ignores_what_it_does_not_understand() {
        assert_eq!(parse_fragment("#t=banana&zzz=1&q=%FF&speaker=<script>,ok", ""), view("", &["ok"], None));
        assert_eq!(parse_fragment("#%", ""), ViewState::default());
        assert_eq!(parse_fragment("q=100%", "").query, "100%");
        assert_eq!(parse_fragment(&format!("q={}", "é".repeat(2000)), "").query.len(), MAX_QUERY_BYTES);
    }

    #[test]
    fn merging_keeps_other_widgets_and_the_host_keys() {
        let view = view("china", &[], None);
        assert_eq!(merge_fragment("#w1-q=x&q=old&t=5&section=2", &view, ""), "w1-q=x&section=2&q=china");
        assert_eq!(merge_fragment("q=hangzhou&w1-q=old", &view, "w1-"), "q=hangzhou&w1-q=china");
        assert_eq!(merge_fragment("q=a", &ViewState::default(), ""), "");
        assert_eq!(merge_fragment("", &view, ""), "q=china");
    }

    #[test]
    fn fragment_keys_are_the_keys_a_full_view_writes() {
        let full = view("x", &["a"], Some((1_000, Some(2_000))));
        let fragment = to_fragment(&full, "");
        let keys: Vec<&str> = fragment.split('&').map(|pair| pair.split('=').next().unwrap_or("")).collect();
        assert_eq!(keys, FRAGMENT_KEYS);
    }

    #[test]
    fn namespaces_keep_widgets_apart() {
        let frag = "a-q=one&b-q=two&q=three";
        assert_eq!(parse_fragment(frag, "a-").query, "one");
        assert_eq!(parse_fragment(frag, "b-").query, "two");
    }

    #[test]
    fn a_fragment_mentions_the_view_only_through_its_own_keys() {
        assert!(mentions_view("#q=deep", ""));
        assert!(mentions_view("fn1&t=12:34", ""));
        assert!(mentions_view("speaker=", ""));
        assert!(mentions_view("v2-q=x", "v2-"));
        assert!(mentions_view("%71=x", ""), "a percent-encoded key is the same key");
        assert!(!mentions_view("#fn1", ""));
        assert!(!mentions_view("", ""));
        assert!(!mentions_view("v1-q=x", "v2-"), "another widget's keys");
        assert!(!mentions_view("query=x&qq=1", ""));
    }
}
