//! SubRip (SRT) in, cues out.
//!
//! In: the text of an `.srt` file: cues made of a number line, a timing line
//! (`00:00:01,000 --> 00:00:04,000`) and text lines, separated by blank
//! lines. Out: [`Parsed`] with one [`Cue`] per cue, its text stripped of
//! SRT markup (`<i>`, `<b>`, `<u>`, `<s>`, `<font …>`, `{\an8}`), HTML
//! character references decoded (`&amp;`, `&#39;`, as files converted from
//! web captions have them), whitespace collapsed, and its speaker when the
//! text opens with a label (`Grace Shao: Hello`).
//!
//! SRT has no formal grammar, so the reader is lenient where real files
//! vary: a BOM, CRLF or CR line ends, missing cue numbers, any number of
//! blank lines (a line of spaces counts as blank), `.` instead of `,` before
//! the milliseconds, hours left out, coordinates after the end time. A line
//! that is neither a timing, nor a number followed by a timing, is text of
//! the cue before it, even after a blank line, so no words are lost.
//!
//! Where a file is broken, the reader goes on like a video player and says
//! so: each problem is a [`Warning`] with its 1-based line (`--strict`
//! makes them errors).
//! - A timing line that cannot be read (a line with `-->` that is not a
//!   timing, `00:00:03 000`, a mistyped `->` after a time) drops its cue:
//!   the warning quotes the text not read, and the next cue is read.
//! - A cue that ends before it starts is kept, ending where it starts.
//! - Text before the first cue (a credit, a title) is not read.
//!
//! A file without one timing line is not SRT: that is an error, as is a
//! file none of whose timing lines can be read (its first bad timing).
//!
//! Speaker labels:
//! - A label is a name and a `:` followed by whitespace or the end of the
//!   line; what a name looks like is the rule plain text uses too (the
//!   `label` module): `Grace Shao`, `DR. JONES`, `Speaker 2`, `SPEAKER_00`,
//!   never `Note` or `So`.
//! - It counts at the start of the cue's first line, with or without a
//!   dialogue dash (`- Ana: Hi`) or broadcast captions' `>>`, and at the
//!   start of a later line after one of those, or when the first line is
//!   labelled too (`ANA: Hi` then `BO: Hello`). A labelled later line
//!   starts a new cue (same times and `line`), so each speaker keeps their
//!   own words.
//! - The label and its dash leave the text; a dash with no label stays.
//!   A `>>` with no label leaves the text too (it is a marker, never
//!   speech) and starts a cue of its own, its speaker unknown.
//! - whisper.cpp's diarization (`--diarize`) opens a cue with `(speaker
//!   0)`: that is `Speaker 0`; its `(speaker ?)` is nobody, and ends the
//!   turn.
//! - A cue without a label continues the speaker last named (captions name
//!   a speaker where their turn starts), unless it opens with a dialogue
//!   dash (other voices: the turn ends there).
//!
//! Whisper's `--highlight_words` cues (the same text once per word, that
//! word underlined) are read as one cue over their whole time.
//!
//! Auto-captions converted from WebVTT (`yt-dlp --convert-subs srt`) roll
//! as they did there: when most cues open with the previous cue's last
//! lines, the repeated lines are dropped, so every word is read once.
//!
//! Always holds: every word of every read cue's text reaches a cue, in
//! order, except labels used as speakers and rolled-over or highlighted
//! repeats; every line not read is covered by
//! a warning at or before it; warnings are in line order; `start <= end`;
//! no input panics; time is linear in the input.

use super::clock::{self, parse_clock};
use super::{collapse_whitespace, label, shorten, Cue, ErrorKind, ParseError, Parsed, Warning};
use crate::transcript::Millis;

/// Reads an SRT file into cues, with a warning for each cue or piece of
/// text it could not read (see the module doc).
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Every line end becomes exactly one LF, so line numbers still count the
    // file's own lines.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let kinds = classify(&lines);
    let Some(first_timing) = kinds.iter().position(|&k| k == Kind::Timing) else {
        // Not one timing line: this is not SRT, and nothing can be read.
        return match kinds.iter().position(|&k| k != Kind::Blank) {
            Some(first) => Err(text_before_first_cue(&lines, first)),
            None => Ok(Parsed::default()),
        };
    };

    let mut cues = Vec::new();
    let mut warnings = Vec::new();
    let preamble: Vec<usize> = (0..first_timing).filter(|&i| kinds[i] == Kind::Text).collect();
    if let Some(&first) = preamble.first() {
        let mut warning = text_before_first_cue(&lines, first);
        warning.message.push_str("; text before the first cue is not read");
        if preamble.len() > 1 {
            let text: Vec<&str> = preamble.iter().map(|&i| lines[i]).collect();
            warning.message.push_str(&format!(": `{}`", shorten(&collapse_whitespace(&text.join(" ")))));
        }
        warnings.push(warning);
    }

    let mut readable = false;
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut number_line = None;
    for (i, &line) in lines.iter().enumerate() {
        match kinds[i] {
            Kind::Blank => {}
            Kind::Number => number_line = Some(i + 1),
            Kind::Timing => {
                blocks.extend(current.take());
                let cue_line = number_line.take().unwrap_or(i + 1);
                current = Some(match read_timing(line, i + 1, &mut warnings) {
                    Ok((start, end)) => {
                        readable = true;
                        Block::Cue(RawCue { line: cue_line, start, end, text: Vec::new() })
                    }
                    Err(warning) => Block::Dropped { warning, text: Vec::new() },
                });
            }
            Kind::Text => match &mut current {
                Some(Block::Cue(RawCue { text, .. }) | Block::Dropped { text, .. }) => text.push(line),
                None => {} // before the first timing: reported above
            },
        }
    }
    blocks.extend(current);
    let mut blocks = merge_highlight_repeats(blocks);
    drop_rolled_lines(&mut blocks);
    for block in blocks {
        block.finish(&mut cues, &mut warnings);
    }
    // Dropped cues' warnings come after the loop's: in line order again
    // (stable: one line's warnings keep their order).
    warnings.sort_by_key(|w| w.line);
    if !readable {
        // Timing lines, none of them readable: the file is not read as SRT,
        // and the first of them says why better than "no words" would.
        if let Some(first) = warnings.iter().position(|w| w.kind == ErrorKind::Timing) {
            return Err(warnings.swap_remove(first));
        }
    }
    Ok(Parsed { cues: label::continue_speakers(cues), warnings, ..Parsed::default() })
}

/// Cues that only repeat the one before with another word underlined (see
/// [`super::merge_highlight_repeats`]) extend it instead.
fn merge_highlight_repeats(blocks: Vec<Block<'_>>) -> Vec<Block<'_>> {
    super::merge_highlight_repeats(
        blocks,
        |block| match block {
            Block::Cue(cue) => {
                let text: Vec<String> = cue.text.iter().map(|line| strip_markup(line)).collect();
                (collapse_whitespace(&text.join(" ")), cue.text.iter().any(|line| line.contains("<u>")))
            }
            Block::Dropped { .. } => (String::new(), false),
        },
        |last, block| match (last, block) {
            (Block::Cue(last), Block::Cue(cue)) => {
                last.end = last.end.max(cue.end);
                true
            }
            _ => false,
        },
    )
}

/// Auto-captions converted to SRT roll as the WebVTT they came from (see
/// [`super::rolled_lines`]): drops each cue's lines that repeat the cue
/// before it.
fn drop_rolled_lines(blocks: &mut [Block<'_>]) {
    let visible: Vec<Vec<(usize, String)>> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Cue(cue) => Some(
                cue.text
                    .iter()
                    .enumerate()
                    .map(|(i, line)| (i, collapse_whitespace(&strip_markup(line))))
                    .filter(|(_, text)| !text.is_empty())
                    .collect(),
            ),
            Block::Dropped { .. } => None,
        })
        .collect();
    let texts: Vec<Vec<&str>> = visible.iter().map(|lines| lines.iter().map(|(_, t)| t.as_str()).collect()).collect();
    let Some(rolled) = super::rolled_lines(&texts) else { return };
    let cues = blocks.iter_mut().filter_map(|block| match block {
        Block::Cue(cue) => Some(cue),
        Block::Dropped { .. } => None,
    });
    for ((cue, lines), k) in cues.zip(&visible).zip(rolled) {
        if k > 0 {
            let last_repeat = lines[k - 1].0;
            cue.text.drain(..=last_repeat);
        }
    }
}

/// What a line is, before cues are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Empty or only whitespace.
    Blank,
    /// Meant as a timing (readable or not).
    Timing,
    /// Only digits, and the next non-blank line is a timing: a cue number.
    Number,
    /// Anything else: cue text.
    Text,
}

/// Classifies every line, each looked at a fixed number of times (the
/// "next non-blank line is a timing" of a cue number is carried backwards
/// instead of searched for).
fn classify(lines: &[&str]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|line| match line.trim() {
            "" => Kind::Blank,
            _ if is_timing(line) => Kind::Timing,
            _ => Kind::Text,
        })
        .collect();
    let mut timing_next = false;
    for (kind, line) in kinds.iter_mut().zip(lines).rev() {
        match *kind {
            Kind::Blank => continue,
            Kind::Text if timing_next && line.trim().bytes().all(|b| b.is_ascii_digit()) => *kind = Kind::Number,
            _ => {}
        }
        timing_next = *kind == Kind::Timing;
    }
    kinds
}

/// The cue being read: its times were read, or its timing line could not
/// be and its text is gathered only to be quoted in the warning.
enum Block<'a> {
    Cue(RawCue<'a>),
    Dropped { warning: Warning, text: Vec<&'a str> },
}

impl Block<'_> {
    /// Adds the block's cues, or its warning, quoting the text not read.
    fn finish(self, cues: &mut Vec<(Vec<Cue>, label::Turn)>, warnings: &mut Vec<Warning>) {
        match self {
            Block::Cue(raw) => {
                // A cue of dialogue dashes holds other voices than the
                // turn's; whisper.cpp's `(speaker ?)` names nobody.
                let first = raw.text.first().map(|line| strip_markup(line)).unwrap_or_default();
                let other_voices = first.trim_start().starts_with(['-', '>'])
                    || label::split_diarized(&first).is_some_and(|(speaker, _)| speaker.is_none());
                let cues_of_block = raw.into_cues();
                let turn = if cues_of_block.iter().any(|c| c.speaker.is_some()) {
                    label::Turn::Named
                } else if other_voices {
                    label::Turn::Ends
                } else {
                    label::Turn::Continues
                };
                cues.push((cues_of_block, turn));
            }
            Block::Dropped { mut warning, text } => {
                let text = collapse_whitespace(&text.join(" "));
                if !text.is_empty() {
                    warning.message.push_str(&format!("; its text is not read: `{}`", shorten(&text)));
                }
                warnings.push(warning);
            }
        }
    }
}

/// The error for a line that comes before any cue timing.
fn text_before_first_cue(lines: &[&str], i: usize) -> ParseError {
    let line = lines[i].trim();
    if line.bytes().all(|b| b.is_ascii_digit()) {
        // A cue number whose timing line is missing or garbled.
        let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
        let (at, found) = match next {
            Some(j) => (j + 1, format!("`{}`", shorten(lines[j].trim()))),
            None => (i + 1, "the end of the file".to_string()),
        };
        return ParseError::new(
            at,
            format!("expected a cue timing like `{EXAMPLE}` after cue number {line}, found {found}"),
        );
    }
    ParseError::new(i + 1, format!("expected a cue number or a cue timing like `{EXAMPLE}`, found `{}`", shorten(line)))
}

/// A timing line as SRT writes it, for messages.
const EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

/// Whether a line is meant as a timing: it has the arrow, or it starts
/// with a time and has a mistyped arrow (`00:00:01,000 -> …`), which is
/// better reported than read as text.
fn is_timing(line: &str) -> bool {
    if line.contains("-->") {
        return true;
    }
    let first = line.trim_start().split(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))).next();
    line.contains("->") && first.and_then(read_time).is_some()
}

/// Reads `start --> end [coordinates]`. A timing that cannot be read is
/// the warning that drops its cue; one that ends before it starts is kept,
/// ending at its start, with a warning.
fn read_timing(line: &str, line_no: usize, warnings: &mut Vec<Warning>) -> Result<(Millis, Millis), Warning> {
    let times = || {
        let (start, rest) = line.split_once("-->")?;
        let end = rest.split_whitespace().next()?;
        Some((read_time(start)?, read_time(end)?))
    };
    let Some((start, end)) = times() else {
        let hint = if !line.contains("-->") {
            "the arrow is `-->`"
        } else if line.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            "times are `hh:mm:ss,mmm`"
        } else {
            "a line containing `-->` must be a cue timing"
        };
        return Err(ParseError::of(
            ErrorKind::Timing,
            line_no,
            format!("cue dropped: expected a cue timing like `{EXAMPLE}`, found `{}` ({hint})", shorten(line.trim())),
        ));
    };
    if end < start {
        warnings.push(ParseError::of(
            ErrorKind::TimeOrder,
            line_no,
            format!(
                "the cue ends at {} before it starts at {}; read as ending where it starts",
                clock::format_precise(end, ','),
                clock::format_precise(start, ',')
            ),
        ));
        return Ok((start, start));
    }
    Ok((start, end))
}

/// `hh:mm:ss,mmm`, also with `.` or without hours or milliseconds; a bare
/// number of seconds is not a time here.
fn read_time(text: &str) -> Option<Millis> {
    let text = text.trim();
    if !text.contains(':') {
        return None;
    }
    parse_clock(text)
}

/// A cue as the file gives it, before its text is read.
struct RawCue<'a> {
    /// 1-based line of the cue number (or of the timing, without a number).
    line: usize,
    start: Millis,
    end: Millis,
    text: Vec<&'a str>,
}

impl RawCue<'_> {
    /// Strips markup and splits the text where a labelled line starts a new
    /// speaker; cues left without words are dropped.
    fn into_cues(self) -> Vec<Cue> {
        let mut runs: Vec<(Option<String>, String)> = Vec::new();
        // Whether the first line is labelled: later lines may then be too.
        let mut labelled = false;
        for (i, line) in self.text.iter().enumerate() {
            let line = strip_markup(line);
            if i == 0 {
                if let Some((speaker, rest)) = label::split_diarized(&line) {
                    runs.push((speaker, rest.to_string()));
                    continue;
                }
            }
            match speaker_label(&line, i == 0 || labelled) {
                Some((name, rest)) => {
                    labelled |= i == 0;
                    runs.push((Some(name.to_string()), rest.to_string()));
                }
                // Broadcast captions' `>>` alone: a new voice, not named.
                None => match (label::after_turn_marker(&line), runs.last_mut()) {
                    (Some(rest), _) => runs.push((None, rest.to_string())),
                    (None, Some((_, text))) => {
                        text.push('\n');
                        text.push_str(&line);
                    }
                    (None, None) => runs.push((None, line)),
                },
            }
        }
        runs.into_iter()
            .map(|(speaker, text)| (speaker, collapse_whitespace(&text)))
            .filter(|(_, text)| !text.is_empty())
            .map(|(speaker, text)| Cue {
                start: Some(self.start),
                end: Some(self.end),
                speaker,
                text,
                words: Vec::new(),
                line: self.line,
            })
            .collect()
    }
}

/// Removes SRT formatting tags and `{\…}` override codes; any other `<` or
/// `{` is text and stays. Then decodes HTML character references (`&amp;`,
/// `&#39;`), as files converted from web captions carry them, the way
/// WebVTT does. Linear in the line: where a tag's `>` or a code's `}` is
/// comes from [`NextByte`], not from a search at every `<`.
fn strip_markup(line: &str) -> String {
    let bytes = line.as_bytes();
    let (mut tag_end, mut code_end) = (NextByte::new(bytes, b'>'), NextByte::new(bytes, b'}'));
    let mut out = String::with_capacity(line.len());
    // `line[..copied]` is in `out` or was markup; the search goes on from `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(found) = line[from..].find(['<', '{']) {
        let at = from + found;
        let end = if bytes[at] == b'<' {
            tag_end.at_or_after(at + 1).filter(|&end| is_format_tag(&line[at + 1..end]))
        } else if bytes.get(at + 1) == Some(&b'\\') {
            code_end.at_or_after(at + 2)
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push_str(&line[copied..at]);
                // WebVTT's voice (`<v Ana Lee>`, in files converted from it)
                // becomes the label SRT writes (`Ana Lee: `).
                if let Some(name) = voice_name(&line[at + 1..end]) {
                    out.push_str(name);
                    out.push_str(": ");
                }
                (copied, from) = (end + 1, end + 1);
            }
            None => from = at + 1,
        }
    }
    out.push_str(&line[copied..]);
    if out.contains('&') {
        super::vtt::decode_references(&out)
    } else {
        out
    }
}

/// The name in a WebVTT voice tag's inside (`v Ana Lee`, `v.loud Ana`).
fn voice_name(body: &str) -> Option<&str> {
    let rest = body.strip_prefix('v')?;
    let name = match rest.strip_prefix('.') {
        Some(classes) => classes.split_once(char::is_whitespace)?.1,
        None if rest.starts_with(char::is_whitespace) => rest,
        None => return None,
    };
    let name = name.trim();
    (!name.is_empty()).then_some(name)
}

/// Where the next `byte` is at or after a point that only moves forward:
/// each question starts where the last search stopped, so all of them
/// together read each byte of the haystack once.
struct NextByte<'a> {
    haystack: &'a [u8],
    byte: u8,
    /// The last answer (`None`: none after `searched_to`).
    found: Option<usize>,
    /// Bytes before this were searched.
    searched_to: usize,
}

impl<'a> NextByte<'a> {
    fn new(haystack: &'a [u8], byte: u8) -> NextByte<'a> {
        NextByte { haystack, byte, found: None, searched_to: 0 }
    }

    /// The first position `>= from` holding the byte. `from` must not
    /// decrease from one question to the next.
    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        if let Some(at) = self.found.filter(|&at| at >= from) {
            return Some(at);
        }
        let start = from.max(self.searched_to).min(self.haystack.len());
        self.found = self.haystack[start..].iter().position(|&b| b == self.byte).map(|i| start + i);
        self.searched_to = self.found.map_or(self.haystack.len(), |at| at + 1);
        self.found
    }
}

/// Whether the inside of `<…>` is one of SRT's formatting tags.
fn is_format_tag(body: &str) -> bool {
    let body = body.strip_prefix('/').unwrap_or(body);
    let name_len = body.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (name, rest) = body.split_at(name_len);
    ["i", "b", "u", "s", "font", "v"].iter().any(|tag| name.eq_ignore_ascii_case(tag))
        && (rest.is_empty()
            || rest.starts_with(char::is_whitespace)
            || (name.eq_ignore_ascii_case("v") && rest.starts_with('.')))
}

/// A speaker label at the start of `line` where SRT allows one (see the
/// module doc): the name and the text after the `:`.
fn speaker_label(line: &str, first_line: bool) -> Option<(&str, &str)> {
    let line = line.trim_start();
    // A dialogue dash, or broadcast captions' `>>` (a new speaker).
    let (dashed, line) = match line.strip_prefix('-').or_else(|| line.strip_prefix(">>")) {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    if !(first_line || dashed) {
        return None;
    }
    label::split_label(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<Cue> {
        parse(text).unwrap_or_else(|e| panic!("{e}")).cues
    }

    fn texts(text: &str) -> Vec<String> {
        cues(text).into_iter().map(|c| c.text).collect()
    }

    fn speakers(text: &str) -> Vec<(Option<String>, String)> {
        cues(text).into_iter().map(|c| (c.speaker, c.text)).collect()
    }

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("expected an error")
    }

    /// The texts of the cues read, and the one warning (line, kind,
    /// message).
    fn warned(text: &str) -> (Vec<String>, (usize, ErrorKind, String)) {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let [w] = &parsed.warnings[..] else { panic!("expected one warning, got {:?}", parsed.warnings) };
        (parsed.cues.into_iter().map(|c| c.text).collect(), (w.line, w.kind, w.message.clone()))
    }

    /// One cue with `text` as its text.
    fn one(text: &str) -> String {
        format!("1\n00:00:01,000 --> 00:00:02,000\n{text}\n")
    }

    #[test]
    fn reads_numbered_cues() {
        let c = cues("1\n00:00:01,000 --> 00:00:04,500\nHello there.\n\n2\n00:01:02,003 --> 01:00:00,000\nBye.\n");
        let got: Vec<_> = c.iter().map(|c| (c.start, c.end, c.text.as_str(), c.line)).collect();
        assert_eq!(got, [(Some(1000), Some(4500), "Hello there.", 1), (Some(62_003), Some(3_600_000), "Bye.", 5)]);
    }

    #[test]
    fn multi_line_text_is_joined() {
        assert_eq!(texts(&one("Hello,\n  world")), ["Hello, world"]);
    }

    #[test]
    fn the_cue_number_is_optional() {
        let c = cues("00:00:01,000 --> 00:00:02,000\nhi\n\n00:00:02,000 --> 00:00:03,000\nthere");
        assert_eq!(c.iter().map(|c| (c.text.as_str(), c.line)).collect::<Vec<_>>(), [("hi", 1), ("there", 4)]);
    }

    #[test]
    fn a_dot_before_the_milliseconds_is_accepted() {
        assert_eq!(cues("1\n00:00:01.250 --> 00:00:02.5\nhi")[0].start, Some(1250));
    }

    #[test]
    fn coordinates_after_the_end_time_are_ignored() {
        let c = cues("1\n00:00:01,000 --> 00:00:02,000  X1:100 X2:600 Y1:50 Y2:90\nhi");
        assert_eq!((c[0].end, c[0].text.as_str()), (Some(2000), "hi"));
    }

    #[test]
    fn bom_crlf_and_stray_blank_lines_are_tolerated() {
        let text = "\u{feff}\r\n\r\n1\r\n00:00:01,000 --> 00:00:02,000\r\nhi\r\n\r\n   \r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nthere\r\n\r\n";
        let c = cues(text);
        assert_eq!(c.iter().map(|c| (c.text.as_str(), c.line)).collect::<Vec<_>>(), [("hi", 3), ("there", 9)]);
    }

    #[test]
    fn cr_only_line_ends_are_tolerated() {
        assert_eq!(texts("1\r00:00:01,000 --> 00:00:02,000\rhi\rthere\r"), ["hi there"]);
    }

    #[test]
    fn text_after_a_stray_blank_line_stays_with_its_cue() {
        assert_eq!(texts(&one("Hello\n\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\nnext")), ["Hello world", "next"]);
    }

    #[test]
    fn a_number_without_a_timing_after_it_is_text() {
        assert_eq!(texts(&one("We counted to\n3\n")), ["We counted to 3"]);
    }

    #[test]
    fn a_non_numeric_line_before_a_timing_is_text_of_the_cue_before() {
        assert_eq!(texts(&one("hi\n\nintro\n00:00:03,000 --> 00:00:04,000\nnext")), ["hi intro", "next"]);
    }

    #[test]
    fn text_before_the_first_cue_is_dropped_with_a_warning() {
        let (texts, (line, kind, message)) = warned("Subtitles by X\n\n1\n00:00:01,000 --> 00:00:02,000\nhi");
        assert_eq!(texts, ["hi"]);
        assert_eq!((line, kind), (1, ErrorKind::Syntax));
        assert_eq!(
            message,
            "expected a cue number or a cue timing like `00:00:01,000 --> 00:00:04,000`, found `Subtitles by X`; \
             text before the first cue is not read"
        );
        let (texts, (line, _, message)) = warned("Title\nBy X\n\nSynced\n00:00:01,000 --> 00:00:02,000\nhi");
        assert_eq!((texts, line), (vec!["hi".to_string()], 1));
        assert!(message.ends_with("text before the first cue is not read: `Title By X Synced`"), "{message}");
    }

    #[test]
    fn text_without_any_timing_is_an_error() {
        let e = error("Subtitles by X\nHello there.\n");
        assert_eq!((e.line, e.kind), (1, ErrorKind::Syntax));
        assert_eq!(
            e.message,
            "expected a cue number or a cue timing like `00:00:01,000 --> 00:00:04,000`, found `Subtitles by X`"
        );
    }

    #[test]
    fn a_first_number_without_its_timing_is_an_error_at_the_next_line() {
        let e = error("1\nHello\n");
        assert_eq!(e.line, 2);
        assert_eq!(
            e.message,
            "expected a cue timing like `00:00:01,000 --> 00:00:04,000` after cue number 1, found `Hello`"
        );
        let e = error("\n7\n");
        assert_eq!(e.line, 2);
        assert!(e.message.ends_with("after cue number 7, found the end of the file"), "{}", e.message);
    }

    #[test]
    fn a_bad_timing_drops_its_cue_with_a_warning_at_its_line() {
        for bad in [
            "00:00:01,000 --> soon",
            "00:00:01;000 --> 00:00:02,000",
            "1 --> 2",
            "00:00:61,000 --> 00:01:02,000",
            "-->",
            "5124095576030:00:00,000 --> 5124095576031:00:00,000",
            "00:00:01,000 --> 99999999999999999999:00:00,000",
        ] {
            let text = format!(
                "1\n00:00:00,000 --> 00:00:01,000\nhi\n\n2\n{bad}\nthere\n\n3\n00:00:03,000 --> 00:00:04,000\nend"
            );
            let (texts, (line, kind, message)) = warned(&text);
            assert_eq!(texts, ["hi", "end"], "{bad}");
            assert_eq!((line, kind), (6, ErrorKind::Timing), "{bad}");
            assert!(
                message.starts_with("cue dropped: expected a cue timing like `00:00:01,000 --> 00:00:04,000`, found `"),
                "{message}"
            );
            assert!(message.ends_with("; its text is not read: `there`"), "{message}");
        }
    }

    #[test]
    fn a_timing_with_a_short_arrow_drops_its_cue() {
        let (texts, (line, kind, message)) = warned(&one("hi\n\n2\n00:00:02,000 -> 00:00:03,000\nthere"));
        assert_eq!((texts, line, kind), (vec!["hi".to_string()], 6, ErrorKind::Timing));
        assert!(message.ends_with("(the arrow is `-->`); its text is not read: `there`"), "{message}");
    }

    #[test]
    fn a_file_whose_every_timing_is_unreadable_is_an_error() {
        let e = error("1\n00:00:01 000 --> 00:00:02,000\nhi\n\n2\n00:00:02,000 -> 00:00:03,000\nthere");
        assert_eq!((e.line, e.kind), (2, ErrorKind::Timing));
        assert!(e.message.contains("(times are `hh:mm:ss,mmm`); its text is not read: `hi`"), "{}", e.message);
    }

    #[test]
    fn a_short_arrow_in_text_is_text() {
        assert_eq!(texts(&one("left -> right")), ["left -> right"]);
    }

    #[test]
    fn an_arrow_in_text_drops_the_rest_of_the_cue() {
        let (texts, (line, kind, message)) = warned(&one("hi\nthis --> that\nmore"));
        assert_eq!((texts, line, kind), (vec!["hi".to_string()], 4, ErrorKind::Timing));
        assert!(message.contains("must be a cue timing); its text is not read: `more`"), "{message}");
    }

    #[test]
    fn a_cue_ending_before_it_starts_ends_at_its_start_with_a_warning() {
        let parsed = parse("1\n00:00:05,000 --> 00:00:04,000\nhi\n\n2\n00:00:06,000 --> 00:00:07,000\nthere").unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.start, c.end, c.text.as_str())).collect();
        assert_eq!(got, [(Some(5000), Some(5000), "hi"), (Some(6000), Some(7000), "there")]);
        let [w] = &parsed.warnings[..] else { panic!("{:?}", parsed.warnings) };
        assert_eq!((w.line, w.kind), (2, ErrorKind::TimeOrder));
        assert_eq!(
            w.message,
            "the cue ends at 00:00:04,000 before it starts at 00:00:05,000; read as ending where it starts"
        );
    }

    #[test]
    fn empty_cues_are_dropped() {
        assert_eq!(texts("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n<i></i>\n\n3\n00:00:03,000 --> 00:00:04,000\nhi"), ["hi"]);
    }

    #[test]
    fn formatting_tags_are_stripped() {
        assert_eq!(
            texts(&one("<i>one</i> <B>two</B> <u>three</u> <s>four</s> <font color=\"#ff0000\" face=x>five</font>")),
            ["one two three four five"]
        );
    }

    #[test]
    fn html_character_references_are_decoded() {
        let got = texts(&one("Q&amp;A: it&#39;s &lt;i&gt; &quot;fine&quot; &#x2014; AT&T"));
        assert_eq!(got, ["Q&A: it's <i> \"fine\" \u{2014} AT&T"]);
    }

    #[test]
    fn other_angle_brackets_are_text() {
        assert_eq!(texts(&one("a < b > c <3 <intro>")), ["a < b > c <3 <intro>"]);
    }

    #[test]
    fn override_codes_are_stripped() {
        assert_eq!(texts(&one("{\\an8}Top {\\i1}line{\\i0} {not a code}")), ["Top line {not a code}"]);
    }

    #[test]
    fn unclosed_markup_is_text() {
        assert_eq!(texts(&one("<b>d</b> e < <i a {\\b c")), ["d e < <i a {\\b c"]);
        // A tag may have attributes, so an unclosed `<i` runs to the next `>`.
        assert_eq!(texts(&one("a <i b <u>c")), ["a c"]);
        assert_eq!(texts(&one("{\\an8}a {\\b {\\c}d")), ["a d"]);
    }

    #[test]
    fn a_webvtt_voice_in_srt_is_its_speaker() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n<v John>Hi there.</v>\n\n\
                   2\n00:00:02,000 --> 00:00:03,000\n<v.loud Mary Ann>No way!\n";
        assert_eq!(
            speakers(srt),
            [
                (Some("John".to_string()), "Hi there.".to_string()),
                (Some("Mary Ann".to_string()), "No way!".to_string())
            ]
        );
    }

    #[test]
    fn whispers_highlighted_words_are_read_once_over_their_whole_time() {
        let srt = "1\n00:00:00,000 --> 00:00:00,500\n<u>Welcome</u> back.\n\n\
                   2\n00:00:00,500 --> 00:00:01,000\nWelcome <u>back.</u>\n\n\
                   3\n00:00:01,000 --> 00:00:02,000\n<u>Hi.</u>\n";
        let got: Vec<_> = cues(srt).iter().map(|c| (c.start, c.end, c.text.clone())).collect();
        assert_eq!(
            got,
            [(Some(0), Some(1000), "Welcome back.".to_string()), (Some(1000), Some(2000), "Hi.".to_string())]
        );
    }

    #[test]
    fn auto_captions_converted_from_webvtt_give_every_line_once() {
        // `yt-dlp --convert-subs srt`: each line is shown, held for 10 ms,
        // then rolled up above the next.
        let lines = ["one two", "three four", "five six", "seven eight", "nine ten"];
        let mut srt = String::new();
        let mut n = 0;
        for (i, line) in lines.iter().enumerate() {
            let before = if i > 0 { format!("{}\n", lines[i - 1]) } else { String::new() };
            let t = i as u32 * 2;
            n += 1;
            srt.push_str(&format!("{n}\n00:00:0{t},000 --> 00:00:0{},990\n{before}{line}\n\n", t + 1));
            n += 1;
            srt.push_str(&format!("{n}\n00:00:0{},990 --> 00:00:0{},000\n{line}\n\n", t + 1, t + 2));
        }
        assert_eq!(texts(&srt), lines);
        // Ordinary subtitles that repeat a line now and then keep it.
        let plain = "1\n00:00:01,000 --> 00:00:02,000\nNo.\n\n2\n00:00:02,000 --> 00:00:03,000\nNo.\n\n\
                     3\n00:00:03,000 --> 00:00:04,000\nYes.\n\n4\n00:00:04,000 --> 00:00:05,000\nMaybe.\n";
        assert_eq!(texts(plain), ["No.", "No.", "Yes.", "Maybe."]);
    }

    #[test]
    fn cards_after_a_label_continue_its_turn_as_podcasting_2_0_writes_them() {
        // The Podcasting 2.0 transcript spec's SRT: a name where the speaker changes.
        let srt = "1\n00:00:00,000 --> 00:00:02,760\nSarah: In today's episode,\nyou'll learn whether\n\n\
                   2\n00:00:02,760 --> 00:00:06,090\nshould have a podcast trailer.\n\n\
                   3\n00:00:19,080 --> 00:00:21,450\nGillian: Hi Buzzsprout, Gillian\n\n\
                   4\n00:00:21,450 --> 00:00:23,000\nhere from breaking through\n\n\
                   5\n00:00:23,000 --> 00:00:25,000\n- Who? - Me.\n\n\
                   6\n00:00:25,000 --> 00:00:27,000\nAfter the dashes, nobody named.\n";
        let got: Vec<Option<String>> = speakers(srt).into_iter().map(|(s, _)| s).collect();
        let want = [Some("Sarah"), Some("Sarah"), Some("Gillian"), Some("Gillian"), None, None];
        assert_eq!(got, want.map(|s| s.map(str::to_string)));
        // Broadcast captions: `>>` before a new speaker, named or not.
        let srt = "1\n00:00:00,000 --> 00:00:02,000\n>> ALEX: Welcome back.\n\n\
                   2\n00:00:02,000 --> 00:00:03,000\nStill Alex.\n\n\
                   3\n00:00:03,000 --> 00:00:04,000\n>> Thanks.\n";
        let got = speakers(srt);
        let want = [(Some("ALEX"), "Welcome back."), (Some("ALEX"), "Still Alex."), (None, "Thanks.")];
        assert_eq!(got, want.map(|(s, t)| (s.map(str::to_string), t.to_string())));
        // Two unnamed voices in one card: the markers leave the text.
        let srt = "1\n00:00:03,000 --> 00:00:05,000\n>> THANK YOU FOR HAVING ME.\n>> GLAD YOU'RE HERE.\n";
        let want = [(None, "THANK YOU FOR HAVING ME."), (None, "GLAD YOU'RE HERE.")];
        assert_eq!(speakers(srt), want.map(|(s, t)| (s, t.to_string())));
    }

    #[test]
    fn labelled_lines_in_one_card_are_each_their_speakers() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nALEX: Hello there,\nhow are you?\nGRACE: Fine, thanks.\n\n\
                   2\n00:00:04,000 --> 00:00:05,000\nAnd you?\n\n\
                   3\n00:00:05,000 --> 00:00:06,000\nThe capital is\nWashington: a city.\n";
        let got = speakers(srt);
        let want = [
            (Some("ALEX"), "Hello there, how are you?"),
            (Some("GRACE"), "Fine, thanks."),
            (Some("GRACE"), "And you?"),
            // Without a label on its first line, a later line's is text.
            (Some("GRACE"), "The capital is Washington: a city."),
        ];
        assert_eq!(got, want.map(|(s, t)| (s.map(str::to_string), t.to_string())));
    }

    #[test]
    fn whisper_cpps_diarized_speakers_are_read() {
        let srt = "1\n00:00:00,000 --> 00:00:02,500\n(speaker 0) Hello and welcome.\n\n\
                   2\n00:00:02,500 --> 00:00:05,000\n(speaker 1) Thanks for having me.\n\n\
                   3\n00:00:05,000 --> 00:00:07,000\n(speaker ?) Yeah.\n\n\
                   4\n00:00:07,000 --> 00:00:09,000\nNobody named.\n";
        let got = speakers(srt);
        let want = [
            (Some("Speaker 0"), "Hello and welcome."),
            (Some("Speaker 1"), "Thanks for having me."),
            (None, "Yeah."),
            (None, "Nobody named."),
        ];
        assert_eq!(got, want.map(|(s, t)| (s.map(str::to_string), t.to_string())));
    }

    #[test]
    fn whisperxs_bracketed_speakers_are_read() {
        let srt = "1\n00:00:00,031 --> 00:00:02,500\n[SPEAKER_00]: Hello, welcome to the show.\n\n\
                   2\n00:00:03,000 --> 00:00:05,000\n[SPEAKER_01]: Thanks for having me.\n";
        let want = [(Some("SPEAKER_00"), "Hello, welcome to the show."), (Some("SPEAKER_01"), "Thanks for having me.")];
        assert_eq!(speakers(srt), want.map(|(s, t)| (s.map(str::to_string), t.to_string())));
    }

    #[test]
    fn a_label_gives_the_speaker() {
        assert_eq!(speakers(&one("Grace Shao: Hello there.")), [(Some("Grace Shao".into()), "Hello there.".into())]);
    }

    #[test]
    fn a_label_may_be_alone_on_its_line() {
        assert_eq!(speakers(&one("ALEX:\nWelcome back.")), [(Some("ALEX".into()), "Welcome back.".into())]);
    }

    #[test]
    fn labels_may_be_titled_numbered_or_have_particles() {
        for name in
            ["DR. JONES", "Dr. Ana Lee", "J.R. Smith", "Speaker 2", "Ludwig van Beethoven", "O'Brien", "Jean-Luc", "Q"]
        {
            assert_eq!(speakers(&one(&format!("{name}: Yes.")))[0].0.as_deref(), Some(name), "{name}");
        }
    }

    #[test]
    fn generic_labels_are_speakers() {
        for name in ["SPEAKER_00", "SPEAKER_1", "Speaker 1", "Speaker A"] {
            assert_eq!(speakers(&one(&format!("{name}: Yes.")))[0].0.as_deref(), Some(name), "{name}");
        }
    }

    /// SRT used to take `Question:` for a speaker where plain text read it
    /// as prose; both now share one word list, and it is prose in both.
    #[test]
    fn question_and_answer_are_not_speakers() {
        for text in ["Question: what now?", "Answer: nothing."] {
            assert_eq!(speakers(&one(text)), [(None, text.to_string())], "{text}");
        }
    }

    #[test]
    fn a_label_inside_tags_is_found() {
        assert_eq!(speakers(&one("<b>Ana:</b> Yes.")), [(Some("Ana".into()), "Yes.".into())]);
    }

    #[test]
    fn sentences_and_times_are_not_labels() {
        for text in [
            "Note: this is important.",
            "So: what now?",
            "He said Note: nothing.",
            "Meet at 10:30 tomorrow.",
            "10:30 works.",
            "Hello. Bob: hi",
            "Ratio 3:1 wins",
            "Visit https://example.com",
            "Well, Bob: no.",
            "One Two Three Four Five: too long",
            "Grace:no space",
        ] {
            let got = speakers(&one(text));
            assert_eq!(got, [(None, text.to_string())], "{text}");
        }
    }

    #[test]
    fn a_dash_label_on_a_later_line_starts_a_new_speaker() {
        let got = speakers(&one("- Ana: Ready?\n- Bo: Yes.\nLet's go."));
        assert_eq!(got, [(Some("Ana".into()), "Ready?".into()), (Some("Bo".into()), "Yes. Let's go.".into())]);
        assert!(cues(&one("- Ana: Ready?\n- Bo: Yes.")).iter().all(|c| c.line == 1));
    }

    #[test]
    fn a_label_on_a_later_line_without_a_dash_counts_only_after_a_labelled_first_line() {
        assert_eq!(
            speakers(&one("Ana: I said\nBo: right")),
            [(Some("Ana".into()), "I said".into()), (Some("Bo".into()), "right".into())]
        );
        assert_eq!(speakers(&one("I said\nBo: right")), [(None, "I said Bo: right".into())]);
    }

    #[test]
    fn dashes_without_labels_stay() {
        assert_eq!(speakers(&one("- Ready?\n- Yes.")), [(None, "- Ready? - Yes.".into())]);
    }

    #[test]
    fn unlabelled_text_before_a_dash_label_keeps_no_speaker() {
        assert_eq!(speakers(&one("Ready?\n- Bo: Yes.")), [(None, "Ready?".into()), (Some("Bo".into()), "Yes.".into())]);
    }

    #[test]
    fn missing_hours_and_milliseconds_are_tolerated() {
        let c = cues("1\n01:02,500 --> 00:01:03\nhi");
        assert_eq!((c[0].start, c[0].end), (Some(62_500), Some(63_000)));
    }

    const SAMPLE: &str = "\u{feff}1\r\n00:00:01,000 --> 00:00:04,000\r\n{\\an8}<i>DR. Ünal:</i> Héllo 日本\r\n- Bo: <font color=red>Yes</font>\r\n\r\n\r\n\
                          2\r\n00:00:04.500 --> 00:00:06,000 X1:1\r\nNote: a < b\r\n\r\n00:01:00,000 --> 00:01:01,000\r\nbye\r\n";

    #[test]
    fn no_input_panics() {
        assert!(parse(SAMPLE).is_ok());
        for (i, _) in SAMPLE.char_indices() {
            let _ = parse(&SAMPLE[..i]);
            let _ = parse(&SAMPLE[i..]);
        }
        let alphabet: &[u8] = b"<>{}\\:-,.0159 \t\r\n\xff\xc3/iA";
        for text in crate::parse::fuzz::mangled(SAMPLE, alphabet, 0x2545_f491_4f6c_dd1d, 3000) {
            if let Ok(parsed) = parse(&text) {
                assert!(parsed.warnings.windows(2).all(|w| w[0].line <= w[1].line), "{text:?}");
                for cue in &parsed.cues {
                    assert!(cue.start <= cue.end, "{text:?}");
                    assert!(!cue.text.is_empty());
                }
            }
        }
        for garbage in ["", "-->", "1", "1\n-->", "<", "{\\", "\u{feff}", "a:"] {
            let _ = parse(garbage);
        }
    }
}
