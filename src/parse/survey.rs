//! The speaker labels a transcript uses, surveyed so that naming them takes
//! a minute (`verbatim speakers`).
//!
//! In: [`Parsed`] cues, before speakers are resolved, so that generic labels
//! (`SPEAKER_00`, `Speaker 1`, `<v SPEAKER_1>`) are seen as the source
//! wrote them. Out: a [`Survey`]: each label with its talk time, its first
//! lines, and names suggested from introductions in the text ("I'm …",
//! "my name is …" for the speaker; "welcome …", "joining us is …" for the
//! next one to speak; "thank you, …" for the one before).
//! Always holds: labels are listed in order of first appearance; every
//! suggestion quotes the line it came from; nothing here changes the cues.

use std::collections::HashMap;

use super::{collapse_whitespace, Parsed};
use crate::transcript::{speaker_id, Millis};

/// How many of a label's first lines are shown.
const FIRST_LINES: usize = 3;
/// Longest quote, in characters.
const QUOTE_CHARS: usize = 90;
/// Speaking rate for the talk time of untimed cues (as `assemble` uses).
const WORDS_PER_MINUTE: u64 = 160;

/// What a transcript says about who speaks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Each label, in order of first appearance.
    pub labels: Vec<LabelSurvey>,
    /// Words in cues without a label.
    pub unlabelled_words: usize,
    /// Introductions found in unlabelled text (for `[[turns]]`).
    pub unattributed: Vec<Suggestion>,
}

/// One speaker label as the source writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSurvey {
    /// The label (`SPEAKER_00`).
    pub label: String,
    /// Cues it speaks.
    pub cues: usize,
    /// Words it speaks.
    pub words: usize,
    /// Talk time, in milliseconds.
    pub talk_time: u64,
    /// Whether the talk time is estimated from words (untimed cues).
    pub estimated: bool,
    /// 1-based line of its first cue.
    pub first_line: usize,
    /// Its first few cues' text, shortened.
    pub first_lines: Vec<String>,
    /// Names it may be, best first (most evidence, then earliest).
    pub suggestions: Vec<Suggestion>,
}

/// A name found in an introduction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The name as written (`Grace Shao`).
    pub name: String,
    /// A speaker id made from it (`grace-shao`).
    pub id: String,
    /// 1-based line it was found on.
    pub line: usize,
    /// The words around it.
    pub evidence: String,
}

/// Who a phrase introduces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Introduces {
    /// The one speaking ("I'm …").
    Speaker,
    /// The next one to speak ("welcome, …").
    Next,
    /// The one who spoke before ("thanks for having me, …").
    Previous,
}

/// Phrases that introduce a name, lower case, ending where the name starts.
const PHRASES: [(&str, Introduces); 22] = [
    ("my name is ", Introduces::Speaker),
    ("my name's ", Introduces::Speaker),
    ("i'm your host, ", Introduces::Speaker),
    ("i’m your host, ", Introduces::Speaker),
    ("i am your host, ", Introduces::Speaker),
    ("your host, ", Introduces::Speaker),
    ("i'm ", Introduces::Speaker),
    ("i’m ", Introduces::Speaker),
    ("i am ", Introduces::Speaker),
    ("this is ", Introduces::Speaker),
    ("welcome to the show, ", Introduces::Next),
    ("welcome to the podcast, ", Introduces::Next),
    ("welcome back, ", Introduces::Next),
    ("welcome, ", Introduces::Next),
    ("welcome ", Introduces::Next),
    ("please welcome ", Introduces::Next),
    ("joining us today is ", Introduces::Next),
    ("joining us is ", Introduces::Next),
    ("my guest today is ", Introduces::Next),
    ("my guest is ", Introduces::Next),
    ("thanks for having me, ", Introduces::Previous),
    ("thank you for having me, ", Introduces::Previous),
];

/// Capitalised words that follow those phrases without being names.
const NOT_NAMES: [&str; 16] = [
    "I", "The", "A", "An", "So", "Not", "Just", "Here", "Back", "Glad", "Happy", "Excited", "Sure", "Sorry", "Really",
    "Very",
];

/// Surveys the labels of parsed cues.
pub fn survey(parsed: &Parsed) -> Survey {
    let mut out = Survey::default();
    // (label index or None, name, line, evidence, who it introduces)
    let mut found: Vec<(Option<usize>, usize, Suggestion, Introduces)> = Vec::new();
    let mut label_of_cue: Vec<Option<usize>> = Vec::with_capacity(parsed.cues.len());
    let mut positions: HashMap<&str, usize> = HashMap::new();
    for (i, cue) in parsed.cues.iter().enumerate() {
        let words = cue.text.split_whitespace().count();
        let label = cue.speaker.as_deref().map(|label| {
            let at = *positions.entry(label).or_insert_with(|| {
                out.labels.push(LabelSurvey { label: label.to_string(), first_line: cue.line, ..Default::default() });
                out.labels.len() - 1
            });
            let entry = &mut out.labels[at];
            entry.cues += 1;
            entry.words += words;
            match (cue.start, cue.end) {
                (Some(start), Some(end)) => entry.talk_time += u64::from(end.saturating_sub(start)),
                _ => {
                    entry.estimated = true;
                    entry.talk_time += words as u64 * 60_000 / WORDS_PER_MINUTE;
                }
            }
            if entry.first_lines.len() < FIRST_LINES && words > 0 {
                entry.first_lines.push(quote(&cue.text, 0));
            }
            at
        });
        if label.is_none() {
            out.unlabelled_words += words;
        }
        label_of_cue.push(label);
        for (suggestion, introduces) in introductions(&cue.text, cue.line) {
            found.push((label, i, suggestion, introduces));
        }
    }
    let after = nearest_labels(label_of_cue.iter().rev().copied());
    let before = nearest_labels(label_of_cue.iter().copied());
    let n = label_of_cue.len();
    for (label, cue, suggestion, introduces) in found {
        let target = match (label, introduces) {
            (label, Introduces::Speaker) => label,
            (Some(own), Introduces::Next) => other_than(after[n - 1 - cue], own),
            (Some(own), Introduces::Previous) => other_than(before[cue], own),
            (None, _) => None,
        };
        match target {
            Some(at) => out.labels[at].suggestions.push(suggestion),
            None => out.unattributed.push(suggestion),
        }
    }
    for label in &mut out.labels {
        label.suggestions = rank(std::mem::take(&mut label.suggestions));
    }
    out
}

/// For each position of a sequence of cue labels, looking back from it
/// (exclusive): the nearest label, and the nearest one different from
/// that. One pass, so that attributing every suggestion stays linear.
fn nearest_labels(labels: impl Iterator<Item = Option<usize>>) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = Vec::new();
    let (mut nearest, mut other) = (None, None);
    for label in labels {
        out.push((nearest, other));
        if let Some(label) = label {
            if nearest != Some(label) {
                other = nearest;
                nearest = Some(label);
            }
        }
    }
    out
}

/// The nearest label that is not `own`, from [`nearest_labels`]' pair.
fn other_than((nearest, other): (Option<usize>, Option<usize>), own: usize) -> Option<usize> {
    if nearest == Some(own) {
        other
    } else {
        nearest
    }
}

/// Names found in introductions in one cue's text.
fn introductions(text: &str, line: usize) -> Vec<(Suggestion, Introduces)> {
    // ASCII lowering keeps byte offsets, so positions in `lower` are
    // positions in `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut taken_until = 0;
    for (at, _) in lower.match_indices(|c: char| c.is_alphabetic()) {
        if at < taken_until || (at > 0 && lower[..at].ends_with(|c: char| c.is_alphanumeric() || c == '\'')) {
            continue; // inside a word, or inside a phrase already read
        }
        let Some(&(phrase, introduces)) = PHRASES.iter().find(|(phrase, _)| lower[at..].starts_with(phrase)) else {
            continue;
        };
        // "this is …" introduces someone only at the start of what they say.
        if phrase == "this is " && at > 40 {
            continue;
        }
        let from = at + phrase.len();
        taken_until = from;
        if let Some(name) = name_at(&text[from..]) {
            out.push((Suggestion { id: speaker_id(&name), name, line, evidence: quote(text, at) }, introduces));
        }
    }
    out
}

/// One to three capitalised words at the start of `text`: a name.
fn name_at(text: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for word in text.split_whitespace().take(3) {
        let bare = word.trim_end_matches([',', '.', '!', '?', ';', ':', '"', '”', ')']);
        let capitalised = bare.starts_with(|c: char| c.is_uppercase())
            && bare.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
        if !capitalised || (words.is_empty() && NOT_NAMES.contains(&bare)) {
            break;
        }
        // A title's dot (`Dr.`, `Ms.`) does not end the name; other
        // punctuation does.
        let title = words.is_empty() && word.len() == bare.len() + 1 && word.ends_with('.') && bare.len() <= 3;
        if title {
            words.push(word);
            continue;
        }
        words.push(bare);
        if bare.len() != word.len() {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Suggestions for one person merged (the same id, or a first name and
/// the full name: `alex` and `alex-kantrowitz`), keeping the fullest name;
/// most evidence first, then earliest.
fn rank(suggestions: Vec<Suggestion>) -> Vec<Suggestion> {
    let same_person = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}-")) || b.starts_with(&format!("{a}-"));
    let mut counted: Vec<(usize, Suggestion)> = Vec::new();
    for s in suggestions {
        match counted.iter_mut().find(|(_, known)| same_person(&known.id, &s.id)) {
            Some((count, known)) => {
                *count += 1;
                if s.id.len() > known.id.len() {
                    *known = s;
                }
            }
            None => counted.push((1, s)),
        }
    }
    // Stable: equal counts keep their order of appearance.
    counted.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    counted.into_iter().map(|(_, s)| s).collect()
}

/// Up to [`QUOTE_CHARS`] of `text` from byte `from` (a char boundary),
/// with an ellipsis where it was cut.
fn quote(text: &str, from: usize) -> String {
    let text = collapse_whitespace(&text[from..]);
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// A talk time as `h:mm:ss` or `m:ss`.
pub fn format_talk_time(ms: u64) -> String {
    crate::transcript::format_clock(Millis::try_from(ms).unwrap_or(Millis::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Cue;

    fn cue(speaker: Option<&str>, start: Option<Millis>, end: Option<Millis>, text: &str, line: usize) -> Cue {
        Cue { start, end, speaker: speaker.map(str::to_string), text: text.to_string(), words: vec![], line }
    }

    fn names(label: &LabelSurvey) -> Vec<&str> {
        label.suggestions.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn labels_in_order_with_talk_time_and_first_lines() {
        let parsed = Parsed {
            cues: vec![
                cue(Some("SPEAKER_01"), Some(0), Some(4000), "Welcome to the show, Grace Shao.", 3),
                cue(Some("SPEAKER_00"), Some(4000), Some(6000), "Thanks for having me, Alex.", 7),
                cue(Some("SPEAKER_01"), Some(6000), Some(9000), "So, China.", 11),
            ],
            ..Parsed::default()
        };
        let s = survey(&parsed);
        let got: Vec<(&str, usize, u64, usize)> =
            s.labels.iter().map(|l| (l.label.as_str(), l.cues, l.talk_time, l.first_line)).collect();
        assert_eq!(got, [("SPEAKER_01", 2, 7000, 3), ("SPEAKER_00", 1, 2000, 7)]);
        assert_eq!(s.labels[0].first_lines, ["Welcome to the show, Grace Shao.", "So, China."]);
        // "Welcome …" names the next speaker; "thanks for having me, …" the one before.
        assert_eq!(names(&s.labels[1]), ["Grace Shao"]);
        assert_eq!(names(&s.labels[0]), ["Alex"]);
        // A first name and the full name are one suggestion, the full name kept.
        let parsed = Parsed {
            cues: vec![
                cue(Some("A"), None, None, "Thanks, I'm Alex.", 1),
                cue(Some("A"), None, None, "I'm Alex Kantrowitz.", 2),
                cue(Some("B"), None, None, "My name is Bo.", 3),
            ],
            ..Parsed::default()
        };
        assert_eq!(names(&survey(&parsed).labels[0]), ["Alex Kantrowitz"]);
        assert_eq!(s.labels[1].suggestions[0].id, "grace-shao");
        assert_eq!(s.labels[1].suggestions[0].line, 3);
    }

    #[test]
    fn self_introductions_name_the_speaker() {
        let parsed = Parsed {
            cues: vec![
                cue(Some("Speaker 1"), None, None, "Hi everyone, I'm Ana Lee, and this is the show.", 1),
                cue(Some("Speaker 2"), None, None, "And my name is Bo Chen.", 3),
                cue(Some("Speaker 1"), None, None, "I'm curious, Bo. I'm Ana Lee again.", 5),
            ],
            ..Parsed::default()
        };
        let s = survey(&parsed);
        assert_eq!(s.labels.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["Speaker 1", "Speaker 2"]);
        assert_eq!(names(&s.labels[0]), ["Ana Lee"]);
        assert_eq!(names(&s.labels[1]), ["Bo Chen"]);
        assert!(s.labels[0].estimated);
    }

    #[test]
    fn lowercase_words_and_sentence_openers_are_not_names() {
        for text in ["I'm curious about that.", "I'm Not sure.", "Welcome to Big Technology.", "I'm so glad."] {
            assert_eq!(introductions(text, 1).len(), 0, "{text}");
        }
        assert_eq!(name_at("Grace Shao, an analyst"), Some("Grace Shao".to_string()));
        assert_eq!(name_at("Dr. Ana María López Ruiz"), Some("Dr. Ana María".to_string()));
    }

    #[test]
    fn introductions_in_unlabelled_text_are_kept_for_turns() {
        let parsed = Parsed {
            cues: vec![cue(None, None, None, "Hi, this is Alex Kantrowitz. Welcome, Grace Shao.", 1)],
            ..Parsed::default()
        };
        let s = survey(&parsed);
        assert!(s.labels.is_empty());
        let got: Vec<&str> = s.unattributed.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(got, ["Alex Kantrowitz", "Grace Shao"]);
    }

    #[test]
    fn quotes_are_short_and_cut_on_characters() {
        let long = "é".repeat(200);
        assert_eq!(quote(&long, 0).chars().count(), QUOTE_CHARS + 1);
    }

    #[test]
    fn nearest_labels_skip_the_speakers_own_cues() {
        // A B B (none) A: from cue 1 (B) looking forward, the next other label is A.
        let labels = [Some(0), Some(1), Some(1), None, Some(0)];
        let after = nearest_labels(labels.iter().rev().copied());
        assert_eq!(other_than(after[labels.len() - 1 - 1], 1), Some(0));
        let before = nearest_labels(labels.iter().copied());
        assert_eq!(other_than(before[4], 0), Some(1));
        assert_eq!(other_than(before[0], 0), None);
    }

    #[test]
    fn many_introductions_by_one_speaker_take_linear_time() {
        let cues: Vec<Cue> =
            (0..200_000).map(|i| cue(Some("SPEAKER_00"), None, None, "Welcome, Ana.", i + 1)).collect();
        let s = survey(&Parsed { cues, ..Parsed::default() });
        assert_eq!(s.unattributed.len(), 200_000);
    }
}
