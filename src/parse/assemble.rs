//! Cues in, readable segments with times out.
//!
//! In: [`Parsed`] cues (any granularity, timed or not) and [`Options`].
//! Out: a [`Transcript`] whose segments are a sentence or a few from one
//! speaker. Word-level cues (one word each, as Podcasting 2.0 JSON often
//! has) are merged into sentences per speaker, keeping each word's time;
//! long cues are split at sentence ends (and, inside a very long sentence,
//! after a comma). Missing times are estimated from word counts.
//! Always holds: the segments' words, in order, are exactly the cues'
//! words (segments are cue words joined by single spaces, but for closing
//! punctuation a word-level source gives a cue of its own, which is written
//! against the word before: `world` `.` is `world.`); segments are sorted
//! by start; `start <= end`.

use std::collections::HashMap;

use super::{ErrorKind, Header, ParseError, Parsed};
use crate::transcript::{speaker_id, Millis, Segment, Speaker, Timing, Transcript, WordTime};

/// A segment closes once it has this many words and the next sentence would overflow [`MAX_WORDS`].
const MIN_WORDS: usize = 18;
/// A segment takes more sentences only while it stays within this many words.
const MAX_WORDS: usize = 48;
/// A single sentence longer than this is cut (after a comma when possible).
const HARD_MAX_WORDS: usize = 64;

/// How to assemble a transcript.
#[derive(Clone, Debug)]
pub struct Options {
    /// Speaking rate for estimating missing times.
    pub words_per_minute: u32,
    /// Known episode duration: estimated times are scaled to end there.
    pub duration: Option<Millis>,
    /// Known speakers; cue speakers are matched to them by name or id
    /// (case-insensitively).
    pub speakers: Vec<Speaker>,
    /// Generic labels the source uses (`SPEAKER_00`, `Speaker 1`) and the id
    /// of the known speaker each one is.
    pub labels: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Options {
        Options { words_per_minute: 160, duration: None, speakers: Vec::new(), labels: Vec::new() }
    }
}

/// Cue speaker names resolved to speaker indexes, in constant time per
/// cue (a caption file repeats the same few names tens of thousands of times).
struct SpeakerTable {
    /// Lowercased names, ids and labels → speaker index.
    by_key: HashMap<String, u16>,
}

impl SpeakerTable {
    fn new(transcript: &Transcript, options: &Options) -> SpeakerTable {
        let mut by_key = HashMap::new();
        for (i, s) in transcript.speakers.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            by_key.entry(s.id.to_lowercase()).or_insert(i);
            by_key.entry(s.name.to_lowercase()).or_insert(i);
        }
        for (label, id) in &options.labels {
            if let Some(i) = transcript.speakers.iter().position(|s| &s.id == id) {
                by_key.insert(label.to_lowercase(), u16::try_from(i).unwrap_or(u16::MAX));
            }
        }
        SpeakerTable { by_key }
    }

    /// The index of the speaker a cue names, adding a new speaker (with an
    /// id made from the name) when nobody known has that name.
    fn resolve(&mut self, transcript: &mut Transcript, name: &str, line: usize) -> Result<u16, ParseError> {
        let key = name.to_lowercase();
        if let Some(&i) = self.by_key.get(&key) {
            return Ok(i);
        }
        let id = speaker_id(name);
        let i = match self.by_key.get(&id) {
            Some(&i) => i, // `Ana` and `ana!` are one person
            None => {
                let i = u16::try_from(transcript.speakers.len()).ok().filter(|&i| i < u16::MAX).ok_or_else(|| {
                    ParseError::of(
                        ErrorKind::Limit,
                        line,
                        format!(
                            "more than {} different speakers; an episode holds at most that many \
                             (is the speaker field holding something else, such as the text?)",
                            u16::MAX
                        ),
                    )
                })?;
                transcript.speakers.push(Speaker { id: id.clone(), name: name.to_string(), role: String::new() });
                self.by_key.insert(id, i);
                i
            }
        };
        self.by_key.insert(key, i);
        Ok(i)
    }
}

/// A stretch of one speaker's words, with what is known of its times.
struct Unit<'a> {
    speaker: Option<u16>,
    words: Vec<(&'a str, Option<Millis>)>,
    /// Words written against the one before, without a space: punctuation
    /// a word-level source gave a cue of its own (`world` `.`), ascending.
    glued: Vec<usize>,
    start: Option<Millis>,
    end: Option<Millis>,
}

/// Whether a word-level cue's word is closing punctuation alone (`.`,
/// `,`, `?`, `)`, `”` …), which belongs against the word before it.
fn closes_the_word_before(word: &str) -> bool {
    word.chars().all(|c| matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | '…' | ')' | ']' | '}' | '”' | '’' | '»' | '%'))
}

/// Turns cues into a transcript. Errors only when the cues name more
/// speakers than an index can hold.
pub fn assemble(parsed: Parsed, options: &Options) -> Result<Transcript, ParseError> {
    let Header { title, show, date, description } = parsed.header;
    let mut transcript =
        Transcript { title, show, date, description, speakers: options.speakers.clone(), ..Transcript::default() };
    let mut table = SpeakerTable::new(&transcript, options);

    let mut units: Vec<Unit> = Vec::new();
    for cue in &parsed.cues {
        let speaker = match cue.speaker.as_deref() {
            Some(name) => Some(table.resolve(&mut transcript, name, cue.line)?),
            None => None,
        };
        let words = cue_words(&cue.text, &cue.words);
        if words.is_empty() {
            continue;
        }
        // Word-level cues join the previous unit of the same speaker, so a
        // sentence spoken one word per cue becomes one readable segment.
        if let Some(last) = units.last_mut() {
            let word_level = words.len() == 1 && last.words.len() < HARD_MAX_WORDS * 4;
            let continues = last.speaker == speaker && last.end.is_some() && cue.start.is_some() && cue.end.is_some();
            if word_level && continues && last.words.last().is_some_and(|w| w.1.is_some()) {
                if closes_the_word_before(words[0].0) {
                    last.glued.push(last.words.len());
                }
                last.words.push((words[0].0, cue.start));
                last.end = cue.end;
                continue;
            }
        }
        let mut words = words;
        if words.len() == 1 && words[0].1.is_none() {
            words[0].1 = cue.start;
        }
        units.push(Unit { speaker, words, glued: Vec::new(), start: cue.start, end: cue.end });
    }

    transcript.timing = estimate_times(&mut units, options);
    for unit in &units {
        split_unit(unit, &mut transcript.segments);
    }
    transcript.segments.sort_by_key(|s| s.start);
    Ok(transcript)
}

/// Splits cue text into words, attaching the word times the cue has.
fn cue_words<'a>(text: &'a str, times: &[WordTime]) -> Vec<(&'a str, Option<Millis>)> {
    let mut words = Vec::new();
    let mut times = times.iter().peekable();
    let mut at = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let offset = text[at..].find(word).map_or(at, |i| at + i);
        let end = offset + word.len();
        let mut time = None;
        while let Some(t) = times.peek() {
            if (t.offset as usize) < end {
                time = time.or(Some(t.start));
                times.next();
            } else {
                break;
            }
        }
        words.push((word, time));
        at = end;
    }
    words
}

/// How many words' time a written word takes to say: one, or for text
/// written without spaces (Chinese, Japanese: one "word" may be a whole
/// sentence), one for every two characters (about 300 characters a minute
/// against about 150 words).
fn spoken_words(word: &str) -> Millis {
    let cjk = word.chars().filter(|&c| crate::tokenize::is_cjk(c)).count() as Millis;
    cjk.div_ceil(2).max(1)
}

/// Fills in unknown unit times: from neighbours when the source has some
/// times, from word counts at the speaking rate when it has none. Returns
/// whether the result is exact or estimated.
fn estimate_times(units: &mut [Unit], options: &Options) -> Timing {
    let per_word = 60_000 / options.words_per_minute.max(1);
    let duration_of = |u: &Unit| u.words.iter().map(|(w, _)| spoken_words(w)).sum::<Millis>().saturating_mul(per_word);
    let any_missing = units.iter().any(|u| u.start.is_none());
    let none_known = units.iter().all(|u| u.start.is_none());

    // The next time the source knows after each unit bounds it: an untimed
    // paragraph between two timestamps stays between them, in order.
    // (Found in one backward pass: a rescan per unit is quadratic.)
    let mut next_known_after = vec![None; units.len()];
    let mut next = None;
    for (i, unit) in units.iter().enumerate().rev() {
        next_known_after[i] = next;
        next = unit.start.or(next);
    }

    let mut clock: Millis = 0;
    for i in 0..units.len() {
        let next_known = next_known_after[i];
        let start = units[i].start.unwrap_or_else(|| next_known.map_or(clock, |n| clock.min(n)));
        let next_known = next_known.filter(|&n| n >= start);
        let estimated = start.saturating_add(duration_of(&units[i]));
        let end = match units[i].end.filter(|&e| e >= start) {
            Some(end) => end,
            // Timestamped lines give a start only: they end where the next begins.
            None if units.get(i + 1).is_some_and(|u| u.start.is_some()) => next_known.unwrap_or(estimated),
            None => next_known.map_or(estimated, |n| estimated.min(n)),
        };
        units[i].start = Some(start);
        units[i].end = Some(end);
        clock = end;
    }

    if none_known {
        if let (Some(duration), Some(total)) = (options.duration, units.last().and_then(|u| u.end)) {
            if total > 0 {
                let scale = |t: Millis| (u64::from(t) * u64::from(duration) / u64::from(total)) as Millis;
                for u in units.iter_mut() {
                    u.start = u.start.map(scale);
                    u.end = u.end.map(scale);
                }
            }
        }
    }
    if any_missing {
        Timing::Estimated
    } else {
        Timing::Exact
    }
}

/// Whether a word ends a sentence (`China.`, `right?`, `go!"`, `了。`),
/// not counting common abbreviations and initials.
fn ends_sentence(word: &str) -> bool {
    let core = word.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    if !core.ends_with(['.', '?', '!', '…', '。', '？', '！']) {
        return false;
    }
    let stem = core.trim_end_matches('.').to_ascii_lowercase();
    const ABBREVIATIONS: [&str; 12] = ["mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "jr", "sr"];
    let initial = stem.len() == 1 || stem.contains('.');
    !(core.ends_with('.') && (ABBREVIATIONS.contains(&stem.as_str()) || initial))
}

/// Word index ranges of the unit's sentences, long ones cut.
fn sentences(words: &[(&str, Option<Millis>)]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, (word, _)) in words.iter().enumerate() {
        let long = i + 1 - from >= HARD_MAX_WORDS;
        // Inside a very long sentence, prefer to cut after a comma once
        // there are enough words; otherwise cut at the hard limit.
        let comma_cut = i + 1 - from >= MAX_WORDS && word.ends_with([',', ';', ':', '—']);
        if ends_sentence(word) || long || comma_cut {
            out.push(from..i + 1);
            from = i + 1;
        }
    }
    if from < words.len() {
        out.push(from..words.len());
    }
    out
}

/// Splits one unit into segments of a sentence or a few, with times.
fn split_unit(unit: &Unit, out: &mut Vec<Segment>) {
    let (start, end) = (unit.start.unwrap_or(0), unit.end.unwrap_or(0));
    let total = unit.words.len();
    // A word's time: its own when known, else interpolated by word count.
    let time_at = |i: usize| -> Millis {
        if i >= total {
            return end;
        }
        unit.words[i].1.unwrap_or_else(|| start + ((u64::from(end - start) * i as u64) / total.max(1) as u64) as Millis)
    };

    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for sentence in sentences(&unit.words) {
        match groups.last_mut() {
            Some(g) if g.len() < MIN_WORDS && g.len() + sentence.len() <= MAX_WORDS => g.end = sentence.end,
            _ => groups.push(sentence),
        }
    }
    for group in groups {
        let mut text = String::new();
        let mut words = Vec::new();
        for (i, (word, time)) in unit.words.iter().enumerate().take(group.end).skip(group.start) {
            let glued = unit.glued.binary_search(&i).is_ok();
            if !text.is_empty() && !glued {
                text.push(' ');
            }
            // Glued punctuation has no word time: nobody says a full stop.
            if let Some(time) = time.filter(|_| !glued) {
                words.push(WordTime { offset: text.len() as u32, start: time });
            }
            text.push_str(word);
        }
        let seg_start = time_at(group.start).clamp(start, end);
        let seg_end = time_at(group.end).clamp(seg_start, end.max(seg_start));
        // Word times stay within the segment and never go back (a source
        // may list them out of order); the index format relies on it.
        let mut floor = seg_start;
        for w in &mut words {
            w.start = w.start.clamp(floor, seg_end);
            floor = w.start;
        }
        out.push(Segment { start: seg_start, end: seg_end, speaker: unit.speaker, text, words });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Cue;

    fn cue(start: Option<Millis>, end: Option<Millis>, speaker: Option<&str>, text: &str) -> Cue {
        Cue { start, end, speaker: speaker.map(str::to_string), text: text.to_string(), ..Cue::default() }
    }

    fn run(parsed: Parsed, options: &Options) -> Transcript {
        assemble(parsed, options).expect("assembles")
    }

    fn words_of(t: &Transcript) -> Vec<String> {
        t.segments.iter().flat_map(|s| s.text.split(' ').map(str::to_string).collect::<Vec<_>>()).collect()
    }

    #[test]
    fn untimed_prose_is_estimated_and_split_into_sentences() {
        let text = "One two three four five six seven eight nine ten. ".repeat(12);
        let parsed = Parsed { cues: vec![cue(None, None, None, text.trim())], ..Parsed::default() };
        let t = run(parsed, &Options::default());
        assert_eq!(t.timing, Timing::Estimated);
        assert!(t.segments.len() > 3);
        assert!(t.segments.iter().all(|s| s.text.ends_with('.')));
        assert_eq!(words_of(&t).len(), 120);
        // 160 words a minute: 375 ms a word.
        assert_eq!(t.duration(), 120 * 375);
        assert!(t.segments.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn text_without_spaces_is_timed_by_its_characters() {
        let zh = "人工智能正在改变世界".repeat(10); // 100 characters, one "word"
        let cues = vec![cue(None, None, None, &zh), cue(None, None, None, "Two words.")];
        let t = run(Parsed { cues, ..Parsed::default() }, &Options { words_per_minute: 150, ..Options::default() });
        // 50 words' time at 150 a minute: 20 s; then 2 words: 0.8 s.
        let spans: Vec<(Millis, Millis)> = t.segments.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, [(0, 20_000), (20_000, 20_800)]);
    }

    #[test]
    fn estimated_times_scale_to_a_known_duration() {
        let parsed = Parsed { cues: vec![cue(None, None, None, "a b c d. e f g h.")], ..Parsed::default() };
        let options = Options { duration: Some(60_000), ..Options::default() };
        assert_eq!(run(parsed, &options).duration(), 60_000);
    }

    #[test]
    fn word_level_cues_merge_into_sentences_per_speaker() {
        let mut cues = Vec::new();
        for (i, w) in ["Hello", "there.", "How", "are", "you?"].iter().enumerate() {
            cues.push(cue(Some(i as u32 * 500), Some(i as u32 * 500 + 400), Some("Ann"), w));
        }
        cues.push(cue(Some(3000), Some(3400), Some("Bob"), "Fine."));
        let t = run(Parsed { cues, ..Parsed::default() }, &Options::default());
        assert_eq!(t.timing, Timing::Exact);
        let texts: Vec<&str> = t.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Hello there. How are you?", "Fine."]);
        assert_eq!(t.segments[0].words.len(), 5);
        assert_eq!(t.segments[0].words[2], WordTime { offset: 13, start: 1000 });
        assert_eq!((t.segments[0].start, t.segments[0].end), (0, 2400));
        assert_eq!(t.speakers.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["ann", "bob"]);
    }

    #[test]
    fn punctuation_in_cues_of_its_own_is_written_against_the_word_before() {
        let mut cues = Vec::new();
        for (i, w) in ["Hello", ",", "world", ".", "Ready", "?", "-", "yes", "…"].iter().enumerate() {
            cues.push(cue(Some(i as u32 * 500), Some(i as u32 * 500 + 400), Some("Ann"), w));
        }
        let t = run(Parsed { cues, ..Parsed::default() }, &Options::default());
        let texts: Vec<&str> = t.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Hello, world. Ready? - yes…"], "a dash between words keeps its spaces");
        let timed: Vec<(&str, Millis)> = t.segments[0]
            .words
            .iter()
            .map(|w| (t.segments[0].text[w.offset as usize..].split(' ').next().unwrap(), w.start))
            .collect();
        assert_eq!(timed, [("Hello,", 0), ("world.", 1000), ("Ready?", 2000), ("-", 3000), ("yes…", 3500)]);
        // In one cue's own text, spacing is the source's.
        let one = run(
            Parsed { cues: vec![cue(Some(0), Some(1000), None, "Bonjour !")], ..Parsed::default() },
            &Options::default(),
        );
        assert_eq!(one.segments[0].text, "Bonjour !");
    }

    #[test]
    fn timestamped_lines_end_where_the_next_begins() {
        let cues = vec![cue(Some(1000), None, Some("A"), "Hi."), cue(Some(5000), None, Some("B"), "Hello.")];
        let t = run(Parsed { cues, ..Parsed::default() }, &Options::default());
        assert_eq!(t.timing, Timing::Exact);
        assert_eq!((t.segments[0].start, t.segments[0].end), (1000, 5000));
        assert_eq!(t.segments[1].start, 5000);
    }

    #[test]
    fn a_run_on_sentence_is_cut() {
        let text = vec!["word,"; 200].join(" ");
        let t = run(
            Parsed { cues: vec![cue(Some(0), Some(60_000), None, &text)], ..Parsed::default() },
            &Options::default(),
        );
        assert!(t.segments.iter().all(|s| s.text.split(' ').count() <= HARD_MAX_WORDS));
        assert_eq!(words_of(&t).len(), 200);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert!(!ends_sentence("Mr."));
        assert!(!ends_sentence("U.S."));
        assert!(ends_sentence("China."));
        assert!(ends_sentence("right?\""));
    }

    #[test]
    fn known_speakers_are_matched_by_name() {
        let speakers = vec![Speaker { id: "grace-shao".into(), name: "Grace Shao".into(), role: "guest".into() }];
        let cues = vec![cue(None, None, Some("grace shao"), "Hi.")];
        let t = run(Parsed { cues, ..Parsed::default() }, &Options { speakers, ..Options::default() });
        assert_eq!(t.speakers.len(), 1);
        assert_eq!(t.segments[0].speaker, Some(0));
    }

    #[test]
    fn generic_labels_map_to_known_speakers() {
        let speakers = vec![Speaker { id: "ana".into(), name: "Ana Lee".into(), role: String::new() }];
        let labels = vec![("SPEAKER_00".to_string(), "ana".to_string())];
        let cues = vec![cue(None, None, Some("speaker_00"), "Hi."), cue(None, None, Some("SPEAKER_01"), "Yo.")];
        let t = run(Parsed { cues, ..Parsed::default() }, &Options { speakers, labels, ..Options::default() });
        let ids: Vec<&str> = t.segments.iter().map(|s| t.speaker_of(s).unwrap().id.as_str()).collect();
        assert_eq!(ids, ["ana", "speaker-01"]);
    }

    #[test]
    fn names_that_slug_alike_are_one_speaker() {
        let cues = vec![cue(None, None, Some("Ana"), "Hi."), cue(None, None, Some("ANA!"), "Yo.")];
        let t = run(Parsed { cues, ..Parsed::default() }, &Options::default());
        assert_eq!(t.speakers.len(), 1);
    }

    #[test]
    fn too_many_speakers_is_a_clear_error_not_a_wrapped_index() {
        let cues: Vec<Cue> =
            (0..70_000).map(|i| Cue { line: i + 1, ..cue(None, None, Some(&format!("S{i}")), "hi") }).collect();
        let e = assemble(Parsed { cues, ..Parsed::default() }, &Options::default()).unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Limit, 65_536));
        assert!(e.message.contains("65535"), "{}", e.message);
    }

    #[test]
    fn many_untimed_units_between_timed_ones_take_linear_time() {
        // 200,000 untimed labelled lines: a rescan per unit would be 2e10 steps.
        let mut cues: Vec<Cue> = (0..200_000).map(|i| cue(None, None, Some(["A", "B"][i % 2]), "word")).collect();
        cues.push(cue(Some(1000), None, Some("A"), "end"));
        let t = run(Parsed { cues, ..Parsed::default() }, &Options::default());
        assert_eq!(words_of(&t).len(), 200_001);
    }
}
