//! What the widget shows, decided natively: the small rules about text,
//! time and matches that the components only display.
//!
//! In: a [`Transcript`], search hits, the reader's position. Out: plain
//! values (ticks, counter wording, the next match, a slider's target
//! time, talk-time shares, CSS percentages, the word being spoken and a
//! segment's text cut into marks and that word). Always holds: nothing here
//! touches the DOM or a signal, so `cargo test` covers every decision the
//! widget makes; the components in `ui/` call these and render the answer.

pub mod html;

use crate::search::Piece;
use crate::transcript::{Millis, Transcript, WordTime};

/// Where the timeline puts each match: hits fall into this many buckets
/// along the episode, and a bucket with any hit gets one tick.
pub const TICK_BUCKETS: u32 = 400;

/// The buckets (`0..TICK_BUCKETS`) holding at least one hit, ascending.
pub fn tick_buckets(transcript: &Transcript, hits: &[u32]) -> Vec<u32> {
    let total = u64::from(transcript.duration().max(1));
    let mut buckets: Vec<u32> = hits
        .iter()
        .filter_map(|&id| transcript.segments.get(id as usize))
        .map(|s| (u64::from(s.start) * u64::from(TICK_BUCKETS) / total).min(u64::from(TICK_BUCKETS - 1)) as u32)
        .collect();
    // Hits come in time order, so equal buckets are neighbours.
    buckets.dedup();
    buckets
}

/// Consecutive tick buckets, drawn as one mark: a common word's ticks
/// become a few bars instead of hundreds of elements to create per keystroke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TickRun {
    /// The first bucket.
    pub first: u32,
    /// How many buckets in a row.
    pub len: u32,
}

/// The runs of consecutive buckets in `buckets` (ascending, distinct).
pub fn tick_runs(buckets: &[u32]) -> Vec<TickRun> {
    let mut runs: Vec<TickRun> = Vec::new();
    for &bucket in buckets {
        match runs.last_mut() {
            Some(run) if run.first + run.len == bucket => run.len += 1,
            _ => runs.push(TickRun { first: bucket, len: 1 }),
        }
    }
    runs
}

/// `part` of `whole` as a CSS percentage with three decimals (`12.345%`),
/// in integer arithmetic: float formatting would add kilobytes of wasm.
pub fn percent(part: u64, whole: u64) -> String {
    let milli = part.min(whole) * 100_000 / whole.max(1);
    format!("{}.{:03}%", milli / 1000, milli % 1000)
}

/// The match to show after stepping `forward` (Enter) or back
/// (Shift+Enter) from `current`, among `count` matches, wrapping around at
/// both ends; the first step goes to the first (or last) match.
pub fn step_match(current: Option<usize>, forward: bool, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (current, forward) {
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i.min(count - 1) + count - 1) % count,
        (None, true) => 0,
        (None, false) => count - 1,
    })
}

/// What the copy and download buttons say and their tooltips.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportWording {
    /// "Copy text", or "Copy shown" when the list is filtered.
    pub copy: &'static str,
    /// The copy button's tooltip.
    pub copy_title: String,
    /// "Download .txt", or "Download shown" when the list is filtered.
    pub download: &'static str,
    /// The download button's tooltip.
    pub download_title: String,
}

/// The export buttons' words: the part shown when the list is `filtered`
/// (by a search or by speakers), else the whole transcript.
pub fn export_wording(filtered: bool) -> ExportWording {
    let what = if filtered { "the shown part of the transcript" } else { "the whole transcript" };
    ExportWording {
        copy: if filtered { "Copy shown" } else { "Copy text" },
        copy_title: format!("Copy {what} as text"),
        download: if filtered { "Download shown" } else { "Download .txt" },
        download_title: format!("Download {what} as a .txt file"),
    }
}

/// The match counter's words: nothing without a query, "No matches",
/// "3 of 17" while stepping, else "17 matches".
pub fn match_count_text(searching: bool, total: usize, current: Option<usize>) -> String {
    match (searching, current) {
        (false, _) => String::new(),
        _ if total == 0 => "No matches".to_string(),
        (true, Some(i)) => format!("{} of {total}", i + 1),
        (true, None) if total == 1 => "1 match".to_string(),
        (true, None) => format!("{total} matches"),
    }
}

/// Where a key pressed on the timeline (a slider) moves from `now`:
/// arrows 30 s, Page keys 5 minutes, Home and End the ends; `None` for
/// other keys. Always within `0..=duration`.
pub fn slider_target(key: &str, now: Millis, duration: Millis) -> Option<Millis> {
    let target = match key {
        "ArrowRight" | "ArrowUp" => now.saturating_add(30_000),
        "ArrowLeft" | "ArrowDown" => now.saturating_sub(30_000),
        "PageUp" => now.saturating_add(300_000),
        "PageDown" => now.saturating_sub(300_000),
        "Home" => 0,
        "End" => duration,
        _ => return None,
    };
    Some(target.min(duration))
}

/// Each speaker's share of the talk time, in whole percent (rounded), in
/// `speakers` order; all zero when nobody has talk time.
pub fn talk_shares(transcript: &Transcript) -> Vec<u64> {
    let talk = transcript.talk_time();
    let total: u64 = talk.iter().sum();
    talk.iter().map(|&t| (t * 100 + total / 2).checked_div(total).unwrap_or(0)).collect()
}

/// Whether the row at `position` in a list of segment ids opens a new turn
/// (its speaker label is shown): the first row, a change of speaker, or a
/// gap in the ids (segments hidden between them).
pub fn opens_turn(transcript: &Transcript, list: &[u32], position: usize) -> bool {
    let Some(&id) = list.get(position) else { return false };
    let Some(previous) = position.checked_sub(1).and_then(|p| list.get(p)) else { return true };
    let speaker = |id: u32| transcript.segments.get(id as usize).map(|s| s.speaker);
    speaker(*previous) != speaker(id) || previous + 1 != id
}

/// Whether a segment (`start..end`) lies in a quoted range (`t=start,end`):
/// it overlaps it. A moment alone (`t=start`) is no range.
pub fn in_range(range: Option<(Millis, Option<Millis>)>, start: Millis, end: Millis) -> bool {
    range.is_some_and(|(from, to)| to.is_some_and(|to| start < to && end > from))
}

/// The segment shown nearest to `id` in `shown` (sorted ids): `id` itself
/// when shown, else the next one shown after it, else the last before it.
/// What a moment in a hidden speaker's words lands on, under a filter.
pub fn nearest_shown(shown: &[u32], id: u32) -> Option<u32> {
    let at = shown.partition_point(|&s| s < id);
    shown.get(at).or_else(|| shown.last()).copied()
}

/// The part of a list of `len` rows to render so that row `position` is
/// in it, `size` rows long: `position` sits a quarter of the way down.
pub fn window_around(position: usize, len: usize, size: usize) -> (usize, usize) {
    let lo = position.saturating_sub(size / 4).min(len.saturating_sub(size));
    (lo, (lo + size).min(len))
}

/// The rows whose highlighting changes when the hits go from `before` to
/// `after` (both sorted segment ids): every row in either, nearest the
/// `anchor` segment (what the reader sees) first, so a keystroke can
/// repaint the rows on screen in its own frame and the rest after.
pub fn repaint_order(before: &[u32], after: &[u32], anchor: u32) -> Vec<u32> {
    let mut rows = Vec::with_capacity(before.len() + after.len());
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        let next = match (before.get(i), after.get(j)) {
            (Some(&a), Some(&b)) if a == b => {
                i += 1;
                j += 1;
                a
            }
            (Some(&a), Some(&b)) if a < b => {
                i += 1;
                a
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (_, Some(&b)) => {
                j += 1;
                b
            }
            (None, None) => unreachable!("the loop condition"),
        };
        rows.push(next);
    }
    // Outward from the anchor, the nearer side first (the earlier on a tie):
    // a merge, not a sort, which would add a sort's code to the wasm.
    let split = rows.partition_point(|&id| id < anchor);
    let (below, above) = rows.split_at(split);
    let mut order = Vec::with_capacity(rows.len());
    let (mut down, mut up) = (below.iter().rev().peekable(), above.iter().peekable());
    loop {
        let next = match (down.peek(), up.peek()) {
            (Some(&&a), Some(&&b)) if anchor - a <= b - anchor => down.next(),
            (_, Some(_)) => up.next(),
            (Some(_), None) => down.next(),
            (None, None) => break,
        };
        order.extend(next);
    }
    order
}

/// The word being spoken, as a byte range of its segment's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpokenWord {
    /// The segment it is in.
    pub segment: u32,
    /// Where the word starts in the segment's text (bytes).
    pub from: usize,
    /// Where it ends (exclusive).
    pub to: usize,
}

/// The word of segment `id` being spoken at `moment`: the last one whose
/// time is at or before it (of words with equal times, the later, as for
/// segments). `None` when the segment has no word times, when `moment` is
/// before its first word, or when `moment` lies outside the segment (before
/// its start, or past its end once a later segment has begun). After the
/// last word, until then, the last word stays spoken.
pub fn spoken_word(transcript: &Transcript, id: u32, moment: Millis) -> Option<SpokenWord> {
    let segment = transcript.segments.get(id as usize)?;
    let past_end = moment > segment.end && transcript.segment_at(moment) != Some(id as usize);
    if moment < segment.start || past_end {
        return None;
    }
    let index = segment.words.partition_point(|w| w.start <= moment).checked_sub(1)?;
    let (from, to) = word_extent(&segment.text, &segment.words, index)?;
    Some(SpokenWord { segment: id, from, to })
}

/// Where word `index` of `words` lies in `text`: from its offset (past any
/// space there) to the next space, as `verbatim dump` shows it, or to the
/// next word's offset when that comes first (text without spaces between
/// words: Chinese, Japanese, a karaoke word timed syllable by syllable).
fn word_extent(text: &str, words: &[WordTime], index: usize) -> Option<(usize, usize)> {
    let offset = words.get(index)?.offset as usize;
    let space = |b: &u8| b.is_ascii_whitespace();
    let from = offset + text.as_bytes().get(offset..)?.iter().take_while(|b| space(b)).count();
    let next = words
        .get(index + 1)
        .map(|w| w.offset as usize)
        .filter(|&next| next > from && text.is_char_boundary(next))
        .unwrap_or(text.len());
    let to = text.as_bytes()[from..].iter().position(space).map_or(text.len(), |end| from + end).min(next);
    // An offset inside a character (never in a valid index) has no word.
    (to > from && text.is_char_boundary(from)).then_some((from, to))
}

/// A segment's text as the widget shows it: the pieces before the spoken
/// word, the word's own pieces (empty when no word is spoken there) and
/// the pieces after, each piece a search match or not. A match that
/// crosses an edge of the word is cut there, so the word stays one element
/// around its part of the match.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TextParts<'a> {
    /// The text before the word (all of it when there is no word).
    pub before: Vec<Piece<'a>>,
    /// The word.
    pub word: Vec<Piece<'a>>,
    /// The text after the word.
    pub after: Vec<Piece<'a>>,
}

impl TextParts<'_> {
    /// Whether a match runs on across the word's start (so it is cut there
    /// into two marks, to be drawn as one).
    pub fn match_across_start(&self) -> bool {
        self.before.last().is_some_and(|p| p.marked) && self.word.first().is_some_and(|p| p.marked)
    }

    /// Whether a match runs on across the word's end.
    pub fn match_across_end(&self) -> bool {
        self.word.last().is_some_and(|p| p.marked) && self.after.first().is_some_and(|p| p.marked)
    }
}

/// Cuts `text` into [`TextParts`] by the search's `marks` (sorted,
/// non-overlapping byte ranges, as `Matcher::spans` gives them) and the
/// spoken `word` (a byte range). Together the pieces are `text`, in order,
/// and no piece is empty (unless `text` is: then it is one empty piece). A
/// word range that does not fit the text is ignored.
pub fn text_parts<'a>(text: &'a str, marks: &[(usize, usize)], word: Option<(usize, usize)>) -> TextParts<'a> {
    let fits = |&(from, to): &(usize, usize)| from < to && text.get(from..to).is_some();
    match word.filter(fits) {
        Some((from, to)) => TextParts {
            before: pieces_between(text, marks, 0, from),
            word: pieces_between(text, marks, from, to),
            after: pieces_between(text, marks, to, text.len()),
        },
        None if text.is_empty() => TextParts { before: vec![Piece { text, marked: false }], ..TextParts::default() },
        None => TextParts { before: pieces_between(text, marks, 0, text.len()), ..TextParts::default() },
    }
}

/// The pieces of `text[from..to]`, marked where `marks` cover it.
fn pieces_between<'a>(text: &'a str, marks: &[(usize, usize)], from: usize, to: usize) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut at = from;
    let mut push = |a: usize, b: usize, marked: bool| {
        // A mark from another text could cut a character: skip it, never panic.
        if let Some(text) = text.get(a..b).filter(|t| !t.is_empty()) {
            pieces.push(Piece { text, marked });
        }
    };
    for &(a, b) in marks {
        let (a, b) = (a.max(at), b.min(to));
        if a >= b || text.get(a..b).is_none() {
            continue;
        }
        push(at, a, false);
        push(a, b, true);
        at = b;
    }
    push(at, to, false);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_segment_lands_on_the_next_shown_else_the_last() {
        let shown = [2, 5, 9];
        assert_eq!(nearest_shown(&shown, 5), Some(5));
        assert_eq!(nearest_shown(&shown, 0), Some(2));
        assert_eq!(nearest_shown(&shown, 6), Some(9));
        assert_eq!(nearest_shown(&shown, 10), Some(9));
        assert_eq!(nearest_shown(&[], 3), None);
    }
    use crate::transcript::{Segment, Speaker, WordTime};

    fn transcript(starts: &[(Millis, Option<u16>)]) -> Transcript {
        Transcript {
            speakers: vec![
                Speaker { id: "a".into(), name: "A".into(), role: String::new() },
                Speaker { id: "b".into(), name: "B".into(), role: String::new() },
            ],
            segments: starts
                .iter()
                .map(|&(start, speaker)| Segment { start, end: start + 1000, speaker, text: "x".into(), words: vec![] })
                .collect(),
            ..Transcript::default()
        }
    }

    #[test]
    fn export_buttons_name_what_they_take() {
        let whole = export_wording(false);
        assert_eq!((whole.copy, whole.download), ("Copy text", "Download .txt"));
        assert_eq!(whole.copy_title, "Copy the whole transcript as text");
        assert_eq!(whole.download_title, "Download the whole transcript as a .txt file");
        let shown = export_wording(true);
        assert_eq!((shown.copy, shown.download), ("Copy shown", "Download shown"));
        assert_eq!(shown.copy_title, "Copy the shown part of the transcript as text");
        assert_eq!(shown.download_title, "Download the shown part of the transcript as a .txt file");
    }

    #[test]
    fn ticks_share_buckets_and_stay_in_range() {
        let t = transcript(&[(0, None), (10, None), (200_000, None), (399_000, None)]);
        assert_eq!(tick_buckets(&t, &[0, 1, 2, 3]), [0, 200, 399]);
        assert_eq!(tick_buckets(&t, &[]), Vec::<u32>::new());
        assert_eq!(tick_buckets(&t, &[99]), Vec::<u32>::new(), "unknown ids are skipped");
        assert_eq!(tick_buckets(&Transcript::default(), &[0]), Vec::<u32>::new());
    }

    #[test]
    fn percentages_in_integers() {
        assert_eq!(percent(1, 3), "33.333%");
        assert_eq!(percent(5, 5), "100.000%");
        assert_eq!(percent(7, 0), "0.000%");
        assert_eq!(percent(9, 4), "100.000%", "never past the end");
    }

    #[test]
    fn a_segment_is_in_a_range_it_overlaps() {
        let range = Some((10_000, Some(20_000)));
        assert!(in_range(range, 9_000, 10_001));
        assert!(in_range(range, 19_999, 25_000));
        assert!(in_range(range, 12_000, 13_000));
        assert!(!in_range(range, 5_000, 10_000), "ends where the range starts");
        assert!(!in_range(range, 20_000, 21_000), "starts where the range ends");
        assert!(!in_range(Some((10_000, None)), 9_000, 11_000), "a moment is no range");
        assert!(!in_range(None, 0, 1_000));
    }

    #[test]
    fn stepping_wraps_around() {
        assert_eq!(step_match(None, true, 3), Some(0));
        assert_eq!(step_match(None, false, 3), Some(2));
        assert_eq!(step_match(Some(2), true, 3), Some(0));
        assert_eq!(step_match(Some(0), false, 3), Some(2));
        assert_eq!(step_match(Some(1), false, 3), Some(0));
        assert_eq!(step_match(Some(7), false, 3), Some(1), "a stale position is clamped");
        assert_eq!(step_match(Some(0), true, 0), None);
    }

    #[test]
    fn counter_words() {
        assert_eq!(match_count_text(false, 5, None), "");
        assert_eq!(match_count_text(true, 0, None), "No matches");
        assert_eq!(match_count_text(true, 1, None), "1 match");
        assert_eq!(match_count_text(true, 17, None), "17 matches");
        assert_eq!(match_count_text(true, 17, Some(2)), "3 of 17");
    }

    #[test]
    fn slider_keys() {
        assert_eq!(slider_target("ArrowRight", 0, 100_000), Some(30_000));
        assert_eq!(slider_target("ArrowDown", 10_000, 100_000), Some(0));
        assert_eq!(slider_target("PageUp", 0, 100_000), Some(100_000));
        assert_eq!(slider_target("PageDown", 400_000, 1_000_000), Some(100_000));
        assert_eq!(slider_target("Home", 50_000, 100_000), Some(0));
        assert_eq!(slider_target("End", 0, 100_000), Some(100_000));
        assert_eq!(slider_target("x", 0, 100_000), None);
        assert_eq!(slider_target("ArrowUp", u32::MAX, u32::MAX), Some(u32::MAX));
    }

    #[test]
    fn shares_round_and_survive_silence() {
        let t = transcript(&[(0, Some(0)), (1000, Some(1)), (2000, Some(1))]);
        assert_eq!(talk_shares(&t), [33, 67]);
        assert_eq!(talk_shares(&transcript(&[(0, None)])), [0, 0]);
    }

    #[test]
    fn turns_open_on_speaker_changes_and_gaps() {
        let t = transcript(&[(0, Some(0)), (1, Some(0)), (2, Some(1)), (3, Some(0)), (4, Some(0))]);
        let all = [0, 1, 2, 3, 4];
        let opens: Vec<bool> = (0..5).map(|p| opens_turn(&t, &all, p)).collect();
        assert_eq!(opens, [true, false, true, true, false]);
        assert!(opens_turn(&t, &[0, 3], 1), "hidden segments between rows start a turn");
        assert!(!opens_turn(&t, &all, 9));
    }

    #[test]
    fn windows_hold_their_row() {
        assert_eq!(window_around(0, 1000, 500), (0, 500));
        assert_eq!(window_around(600, 1000, 500), (475, 975));
        assert_eq!(window_around(990, 1000, 500), (500, 1000));
        assert_eq!(window_around(5, 10, 500), (0, 10));
    }

    #[test]
    fn repaint_order_is_the_union_nearest_the_anchor_first() {
        assert_eq!(repaint_order(&[1, 5, 9], &[5, 6, 20], 6), vec![6, 5, 9, 1, 20]);
        assert_eq!(repaint_order(&[], &[3, 4], 0), vec![3, 4]);
        assert_eq!(repaint_order(&[7], &[], 100), vec![7]);
        assert!(repaint_order(&[], &[], 0).is_empty());
    }

    #[test]
    fn repaint_order_lists_each_row_once() {
        let order = repaint_order(&[0, 2, 4, 6], &[0, 1, 2, 3], 2);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4, 6]);
        assert_eq!(order[0], 2);
    }

    #[test]
    fn repaint_order_matches_a_stable_sort_by_distance() {
        let mut seed = 7u32;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        for _ in 0..500 {
            let mut ids = |count: u32| {
                let mut v: Vec<u32> = (0..count).map(|_| next(60)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (before, after) = (ids(10), ids(10));
            let anchor = next(70);
            let mut want: Vec<u32> = before.iter().chain(&after).copied().collect();
            want.sort_unstable();
            want.dedup();
            want.sort_by_key(|&id| id.abs_diff(anchor));
            assert_eq!(repaint_order(&before, &after, anchor), want, "{before:?} {after:?} {anchor}");
        }
    }

    #[test]
    fn consecutive_ticks_become_one_run() {
        let run = |first, len| TickRun { first, len };
        assert_eq!(tick_runs(&[1, 2, 3, 7, 9, 10]), vec![run(1, 3), run(7, 1), run(9, 2)]);
        assert_eq!(tick_runs(&[0]), vec![run(0, 1)]);
        assert!(tick_runs(&[]).is_empty());
        let all: Vec<u32> = (0..TICK_BUCKETS).collect();
        assert_eq!(tick_runs(&all), vec![run(0, TICK_BUCKETS)]);
    }
    /// A segment as `(start, end, text, words)`, words as `(offset, start)`.
    type Timed<'a> = (Millis, Millis, &'a str, &'a [(u32, Millis)]);

    fn timed(segments: &[Timed]) -> Transcript {
        let segment = |&(start, end, text, words): &Timed| Segment {
            start,
            end,
            speaker: None,
            text: text.into(),
            words: words.iter().map(|&(offset, start)| WordTime { offset, start }).collect(),
        };
        Transcript { segments: segments.iter().map(segment).collect(), ..Transcript::default() }
    }

    /// The text of the word spoken in segment `id` at `moment`.
    fn spoken(t: &Transcript, id: u32, moment: Millis) -> Option<&str> {
        let word = spoken_word(t, id, moment)?;
        assert_eq!(word.segment, id);
        Some(&t.segments[id as usize].text[word.from..word.to])
    }

    const NITROGEN: &[(u32, Millis)] = &[(0, 1200), (6, 1600), (12, 2100), (19, 3000)];

    #[test]
    fn the_spoken_word_is_the_last_one_started() {
        let t = timed(&[(1000, 5000, "Never drink liquid nitrogen.", NITROGEN), (9000, 9500, "Later.", &[])]);
        assert_eq!(spoken(&t, 0, 1000), None, "the segment has begun, its first word not yet");
        assert_eq!(spoken(&t, 0, 1199), None);
        assert_eq!(spoken(&t, 0, 1200), Some("Never"), "a word starts at its time");
        assert_eq!(spoken(&t, 0, 1599), Some("Never"));
        assert_eq!(spoken(&t, 0, 2100), Some("liquid"));
        assert_eq!(spoken(&t, 0, 4999), Some("nitrogen."), "punctuation goes with its word");
        assert_eq!(spoken(&t, 0, 8000), Some("nitrogen."), "in the silence after it, the last word stays");
        assert_eq!(spoken(&t, 0, 9000), None, "the next segment has begun");
        assert_eq!(spoken(&t, 0, 999), None, "before the segment");
        assert_eq!(spoken(&t, 1, 9200), None, "a segment without word times has no word");
        assert_eq!(spoken(&t, 7, 1200), None, "no such segment");
        assert_eq!(spoken(&Transcript::default(), 0, 0), None);
    }

    #[test]
    fn the_last_segments_last_word_stays_spoken() {
        let t = timed(&[(0, 1000, "Bye now", &[(0, 0), (4, 500)])]);
        assert_eq!(spoken(&t, 0, 60_000), Some("now"));
    }

    #[test]
    fn of_words_with_equal_times_the_later_is_spoken() {
        let t = timed(&[(0, 1000, "a bb c", &[(0, 100), (2, 200), (5, 200)])]);
        assert_eq!(spoken(&t, 0, 199), Some("a"));
        assert_eq!(spoken(&t, 0, 200), Some("c"));
    }

    #[test]
    fn overlapping_segments_keep_their_own_words() {
        // Two voices of one cue: the same times, each its own words.
        let t = timed(&[(0, 2000, "Yes sir", &[(0, 0), (4, 900)]), (0, 2000, "No way", &[(0, 0), (3, 1000)])]);
        assert_eq!(spoken(&t, 0, 950), Some("sir"));
        assert_eq!(spoken(&t, 1, 950), Some("No"));
    }

    #[test]
    fn a_word_ends_at_a_space_or_at_the_next_word() {
        let t = timed(&[
            (0, 1000, "我们 在杭州", &[(0, 0), (7, 100), (10, 200)]),
            (1000, 2000, "Ka ra oke", &[(2, 1000), (6, 1500)]),
        ]);
        assert_eq!(spoken(&t, 0, 50), Some("我们"));
        assert_eq!(spoken(&t, 0, 150), Some("在"), "no space: up to the next word");
        assert_eq!(spoken(&t, 0, 250), Some("杭州"));
        assert_eq!(spoken(&t, 1, 1200), Some("ra"), "an offset at a space starts past it");
        assert_eq!(spoken(&t, 1, 1700), Some("oke"));
        let broken = timed(&[(0, 1000, "née", &[(2, 0)]), (1000, 2000, "x ", &[(1, 1000)])]);
        assert_eq!(spoken(&broken, 0, 10), None, "an offset inside a character (no valid index has one)");
        assert_eq!(spoken(&broken, 1, 1500), None, "an offset with only a space after it");
    }

    fn texts<'a>(pieces: &[Piece<'a>]) -> Vec<(&'a str, bool)> {
        pieces.iter().map(|p| (p.text, p.marked)).collect()
    }

    fn parts<'a>(text: &'a str, marks: &[(usize, usize)], word: Option<(usize, usize)>) -> [Vec<(&'a str, bool)>; 3] {
        let parts = text_parts(text, marks, word);
        [texts(&parts.before), texts(&parts.word), texts(&parts.after)]
    }

    #[test]
    fn text_without_a_word_is_cut_by_its_marks() {
        let text = "Never drink liquid nitrogen.";
        assert_eq!(parts(text, &[], None), [vec![(text, false)], vec![], vec![]]);
        assert_eq!(
            parts(text, &[(0, 5), (19, 27)], None),
            [vec![("Never", true), (" drink liquid ", false), ("nitrogen", true), (".", false)], vec![], vec![]]
        );
        assert_eq!(parts("", &[], None), [vec![("", false)], vec![], vec![]], "one empty piece, like Matcher::pieces");
    }

    #[test]
    fn the_word_without_marks() {
        let text = "Never drink liquid nitrogen.";
        assert_eq!(
            parts(text, &[], Some((6, 11))),
            [vec![("Never ", false)], vec![("drink", false)], vec![(" liquid nitrogen.", false)]]
        );
        assert_eq!(
            parts(text, &[], Some((0, 5))),
            [vec![], vec![("Never", false)], vec![(" drink liquid nitrogen.", false)]]
        );
        assert_eq!(
            parts(text, &[], Some((19, 28))),
            [vec![("Never drink liquid ", false)], vec![("nitrogen.", false)], vec![]]
        );
    }

    #[test]
    fn a_mark_inside_the_word_stays_inside() {
        let text = "Never drink liquid nitrogen.";
        assert_eq!(
            parts(text, &[(19, 27)], Some((19, 28))),
            [vec![("Never drink liquid ", false)], vec![("nitrogen", true), (".", false)], vec![]]
        );
    }

    #[test]
    fn a_mark_over_several_words_is_cut_at_the_words_edges() {
        let text = "Never drink liquid nitrogen.";
        // "drink liquid nitrogen" as a phrase; the word in its middle.
        assert_eq!(
            parts(text, &[(6, 27)], Some((12, 18))),
            [
                vec![("Never ", false), ("drink ", true)],
                vec![("liquid", true)],
                vec![(" nitrogen", true), (".", false)]
            ]
        );
    }

    #[test]
    fn matches_across_the_words_edges_are_told() {
        let text = "Never drink liquid nitrogen.";
        let across = |marks: &[(usize, usize)], word| {
            let parts = text_parts(text, marks, Some(word));
            (parts.match_across_start(), parts.match_across_end())
        };
        assert_eq!(across(&[(6, 27)], (12, 18)), (true, true), "a phrase over the word");
        assert_eq!(across(&[(6, 18)], (12, 18)), (true, false), "a phrase ending with the word");
        assert_eq!(across(&[(12, 27)], (12, 18)), (false, true), "a phrase starting with it");
        assert_eq!(across(&[(19, 27)], (19, 28)), (false, false), "a match inside the word");
        assert_eq!(across(&[(0, 5), (19, 27)], (12, 18)), (false, false), "matches elsewhere");
        assert_eq!(across(&[(0, 5)], (0, 5)), (false, false), "exactly the word");
        let none = text_parts(text, &[(0, 27)], None);
        assert!(!none.match_across_start() && !none.match_across_end(), "no word");
    }

    #[test]
    fn a_mark_across_one_edge_of_the_word() {
        let text = "Deep Seek it";
        assert_eq!(
            parts(text, &[(0, 7)], Some((5, 9))),
            [vec![("Deep ", true)], vec![("Se", true), ("ek", false)], vec![(" it", false)]],
            "across its start"
        );
        assert_eq!(
            parts(text, &[(7, 12)], Some((5, 9))),
            [vec![("Deep ", false)], vec![("Se", false), ("ek", true)], vec![(" it", true)]],
            "across its end"
        );
        assert_eq!(
            parts(text, &[(5, 9)], Some((5, 9))),
            [vec![("Deep ", false)], vec![("Seek", true)], vec![(" it", false)]],
            "exactly the word"
        );
    }

    #[test]
    fn a_word_that_does_not_fit_is_ignored() {
        let text = "née ok";
        let whole = [vec![(text, false)], vec![], vec![]];
        assert_eq!(parts(text, &[], Some((2, 4))), whole, "inside a character");
        assert_eq!(parts(text, &[], Some((4, 99))), whole, "past the end");
        assert_eq!(parts(text, &[], Some((3, 3))), whole, "empty");
        assert_eq!(parts(text, &[(2, 4)], None), whole, "a mark inside a character is skipped");
        assert_eq!(parts(text, &[(2, 4)], Some((5, 7))), [vec![("née ", false)], vec![("ok", false)], vec![]]);
    }

    #[test]
    fn the_parts_are_the_text() {
        let text = "a bb ccc dddd é ff";
        let mut seed = 11u32;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize % n
        };
        for _ in 0..2000 {
            let mut cuts: Vec<usize> = (0..next(6)).map(|_| next(text.len() + 1)).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let marks: Vec<(usize, usize)> = cuts.chunks_exact(2).map(|c| (c[0], c[1])).collect();
            let (a, b) = (next(text.len() + 1), next(text.len() + 1));
            let word = (a < b).then_some((a, b));
            let parts = text_parts(text, &marks, word);
            let all: Vec<&Piece> = parts.before.iter().chain(&parts.word).chain(&parts.after).collect();
            assert_eq!(all.iter().map(|p| p.text).collect::<String>(), text, "{marks:?} {word:?}");
            assert!(all.iter().all(|p| !p.text.is_empty()), "{marks:?} {word:?}");
            if let Some((a, b)) = word.filter(|&(a, b)| text.get(a..b).is_some()) {
                assert_eq!(parts.word.iter().map(|p| p.text).collect::<String>(), text[a..b]);
            }
        }
    }
}
