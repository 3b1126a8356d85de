//! WebVTT in, cues out.
//!
//! In: the text of a WebVTT file (`WEBVTT` signature, optional BOM, LF, CRLF
//! or CR line ends). Out: [`Parsed`] with one [`Cue`] per caption cue, whose
//! text is what a browser shows for it: tags removed, character references
//! decoded, whitespace collapsed; `<v Name>` gives the speaker and inline
//! timestamps (`<00:01.500>`) give word times.
//!
//! Blocks, timestamps and cue text follow the W3C WebVTT parsing algorithm
//! (which Chromium's `<track>` implements), so what is kept and what is
//! dropped matches a browser on the same file: a block whose timing line
//! cannot be read (a stray `-->`, `00:00:60.000`, a NUL or a vertical tab in
//! the timing, one digit too many or too few) is dropped and the rest is
//! read; text outside any cue is ignored. Unlike the browser, we say so: each
//! dropped block is a [`Warning`] naming its line and what was wrong, so a
//! transcript never loses words without telling. Where we part from the
//! browser, we also warn:
//!
//! - Blank lines and spaces before `WEBVTT` are tolerated (the browser
//!   refuses the whole file).
//! - A cue that ends before it starts is kept (as in the browser) but ends
//!   where it starts, since a segment cannot end before it begins.
//!
//! And on purpose, without a warning: a cue in which several voices speak
//! (`<v A>Hi <v B>Hello`) becomes one cue per voice, with the same times and
//! `line`, so that no words are credited to the wrong speaker.
//!
//! Speakers: `<v Name>` (whisper.cpp's `<v Speaker0>` is `Speaker 0`, its
//! `<v Speaker?>` nobody); in a cue without one, a label opening its text
//! (`Ana Lee: Welcome`, as Zoom writes them, or `>> ANA: Welcome`, as
//! broadcast captions do; what a label is, is the `label` module's rule,
//! as in SRT). When its first line is labelled, each later line that opens
//! with a label starts a cue of its own, with the same times (`ANA: Hi`
//! then `BO: Hello`). A cue with neither continues the speaker the last
//! label named, as in SRT (captions name a speaker where their turn
//! starts), unless a voice, a dialogue dash or broadcast captions' `>>`
//! alone came between (a voice is the cue's own, in WebVTT: cues after it
//! without one have no speaker). `>>` with no name starts a turn, its
//! speaker unknown, and leaves the text.
//!
//! Whisper's `--highlight_words` cues (the same text once per word, that
//! word underlined) are read as one cue over their whole time.
//!
//! Auto-captions as video hosts publish them roll: each cue repeats the line
//! before it and adds one, with inline word timestamps
//! (`<00:00:01.234><c> word</c>`). When most cues open with the previous
//! cue's last lines, the repeated lines are dropped, so every spoken word is
//! read exactly once, with its time.
//!
//! Always holds: cue text has no tags; every piece of text in a kept cue's
//! payload (less rolled-over and highlighted repeats, and labels read as
//! speakers) reaches a cue, in order; every dropped piece of text has a
//! warning; `start <= end`; each word time's offset is the start of a word
//! of its cue's text, sorted; no input panics; time is linear in the input.

use super::label::{self, Turn};
use super::{collapse_whitespace, shorten, Cue, ErrorKind, Header, ParseError, Parsed, Warning};
use crate::clock::format_precise;
use crate::transcript::{Millis, WordTime};

/// Longest time accepted: 1000 hours (as in `clock`), well within `u32` ms.
const MAX_MS: u64 = 1000 * 3600 * 1000;

/// Reads a WebVTT file into cues.
///
/// Errors (with the 1-based line): no `WEBVTT` signature. Everything else a
/// browser survives is a warning in [`Parsed::warnings`].
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The spec's preprocessing. Every line end becomes exactly one LF, so line
    // numbers still count the file's own lines.
    let text = text.replace('\0', "\u{fffd}").replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();

    let Some(signature) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Err(ParseError::of(
            ErrorKind::NoWords,
            1,
            "the file is empty; a WebVTT file starts with a line `WEBVTT`",
        ));
    };
    let header = read_signature(lines[signature], signature + 1)?;
    let mut warnings = Vec::new();
    if signature > 0 || lines[signature].starts_with(char::is_whitespace) {
        warnings.push(ParseError::of(
            ErrorKind::WrongFormat,
            signature + 1,
            "`WEBVTT` must open the file's first line; read anyway, but a browser refuses this file",
        ));
    }

    let mut blocks = Blocks { lines: &lines, at: signature + 1, warnings: &mut warnings };
    // Lines right under the signature (no blank line between) are header
    // lines such as `Kind: captions`; they never hold cues.
    if blocks.lines.get(blocks.at).is_some_and(|l| !l.is_empty()) {
        blocks.collect(true);
    }
    let mut raw = Vec::new();
    loop {
        blocks.skip_empty_lines();
        if blocks.at >= blocks.lines.len() {
            break;
        }
        raw.extend(blocks.collect(false));
    }
    let mut raw = merge_highlight_repeats(raw);
    drop_rolled_lines(&mut raw);
    let cues = label::continue_speakers(
        raw.into_iter().flat_map(split_labelled_lines).map(|raw| label_without_voice(raw.into_cues())),
    );
    Ok(Parsed { header, cues, warnings })
}

/// A label at the start of a payload line, after a dialogue dash or
/// broadcast captions' `>>` if any.
fn line_label(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let line = line.strip_prefix(">>").or_else(|| line.strip_prefix('-')).unwrap_or(line);
    label::split_label(line)
}

/// A cue without voices whose first line opens with a label, and whose
/// later lines open with labels of their own (`ANA: Hi` then `BO:
/// Hello`), is one cue per labelled line, with the same times and `line`,
/// as voices split a cue. Cues with voices or word times are kept whole.
fn split_labelled_lines(raw: RawCue<'_>) -> Vec<RawCue<'_>> {
    // A voice tag or an inline timestamp (`<v Ana>`, `<00:01.000>`).
    let tagged = |l: &str| l.split('<').skip(1).any(|tag| tag.starts_with(|c: char| c == 'v' || c.is_ascii_digit()));
    let plain = !raw.payload.iter().any(|l| tagged(l));
    // A line that starts a voice's turn: a label, or broadcast captions' `>>`.
    let turn = |l: &str| line_label(l).is_some() || label::after_turn_marker(l).is_some();
    if !plain || raw.payload.len() < 2 || raw.payload.first().is_none_or(|l| !turn(l)) {
        return vec![raw];
    }
    let mut parts: Vec<RawCue<'_>> = Vec::new();
    for &line in &raw.payload {
        match parts.last_mut() {
            Some(part) if !turn(line) => part.payload.push(line),
            _ => parts.push(RawCue { line: raw.line, start: raw.start, end: raw.end, payload: vec![line] }),
        }
    }
    parts
}

/// A cue without a voice whose text opens with a speaker label (`Ana Lee:
/// Welcome`, as Zoom and many editors write WebVTT) is that speaker's, the
/// label out of its text: the rule SRT's first lines follow (the `label`
/// module). Cues with word times keep their text as it is.
fn label_without_voice(mut cues: Vec<Cue>) -> (Vec<Cue>, Turn) {
    if !cues.iter().all(|c| c.speaker.is_none() && c.words.is_empty()) {
        return (cues, Turn::Ends);
    }
    let mut turn = Turn::Continues;
    if let Some(first) = cues.first_mut() {
        // Broadcast captions mark a new speaker with `>>`.
        let text = first.text.trim_start();
        if let Some((name, rest)) = line_label(text) {
            let (name, rest) = (name.to_string(), rest.trim_start().to_string());
            first.speaker = Some(name);
            first.text = rest;
            turn = Turn::Named;
        } else if let Some(rest) = label::after_turn_marker(text) {
            // A new voice, not named: the marker is not speech.
            first.text = rest.to_string();
            turn = Turn::Ends;
        } else if text.starts_with('-') {
            // A dialogue dash: other voices.
            turn = Turn::Ends;
        }
    }
    cues.retain(|c| !c.text.is_empty());
    (cues, turn)
}

/// Checks the signature line; `WEBVTT - Title` gives the header's title.
fn read_signature(line: &str, line_no: usize) -> Result<Header, ParseError> {
    let line = line.trim_start();
    let wrong = |hint: &str| {
        ParseError::of(
            ErrorKind::WrongFormat,
            line_no,
            format!("expected the WebVTT signature `WEBVTT` on the first line, found `{}`{hint}", shorten(line)),
        )
    };
    let Some(rest) = line.strip_prefix("WEBVTT") else {
        let hint = if line.get(..6).is_some_and(|head| head.eq_ignore_ascii_case("webvtt")) {
            "; the signature is upper case"
        } else {
            "; is this really a WebVTT file?"
        };
        return Err(wrong(hint));
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return Err(wrong("; put a space after `WEBVTT`"));
    }
    let mut header = Header::default();
    // Only the `WEBVTT - Title` form names the episode: other header text
    // (`WEBVTT FILE`, `WEBVTT Kind: captions`) is not a title.
    if let Some(title) = rest.trim().strip_prefix('-') {
        header.title = collapse_whitespace(title);
    }
    Ok(header)
}

/// The file's lines, the parser's position in them, and the warnings so far.
struct Blocks<'a, 'w> {
    lines: &'a [&'a str],
    /// Index of the next line to read (0-based).
    at: usize,
    warnings: &'w mut Vec<Warning>,
}

/// A cue as the file gives it, before its payload is read.
struct RawCue<'a> {
    /// 1-based line where the cue's block starts (its identifier, if any).
    line: usize,
    start: Millis,
    end: Millis,
    /// The payload lines.
    payload: Vec<&'a str>,
}

impl<'a> Blocks<'a, '_> {
    fn skip_empty_lines(&mut self) {
        while self.lines.get(self.at).is_some_and(|l| l.is_empty()) {
            self.at += 1;
        }
    }

    /// The spec's "collect a WebVTT block": reads up to an empty line and
    /// returns the cue, if the block is one.
    ///
    /// A `-->` line is the block's timing when it is the block's first line,
    /// or its second after an identifier; anywhere else it ends the block
    /// and starts the next one. Only an exactly empty line ends a block (a
    /// line of spaces is payload), as in the browser. A timing that cannot
    /// be read drops the whole block. NOTE, STYLE and REGION blocks, and
    /// the header, have no `-->` line and give no cue.
    fn collect(&mut self, in_header: bool) -> Option<RawCue<'a>> {
        let first_line = self.at + 1;
        let mut line_count = 0;
        let mut seen_arrow = false;
        // Ok(times) once a timing is read; Err(warning) once one failed.
        let mut timing: Option<Result<(Millis, Millis), Warning>> = None;
        let mut payload = Vec::new();
        while let Some(&line) = self.lines.get(self.at) {
            line_count += 1;
            if line.contains("-->") {
                if in_header || !(line_count == 1 || (line_count == 2 && !seen_arrow)) {
                    break; // this line starts the next block
                }
                seen_arrow = true;
                timing = Some(read_timing(line, self.at + 1, self.warnings));
                payload.clear(); // what came before was the cue identifier
                self.at += 1;
                continue;
            }
            self.at += 1;
            if line.is_empty() {
                break;
            }
            payload.push(line);
        }
        match timing {
            Some(Ok((start, end))) => return Some(RawCue { line: first_line, start, end, payload }),
            Some(Err(mut warning)) => {
                let words: usize = payload.iter().map(|l| l.split_whitespace().count()).sum();
                if words > 0 {
                    let quote = shorten(&collapse_whitespace(&payload.join(" ")));
                    warning.message.push_str(&format!("; its text is not read: `{quote}`"));
                }
                self.warnings.push(warning);
            }
            None if in_header || is_comment_or_definition(payload.first().copied().unwrap_or("")) => {}
            None => self.warnings.push(ParseError::of(
                ErrorKind::Syntax,
                first_line,
                format!(
                    "text outside any cue is not read, as in a browser: `{}` \
                     (a blank line ends a cue; remove it, or give this text its own timing line)",
                    shorten(&collapse_whitespace(&payload.join(" ")))
                ),
            )),
        }
        None
    }
}

/// Whether a block's first line opens a NOTE, STYLE or REGION block (which
/// hold no cue text, so skipping them loses nothing).
fn is_comment_or_definition(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|keyword| line.strip_prefix(keyword).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])))
}

/// Cues that only repeat the one before with another word underlined (see
/// [`super::merge_highlight_repeats`]) extend it instead.
fn merge_highlight_repeats(raw: Vec<RawCue<'_>>) -> Vec<RawCue<'_>> {
    super::merge_highlight_repeats(
        raw,
        |cue| {
            let text: Vec<String> = cue.payload.iter().map(|line| visible_text(line)).collect();
            (collapse_whitespace(&text.join(" ")), cue.payload.iter().any(|line| line.contains("<u>")))
        },
        |last, cue| {
            last.end = last.end.max(cue.end);
            true
        },
    )
}

/// Auto-captions roll (see [`super::rolled_lines`]): drops each cue's lines
/// that repeat the cue before it.
fn drop_rolled_lines(cues: &mut [RawCue<'_>]) {
    // Each cue's visible lines, as (payload line index, text without tags).
    let visible: Vec<Vec<(usize, String)>> = cues
        .iter()
        .map(|cue| {
            cue.payload
                .iter()
                .enumerate()
                .map(|(i, line)| (i, visible_text(line)))
                .filter(|(_, text)| !text.is_empty())
                .collect()
        })
        .collect();
    let texts: Vec<Vec<&str>> = visible.iter().map(|lines| lines.iter().map(|(_, t)| t.as_str()).collect()).collect();
    let Some(rolled) = super::rolled_lines(&texts) else { return };
    for ((cue, lines), k) in cues.iter_mut().zip(&visible).zip(rolled) {
        if k > 0 {
            let last_repeat = lines[k - 1].0;
            cue.payload.drain(..=last_repeat);
        }
    }
}

/// A payload line as a reader sees it: tags removed, whitespace collapsed
/// (references left alone: only equality with another line matters).
fn visible_text(line: &str) -> String {
    let text: String = tokenize(line)
        .into_iter()
        .filter_map(|t| match t {
            Token::Text(text) => Some(text),
            _ => None,
        })
        .collect();
    collapse_whitespace(&text)
}

/// Reads `start --> end [settings]`; settings are ignored. A timing that
/// cannot be read is the warning that drops its cue; one that ends before
/// it starts is kept, ending at its start, with a warning.
fn read_timing(line: &str, line_no: usize, warnings: &mut Vec<Warning>) -> Result<(Millis, Millis), Warning> {
    let times = || {
        let (start, rest) = scan_timestamp(skip_space(line))?;
        let rest = skip_space(rest).strip_prefix("-->")?;
        let (end, _settings) = scan_timestamp(skip_space(rest))?;
        Some((start, end))
    };
    let Some((start, end)) = times() else {
        return Err(ParseError::of(
            ErrorKind::Timing,
            line_no,
            format!(
                "cue dropped, as a browser drops it: expected a cue timing like `00:01.000 --> 00:04.000`, found `{}`{}",
                shorten(line.trim()),
                timing_hint(line)
            ),
        ));
    };
    if end < start {
        warnings.push(ParseError::of(
            ErrorKind::TimeOrder,
            line_no,
            format!(
                "the cue ends at {} before it starts at {}; read as ending where it starts",
                format_precise(end, '.'),
                format_precise(start, '.')
            ),
        ));
        return Ok((start, start));
    }
    Ok((start, end))
}

/// What most likely went wrong in a timing line, for the error message.
fn timing_hint(line: &str) -> &'static str {
    let line = skip_space(line);
    if !line.starts_with(|c: char| c.is_ascii_digit()) {
        " (a line containing `-->` must be a cue timing; in cue text write the arrow as `--&gt;`)"
    } else if line.contains(',') {
        " (WebVTT puts a `.` before the milliseconds, not a `,`)"
    } else {
        " (times are `mm:ss.ttt` or `hh:mm:ss.ttt`: two-digit minutes and seconds, three-digit milliseconds)"
    }
}

/// The spec's "collect a WebVTT timestamp": `[h…h:]mm:ss.ttt` at the start
/// of `text`, and what follows it.
///
/// Hours may have any number of digits and are optional; a first field that
/// is not two digits or is above 59 can only be hours. Minutes and seconds
/// are two digits below 60; milliseconds exactly three digits.
fn scan_timestamp(text: &str) -> Option<(Millis, &str)> {
    let (first, first_len, rest) = scan_digits(text)?;
    let first_is_hours = first_len != 2 || first > 59;
    let (second, rest) = scan_two_digits(rest.strip_prefix(':')?)?;
    let (hours, minutes, seconds, rest) = if first_is_hours || rest.starts_with(':') {
        let (third, rest) = scan_two_digits(rest.strip_prefix(':')?)?;
        (first, second, third, rest)
    } else {
        (0, first, second, rest)
    };
    let (millis, millis_len, rest) = scan_digits(rest.strip_prefix('.')?)?;
    if millis_len != 3 || minutes > 59 || seconds > 59 {
        return None;
    }
    // Checked: hours may have any number of digits (`5124095576030`).
    let ms = hours.checked_mul(3_600_000)?.checked_add(minutes * 60_000 + seconds * 1000 + millis)?;
    (ms <= MAX_MS).then_some((ms as Millis, rest))
}

/// A run of ASCII digits: its value, its length, and the text after it.
fn scan_digits(text: &str) -> Option<(u64, usize, &str)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    // Too many digits for a u64 cannot be a time: reject rather than wrap.
    let value = text[..len].parse().ok()?;
    Some((value, len, &text[len..]))
}

fn scan_two_digits(text: &str) -> Option<(u64, &str)> {
    match scan_digits(text)? {
        (value, 2, rest) => Some((value, rest)),
        _ => None,
    }
}

/// Skips the spec's whitespace (space, tab, LF, FF, CR).
fn skip_space(text: &str) -> &str {
    text.trim_start_matches(is_vtt_space)
}

fn is_vtt_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

impl RawCue<'_> {
    /// Reads the payload (the spec's cue text parsing) into one cue per
    /// voice; an empty payload gives no cue.
    fn into_cues(self) -> Vec<Cue> {
        let payload = self.payload.join("\n");
        let tokens = tokenize(&payload);
        let inline_time = |value: &str| match scan_timestamp(value) {
            // Only a whole-tag timestamp counts (the spec), and only one
            // inside the cue is a plausible time for a word.
            Some((t, "")) if (self.start..=self.end).contains(&t) => Some(t),
            _ => None,
        };
        let mut runs = Runs::default();
        if tokens.iter().any(|t| matches!(t, Token::Timestamp(v) if inline_time(v).is_some())) {
            // With word times, the cue's start is its first word's time.
            runs.pending.push(self.start);
        }
        // Open elements, innermost last: (tag name, voice name for `v`).
        let mut open: Vec<(&str, Option<String>)> = Vec::new();
        // Where in `open` each open `v` is, innermost last: the speaker is
        // found without rescanning `open` (100,000 unclosed tags must not
        // cost 100,000 steps per word).
        let mut voices: Vec<usize> = Vec::new();
        for token in &tokens {
            // Closed voices leave from the end (positions only grow inward).
            while voices.last().is_some_and(|&at| at >= open.len()) {
                voices.pop();
            }
            match *token {
                Token::Text(text) => {
                    let speaker = voices.last().and_then(|&at| open[at].1.as_deref());
                    runs.push_text(speaker, &decode_references(text));
                }
                Token::Start { name, annotation } => match name {
                    "c" | "i" | "b" | "u" | "ruby" | "lang" => open.push((name, None)),
                    "rt" if open.last().is_some_and(|(n, _)| *n == "ruby") => open.push((name, None)),
                    "v" => {
                        let voice = collapse_whitespace(&decode_references(annotation));
                        // whisper.cpp's `--diarize` writes `<v Speaker0>`,
                        // and `<v Speaker?>` where it could not tell.
                        let voice = match voice.strip_prefix("Speaker").and_then(label::diarized_name) {
                            Some(diarized) => diarized,
                            None => (!voice.is_empty()).then_some(voice),
                        };
                        voices.push(open.len());
                        open.push((name, voice));
                    }
                    _ => {} // unknown tags are ignored; their content is still text
                },
                Token::End(name) => match open.last() {
                    Some((current, _)) if *current == name => {
                        open.pop();
                    }
                    // `</ruby>` also closes an open `<rt>`.
                    Some((current, _)) if *current == "rt" && name == "ruby" => {
                        open.truncate(open.len().saturating_sub(2));
                    }
                    _ => {}
                },
                Token::Timestamp(value) => {
                    if let Some(t) = inline_time(value) {
                        runs.pending.push(t);
                    }
                }
            }
        }
        runs.runs
            .into_iter()
            .filter_map(|run| {
                let (text, words) = run.finish()?;
                Some(Cue {
                    start: Some(self.start),
                    end: Some(self.end),
                    speaker: run.speaker,
                    text,
                    words,
                    line: self.line,
                })
            })
            .collect()
    }
}

/// A piece of cue text, as the spec's cue text tokenizer splits it.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// Text, character references not yet decoded.
    Text(&'a str),
    /// `<name.classes annotation>`; classes are dropped.
    Start { name: &'a str, annotation: &'a str },
    /// `</name>`.
    End(&'a str),
    /// `<00:01.500>` (not yet checked).
    Timestamp(&'a str),
}

/// Splits cue text into text and tags. A tag runs from `<` to the next `>`
/// or the end of the text, as in the browser, which also hides a stray `<`
/// and what follows it.
fn tokenize(mut rest: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    while !rest.is_empty() {
        if let Some(tag) = rest.strip_prefix('<') {
            let (body, after) = match tag.find('>') {
                Some(i) => (&tag[..i], &tag[i + 1..]),
                None => (tag, ""),
            };
            tokens.push(read_tag(body));
            rest = after;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            tokens.push(Token::Text(&rest[..end]));
            rest = &rest[end..];
        }
    }
    tokens
}

/// Classifies the inside of `<…>` as the tokenizer's tag states do.
fn read_tag(body: &str) -> Token<'_> {
    if let Some(name) = body.strip_prefix('/') {
        return Token::End(name);
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        return Token::Timestamp(body);
    }
    // The name ends at a `.` (classes follow) or whitespace (the annotation
    // follows); the annotation starts after the first whitespace.
    let (head, annotation) = match body.find(is_vtt_space) {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    let name = head.split('.').next().unwrap_or("");
    Token::Start { name, annotation }
}

/// Cue text split where the speaker changes.
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    /// Word times waiting for the next word.
    pending: Vec<Millis>,
}

/// Text from one speaker, whitespace not yet collapsed.
struct Run {
    speaker: Option<String>,
    raw: String,
    /// Word times: (byte offset in `raw`, time).
    marks: Vec<(usize, Millis)>,
}

impl Runs {
    fn push_text(&mut self, speaker: Option<&str>, text: &str) {
        let has_word = text.chars().any(|c| !c.is_whitespace());
        // Whitespace belongs to no one: it never starts a new run.
        let same_speaker = self.runs.last().is_some_and(|r| r.speaker.as_deref() == speaker || !has_word);
        if !same_speaker {
            self.runs.push(Run { speaker: speaker.map(str::to_string), raw: String::new(), marks: Vec::new() });
        }
        let Some(run) = self.runs.last_mut() else {
            return;
        };
        if has_word {
            let at = run.raw.len();
            run.marks.extend(self.pending.drain(..).map(|t| (at, t)));
        }
        run.raw.push_str(text);
    }
}

impl Run {
    /// The run's text, whitespace collapsed, and its word times; `None` if
    /// it has no words.
    fn finish(&self) -> Option<(String, Vec<WordTime>)> {
        let text = collapse_whitespace(&self.raw);
        if text.is_empty() {
            return None;
        }
        // Where each word starts and ends in `raw`, and starts in `text`
        // (the same words `collapse_whitespace` joined, in the same order).
        let mut out_at = 0;
        let spans: Vec<(usize, usize, usize)> = self
            .raw
            .split_whitespace()
            .map(|word| {
                let start = word.as_ptr() as usize - self.raw.as_ptr() as usize;
                let span = (start, start + word.len(), out_at);
                out_at += word.len() + 1;
                span
            })
            .collect();
        let mut words: Vec<WordTime> = Vec::new();
        // Marks and spans both run forward through `raw`: one cursor serves
        // them all (a karaoke cue may have 100,000 marks).
        let mut span = 0;
        for &(at, start) in &self.marks {
            while spans.get(span).is_some_and(|&(_, end, _)| end <= at) {
                span += 1;
            }
            let Some(&(word_start, _, offset)) = spans.get(span) else {
                continue;
            };
            if word_start < at {
                continue; // inside a word (a karaoke syllable): the word already has its time
            }
            let offset = offset as u32;
            // Several times before one word: the last is the word's.
            if words.last().is_some_and(|w| w.offset == offset) {
                words.pop();
            }
            words.push(WordTime { offset, start });
        }
        Some((text, words))
    }
}

/// Decodes HTML character references, as the cue text tokenizer does:
/// `&amp;`, `&#39;`, `&#x27;`; unknown references stay as written.
pub(super) fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match character_reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads the reference after a `&`: the character and how many bytes it
/// took.
///
/// Numeric references follow HTML (`;` optional, invalid code points become
/// U+FFFD, 128–159 are read as Windows-1252). Named references cover the
/// Latin-1 names and common punctuation (not HTML's full table); like HTML,
/// the legacy names (`&amp`, `&eacute`) also work without the `;`.
fn character_reference(text: &str) -> Option<(char, usize)> {
    if let Some(number) = text.strip_prefix('#') {
        let (radix, digits, prefix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (16, hex, 2),
            None => (10, number, 1),
        };
        let len = digits.bytes().take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit())).count();
        if len == 0 {
            return None;
        }
        let value = digits[..len]
            .bytes()
            .try_fold(0u32, |v, b| v.checked_mul(radix)?.checked_add((b as char).to_digit(radix)?))
            .unwrap_or(u32::MAX);
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((numeric_character(value), prefix + len + semicolon));
    }
    let len = text.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &text[..len];
    if text[len..].starts_with(';') {
        if let Some(c) = named_character(name) {
            return Some((c, len + 1));
        }
    }
    let legacy = LATIN1_NAMES
        .iter()
        .chain(&["amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT", "COPY", "REG"])
        .filter(|legacy| name.starts_with(*legacy))
        .max_by_key(|legacy| legacy.len())?;
    Some((named_character(legacy)?, legacy.len()))
}

/// HTML's rules for `&#…;` values.
fn numeric_character(value: u32) -> char {
    match value {
        0x80..=0x9f => char::from_u32(WINDOWS_1252[(value - 0x80) as usize]).unwrap_or('\u{fffd}'),
        0 => '\u{fffd}',
        _ => char::from_u32(value).unwrap_or('\u{fffd}'),
    }
}

/// What HTML reads `&#128;`–`&#159;` as (the Windows-1252 characters).
const WINDOWS_1252: [u32; 32] = [
    0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
    0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
    0x017e, 0x0178,
];

/// HTML's names for U+00A0 to U+00FF, in code point order.
const LATIN1_NAMES: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy",
    "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm",
    "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
    "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
    "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
    "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
    "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml",
    "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// Named references beyond Latin-1 that captions use.
const OTHER_NAMES: [(&str, char); 37] = [
    ("amp", '&'),
    ("AMP", '&'),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("apos", '\''),
    ("COPY", '©'),
    ("REG", '®'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("hellip", '…'),
    ("bull", '•'),
    ("trade", '™'),
    ("euro", '€'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("oelig", 'œ'),
    ("OElig", 'Œ'),
];

fn named_character(name: &str) -> Option<char> {
    if let Some(i) = LATIN1_NAMES.iter().position(|n| *n == name) {
        return char::from_u32(0xa0 + i as u32);
    }
    OTHER_NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
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

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("expected an error")
    }

    /// The one warning a file gives, checking that its cues are `kept`.
    fn warning(text: &str, kept: &[&str]) -> Warning {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<&str> = parsed.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, kept, "{text:?}");
        assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
        parsed.warnings.into_iter().next().expect("one warning")
    }

    #[test]
    fn reads_a_minimal_file() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:04.500\nHello there.\n");
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].start, c[0].end), (Some(1000), Some(4500)));
        assert_eq!(c[0].text, "Hello there.");
        assert_eq!(c[0].line, 3);
    }

    #[test]
    fn signature_may_carry_header_text_and_a_title() {
        assert_eq!(parse("WEBVTT - Episode 12: Ice\n").unwrap().header.title, "Episode 12: Ice");
        assert_eq!(parse("WEBVTT\tFILE\n").unwrap().header.title, "");
        assert_eq!(parse("WEBVTT").unwrap().cues, vec![]);
    }

    #[test]
    fn signature_must_be_followed_by_space_or_line_end() {
        let e = error("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("`WEBVTTX`"), "{}", e.message);
    }

    #[test]
    fn missing_signature_is_an_error_at_its_line() {
        assert_eq!(error("00:01.000 --> 00:02.000\nhi").line, 1);
        assert_eq!(error("\n\nSUBTITLES\n").line, 3);
        assert_eq!(error("").line, 1);
    }

    #[test]
    fn bom_and_blank_lines_before_the_signature_are_tolerated() {
        assert_eq!(texts("\u{feff}\n  WEBVTT\n\n00:01.000 --> 00:02.000\nhi"), ["hi"]);
    }

    #[test]
    fn crlf_and_cr_line_ends_keep_line_numbers() {
        for text in [
            "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nhi\r\nthere\r\n",
            "WEBVTT\r\r00:01.000 --> 00:02.000\rhi\rthere\r",
        ] {
            let c = cues(text);
            assert_eq!(c[0].text, "hi there");
            assert_eq!(c[0].line, 3);
        }
    }

    #[test]
    fn header_lines_under_the_signature_are_not_cues() {
        assert_eq!(texts("WEBVTT\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nhi"), ["hi"]);
    }

    #[test]
    fn a_cue_may_follow_the_header_without_a_blank_line() {
        assert_eq!(texts("WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nhi"), ["hi"]);
    }

    #[test]
    fn note_style_and_region_blocks_are_skipped() {
        let text =
            "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1 width:40%\n\nNOTE a comment\nover two lines\n\n\
                    00:01.000 --> 00:02.000\nhi\n\nNOTE\nbetween cues\n\n00:02.000 --> 00:03.000\nthere";
        assert_eq!(texts(text), ["hi", "there"]);
    }

    #[test]
    fn cue_identifiers_are_not_text_and_the_cue_starts_at_them() {
        let c = cues("WEBVTT\n\nintro-1\n00:01.000 --> 00:02.000\nhi");
        assert_eq!(c[0].text, "hi");
        assert_eq!(c[0].line, 3);
    }

    #[test]
    fn cue_settings_are_ignored() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000 align:start line:0 position:10%\nhi");
        assert_eq!((c[0].start, c[0].end, c[0].text.as_str()), (Some(1000), Some(2000), "hi"));
    }

    #[test]
    fn timing_needs_no_spaces_around_the_arrow() {
        assert_eq!(cues("WEBVTT\n\n00:01.000-->00:02.000\nhi")[0].end, Some(2000));
    }

    #[test]
    fn hours_are_optional_and_may_have_any_number_of_digits() {
        let c = cues("WEBVTT\n\n1:00:00.000 --> 100:00:00.001\nhi\n\n59:59.999 --> 01:00:00.000\nthere");
        assert_eq!((c[0].start, c[0].end), (Some(3_600_000), Some(360_000_001)));
        assert_eq!((c[1].start, c[1].end), (Some(3_599_999), Some(3_600_000)));
    }

    #[test]
    fn a_first_field_above_59_is_hours() {
        // `60:00.000` would be hours 60, minutes 00, and then a `:` is missing.
        assert_eq!(warning("WEBVTT\n\n60:00.000 --> 61:00.000\nhi", &[]).line, 3);
    }

    #[test]
    fn timestamps_need_three_millisecond_digits_and_a_dot() {
        for bad in ["00:01.5", "00:01.5000", "00:01,000", "00:1.000", "00:60.000", "0:01.000", "00:00:60.000"] {
            let w = warning(&format!("WEBVTT\n\n{bad} --> 00:09.000\nhi\n\n00:10.000 --> 00:11.000\nkept"), &["kept"]);
            assert_eq!((w.line, w.kind), (3, ErrorKind::Timing), "{bad}");
            assert!(w.message.contains("expected a cue timing like `00:01.000 --> 00:04.000`"), "{}", w.message);
            assert!(w.message.ends_with("its text is not read: `hi`"), "{}", w.message);
        }
    }

    #[test]
    fn comma_in_a_timing_gets_a_hint() {
        let e = warning("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nhi", &[]);
        assert!(e.message.contains("found `00:00:01,000 --> 00:00:02,000`"), "{}", e.message);
        assert!(e.message.contains("not a `,`"), "{}", e.message);
    }

    #[test]
    fn an_arrow_in_cue_text_ends_the_cue_and_is_dropped_with_a_warning() {
        let e = warning("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\nthis --> that\nmore\n", &["hi"]);
        assert_eq!(e.line, 5);
        assert!(e.message.contains("its text is not read: `more`"), "{}", e.message);
        assert!(e.message.contains("--&gt;"), "{}", e.message);
    }

    #[test]
    fn a_cue_ending_before_it_starts_is_kept_ending_at_its_start() {
        // As in the browser, which keeps it (end before start) too.
        let e = warning("WEBVTT\n\n00:05.000 --> 00:04.000\nhi", &["hi"]);
        assert_eq!((e.line, e.kind), (3, ErrorKind::TimeOrder));
        assert!(e.message.contains("ends at 00:00:04.000 before it starts at 00:00:05.000"), "{}", e.message);
        assert_eq!(cues("WEBVTT\n\n00:05.000 --> 00:04.000\nhi")[0].end, Some(5000));
    }

    #[test]
    fn a_zero_length_cue_is_fine() {
        assert_eq!(texts("WEBVTT\n\n00:05.000 --> 00:05.000\nhi"), ["hi"]);
    }

    #[test]
    fn empty_cues_are_dropped() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\n<i> </i>\n\nx\n00:03.000 --> 00:04.000\nhi"), ["hi"]);
    }

    #[test]
    fn a_timing_line_right_after_a_cue_starts_the_next_cue() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n00:02.000 --> 00:03.000\nthere");
        assert_eq!(c.iter().map(|c| (c.text.as_str(), c.line)).collect::<Vec<_>>(), [("hi", 3), ("there", 5)]);
    }

    #[test]
    fn a_line_of_spaces_does_not_end_a_cue() {
        // As in the browser: only an empty line ends a block.
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n  \nthere"), ["hi there"]);
    }

    #[test]
    fn payload_lines_are_joined_with_collapsed_whitespace() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\n  Hello,\t\nworld  "), ["Hello, world"]);
    }

    #[test]
    fn voice_gives_the_speaker_and_the_closing_tag_is_optional() {
        let c = cues(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v  Grace   Shao >Hello</v>\n\n00:02.000 --> 00:03.000\n<v Alex>Hi",
        );
        assert_eq!(c[0].speaker.as_deref(), Some("Grace Shao"));
        assert_eq!(c[0].text, "Hello");
        assert_eq!(c[1].speaker.as_deref(), Some("Alex"));
        assert_eq!(c[1].text, "Hi");
    }

    #[test]
    fn voice_classes_are_not_part_of_the_name() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud.x Dr. Ana Lee>Stop!");
        assert_eq!(c[0].speaker.as_deref(), Some("Dr. Ana Lee"));
        assert_eq!(c[0].text, "Stop!");
    }

    #[test]
    fn voice_names_decode_references() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ren&eacute;e &amp; Bo>Hi");
        assert_eq!(c[0].speaker.as_deref(), Some("Renée & Bo"));
    }

    #[test]
    fn a_voice_without_a_name_has_no_speaker() {
        assert_eq!(cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v>Hi")[0].speaker, None);
    }

    #[test]
    fn several_voices_in_one_cue_become_one_cue_each() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Esme>It's a tree!\n<v Mary>No way!</v> <v Mary>Really.");
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str(), c.line, c.start)).collect();
        assert_eq!(
            got,
            [(Some("Esme"), "It's a tree!", 3, Some(1000)), (Some("Mary"), "No way! Really.", 3, Some(1000))]
        );
    }

    #[test]
    fn a_label_opening_a_cue_without_a_voice_is_its_speaker_as_zoom_writes_them() {
        let c = cues(
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.310\nAlex Kantrowitz: Welcome to the show.\n\n\
             2\n00:00:05.310 --> 00:00:07.000\nGrace Shao: Thanks, Alex.\n\n\
             3\n00:00:07.000 --> 00:00:08.000\nNote: not a name.\n\n\
             4\n00:00:08.000 --> 00:00:09.000\n<v Bo>Ana: said Bo.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some("Alex Kantrowitz"), "Welcome to the show."),
                (Some("Grace Shao"), "Thanks, Alex."),
                // Not a label (the `label` module's rule): Grace goes on.
                (Some("Grace Shao"), "Note: not a name."),
                (Some("Bo"), "Ana: said Bo."),
            ]
        );
        let c =
            cues("WEBVTT\n\n00:00.000 --> 00:01.000\n>> ALEX: Welcome back.\n\n00:01.000 --> 00:02.000\n>> Thanks.");
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(got, [(Some("ALEX"), "Welcome back."), (None, "Thanks.")]);
    }

    #[test]
    fn a_label_names_the_speaker_until_the_next_as_in_srt() {
        let c = cues(
            "WEBVTT\n\n00:01.000 --> 00:02.000\nAnn: Hello there.\n\n00:02.000 --> 00:03.000\nHow are you?\n\n\
             00:03.000 --> 00:04.000\nBob: Fine.\n\n00:04.000 --> 00:05.000\nThanks.\n\n\
             00:05.000 --> 00:06.000\n- Who's there?\n\n00:06.000 --> 00:07.000\nNobody.\n\n\
             00:07.000 --> 00:08.000\nAnn: Me.\n\n00:08.000 --> 00:09.000\n>> And you?\n\n00:09.000 --> 00:10.000\nSilence.\n\n\
             00:10.000 --> 00:11.000\nBob: Hi.\n\n00:11.000 --> 00:12.000\n<v Cy>Hey.\n\n00:12.000 --> 00:13.000\nWind.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some("Ann"), "Hello there."),
                (Some("Ann"), "How are you?"),
                (Some("Bob"), "Fine."),
                (Some("Bob"), "Thanks."),
                // A dialogue dash, `>>` alone or a voice ends the labelled turn.
                (None, "- Who's there?"),
                (None, "Nobody."),
                (Some("Ann"), "Me."),
                (None, "And you?"),
                (None, "Silence."),
                (Some("Bob"), "Hi."),
                (Some("Cy"), "Hey."),
                (None, "Wind."),
            ]
        );
    }

    #[test]
    fn labelled_lines_in_one_cue_are_each_their_speakers() {
        let c = cues(
            "WEBVTT\n\n00:01.000 --> 00:04.000\nALEX: Hello there,\nhow are you?\nGRACE: Fine, thanks.\n\n\
             00:04.000 --> 00:05.000\n- Ana: Hi.\n- Bo: Hello.\n\n\
             00:05.000 --> 00:06.000\nThe capital is\nWashington: a city.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str(), c.start)).collect();
        assert_eq!(
            got,
            [
                (Some("ALEX"), "Hello there, how are you?", Some(1000)),
                (Some("GRACE"), "Fine, thanks.", Some(1000)),
                (Some("Ana"), "Hi.", Some(4000)),
                (Some("Bo"), "Hello.", Some(4000)),
                // Without a label on its first line, a cue is not split.
                (Some("Bo"), "The capital is Washington: a city.", Some(5000)),
            ]
        );
    }

    #[test]
    fn whisper_cpps_diarized_voices_are_its_speakers() {
        let c = cues(
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Speaker0> Hello.\n\n00:01.000 --> 00:02.000\n<v Speaker1> Hi.\n\n\
             00:02.000 --> 00:03.000\n<v Speaker?> Mm.\n\n00:03.000 --> 00:04.000\n<v Speaker Ann> Ann.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [(Some("Speaker 0"), "Hello."), (Some("Speaker 1"), "Hi."), (None, "Mm."), (Some("Speaker Ann"), "Ann.")]
        );
    }

    #[test]
    fn whisperxs_bracketed_speakers_are_read() {
        let c = cues(
            "WEBVTT\n\n00:00.031 --> 00:02.500\n[SPEAKER_00]: Hello, welcome.\n\n\
             00:03.000 --> 00:05.000\n[SPEAKER_01]: Thanks.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(got, [(Some("SPEAKER_00"), "Hello, welcome."), (Some("SPEAKER_01"), "Thanks.")]);
    }

    #[test]
    fn broadcast_turn_markers_leave_the_text() {
        let c = cues(
            "WEBVTT\n\n00:01.000 --> 00:03.000\n>> WELCOME BACK.\n\n\
             00:03.000 --> 00:05.000\n>> THANK YOU FOR HAVING ME.\n>> GLAD YOU'RE HERE.\n\n\
             00:05.000 --> 00:06.000\n>> ANA: Named.",
        );
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (None, "WELCOME BACK."),
                (None, "THANK YOU FOR HAVING ME."),
                (None, "GLAD YOU'RE HERE."),
                (Some("ANA"), "Named.")
            ]
        );
    }

    #[test]
    fn text_outside_a_voice_has_no_speaker() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Esme>Hee!</v> <i>laughter</i>");
        let got: Vec<_> = c.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(got, [(Some("Esme"), "Hee!"), (None, "laughter")]);
    }

    #[test]
    fn an_end_tag_closes_only_the_current_element() {
        // `</v>` while `<i>` is open is ignored (the spec), so "more" is Ana's.
        let c = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana><i>text</v> more");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, "text more");
    }

    #[test]
    fn other_tags_are_stripped_and_their_text_kept() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow.bg_blue>one</c> <i>two</i> <b>three</b> <u>four</u> \
                    <ruby>five<rt>six</rt></ruby> <lang en-GB>seven</lang> <font color=red>eight</font>";
        assert_eq!(texts(text), ["one two three four fivesix seven eight"]);
    }

    #[test]
    fn tags_do_not_separate_words() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\n<i>Hel</i>lo"), ["Hello"]);
    }

    #[test]
    fn a_stray_less_than_hides_the_rest_of_the_line_like_the_browser() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\nYes <no"), ["Yes"]);
    }

    #[test]
    fn references_are_decoded_after_tags_are_stripped() {
        let text =
            "WEBVTT\n\n00:01.000 --> 00:02.000\n&lt;b&gt;bold&lt;/b&gt; &amp; &quot;q&quot; &apos;a&#39;&#x27;&#X27;";
        assert_eq!(texts(text), ["<b>bold</b> & \"q\" 'a'''"]);
    }

    #[test]
    fn invisible_references_decode_to_their_characters() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\na&nbsp;b &lrm;c&rlm;"), ["a b \u{200e}c\u{200f}"]);
    }

    #[test]
    fn unknown_or_incomplete_references_stay_as_written() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\nQ&A &bogus; &# &#x; & x"), ["Q&A &bogus; &# &#x; & x"]);
    }

    #[test]
    fn legacy_references_work_without_a_semicolon() {
        assert_eq!(decode_references("&amp &ampx &eacutes &copy2"), "& &x és ©2");
    }

    #[test]
    fn numeric_references_follow_html() {
        assert_eq!(
            decode_references("&#233;&#xE9;&#150;&#0;&#xD800;&#99999999999;&#65"),
            "éé–\u{fffd}\u{fffd}\u{fffd}A"
        );
    }

    #[test]
    fn inline_timestamps_give_word_times() {
        let c =
            cues("WEBVTT\n\n00:01.000 --> 00:05.000\nNever <00:01.500>drink <00:00:02.250>liquid <00:03.000>nitrogen.");
        assert_eq!(c[0].text, "Never drink liquid nitrogen.");
        let got: Vec<_> = c[0].words.iter().map(|w| (&c[0].text[w.offset as usize..], w.start)).collect();
        assert_eq!(
            got,
            [
                ("Never drink liquid nitrogen.", 1000),
                ("drink liquid nitrogen.", 1500),
                ("liquid nitrogen.", 2250),
                ("nitrogen.", 3000)
            ]
        );
    }

    #[test]
    fn a_timestamp_before_the_first_word_replaces_the_cue_start() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:05.000\n<00:01.200> Hi <00:02.000>you");
        assert_eq!(c[0].words, [WordTime { offset: 0, start: 1200 }, WordTime { offset: 3, start: 2000 }]);
    }

    #[test]
    fn timestamps_inside_a_word_or_after_the_last_word_are_dropped() {
        let c = cues(
            "WEBVTT\n\n00:01.000 --> 00:05.000\nkar<00:01.500>a<00:02.000>o<00:02.500>ke <00:03.000>song<00:04.000>",
        );
        assert_eq!(c[0].text, "karaoke song");
        assert_eq!(c[0].words, [WordTime { offset: 0, start: 1000 }, WordTime { offset: 8, start: 3000 }]);
    }

    #[test]
    fn invalid_or_out_of_range_timestamps_are_ignored() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:05.000\na <00:09.000>b <00:02.0>c <00:02.000x>d");
        assert_eq!(c[0].text, "a b c d");
        assert_eq!(c[0].words, []);
    }

    #[test]
    fn word_times_follow_the_voice_they_belong_to() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:05.000\n<v A>Hi <00:02.000><v B>Yo <00:03.000>there");
        assert_eq!(c[0].words, [WordTime { offset: 0, start: 1000 }]);
        assert_eq!(c[1].text, "Yo there");
        assert_eq!(c[1].words, [WordTime { offset: 0, start: 2000 }, WordTime { offset: 3, start: 3000 }]);
    }

    #[test]
    fn word_offsets_are_char_boundaries_with_multibyte_text() {
        let c = cues("WEBVTT\n\n00:01.000 --> 00:05.000\nÇa <00:02.000>va, <00:03.000>naïve 日本");
        for w in &c[0].words {
            assert!(c[0].text.is_char_boundary(w.offset as usize));
        }
        assert_eq!(&c[0].text[c[0].words[2].offset as usize..], "naïve 日本");
    }

    #[test]
    fn nul_becomes_a_replacement_character() {
        assert_eq!(texts("WEBVTT\n\n00:01.000 --> 00:02.000\na\0b"), ["a\u{fffd}b"]);
    }

    #[test]
    fn absurd_times_are_rejected_not_overflowed() {
        assert_eq!(warning("WEBVTT\n\n99999999999999999999:00:00.000 --> 00:01.000\nhi", &[]).line, 3);
        assert_eq!(warning("WEBVTT\n\n1001:00:00.000 --> 1002:00:00.000\nhi", &[]).line, 3);
        // Hours whose milliseconds overflow u64 only once minutes are added.
        assert_eq!(warning("WEBVTT\n\n5124095576030:59:59.999 --> 00:01.000\nhi", &[]).line, 3);
    }

    #[test]
    fn tokenizer_classifies_tags_like_the_spec() {
        assert_eq!(
            tokenize("a<v.x Bo Li>b</v><00:01.000><.c>< ann><>"),
            [
                Token::Text("a"),
                Token::Start { name: "v", annotation: "Bo Li" },
                Token::Text("b"),
                Token::End("v"),
                Token::Timestamp("00:01.000"),
                Token::Start { name: "", annotation: "" },
                Token::Start { name: "", annotation: "ann" },
                Token::Start { name: "", annotation: "" },
            ]
        );
    }

    const SAMPLE: &str = "\u{feff}WEBVTT - Sample\r\nKind: captions\r\n\r\nNOTE hi\r\n\r\nSTYLE\r\n::cue { color: red }\r\n\r\n\
                          id1\r\n00:00:01.000 --> 00:00:04.000 align:start\r\n<v.loud Ana Lee>Héllo <00:02.000>&amp; <i>wörld</i> &#x27;日本&#39;</v>\r\n\
                          <v Bo>Yes<c.x>!</c> <ruby>a<rt>b</rt></ruby> &lt;b&gt;\r\n\r\n01:05.000 --> 01:06.000\r\nbye <01:05.500>now\r\n";

    #[test]
    fn no_input_panics() {
        assert!(parse(SAMPLE).is_ok());
        for (i, _) in SAMPLE.char_indices() {
            let _ = parse(&SAMPLE[..i]);
            let _ = parse(&SAMPLE[i..]);
        }
        let alphabet: &[u8] = b"<>&;#x.:-0159 \t\r\n\xff\xc3/v";
        for text in crate::parse::fuzz::mangled(SAMPLE, alphabet, 0x9e37_79b9_7f4a_7c15, 3000) {
            if let Ok(parsed) = parse(&text) {
                for cue in &parsed.cues {
                    assert!(cue.start <= cue.end, "{text:?}");
                    assert!(!cue.text.is_empty());
                    for w in &cue.words {
                        assert!(cue.text.is_char_boundary(w.offset as usize), "{text:?}");
                    }
                }
            }
        }
        for garbage in [
            "WEBVTT\n\n-->",
            "WEBVTT\n\n<",
            "WEBVTT\n\n00:00.000 --> 00:00.000\n<",
            "WEBVTT\n\n00:00.000 --> 00:00.000\n&",
            "WEBVTT\n\n00:00.000 --> 00:00.000\n&#",
            "\u{feff}",
        ] {
            let _ = parse(garbage);
        }
    }

    // --- what a browser keeps and drops (the WHATWG/W3C algorithm) ---------

    #[test]
    fn stray_arrows_drop_only_their_own_blocks() {
        // A `-->` line that is not a timing drops its block; the timing line
        // right after it starts a new block, as in the browser.
        let text = "WEBVTT\n\n-->\n00:00.000 --> 00:01.000\none\nfoo-->\n00:00.000 --> 00:01.000\ntwo\n-->-->\n\
                    00:00.000 --> 00:01.000\nthree\n00:00.000 --> 00:01.000\nfour\n\n00:00.000 -a -->\n\n00:00.000 -- -->\n";
        let parsed = parse(text).unwrap();
        let texts: Vec<&str> = parsed.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["one", "two", "three", "four"]);
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 6, 9, 15, 17]);
        assert!(parsed.warnings.iter().all(|w| w.kind == ErrorKind::Timing));
    }

    #[test]
    fn a_nul_or_a_vertical_tab_in_a_timing_drops_the_cue() {
        let text = "WEBVTT\n\n00:00.000 --> 00:01.\u{0}000\nnul\n\n00:00.000\u{b}--> 00:01.000\nvt\n\n\
                    00:00.000\u{c}-->\t00:01.000\nform feed is space\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.cues.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["form feed is space"]);
        assert_eq!(parsed.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [3, 6]);
    }

    #[test]
    fn a_nul_in_cue_text_becomes_a_replacement_character() {
        assert_eq!(texts("WEBVTT\n\n00:00.000 --> 00:01.000\na\0b"), ["a\u{fffd}b"]);
    }

    #[test]
    fn timings_with_too_many_or_too_few_digits_drop_the_cue() {
        for bad in ["000:00:00.000", "00:00:000.000", "00:000:00.000", "00:00:00.0000", "0:0:00.000", "00:00:00.00"] {
            let parsed =
                parse(&format!("WEBVTT\n\n{bad} --> 00:00:09.000\nbad\n\n00:00:01.000 --> 00:00:02.000\nok")).unwrap();
            let texts: Vec<&str> = parsed.cues.iter().map(|c| c.text.as_str()).collect();
            // Any number of hour digits is fine: only the first case is kept.
            let expected: &[&str] = if bad == "000:00:00.000" { &["bad", "ok"] } else { &["ok"] };
            assert_eq!(texts, expected, "{bad}");
        }
    }

    #[test]
    fn text_outside_any_cue_is_reported_not_silently_lost() {
        let parsed = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\nafter a blank line\n\nNOTE fine\n").unwrap();
        assert_eq!(parsed.cues.len(), 1);
        assert_eq!(parsed.warnings.len(), 1);
        let w = &parsed.warnings[0];
        assert_eq!((w.line, w.kind), (6, ErrorKind::Syntax));
        assert!(w.message.contains("`after a blank line`"), "{}", w.message);
    }

    #[test]
    fn blank_lines_before_the_signature_are_read_with_a_warning() {
        let parsed = parse("\n\n  WEBVTT\n\n00:01.000 --> 00:02.000\nhi").unwrap();
        assert_eq!(parsed.cues[0].text, "hi");
        assert_eq!((parsed.warnings[0].line, parsed.warnings[0].kind), (3, ErrorKind::WrongFormat));
    }

    #[test]
    fn signature_variants_a_browser_refuses_are_errors() {
        for bad in ["webvtt", "WEBVT", "WEBSRT", "WEBVTTX", "Kind: captions", "00:01.000 --> 00:02.000"] {
            let e = error(&format!("{bad}\n\n00:01.000 --> 00:02.000\nhi"));
            assert_eq!((e.line, e.kind), (1, ErrorKind::WrongFormat), "{bad}");
        }
        assert!(error("webvtt\n").message.contains("upper case"));
    }

    // --- auto-captions ---------------------------------------------------

    /// Auto-captions as video hosts publish them: each cue shows the line
    /// before and adds a line with inline word timestamps; 10 ms cues in
    /// between hold only the line already shown.
    const ROLLING: &str = "WEBVTT\nKind: captions\nLanguage: en\n\n\
        00:00:00.000 --> 00:00:02.350 align:start position:0%\n \n\
        so<00:00:00.480><c> today</c><00:00:00.960><c> we</c><00:00:01.200><c> talk</c>\n\n\
        00:00:02.350 --> 00:00:02.360 align:start position:0%\nso today we talk\n \n\n\
        00:00:02.360 --> 00:00:04.800 align:start position:0%\nso today we talk\n\
        about<00:00:02.600><c> chips</c><00:00:03.100><c> and</c><00:00:03.500><c> talk</c>\n\n\
        00:00:04.800 --> 00:00:04.810 align:start position:0%\nabout chips and talk\n \n\n\
        00:00:04.810 --> 00:00:06.000 align:start position:0%\nabout chips and talk\n\
        so<00:00:05.000><c> today</c>\n";

    #[test]
    fn rolling_auto_captions_give_every_word_once_with_its_time() {
        let c = cues(ROLLING);
        let words: Vec<&str> = c.iter().flat_map(|c| c.text.split(' ')).collect();
        assert_eq!(words, ["so", "today", "we", "talk", "about", "chips", "and", "talk", "so", "today"]);
        let times: Vec<Vec<Millis>> = c.iter().map(|c| c.words.iter().map(|w| w.start).collect()).collect();
        assert_eq!(times, [vec![0, 480, 960, 1200], vec![2360, 2600, 3100, 3500], vec![4810, 5000]]);
    }

    #[test]
    fn whispers_highlighted_words_are_read_once_over_their_whole_time() {
        // `whisper --word_timestamps True --highlight_words True`.
        let text = "WEBVTT\n\n00:00.000 --> 00:00.500\n<u>Welcome</u> to the show.\n\n\
                    00:00.500 --> 00:01.000\nWelcome <u>to</u> the show.\n\n\
                    00:01.000 --> 00:02.000\nWelcome to <u>the</u> show.\n\n\
                    00:02.000 --> 00:02.500\n<u>Next</u> segment.\n\n\
                    00:02.500 --> 00:03.000\nNext <u>segment.</u>\n\n\
                    00:03.000 --> 00:04.000\nNext segment.\n";
        let got: Vec<_> = cues(text).iter().map(|c| (c.start, c.end, c.text.clone())).collect();
        assert_eq!(
            got,
            [
                (Some(0), Some(2000), "Welcome to the show.".to_string()),
                (Some(2000), Some(3000), "Next segment.".to_string()),
                // Without an underline, a repeat is speech.
                (Some(3000), Some(4000), "Next segment.".to_string()),
            ]
        );
    }

    #[test]
    fn ordinary_captions_that_repeat_a_line_keep_it() {
        // One repeat among many cues is speech, not a roll.
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nYeah.\n\n00:02.000 --> 00:03.000\nYeah.\n\n\
                    00:03.000 --> 00:04.000\nSo anyway.\n\n00:04.000 --> 00:05.000\nWhere was I?\n";
        assert_eq!(texts(text), ["Yeah.", "Yeah.", "So anyway.", "Where was I?"]);
    }

    // --- linear on any input (counts, not clocks) ------------------------

    #[test]
    fn a_megabyte_line_without_a_closing_bracket_is_read() {
        let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\nword {}\n", "<".repeat(1 << 20));
        assert_eq!(texts(&text), ["word"]);
        let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{}\n", "a <b".repeat(250_000));
        assert_eq!(cues(&text)[0].text.split(' ').count(), 1);
    }

    #[test]
    fn a_hundred_thousand_unclosed_tags_keep_every_word() {
        let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{}\n", "<c>w <v Ann>x ".repeat(100_000));
        let c = cues(&text);
        assert_eq!(c.iter().map(|c| c.text.split(' ').count()).sum::<usize>(), 200_000);
    }

    #[test]
    fn a_karaoke_cue_with_a_hundred_thousand_timestamps_times_every_word() {
        let payload: String = (0..100_000)
            .map(|i| format!("<00:{:02}:{:02}.{:03}>w ", i / 60_000 % 60, i / 1000 % 60, i % 1000))
            .collect();
        let text = format!("WEBVTT\n\n00:00:00.000 --> 01:00:00.000\n{payload}\n");
        let c = cues(&text);
        assert_eq!(c[0].words.len(), 100_000);
        assert_eq!(c[0].words[99_999].start, 99_999);
    }

    #[test]
    fn fifty_thousand_cues_are_read() {
        let text: String = std::iter::once("WEBVTT\n\n".to_string())
            .chain((0..50_000).map(|i| format!("{}.000 --> {}.500\ncue {i}\n\n", clock(i), clock(i))))
            .collect();
        assert_eq!(cues(&text).len(), 50_000);
    }

    fn clock(seconds: u32) -> String {
        format!("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}
