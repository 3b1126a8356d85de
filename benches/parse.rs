//! Parser benchmarks on generated inputs, each at two sizes four times
//! apart: a parser that is linear in its input takes about four times as
//! long on the larger one; a quadratic one, sixteen. Each case is a shape
//! that once cost (or could cost) a rescan per piece: many cues, one
//! karaoke cue with many inline timestamps, many unclosed tags, a long line
//! with no closing `>`, many untimed labelled lines, many JSON segments.
//! Every case goes through [`verbatim::parse::parse_str`]: reading,
//! segmenting and time estimation.
//!
//! Run: `cargo bench --bench parse` (about a minute on two cores, after the
//! build). It first prints one timed run per case and size with the ratio
//! (`cargo bench --bench parse -- report` prints only that).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A generated input: a name, and the text at a given size.
struct Case {
    name: &'static str,
    /// Sizes to compare (the second is four times the first).
    sizes: [usize; 2],
    make: fn(usize) -> String,
}

fn clock(ms: usize) -> String {
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

fn vtt_cues(n: usize) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for i in 0..n {
        out.push_str(&format!(
            "{} --> {}\n<v Speaker {}>cue number {i} says a few words.\n\n",
            clock(i * 1000),
            clock(i * 1000 + 900),
            i % 3
        ));
    }
    out
}

fn vtt_karaoke(n: usize) -> String {
    let words: String = (0..n).map(|i| format!("<{}><c> w{i}</c>", clock(i))).collect();
    format!("WEBVTT\n\n{} --> {}\n{words}\n", clock(0), clock(n + 1))
}

fn vtt_unclosed_tags(n: usize) -> String {
    format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{}\n", "<c>w <v Ann>x ".repeat(n))
}

fn srt_unclosed_line(n: usize) -> String {
    format!("1\n00:00:00,000 --> 00:00:01,000\nword {}\n", "<b x".repeat(n))
}

fn text_untimed_lines(n: usize) -> String {
    (0..n).map(|i| format!("{}: line {i} of the talk.\n", ["Ann", "Bo"][i % 2])).collect()
}

fn podcast_json(n: usize) -> String {
    let segments: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"speaker": "Ann", "startTime": {}.0, "endTime": {}.5, "body": "word{i}"}}"#, i, i))
        .collect();
    format!(r#"{{"version": "1.0.0", "segments": [{}]}}"#, segments.join(",\n"))
}

const CASES: [Case; 6] = [
    Case { name: "vtt 50,000 cues", sizes: [12_500, 50_000], make: vtt_cues },
    Case { name: "vtt karaoke timestamps", sizes: [25_000, 100_000], make: vtt_karaoke },
    Case { name: "vtt unclosed tags", sizes: [25_000, 100_000], make: vtt_unclosed_tags },
    Case { name: "srt line without >", sizes: [65_536, 262_144], make: srt_unclosed_line },
    Case { name: "text untimed lines", sizes: [50_000, 200_000], make: text_untimed_lines },
    Case { name: "json word segments", sizes: [25_000, 100_000], make: podcast_json },
];

fn parse(text: &str) -> usize {
    let t = verbatim::parse::parse_str(text).unwrap_or_else(|e| panic!("{e}"));
    t.segments.len()
}

/// One run per case and size, and how much longer the larger took.
fn report() {
    println!("{:<26} {:>10} {:>10} {:>10} {:>10} {:>7}", "case", "n", "bytes", "4n", "bytes", "ratio");
    for case in &CASES {
        let time = |n: usize| {
            let text = (case.make)(n);
            parse(&text); // warm up (page faults, allocator)
            let start = Instant::now();
            black_box(parse(&text));
            (start.elapsed(), text.len())
        };
        let ((small, small_bytes), (large, large_bytes)) = (time(case.sizes[0]), time(case.sizes[1]));
        println!(
            "{:<26} {:>8.1}ms {:>10} {:>8.1}ms {:>10} {:>6.1}×",
            case.name,
            small.as_secs_f64() * 1e3,
            small_bytes,
            large.as_secs_f64() * 1e3,
            large_bytes,
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
}

fn bench(c: &mut Criterion) {
    report();
    if std::env::args().any(|a| a == "report") {
        return;
    }
    for case in &CASES {
        let mut group = c.benchmark_group(case.name);
        group.sample_size(10).measurement_time(Duration::from_secs(3));
        for n in case.sizes {
            let text = (case.make)(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| b.iter(|| parse(black_box(text))));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
