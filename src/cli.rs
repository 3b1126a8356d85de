//! The `verbatim` command line (native only; part of the binary, not the
//! library).
//!
//! In: arguments. Out: index files, JSON on stdout, and on bad input
//! `error: <file>:<line>: <what>` on stderr with a non-zero exit, leaving no
//! partial output file behind. The library returns typed errors; only this
//! module turns them into messages and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use verbatim::index::{Index, IndexBuilder};
use verbatim::parse;
use verbatim::search::{Query, Searcher};
use verbatim::transcript::{format_clock, Millis, Segment, Transcript};

use crate::publish;

/// Build and search podcast transcript indexes for the Verbatim widget.
#[derive(Parser)]
#[command(name = "verbatim", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  verbatim index www/episodes/china-ai-strategy -o demo.idx\n  verbatim search demo.idx 'hangzhou robots' --json\n  verbatim search demo.idx '\"open source\"' --speaker grace-shao\n  verbatim stats demo.idx\n  verbatim speakers whisperx.json\n  verbatim archive my-show/ -o site/\n  verbatim search site/ 'open source' --speaker 'Grace Shao' --json\n  verbatim bundle www/episodes/china-ai-strategy -o episode.html\n  verbatim embed www/episodes/china-ai-strategy --out embed/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Treat warnings about the transcript (a dropped cue, a corrected
    /// time) as errors: exit non-zero and write nothing.
    #[arg(long, global = true)]
    strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from an episode folder or a transcript file
    /// (WebVTT, SRT, JSON from Podcasting 2.0, Whisper, whisper.cpp or
    /// WhisperX, or plain text; the extension says which, or the content).
    Index {
        /// Episode folder (transcript + episode.toml) or transcript file.
        input: PathBuf,
        /// Where to write the index.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print an index's episode: metadata and every segment.
    Dump {
        /// Index file.
        index: PathBuf,
        /// Print JSON (the only format for now; kept for clarity in scripts).
        #[arg(long)]
        json: bool,
    },
    /// Search an index, or a whole show's site, with the query language the
    /// widget uses.
    Search {
        /// Index file, or a site written by `verbatim archive`.
        index: PathBuf,
        /// Query: words (ANDed; the last one also as a prefix; small typos
        /// tolerated) and "quoted phrases".
        query: String,
        /// Keep only segments of this speaker id (repeatable); in a site, a
        /// speaker's name or id.
        #[arg(long = "speaker", value_name = "ID")]
        speakers: Vec<String>,
        /// Print JSON instead of readable lines.
        #[arg(long)]
        json: bool,
    },
    /// Write one self-contained HTML file that works offline, opened from disk.
    Bundle {
        /// Episode folder, transcript file, or index file.
        input: PathBuf,
        /// The HTML file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Folder with the widget's assets (default: target/verbatim/bundle
        /// beside this binary; build them with scripts/build-widget-assets.sh).
        #[arg(long, value_name = "DIR")]
        assets: Option<PathBuf>,
    },
    /// Write the files to upload for embedding an episode in a post (script
    /// embed and iframe embed) and print both snippets.
    Embed {
        /// Episode folder, transcript file, or index file.
        input: PathBuf,
        /// Folder to write (created if needed): episode.idx,
        /// verbatim-embed.js, verbatim_bg.wasm.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Folder with the widget's assets (as for `bundle`).
        #[arg(long, value_name = "DIR")]
        assets: Option<PathBuf>,
    },
    /// Write a static site for a whole show: an archive page that searches
    /// every episode, a page per episode, and the catalogue they search.
    /// Run it again after a change: unchanged episodes are not re-read.
    Archive {
        /// Show folder: one episode folder per episode (and optionally
        /// show.toml with `name = "…"`).
        show: PathBuf,
        /// The site folder to write (created if needed).
        #[arg(short, long)]
        output: PathBuf,
        /// Folder with the widget's assets (as for `bundle`; the site's
        /// wasm, which has the archive widget, is in its `site/`).
        #[arg(long, value_name = "DIR")]
        assets: Option<PathBuf>,
    },
    /// List the speaker labels a transcript uses (`SPEAKER_00`, `Speaker 1`)
    /// with talk time, first lines and names suggested from introductions,
    /// and print the episode.toml lines that name them.
    Speakers {
        /// Episode folder or transcript file.
        input: PathBuf,
        /// Print JSON instead of readable lines.
        #[arg(long)]
        json: bool,
    },
    /// Segments, words, speakers with talk time, and index bytes per section.
    Stats {
        /// Index file, episode folder or transcript file.
        input: PathBuf,
    },
}

/// A message for stderr, already located (`file:line: what` or `file: what`).
struct Failure(String);

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let strict = Strictness(cli.strict);
    let result = match cli.command {
        Command::Index { input, output } => index(&input, &output, strict),
        Command::Dump { index, json: _ } => dump(&index),
        Command::Search { index, query, speakers, json } if index.is_dir() => {
            search_site(&index, &query, &speakers, json)
        }
        Command::Search { index, query, speakers, json } => search(&index, &query, &speakers, json),
        Command::Archive { show, output, assets } => archive(&show, &output, assets.as_deref(), strict),
        Command::Bundle { input, output, assets } => bundle(&input, &output, assets.as_deref(), strict),
        Command::Embed { input, out, assets } => embed(&input, &out, assets.as_deref(), strict),
        Command::Speakers { input, json } => speakers(&input, json, strict),
        Command::Stats { input } => stats(&input, strict),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {}", terminal_safe(&message));
            ExitCode::FAILURE
        }
    }
}

/// Whether transcript warnings are errors (`--strict`).
#[derive(Clone, Copy)]
struct Strictness(bool);

/// Text from transcripts made safe to print on a terminal: control
/// characters (an escape sequence could recolour or retitle the terminal,
/// a carriage return overwrite what was printed) and bidirectional
/// overrides (which reorder what is shown) are written as `\u{…}` escapes.
/// Line feeds and tabs, which our own reports use, stay.
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
}

fn seconds(ms: Millis) -> Value {
    json!(f64::from(ms) / 1000.0)
}

/// Loads a transcript, printing its warnings (or, when strict, failing
/// with them all).
fn load_transcript(input: &Path, strict: Strictness) -> Result<Transcript, Failure> {
    let loaded = parse::load(input).map_err(|e| Failure(e.to_string()))?;
    report_warnings(&loaded.warnings, strict)?;
    Ok(loaded.transcript)
}

/// Prints a transcript's warnings, or, when strict, fails with them all.
/// Notes (a tool's own line left out) are printed as notes, strict or not.
fn report_warnings(warnings: &[parse::Warning], strict: Strictness) -> Result<(), Failure> {
    let is_note = |w: &&parse::Warning| w.kind == parse::ErrorKind::Note;
    if strict.0 && warnings.iter().any(|w| !is_note(&w)) {
        let all: Vec<String> = warnings.iter().filter(|w| !is_note(w)).map(ToString::to_string).collect();
        return Err(Failure(format!(
            "{}\n(--strict: warnings are errors; nothing was written)",
            all.join("\nerror: ")
        )));
    }
    for warning in warnings {
        let level = if is_note(&warning) { "note" } else { "warning" };
        eprintln!("{level}: {}", terminal_safe(&warning.to_string()));
    }
    Ok(())
}

fn read_index(path: &Path) -> Result<(Vec<u8>, Index), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{}: cannot read the index: {e}", path.display())))?;
    let index = Index::from_bytes(&bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok((bytes, index))
}

/// Writes `bytes` to a new temporary file beside `path` (a unique name,
/// created exclusively, so it never follows a planted symlink), ready to be
/// renamed into place by [`tempfile::NamedTempFile::persist`]. Dropped
/// unpersisted, it is deleted: a failure never leaves partial output.
pub(crate) fn staged(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".verbatim-").suffix(".tmp");
    // Readable as any file the user writes (0666 less their umask), not
    // only by them (tempfile's 0600): a web server running as another user
    // must read what `embed`, `bundle` and `archive` write.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    staged(path, bytes)?.persist(path).map(drop).map_err(|e| e.error)
}

fn index(input: &Path, output: &Path, strict: Strictness) -> Result<(), Failure> {
    let transcript = load_transcript(input, strict)?;
    // A progress bar only for builds long enough to watch.
    let bar =
        (transcript.segments.len() > 5_000).then(|| indicatif::ProgressBar::new(transcript.segments.len() as u64));
    let bytes = IndexBuilder::new(&transcript)
        .on_progress(|done, _| {
            if let Some(bar) = &bar {
                bar.set_position(done as u64);
            }
        })
        .build();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    write_atomically(output, &bytes)
        .map_err(|e| Failure(format!("{}: cannot write the index: {e}", output.display())))?;
    let words: usize = transcript.segments.iter().map(|s| s.text.split(' ').count()).sum();
    eprintln!(
        "wrote {} ({} bytes): {}, {}, {}, {} timing",
        output.display(),
        bytes.len(),
        counted(transcript.segments.len(), "segment", "segments"),
        counted(words, "word", "words"),
        counted(transcript.speakers.len(), "speaker", "speakers"),
        transcript.timing
    );
    Ok(())
}

/// The episode as `verbatim dump --json` prints it.
fn dump_json(t: &Transcript) -> Value {
    json!({
        "title": t.title,
        "show": t.show,
        "date": t.date,
        "description": t.description,
        "audio": t.audio_url,
        "timing": t.timing.as_str(),
        "duration": seconds(t.duration()),
        "speakers": t.speakers.iter().map(|s| json!({"id": s.id, "name": s.name, "role": s.role})).collect::<Vec<_>>(),
        "chapters": t.chapters.iter().map(|c| json!({"start": seconds(c.start), "title": c.title})).collect::<Vec<_>>(),
        "segments": t.segments.iter().enumerate().map(|(id, s)| segment_json(t, id, s)).collect::<Vec<_>>(),
    })
}

/// One segment as `dump --json` prints it; `words` only where the source
/// has word times (the contract).
fn segment_json(t: &Transcript, id: usize, s: &Segment) -> Value {
    let mut segment = json!({
        "id": id,
        "start": seconds(s.start),
        "end": seconds(s.end),
        "speaker": t.speaker_of(s).map(|sp| sp.id.clone()),
        "text": s.text,
    });
    if !s.words.is_empty() {
        segment["words"] = s
            .words
            .iter()
            .map(|w| json!({"text": word_at(&s.text, w.offset as usize), "start": seconds(w.start)}))
            .collect();
    }
    segment
}

/// The word that starts at byte `offset` of a segment's text.
fn word_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or("");
    rest.split(' ').next().unwrap_or("")
}

fn dump(path: &Path) -> Result<(), Failure> {
    let (_, index) = read_index(path)?;
    println!("{}", serde_json::to_string_pretty(&dump_json(&index.transcript)).expect("JSON values always serialise"));
    Ok(())
}

fn archive(show: &Path, site: &Path, assets: Option<&Path>, strict: Strictness) -> Result<(), Failure> {
    let assets = publish::Assets::load(&publish::assets_dir(assets), publish::Build::Site).map_err(Failure)?;
    let load = |dir: &Path| load_transcript(dir, strict).map_err(|Failure(message)| message);
    let report = crate::site::archive(show, site, &assets, &load).map_err(Failure)?;
    eprintln!(
        "wrote {}: {} ({} read, {} unchanged); catalogue: {} files, {} bytes, largest {} ({} bytes)",
        site.display(),
        counted(report.episodes, "episode", "episodes"),
        report.read,
        report.episodes - report.read,
        report.catalogue_files,
        report.catalogue_bytes,
        report.largest.0,
        report.largest.1
    );
    Ok(())
}

/// Searches a show's site through its catalogue, reading the files the
/// search asks for (as the archive widget fetches them).
fn search_site(site: &Path, query: &str, speakers: &[String], as_json: bool) -> Result<(), Failure> {
    use verbatim::archive::format::FileId;
    use verbatim::archive::search::{run, Loaded, Request, RunError};
    /// Why a catalogue file could not be read.
    enum SiteRead {
        Io(std::io::Error),
        Format(verbatim::index::FormatError),
    }
    let request = Request { query: query.to_string(), speakers: speakers.to_vec(), ..Request::default() };
    let mut loaded = Loaded::default();
    // A file as the site stores it (gzip), inflated: a damaged one is a format error.
    let read = |file: FileId| -> Result<Vec<u8>, SiteRead> {
        let stored = std::fs::read(site.join(file.path())).map_err(SiteRead::Io)?;
        verbatim::archive::stored::decompress(&stored).map_err(SiteRead::Format)
    };
    let result = run(&mut loaded, &request, read).map_err(|e| match e {
        RunError::Read(file, SiteRead::Io(e)) if file == FileId::Manifest => Failure(format!(
            "{}: cannot read the catalogue ({e}); is this a site written by `verbatim archive`?",
            site.join(file.path()).display()
        )),
        RunError::Read(file, SiteRead::Io(e)) => {
            Failure(format!("{}: cannot read: {e}", site.join(file.path()).display()))
        }
        RunError::Read(file, SiteRead::Format(e)) | RunError::Format(file, e) => {
            Failure(format!("{}: {e}", site.join(file.path()).display()))
        }
    })?;
    // A name the show does not know filters everything out: say so.
    if let Some(known) = loaded.speakers() {
        for name in speakers.iter().filter(|s| !s.trim().is_empty()) {
            let chosen: std::collections::HashSet<String> = [verbatim::tokenize::normalize(name)].into();
            if !known.iter().any(|s| verbatim::archive::search::is_chosen(&chosen, s)) {
                eprintln!("warning: no speaker in this show is named `{}` or has that id", terminal_safe(name));
            }
        }
    }
    if as_json {
        let episodes: Vec<Value> = result
            .episodes
            .iter()
            .map(|e| {
                let hits: Vec<Value> = e
                    .hits
                    .iter()
                    .map(|h| {
                        let spans: Vec<[usize; 2]> = h.spans.iter().map(|&(a, b)| [a, b]).collect();
                        json!({"segment": h.segment, "start": seconds(h.start), "speaker": h.speaker, "text": h.text, "spans": spans})
                    })
                    .collect();
                json!({"slug": e.slug, "title": e.title, "date": e.date, "total": e.total, "hits": hits})
            })
            .collect();
        let out = json!({"query": query, "total": result.total, "episodes": episodes});
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON values always serialise"));
        return Ok(());
    }
    println!(
        "{} in {}",
        counted(result.total, "matching segment", "matching segments"),
        counted(result.episodes_total, "episode", "episodes")
    );
    for e in &result.episodes {
        println!("\n{} ({}, {} matching)", terminal_safe(&e.title), terminal_safe(&e.date), e.total);
        for h in &e.hits {
            let mut text = String::new();
            let mut at = 0;
            for &(a, b) in &h.spans {
                text.push_str(&h.text[at..a]);
                text.push_str(&format!("[{}]", &h.text[a..b]));
                at = b;
            }
            text.push_str(&h.text[at..]);
            let who = h.speaker_name.as_deref().unwrap_or("?");
            println!("  {:<9} {}: {}", format_clock(h.start), terminal_safe(who), terminal_safe(&text));
        }
    }
    Ok(())
}

fn search(path: &Path, query: &str, speakers: &[String], as_json: bool) -> Result<(), Failure> {
    let (_, index) = read_index(path)?;
    let searcher = Searcher::new(index);
    let result = searcher.search(&Query::parse(query), speakers);
    let matcher = &result.matcher;
    let t = &searcher.index().transcript;
    if as_json {
        let hits: Vec<Value> = result
            .hits
            .iter()
            .map(|&id| {
                let s = &t.segments[id as usize];
                let spans: Vec<[usize; 2]> = matcher.spans(&s.text).into_iter().map(|(a, b)| [a, b]).collect();
                json!({"segment": id, "start": seconds(s.start), "speaker": t.speaker_of(s).map(|sp| sp.id.clone()), "spans": spans})
            })
            .collect();
        let out = json!({"query": query, "total": result.total(), "hits": hits});
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON values always serialise"));
    } else {
        println!("{} matching segments", result.total());
        for &id in &result.hits {
            let s = &t.segments[id as usize];
            let text: String = matcher
                .pieces(&s.text)
                .into_iter()
                .map(|p| if p.marked { format!("[{}]", p.text) } else { p.text.to_string() })
                .collect();
            let who = t.speaker_of(s).map_or("?", |sp| sp.name.as_str());
            println!("{:<9}  {}: {}", t.clock(s.start), terminal_safe(who), terminal_safe(&text));
        }
    }
    Ok(())
}

/// Index bytes and transcript from an index file, or built from a
/// transcript or episode folder.
fn index_of(input: &Path, strict: Strictness) -> Result<(Vec<u8>, Transcript), Failure> {
    if input.is_file() && std::fs::read(input).is_ok_and(|b| b.starts_with(verbatim::index::format::MAGIC)) {
        let (bytes, index) = read_index(input)?;
        Ok((bytes, std::sync::Arc::unwrap_or_clone(index.transcript)))
    } else {
        let transcript = load_transcript(input, strict)?;
        Ok((IndexBuilder::new(&transcript).build(), transcript))
    }
}

fn bundle(input: &Path, output: &Path, assets: Option<&Path>, strict: Strictness) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input, strict)?;
    let assets = publish::Assets::load(&publish::assets_dir(assets), publish::Build::Episode).map_err(Failure)?;
    let html = publish::page(&transcript, &bytes, &assets);
    write_atomically(output, &html)
        .map_err(|e| Failure(format!("{}: cannot write the bundle: {e}", output.display())))?;
    eprintln!(
        "wrote {} ({} bytes, {} gzipped): open it from disk, it needs no network",
        output.display(),
        html.len(),
        gzipped_len(&html)
    );
    Ok(())
}

fn embed(input: &Path, out: &Path, assets: Option<&Path>, strict: Strictness) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input, strict)?;
    let assets = publish::Assets::load(&publish::assets_dir(assets), publish::Build::Episode).map_err(Failure)?;
    std::fs::create_dir_all(out).map_err(|e| Failure(format!("{}: cannot create the folder: {e}", out.display())))?;
    let loader = publish::embed_loader(&assets);
    let frame = publish::frame_page(&transcript);
    let frame_script = publish::frame_script();
    let readable = publish::transcript_html(&transcript);
    let files: [(&str, &[u8]); 6] = [
        ("episode.idx", &bytes),
        ("verbatim-embed.js", loader.as_bytes()),
        ("verbatim_bg.wasm", &assets.wasm),
        ("frame.html", frame.as_bytes()),
        ("verbatim-frame.js", frame_script.as_bytes()),
        ("transcript.html", readable.as_bytes()),
    ];
    // Every file is written in full before any replaces its old version, so
    // a failure halfway leaves the folder as it was (a mix of old and new
    // files would load one version's wasm with the other's loader).
    let mut ready = Vec::new();
    for (name, content) in files {
        let path = out.join(name);
        let file = staged(&path, content).map_err(|e| Failure(format!("{}: cannot write: {e}", path.display())))?;
        ready.push((path, file, content));
    }
    for (path, file, content) in ready {
        file.persist(&path).map_err(|e| Failure(format!("{}: cannot write: {}", path.display(), e.error)))?;
        eprintln!("wrote {} ({} bytes, {} gzipped)", path.display(), content.len(), gzipped_len(content));
    }
    println!("Upload the folder {} next to your post, then paste one of these.\n", out.display());
    println!("Script embed (the widget in your page, isolated from its styles):\n");
    println!("<div data-verbatim data-src=\"episode.idx\"></div>\n<script src=\"verbatim-embed.js\" defer></script>");
    println!("\nTo be readable without JavaScript (and by search engines and reader modes), paste the");
    println!(
        "contents of {} inside that <div>: the widget takes over when it loads.",
        out.join("transcript.html").display()
    );
    println!("\nIframe embed (for platforms that only allow iframes; the script line is optional and makes");
    println!("the frame as tall as its content and share links point at your post):\n");
    println!("<iframe data-verbatim-frame src=\"frame.html\" title=\"Transcript\" allow=\"clipboard-write\" loading=\"lazy\" style=\"width:100%;height:640px;border:0\"></iframe>");
    println!("<script src=\"verbatim-frame.js\" defer></script>");
    println!(
        "\n(Paths are relative to the post; use the folder's full URL if it lives elsewhere. On another site, \
         the script embed needs that site to send `Access-Control-Allow-Origin: *` with these files; the iframe \
         embed does not.)"
    );
    Ok(())
}

fn speakers(input: &Path, as_json: bool, strict: Strictness) -> Result<(), Failure> {
    let file = if input.is_dir() {
        parse::episode::transcript_path(input).map_err(|e| Failure(e.to_string()))?
    } else {
        input.to_path_buf()
    };
    let name = file.display().to_string();
    let (text, mut warnings) = parse::read_transcript(&file).map_err(|e| Failure(e.to_string()))?;
    let parsed = parse::parse_cues_as(&text, parse::Format::from_path(&file))
        .map_err(|e| Failure(e.in_file(&name).to_string()))?;
    warnings.extend(parsed.warnings.iter().map(|w| w.clone().in_file(&name)));
    report_warnings(&warnings, strict)?;
    let survey = parse::survey::survey(&parsed);
    if as_json {
        let suggestion =
            |s: &parse::survey::Suggestion| json!({"name": s.name, "id": s.id, "line": s.line, "evidence": s.evidence});
        let out = json!({
            "file": name,
            "labels": survey.labels.iter().map(|l| json!({
                "label": l.label,
                "cues": l.cues,
                "words": l.words,
                "talk_time": f64::from(u32::try_from(l.talk_time).unwrap_or(u32::MAX)) / 1000.0,
                "estimated": l.estimated,
                "first_line": l.first_line,
                "first_lines": l.first_lines,
                "suggestions": l.suggestions.iter().map(suggestion).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "unlabelled_words": survey.unlabelled_words,
            "unattributed": survey.unattributed.iter().map(suggestion).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON values always serialise"));
        return Ok(());
    }
    print!("{}", terminal_safe(&speakers_report(&name, &survey)));
    Ok(())
}

/// `n` and its noun, singular for one (`1 cue`, `2 cues`).
fn counted(n: impl TryInto<u64>, one: &str, many: &str) -> String {
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `verbatim speakers` as readable text, ending with the episode.toml lines
/// to paste (a TOML basic string is written like a JSON string).
fn speakers_report(file: &str, survey: &parse::survey::Survey) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let total: u64 = survey.labels.iter().map(|l| l.talk_time).sum();
    let _ = writeln!(out, "{file}: {}", counted(survey.labels.len(), "speaker label", "speaker labels"));
    if survey.unlabelled_words > 0 {
        let words = counted(survey.unlabelled_words, "word has", "words have");
        let _ = writeln!(out, "({words} no label)");
    }
    for l in &survey.labels {
        let share = if total > 0 { 100.0 * l.talk_time as f64 / total as f64 } else { 0.0 };
        let approx = if l.estimated { "≈" } else { "" };
        let _ = writeln!(
            out,
            "\n{}  talks {approx}{} ({share:.0}%), {}, {}, first on line {}",
            l.label,
            parse::survey::format_talk_time(l.talk_time),
            counted(l.cues, "cue", "cues"),
            counted(l.words, "word", "words"),
            l.first_line
        );
        for line in &l.first_lines {
            let _ = writeln!(out, "    “{line}”");
        }
        match l.suggestions.first() {
            Some(best) => {
                let _ = writeln!(out, "  suggested name: {} (line {}: “{}”)", best.name, best.line, best.evidence);
                for other in &l.suggestions[1..] {
                    let _ = writeln!(out, "  or: {} (line {})", other.name, other.line);
                }
            }
            None => {
                let _ = writeln!(out, "  no name found in the text: listen to its first lines");
            }
        }
    }
    if !survey.unattributed.is_empty() {
        let _ = writeln!(out, "\nIntroductions in unlabelled text (for [[turns]] in episode.toml):");
        for s in &survey.unattributed {
            let _ = writeln!(out, "  {} (line {}: “{}”)", s.name, s.line, s.evidence);
        }
    }
    if survey.labels.is_empty() {
        let _ =
            writeln!(out, "\nNo speaker labels: name the speakers with [[speakers]] and [[turns]] in episode.toml.");
        return out;
    }
    let _ = writeln!(out, "\nTo name them, check the suggestions and add to the episode's episode.toml:");
    for l in &survey.labels {
        let (id, name) = match l.suggestions.first() {
            Some(best) => (best.id.clone(), best.name.clone()),
            None => (verbatim::transcript::speaker_id(&l.label), l.label.clone()),
        };
        let _ = writeln!(
            out,
            "\n[[speakers]]\nid = {}\nname = {}\nlabels = [{}]",
            Value::String(id),
            Value::String(name),
            Value::String(l.label.clone())
        );
    }
    out
}

fn gzipped_len(bytes: &[u8]) -> usize {
    verbatim::archive::stored::compress(bytes).len()
}

fn stats(input: &Path, strict: Strictness) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input, strict)?;
    let words: usize = transcript.segments.iter().map(|s| s.text.split(' ').count()).sum();
    let text: String = transcript.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    println!("{}", terminal_safe(&format!("{} — {}", transcript.show, transcript.title)));
    println!("segments  {}", transcript.segments.len());
    println!("words     {words}");
    println!("duration  {} ({})", format_clock(transcript.duration()), transcript.timing);
    println!("speakers");
    let total: u64 = transcript.talk_time().iter().sum();
    for (speaker, time) in transcript.speakers.iter().zip(transcript.talk_time()) {
        let share = if total > 0 { 100.0 * time as f64 / total as f64 } else { 0.0 };
        println!("  {:<24} {:>8}  {share:>5.1}%", terminal_safe(&speaker.id), format_clock(time));
    }
    println!("index bytes        raw     gzip");
    let sections =
        verbatim::index::format::sections(&bytes).map_err(|e| Failure(format!("{}: {e}", input.display())))?;
    for (section, body) in &sections {
        println!("  {:<14} {:>8} {:>8}", section.name(), body.len(), gzipped_len(body));
    }
    let (gz_index, gz_text) = (gzipped_len(&bytes), gzipped_len(text.as_bytes()));
    println!("  {:<14} {:>8} {:>8}", "whole index", bytes.len(), gz_index);
    println!("  {:<14} {:>8} {:>8}", "text alone", text.len(), gz_text);
    println!("gzipped index / gzipped text: {:.2}×", gz_index as f64 / gz_text as f64);
    Ok(())
}
