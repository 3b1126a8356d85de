//! The scale benchmark for a whole show (issue 11, "Scale"; figures in
//! BENCHMARKS.md, "A whole show: 1,000 episodes"). Run on demand, never in CI.
//!
//! Three commands (cargo passes `--bench` to the binary; it is ignored):
//!
//! ```sh
//! cargo bench --bench archive -- generate 1000 target/bench-archive/1000
//! cargo bench --bench archive -- queries target/bench-archive/1000/site [--json FILE]
//! cargo bench --bench archive -- sizes target/bench-archive/1000/show
//! ```
//!
//! - `generate N DIR` writes a show of N hour-long episodes as episode
//!   folders (`DIR/show/<slug>/transcript.vtt` with `<v Name>` voices and
//!   `episode.toml` with title, show, date and speakers), which `verbatim
//!   archive` reads the real way, and one HTML page per episode with the
//!   same words (`DIR/html/<slug>/index.html`) for Pagefind. 4 to 7 s for
//!   1,000 episodes (11 million words; 87 MB of WebVTT, 73 MB of HTML)
//!   after the build.
//! - `queries SITE` reads the catalogue of a site written by `verbatim
//!   archive` and, for every query of [`queries`], counts the files that
//!   [`verbatim::archive::search::step`] asks for, round by round, as the
//!   archive widget fetches them for its first page of results (10
//!   episodes, 3 hits each): raw bytes (inflated) and each file as the
//!   site stores and serves it (gzip at the best level). `--json`
//!   writes the files per round for `bench/archive/run.mjs`, which fetches
//!   them in Chromium beside Pagefind. About 30 s for 1,000 episodes.
//! - `sizes SHOW` reads the show's episodes as `verbatim archive` does and
//!   builds the catalogue in memory with the default [`Sizes`] and a few
//!   alternatives, and prints for each the files, the largest file and
//!   the bytes every query reads. About 2 minutes for 1,000 episodes.
//!
//! Build first: `cargo build --release` (the CLI) and `bash
//! scripts/build-widget-assets.sh` (the widget `verbatim archive` copies).
//!
//! `node bench/archive/run.mjs` runs all of it for 100, 300 and 1,000
//! episodes, with `verbatim archive` under `/usr/bin/time -v` and Pagefind
//! side by side (see its header).
//!
//! The show is deterministic (one seed) and each episode depends only on
//! the seed and its number, so the 100-episode show is the first 100
//! episodes of the 1,000-episode one. About 400 segments of 18 to 44 words
//! (whole sentences), 10,800 words, an hour at 165 words a minute. Its
//! words: 78% from a background vocabulary every episode shares (the demo
//! episode's 200 commonest words, then made-up ones; Zipf-distributed,
//! exponent 1 up to rank 2,500 and 2 beyond, so that the dictionary keeps
//! growing with about the square root of the words, as Heaps' law has it
//! for real text); 17% from the three topics the episode is about (400
//! topics of 150 words drawn from the background's ranks 200 to 30,000,
//! topic popularity Zipf-distributed; the 6th topic is the demo episode's
//! own vocabulary, with `hangzhou` and `regulation`); 3% from fifteen
//! names of its own (people, companies, places); 1% its speakers' names;
//! 0.3% two compound words spelt joined or split (`DeepSeek`, `Deep Seek`;
//! their halves are background words too); 0.25% three set phrases (`open
//! source`, `supply chain`). One host speaks in every episode, one or two
//! guests per episode (8% return from an earlier one); a week apart.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use verbatim::archive::build::{build, ShowEpisode, Sizes};
use verbatim::archive::client::BrowseStep;
use verbatim::archive::format::{self, FileId, Kind};
use verbatim::archive::search::{step, Loaded, Request, Step};
use verbatim::archive::stored;

/// The show's seed: change it and every word changes.
const SEED: u64 = 0x005e_ed0f_a5b0_c0de;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--bench")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate", n, dir] => generate(n.parse().expect("N: a number of episodes"), Path::new(dir)),
        ["queries", site] => queries_report(Path::new(site), None),
        ["queries", site, "--json", out] => queries_report(Path::new(site), Some(Path::new(out))),
        ["sizes", show] => sizes_report(Path::new(show)),
        _ => {
            eprintln!("usage: cargo bench --bench archive -- generate N DIR | queries SITE [--json FILE] | sizes SHOW");
            std::process::exit(2);
        }
    }
}

// --- Randomness -------------------------------------------------------------

/// splitmix64: deterministic, and good enough for made-up words.
struct Rng(u64);

impl Rng {
    /// A generator for one purpose, independent of every other (`what`
    /// names the purpose, `n` the episode or rank).
    fn of(what: u64, n: u64) -> Rng {
        let mut rng = Rng(SEED ^ what.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ n.wrapping_mul(0xd1b5_4a32_d192_ed03));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, items: &[(&'a str, u32)]) -> &'a str {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut at = self.below(total as usize) as u32;
        for (item, weight) in items {
            if at < *weight {
                return item;
            }
            at -= weight;
        }
        items[0].0
    }
}

/// Samples indexes in proportion to fixed weights (cumulative sums, binary search).
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl Iterator<Item = f64>) -> Weighted {
        let mut total = 0.0;
        let cumulative = weights
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Weighted { cumulative }
    }

    /// Zipf over `n` ranks: exponent 1 up to `knee`, `tail` beyond (continuous at the knee).
    fn zipf(n: usize, knee: usize, tail: f64) -> Weighted {
        Weighted::new((1..=n).map(|r| {
            if r <= knee {
                1.0 / r as f64
            } else {
                (knee as f64).powf(tail - 1.0) / (r as f64).powf(tail)
            }
        }))
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative.partition_point(|&c| c <= u).min(self.cumulative.len() - 1)
    }
}

// --- Words ------------------------------------------------------------------

#[rustfmt::skip]
const ONSETS: [(&str, u32); 40] = [
    ("s", 9), ("c", 6), ("p", 6), ("b", 5), ("d", 5), ("m", 5), ("t", 5), ("f", 4), ("r", 4), ("h", 4), ("g", 3),
    ("l", 3), ("w", 3), ("n", 2), ("v", 2), ("j", 1), ("k", 1), ("y", 1), ("z", 1), ("qu", 1), ("st", 3), ("tr", 2),
    ("pr", 3), ("br", 1), ("cr", 1), ("dr", 1), ("fr", 1), ("gr", 2), ("pl", 1), ("cl", 1), ("fl", 1), ("sh", 2),
    ("ch", 2), ("th", 2), ("sp", 1), ("sc", 1), ("str", 1), ("wh", 1), ("", 8), ("sl", 1),
];
#[rustfmt::skip]
const VOWELS: [(&str, u32); 12] = [
    ("a", 8), ("e", 9), ("i", 7), ("o", 7), ("u", 3), ("ea", 2), ("ai", 1), ("ou", 2), ("io", 1), ("ee", 1),
    ("oo", 1), ("y", 1),
];
#[rustfmt::skip]
const CODAS: [(&str, u32); 18] = [
    ("", 24), ("n", 5), ("r", 5), ("s", 3), ("t", 4), ("l", 3), ("m", 2), ("nd", 1), ("nt", 1), ("st", 1), ("ck", 1),
    ("ng", 1), ("rt", 1), ("ss", 1), ("x", 1), ("ct", 1), ("mp", 1), ("rn", 1),
];
#[rustfmt::skip]
const SUFFIXES: [(&str, u32); 14] = [
    ("s", 8), ("ed", 4), ("ing", 4), ("er", 3), ("ers", 2), ("ly", 2), ("tion", 2), ("tions", 1), ("ment", 1),
    ("ness", 1), ("able", 1), ("al", 1), ("ity", 1), ("ive", 1),
];

/// A made-up, English-looking word of `syllables` syllables.
fn made_up(rng: &mut Rng, syllables: usize) -> String {
    let mut word = String::new();
    for i in 0..syllables {
        let onset = rng.pick(&ONSETS);
        // Inside a word every syllable opens with a consonant.
        word.push_str(if i > 0 && onset.is_empty() { "n" } else { onset });
        word.push_str(rng.pick(&VOWELS));
        word.push_str(rng.pick(&CODAS));
    }
    if rng.chance(0.25) {
        word.push_str(rng.pick(&SUFFIXES));
    }
    word
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[rustfmt::skip]
const FIRST_NAMES: [&str; 96] = [
    "Aaron", "Abigail", "Adaeze", "Aiko", "Alejandro", "Amara", "Amir", "Ana", "Andrei", "Anjali", "Arjun", "Astrid",
    "Beatriz", "Ben", "Bilal", "Bo", "Camila", "Carlos", "Chen", "Chloe", "Daniel", "Daria", "David", "Deepa",
    "Diego", "Elena", "Elif", "Emeka", "Emma", "Ethan", "Fatima", "Felix", "Grace", "Hana", "Hannah", "Hiroshi",
    "Ibrahim", "Ines", "Isaac", "Ivan", "Jamal", "James", "Javier", "Jia", "Jonas", "Julia", "Kai", "Karin", "Kenji",
    "Kwame", "Laila", "Lars", "Leila", "Liam", "Lucia", "Maya", "Mei", "Mateo", "Min", "Mohammed", "Nadia", "Naomi",
    "Nikhil", "Noah", "Olga", "Omar", "Pablo", "Priya", "Rafael", "Rania", "Ravi", "Rosa", "Ruth", "Sami", "Sara",
    "Sean", "Sofia", "Sunil", "Tariq", "Thomas", "Tomas", "Uma", "Valentina", "Victor", "Wei", "Xin", "Yara", "Yusuf",
    "Zara", "Zoe", "Alex", "Ada", "Kofi", "Leon", "Marta", "Nina",
];

/// The host of every episode.
const HOST: (&str, &str) = ("dana-whitfield", "Dana Whitfield");

/// Compound words, spelt joined (`DeepSeek`) or split (`deep seek`); both
/// halves have three letters or more, as the archive's split words need.
#[rustfmt::skip]
const COMPOUNDS: [(&str, &str); 20] = [
    ("Deep", "Seek"), ("chat", "bot"), ("data", "base"), ("Hugging", "Face"), ("work", "flow"), ("road", "map"),
    ("back", "end"), ("touch", "screen"), ("head", "line"), ("play", "book"), ("frame", "work"), ("smart", "phone"),
    ("break", "through"), ("check", "point"), ("block", "chain"), ("cyber", "security"), ("micro", "chip"),
    ("super", "computer"), ("Open", "Router"), ("Tik", "Tok"),
];

/// Set phrases, each episode using three of them (`"open source"` is measured).
#[rustfmt::skip]
const PHRASES: [(&str, &str); 20] = [
    ("open", "source"), ("supply", "chain"), ("machine", "learning"), ("export", "controls"), ("venture", "capital"),
    ("United", "States"), ("climate", "change"), ("social", "media"), ("real", "estate"), ("interest", "rates"),
    ("health", "care"), ("free", "speech"), ("middle", "class"), ("search", "engine"), ("self", "driving"),
    ("chief", "executive"), ("quantum", "computing"), ("nuclear", "power"), ("data", "center"),
    ("electric", "vehicles"),
];

/// The show's words: the background vocabulary by rank, and the topics.
struct Vocabulary {
    /// Background words by rank: the demo's 200 commonest, then made-up ones.
    background: Vec<String>,
    background_weights: Weighted,
    /// Each topic's words, and their weights.
    topics: Vec<(Vec<String>, Weighted)>,
    topic_weights: Weighted,
}

/// Background vocabulary size; far more than 1,000 episodes reach.
const BACKGROUND: usize = 1_000_000;
/// Background ranks drawn with exponent 1, then 2.
const KNEE: usize = 2_500;
const TOPICS: usize = 400;
const TOPIC_WORDS: usize = 150;
/// The topic made of the demo episode's vocabulary (the 6th most popular).
const DEMO_TOPIC: usize = 5;
/// The demo's commonest words, this many, lead the background (its topic
/// is its words from rank 60 on).
const DEMO_HEAD: usize = 200;

impl Vocabulary {
    fn new() -> Vocabulary {
        // The demo's words by frequency, each in its commonest spelling.
        let demo_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/episodes/china-ai-strategy");
        let demo = verbatim::parse::load(&demo_dir).unwrap_or_else(|e| panic!("demo episode: {e}")).transcript;
        let mut spellings: HashMap<String, HashMap<String, u32>> = HashMap::new();
        for segment in &demo.segments {
            for word in segment.text.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if !word.is_empty() {
                    *spellings.entry(word.to_lowercase()).or_default().entry(word.to_string()).or_default() += 1;
                }
            }
        }
        let mut demo_words: Vec<(u32, String)> = spellings
            .into_values()
            .map(|forms| {
                let total = forms.values().sum();
                let commonest = forms.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).unwrap().0;
                (total, commonest)
            })
            .collect();
        demo_words.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

        // The demo's compound (`Deep Seek`, `Deepseek`) comes from COMPOUNDS
        // like the others, whose halves are ordinary words of middling rank.
        let joined: Vec<String> = COMPOUNDS.iter().map(|(a, b)| format!("{a}{b}").to_lowercase()).collect();
        let halves: Vec<String> =
            COMPOUNDS.iter().chain(&PHRASES).flat_map(|(a, b)| [a.to_lowercase(), b.to_lowercase()]).collect();
        demo_words.retain(|(_, w)| {
            !["deep", "seek"].contains(&w.to_lowercase().as_str()) && !joined.contains(&w.to_lowercase())
        });
        let mut seen: HashSet<String> = demo_words.iter().map(|(_, w)| w.to_lowercase()).collect();
        seen.extend(joined);
        let mut background: Vec<String> = demo_words.iter().take(DEMO_HEAD).map(|(_, w)| w.clone()).collect();
        let halves: Vec<String> = halves.into_iter().filter(|h| seen.insert(h.clone())).collect();
        let mut rank = 0u64;
        while background.len() + halves.len() < BACKGROUND {
            let mut rng = Rng::of(1, rank);
            rank += 1;
            // Rarer words are longer.
            let syllables = match background.len() {
                0..3_000 => rng.range(1, 2),
                3_000..30_000 => 2,
                _ => rng.range(2, 3),
            };
            let word = made_up(&mut rng, syllables);
            if seen.insert(word.clone()) {
                background.push(word);
            }
        }
        for (i, half) in halves.into_iter().enumerate() {
            background.insert(500 + 150 * i, half);
        }
        let background_weights = Weighted::zipf(BACKGROUND, KNEE, 2.0);

        let topics = (0..TOPICS)
            .map(|t| {
                if t == DEMO_TOPIC {
                    let words: Vec<String> = demo_words.iter().skip(60).map(|(_, w)| w.clone()).collect();
                    let weights = Weighted::new(demo_words.iter().skip(60).map(|(n, _)| f64::from(*n)));
                    (words, weights)
                } else {
                    let mut rng = Rng::of(2, t as u64);
                    let words = (0..TOPIC_WORDS).map(|_| background[rng.range(DEMO_HEAD, 30_000)].clone()).collect();
                    (words, Weighted::zipf(TOPIC_WORDS, TOPIC_WORDS, 1.0))
                }
            })
            .collect();
        Vocabulary { background, background_weights, topics, topic_weights: Weighted::zipf(TOPICS, TOPICS, 1.0) }
    }
}

// --- Episodes ---------------------------------------------------------------

/// One generated episode.
struct Generated {
    slug: String,
    title: String,
    date: String,
    /// (id, name, role).
    speakers: Vec<(String, String, &'static str)>,
    /// (speaker index, text) per segment.
    segments: Vec<(usize, String)>,
}

/// A guest's name, fresh for (episode, k): a first name and a made-up surname.
fn fresh_guest(episode: u64, k: u64) -> String {
    let mut rng = Rng::of(3, episode * 4 + k);
    let first = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
    let syllables = rng.range(2, 3);
    format!("{first} {}", capitalized(&made_up(&mut rng, syllables)))
}

fn speaker_id(name: &str) -> String {
    name.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
}

/// The date `days` after 2006-01-02 (a Monday), as YYYY-MM-DD.
fn date_after(days: i64) -> String {
    // Howard Hinnant's civil_from_days, from 1970-01-01 = day 0.
    let z = 13_150 + days + 719_468; // 2006-01-02 is day 13,150
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Episode `e` (0-based), from the seed and `e` alone.
fn episode(vocabulary: &Vocabulary, e: u64) -> Generated {
    let mut rng = Rng::of(4, e);
    let mut guests = vec![fresh_guest(e, 0)];
    if e > 10 && rng.chance(0.08) {
        // A returning guest.
        guests[0] = fresh_guest(rng.below(e as usize) as u64, 0);
    }
    if rng.chance(0.3) {
        guests.push(fresh_guest(e, 1));
    }
    let mut topics: Vec<usize> = Vec::new();
    while topics.len() < 3 {
        let t = vocabulary.topic_weights.sample(&mut rng);
        if !topics.contains(&t) {
            topics.push(t);
        }
    }
    let own: Vec<String> = (0..15)
        .map(|_| {
            let syllables = rng.range(2, 3);
            capitalized(&made_up(&mut rng, syllables))
        })
        .collect();
    let compounds = [COMPOUNDS[rng.below(COMPOUNDS.len())], COMPOUNDS[rng.below(COMPOUNDS.len())]];
    let phrases = [0, 1, 2].map(|_| PHRASES[rng.below(PHRASES.len())]);

    let mut speakers = vec![(HOST.0.to_string(), HOST.1.to_string(), "host")];
    speakers.extend(guests.iter().map(|g| (speaker_id(g), g.clone(), "guest")));
    let names: Vec<&str> = speakers.iter().flat_map(|(_, name, _)| name.split(' ')).collect();

    let topic_word = |rng: &mut Rng| -> String {
        let t = topics[[0, 0, 0, 1, 1, 2][rng.below(6)]];
        let (words, weights) = &vocabulary.topics[t];
        words[weights.sample(rng)].clone()
    };
    let word = |rng: &mut Rng| -> String {
        let u = rng.unit();
        if u < 0.78 {
            vocabulary.background[vocabulary.background_weights.sample(rng)].clone()
        } else if u < 0.95 {
            topic_word(rng)
        } else if u < 0.98 {
            own[rng.below(own.len())].clone()
        } else if u < 0.99 {
            names[rng.below(names.len())].to_string()
        } else if u < 0.993 {
            let (a, b) = compounds[rng.below(2)];
            if rng.chance(0.5) {
                format!("{a}{}", if rng.chance(0.5) { b.to_string() } else { b.to_lowercase() })
            } else {
                format!("{a} {b}")
            }
        } else if u < 0.9955 {
            let (a, b) = phrases[rng.below(3)];
            format!("{a} {b}")
        } else {
            vocabulary.background[vocabulary.background_weights.sample(rng)].clone()
        }
    };

    // About 400 segments of 18 words or more (whole sentences; the CLI
    // keeps such a cue as one segment), turns alternating host and guests.
    let count = rng.range(395, 435);
    let mut segments = Vec::with_capacity(count);
    let mut speaker = 0;
    let mut turn_left = 1;
    for _ in 0..count {
        if turn_left == 0 {
            speaker = if speaker == 0 { 1 + rng.below(speakers.len() - 1) } else { 0 };
            turn_left = if speaker == 0 { rng.range(1, 2) } else { rng.range(1, 5) };
        }
        turn_left -= 1;
        let mut text = String::new();
        let mut words = 0;
        while words < 18 {
            let length = rng.range(7, 26);
            for i in 0..length {
                let mut w = word(&mut rng);
                if i == 0 {
                    w = capitalized(&w);
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&w);
                if i + 1 == length {
                    text.push(if rng.chance(0.15) { '?' } else { '.' });
                } else if rng.chance(0.07) {
                    text.push(',');
                }
            }
            words += length;
        }
        segments.push((speaker, text));
    }
    let (t1, t2) = (topic_word(&mut rng), topic_word(&mut rng));
    Generated {
        slug: format!("episode-{:04}", e + 1),
        title: format!("{} and {}, with {}", capitalized(&t1), t2, guests.join(" and ")),
        date: date_after(7 * e as i64),
        speakers,
        segments,
    }
}

/// The show's name.
const SHOW: &str = "The Long Conversation";
/// Speaking rate: milliseconds per word (165 words a minute, as the demo).
const MS_PER_WORD: u64 = 60_000 / 165;

fn clock(ms: u64) -> String {
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn generate(n: u64, dir: &Path) {
    let started = Instant::now();
    let vocabulary = Vocabulary::new();
    let (show, html) = (dir.join("show"), dir.join("html"));
    for old in [&show, &html] {
        let _ = std::fs::remove_dir_all(old);
    }
    write(&show.join("show.toml"), &format!("name = \"{SHOW}\"\n"));
    let (mut words, mut segments, mut bytes) = (0usize, 0usize, 0usize);
    let mut first_terms = 0;
    for e in 0..n {
        let g = episode(&vocabulary, e);
        if e == 0 {
            let terms: HashSet<String> =
                g.segments.iter().flat_map(|(_, text)| verbatim::tokenize::tokenize(text)).map(|t| t.term).collect();
            first_terms = terms.len();
        }
        let mut meta = format!("title = {:?}\nshow = {SHOW:?}\ndate = {:?}\n", g.title, g.date);
        for (id, name, role) in &g.speakers {
            let _ = write!(meta, "\n[[speakers]]\nid = {id:?}\nname = {name:?}\nrole = {role:?}\n");
        }
        let mut vtt = String::from("WEBVTT\n\n");
        let mut page = format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} — {SHOW}</title></head>\n\
             <body><main data-pagefind-body>\n<h1>{}</h1>\n<p><time datetime=\"{}\">{}</time></p>\n",
            html_escaped(&g.title),
            html_escaped(&g.title),
            g.date,
            g.date
        );
        let mut at = 0;
        for (speaker, text) in &g.segments {
            let count = text.split(' ').count();
            let end = at + count as u64 * MS_PER_WORD;
            let _ = write!(vtt, "{} --> {}\n<v {}>{text}\n\n", clock(at), clock(end), g.speakers[*speaker].1);
            let _ = writeln!(page, "<p>{}</p>", html_escaped(text));
            at = end + 400;
            words += count;
        }
        page.push_str("</main></body></html>\n");
        segments += g.segments.len();
        bytes += vtt.len();
        write(&show.join(&g.slug).join("episode.toml"), &meta);
        write(&show.join(&g.slug).join("transcript.vtt"), &vtt);
        write(&html.join(&g.slug).join("index.html"), &page);
    }
    println!(
        "generated {n} episodes in {:.1} s: {segments} segments, {words} words ({first_terms} terms in the first \
         episode), {:.1} MB of WebVTT; {} and {}",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        show.display(),
        html.display()
    );
}

// --- Queries ----------------------------------------------------------------

/// The queries measured: (what it is, query). Each is a cold query: typed
/// or pasted whole into a page that has loaded nothing of the catalogue.
fn queries() -> Vec<(&'static str, String)> {
    // Episode 42's guest: a name said in one episode (or two, if they return).
    let guest = fresh_guest(41, 0);
    [
        ("1 word, topical", "hangzhou"),
        ("1 word, typo", "hangzhuo"),
        ("1 word, common", "china"),
        ("1 word, in every segment", "think"),
        ("2 words", "open source"),
        ("2 words, typo", "open sourse"),
        ("2 words, very common", "i think"),
        ("3 words", "chinese ai models"),
        ("3 words, typo", "chinese ai modles"),
        ("phrase", "\"open source\""),
        ("phrase of common words", "\"i think the\""),
        ("split word", "deepseek"),
        ("split word, common halves", "someone"),
        ("guest's name", guest.as_str()),
        ("prefix", "regul"),
        ("first letter", "r"),
    ]
    .into_iter()
    .map(|(what, q)| (what, q.to_string()))
    .collect()
}

/// The issue's aim: at most this many bytes (gzipped) per cold query at 1,000 episodes.
const AIM: usize = 150_000;

/// The word typed one letter at a time (the page keeps what it loaded).
const TYPED: &str = "regulation";

/// The widget's first page of results.
fn request(query: &str) -> Request {
    Request { query: query.to_string(), episodes: Some(10), hits_per_episode: Some(3), ..Request::default() }
}

/// Catalogue files, read once each, with the bytes a reader fetches for
/// each (the file as a site stores it: gzip).
struct Catalogue {
    read: Box<dyn Fn(FileId) -> (Vec<u8>, usize)>,
    files: HashMap<FileId, (Vec<u8>, usize)>,
}

impl Catalogue {
    /// A site's files, inflated, with their stored sizes.
    fn on_disk(site: &Path) -> Catalogue {
        let site = site.to_path_buf();
        Catalogue::new(Box::new(move |file| {
            let path = site.join(file.path());
            let stored = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let bytes = stored::decompress(&stored).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (bytes, stored.len())
        }))
    }

    /// Files as `build` returns them, with the size a site would store.
    fn in_memory(files: Vec<(FileId, Vec<u8>)>) -> Catalogue {
        let files: HashMap<FileId, Vec<u8>> = files.into_iter().collect();
        Catalogue::new(Box::new(move |file| {
            let bytes = files[&file].clone();
            let stored = stored::compress(&bytes).len();
            (bytes, stored)
        }))
    }

    fn new(read: Box<dyn Fn(FileId) -> (Vec<u8>, usize)>) -> Catalogue {
        Catalogue { read, files: HashMap::new() }
    }

    /// The file's bytes and the bytes fetched for it.
    fn get(&mut self, file: FileId) -> &(Vec<u8>, usize) {
        let read = &self.read;
        self.files.entry(file).or_insert_with(|| read(file))
    }
}

/// What one query read.
struct Measured {
    /// Files asked for, round by round (each round waits for the one before).
    rounds: Vec<Vec<FileId>>,
    raw: usize,
    gzip: usize,
    /// Gzipped bytes per kind of file.
    by_kind: BTreeMap<&'static str, usize>,
    /// Matching segments and episodes (upper bounds unless exact).
    total: usize,
    episodes_total: usize,
}

impl Measured {
    fn files(&self) -> usize {
        self.rounds.iter().map(Vec::len).sum()
    }

    /// Gzipped bytes per kind, as "dict 9.1, postings 20.4, …" (KB).
    fn gzip_by_kind(&self) -> String {
        self.by_kind.iter().map(|(k, n)| format!("{k} {:.1}", *n as f64 / 1000.0)).collect::<Vec<_>>().join(", ")
    }

    /// Files per kind, as "2 dict, 1 postings, …".
    fn kinds(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for file in self.rounds.iter().flatten() {
            *counts.entry(kind_name(file.kind())).or_default() += 1;
        }
        counts.into_iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Manifest => "manifest",
        Kind::Episodes => "episodes",
        Kind::Speakers => "speakers",
        Kind::Dict => "dict",
        Kind::Postings => "postings",
        Kind::Text => "text",
        Kind::Positions => "positions",
    }
}

/// Runs `query` with `loaded` (empty for a cold query) as
/// [`verbatim::archive::search::run`] does, counting the files it asks for.
/// `run` itself reads the same files (checked), but does not say which
/// round asked for which.
fn measure(catalogue: &mut Catalogue, loaded: &mut Loaded, query: &str) -> Measured {
    let request = request(query);
    let before: HashSet<FileId> = catalogue.files.keys().copied().filter(|f| loaded.has_file(*f)).collect();
    let mut by_run: BTreeSet<FileId> = BTreeSet::new();
    {
        let mut copy = Loaded::default();
        for file in &before {
            copy.add(*file, &catalogue.get(*file).0).unwrap();
        }
        verbatim::archive::search::run(&mut copy, &request, |file| {
            by_run.insert(file);
            Ok::<_, ()>(catalogue.get(file).0.clone())
        })
        .unwrap_or_else(|e| panic!("{query}: {e:?}"));
    }
    let mut rounds = Vec::new();
    let (mut raw, mut gzip) = (0, 0);
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let result = loop {
        match step(loaded, &request) {
            Step::Done(result) => break result,
            Step::Need(files) | Step::Partial(_, files) => {
                for &file in &files {
                    let (bytes, gz) = catalogue.get(file);
                    raw += bytes.len();
                    gzip += gz;
                    *by_kind.entry(kind_name(file.kind())).or_default() += gz;
                    loaded.add(file, &catalogue.files[&file].0).unwrap_or_else(|e| panic!("{}: {e}", file.path()));
                }
                rounds.push(files);
            }
        }
    };
    assert_eq!(by_run, rounds.iter().flatten().copied().collect(), "{query}: run and step read the same files");
    Measured { rounds, raw, gzip, by_kind, total: result.total, episodes_total: result.episodes_total }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Every catalogue file of a site, by reading the manifest and the files it names.
fn all_files(catalogue: &mut Catalogue) -> Vec<FileId> {
    let manifest = format::decode_manifest(&catalogue.get(FileId::Manifest).0).unwrap();
    let mut files = vec![FileId::Manifest, FileId::Speakers];
    files.extend((0..manifest.shards.len() as u32).map(FileId::Dict));
    files.extend((0..manifest.postings_files).map(FileId::Postings));
    for n in 0..manifest.postings_files {
        let postings = format::decode_postings(&catalogue.get(FileId::Postings(n)).0).unwrap();
        files.extend((0..postings.positions_from.len() as u32).map(|run| FileId::Positions(n, run)));
    }
    files.extend((0..manifest.episodes.div_ceil(manifest.episodes_per_file)).map(FileId::Episodes));
    for e in 0..manifest.episodes {
        let meta = &format::decode_episodes(&catalogue.get(FileId::Episodes(e / manifest.episodes_per_file)).0)
            .unwrap()[(e % manifest.episodes_per_file) as usize];
        files.extend((0..meta.segments.div_ceil(manifest.segments_per_text)).map(|n| FileId::Text(e, n)));
    }
    files
}

/// The catalogue's files by kind: count, bytes as stored (gzip), largest;
/// and the dictionary's terms.
fn catalogue_summary(catalogue: &mut Catalogue) -> serde_json::Value {
    let files = all_files(catalogue);
    let mut kinds: BTreeMap<&str, (usize, usize, usize, String)> = BTreeMap::new();
    let mut terms = 0;
    for &file in &files {
        let size = catalogue.get(file).1;
        let entry = kinds.entry(kind_name(file.kind())).or_default();
        entry.0 += 1;
        entry.1 += size;
        if size > entry.2 {
            (entry.2, entry.3) = (size, file.path());
        }
        if let FileId::Dict(_) = file {
            terms += format::decode_dict(&catalogue.get(file).0).unwrap().len();
        }
        // Only what queries read is kept.
        catalogue.files.remove(&file);
    }
    let total: usize = kinds.values().map(|k| k.1).sum();
    let (largest, largest_path) = kinds.values().map(|k| (k.2, k.3.clone())).max().unwrap();
    println!(
        "catalogue: {} files, {total} bytes, largest {largest_path} ({largest} bytes), {terms} terms",
        files.len()
    );
    println!("\n| kind | files | bytes | largest |\n|---|---:|---:|---:|");
    for (kind, (n, bytes, max, _)) in &kinds {
        println!("| {kind} | {n} | {bytes} | {max} |");
    }
    serde_json::json!({
        "files": files.len(), "bytes": total, "largest": largest, "largest_path": largest_path, "terms": terms,
        "kinds": kinds.iter().map(|(k, (n, b, m, p))| (k.to_string(), serde_json::json!({"files": n, "bytes": b, "largest": m, "largest_path": p}))).collect::<serde_json::Map<_, _>>(),
    })
}

fn rounds_json(rounds: &[Vec<FileId>]) -> serde_json::Value {
    rounds.iter().map(|r| r.iter().map(|f| f.path()).collect::<Vec<_>>()).collect()
}

fn queries_report(site: &Path, json_out: Option<&Path>) {
    let mut catalogue = Catalogue::on_disk(site);
    let summary = catalogue_summary(&mut catalogue);
    // What the archive widget loads when the page opens, before a query:
    // the manifest and the newest episodes it lists (the speakers file
    // waits until the reader turns to the speaker filter).
    let mut client = verbatim::archive::client::Catalogue::default();
    let mut open: Vec<FileId> = vec![FileId::Manifest];
    for &file in &open {
        client.add(file, &catalogue.get(file).0).unwrap();
    }
    while let BrowseStep::Need(files) = client.browse(&[], 10) {
        for &file in &files {
            client.add(file, &catalogue.get(file).0).unwrap();
        }
        open.extend(files);
    }
    let open_sizes: Vec<String> = open
        .iter()
        .map(|&f| {
            let (bytes, gz) = catalogue.get(f);
            format!("{} {} ({} gzip)", f.path().trim_start_matches("catalogue/"), bytes.len(), gz)
        })
        .collect();
    let open_gzip: usize = open.iter().map(|&f| catalogue.get(f).1).sum();
    println!("\nArchive page open, before a query: {} = {} gzip", open_sizes.join(" + "), kb(open_gzip));
    println!(
        "\nCold queries, first page of results (10 episodes, 3 hits each); gzip: each file as the site stores it (gzip, best level).\n"
    );
    println!("| query | what | rounds | files | raw | gzip | gzip by kind (KB) | segments / episodes found |");
    println!("|---|---|---:|---|---:|---:|---|---:|");
    let mut out = Vec::new();
    for (what, query) in queries() {
        let m = measure(&mut catalogue, &mut Loaded::default(), &query);
        println!(
            "| `{query}` | {what} | {} | {} ({}) | {} | {} | {} | {} / {} |",
            m.rounds.len(),
            m.files(),
            m.kinds(),
            kb(m.raw),
            kb(m.gzip),
            m.gzip_by_kind(),
            m.total,
            m.episodes_total
        );
        out.push(serde_json::json!({
            "what": what, "query": query, "rounds": rounds_json(&m.rounds), "files": m.files(),
            "raw": m.raw, "gzip": m.gzip, "gzip_by_kind": m.by_kind, "total": m.total, "episodes_total": m.episodes_total,
        }));
    }
    println!("\n`{TYPED}` typed one letter at a time (the page keeps the files it loaded):\n");
    println!("| typed | new files | new raw | new gzip | gzip so far |\n|---|---:|---:|---:|---:|");
    let mut loaded = Loaded::default();
    let mut so_far = 0;
    let mut typed = Vec::new();
    for end in 1..=TYPED.len() {
        let prefix = &TYPED[..end];
        let m = measure(&mut catalogue, &mut loaded, prefix);
        so_far += m.gzip;
        println!("| `{prefix}` | {} | {} | {} | {} |", m.files(), kb(m.raw), kb(m.gzip), kb(so_far));
        typed
            .push(serde_json::json!({"typed": prefix, "rounds": rounds_json(&m.rounds), "raw": m.raw, "gzip": m.gzip}));
    }
    if let Some(path) = json_out {
        let json = serde_json::json!({
            "catalogue": summary, "open": {"files": open.len(), "gzip": open_gzip}, "queries": out,
            "typed": {"word": TYPED, "keystrokes": typed},
        });
        write(path, &serde_json::to_string_pretty(&json).unwrap());
    }
}

// --- Split sizes ------------------------------------------------------------

/// The show's episodes, read as `verbatim archive` reads them (oldest first).
fn read_show(show: &Path) -> Vec<ShowEpisode> {
    let mut episodes: Vec<ShowEpisode> = std::fs::read_dir(show)
        .unwrap_or_else(|e| panic!("{}: {e}", show.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .map(|path: PathBuf| {
            let slug = path.file_name().unwrap().to_string_lossy().into_owned();
            let transcript =
                verbatim::parse::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).transcript;
            ShowEpisode { slug, transcript }
        })
        .collect();
    episodes.sort_by(|a, b| (&a.transcript.date, &a.slug).cmp(&(&b.transcript.date, &b.slug)));
    episodes
}

fn sizes_report(show: &Path) {
    let started = Instant::now();
    let episodes = read_show(show);
    eprintln!("read {} episodes in {:.1} s", episodes.len(), started.elapsed().as_secs_f64());
    let default = Sizes::default();
    // The sizes of postings files and dictionary shards, chosen again when
    // their encodings shrank (Rice-coded postings, shards without offsets:
    // BENCHMARKS.md has the earlier tables, positions sizes among them).
    let variants: Vec<(&str, Sizes)> = vec![
        ("default", default),
        ("postings 2 KB", Sizes { postings_bytes: 2 * 1024, ..default }),
        ("positions 1 KB", Sizes { positions_bytes: 1024, ..default }),
        ("positions 2 KB", Sizes { positions_bytes: 2 * 1024, ..default }),
    ];
    let queries = queries();
    println!("Sizes as segments per text file / episodes per episodes file / shard bytes / postings bytes / positions bytes.");
    println!("Per query: KB read by the cold query (first page of results), each file as a site stores it (gzip).\n");
    print!("| sizes | files | bytes | largest |");
    for (_, q) in &queries {
        print!(" `{q}` |");
    }
    println!(" max | mean | over 150 KB | files per query (mean) |");
    println!("|---|---:|---:|---|{}---:|---:|---:|---:|", "---:|".repeat(queries.len()));
    for (name, sizes) in variants {
        let files = build(SHOW, &episodes, sizes);
        let count = files.len();
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let (largest_file, largest) = files.iter().map(|(f, b)| (*f, b.len())).max_by_key(|(_, n)| *n).unwrap();
        let mut catalogue = Catalogue::in_memory(files);
        let measured: Vec<Measured> =
            queries.iter().map(|(_, q)| measure(&mut catalogue, &mut Loaded::default(), q)).collect();
        let gz: Vec<usize> = measured.iter().map(|m| m.gzip).collect();
        let files = measured.iter().map(Measured::files).sum::<usize>() as f64 / measured.len() as f64;
        let over = gz.iter().filter(|&&g| g > AIM).count();
        print!(
            "| {name} ({}/{}/{}/{}/{}) | {count} | {:.1} MB | {} {} |",
            sizes.segments_per_text,
            sizes.episodes_per_file,
            sizes.shard_bytes,
            sizes.postings_bytes,
            sizes.positions_bytes,
            bytes as f64 / 1e6,
            largest_file.path().trim_start_matches("catalogue/"),
            kb(largest)
        );
        for g in &gz {
            print!(" {:.1} |", *g as f64 / 1000.0);
        }
        println!(
            " {:.1} | {:.1} | {over} | {files:.0} |",
            *gz.iter().max().unwrap() as f64 / 1000.0,
            gz.iter().sum::<usize>() as f64 / 1000.0 / gz.len() as f64
        );
    }
}
