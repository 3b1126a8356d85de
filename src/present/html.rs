//! The widget's static markup as HTML text, which the browser parses in one
//! call: the transcript list's rows (a row is a dozen elements, attributes
//! and listeners, and building a few hundred of them one DOM call at a
//! time was most of the time to a usable widget: BENCHMARKS.md), the
//! episode's header and its chapters. Every piece of transcript text,
//! speaker name and attribute value goes through [`escape`], so hostile
//! text is shown as text. No `style` attribute is written: a page whose
//! Content-Security-Policy forbids inline styles would drop it.
//!
//! The DOM contract (`../shared/PRODUCT.md`): a row is
//! `li[data-segment][data-start][data-speaker]`, with `aria-current="true"`
//! when current; matches are `<mark>`; the spoken word is
//! `span[data-word-current]`.

use std::fmt::Write;

use super::TextParts;
use crate::search::Piece;
use crate::transcript::{format_clock, format_seconds, Timing, Transcript};

/// Writes `text` escaped for element content and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    // A byte scan: the five are ASCII, and no byte of a longer UTF-8
    // character is ASCII.
    while let Some(at) = rest.bytes().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `text` escaped for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// How a row looks besides its segment, from the widget's state.
#[derive(Debug, Default)]
pub struct RowLook<'a> {
    /// Whether it starts a speaker's turn (the name is shown above it).
    pub opens_turn: bool,
    /// Whether it lies in the quoted range.
    pub in_range: bool,
    /// Whether it is the selected or playing segment.
    pub current: bool,
    /// Its text, cut into matches and the spoken word.
    pub parts: TextParts<'a>,
}

/// The row's `class` attribute.
pub fn row_class(transcript: &Transcript, id: u32, opens_turn: bool, in_range: bool) -> String {
    let mut class = String::new();
    write_row_class(&mut class, transcript, id, opens_turn, in_range);
    class
}

fn write_row_class(out: &mut String, transcript: &Transcript, id: u32, opens_turn: bool, in_range: bool) {
    out.push_str("vb-seg");
    if let Some(speaker) = transcript.segments.get(id as usize).and_then(|s| s.speaker) {
        out.push_str(" vb-c");
        out.push(char::from(b'0' + (speaker % 6) as u8));
    }
    if opens_turn {
        out.push_str(" vb-turn");
    }
    if in_range {
        out.push_str(" vb-in-range");
    }
}

/// Appends segment `id`'s row (`li`): the speaker's name when it opens a
/// turn, its time (a button that jumps there), its text and a button that
/// copies a link to it. Nothing for an id the transcript does not have.
pub fn write_row(out: &mut String, transcript: &Transcript, id: u32, look: &RowLook) {
    let Some(segment) = transcript.segments.get(id as usize) else { return };
    let speaker = transcript.speaker_of(segment);
    // Clocks and numbers are digits, colons and points: nothing to escape.
    let clock = format_clock(segment.start);
    let approx = if transcript.timing == Timing::Estimated { "≈" } else { "" };
    out.push_str("<li class=\"");
    write_row_class(out, transcript, id, look.opens_turn, look.in_range);
    out.push_str("\" data-segment=\"");
    out.push_str(&id.to_string());
    out.push_str("\" data-start=\"");
    out.push_str(&format_seconds(segment.start));
    out.push_str("\" data-speaker=\"");
    escape_into(out, speaker.map_or("", |s| s.id.as_str()));
    out.push('"');
    if look.current {
        out.push_str(" aria-current=\"true\"");
    }
    out.push('>');
    if look.opens_turn {
        out.push_str("<div class=\"vb-who\">");
        escape_into(out, speaker.map_or("Unknown speaker", |s| s.name.as_str()));
        out.push_str("</div>");
    }
    for part in ["<button type=\"button\" class=\"vb-time\" aria-label=\"Jump to ", &clock, "\">", approx, &clock] {
        out.push_str(part);
    }
    out.push_str("</button><p class=\"vb-text\">");
    write_text(out, &look.parts);
    for part in [
        "</p><button type=\"button\" class=\"vb-link\" aria-label=\"Copy link to ",
        &clock,
        "\" title=\"Copy link to this moment\">#</button></li>",
    ] {
        out.push_str(part);
    }
}

/// Appends a row's text: its pieces, matches as `<mark>`, the spoken word
/// as `span[data-word-current]` around its own pieces. A match cut by the
/// word's edge has its cut side marked (`vb-cut-start` on its first piece,
/// `vb-cut-end` on its last), so the stylesheet draws the two as one.
pub fn write_text(out: &mut String, parts: &TextParts) {
    let (across_start, across_end) = (parts.match_across_start(), parts.match_across_end());
    write_pieces(out, &parts.before, false, across_start);
    if !parts.word.is_empty() {
        out.push_str("<span data-word-current=\"\">");
        write_pieces(out, &parts.word, across_start, across_end);
        out.push_str("</span>");
    }
    write_pieces(out, &parts.after, across_end, false);
}

fn write_pieces(out: &mut String, pieces: &[Piece], cut_start: bool, cut_end: bool) {
    let last = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        if !piece.marked {
            escape_into(out, piece.text);
            continue;
        }
        out.push_str(match (cut_start && i == 0, cut_end && i == last) {
            (false, false) => "<mark>",
            (true, false) => "<mark class=\"vb-cut-start\">",
            (false, true) => "<mark class=\"vb-cut-end\">",
            (true, true) => "<mark class=\"vb-cut-start vb-cut-end\">",
        });
        escape_into(out, piece.text);
        out.push_str("</mark>");
    }
}

/// The inside of the episode's header: show, title, date and length ("≈"
/// and a note when times are estimated), and the description behind a
/// disclosure.
pub fn header_html(transcript: &Transcript) -> String {
    let mut out = String::from("<p class=\"vb-show\">");
    escape_into(&mut out, &transcript.show);
    out.push_str("</p><h2 class=\"vb-title\">");
    escape_into(&mut out, &transcript.title);
    out.push_str("</h2><p class=\"vb-meta\">");
    escape_into(&mut out, &transcript.date);
    out.push_str(" · ");
    escape_into(&mut out, &transcript.clock(transcript.duration()));
    if transcript.timing == Timing::Estimated {
        out.push_str(
            "<span class=\"vb-estimated\" title=\"The transcript has no timestamps; times are estimated from its \
             length.\"> · times estimated</span>",
        );
    }
    out.push_str("</p>");
    if !transcript.description.is_empty() {
        out.push_str("<details class=\"vb-description\"><summary>About this episode</summary><p>");
        escape_into(&mut out, &transcript.description);
        out.push_str("</p></details>");
    }
    out
}

/// The chapter list behind a disclosure (`details.vb-chapters`), a button
/// per chapter (`data-chapter`, its index) with its time and title; empty
/// when the episode has no chapters.
pub fn chapters_html(transcript: &Transcript) -> String {
    if transcript.chapters.is_empty() {
        return String::new();
    }
    let mut out =
        format!("<details class=\"vb-chapters\"><summary>Chapters ({})</summary><ol>", transcript.chapters.len());
    for (i, chapter) in transcript.chapters.iter().enumerate() {
        let _ = write!(
            out,
            "<li><button type=\"button\" class=\"vb-chapter\" data-chapter=\"{i}\"><span class=\"vb-chapter-time\">"
        );
        escape_into(&mut out, &transcript.clock(chapter.start));
        out.push_str("</span><span>");
        escape_into(&mut out, &chapter.title);
        out.push_str("</span></button></li>");
    }
    out.push_str("</ol></details>");
    out
}

/// The speaker filters' toggles (`button[data-speaker-filter]`, not pressed
/// yet): colour, name, role and share of talk time. The widget sets each
/// bar's width (`.vb-share-bar span`, no `style` here) from `shares`, and
/// `aria-pressed` as speakers are chosen.
pub fn speakers_html(transcript: &Transcript, shares: &[u64]) -> String {
    let mut out = String::new();
    for (i, (speaker, share)) in transcript.speakers.iter().zip(shares).enumerate() {
        let _ = write!(out, "<button type=\"button\" class=\"vb-speaker-filter vb-c{}\" data-speaker-filter=\"", i % 6);
        escape_into(&mut out, &speaker.id);
        out.push_str(
            "\" aria-pressed=\"false\"><span class=\"vb-dot\" aria-hidden=\"true\"></span><span class=\"vb-name\">",
        );
        escape_into(&mut out, &speaker.name);
        out.push_str("</span>");
        if !speaker.role.is_empty() {
            out.push_str("<span class=\"vb-role\">");
            escape_into(&mut out, &speaker.role);
            out.push_str("</span>");
        }
        let _ = write!(
            out,
            "<span class=\"vb-share\" title=\"Share of talk time\"><span class=\"vb-share-bar\" \
             aria-hidden=\"true\"><span></span></span>{share}% of talk</span></button>"
        );
    }
    out
}

/// What the list says when nothing matches `query`, with ways out: buttons
/// with `data-action` `clear-search`, and `show-all-speakers` when speakers
/// are `filtered`.
pub fn no_matches_html(query: &str, filtered: bool) -> String {
    let mut out = String::from("<div class=\"vb-empty\"><p><strong>Nothing matches “");
    escape_into(&mut out, query);
    out.push_str("”</strong>");
    out.push_str(if filtered { " for the chosen speakers." } else { "." });
    out.push_str(
        "</p><p>Try fewer or shorter words, a different spelling, or remove quotes around a phrase.</p><p><button \
         type=\"button\" class=\"vb-button\" data-action=\"clear-search\">Clear search</button>",
    );
    if filtered {
        out.push_str(
            "<button type=\"button\" class=\"vb-button\" data-action=\"show-all-speakers\">Show all speakers</button>",
        );
    }
    out.push_str("</p></div>");
    out
}

/// An alert box (`[role="alert"]`): what failed, in bold, then why.
pub fn alert_html(what: &str, why: &str) -> String {
    let mut out = String::from("<div class=\"vb-alert\" role=\"alert\"><strong>");
    escape_into(&mut out, what);
    out.push_str("</strong>");
    escape_into(&mut out, why);
    out.push_str("</div>");
    out
}

/// The sharing and export buttons and the status line, which the widget's
/// `Actions` fills in: each button has a
/// `data-action` (`share-view`, `copy`, `download`) for the one delegated
/// click handler; the copy and download buttons' words and `disabled`
/// follow the view (`present::export_wording`).
pub const ACTIONS_HTML: &str = "<button type=\"button\" class=\"vb-button\" data-action=\"share-view\" \
    title=\"Copy a link that opens this view\">Share view</button><button type=\"button\" class=\"vb-button\" \
    data-action=\"copy\"></button><button type=\"button\" class=\"vb-button\" data-action=\"download\"></button>\
    <span class=\"vb-status\" role=\"status\"></span>";

/// The search bar, which the widget's `SearchBar` fills in: the field
/// (`input[type="search"]`), the match counter (`[data-match-count]`, read
/// out politely), previous and next (`data-action` `previous`, `next`)
/// and the "Only matches" checkbox.
pub const SEARCH_BAR_HTML: &str = "<label class=\"vb-search-field\"><span class=\"vb-visually-hidden\">Search the \
    transcript</span><svg class=\"vb-search-icon\" aria-hidden=\"true\" viewBox=\"0 0 20 20\"><circle cx=\"8.5\" \
    cy=\"8.5\" r=\"5.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/><path d=\"M13 13l4.5 4.5\" \
    stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\"/></svg><input type=\"search\" \
    placeholder=\"Search the conversation\" aria-keyshortcuts=\"/\" autocomplete=\"off\" spellcheck=\"false\">\
    </label><span class=\"vb-nav\"><span class=\"vb-count\" data-match-count=\"0\" aria-live=\"polite\" \
    aria-atomic=\"true\"></span><button type=\"button\" class=\"vb-icon-button\" data-action=\"previous\" \
    aria-label=\"Previous match (Shift+Enter)\" title=\"Previous match (Shift+Enter)\" disabled>↑</button>\
    <button type=\"button\" class=\"vb-icon-button\" data-action=\"next\" aria-label=\"Next match (Enter)\" \
    title=\"Next match (Enter)\" disabled>↓</button></span><label class=\"vb-toggle\"><input type=\"checkbox\">\
    <span>Only matches</span></label>";

/// The "Share quote" button, shown below a selection in the transcript
/// (placed by the widget through its style object).
pub const QUOTE_BUTTON_HTML: &str =
    "<button type=\"button\" class=\"vb-button vb-quote\" data-share-quote=\"\">Share quote</button>";

/// "Play the quoted part", while a quoted range is shown and there is audio.
pub const PLAY_QUOTED_HTML: &str =
    "<button type=\"button\" class=\"vb-button\" data-play-range=\"\">Play the quoted part</button>";

/// The player: the audio of `url`, and the place of "Back to now" (a
/// `.vb-slot`, filled with [`BACK_TO_NOW_HTML`]).
pub fn player_html(url: &str) -> String {
    let mut out = String::from("<div class=\"vb-player\"><audio controls preload=\"metadata\" src=\"");
    escape_into(&mut out, url);
    out.push_str("\"></audio><span class=\"vb-slot\"></span></div>");
    out
}

/// "Back to now", when the reader scrolled away from the playing segment.
pub const BACK_TO_NOW_HTML: &str = "<button type=\"button\" class=\"vb-button vb-back\">Back to now</button>";

/// The box for copying by hand (`[data-manual-copy]`), when the browser
/// refuses to copy: the widget puts the text in its field and selects it.
/// Its "Done" button has `data-action="done"`.
pub const COPY_BOX_HTML: &str = "<div class=\"vb-copy-box\" data-manual-copy=\"\" role=\"group\" \
    aria-label=\"Copy by hand\"><p>This page does not let the transcript copy for you. The text is selected below: \
    press <kbd>Ctrl+C</kbd> (<kbd>⌘C</kbd> on a Mac) to copy it.</p><textarea readonly rows=\"3\" \
    aria-label=\"The text to copy\"></textarea><button type=\"button\" class=\"vb-button\" data-action=\"done\">\
    Done</button></div>";

/// The timeline's strips (speaker turns, matches) and the place of its
/// mark of the current moment (`NOW_MARK_HTML`), which the widget fills
/// and places through the style object.
pub const TIMELINE_HTML: &str = "<div class=\"vb-bands\" aria-hidden=\"true\"></div><div class=\"vb-ticks\" \
    aria-hidden=\"true\"></div><span class=\"vb-slot\"></span>";

/// The timeline's mark of the current moment.
pub const NOW_MARK_HTML: &str = "<span class=\"vb-now\"></span>";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::text_parts;
    use crate::transcript::{Segment, Speaker, Timing};

    fn transcript() -> Transcript {
        let mut t = Transcript { timing: Timing::Exact, ..Transcript::default() };
        t.speakers =
            vec![Speaker { id: "a\"<b>".into(), name: "<script>alert(1)</script>".into(), ..Speaker::default() }];
        t.segments = vec![
            Segment {
                start: 12_500,
                end: 14_000,
                speaker: Some(0),
                text: "Tom & Jerry's <b>".into(),
                ..Segment::default()
            },
            Segment { start: 3_725_000, end: 3_726_000, speaker: None, text: String::new(), ..Segment::default() },
        ];
        t
    }

    #[test]
    fn escape_replaces_the_five_characters_html_gives_meaning() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain, über, 中文"), "plain, über, 中文");
        assert_eq!(escape(""), "");
    }

    proptest::proptest! {
        /// Escaped text has no character HTML gives meaning to, and
        /// unescaping it gives the text back.
        #[test]
        fn escaping_is_safe_and_loses_nothing(text in "\\PC*") {
            let escaped = escape(&text);
            proptest::prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
            let back = escaped
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            proptest::prop_assert_eq!(back, text);
        }
    }

    #[test]
    fn a_row_carries_the_dom_contract_and_its_text_escaped() {
        let t = transcript();
        let text = &t.segments[0].text;
        let look =
            RowLook { opens_turn: true, current: true, parts: text_parts(text, &[(0, 3)], None), ..RowLook::default() };
        let mut out = String::new();
        write_row(&mut out, &t, 0, &look);
        assert_eq!(
            out,
            "<li class=\"vb-seg vb-c0 vb-turn\" data-segment=\"0\" data-start=\"12.5\" data-speaker=\"a&quot;&lt;b&gt;\" \
             aria-current=\"true\"><div class=\"vb-who\">&lt;script&gt;alert(1)&lt;/script&gt;</div>\
             <button type=\"button\" class=\"vb-time\" aria-label=\"Jump to 0:12\">0:12</button>\
             <p class=\"vb-text\"><mark>Tom</mark> &amp; Jerry&#39;s &lt;b&gt;</p>\
             <button type=\"button\" class=\"vb-link\" aria-label=\"Copy link to 0:12\" \
             title=\"Copy link to this moment\">#</button></li>"
        );
    }

    #[test]
    fn a_row_without_a_speaker_or_turn_or_range() {
        let t = transcript();
        let mut out = String::new();
        write_row(&mut out, &t, 1, &RowLook { in_range: true, ..RowLook::default() });
        assert!(out
            .starts_with("<li class=\"vb-seg vb-in-range\" data-segment=\"1\" data-start=\"3725\" data-speaker=\"\">"));
        assert!(out.contains("aria-label=\"Jump to 1:02:05\">1:02:05</button><p class=\"vb-text\"></p>"));
        let mut none = String::new();
        write_row(&mut none, &t, 2, &RowLook::default());
        assert_eq!(none, "", "no row for an id the transcript lacks");
    }

    #[test]
    fn the_header_escapes_the_episodes_words_and_says_when_times_are_estimated() {
        let mut t = transcript();
        t.show = "Show & <Tell>".into();
        t.title = "<img src=x onerror=alert(1)>".into();
        t.date = "2025-04-16".into();
        assert_eq!(
            header_html(&t),
            "<p class=\"vb-show\">Show &amp; &lt;Tell&gt;</p><h2 class=\"vb-title\">&lt;img src=x onerror=alert(1)&gt;</h2>\
             <p class=\"vb-meta\">2025-04-16 · 1:02:06</p>"
        );
        t.timing = Timing::Estimated;
        t.description = "It's <b>good</b>".into();
        let html = header_html(&t);
        assert!(html.contains("· ≈1:02:06<span class=\"vb-estimated\""), "{html}");
        assert!(html.ends_with("<details class=\"vb-description\"><summary>About this episode</summary><p>It&#39;s &lt;b&gt;good&lt;/b&gt;</p></details>"));
    }

    #[test]
    fn chapters_are_buttons_numbered_in_order() {
        let mut t = transcript();
        t.chapters = vec![
            crate::transcript::Chapter { start: 0, title: "Intro".into() },
            crate::transcript::Chapter { start: 3_725_000, title: "<i>End</i>".into() },
        ];
        assert_eq!(
            chapters_html(&t),
            "<details class=\"vb-chapters\"><summary>Chapters (2)</summary><ol><li><button type=\"button\" \
             class=\"vb-chapter\" data-chapter=\"0\"><span class=\"vb-chapter-time\">0:00</span><span>Intro</span>\
             </button></li><li><button type=\"button\" class=\"vb-chapter\" data-chapter=\"1\"><span \
             class=\"vb-chapter-time\">1:02:05</span><span>&lt;i&gt;End&lt;/i&gt;</span></button></li></ol></details>"
        );
        assert_eq!(chapters_html(&transcript()), "", "no chapters, no list");
    }

    #[test]
    fn the_spoken_word_cuts_a_match_into_marks_drawn_as_one() {
        let text = "open source models";
        // The match "open source" crosses the spoken word "source".
        let parts = text_parts(text, &[(0, 11)], Some((5, 11)));
        let mut out = String::new();
        write_text(&mut out, &parts);
        assert_eq!(
            out,
            "<mark class=\"vb-cut-end\">open </mark><span data-word-current=\"\"><mark class=\"vb-cut-start\">source</mark></span> models"
        );
        let parts = text_parts(text, &[(0, 18)], Some((5, 11)));
        let mut out = String::new();
        write_text(&mut out, &parts);
        assert_eq!(
            out,
            "<mark class=\"vb-cut-end\">open </mark><span data-word-current=\"\"><mark class=\"vb-cut-start vb-cut-end\">source</mark></span>\
             <mark class=\"vb-cut-start\"> models</mark>"
        );
    }

    #[test]
    fn the_players_address_is_escaped() {
        assert_eq!(
            player_html("a.mp3?x=1&y=\"2\"><script>"),
            "<div class=\"vb-player\"><audio controls preload=\"metadata\" src=\"a.mp3?x=1&amp;y=&quot;2&quot;&gt;\
             &lt;script&gt;\"></audio><span class=\"vb-slot\"></span></div>"
        );
    }

    #[test]
    fn an_alert_is_escaped_text_in_a_role_alert_box() {
        assert_eq!(
            alert_html("Search unavailable. ", "bad <index> & \"more\""),
            "<div class=\"vb-alert\" role=\"alert\"><strong>Search unavailable. </strong>bad &lt;index&gt; &amp; \
             &quot;more&quot;</div>"
        );
    }

    #[test]
    fn speaker_toggles_escape_ids_names_and_roles_and_say_their_share() {
        let mut t = transcript();
        t.speakers.push(Speaker { id: "b".into(), name: "Bo".into(), role: "Host & <i>guest</i>".into() });
        let html = speakers_html(&t, &[70, 30]);
        assert_eq!(html.matches("<button type=\"button\"").count(), 2);
        assert!(html.starts_with(
            "<button type=\"button\" class=\"vb-speaker-filter vb-c0\" data-speaker-filter=\"a&quot;&lt;b&gt;\" \
             aria-pressed=\"false\">"
        ));
        assert!(html
            .contains("<span class=\"vb-name\">&lt;script&gt;alert(1)&lt;/script&gt;</span><span class=\"vb-share\""));
        assert!(html.contains("70% of talk</span></button><button type=\"button\" class=\"vb-speaker-filter vb-c1\""));
        assert!(html.contains("<span class=\"vb-role\">Host &amp; &lt;i&gt;guest&lt;/i&gt;</span>"));
        assert!(html.ends_with("30% of talk</span></button>"));
        assert!(!html.contains("style"), "widths are set through the style object");
    }

    #[test]
    fn no_matches_escapes_the_query_and_offers_the_ways_out() {
        let html = no_matches_html("<b>x</b> & \"y\"", false);
        assert!(html.contains("Nothing matches “&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;”</strong>."), "{html}");
        assert!(html.contains("data-action=\"clear-search\">Clear search</button>"));
        assert!(!html.contains("show-all-speakers"));
        let filtered = no_matches_html("q", true);
        assert!(filtered.contains("</strong> for the chosen speakers.</p>"), "{filtered}");
        assert!(filtered.contains("data-action=\"show-all-speakers\">Show all speakers</button></p></div>"));
    }
}
