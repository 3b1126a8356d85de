//! What the widget shows, decided natively: the small rules about text,
//! time and matches that the components only display.
//!
//! In: a [`Transcript`], search hits, the reader's position. Out: plain
//! values (ticks, counter wording, the next match, a slider's target
//! time, talk-time shares, CSS percentages). Always holds: nothing here
//! touches the DOM or a signal, so `cargo test` covers every decision the
//! widget makes; the components in `ui/` call these and render the answer.

use crate::transcript::{Millis, Transcript};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Segment, Speaker};

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
}
