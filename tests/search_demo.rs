//! Searching the demo episode as a reader would: exact words, typos,
//! prefixes, split words, phrases, speaker filters, the empty query and
//! pathological queries; plus what the demo's transcript promises (its
//! speakers, estimated timing, segment sizes and talk time).

use std::path::PathBuf;

use verbatim::index::{Index, IndexBuilder};
use verbatim::search::{Matcher, Query, Searcher};
use verbatim::tokenize::tokenize;
use verbatim::transcript::{Timing, Transcript};

fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/episodes/china-ai-strategy")
}

/// A searcher over the demo index, built through the same path as the CLI.
fn demo() -> Searcher {
    let transcript = verbatim::parse::load(&demo_dir()).unwrap_or_else(|e| panic!("demo episode: {e}")).transcript;
    Searcher::new(Index::from_bytes(&IndexBuilder::new(&transcript).build()).unwrap_or_else(|e| panic!("{e}")))
}

fn transcript(s: &Searcher) -> &Transcript {
    &s.index().transcript
}

fn search(s: &Searcher, query: &str) -> (Vec<u32>, Matcher) {
    let result = s.search(&Query::parse(query), &[]);
    let matcher = result.matcher;
    (result.hits, matcher)
}

fn hits(s: &Searcher, query: &str) -> Vec<u32> {
    search(s, query).0
}

fn text(s: &Searcher, id: u32) -> &str {
    &transcript(s).segments[id as usize].text
}

/// The highlighted parts of a segment, as text.
fn marked(s: &Searcher, matcher: &Matcher, id: u32) -> Vec<String> {
    let text = text(s, id);
    matcher.spans(text).into_iter().map(|(a, b)| text[a..b].to_string()).collect()
}

/// The segment's words as the index sees them.
fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

fn has_sequence(text: &str, sequence: &[&str]) -> bool {
    terms(text).windows(sequence.len()).any(|w| w.iter().zip(sequence).all(|(a, b)| a == b))
}

fn all_ids(s: &Searcher) -> Vec<u32> {
    (0..transcript(s).segments.len() as u32).collect()
}

fn is_subset(small: &[u32], big: &[u32]) -> bool {
    small.iter().all(|id| big.contains(id))
}

/// Edit distance (insertions, deletions, substitutions), for checking
/// what typo tolerance may match.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Segments having a term that starts with `word` (exact or as a prefix).
fn segments_with_prefix(s: &Searcher, word: &str) -> Vec<u32> {
    all_ids(s).into_iter().filter(|&id| terms(text(s, id)).iter().any(|t| t.starts_with(word))).collect()
}

#[test]
fn hangzhou_is_found_and_highlighted() {
    let s = demo();
    let (ids, matcher) = search(&s, "hangzhou");
    let literal = segments_with_prefix(&s, "hangzhou");
    assert!(!literal.is_empty());
    assert!(
        is_subset(&literal, &ids),
        "missed {:?}",
        literal.iter().filter(|id| !ids.contains(id)).collect::<Vec<_>>()
    );
    for &id in &ids {
        let marks = marked(&s, &matcher, id);
        assert!(!marks.is_empty(), "segment {id} has no highlight");
        // The transcript (speech recognition) also spells the city
        // Wangzhou, Hengzhou and Hongzhou: one typo away, so found too.
        for mark in marks {
            assert!(edits(&mark.to_lowercase(), "hangzhou") <= 1, "segment {id}: marked {mark:?}");
            assert!(text(&s, id).contains(&mark));
        }
    }
    for &id in &literal {
        assert!(marked(&s, &matcher, id).iter().any(|m| m.eq_ignore_ascii_case("hangzhou")));
    }
}

#[test]
fn the_demo_spells_deepseek_both_ways() {
    let source = std::fs::read_to_string(demo_dir().join("transcript.txt")).unwrap().to_lowercase();
    let source = source.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(source.contains("deepseek"), "no `Deepseek`/`DeepSeek` in the transcript");
    assert!(source.contains("deep seek"), "no `Deep Seek` in the transcript");
}

#[test]
fn deepseek_finds_both_spellings() {
    let s = demo();
    let (ids, matcher) = search(&s, "deepseek");
    let joined: Vec<u32> =
        ids.iter().copied().filter(|&id| terms(text(&s, id)).contains(&"deepseek".to_string())).collect();
    let split: Vec<u32> = ids.iter().copied().filter(|&id| has_sequence(text(&s, id), &["deep", "seek"])).collect();
    assert!(!joined.is_empty(), "no hit spells `Deepseek`");
    assert!(!split.is_empty(), "no hit spells `Deep Seek`");
    for &id in &ids {
        for mark in marked(&s, &matcher, id) {
            let m = mark.to_lowercase();
            // `DeepSeet` (sic) is one typo away.
            assert!(m == "deep seek" || edits(&m, "deepseek") <= 1, "segment {id}: marked {mark:?}");
        }
    }
    // Every segment with either spelling is a hit.
    let expected: Vec<u32> = all_ids(&s)
        .into_iter()
        .filter(|&id| {
            terms(text(&s, id)).iter().any(|t| t.starts_with("deepseek"))
                || has_sequence(text(&s, id), &["deep", "seek"])
        })
        .collect();
    assert!(
        is_subset(&expected, &ids),
        "missed: {:?}",
        expected.iter().filter(|id| !ids.contains(id)).collect::<Vec<_>>()
    );
    // And the two-word query finds the one-word spelling, highlighted whole.
    let (two, matcher) = search(&s, "deep seek");
    assert!(is_subset(&joined, &two));
    for &id in &joined {
        assert!(marked(&s, &matcher, id).iter().any(|m| m.eq_ignore_ascii_case("deepseek")), "segment {id}");
    }
}

/// `hangzhuo` is two Levenshtein edits from `hangzhou`, found by the
/// swapped-neighbours lookup; the transcript's other spellings (Wangzhou,
/// Hengzhou, Hongzhou) are two or more edits from `hangzhuo`, beyond the
/// one typo an 8-letter word gets, so only the literal spelling is found.
#[test]
fn a_swapped_letter_finds_the_word_it_swaps() {
    let s = demo();
    let (ids, matcher) = search(&s, "hangzhuo");
    assert_eq!(ids, segments_with_prefix(&s, "hangzhou"));
    assert!(is_subset(&ids, &hits(&s, "hangzhou")));
    for id in ids {
        assert!(marked(&s, &matcher, id).iter().all(|m| m.eq_ignore_ascii_case("hangzhou")));
    }
    assert_eq!(hits(&s, "chnia"), hits(&s, "china"), "a swap in a short word");
}

/// The last word as a prefix finds every segment whose words begin with
/// it, and so every segment with the whole word spelled that way. (Typo
/// tolerance applies to whole words only, so `hangz` does not find
/// `Wangzhou`, which `hangzhou` does.)
#[test]
fn a_prefix_finds_every_word_it_begins() {
    let s = demo();
    for (prefix, word) in [("hangz", "hangzhou"), ("chin", "china"), ("deeps", "deepseek"), ("robo", "robot")] {
        let found = hits(&s, prefix);
        assert!(is_subset(&segments_with_prefix(&s, prefix), &found), "{prefix}");
        assert!(is_subset(&segments_with_prefix(&s, word), &found), "{prefix} vs {word}");
        if prefix.len() <= 4 {
            // No typos for words this short: exactly the prefix's segments.
            assert_eq!(found, segments_with_prefix(&s, prefix), "{prefix}");
        }
    }
    assert_eq!(hits(&s, "hangz"), segments_with_prefix(&s, "hangz"));
}

#[test]
fn open_source_as_a_phrase_needs_the_words_in_sequence() {
    let s = demo();
    let (ids, matcher) = search(&s, "\"open source\"");
    assert!(!ids.is_empty());
    for &id in &ids {
        assert!(has_sequence(text(&s, id), &["open", "source"]), "segment {id}: {}", text(&s, id));
        let marks = marked(&s, &matcher, id);
        assert!(!marks.is_empty());
        for mark in marks {
            let m = mark.to_lowercase();
            assert!(m == "open source" || m == "open-source", "segment {id}: marked {mark:?}");
        }
    }
    let expected: Vec<u32> =
        all_ids(&s).into_iter().filter(|&id| has_sequence(text(&s, id), &["open", "source"])).collect();
    assert_eq!(ids, expected);
    // Unquoted, the words need not touch: a superset.
    assert!(is_subset(&ids, &hits(&s, "open source")));
}

#[test]
fn a_speaker_filter_keeps_only_that_speakers_segments() {
    let s = demo();
    let t = transcript(&s);
    for (i, speaker) in t.speakers.iter().enumerate() {
        for query in ["china", "", "\"open source\"", "robots"] {
            let all = hits(&s, query);
            let only = s.search(&Query::parse(query), std::slice::from_ref(&speaker.id));
            let expected: Vec<u32> =
                all.iter().copied().filter(|&id| t.segments[id as usize].speaker == Some(i as u16)).collect();
            assert_eq!(only.hits, expected, "{query:?} by {}", speaker.id);
        }
    }
    let both: Vec<String> = t.speakers.iter().map(|sp| sp.id.clone()).collect();
    assert_eq!(s.search(&Query::parse("china"), &both).hits, hits(&s, "china"));
}

#[test]
fn the_empty_query_matches_every_segment() {
    let s = demo();
    for query in ["", "   ", "\"\""] {
        let (ids, matcher) = search(&s, query);
        assert_eq!(ids, all_ids(&s), "{query:?}");
        assert!(matcher.spans(text(&s, 0)).is_empty());
    }
}

#[test]
fn the_demo_has_its_two_speakers() {
    let s = demo();
    let ids: Vec<&str> = transcript(&s).speakers.iter().map(|sp| sp.id.as_str()).collect();
    assert_eq!(ids, ["alex-kantrowitz", "grace-shao"]);
    assert!(transcript(&s).segments.iter().all(|seg| seg.speaker.is_some()), "a segment without a speaker");
}

#[test]
fn the_demo_timing_is_estimated_and_sorted() {
    let s = demo();
    let t = transcript(&s);
    assert_eq!(t.timing, Timing::Estimated);
    assert!(t.segments.windows(2).all(|w| w[0].start <= w[1].start), "segments out of time order");
    assert!(t.segments.iter().all(|seg| seg.start <= seg.end));
    // About 11,400 words at 165 a minute: a bit over an hour.
    assert!((3_000_000..5_000_000).contains(&t.duration()), "duration {} ms", t.duration());
}

#[test]
fn demo_segments_are_one_to_about_64_words() {
    let s = demo();
    for (id, seg) in transcript(&s).segments.iter().enumerate() {
        let words = seg.text.split(' ').count();
        assert!((1..=64).contains(&words), "segment {id} has {words} words");
    }
}

#[test]
fn the_guest_talks_longer_than_the_host() {
    let s = demo();
    let t = transcript(&s);
    let talk = t.talk_time();
    let of = |id: &str| talk[t.speakers.iter().position(|sp| sp.id == id).unwrap()];
    assert!(
        of("grace-shao") > of("alex-kantrowitz"),
        "guest {} ms, host {} ms",
        of("grace-shao"),
        of("alex-kantrowitz")
    );
}

#[test]
fn a_10000_character_word_finds_nothing_and_answers() {
    let s = demo();
    assert!(hits(&s, &"x".repeat(10_000)).is_empty());
    assert!(hits(&s, &"hangzhou".repeat(1_250)).is_empty());
    // A huge phrase too.
    assert!(hits(&s, &format!("\"{}\"", "china ".repeat(1_700))).is_empty());
}

#[test]
fn punctuation_only_queries_match_everything() {
    let s = demo();
    assert_eq!(hits(&s, &"?!,.;:—…".repeat(1_250)), all_ids(&s));
}

#[test]
fn two_hundred_words_are_anded() {
    let s = demo();
    assert_eq!(hits(&s, &"hangzhou ".repeat(200)), hits(&s, "hangzhou"));
    // Every word of one segment, repeated to 200 words: that segment
    // matches (the words are all in it).
    let id = transcript(&s).segments.iter().position(|seg| seg.text.split(' ').count() > 20).unwrap() as u32;
    let words: Vec<&str> = text(&s, id).split(' ').collect();
    let query = words.iter().cycle().take(200).copied().collect::<Vec<_>>().join(" ");
    assert!(hits(&s, &query).contains(&id));
    // 200 words that no segment has together.
    let mixed = ["hangzhou", "robots", "deepseek", "manus", "tariffs"]
        .iter()
        .cycle()
        .take(200)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let expected: Vec<u32> = hits(&s, "hangzhou robots deepseek manus tariffs");
    assert_eq!(hits(&s, &mixed), expected);
}

#[test]
fn cjk_and_accented_queries_on_english_text_answer() {
    let s = demo();
    assert!(hits(&s, "人工智能").is_empty());
    assert_eq!(hits(&s, "CHÍNA"), hits(&s, "china"));
}
