//! Plain-text transcripts in, cues out.
//!
//! In: UTF-8 text in any mix of three shapes. Out: [`Parsed`]: cues in
//! source order, and the metadata of a page-scrape header if there is one.
//!
//! **Heads.** A line that starts a cue is a *head*; every other non-blank
//! line is text that continues the open cue. Heads are:
//!
//! - a label, `Name: text` (or `Name:` alone, the text on following lines),
//!   or whisper.cpp's diarized `(speaker 0) text` (`Speaker 0`; its
//!   `(speaker ?)` names nobody);
//! - a leading timestamp, `[00:01:02] text`, `(00:01:02) text` or
//!   `00:01:02 text`, optionally followed by a label; `[0:01 --> 0:04]`
//!   gives an end time too (as does faster-whisper's `[0.00s -> 5.00s]`);
//! - a name with a timestamp, `Name (00:12): text` or `Name (00:12)` alone,
//!   or after its label, `Name: [00:00:12] text` or `Name: (00:12)`;
//! - the "Name  0:00" export of transcription services: a name, two or more
//!   spaces or a tab, a clock, nothing else; or a line with only a name
//!   followed by a line with only a clock, after a blank line (or anywhere,
//!   when the file names speakers next to timestamps elsewhere, so that a
//!   title-case caption line over a clock stays text);
//! - a clock, then only a name (`00:01:23 Name`), with the text on the next
//!   lines: a named head when one of these names speaks twice in the file
//!   (a chapter list, `0:00 Opening Remarks`, repeats no name), else a
//!   timestamp whose text is the name.
//!
//! A timestamped cue starts at its time; its end is unknown (`None`) unless
//! a range gives it. Labels and timestamps are removed from the text.
//! Within a speaker's turn, a blank line starts a new cue (one per
//! paragraph) for the same speaker, with no time. A timestamp without a name
//! starts a cue whose speaker is unknown: a speaker is never guessed.
//!
//! **What a name looks like.** So that prose such as `Here's the thing: it
//! works`, `Note: ...`, `https://...` or `at 10:30` stays text, a label must
//! be at the start of the line, and its name must pass the rule SRT uses
//! too (the `label` module): 1–4 capitalised words (`GRACE`, `Dr. Smith`,
//! `José`, `Speaker 2`, `SPEAKER_00`, `Ursula von der Leyen`), the colon
//! followed by a space or the end of the line, and the first word not a
//! common lead-in (`Note`, `Update`, `Here`, `The`, `Question`, ...).
//! A bare `Name:` label with no timestamp needs the file to back it up: it
//! counts when the file has another label, a timestamped head, or when it is
//! on the first line of the body. A bare leading `10:30 text` likewise
//! counts only next to another such line or a certain head, since a wrapped
//! line of prose can start with a time.
//!
//! **Prose.** Lines before any head are unlabelled prose: one cue per
//! paragraph (paragraphs are separated by blank lines), with no speaker and
//! no times.
//!
//! **Page-scrape header.** When one of the first six non-blank lines is
//! `Transcript` or starts with `Episode Date:`, the lines up to there (and a
//! `Discussion (N)` line after) are metadata: the first is `Show - Title`
//! (split at the first ` - `, else all title), `Episode Date: April 16,
//! 2025...` gives an ISO date and, after it (the scrape glues them), the
//! description; other lines there add to the description.
//!
//! Whisper's `.tsv` and whisper.cpp's `.csv` (a `start,end,text` header,
//! times in milliseconds) are read as timed cues.
//!
//! An export's footer (`Transcribed by https://otter.ai`, its last line)
//! is not read, with a note (`ErrorKind::Note`: `--strict` lets it pass).
//! LRC files (whisper.cpp's `--output-lrc`) are timestamped lines; the ID
//! tags that open them (`[by:whisper.cpp]`, `[ti:Title]`) are metadata,
//! `[ti:…]` the title.
//!
//! Always holds: every word outside labels, timestamps, the header and a
//! warned-of footer reaches a cue's text, in order; nothing is invented; no input panics and
//! none is an error (empty text gives no cues); time is linear in the input.

use super::label::{self, is_speaker_name};
use super::{collapse_whitespace, Cue, ErrorKind, Header, ParseError, Parsed};
use crate::clock::parse_clock;
use crate::transcript::Millis;

/// How many of the first non-blank lines may hold a page-scrape header's
/// markers.
const HEADER_LINES: usize = 6;

/// Reads a plain-text transcript into cues.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Lines end at LF, CRLF or a lone CR (old Mac files), as in SRT and WebVTT.
    let text: std::borrow::Cow<str> =
        if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n").into() } else { text.into() };
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(parsed) = parse_table(&lines) {
        return Ok(parsed);
    }
    let mut warnings = Vec::new();
    // An export's own footer is not speech.
    if let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) {
        if is_export_footer(lines[last]) {
            warnings.push(ParseError::of(
                ErrorKind::Note,
                last + 1,
                format!("not read: `{}` is the exporting tool's note, not speech", lines[last].trim()),
            ));
            lines[last] = "";
        }
    }
    let lrc_title = take_lrc_tags(&mut lines);
    let (mut header, body_start) = read_header(&lines);
    if let Some(title) = lrc_title.filter(|_| header.title.is_empty()) {
        header.title = title.to_string();
    }
    let classified = classify(&lines, body_start);
    Ok(Parsed { header, cues: build_cues(&classified), warnings })
}

/// LRC's ID tags that open a file (`[ti:Title]`, `[ar:Artist]`, the
/// `[by:whisper.cpp]` of whisper.cpp's `--output-lrc`) are metadata, not
/// speech: their lines are blanked; `[ti:…]` is the title.
fn take_lrc_tags<'a>(lines: &mut [&'a str]) -> Option<&'a str> {
    const TAGS: &[&str] = &["al", "ar", "au", "by", "length", "offset", "re", "ti", "tool", "ve"];
    let mut title = None;
    for line in lines.iter_mut() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some((tag, value)) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')).and_then(|t| t.split_once(':'))
        else {
            break;
        };
        let tag = tag.trim().to_ascii_lowercase();
        if value.contains(']') || !TAGS.contains(&tag.as_str()) {
            break;
        }
        if tag == "ti" && !value.trim().is_empty() {
            title = Some(value.trim());
        }
        *line = "";
    }
    title
}

/// Whisper's `.tsv` (`start<TAB>end<TAB>text`) and whisper.cpp's `.csv`
/// (`start,end,text`, the text in double quotes; `start,end,speaker,text`
/// with `--diarize`, its speaker `0`, `1` or `?`), times in milliseconds:
/// read as timed cues when the first line is that header; `None` for any
/// other text. A row that cannot be read is dropped with a warning.
fn parse_table(lines: &[&str]) -> Option<Parsed> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let header = lines[first].trim().to_ascii_lowercase();
    let (separator, speakers) = match header.as_str() {
        "start\tend\ttext" => ('\t', false),
        "start,end,text" => (',', false),
        // whisper.cpp with `--diarize`: `0`, `1`, or `?` for not known.
        "start,end,speaker,text" => (',', true),
        _ => return None,
    };
    let columns = if speakers { "start,end,speaker,text" } else { &header };
    let mut parsed = Parsed::default();
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(if speakers { 4 } else { 3 }, separator);
        let (start, end) = (fields.next(), fields.next());
        let speaker = if speakers { fields.next().map(label::diarized_name) } else { Some(Some(None)) };
        let ms = |field: Option<&str>| {
            field.and_then(|f| f.trim().parse::<u64>().ok()).filter(|&t| t <= u64::from(u32::MAX))
        };
        let (Some(start), Some(end), Some(Some(speaker)), Some(text)) = (ms(start), ms(end), speaker, fields.next())
        else {
            let columns = columns.replace('\t', "<TAB>");
            parsed.warnings.push(ParseError::new(
                i + 1,
                format!(
                    "row dropped: expected `{columns}` with times in milliseconds, found `{}`",
                    super::shorten(line.trim())
                ),
            ));
            continue;
        };
        let text = text.trim();
        let text = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) if separator == ',' => quoted.replace("\"\"", "\"").replace("\\\"", "\""),
            _ => text.to_string(),
        };
        let (start, end) = (start as Millis, end as Millis);
        parsed.cues.push(Cue {
            start: Some(start),
            end: Some(end.max(start)),
            speaker,
            text: collapse_whitespace(&text),
            line: i + 1,
            ..Cue::default()
        });
    }
    Some(parsed)
}

/// The line transcription services end their text exports with
/// (`Transcribed by https://otter.ai`).
fn is_export_footer(line: &str) -> bool {
    let line = line.trim().to_ascii_lowercase();
    line.strip_prefix("transcribed by ").is_some_and(|rest| {
        let host = rest.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
        host == "otter.ai" || host == "www.otter.ai"
    })
}

/// How sure a head is, before the rest of the file is considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    /// A timestamp is part of it: always a head.
    Certain,
    /// `Name: text`: a head if the file backs it up.
    Label,
    /// `10:30 text`: a head if the file backs it up.
    BareClock,
    /// `00:01:23 Name` alone on its line: a named head if the file backs the
    /// name up, else a `BareClock` whose text is the name.
    ClockName,
    /// `[00:01:23] Name` alone on its line: a named head if the file backs
    /// the name up, as `ClockName`, else a timed line whose text is the name.
    BracketName,
}

/// A line (or two) that starts a cue.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Head<'a> {
    start: Option<Millis>,
    end: Option<Millis>,
    speaker: Option<&'a str>,
    /// Text after the label or timestamp on the same line.
    rest: &'a str,
    evidence: Evidence,
}

/// One source line, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    Head(Head<'a>),
    Text(&'a str),
}

/// Classifies the body's lines, with 1-based line numbers. A head that the
/// file does not back up (see the module doc) becomes text.
fn classify<'a>(lines: &[&'a str], body_start: usize) -> Vec<(usize, Line<'a>)> {
    let (mut out, unbroken_name_over_clock) = scan(lines, body_start, false);
    // A name line over a clock line with no blank line before it counts
    // when the file names its speakers next to timestamps elsewhere; then
    // the lines are read again with that layout allowed.
    let named =
        out.iter().any(|(_, l)| matches!(l, Line::Head(h) if h.evidence == Evidence::Certain && h.speaker.is_some()));
    if unbroken_name_over_clock && named {
        out = scan(lines, body_start, true).0;
    }
    resolve_clock_names(&mut out);

    let count = |evidence| out.iter().filter(|(_, l)| matches!(l, Line::Head(h) if h.evidence == evidence)).count();
    let certain = count(Evidence::Certain) > 0;
    let labels = count(Evidence::Label);
    let bare_clocks = count(Evidence::BareClock);
    let first = out.iter().position(|(_, l)| !matches!(l, Line::Blank));
    for (k, (number, line)) in out.iter_mut().enumerate() {
        let keep = match line {
            Line::Head(h) => match h.evidence {
                // `ClockName` and `BracketName` heads were all resolved to one of the others.
                Evidence::Certain | Evidence::ClockName | Evidence::BracketName => true,
                Evidence::Label => certain || labels >= 2 || Some(k) == first,
                Evidence::BareClock => certain || bare_clocks >= 2,
            },
            _ => true,
        };
        if !keep {
            *line = Line::Text(lines[*number - 1].trim());
        }
    }
    out
}

/// Classifies each line on its own (and a name line with the clock line
/// under it). A name line over a clock line is a head after a blank line
/// (or at the start), or anywhere when `unbroken_name_over_clock`; also
/// says whether it was seen anywhere else.
fn scan<'a>(lines: &[&'a str], body_start: usize, unbroken_name_over_clock: bool) -> (Vec<(usize, Line<'a>)>, bool) {
    let mut out = Vec::new();
    let mut seen_unbroken = false;
    let mut after_break = true;
    let mut i = body_start;
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        if line.trim().is_empty() {
            out.push((number, Line::Blank));
            after_break = true;
            i += 1;
            continue;
        }
        // A name alone, then a clock alone: the next-line variant of the
        // service export. Without a blank line before it only if the file
        // backs that up, so that a title-case caption line before a
        // timestamp stays text.
        if let Some(head) = name_over_clock(line, lines.get(i + 1).copied()) {
            if after_break || unbroken_name_over_clock {
                out.push((number, Line::Head(head)));
                after_break = false;
                i += 2;
                continue;
            }
            seen_unbroken = true;
        }
        let kind = head(line).map_or(Line::Text(line.trim()), Line::Head);
        out.push((number, kind));
        after_break = false;
        i += 1;
    }
    (out, seen_unbroken)
}

/// Decides each `00:01:23 Name` (and `[00:01:23] Name`) head: it names a
/// speaker when text follows it (the next non-blank line is not a head)
/// and the file backs its layout up: one of these names is the speaker of
/// another head too. Otherwise the name is text after its clock (a caption
/// line, a chapter title).
fn resolve_clock_names(out: &mut [(usize, Line<'_>)]) {
    let mut text_follows = vec![false; out.len()];
    let mut next_is_text = false;
    for (k, (_, line)) in out.iter().enumerate().rev() {
        match line {
            Line::Blank => {}
            Line::Text(_) => next_is_text = true,
            Line::Head(_) => {
                text_follows[k] = next_is_text;
                next_is_text = false;
            }
        }
    }
    let by_clock = |h: &Head<'_>| matches!(h.evidence, Evidence::ClockName | Evidence::BracketName);
    let candidate = |k: usize, h: &Head<'_>| !by_clock(h) || text_follows[k];
    let mut speakers: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (k, (_, line)) in out.iter().enumerate() {
        if let Line::Head(h @ Head { speaker: Some(name), .. }) = line {
            if candidate(k, h) {
                *speakers.entry(*name).or_default() += 1;
            }
        }
    }
    let backed = out.iter().enumerate().any(|(k, (_, line))| {
        matches!(line, Line::Head(h @ Head { speaker: Some(name), .. })
            if by_clock(h) && candidate(k, h) && speakers[name] >= 2)
    });
    for (k, (_, line)) in out.iter_mut().enumerate() {
        if let Line::Head(h) = line {
            if by_clock(h) {
                if backed && text_follows[k] {
                    h.evidence = Evidence::Certain;
                } else {
                    h.rest = h.speaker.take().unwrap_or_default();
                    // A bracketed clock is a timestamp whatever follows it.
                    h.evidence =
                        if h.evidence == Evidence::BracketName { Evidence::Certain } else { Evidence::BareClock };
                }
            }
        }
    }
}

/// Turns classified lines into cues: a head opens a cue, text continues
/// it, and a blank line after text makes the next text a new cue of the
/// same speaker.
fn build_cues(lines: &[(usize, Line<'_>)]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut open: Option<(Cue, String)> = None;
    let mut speaker: Option<&str> = None;
    let mut paragraph_ended = false;
    for (number, line) in lines {
        match line {
            Line::Blank => {
                // A blank line between a head and its first text (common in
                // exports) does not end anything.
                if open.as_ref().is_some_and(|(_, text)| !text.trim().is_empty()) {
                    paragraph_ended = true;
                }
            }
            Line::Head(head) => {
                close(&mut open, &mut cues);
                speaker = head.speaker;
                let cue = Cue {
                    start: head.start,
                    end: head.end,
                    speaker: speaker.and_then(cue_speaker),
                    line: *number,
                    ..Cue::default()
                };
                open = Some((cue, head.rest.to_string()));
                paragraph_ended = false;
            }
            Line::Text(text) => {
                if open.is_none() || paragraph_ended {
                    close(&mut open, &mut cues);
                    let cue = Cue { speaker: speaker.and_then(cue_speaker), line: *number, ..Cue::default() };
                    open = Some((cue, String::new()));
                    paragraph_ended = false;
                }
                if let Some((_, buffer)) = open.as_mut() {
                    buffer.push(' ');
                    buffer.push_str(text);
                }
            }
        }
    }
    close(&mut open, &mut cues);
    cues
}

/// The speaker a head's label names: the label, except whisper.cpp's
/// `(speaker 0)` (`Speaker 0`) and `(speaker ?)` (nobody).
fn cue_speaker(label: &str) -> Option<String> {
    match label.strip_prefix("speaker ") {
        Some(id) => label::diarized_name(id).flatten(),
        None => Some(label.to_string()),
    }
}

/// Finishes the open cue (text and its unjoined lines); one whose text is
/// empty, such as a head with nothing after it, is dropped.
fn close(open: &mut Option<(Cue, String)>, cues: &mut Vec<Cue>) {
    if let Some((mut cue, text)) = open.take() {
        cue.text = collapse_whitespace(&text);
        if !cue.text.is_empty() {
            cues.push(cue);
        }
    }
}

/// The head a single line makes, if any.
fn head(line: &str) -> Option<Head<'_>> {
    let t = line.trim();
    // `[00:01:02] Speaker: text`, `(00:01:02) text`.
    if let Some((start, end, rest)) = bracketed_clock(t) {
        let (speaker, rest) = split_label(after_dash(rest.trim_start()));
        let (speaker, rest, evidence) = match speaker {
            None if !rest.is_empty() && is_speaker_name(rest) => (Some(rest), "", Evidence::BracketName),
            _ => (speaker, rest, Evidence::Certain),
        };
        return Some(Head { start: Some(start), end, speaker, rest, evidence });
    }
    // `00:01:02 Speaker: text`, `0:00` alone, `00:01:02 Speaker`, `10:30 text`.
    if let Some((first, rest)) = split_first_word(t) {
        if let Some(start) = clock(first) {
            let (speaker, rest) = split_label(after_dash(rest));
            let (speaker, rest, evidence) = match speaker {
                Some(_) => (speaker, rest, Evidence::Certain),
                None if rest.is_empty() => (None, rest, Evidence::Certain),
                None if is_speaker_name(rest) => (Some(rest), "", Evidence::ClockName),
                None => (None, rest, Evidence::BareClock),
            };
            return Some(Head { start: Some(start), end: None, speaker, rest, evidence });
        }
    }
    // `Speaker (00:12): text`, `Speaker (00:12)`.
    if let Some(head) = name_with_clock(t) {
        return Some(head);
    }
    // `Speaker Name  0:00`.
    if let Some(head) = name_spaced_clock(t) {
        return Some(head);
    }
    // `Speaker: text`, or a timestamp after the label, `Speaker: [00:00:12]
    // text` and `Speaker: (00:12)`, as some editors export.
    match split_label(t) {
        (Some(speaker), rest) => match bracketed_clock(rest) {
            Some((start, end, rest)) => Some(Head {
                start: Some(start),
                end,
                speaker: Some(speaker),
                rest: rest.trim_start(),
                evidence: Evidence::Certain,
            }),
            None => Some(Head { start: None, end: None, speaker: Some(speaker), rest, evidence: Evidence::Label }),
        },
        (None, _) => None,
    }
}

/// What follows a dash between a head's clock and its speaker, as Happy
/// Scribe writes them (`[00:00:00.12] - Speaker 1`): the name alone or a
/// label. A dash before anything else (a dialogue dash, a list) stays.
fn after_dash(rest: &str) -> &str {
    let Some(name) = rest.strip_prefix(['-', '–', '—']).filter(|r| r.starts_with(char::is_whitespace)) else {
        return rest;
    };
    let name = name.trim_start();
    if is_speaker_name(name) || split_label(name).0.is_some() {
        name
    } else {
        rest
    }
}

/// `Name` alone on `line`, then a clock alone on `next`.
fn name_over_clock<'a>(line: &'a str, next: Option<&str>) -> Option<Head<'a>> {
    let name = line.trim();
    if !is_speaker_name(name) {
        return None;
    }
    let next = next?.trim();
    let (start, end) = match bracketed_clock(next) {
        Some((start, end, rest)) if rest.trim().is_empty() => (start, end),
        _ => (clock(next)?, None),
    };
    Some(Head { start: Some(start), end, speaker: Some(name), rest: "", evidence: Evidence::Certain })
}

/// `Name (00:12): text`, `Name [00:12]:`, or `Name (00:12)` alone.
fn name_with_clock(t: &str) -> Option<Head<'_>> {
    let open = t.find(['(', '['])?;
    let name = t[..open].trim_end();
    if !is_speaker_name(name) {
        return None;
    }
    let (start, end, after) = bracketed_clock(&t[open..])?;
    let after = after.trim_start();
    let rest = if after.is_empty() {
        after
    } else {
        let rest = after.strip_prefix(':')?;
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        rest.trim_start()
    };
    Some(Head { start: Some(start), end, speaker: Some(name), rest, evidence: Evidence::Certain })
}

/// `Name<two or more spaces, or a tab>0:00`, nothing else on the line.
fn name_spaced_clock(t: &str) -> Option<Head<'_>> {
    let last = t.split_whitespace().next_back()?;
    let start = clock(last)?;
    // `last` is a suffix of `t`, so this cut is on a char boundary.
    let before = &t[..t.len() - last.len()];
    let name = before.trim_end();
    let gap = &before[name.len()..];
    if !(gap.contains('\t') || gap.chars().count() >= 2) || !is_speaker_name(name) {
        return None;
    }
    Some(Head { start: Some(start), end: None, speaker: Some(name), rest: "", evidence: Evidence::Certain })
}

/// `[clock]`, `(clock)` or a range `[clock --> clock]` at the start of `t`:
/// the start, the end if given, and what follows the bracket.
fn bracketed_clock(t: &str) -> Option<(Millis, Option<Millis>, &str)> {
    let close = match t.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let end_at = t.find(close)?;
    let inside = &t[1..end_at];
    let rest = &t[end_at + 1..];
    if let Some(start) = clock(inside) {
        return Some((start, None, rest));
    }
    let (from, to) =
        inside.split_once("-->").or_else(|| inside.split_once("->")).or_else(|| inside.split_once(['-', '–']))?;
    let time = |t: &str| clock(t).or_else(|| suffixed_seconds(t));
    let start = time(from)?;
    // A range that runs backwards is tolerated: the start is still true.
    let end = time(to).filter(|&end| end >= start);
    Some((start, end, rest))
}

/// Seconds with an `s`, as faster-whisper's examples print a segment's
/// range (`[0.00s -> 5.00s]`): read only as either end of a range.
fn suffixed_seconds(text: &str) -> Option<Millis> {
    let number = text.trim().strip_suffix('s')?;
    if number.contains(':') || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    parse_clock(number)
}

/// A clock as transcripts write it: `1:02:03`, `12:34`, `00:01.500`. A bare
/// number (`2025`) is not one.
fn clock(text: &str) -> Option<Millis> {
    let text = text.trim();
    if !text.contains(':') {
        return None;
    }
    parse_clock(text)
}

/// The first whitespace-separated word of `t` and the rest, trimmed.
fn split_first_word(t: &str) -> Option<(&str, &str)> {
    let first = t.split_whitespace().next()?;
    // `t` is trimmed, so `first` starts it.
    Some((first, t[first.len()..].trim_start()))
}

/// Splits `Name: text` into the name and the text; `(None, t)` when `t`
/// does not start with a label.
fn split_label(t: &str) -> (Option<&str>, &str) {
    // whisper.cpp's `--diarize` output: `(speaker 0) text` ([`cue_speaker`]
    // names it).
    if let Some((label, rest)) = label::diarized_label(t) {
        return (Some(label), rest);
    }
    match label::split_label(t) {
        Some((name, rest)) => (Some(name), rest),
        None => (None, t),
    }
}

/// Reads a page-scrape header (see the module doc): its metadata, and the
/// index of the first line after it (0 when there is none).
fn read_header(lines: &[&str]) -> (Header, usize) {
    let mut header = Header::default();
    // One more than the markers may use, for a `Discussion (N)` after them.
    let firsts: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).take(HEADER_LINES + 1).collect();
    let marked = |test: fn(&str) -> bool| firsts.iter().take(HEADER_LINES).position(|&i| test(lines[i].trim()));
    let date_at = marked(|l| l.starts_with("Episode Date:"));
    let transcript_at = marked(|l| l.eq_ignore_ascii_case("transcript"));
    let Some(mut last) = date_at.max(transcript_at) else {
        return (header, 0);
    };
    if firsts.get(last + 1).is_some_and(|&i| is_discussion(lines[i].trim())) {
        last += 1;
    }

    let mut description: Vec<&str> = Vec::new();
    for (k, &i) in firsts[..=last].iter().enumerate() {
        let line = lines[i].trim();
        if Some(k) == date_at {
            let rest = line["Episode Date:".len()..].trim();
            match split_date(rest) {
                Some((iso, after)) => {
                    header.date = iso;
                    description.push(after);
                }
                // An unreadable date is kept as written when it is short;
                // a long one is probably glued to the description.
                None if rest.chars().count() <= 30 => header.date = rest.to_string(),
                None => description.push(rest),
            }
        } else if Some(k) == transcript_at || is_discussion(line) {
            continue;
        } else if k == 0 {
            match line.split_once(" - ") {
                Some((show, title)) => {
                    header.show = show.trim().to_string();
                    header.title = title.trim().to_string();
                }
                None => header.title = line.to_string(),
            }
        } else {
            description.push(line);
        }
    }
    header.description = collapse_whitespace(&description.join(" "));
    (header, firsts[last] + 1)
}

/// `Discussion (12)`, the comment count a page scrape leaves.
fn is_discussion(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("Discussion") else {
        return false;
    };
    let rest = rest.trim();
    rest.is_empty()
        || rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a date at the start of `text` (`April 16, 2025`, `Apr 16 2025`,
/// `16 April 2025`, `2025-04-16`): the ISO date and the text after it.
fn split_date(text: &str) -> Option<(String, &str)> {
    let (year, month, day, rest) = iso_date(text).or_else(|| month_first(text)).or_else(|| day_first(text))?;
    (day >= 1 && day <= days_in_month(year, month)).then(|| (format!("{year:04}-{month:02}-{day:02}"), rest.trim()))
}

/// `2025-04-16...`.
fn iso_date(text: &str) -> Option<(u32, u32, u32, &str)> {
    let (year, rest) = digits(text, 4, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    Some((year, month, day, rest))
}

/// `April 16, 2025...`, `Apr. 16 2025...`.
fn month_first(text: &str) -> Option<(u32, u32, u32, &str)> {
    let (month, rest) = month(text)?;
    let rest = rest.strip_prefix('.').unwrap_or(rest).trim_start();
    let (day, rest) = digits(rest, 1, 2)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let (year, rest) = digits(rest.strip_prefix(' ')?.trim_start(), 4, 4)?;
    Some((year, month, day, rest))
}

/// `16 April 2025...`.
fn day_first(text: &str) -> Option<(u32, u32, u32, &str)> {
    let (day, rest) = digits(text, 1, 2)?;
    let (month, rest) = month(rest.strip_prefix(' ')?.trim_start())?;
    let rest = rest.strip_prefix('.').unwrap_or(rest).strip_prefix(',').unwrap_or(rest);
    let (year, rest) = digits(rest.strip_prefix(' ')?.trim_start(), 4, 4)?;
    Some((year, month, day, rest))
}

/// A month name or abbreviation (`April`, `Apr`, `Sept`) at the start.
fn month(text: &str) -> Option<(u32, &str)> {
    #[rustfmt::skip]
    const MONTHS: [&str; 12] = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ];
    let len = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
    let word = text[..len].to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let month = MONTHS.iter().position(|m| m.starts_with(&word))?;
    Some((month as u32 + 1, &text[len..]))
}

/// `min..=max` ASCII digits at the start, as a number (taking at most `max`,
/// since a scrape may glue text to the year).
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let len = text.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if len < min {
        return None;
    }
    Some((text[..len].parse().ok()?, &text[len..]))
}

/// Whether a year of the Gregorian calendar has a 29 February.
fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Days in a month of the Gregorian calendar (0 for a month that is not).
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `start|end|speaker|text` per cue, as the golden files write them.
    fn cues(text: &str) -> Vec<String> {
        let ms = |t: Option<Millis>| t.map_or("-".to_string(), |t| t.to_string());
        parse(text)
            .unwrap()
            .cues
            .iter()
            .map(|c| format!("{}|{}|{}|{}", ms(c.start), ms(c.end), c.speaker.as_deref().unwrap_or("-"), c.text))
            .collect()
    }

    #[test]
    fn whispers_tsv_and_whisper_cpps_csv_are_timed_cues() {
        let tsv = "start\tend\ttext\n0\t4320\tWelcome to the show.\n4320\t9100\tI'm joined by Ana.\nbad row\n";
        let parsed = parse(tsv).unwrap();
        assert_eq!(cues(tsv), ["0|4320|-|Welcome to the show.", "4320|9100|-|I'm joined by Ana."]);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 4);
        let csv = "start,end,text\n0,2500,\" Hello, \"\"world\"\".\"\n2500,3000,\" Bye.\"\n";
        assert_eq!(cues(csv), ["0|2500|-|Hello, \"world\".", "2500|3000|-|Bye."]);
        // Prose that mentions the words is prose.
        assert_eq!(cues("start end text\nhello").len(), 1);
        // whisper.cpp's `--diarize` adds a speaker column.
        let csv = "start,end,speaker,text\n0,2500,0,\" Hello.\"\n2500,3000,1,\" Hi, you.\"\n3000,3500,?,\" Mm.\"\n4000,x,0,\"?\"\n";
        let parsed = parse(csv).unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(got, [(Some("Speaker 0"), "Hello."), (Some("Speaker 1"), "Hi, you."), (None, "Mm.")]);
        assert_eq!(parsed.warnings.len(), 1);
        assert!(parsed.warnings[0].message.contains("`start,end,speaker,text`"), "{}", parsed.warnings[0].message);
    }

    #[test]
    fn whisper_cpps_diarized_lines_name_their_speakers() {
        let text = "(speaker 0) Hello there.\n(speaker 1) Hi, thanks.\n(speaker ?) Mm.\n(speaker 0) So, tell us.\n";
        let got: Vec<_> = parse(text)
            .unwrap()
            .cues
            .into_iter()
            .map(|c| format!("{}|{}", c.speaker.unwrap_or_default(), c.text))
            .collect();
        assert_eq!(got, ["Speaker 0|Hello there.", "Speaker 1|Hi, thanks.", "|Mm.", "Speaker 0|So, tell us."]);
        // As whisper.cpp prints them, with times.
        let text =
            "[00:00:00.000 --> 00:00:02.500]  (speaker 0) Hello.\n[00:00:02.500 --> 00:00:04.000]  (speaker 1) Hi.\n";
        assert_eq!(cues(text), ["0|2500|Speaker 0|Hello.", "2500|4000|Speaker 1|Hi."]);
    }

    #[test]
    fn otters_footer_is_not_speech_and_says_so() {
        let text = "Ann Lee  0:05\nHello there.\n\nBo  0:09\nHi.\n\n\nTranscribed by https://otter.ai\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.cues.last().map(|c| c.text.as_str()), Some("Hi."));
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 8);
        assert_eq!(parsed.warnings[0].kind, ErrorKind::Note, "a note, which --strict lets pass");
        // Said in the conversation, it is speech.
        assert_eq!(cues("Transcribed by https://otter.ai, she said.").len(), 1);
    }

    #[test]
    fn empty_input_gives_no_cues() {
        assert!(cues("").is_empty());
        assert!(cues("\n  \n\t\n").is_empty());
        assert!(cues("\u{feff}").is_empty());
    }

    #[test]
    fn whisperxs_bracketed_speakers_name_their_lines() {
        let text = "[SPEAKER_00]: Hello, welcome to the show.\n[SPEAKER_01]: Thanks for having me.\n";
        assert_eq!(cues(text), ["-|-|SPEAKER_00|Hello, welcome to the show.", "-|-|SPEAKER_01|Thanks for having me."]);
    }

    #[test]
    fn lrc_id_tags_are_metadata_not_speech() {
        let lrc = "[ti:Episode 12]\n[by:whisper.cpp]\n[00:00.00] And so my fellow\n[00:05.00] ask what you can do.\n";
        assert_eq!(cues(lrc), ["0|-|-|And so my fellow", "5000|-|-|ask what you can do."]);
        assert_eq!(parse(lrc).unwrap().header.title, "Episode 12");
        // Only at the top, and only those tags.
        assert_eq!(cues("[note:x] Hello.\n").len(), 1);
        assert_eq!(cues("[00:00.00] Hi.\n[by:someone]\n").len(), 1);
    }

    #[test]
    fn labelled_lines_and_continuations() {
        assert_eq!(
            cues("Alex Kantrowitz: Welcome\nto the show.\nGRACE: hi\nDr. Smith: ok"),
            ["-|-|Alex Kantrowitz|Welcome to the show.", "-|-|GRACE|hi", "-|-|Dr. Smith|ok"]
        );
    }

    #[test]
    fn blank_line_splits_a_speakers_paragraphs() {
        assert_eq!(cues("Ann: one\n\ntwo\nthree\nBob: four"), ["-|-|Ann|one", "-|-|Ann|two three", "-|-|Bob|four"]);
    }

    #[test]
    fn label_alone_takes_the_following_lines() {
        assert_eq!(cues("Ann:\nhello there\nBob:\n\nhi"), ["-|-|Ann|hello there", "-|-|Bob|hi"]);
    }

    #[test]
    fn prose_colons_are_not_labels() {
        let text = "We met at 10:30 and talked.\nHere's the thing: it works.\nNote: see https://example.com/a:b for more.\nThe Bottom Line: ship it.\nSo what: nothing.";
        assert_eq!(cues(text), [format!("-|-|-|{}", collapse_whitespace(text))]);
    }

    #[test]
    fn lowercase_or_long_or_punctuated_names_are_not_labels() {
        for line in [
            "alex: hi",
            "One Two Three Four Five: hi",
            "Why not?: hi",
            "Wait, Bob: hi",
            "Hmm...: hi",
            "Wolfeschlegelsteinhausenbergerdorff Extraordinarius: hi",
            "Ann:hi",
            "Time 10:30 now",
        ] {
            let text = format!("Intro line.\n{line}\n{line}");
            assert_eq!(cues(&text).len(), 1, "{line}");
        }
    }

    #[test]
    fn names_with_particles_numbers_and_unicode() {
        assert_eq!(
            cues("Ursula von der Leyen: a\nSpeaker 2: b\nJosé Núñez: c\nO'Brien-Smith: d\nSPEAKER_01: e\n李明: f"),
            [
                "-|-|Ursula von der Leyen|a",
                "-|-|Speaker 2|b",
                "-|-|José Núñez|c",
                "-|-|O'Brien-Smith|d",
                "-|-|SPEAKER_01|e",
                "-|-|李明|f"
            ]
        );
    }

    #[test]
    fn generic_labels_are_speakers() {
        assert_eq!(
            cues("SPEAKER_00: a\nSPEAKER_1: b\nSpeaker 1: c\nSpeaker A: d"),
            ["-|-|SPEAKER_00|a", "-|-|SPEAKER_1|b", "-|-|Speaker 1|c", "-|-|Speaker A|d"]
        );
    }

    /// The same word list as SRT's (`Question:` was a speaker there).
    #[test]
    fn question_and_answer_are_prose() {
        assert_eq!(cues("Ann: hi\nQuestion: why?\nAnswer: because."), ["-|-|Ann|hi Question: why? Answer: because."]);
    }

    #[test]
    fn a_lone_label_mid_prose_stays_prose() {
        assert_eq!(
            cues("It went well.\nRemember: it works.\nThe end."),
            ["-|-|-|It went well. Remember: it works. The end."]
        );
    }

    #[test]
    fn a_lone_label_on_the_first_line_counts() {
        assert_eq!(cues("Alex: hello there"), ["-|-|Alex|hello there"]);
    }

    #[test]
    fn lead_ins_are_never_labels() {
        assert_eq!(cues("Note: a\nUPDATE: b"), ["-|-|-|Note: a UPDATE: b"]);
    }

    #[test]
    fn bracketed_timestamps() {
        assert_eq!(
            cues("[00:01:02] Ann: hi\n(00:01:05) Bob: yo\nmore\n[1:00:00] no name"),
            ["62000|-|Ann|hi", "65000|-|Bob|yo more", "3600000|-|-|no name"]
        );
    }

    #[test]
    fn a_timestamp_after_the_label_times_the_cue() {
        let text =
            "Jane Doe: [00:00:00] Hello.\nJohn Roe: [00:00:04] Hi, Jane.\n\nJane Doe: (00:09)\nSo, first question.\n";
        assert_eq!(
            cues(text),
            ["0|-|Jane Doe|Hello.", "4000|-|John Roe|Hi, Jane.", "9000|-|Jane Doe|So, first question."]
        );
    }

    #[test]
    fn faster_whispers_printed_segments_are_timed() {
        let text = "[0.00s -> 5.00s]  And so my fellow\n[5.00s -> 10.00s]  ask what you can do.\n";
        assert_eq!(cues(text), ["0|5000|-|And so my fellow", "5000|10000|-|ask what you can do."]);
        // Seconds alone are no timestamp.
        assert_eq!(cues("[5.00s] Hello.\n[6s] Hi.\n").len(), 1);
    }

    #[test]
    fn bracketed_range_gives_an_end() {
        assert_eq!(
            cues("[00:00.000 --> 00:04.500]  Hello.\n[00:04.500 --> 00:03.000] Backwards."),
            ["0|4500|-|Hello.", "4500|-|-|Backwards."]
        );
    }

    #[test]
    fn bare_leading_timestamps_with_labels() {
        assert_eq!(cues("00:01:02 Ann: hi\n00:01:09 Bob: yo"), ["62000|-|Ann|hi", "69000|-|Bob|yo"]);
    }

    #[test]
    fn one_bare_leading_time_in_prose_stays_prose() {
        assert_eq!(cues("We start\n10:30 is when we met."), ["-|-|-|We start 10:30 is when we met."]);
    }

    #[test]
    fn repeated_bare_leading_times_are_timestamps() {
        assert_eq!(cues("0:00 hello\n0:04 world"), ["0|-|-|hello", "4000|-|-|world"]);
    }

    #[test]
    fn clock_alone_on_a_line_starts_a_cue() {
        assert_eq!(cues("0:00\nwelcome back\n0:04\ntoday we"), ["0|-|-|welcome back", "4000|-|-|today we"]);
    }

    #[test]
    fn lines_end_at_lf_crlf_or_a_lone_cr() {
        // Mixed endings; the blank line (`\r\r\n`: CR then CRLF) ends a paragraph.
        assert_eq!(cues("Ann: a\nb\r\nc\rd\r\r\ne\n"), ["-|-|Ann|a b c d", "-|-|Ann|e"]);
        assert!(cues("").is_empty());
        assert_eq!(cues("Ann: Hello.\rBob: Hi.\rAnn: Bye.\r"), ["-|-|Ann|Hello.", "-|-|Bob|Hi.", "-|-|Ann|Bye."]);
    }

    #[test]
    fn bracketed_clock_over_a_name_alone_then_the_paragraph() {
        assert_eq!(
            cues("[00:00:01] Ann Lee\nHello there.\n\n[00:00:05] Bob\nHi Ann.\n\n[00:00:09] Ann Lee\nBye."),
            ["1000|-|Ann Lee|Hello there.", "5000|-|Bob|Hi Ann.", "9000|-|Ann Lee|Bye."]
        );
        // Not backed up by the file (no name comes back), or no text after
        // it: the name is the timed line's text, as before.
        assert_eq!(cues("[00:00:01] Okay\nso then.\n"), ["1000|-|-|Okay so then."]);
        assert_eq!(cues("[00:00:01] Hello\n[00:00:02] World"), ["1000|-|-|Hello", "2000|-|-|World"]);
    }

    #[test]
    fn happy_scribe_dash_between_clock_and_speaker() {
        assert_eq!(
            cues("[00:00:00.12] - Speaker 1\nHello there.\n\n[00:00:05.40] - Speaker 2\nHi.\n\n[00:00:09.02] - Speaker 1\nBye."),
            ["120|-|Speaker 1|Hello there.", "5400|-|Speaker 2|Hi.", "9020|-|Speaker 1|Bye."]
        );
        assert_eq!(cues("00:00:01 – Ann: hello\n00:00:04 — Bob: hi"), ["1000|-|Ann|hello", "4000|-|Bob|hi"]);
        // A dash before text that names nobody stays in the text.
        assert_eq!(cues("[00:00:01] - and then we left.\n"), ["1000|-|-|- and then we left."]);
    }

    #[test]
    fn name_with_paren_clock() {
        assert_eq!(
            cues("Ann (00:12): hi\nBob [01:02:03]:\nyo\nCy (0:15)\nhey"),
            ["12000|-|Ann|hi", "3723000|-|Bob|yo", "15000|-|Cy|hey"]
        );
    }

    #[test]
    fn service_export_same_line() {
        assert_eq!(
            cues("Alex Kantrowitz  0:00\nWelcome.\n\nGrace Shao\t0:07\nThanks.\nSpeaker 1   1:02:03\nOk."),
            ["0|-|Alex Kantrowitz|Welcome.", "7000|-|Grace Shao|Thanks.", "3723000|-|Speaker 1|Ok."]
        );
    }

    #[test]
    fn service_export_needs_a_wide_gap() {
        assert_eq!(cues("Ann Lee 0:00\nhi"), ["-|-|-|Ann Lee 0:00 hi"]);
    }

    #[test]
    fn service_export_next_line() {
        assert_eq!(
            cues("Alex Kantrowitz\n0:00\nWelcome.\n\nGrace Shao\n0:07\n\nThanks."),
            ["0|-|Alex Kantrowitz|Welcome.", "7000|-|Grace Shao|Thanks."]
        );
    }

    #[test]
    fn name_over_clock_without_breaks_when_the_file_names_speakers() {
        assert_eq!(
            cues("Ann Lee\n0:00\nhi\nBo\n0:04\nyo\nBo\n[0:09]\nmore"),
            ["0|-|Ann Lee|hi", "4000|-|Bo|yo", "9000|-|Bo|more"]
        );
    }

    #[test]
    fn clock_then_name_then_paragraph() {
        assert_eq!(
            cues("00:00:00 Ann Lee\nhi there\n\n00:00:05 Bo\n\nyo\n00:00:09 Ann Lee\nok"),
            ["0|-|Ann Lee|hi there", "5000|-|Bo|yo", "9000|-|Ann Lee|ok"]
        );
    }

    #[test]
    fn clock_then_title_without_a_repeated_name_stays_text() {
        assert_eq!(
            cues("0:00 Opening Remarks\nWe begin.\n5:00 Guest Interview\nShe joins."),
            ["0|-|-|Opening Remarks We begin.", "300000|-|-|Guest Interview She joins."]
        );
        // A name with no text under it is a caption line, not a speaker.
        assert_eq!(cues("0:00 Thanks\n0:02 Thanks\n0:04 Bye"), ["0|-|-|Thanks", "2000|-|-|Thanks", "4000|-|-|Bye"]);
    }

    #[test]
    fn name_over_clock_needs_a_break_before_it() {
        assert_eq!(cues("0:00\nWelcome Everyone\n0:04\nhi"), ["0|-|-|Welcome Everyone", "4000|-|-|hi"]);
    }

    #[test]
    fn timestamp_without_name_does_not_inherit_the_speaker() {
        assert_eq!(cues("[0:01] Ann: hi\n[0:05] and more"), ["1000|-|Ann|hi", "5000|-|-|and more"]);
    }

    #[test]
    fn out_of_order_timestamps_are_tolerated() {
        assert_eq!(cues("[0:09] Ann: a\n[0:01] Bob: b"), ["9000|-|Ann|a", "1000|-|Bob|b"]);
    }

    #[test]
    fn prose_is_one_cue_per_paragraph() {
        assert_eq!(cues("One two\nthree.\n\n\nFour.\n"), ["-|-|-|One two three.", "-|-|-|Four."]);
    }

    #[test]
    fn prose_before_the_first_label_has_no_speaker() {
        assert_eq!(cues("Intro.\nAnn: a\nBob: b"), ["-|-|-|Intro.", "-|-|Ann|a", "-|-|Bob|b"]);
    }

    #[test]
    fn cue_lines_are_one_based() {
        let lines: Vec<usize> = parse("\nAnn: a\n\nb\n[0:01] c").unwrap().cues.iter().map(|c| c.line).collect();
        assert_eq!(lines, [2, 4, 5]);
    }

    #[test]
    fn crlf_line_endings() {
        assert_eq!(cues("Ann: a\r\nb\r\n\r\nBob: c\r\n"), ["-|-|Ann|a b", "-|-|Bob|c"]);
    }

    #[test]
    fn page_scrape_header_is_metadata() {
        let parsed = parse(
            "My Show - Ep 1: The Start\nEpisode Date: March 3, 2024Guest talks.\nTranscript\nDiscussion (12)\nHello there.",
        )
        .unwrap();
        let h = &parsed.header;
        assert_eq!((h.show.as_str(), h.title.as_str()), ("My Show", "Ep 1: The Start"));
        assert_eq!((h.date.as_str(), h.description.as_str()), ("2024-03-03", "Guest talks."));
        assert_eq!(parsed.cues.len(), 1);
        assert_eq!((parsed.cues[0].text.as_str(), parsed.cues[0].line), ("Hello there.", 5));
    }

    #[test]
    fn header_title_without_show() {
        let parsed = parse("Just A Title\nTranscript\nAnn: hi").unwrap();
        assert_eq!((parsed.header.show.as_str(), parsed.header.title.as_str()), ("", "Just A Title"));
        assert_eq!(cues("Just A Title\nTranscript\nAnn: hi"), ["-|-|Ann|hi"]);
    }

    #[test]
    fn header_with_only_a_date_line() {
        let parsed = parse("Show - Title\nEpisode Date: 2025-01-31\nBody.").unwrap();
        assert_eq!(parsed.header.date, "2025-01-31");
        assert_eq!(parsed.header.description, "");
        assert_eq!(parsed.cues[0].text, "Body.");
    }

    #[test]
    fn header_lines_between_add_to_the_description() {
        let parsed = parse("Show - Title\nA description\nwrapped.\nTranscript\nBody.").unwrap();
        assert_eq!(parsed.header.description, "A description wrapped.");
        assert_eq!(cues("Show - Title\nA description\nwrapped.\nTranscript\nBody."), ["-|-|-|Body."]);
    }

    #[test]
    fn unreadable_dates_are_kept_as_written() {
        assert_eq!(parse("T\nEpisode Date: Spring 2025\nx").unwrap().header.date, "Spring 2025");
        let parsed = parse("T\nEpisode Date: February 30, 2025Text.\nx").unwrap();
        assert_eq!((parsed.header.date.as_str(), parsed.header.description.as_str()), ("February 30, 2025Text.", ""));
    }

    #[test]
    fn no_header_without_markers() {
        let text = "Show - Title\nSecond line.\nThird: line here.";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.header, Header::default());
        assert_eq!(cues(text), [format!("-|-|-|{}", collapse_whitespace(text))]);
    }

    #[test]
    fn transcript_marker_late_is_not_a_header() {
        let text = "a\nb\nc\nd\ne\nf\nTranscript\ng";
        assert_eq!(parse(text).unwrap().header, Header::default());
        assert_eq!(cues(text), ["-|-|-|a b c d e f Transcript g"]);
    }

    #[test]
    fn dates_in_several_forms() {
        assert_eq!(split_date("April 16, 2025Grace"), Some(("2025-04-16".to_string(), "Grace")));
        assert_eq!(split_date("Sept. 1 2024 x"), Some(("2024-09-01".to_string(), "x")));
        assert_eq!(split_date("16 Apr 2025"), Some(("2025-04-16".to_string(), "")));
        assert_eq!(split_date("29 February 2024"), Some(("2024-02-29".to_string(), "")));
        assert_eq!(split_date("2025-12-31T10"), Some(("2025-12-31".to_string(), "T10")));
        for bad in [
            "",
            "Ma 1, 2025",
            "April 2025",
            "April 31, 2025",
            "29 February 2023",
            "2025-13-01",
            "Mayday 1, 2025",
            "April 1, 25",
        ] {
            assert_eq!(split_date(bad), None, "{bad:?}");
        }
    }

    /// Every word of the input, minus the words in `removed`, in order.
    fn words_without<'a>(text: &'a str, removed: &[&str]) -> Vec<&'a str> {
        text.split_whitespace().filter(|w| !removed.contains(w)).collect()
    }

    #[test]
    fn every_word_reaches_the_cues_in_order() {
        let text =
            "Intro is: not a label here.\n\n[00:01] Ann: one two\nthree\n\nfour\nBob (0:05): five\nCy  0:09\nsix seven";
        let got: Vec<String> =
            parse(text).unwrap().cues.iter().flat_map(|c| c.text.split(' ').map(str::to_string)).collect();
        assert_eq!(got, words_without(text, &["[00:01]", "Ann:", "Bob", "(0:05):", "Cy", "0:09"]));
    }

    const FIXTURE: &str = "Show - Title\nEpisode Date: April 16, 2025Desc\nTranscript\nDiscussion (3)\n\n[00:01:02] Ann: hi\n(0:05) Bob: yo\nAnn (0:07):\nok\nCy Lee  0:09\n\nDe\n0:11\nx: y\nZoë 🎙: ünïcödé\n";

    #[test]
    fn no_prefix_of_a_transcript_panics() {
        for (i, _) in FIXTURE.char_indices() {
            let _ = parse(&FIXTURE[..i]);
            let _ = parse(&FIXTURE[i..]);
        }
    }

    #[test]
    fn random_mixes_of_tricky_pieces_never_panic() {
        const PIECES: &[&str] = &[
            "Ann",
            "Dr.",
            "GRACE",
            "von",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            ":",
            "[",
            "]",
            "(",
            ")",
            "0",
            "1:",
            "00:",
            "59",
            ".5",
            "-->",
            "-",
            "–",
            "é",
            "🎙",
            "\u{feff}",
            "\u{301}",
            "Episode Date: ",
            "April 1, 2025",
            "Transcript",
            "Discussion (1)",
            " - ",
            "https://x",
        ];
        // A fixed linear congruential generator: reproducible, no dependency.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 24) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            let parsed = parse(&text).unwrap();
            assert!(parsed.cues.iter().all(|c| !c.text.is_empty() && c.line >= 1));
        }
    }

    #[test]
    fn garbage_and_weird_unicode_never_panic() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
        let _ = parse(&String::from_utf8_lossy(&bytes));
        for weird in [
            "\u{feff}\u{feff}",
            "[",
            "(",
            "[]",
            "()",
            "[:]",
            "[0:0",
            "[0:00 -->",
            "[0:00 - ]",
            "(–)",
            "\r\r\r",
            "Ā:",
            "\u{202e}Ann\u{202c}: hi",
            "A\u{0301}: x",
            "Ǆ: x",
            "𝒜: x",
            "ß: x",
            "İ: x",
            "\u{200b}: x",
            "ﬁ: x",
            ":",
            "::",
            " : ",
            "Episode Date:",
            "Episode Date: April",
            "Episode Date: 9",
            "Transcript",
            "Discussion (",
            "Discussion ()",
            "9999999999:00 x",
            "00:00:00.0000 x",
            "Ann\n",
            "Ann\n0:0",
            "Ann  ",
            "  0:00",
        ] {
            let _ = parse(weird);
        }
        let mut all: String = (0u32..0x3000).step_by(7).filter_map(char::from_u32).collect();
        all.push_str(":\n  0:00\t[:]");
        for (i, _) in all.char_indices().step_by(13) {
            let _ = parse(&all[i..]);
        }
    }
}
