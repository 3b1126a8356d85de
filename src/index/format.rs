//! The one byte format of an index, written and read by this module only.
//!
//! In (write): [`IndexParts`]. Out: bytes. In (read): any bytes. Out:
//! [`IndexParts`] or a [`FormatError`] that says what to do.
//!
//! Layout (all integers little-endian; `varint` is LEB128):
//! ```text
//! header   magic "VRBTIDX\0" (8) | version u16 | reserved u16 | payload length u32 | CRC-32 of payload u32
//! payload  sections, each: tag u8 | varint length | bytes, in the order of `Section`
//! ```
//! Neither postings nor the `fst` are stored: [`crate::index::Index`]
//! derives both on load from the text with the one tokenizer, and checks
//! them against the stored [`Dictionary`] fingerprint. BENCHMARKS.md has
//! the measurements behind that choice (stored, they would cost 0.4× and
//! 0.3× the gzipped text; deriving them costs a few milliseconds at load).
//! The reader checks magic, version, length and checksum before it looks at
//! a section, then bounds-checks every read, so truncated, corrupt or
//! foreign bytes give a typed error and never a panic.

use std::fmt;

use crate::transcript::{Chapter, Millis, Segment, Speaker, Timing, Transcript, WordTime};

/// File signature: the first eight bytes of every index.
pub const MAGIC: &[u8; 8] = b"VRBTIDX\0";
/// Format version this build writes and reads. Bump on any layout change.
pub const VERSION: u16 = 2;
/// The older version this build still reads: version 2 without its `folds`
/// section (the widget then folds the text's characters as the browser does).
pub const VERSION_WITHOUT_FOLDS: u16 = 1;
/// The longest folded form of one character, in bytes (U+FDFA's, 33, with room).
const MAX_FOLD_BYTES: usize = 64;
/// Bytes before the payload.
pub const HEADER_LEN: usize = 20;

/// CRC-32 (ISO-HDLC, as zlib and PNG use), one 256-entry table.
const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// The sections of the payload, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Title, show, date, description, audio URL, timing.
    Meta = 1,
    /// Speaker ids, names and roles.
    Speakers = 2,
    /// Chapter starts and titles.
    Chapters = 3,
    /// Segment table: start, length, speaker, text length.
    Segments = 4,
    /// Segment texts, concatenated.
    Text = 5,
    /// Word times, per segment.
    WordTimes = 6,
    /// The term dictionary's fingerprint: how many terms, and their CRC-32.
    Terms = 7,
    /// How the text's characters fold, for the widget (`tokenize::folds_of`).
    Folds = 8,
}

impl Section {
    /// All sections in file order.
    pub const ALL: [Section; 8] = [
        Section::Meta,
        Section::Speakers,
        Section::Chapters,
        Section::Segments,
        Section::Text,
        Section::WordTimes,
        Section::Terms,
        Section::Folds,
    ];

    /// Lower-case name for messages and `verbatim stats`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Meta => "meta",
            Section::Speakers => "speakers",
            Section::Chapters => "chapters",
            Section::Segments => "segments",
            Section::Text => "text",
            Section::WordTimes => "word times",
            Section::Terms => "dictionary",
            Section::Folds => "folds",
        }
    }
}

/// Everything an index holds, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexParts {
    /// The transcript (segments with text, speakers, metadata).
    pub transcript: Transcript,
    /// The fingerprint of the term dictionary the writer built.
    pub dictionary: Dictionary,
    /// How the text's characters that do not fold to themselves fold,
    /// sorted ([`crate::tokenize::folds_of`]): what the widget, which has
    /// no folding table of its own, learns ([`crate::tokenize::learn`]).
    /// `None` in a file of version 1, which did not say; given `None`, the
    /// writer computes them from the text (what [`crate::index::IndexBuilder`]
    /// does).
    pub folds: Option<Vec<(char, String)>>,
}

/// A fingerprint of a term dictionary: the reader rebuilds the dictionary
/// (an `fst::Set`) from the text and checks it against this, so an index
/// written with a different tokenizer is refused rather than searched
/// wrongly. The `fst` itself is not stored: its bytes depend on the
/// platform that built it (the builder's node cache differs between 32-
/// and 64-bit targets), rebuilding it costs about a millisecond, and a
/// reader that never traverses stored `fst` bytes cannot be crashed by
/// them. BENCHMARKS.md has the measurements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dictionary {
    /// Number of distinct terms.
    pub terms: u32,
    /// CRC-32 of the sorted terms, each followed by a NUL byte.
    pub crc: u32,
}

impl Dictionary {
    /// The fingerprint of sorted, distinct terms.
    pub fn of<'a>(terms: impl IntoIterator<Item = &'a str>) -> Dictionary {
        let mut digest = CRC.digest();
        let mut count = 0u32;
        for term in terms {
            digest.update(term.as_bytes());
            digest.update(&[0]);
            count += 1;
        }
        Dictionary { terms: count, crc: digest.finalize() }
    }
}

/// Why bytes could not be read as an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not an index at all (wrong signature).
    NotAnIndex,
    /// An index of another format version.
    UnsupportedVersion {
        /// The version the file says it is.
        found: u16,
    },
    /// A file of a show's catalogue could not be read, for the reason
    /// inside: the same causes, but the site is what to upload or rebuild.
    /// This and `OtherBuild`, with their messages, are left out of the
    /// episode widget's wasm, which reads no catalogue (see `crate::archive`).
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    Catalogue(Box<FormatError>),
    /// The bytes end before the index does (an interrupted download or copy).
    Truncated {
        /// Bytes the header promises.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
    /// The payload does not match its checksum (the file was damaged).
    ChecksumMismatch,
    /// A catalogue file of another build than the manifest read before it
    /// (a cache kept an old copy, or an upload is under way).
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    OtherBuild,
    /// The checksum matched but a section is inconsistent.
    Corrupt {
        /// The section being read.
        section: &'static str,
        /// What was wrong.
        what: String,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotAnIndex => write!(f, "this is not a Verbatim index (wrong signature); build one with `verbatim index`"),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "this index has format version {found}, but this Verbatim reads version {VERSION}; rebuild it with this version's `verbatim index`"
            ),
            FormatError::Truncated { expected, found } => write!(
                f,
                "the index is truncated: {found} of {expected} bytes are present; download or copy it again"
            ),
            FormatError::ChecksumMismatch => {
                write!(f, "the index is damaged (checksum mismatch); download or copy it again, or rebuild it")
            }
            FormatError::Corrupt { section, what } => {
                write!(f, "the index is damaged in its {section} section: {what}; rebuild it with `verbatim index`")
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
            FormatError::OtherBuild => write!(
                f,
                "this file is from another build of the catalogue than its manifest; upload the whole site again, or reload the page"
            ),
            #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
            FormatError::Catalogue(inner) => match &**inner {
                FormatError::NotAnIndex => write!(
                    f,
                    "this is not a Verbatim catalogue file (wrong signature); rebuild the site with `verbatim archive`"
                ),
                FormatError::UnsupportedVersion { found } => write!(
                    f,
                    "this catalogue file has format version {found}, but this Verbatim reads version {}; rebuild the site with this version's `verbatim archive`",
                    crate::archive::format::VERSION
                ),
                FormatError::Truncated { expected, found } => write!(
                    f,
                    "this catalogue file is truncated: {found} of {expected} bytes are present; upload or copy the site again"
                ),
                FormatError::ChecksumMismatch => write!(
                    f,
                    "this catalogue file is damaged (checksum mismatch); upload or copy the site again, or rebuild it with `verbatim archive`"
                ),
                FormatError::Corrupt { section, what } => write!(
                    f,
                    "this catalogue file is damaged in its {section} section: {what}; rebuild the site with `verbatim archive`"
                ),
                FormatError::OtherBuild => write!(
                    f,
                    "this catalogue file is from another build of the site than its manifest (an old copy kept by a cache, or an upload still under way); upload the whole site again, or reload the page"
                ),
                FormatError::Catalogue(_) => inner.fmt(f),
            },
        }
    }
}

impl FormatError {
    /// Whether the file is of another build of the catalogue (fetching it
    /// again past a cache may give the right one).
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    pub fn is_other_build(&self) -> bool {
        match self {
            FormatError::OtherBuild => true,
            FormatError::Catalogue(inner) => inner.is_other_build(),
            _ => false,
        }
    }

    /// This error, as the error of a catalogue file.
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    pub fn in_catalogue(self) -> FormatError {
        match self {
            FormatError::Catalogue(_) => self,
            other => FormatError::Catalogue(Box::new(other)),
        }
    }
}

impl std::error::Error for FormatError {}

/// Appends primitive values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Reads primitive values from a byte slice, bounds-checked.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], section: &'static str) -> Reader<'a> {
        Reader { bytes, at: 0, section }
    }

    pub fn corrupt(&self, what: impl Into<String>) -> FormatError {
        FormatError::Corrupt { section: self.section, what: what.into() }
    }

    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub fn u8(&mut self) -> Result<u8, FormatError> {
        let b = *self.bytes.get(self.at).ok_or_else(|| self.corrupt("unexpected end"))?;
        self.at += 1;
        Ok(b)
    }

    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.corrupt("a number is too long"))
    }

    /// A varint that must fit in `u32`.
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.corrupt(format!("number {v} is out of range")))
    }

    /// A length that must not exceed the bytes left (so a corrupt length
    /// cannot make the reader allocate gigabytes).
    pub fn len(&mut self) -> Result<usize, FormatError> {
        let n = self.varint()?;
        let left = self.rest_len();
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| self.corrupt(format!("length {n} exceeds the {left} bytes left")))
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.at.checked_add(n).ok_or_else(|| self.corrupt("length out of range"))?;
        let slice = self.bytes.get(self.at..end).ok_or_else(|| self.corrupt("unexpected end"))?;
        self.at += n;
        Ok(slice)
    }

    /// How many bytes are not read yet.
    pub fn rest_len(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    /// Everything not read yet.
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or(&[]);
        self.at = self.bytes.len();
        rest
    }

    pub fn string(&mut self) -> Result<String, FormatError> {
        let n = self.len()?;
        let raw = self.bytes(n)?;
        String::from_utf8(raw.to_vec()).map_err(|_| self.corrupt("text is not UTF-8"))
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Encodes an index. The only writer of the format.
pub fn encode(parts: &IndexParts) -> Vec<u8> {
    let t = &parts.transcript;
    let mut payload = Vec::new();
    for section in Section::ALL {
        let mut w = Writer::default();
        match section {
            Section::Meta => {
                for s in [&t.title, &t.show, &t.date, &t.description] {
                    w.str(s);
                }
                w.str(t.audio_url.as_deref().unwrap_or(""));
                w.varint(match t.timing {
                    Timing::Exact => 0,
                    Timing::Estimated => 1,
                });
            }
            Section::Speakers => {
                w.varint(t.speakers.len() as u64);
                for s in &t.speakers {
                    w.str(&s.id);
                    w.str(&s.name);
                    w.str(&s.role);
                }
            }
            Section::Chapters => {
                w.varint(t.chapters.len() as u64);
                for c in &t.chapters {
                    w.varint(u64::from(c.start));
                    w.str(&c.title);
                }
            }
            Section::Segments => {
                // Each start as the gap after the previous segment's end
                // (zigzag, since captions may overlap): usually 0, one byte.
                w.varint(t.segments.len() as u64);
                let mut prev_end: i64 = 0;
                for s in &t.segments {
                    w.varint(zigzag(i64::from(s.start) - prev_end));
                    w.varint(u64::from(s.end - s.start));
                    w.varint(s.speaker.map_or(0, |i| u64::from(i) + 1));
                    w.varint(s.text.len() as u64);
                    prev_end = i64::from(s.end);
                }
            }
            Section::Text => {
                for s in &t.segments {
                    w.bytes.extend_from_slice(s.text.as_bytes());
                }
            }
            Section::WordTimes => {
                for s in &t.segments {
                    w.varint(s.words.len() as u64);
                    let (mut offset, mut start) = (0, s.start);
                    for word in &s.words {
                        w.varint(u64::from(word.offset - offset));
                        w.varint(u64::from(word.start.saturating_sub(start)));
                        (offset, start) = (word.offset, word.start.max(start));
                    }
                }
            }
            Section::Terms => {
                w.varint(u64::from(parts.dictionary.terms));
                w.bytes.extend_from_slice(&parts.dictionary.crc.to_le_bytes());
            }
            Section::Folds => {
                let computed;
                let folds = match &parts.folds {
                    Some(folds) => folds,
                    None => {
                        computed = crate::tokenize::folds_of(t.segments.iter().map(|s| s.text.as_str()));
                        &computed
                    }
                };
                // Each character as its distance from the one before.
                w.varint(folds.len() as u64);
                let mut previous = 0;
                for (c, folded) in folds {
                    w.varint(u64::from(*c as u32 - previous));
                    w.str(folded);
                    previous = *c as u32;
                }
            }
        }
        payload.push(section as u8);
        let mut len = Writer::default();
        len.varint(w.bytes.len() as u64);
        payload.extend_from_slice(&len.bytes);
        payload.extend_from_slice(&w.bytes);
    }
    let [v0, v1] = VERSION.to_le_bytes();
    frame(MAGIC, [v0, v1, 0, 0], &payload)
}

/// A framed file: `magic`, the 4 bytes of `fields`, the payload's length
/// and CRC-32, then the payload (what [`framed`] reads back).
pub(crate) fn frame(magic: &[u8; 8], fields: [u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&fields);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&CRC.checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a framed file (an index, or a catalogue file): `magic`
/// (8 bytes), 4 bytes that `fields` checks (version and the like, checked
/// before the checksum so that a newer file says so), the payload's length
/// (u32), its CRC-32 (u32), then the payload. A prefix of the magic is a
/// truncated file; other bytes are not one at all.
pub(crate) fn framed<'a>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    section: &'static str,
    fields: impl FnOnce([u8; 4]) -> Result<(), FormatError>,
) -> Result<&'a [u8], FormatError> {
    if bytes.len() < magic.len() || &bytes[..magic.len()] != magic {
        if !bytes.is_empty() && magic.starts_with(bytes) {
            return Err(FormatError::Truncated { expected: HEADER_LEN, found: bytes.len() });
        }
        return Err(FormatError::NotAnIndex);
    }
    if bytes.len() < HEADER_LEN {
        return Err(FormatError::Truncated { expected: HEADER_LEN, found: bytes.len() });
    }
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    fields([bytes[8], bytes[9], bytes[10], bytes[11]])?;
    // In u64: in the widget (wasm32, 32-bit usize) the header's length plus
    // HEADER_LEN would wrap for a length near u32::MAX.
    let expected = HEADER_LEN as u64 + u64::from(word(12));
    if (bytes.len() as u64) < expected {
        let expected = usize::try_from(expected).unwrap_or(usize::MAX);
        return Err(FormatError::Truncated { expected, found: bytes.len() });
    }
    let expected = HEADER_LEN + word(12) as usize; // at most bytes.len(): no wrap
    if bytes.len() > expected {
        return Err(FormatError::Corrupt {
            section,
            what: format!("{} unexpected bytes after the end", bytes.len() - expected),
        });
    }
    let payload = &bytes[HEADER_LEN..expected];
    if CRC.checksum(payload) != word(16) {
        return Err(FormatError::ChecksumMismatch);
    }
    Ok(payload)
}

/// Checks the header and checksum, and splits the payload into sections.
/// Returns each section's bytes in file order.
pub fn sections(bytes: &[u8]) -> Result<Vec<(Section, &[u8])>, FormatError> {
    let mut version = VERSION;
    let payload = framed(bytes, MAGIC, "header", |fields| {
        version = u16::from_le_bytes([fields[0], fields[1]]);
        if version != VERSION && version != VERSION_WITHOUT_FOLDS {
            return Err(FormatError::UnsupportedVersion { found: version });
        }
        if fields[2..] != [0, 0] {
            return Err(FormatError::Corrupt { section: "header", what: "reserved bytes are not zero".into() });
        }
        Ok(())
    })?;
    let mut r = Reader::new(payload, "header");
    let mut out = Vec::with_capacity(Section::ALL.len());
    let count = if version == VERSION_WITHOUT_FOLDS { Section::ALL.len() - 1 } else { Section::ALL.len() };
    for &section in &Section::ALL[..count] {
        let tag = r.u8()?;
        if tag != section as u8 {
            return Err(r.corrupt(format!("expected section {} ({}), found tag {tag}", section as u8, section.name())));
        }
        let n = r.len()?;
        out.push((section, r.bytes(n)?));
    }
    if !r.is_empty() {
        return Err(r.corrupt("unexpected bytes after the last section"));
    }
    Ok(out)
}

/// Decodes an index, validating every section. The only reader of the format.
pub fn decode(bytes: &[u8]) -> Result<IndexParts, FormatError> {
    let sections = sections(bytes)?;
    let part = |s: Section| sections[s as usize - 1].1;
    let mut t = Transcript::default();

    let mut r = Reader::new(part(Section::Meta), Section::Meta.name());
    t.title = r.string()?;
    t.show = r.string()?;
    t.date = r.string()?;
    t.description = r.string()?;
    let audio = r.string()?;
    t.audio_url = (!audio.is_empty()).then_some(audio);
    t.timing = match r.varint()? {
        0 => Timing::Exact,
        1 => Timing::Estimated,
        other => return Err(r.corrupt(format!("unknown timing {other}"))),
    };

    let mut r = Reader::new(part(Section::Speakers), Section::Speakers.name());
    let n = r.len()?;
    if n > usize::from(u16::MAX) {
        return Err(r.corrupt("too many speakers"));
    }
    for _ in 0..n {
        t.speakers.push(Speaker { id: r.string()?, name: r.string()?, role: r.string()? });
    }

    let mut r = Reader::new(part(Section::Chapters), Section::Chapters.name());
    for _ in 0..r.len()? {
        t.chapters.push(Chapter { start: r.u32()?, title: r.string()? });
    }

    let text = part(Section::Text);
    let mut r = Reader::new(part(Section::Segments), Section::Segments.name());
    let n = r.len()?;
    let (mut prev_end, mut at): (i64, usize) = (0, 0);
    for _ in 0..n {
        let start = prev_end + unzigzag(r.varint()?);
        let start = Millis::try_from(start).map_err(|_| r.corrupt(format!("start time {start} out of range")))?;
        if t.segments.last().is_some_and(|previous| start < previous.start) {
            return Err(r.corrupt("segments are not in time order"));
        }
        let end = start.checked_add(r.u32()?).ok_or_else(|| r.corrupt("time overflow"))?;
        prev_end = i64::from(end);
        let speaker = match r.varint()? {
            0 => None,
            i if i <= t.speakers.len() as u64 => Some((i - 1) as u16),
            i => return Err(r.corrupt(format!("speaker {i} does not exist"))),
        };
        let len = r.u32()? as usize;
        let raw = at
            .checked_add(len)
            .and_then(|end| text.get(at..end))
            .ok_or_else(|| r.corrupt("segment text runs past the text section"))?;
        let text = std::str::from_utf8(raw).map_err(|_| r.corrupt("segment text is not UTF-8"))?.to_string();
        at += len;
        t.segments.push(Segment { start, end, speaker, text, words: Vec::new() });
    }
    if at != text.len() {
        return Err(r.corrupt("the text section is longer than its segments"));
    }

    let mut r = Reader::new(part(Section::WordTimes), Section::WordTimes.name());
    for s in &mut t.segments {
        let (mut offset, mut time) = (0u32, s.start);
        for _ in 0..r.len()? {
            offset = offset.checked_add(r.u32()?).ok_or_else(|| r.corrupt("offset overflow"))?;
            time = time.checked_add(r.u32()?).ok_or_else(|| r.corrupt("time overflow"))?;
            if offset as usize > s.text.len() || !s.text.is_char_boundary(offset as usize) {
                return Err(r.corrupt("a word time points outside its segment"));
            }
            s.words.push(WordTime { offset, start: time });
        }
    }
    if !r.is_empty() {
        return Err(r.corrupt("unexpected bytes at the end"));
    }

    let mut r = Reader::new(part(Section::Terms), Section::Terms.name());
    let terms = r.u32()?;
    let crc = r.bytes(4)?;
    let dictionary = Dictionary { terms, crc: u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]) };
    if !r.is_empty() {
        return Err(r.corrupt("unexpected bytes at the end"));
    }

    let mut folds = None;
    if let Some(&(_, bytes)) = sections.get(Section::Folds as usize - 1) {
        let folds = folds.insert(Vec::new());
        let mut r = Reader::new(bytes, Section::Folds.name());
        let mut previous: Option<u32> = None;
        for _ in 0..r.len()? {
            let step = r.u32()?;
            let code = match previous {
                Some(_) if step == 0 => return Err(r.corrupt("a character is listed twice")),
                Some(p) => p.checked_add(step),
                None => Some(step),
            };
            let c = code.and_then(char::from_u32).ok_or_else(|| r.corrupt("a character is out of range"))?;
            let folded = r.string()?;
            if folded.len() > MAX_FOLD_BYTES {
                return Err(r.corrupt("a folded form is too long"));
            }
            folds.push((c, folded));
            previous = Some(c as u32);
        }
        if !r.is_empty() {
            return Err(r.corrupt("unexpected bytes at the end"));
        }
    }
    Ok(IndexParts { transcript: t, dictionary, folds })
}
