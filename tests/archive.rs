//! The show catalogue against a brute-force scan: on a small generated show,
//! every query's episodes, segments and spans equal what scanning every
//! segment's tokens with the same query finds; damaged files are refused.

use std::collections::{BTreeMap, HashSet};

use verbatim::archive::build::{build, ShowEpisode, Sizes};
use verbatim::archive::format::FileId;
use verbatim::archive::search::{run, step, ArchiveResult, Loaded, Request, RunError, Step};
use verbatim::search::{Clause, Query};
use verbatim::tokenize::{is_cjk, tokenize, Token};
use verbatim::transcript::{Segment, Speaker, Transcript};

/// A deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const COMMON: [&str; 24] = [
    "the", "China", "model", "models", "open", "source", "robots", "in", "Hangzhou", "market", "chips", "and", "we",
    "think", "about", "scaling", "laws", "deep", "seek", "dragons", "six", "outlier", "policy", "export",
];
const RARE: [&str; 12] = [
    "Deepseek",
    "DeepSeek's",
    "open-source",
    "Opensource",
    "hangzhuo",
    "人工智能",
    "智能",
    "Alibaba",
    "Qwen",
    "Tencent",
    "robotics",
    "scalings",
];
const NAMES: [(&str, &str); 4] =
    [("alex", "Alex Kantrowitz"), ("grace", "Grace Shao"), ("ana", "Ana Lee"), ("bo", "Bo Chen")];

/// A small show: 12 episodes of 40 segments, two speakers each, common
/// words everywhere and rare ones (split and joined spellings, CJK, typos)
/// here and there; text files of 8 segments, small shards and postings
/// files, so that every query spans several of each.
fn show() -> (Vec<ShowEpisode>, Vec<(FileId, Vec<u8>)>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut episodes = Vec::new();
    for e in 0..12u32 {
        let guests = [NAMES[0], NAMES[1 + (e as usize % 3)]];
        let mut segments = Vec::new();
        for s in 0..40u32 {
            let words: Vec<&str> = (0..(6 + rng.next() % 10))
                .map(|_| if rng.next().is_multiple_of(9) { rng.pick(&RARE) } else { rng.pick(&COMMON) })
                .collect();
            segments.push(Segment {
                start: s * 5000,
                end: s * 5000 + 4000,
                speaker: Some((rng.next() % 2) as u16),
                text: format!("{}.", words.join(" ")),
                words: Vec::new(),
            });
        }
        let transcript = Transcript {
            title: format!("Episode {e}"),
            date: format!("2025-01-{:02}", e + 1),
            speakers: guests
                .iter()
                .map(|(id, name)| Speaker { id: id.to_string(), name: name.to_string(), role: String::new() })
                .collect(),
            segments,
            ..Transcript::default()
        };
        episodes.push(ShowEpisode { slug: format!("ep-{e}"), transcript });
    }
    let files = build("Show", &episodes, SMALL);
    (episodes, files)
}

/// The small show's episodes built with other sizes.
fn rebuilt(episodes: &[ShowEpisode], sizes: Sizes) -> Vec<(FileId, Vec<u8>)> {
    let copies: Vec<ShowEpisode> =
        episodes.iter().map(|e| ShowEpisode { slug: e.slug.clone(), transcript: e.transcript.clone() }).collect();
    build("Show", &copies, sizes)
}

/// Small files, so that the small show has many of each kind; pairs of
/// half of its common words, so that phrases are found both ways.
const SMALL: Sizes = Sizes {
    segments_per_text: 8,
    episodes_per_file: 5,
    shard_bytes: 24,
    postings_bytes: 150,
    positions_bytes: 200,
    common_words: 12,
};

fn search(files: &[(FileId, Vec<u8>)], request: &Request) -> (ArchiveResult, Vec<FileId>) {
    let mut read = Vec::new();
    let mut loaded = Loaded::default();
    let result = run(&mut loaded, request, |file| {
        read.push(file);
        files.iter().find(|(id, _)| *id == file).map(|(_, b)| b.clone()).ok_or("missing")
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    (result, read)
}

// --- the brute-force oracle -----------------------------------------------

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// The terms a word matches, by the archive's rules, scanning the show's
/// every term.
fn expansions(all: &HashSet<String>, word: &str, prefix: bool) -> HashSet<String> {
    let w: Vec<char> = word.chars().collect();
    let typos = if w.len() > 24 || w.iter().any(|c| c.is_ascii_digit() || is_cjk(*c)) {
        0
    } else {
        match w.len() {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        }
    };
    all.iter()
        .filter(|t| {
            let c: Vec<char> = t.chars().collect();
            let swapped = (3..w.len()).any(|i| {
                let mut s = w.clone();
                s.swap(i - 1, i);
                s == c
            });
            *t == word
                || (((prefix && w.len() >= 2) || (w.len() == 1 && is_cjk(w[0]))) && t.starts_with(word))
                || (typos > 0 && c.len() >= 2 && c[..2] == w[..2] && (levenshtein(&w, &c) <= typos || swapped))
        })
        .cloned()
        .collect()
}

/// Where a quoted phrase stands among `tokens`, as token ranges: each of
/// its words as one token, or split over two (halves of three letters or
/// more), or two neighbouring words as one token; a run of Chinese,
/// Japanese or Korean only as typed.
fn phrase_runs(tokens: &[Token], terms: &[String]) -> Vec<(usize, usize)> {
    fn ends(tokens: &[Token], at: usize, terms: &[String], loose: bool, out: &mut Vec<usize>) {
        let Some((word, rest)) = terms.split_first() else {
            out.push(at);
            return;
        };
        let term = |i: usize| tokens.get(i).map(|t| t.term.as_str());
        if term(at) == Some(word) {
            ends(tokens, at + 1, rest, loose, out);
        }
        if !loose {
            return;
        }
        if let (Some(a), Some(b)) = (term(at), term(at + 1)) {
            if a.chars().count() >= 3 && b.chars().count() >= 3 && format!("{a}{b}") == *word {
                ends(tokens, at + 2, rest, loose, out);
            }
        }
        if let Some((next, after)) = rest.split_first() {
            if term(at) == Some(&format!("{word}{next}")) {
                ends(tokens, at + 1, after, loose, out);
            }
        }
    }
    let loose = !terms.iter().any(|t| t.chars().any(is_cjk));
    let mut runs = Vec::new();
    for start in 0..tokens.len() {
        let mut out = Vec::new();
        ends(tokens, start, terms, loose, &mut out);
        runs.extend(out.into_iter().filter(|&end| end > start).map(|end| (start, end)));
    }
    runs
}

/// Per episode number, its hits: (segment, highlight spans).
type Found = BTreeMap<u32, Vec<(u32, Vec<(usize, usize)>)>>;

/// What a search found, in the scan's terms.
fn found(result: &ArchiveResult) -> Found {
    result.episodes.iter().map(|e| (e.number, e.hits.iter().map(|h| (h.segment, h.spans.clone())).collect())).collect()
}

/// What scanning every segment finds: episode number → (segment, spans).
fn brute_force(episodes: &[ShowEpisode], query: &str, speakers: &[&str]) -> Found {
    let all: HashSet<String> = episodes
        .iter()
        .flat_map(|e| e.transcript.segments.iter().flat_map(|s| tokenize(&s.text).into_iter().map(|t| t.term)))
        .collect();
    let q = Query::parse(query);
    // Per clause: single terms, and sequences.
    let mut singles: Vec<HashSet<String>> = Vec::new();
    let mut sequences: Vec<Vec<Vec<String>>> = Vec::new();
    for clause in &q.clauses {
        match clause {
            Clause::Word { term, prefix } => {
                singles.push(expansions(&all, term, *prefix));
                let c: Vec<char> = term.chars().collect();
                let splits = (3..c.len().saturating_sub(2))
                    .map(|at| (c[..at].iter().collect::<String>(), c[at..].iter().collect::<String>()))
                    .filter(|(a, b)| all.contains(a) && all.contains(b))
                    .map(|(a, b)| vec![a, b])
                    .collect();
                sequences.push(splits);
            }
            Clause::Phrase(_) => {
                singles.push(HashSet::new());
                sequences.push(Vec::new());
            }
        }
    }
    let phrase = |c: usize| match &q.clauses[c] {
        Clause::Phrase(terms) => Some(terms.as_slice()),
        Clause::Word { .. } => None,
    };
    for i in 1..q.clauses.len() {
        if let (Clause::Word { term: a, .. }, Clause::Word { term: b, prefix }) = (&q.clauses[i - 1], &q.clauses[i]) {
            let joined = format!("{a}{b}");
            let found: Vec<String> =
                all.iter().filter(|t| **t == joined || (*prefix && t.starts_with(&joined))).cloned().collect();
            singles[i - 1].extend(found.iter().cloned());
            singles[i].extend(found);
        }
    }
    let highlight_terms: HashSet<&String> = singles.iter().flatten().collect();
    let highlight_sequences: Vec<&Vec<String>> = sequences.iter().flatten().collect();
    let has_sequence = |tokens: &[Token], sequence: &[String]| {
        tokens.windows(sequence.len()).any(|w| w.iter().zip(sequence).all(|(t, s)| &t.term == s))
    };
    let chosen: HashSet<String> = speakers.iter().map(|s| s.to_lowercase()).collect();
    let mut out = BTreeMap::new();
    if q.clauses.is_empty() {
        return out;
    }
    for (number, episode) in episodes.iter().enumerate() {
        let t = &episode.transcript;
        for (id, segment) in t.segments.iter().enumerate() {
            let tokens = tokenize(&segment.text);
            let all_match = (0..q.clauses.len()).all(|c| {
                tokens.iter().any(|t| singles[c].contains(&t.term))
                    || sequences[c].iter().any(|s| has_sequence(&tokens, s))
                    || phrase(c).is_some_and(|terms| !phrase_runs(&tokens, terms).is_empty())
            });
            let speaker_ok = chosen.is_empty()
                || t.speaker_of(segment)
                    .is_some_and(|s| chosen.contains(&s.id.to_lowercase()) || chosen.contains(&s.name.to_lowercase()));
            if !(all_match && speaker_ok) {
                continue;
            }
            let mut spans: Vec<(usize, usize)> =
                tokens.iter().filter(|t| highlight_terms.contains(&t.term)).map(|t| (t.start, t.end)).collect();
            for s in &highlight_sequences {
                for w in tokens.windows(s.len()) {
                    if w.iter().zip(s.iter()).all(|(t, term)| &t.term == term) {
                        spans.push((w[0].start, w[w.len() - 1].end));
                    }
                }
            }
            for terms in (0..q.clauses.len()).filter_map(phrase) {
                spans
                    .extend(phrase_runs(&tokens, terms).into_iter().map(|(a, b)| (tokens[a].start, tokens[b - 1].end)));
            }
            spans.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (a, b) in spans {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            out.entry(number as u32).or_insert_with(Vec::new).push((id as u32, merged));
        }
    }
    out
}

const QUERIES: [&str; 29] = [
    "\"deepseek\"",
    "\"deepseek's\"",
    "\"deep seek models\"",
    "\"opensource model\"",
    "\"the deepseek\"",
    "china",
    "hangzhou robots",
    "hangzhuo",
    "scailng",
    "robo",
    "r",
    "deepseek",
    "deep seek",
    "\"deep seek\"",
    "opensource",
    "open source",
    "\"open source\" models",
    "智能",
    "人工智能",
    "智",
    "工 china",
    "\"six dragons\"",
    "\"dragons six\"",
    "alibaba qwen",
    "the",
    "policy expor",
    "nothingatall",
    "DEEPSEEK'S",
    "outlier scalings",
];

#[test]
fn every_query_finds_what_a_scan_of_every_episode_finds() {
    let (episodes, files) = show();
    for query in QUERIES {
        for speakers in [&[][..], &["Grace Shao"][..], &["ana", "alex"][..]] {
            let request = Request {
                query: query.to_string(),
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                ..Request::default()
            };
            let (result, _) = search(&files, &request);
            let expected = brute_force(&episodes, query, speakers);
            assert_eq!(found(&result), expected, "{query:?} {speakers:?}");
            assert!(result.exact, "{query:?}: everything was verified");
            let total: usize = expected.values().map(Vec::len).sum();
            assert_eq!((result.total, result.episodes_total), (total, expected.len()), "{query:?}");
            // Most matches first, then newest; each episode's own totals.
            let order: Vec<(usize, u32)> = result.episodes.iter().map(|e| (e.total, e.number)).collect();
            assert!(order.windows(2).all(|w| w[0] >= w[1]), "{query:?}: {order:?}");
            for e in &result.episodes {
                assert_eq!(e.total, expected[&e.number].len());
                assert_eq!(e.slug, format!("ep-{}", e.number));
                let t = &episodes[e.number as usize].transcript;
                for h in &e.hits {
                    let segment = &t.segments[h.segment as usize];
                    assert_eq!((h.start, h.text.as_str()), (segment.start, segment.text.as_str()));
                    assert_eq!(h.speaker.as_deref(), t.speaker_of(segment).map(|s| s.id.as_str()));
                }
            }
        }
    }
}

#[test]
fn a_page_of_results_shows_each_episodes_first_hits_as_a_scan_finds_them() {
    // What the widget asks for: a few episodes, a few snippets each. Every
    // shown episode has its first verified hits, as many as asked for when
    // it has that many, even when earlier candidates fail verification.
    let (episodes, files) = show();
    for (query, snippets) in QUERIES.iter().flat_map(|q| [(*q, 1), (*q, 2)]) {
        for speakers in [&[][..], &["Grace Shao"][..]] {
            let request = Request {
                query: query.to_string(),
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                episodes: Some(3),
                hits_per_episode: Some(snippets),
                ..Request::default()
            };
            let (result, _) = search(&files, &request);
            let expected = brute_force(&episodes, query, speakers);
            assert_eq!(result.episodes.len(), 3.min(expected.len()), "{query:?} {speakers:?}");
            for e in &result.episodes {
                let want: Vec<u32> = expected[&e.number].iter().take(snippets).map(|(segment, _)| *segment).collect();
                let got: Vec<u32> = e.hits.iter().map(|h| h.segment).collect();
                assert_eq!(got, want, "{query:?} {speakers:?}: episode {}", e.number);
                assert_eq!(e.total, expected[&e.number].len(), "{query:?} {speakers:?}: episode {}", e.number);
            }
        }
    }
}

#[test]
fn snippets_come_from_later_text_when_the_first_candidates_fail_verification() {
    // `"open source"`: the first eight segments hold both words apart (they
    // need their text, and fail), the ninth the joined `opensource` (a
    // match from its postings alone, in the next text file).
    let mut segments: Vec<Segment> = (0..8u32)
        .map(|s| Segment { start: s * 1000, end: s * 1000 + 900, text: "open the source".into(), ..Segment::default() })
        .collect();
    segments.push(Segment { start: 8000, end: 8900, text: "Opensource wins.".into(), ..Segment::default() });
    let transcript = Transcript { title: "One".into(), date: "2025-01-01".into(), segments, ..Transcript::default() };
    let episodes = vec![ShowEpisode { slug: "one".into(), transcript }];
    let sizes = Sizes {
        segments_per_text: 8,
        episodes_per_file: 5,
        shard_bytes: 24,
        postings_bytes: 300,
        positions_bytes: 200,
        common_words: 0,
    };
    let files = build("Show", &episodes, sizes);
    let request =
        Request { query: "\"open source\"".into(), episodes: Some(1), hits_per_episode: Some(1), ..Request::default() };
    let (result, _) = search(&files, &request);
    assert_eq!(result.episodes.len(), 1);
    assert_eq!(result.episodes[0].total, 1);
    let hits: Vec<u32> = result.episodes[0].hits.iter().map(|h| h.segment).collect();
    assert_eq!(hits, [8], "the one match is shown");
}

#[test]
fn a_page_is_shown_before_its_counts_are_finished_and_agrees_with_them() {
    // With a speaker filter, every candidate is checked in its text (which
    // names the speaker): the page (episodes, verified snippets) is a
    // `Partial` step while the other candidates' text is fetched; the
    // final answer keeps those snippets and has counts no larger.
    let (_, files) = show();
    let mut partials = 0;
    for query in ["\"open source\" models", "deepseek", "\"six dragons\"", "\"deep seek\"", "opensource", "china"] {
        let request = Request {
            query: query.into(),
            speakers: vec![NAMES[0].1.into()],
            episodes: Some(3),
            hits_per_episode: Some(2),
            ..Request::default()
        };
        let mut loaded = Loaded::default();
        let mut partial: Option<ArchiveResult> = None;
        let done = loop {
            let need = match step(&loaded, &request) {
                Step::Done(result) => break result,
                Step::Need(need) => need,
                Step::Partial(result, need) => {
                    assert!(!result.exact, "{query}: a partial answer is not exact");
                    partial.get_or_insert(result);
                    need
                }
            };
            for file in need {
                loaded.add(file, &files.iter().find(|(id, _)| *id == file).unwrap().1).unwrap();
            }
        };
        let Some(partial) = partial else { continue };
        partials += 1;
        for e in &partial.episodes {
            let Some(last) = done.episodes.iter().find(|d| d.number == e.number) else { continue };
            assert_eq!(e.hits, last.hits, "{query}: episode {}'s snippets", e.number);
            assert!(e.total >= last.total, "{query}: episode {} counted {} then {}", e.number, e.total, last.total);
        }
        assert!(partial.total >= done.total, "{query}");
    }
    assert!(partials > 0, "some query showed its page before its counts");
}

#[test]
fn a_query_reads_only_the_files_it_needs() {
    let (_, files) = show();
    let dicts = files.iter().filter(|(id, _)| matches!(id, FileId::Dict(_))).count();
    let postings = files.iter().filter(|(id, _)| matches!(id, FileId::Postings(_))).count();
    assert!(dicts > 10 && postings > 10, "the test show is split finely ({dicts} shards, {postings} postings files)");
    let request =
        Request { query: "alibaba".into(), episodes: Some(2), hits_per_episode: Some(2), ..Request::default() };
    let (result, read) = search(&files, &request);
    assert!(result.episodes.len() <= 2);
    assert!(result.episodes.iter().all(|e| e.hits.len() <= 2 && e.total >= e.hits.len()));
    let count = |f: fn(&FileId) -> bool| read.iter().filter(|id| f(id)).count();
    assert!(count(|id| matches!(id, FileId::Dict(_))) <= 2, "{read:?}");
    assert!(count(|id| matches!(id, FileId::Postings(_))) <= 2, "{read:?}");
    assert!(count(|id| matches!(id, FileId::Text(..))) <= 4, "{read:?}");
    // Newest first is by date alone.
    let request = Request { query: "china".into(), newest_first: true, ..Request::default() };
    let numbers: Vec<u32> = search(&files, &request).0.episodes.iter().map(|e| e.number).collect();
    assert!(numbers.windows(2).all(|w| w[0] > w[1]), "{numbers:?}");
}

#[test]
fn phrases_and_split_words_are_verified_by_positions_and_read_text_for_snippets_only() {
    // Without a speaker filter, the shown episodes' candidates are checked
    // against their words' positions: exact counts, and text files only for
    // the snippets shown (one each here).
    let (episodes, files) = show();
    for query in ["\"open source\"", "deepseek", "\"deep seek\" models", "open sourse"] {
        let request =
            Request { query: query.into(), episodes: Some(2), hits_per_episode: Some(1), ..Request::default() };
        let (result, read) = search(&files, &request);
        let expected = brute_force(&episodes, query, &[]);
        assert_eq!(result.episodes.len(), 2.min(expected.len()), "{query}");
        for e in &result.episodes {
            assert_eq!(e.total, expected[&e.number].len(), "{query}: episode {}", e.number);
        }
        let texts = read.iter().filter(|id| matches!(id, FileId::Text(..))).count();
        assert!(texts <= result.episodes.len(), "{query}: {texts} text files for {} snippets", result.episodes.len());
    }
    let request = Request { query: "\"open source\"".into(), ..Request::default() };
    let (_, read) = search(&rebuilt(&episodes, Sizes { common_words: 0, ..SMALL }), &request);
    assert!(read.iter().any(|id| matches!(id, FileId::Positions(..))), "{read:?}");
}

#[test]
fn phrases_of_common_words_are_found_by_their_pairs() {
    // Every word common: two-word phrases are found by their pair's
    // postings alone, longer ones verified by the pairs' positions; the
    // results are the scan's either way.
    let (episodes, _) = show();
    let files = rebuilt(&episodes, Sizes { common_words: 1000, ..SMALL });
    let positions_read = |read: &[FileId]| read.iter().filter(|id| matches!(id, FileId::Positions(..))).count();
    for query in ["\"open source\"", "\"six dragons\"", "\"in the\" china", "\"we think about\"", "\"the china model\""]
    {
        let request = Request { query: query.into(), ..Request::default() };
        let (result, read) = search(&files, &request);
        let expected = brute_force(&episodes, query, &[]);
        assert_eq!(found(&result), expected, "{query}");
        assert!(result.exact, "{query}");
        if query.matches(' ').count() == 1 && query.ends_with('"') {
            assert_eq!(positions_read(&read), 0, "{query}: {read:?}");
        }
    }
    // The pairs are keys of their own: a word's prefix or typo never
    // reaches them.
    let (result, read) = search(&files, &Request { query: "th".into(), ..Request::default() });
    assert_eq!(result.total, brute_force(&episodes, "th", &[]).values().map(Vec::len).sum::<usize>());
    assert!(read.iter().filter(|id| matches!(id, FileId::Dict(_))).count() <= 3, "{read:?}");
}

#[test]
fn a_phrase_shown_in_few_episodes_counts_the_others_as_upper_bounds() {
    let (episodes, files) = show();
    let request = Request { query: "\"six dragons\"".into(), episodes: Some(1), ..Request::default() };
    let (result, _) = search(&files, &request);
    let expected = brute_force(&episodes, "\"six dragons\"", &[]);
    assert_eq!(result.episodes.len(), 1.min(expected.len()));
    assert!(result.total >= expected.values().map(Vec::len).sum::<usize>());
}

#[test]
fn a_damaged_or_missing_file_is_an_error_not_a_panic() {
    let (_, mut files) = show();
    let request = Request { query: "china".into(), ..Request::default() };
    for (id, bytes) in files.iter_mut() {
        if matches!(id, FileId::Manifest | FileId::Dict(_) | FileId::Postings(_)) {
            let last = bytes.len() - 1;
            bytes[last] ^= 0xff;
        }
    }
    let mut loaded = Loaded::default();
    let e = run(&mut loaded, &request, |file| {
        files.iter().find(|(id, _)| *id == file).map(|(_, b)| b.clone()).ok_or("missing")
    })
    .unwrap_err();
    assert!(matches!(e, RunError::Format(FileId::Manifest, _)), "{e:?}");
    let mut loaded = Loaded::default();
    let e = run(&mut loaded, &request, |_| Err::<Vec<u8>, _>("no network")).unwrap_err();
    assert!(matches!(e, RunError::Read(FileId::Manifest, "no network")), "{e:?}");
}

#[test]
fn an_empty_query_finds_nothing() {
    let (_, files) = show();
    let (result, read) = search(&files, &Request { query: " ,. ".into(), ..Request::default() });
    assert_eq!((result.total, result.episodes.len(), read), (0, 0, vec![FileId::Manifest]));
}

#[test]
fn the_manifest_lists_the_most_frequent_speakers_as_the_speakers_file_ranks_them() {
    let (_, files) = show();
    let file = |id: FileId| &files.iter().find(|(f, _)| *f == id).unwrap().1;
    let manifest = verbatim::archive::format::decode_manifest(file(FileId::Manifest)).unwrap();
    let speakers = verbatim::archive::format::decode_speakers(file(FileId::Speakers)).unwrap();
    let all = verbatim::archive::present::speaker_choices(&speakers);
    assert_eq!(manifest.speaker_choices as usize, all.len());
    let listed = verbatim::archive::present::listed_choices(&manifest);
    assert_eq!(listed, all.iter().take(verbatim::archive::format::LISTED_SPEAKERS).cloned().collect::<Vec<_>>());
    assert!(!listed.is_empty());
}

#[test]
fn a_catalogue_of_another_version_says_to_rebuild_the_site() {
    let (_, mut files) = show();
    for (id, bytes) in files.iter_mut() {
        if *id == FileId::Manifest {
            bytes[8] = 1;
        }
    }
    let request = Request { query: "china".into(), ..Request::default() };
    let e = run(&mut Loaded::default(), &request, |file| {
        files.iter().find(|(id, _)| *id == file).map(|(_, b)| b.clone()).ok_or("missing")
    })
    .unwrap_err();
    let RunError::Format(FileId::Manifest, e) = e else { panic!("{e:?}") };
    let message = e.to_string();
    assert!(message.contains("catalogue file has format version 1"), "{message}");
    assert!(message.contains(&format!("reads version {}", verbatim::archive::format::VERSION)), "{message}");
    assert!(message.contains("rebuild the site with this version's `verbatim archive`"), "{message}");
}

#[test]
fn files_of_two_builds_are_refused_not_mixed() {
    let (mut episodes, files) = show();
    // Same content, same files: a rebuild leaves a host's caches valid.
    assert_eq!(build("Show", &episodes, SMALL), files);
    let build_of = |files: &[(FileId, Vec<u8>)]| {
        let numbers: HashSet<Option<u16>> = files.iter().map(|(_, b)| verbatim::archive::format::build_of(b)).collect();
        assert_eq!(numbers.len(), 1, "one build number in every file");
        numbers.into_iter().next().flatten().unwrap()
    };
    // Another episode's words: another build number.
    episodes[0].transcript.segments[0].text.push_str(" ocelots");
    let newer = build("Show", &episodes, SMALL);
    assert_ne!(build_of(&files), build_of(&newer));
    // The newer manifest with an older copy of any other file (a cache's).
    let request = Request { query: "china".into(), ..Request::default() };
    let mut refused = 0;
    for stale in files.iter().map(|(id, _)| *id).filter(|id| *id != FileId::Manifest) {
        let fetch = |file: FileId| {
            let from = if file == stale { &files } else { &newer };
            from.iter().find(|(id, _)| *id == file).map(|(_, b)| b.clone()).ok_or("missing")
        };
        match run(&mut Loaded::default(), &request, fetch) {
            Err(RunError::Format(file, e)) => {
                assert_eq!(file, stale);
                assert!(e.to_string().contains("another build of the site than its manifest"), "{e}");
                refused += 1;
            }
            Ok(_) => {} // the query did not need that file
            Err(e) => panic!("{e:?}"),
        }
    }
    assert!(refused > 0);
}
