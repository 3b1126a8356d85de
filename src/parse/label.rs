//! Speaker labels: the one rule for what a speaker's name looks like.
//!
//! In: the start of a line of transcript text (`Grace Shao: Hello`), or a
//! candidate name on its own (`Grace Shao` above a clock). Out: whether it
//! is a speaker's name and, for a label, the name and the text after it.
//! SRT and plain text both ask here, so a line is a label in both or in
//! neither; *where* a label may stand (an SRT cue's first line or a
//! dialogue dash, a plain-text file that backs its labels up) stays each
//! format's own rule.
//!
//! A label is a name followed by `:` and then whitespace or the end of the
//! line; the name may be in square brackets (`[SPEAKER_00]: Hello`, as
//! WhisperX writes it). A name is:
//!
//! - 1–4 words separated by whitespace, at most 40 chars;
//! - each word starting with a letter that is not lower-case (`GRACE`,
//!   `Dr.`, `José`, `李明`), then letters and name punctuation (`'`, `’`,
//!   `-`, `_`), digits only after a `_` (`SPEAKER_00`, the generic labels
//!   of diarization tools);
//! - a `.` only in an abbreviation: a word ending in `.` whose parts are 1–3
//!   letters (`Dr.`, `J.R.`, `Mrs.`) or a title (`Prof.`), so that a
//!   sentence (`Hello. Bob: hi`) is not a name;
//! - after the first word, a number may stand as a word (`Speaker 2`), and
//!   a lower-case particle (`van`, `de`) may sit between words;
//! - the first word is not one that opens sentences or notes (`Note`,
//!   `So`, `Here's`, `Question`: see [`NOT_NAMES`]).
//!
//! `Question:` and `Answer:` head a Q&A more often than they name a voice,
//! and in prose they open a sentence, so they are never names (plain text
//! read them so before; SRT took them for speakers).
//!
//! Always holds: looks at most [`MAX_LABEL_BYTES`] bytes into a line, so a
//! line costs constant time however long it is; no input panics.

use super::Cue;

/// Longest speaker name, in chars.
const MAX_NAME_CHARS: usize = 40;

/// How far into a line a label's colon may be, in bytes: 40 chars of at
/// most 4 bytes, and the whitespace around them.
pub const MAX_LABEL_BYTES: usize = 4 * MAX_NAME_CHARS + 8;

/// Most words in a name.
const MAX_NAME_WORDS: usize = 4;

/// First words that open sentences or notes before a `:`, never a speaker
/// (compared without case and without a trailing `.`). Kept sorted: it is
/// searched by halves.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "a", "about", "also", "an", "and", "answer", "background", "but", "caption", "captions",
    "caution", "chapter", "conclusion", "context", "correction", "credit", "credits", "date",
    "disclaimer", "edit", "edited", "email", "episode", "example", "finally", "first", "fyi",
    "goal", "here", "here's", "hint", "how", "however", "important", "intro", "introduction", "it",
    "it's", "its", "let's", "link", "links", "listen", "look", "lyrics", "my", "nb", "next", "no",
    "note", "notes", "now", "oh", "ok", "okay", "or", "our", "outro", "p.s", "part", "ps",
    "question", "quote", "re", "remember", "reminder", "result", "season", "second", "section",
    "see", "so", "source", "sources", "step", "subject", "subtitles", "summary", "that", "the",
    "then", "there", "there's", "these", "they", "third", "this", "those", "time", "tip", "title",
    "today", "topic", "transcript", "translation", "update", "updated", "url", "warning", "we",
    "website", "well", "what", "when", "where", "who", "why", "yes", "you", "your",
];

/// Lower-case words allowed between the words of a name
/// (`Ludwig van Beethoven`, `Ursula von der Leyen`).
const PARTICLES: &[&str] =
    &["al", "bin", "da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "ter", "van", "von", "y"];

/// Titles longer than an abbreviation's three letters.
const LONG_TITLES: &[&str] = &["capt", "prof", "supt"];

/// How a caption stands to the turn before it (see [`continue_speakers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// It names its speaker (a label): their turn starts.
    Named,
    /// Plain text: the turn goes on.
    Continues,
    /// Other voices (a dialogue dash, `>>` alone, a WebVTT voice, an
    /// unknown diarized speaker): the turn ends.
    Ends,
}

/// Caption files name a speaker where their turn starts, not on every cue
/// (Podcasting 2.0's SRT: "start a new card when the speaker changes");
/// the cues after it, up to the next name, are theirs. `groups` are the
/// cues each source cue gave, in order, with how each stands to the turn:
/// a `Named` group's (last) speaker is the turn's from then on; a
/// `Continues` group takes it; an `Ends` group keeps its own speakers, if
/// any, and no turn goes on past it. SRT and WebVTT both read turns so.
pub fn continue_speakers(groups: impl IntoIterator<Item = (Vec<Cue>, Turn)>) -> Vec<Cue> {
    let mut last: Option<String> = None;
    let mut out = Vec::new();
    for (mut group, turn) in groups {
        match turn {
            Turn::Named => last = group.iter().rev().find_map(|c| c.speaker.clone()),
            Turn::Continues => group.iter_mut().for_each(|c| c.speaker.clone_from(&last)),
            Turn::Ends => last = None,
        }
        out.extend(group);
    }
    out
}

/// Splits `Name: text` at the start of `line` (leading whitespace allowed)
/// into the name and the text after the colon, its leading whitespace
/// removed; `None` when the line does not open with a label.
pub fn split_label(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    // Only the first bytes can hold a label: a colon further in is not one,
    // and a long line is not scanned to find that out.
    let window = &line.as_bytes()[..line.len().min(MAX_LABEL_BYTES + 1)];
    let (name, rest) = match line.strip_prefix('[') {
        // `[Name]: text`, as WhisperX writes a diarized speaker in its SRT,
        // WebVTT and text output (`[SPEAKER_00]: Hello`), and many scripts.
        Some(inside) => {
            let close = window.iter().position(|&b| b == b']')?;
            (inside[..close - 1].trim(), line[close + 1..].strip_prefix(':')?)
        }
        None => {
            let colon = window.iter().position(|&b| b == b':')?;
            (line[..colon].trim_end(), &line[colon + 1..])
        }
    };
    let ends_label = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (ends_label && is_speaker_name(name)).then(|| (name, rest.trim_start()))
}

/// The text after broadcast captions' turn marker (`>>`: a new voice) when
/// a line opens with one.
pub fn after_turn_marker(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix(">>").map(|rest| rest.trim_start_matches('>').trim_start())
}

/// The speaker whisper.cpp's stereo diarization (`--diarize`) writes at
/// the start of each line of its text, SRT and LRC output: `(speaker 0)`,
/// `(speaker 1)`, or `(speaker ?)` where it could not tell. Returns the
/// speaker ([`diarized_name`]) and the text after it.
pub fn split_diarized(line: &str) -> Option<(Option<String>, &str)> {
    let (label, rest) = diarized_label(line)?;
    Some((diarized_name(label.strip_prefix("speaker ")?)?, rest))
}

/// The same label as written (`speaker 0`, inside the parentheses) and the
/// text after it, for readers that keep labels as slices of the line.
pub fn diarized_label(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.trim_start().strip_prefix('(')?.split_once(')')?;
    diarized_name(label.strip_prefix("speaker ")?)?;
    Some((label, rest.trim_start()))
}

/// whisper.cpp's diarized speaker (`0`, `1` or `?`, also its CSV's
/// `speaker` column and its JSON's `"speaker"`) as a name: `Speaker 0`, or
/// no speaker for `?`; `None` when it is not one of those.
pub fn diarized_name(id: &str) -> Option<Option<String>> {
    match id.trim() {
        "?" => Some(None),
        id if (1..=2).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Some(format!("Speaker {id}")))
        }
        _ => None,
    }
}

/// Whether `name` (trimmed) is a speaker's name (see the module doc).
pub fn is_speaker_name(name: &str) -> bool {
    if name.is_empty() || name.len() > MAX_LABEL_BYTES || name.chars().count() > MAX_NAME_CHARS {
        return false;
    }
    let mut words = [""; MAX_NAME_WORDS];
    let mut count = 0;
    for word in name.split_whitespace() {
        if count == MAX_NAME_WORDS {
            return false;
        }
        words[count] = word;
        count += 1;
    }
    let words = &words[..count];
    let Some((first, _)) = words.split_first() else {
        return false;
    };
    if is_not_name(first) {
        return false;
    }
    words.iter().enumerate().all(|(i, word)| {
        let later = i > 0;
        let middle = later && i + 1 < words.len();
        is_name_word(word)
            || (later && word.bytes().all(|b| b.is_ascii_digit()))
            || (middle && PARTICLES.contains(word))
    })
}

/// Whether a first word is one of [`NOT_NAMES`].
fn is_not_name(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    // Longer than any word in the list (`’` is three bytes, `'` one).
    if word.len() > 16 {
        return false;
    }
    let word = word.to_lowercase().replace('’', "'");
    NOT_NAMES.binary_search(&word.as_str()).is_ok()
}

/// `Grace`, `O'Brien`, `Jean-Luc`, `DR.`, `J.R.`, `SPEAKER_00`, `李明`.
fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || first.is_lowercase() {
        return false;
    }
    let mut after_underscore = false;
    for c in word.chars() {
        match c {
            '_' => after_underscore = true,
            c if c.is_ascii_digit() => {
                if !after_underscore {
                    return false;
                }
            }
            c if c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-') => {}
            _ => return false,
        }
    }
    match word.strip_suffix('.') {
        Some(abbreviation) => {
            LONG_TITLES.iter().any(|t| abbreviation.eq_ignore_ascii_case(t))
                || abbreviation.split('.').all(|part| (1..=3).contains(&part.chars().count()))
        }
        None => !word.contains('.'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_is_sorted_and_lowercase() {
        assert!(NOT_NAMES.windows(2).all(|w| w[0] < w[1]), "NOT_NAMES must be sorted for binary search");
        assert!(NOT_NAMES.iter().all(|w| w.len() <= 16 && *w == w.to_lowercase()));
    }

    #[test]
    fn names_of_every_shape() {
        for name in [
            "Grace",
            "Grace Shao",
            "GRACE SHAO",
            "DR. JONES",
            "Dr. Ana Lee",
            "J.R. Smith",
            "Mrs. Doubtfire",
            "Prof. Ada Byron",
            "O'Brien-Smith",
            "O’Brien",
            "Jean-Luc",
            "Ludwig van Beethoven",
            "Ursula von der Leyen",
            "José Núñez",
            "李明",
            "Q",
        ] {
            assert!(is_speaker_name(name), "{name}");
        }
    }

    #[test]
    fn bracketed_labels_as_whisperx_writes_them() {
        assert_eq!(split_label("[SPEAKER_00]: Hello, welcome."), Some(("SPEAKER_00", "Hello, welcome.")));
        assert_eq!(split_label(" [Grace Shao]:  Hi"), Some(("Grace Shao", "Hi")));
        assert_eq!(split_label("[Ana]:"), Some(("Ana", "")));
        for line in ["[Music] la la", "[laughter]: no", "[Ana]:no space", "[Ana: Hello", "[So]: a note", "[]: x"] {
            assert_eq!(split_label(line), None, "{line}");
        }
    }

    #[test]
    fn whisper_cpps_diarized_speakers() {
        assert_eq!(split_diarized("(speaker 0) Hello."), Some((Some("Speaker 0".into()), "Hello.")));
        assert_eq!(split_diarized(" (speaker 1)  Hi"), Some((Some("Speaker 1".into()), "Hi")));
        assert_eq!(split_diarized("(speaker ?) Yeah."), Some((None, "Yeah.")));
        for line in ["(speaker x) no", "(speaker 0 unclosed", "(Speaker 0) no", "Hello (speaker 0)", "(speaker ) no"] {
            assert_eq!(split_diarized(line), None, "{line}");
        }
        assert_eq!(diarized_label("(speaker ?) Yeah."), Some(("speaker ?", "Yeah.")));
        assert_eq!(diarized_name("1"), Some(Some("Speaker 1".into())));
        assert_eq!(diarized_name("SPEAKER_00"), None);
    }

    #[test]
    fn generic_labels_are_names() {
        for name in ["SPEAKER_00", "SPEAKER_1", "Speaker 1", "Speaker 12", "Speaker A", "Guest 2", "Speaker_B"] {
            assert!(is_speaker_name(name), "{name}");
        }
    }

    #[test]
    fn sentences_and_notes_are_not_names() {
        for name in [
            "",
            "alex",
            "Note",
            "NOTE",
            "note.",
            "So",
            "Here's the thing",
            "Here’s the thing",
            "The Bottom Line",
            "Question",
            "Answer",
            "Hello. Bob",
            "Wait, Bob",
            "Why not?",
            "Hmm...",
            "One Two Three Four Five",
            "Wolfeschlegelsteinhausenbergerdorff Extraordinarius",
            "Q3",
            "3D",
            "10",
            "Ann 2 3 x",
            "Ludwig van",
            "https",
        ] {
            assert!(!is_speaker_name(name), "{name:?}");
        }
    }

    #[test]
    fn a_label_is_a_name_a_colon_and_a_space() {
        assert_eq!(split_label("Grace Shao: Hello there."), Some(("Grace Shao", "Hello there.")));
        assert_eq!(split_label("  ALEX:"), Some(("ALEX", "")));
        assert_eq!(split_label("Ann :  hi"), Some(("Ann", "hi")));
        assert_eq!(split_label("SPEAKER_00: yes"), Some(("SPEAKER_00", "yes")));
        for line in ["Grace:no space", "10:30 works", "Visit https://example.com", "Ratio 3:1", "no colon", ":"] {
            assert_eq!(split_label(line), None, "{line}");
        }
    }

    #[test]
    fn a_colon_far_into_a_line_is_not_looked_for() {
        let line = format!("{}: hi", "A".repeat(MAX_LABEL_BYTES));
        assert_eq!(split_label(&line), None);
        let long = format!("Ann{}", " x".repeat(1_000_000));
        assert_eq!(split_label(&long), None);
    }
}
