//! Engine benchmarks, on the demo episode and on a 10-hour episode made
//! from it (see [`ten_hours`]): index build, index load (which derives the
//! postings), and the queries a reader types, each answered as the widget
//! answers it: [`Searcher::search`], then the highlight spans of the first
//! 50 hits (what the UI paints first).
//!
//! Before the timings it prints a report of the measurements behind the
//! index format (BENCHMARKS.md quotes it): what stored postings and word
//! positions would add to the index, raw and gzipped, against the time to
//! derive postings on load and to verify phrases by re-tokenizing
//! candidate segments; and the first (uncached) run of every query, which
//! criterion cannot time because the searcher caches word expansions.
//!
//! Run: `cargo bench --bench search` (about 65 s on two cores, after the
//! build); `cargo bench --bench search -- report` prints the report only.

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use verbatim::index::{format, Index, IndexBuilder};
use verbatim::search::{Query, Searcher};
use verbatim::tokenize::tokenize;
use verbatim::transcript::{Chapter, Segment, Transcript};

/// Hits whose spans the UI computes before anything else is painted.
const PAINTED_HITS: usize = 50;

fn demo() -> Transcript {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/episodes/china-ai-strategy");
    verbatim::parse::load(&dir).unwrap_or_else(|e| panic!("demo episode: {e}")).transcript
}

/// A 10-hour episode generated deterministically from the demo: the demo's
/// segments (text, speakers, word times) repeated back to back, each copy
/// shifted by the demo's duration, as many times as it takes to reach 36,000
/// seconds (9 copies of the 68-minute demo: 3,708 segments, 101,385 words,
/// 10:13:22). Chapters are repeated the same way. The vocabulary stays the
/// demo's, so postings lists grow ninefold: a worst case for the long
/// lists that searching common words walks.
fn ten_hours(demo: &Transcript) -> Transcript {
    const TARGET_MS: u64 = 36_000_000;
    let length = demo.duration().max(1);
    let copies = TARGET_MS.div_ceil(u64::from(length)) as u32;
    let mut t = Transcript { segments: Vec::new(), chapters: Vec::new(), ..demo.clone() };
    t.title = format!("{} (×{copies})", demo.title);
    for copy in 0..copies {
        let shift = copy * length;
        t.segments.extend(demo.segments.iter().map(|s| {
            Segment {
                start: s.start + shift,
                end: s.end + shift,
                words: s
                    .words
                    .iter()
                    .map(|w| verbatim::transcript::WordTime { offset: w.offset, start: w.start + shift })
                    .collect(),
                ..s.clone()
            }
        }));
        t.chapters.extend(demo.chapters.iter().map(|c| Chapter { start: c.start + shift, title: c.title.clone() }));
    }
    t
}

/// The queries measured: (name, query, speaker ids).
fn queries() -> Vec<(&'static str, String, Vec<String>)> {
    vec![
        ("exact", "hangzhou".into(), vec![]),
        ("prefix", "hang".into(), vec![]),
        ("typo", "hangzhuo".into(), vec![]),
        ("phrase", "\"open source\"".into(), vec![]),
        ("split word", "deepseek".into(), vec![]),
        ("speaker", "china".into(), vec!["grace-shao".into()]),
        ("empty", String::new(), vec![]),
        ("10k-char word", "x".repeat(10_000), vec![]),
        ("200 words", "china ".repeat(200), vec![]),
    ]
}

/// What the widget does per keystroke: search, then spans for the first hits.
fn answer(searcher: &Searcher, query: &str, speakers: &[String]) -> (usize, usize) {
    let result = searcher.search(&Query::parse(query), speakers);
    let matcher = &result.matcher;
    let segments = &searcher.index().transcript.segments;
    let spans: usize =
        result.hits.iter().take(PAINTED_HITS).map(|&id| matcher.spans(&segments[id as usize].text).len()).sum();
    (result.total(), spans)
}

struct Episode {
    name: &'static str,
    transcript: Transcript,
    bytes: Vec<u8>,
}

fn episodes() -> Vec<Episode> {
    let demo = demo();
    let long = ten_hours(&demo);
    [("demo", demo), ("10-hour", long)]
        .into_iter()
        .map(|(name, transcript)| {
            let bytes = IndexBuilder::new(&transcript).build();
            Episode { name, transcript, bytes }
        })
        .collect()
}

// --- The report ----------------------------------------------------------

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// Per term (in dictionary order): the segments containing it and, per
/// segment, the term's token positions.
fn positions_table(t: &Transcript) -> std::collections::BTreeMap<String, Vec<(u32, Vec<u32>)>> {
    let mut table: std::collections::BTreeMap<String, Vec<(u32, Vec<u32>)>> = Default::default();
    for (id, segment) in t.segments.iter().enumerate() {
        for (position, token) in tokenize(&segment.text).into_iter().enumerate() {
            let lists = table.entry(token.term).or_default();
            match lists.last_mut() {
                Some((last, positions)) if *last == id as u32 => positions.push(position as u32),
                _ => lists.push((id as u32, vec![position as u32])),
            }
        }
    }
    table
}

/// The postings section the format used to store: per term, the count and
/// the delta-encoded segment ids.
fn stored_postings(table: &std::collections::BTreeMap<String, Vec<(u32, Vec<u32>)>>) -> Vec<u8> {
    let mut out = Vec::new();
    for lists in table.values() {
        varint(&mut out, lists.len() as u64);
        let mut prev = 0;
        for (i, (id, _)) in lists.iter().enumerate() {
            varint(&mut out, u64::from(if i == 0 { *id } else { id - prev }));
            prev = *id;
        }
    }
    out
}

/// Word positions as a format would store them next to the postings: per
/// term, per segment of its postings, the count and the delta-encoded token
/// positions. Returns the whole section and each term's byte range.
fn stored_positions(
    table: &std::collections::BTreeMap<String, Vec<(u32, Vec<u32>)>>,
) -> (Vec<u8>, std::collections::HashMap<String, (usize, usize)>) {
    let mut out = Vec::new();
    let mut ranges = std::collections::HashMap::new();
    for (term, lists) in table {
        let start = out.len();
        for (_, positions) in lists {
            varint(&mut out, positions.len() as u64);
            let mut prev = 0;
            for (i, &p) in positions.iter().enumerate() {
                varint(&mut out, u64::from(if i == 0 { p } else { p - prev }));
                prev = p;
            }
        }
        ranges.insert(term.clone(), (start, out.len()));
    }
    (out, ranges)
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// A phrase check with stored positions: walk both terms' position lists
/// in step with their postings, and look for `a` at p, `b` at p + 1.
fn phrase_by_positions(
    index: &Index,
    positions: &[u8],
    ranges: &std::collections::HashMap<String, (usize, usize)>,
    a: &str,
    b: &str,
) -> Vec<u32> {
    let decode = |term: &str| -> Vec<(u32, Vec<u32>)> {
        let (mut at, end) = ranges[term];
        let mut out = Vec::new();
        for &id in index.postings(term) {
            let n = read_varint(positions, &mut at);
            let mut p = 0;
            let list = (0..n)
                .map(|i| {
                    let d = read_varint(positions, &mut at);
                    p = if i == 0 { d } else { p + d };
                    p
                })
                .collect();
            out.push((id, list));
        }
        debug_assert_eq!(at, end);
        out
    };
    let (la, lb) = (decode(a), decode(b));
    let mut hits = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < la.len() && j < lb.len() {
        match la[i].0.cmp(&lb[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if la[i].1.iter().any(|p| lb[j].1.binary_search(&(p + 1)).is_ok()) {
                    hits.push(la[i].0);
                }
                i += 1;
                j += 1;
            }
        }
    }
    hits
}

/// A phrase check as the searcher does it: intersect the postings, then
/// re-tokenize each candidate segment and look for the sequence.
fn phrase_by_verify(index: &Index, a: &str, b: &str) -> Vec<u32> {
    let (pa, pb) = (index.postings(a), index.postings(b));
    let candidates: Vec<u32> = pa.iter().copied().filter(|id| pb.binary_search(id).is_ok()).collect();
    let segments = &index.transcript.segments;
    candidates
        .into_iter()
        .filter(|&id| tokenize(&segments[id as usize].text).windows(2).any(|w| w[0].term == a && w[1].term == b))
        .collect()
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Phrases for the positions-vs-verify comparison: the benchmark's phrase,
/// and the commonest pair of adjacent words (the most candidates to verify).
const PHRASES: [(&str, &str); 3] = [("open", "source"), ("i", "think"), ("in", "the")];

fn report(episodes: &[Episode]) {
    println!("== Verbatim engine report (medians of repeated runs; see BENCHMARKS.md) ==");
    for e in episodes {
        let t = &e.transcript;
        let words: usize = t.segments.iter().map(|s| s.text.split(' ').count()).sum();
        let text: String = t.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
        let table = positions_table(t);
        let postings = stored_postings(&table);
        let (positions, ranges) = stored_positions(&table);
        let (index_gz, text_gz) = (gzipped(&e.bytes), gzipped(text.as_bytes()));
        println!(
            "\n[{}] {} segments, {} words, {} terms, duration {}",
            e.name,
            t.segments.len(),
            words,
            table.len(),
            verbatim::transcript::format_clock(t.duration())
        );
        println!("  index (as built)      {:>9} B raw  {:>9} B gzip", e.bytes.len(), index_gz);
        println!("  text alone            {:>9} B raw  {:>9} B gzip", text.len(), text_gz);
        println!(
            "  stored postings would {:>9} B raw  {:>9} B gzip  (+{:.2}x the gzipped text)",
            postings.len(),
            gzipped(&postings),
            gzipped(&postings) as f64 / text_gz as f64
        );
        println!(
            "  word positions would  {:>9} B raw  {:>9} B gzip  (+{:.2}x the gzipped text)",
            positions.len(),
            gzipped(&positions),
            gzipped(&positions) as f64 / text_gz as f64
        );

        let decode = median(15, || time(|| format::decode(&e.bytes).unwrap()));
        let load = median(15, || time(|| Index::from_bytes(&e.bytes).unwrap()));
        println!("  load: decode {}, decode + derive postings (Index::from_bytes) {}", millis(decode), millis(load));

        let index = Index::from_bytes(&e.bytes).unwrap();
        for (a, b) in PHRASES {
            let by_verify = phrase_by_verify(&index, a, b);
            let by_positions = phrase_by_positions(&index, &positions, &ranges, a, b);
            assert_eq!(by_verify, by_positions, "\"{a} {b}\": the two checks disagree");
            let candidates = index.postings(a).iter().filter(|id| index.postings(b).binary_search(id).is_ok()).count();
            let verify = median(31, || time(|| phrase_by_verify(&index, a, b)));
            let positional = median(31, || time(|| phrase_by_positions(&index, &positions, &ranges, a, b)));
            println!(
                "  phrase \"{a} {b}\": {candidates} candidates, {} hits; verify by re-tokenizing {}, by stored positions {}",
                by_verify.len(),
                micros(verify),
                micros(positional)
            );
        }

        println!("  first (uncached) run of each query, search + spans of the first {PAINTED_HITS} hits:");
        for (name, query, speakers) in queries() {
            let mut total = 0;
            let cold = median(15, || {
                let searcher = Searcher::new(Index::from_bytes(&e.bytes).unwrap());
                let start = Instant::now();
                total = black_box(answer(&searcher, &query, &speakers)).0;
                start.elapsed()
            });
            println!("    {name:<14} {:>12}  ({total} hits)", micros(cold));
        }
    }
    println!();
}

// --- Criterion -------------------------------------------------------------

fn benches(c: &mut Criterion) {
    let episodes = episodes();
    report(&episodes);

    let mut build = c.benchmark_group("build");
    build.sampling_mode(SamplingMode::Flat).sample_size(10);
    for e in &episodes {
        build.bench_with_input(BenchmarkId::from_parameter(e.name), &e.transcript, |b, t| {
            b.iter(|| IndexBuilder::new(black_box(t)).build())
        });
    }
    build.finish();

    let mut load = c.benchmark_group("load");
    load.sampling_mode(SamplingMode::Flat).sample_size(10);
    for e in &episodes {
        load.bench_with_input(BenchmarkId::from_parameter(e.name), &e.bytes, |b, bytes| {
            b.iter(|| Index::from_bytes(black_box(bytes)).unwrap())
        });
    }
    load.finish();

    // Repeated queries: word expansions come from the searcher's cache, as
    // when a reader toggles a speaker or the UI re-renders.
    for e in &episodes {
        let searcher = Searcher::new(Index::from_bytes(&e.bytes).unwrap());
        let mut group = c.benchmark_group(format!("query/{}", e.name));
        for (name, query, speakers) in queries() {
            group.bench_function(name, |b| b.iter(|| answer(&searcher, black_box(&query), &speakers)));
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

/// `-- report` prints the report and skips the timings.
fn only_report() -> bool {
    std::env::args().any(|a| a == "report")
}

fn entry(c: &mut Criterion) {
    if only_report() {
        report(&episodes());
    } else {
        benches(c);
    }
}

criterion_group! {
    name = engine;
    config = config();
    targets = entry
}
criterion_main!(engine);
