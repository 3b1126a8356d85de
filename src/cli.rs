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
use verbatim::transcript::{format_clock, Millis, Transcript};

use crate::publish;

/// Build and search podcast transcript indexes for the Verbatim widget.
#[derive(Parser)]
#[command(name = "verbatim", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  verbatim index www/episodes/china-ai-strategy -o demo.idx\n  verbatim search demo.idx 'hangzhou robots' --json\n  verbatim search demo.idx '\"open source\"' --speaker grace-shao\n  verbatim stats demo.idx\n  verbatim bundle www/episodes/china-ai-strategy -o episode.html\n  verbatim embed www/episodes/china-ai-strategy --out embed/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from an episode folder or a transcript file
    /// (WebVTT, SRT, Podcasting 2.0 JSON or plain text; detected from content).
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
    /// Search an index with the query language the widget uses.
    Search {
        /// Index file.
        index: PathBuf,
        /// Query: words (ANDed; the last one also as a prefix; small typos
        /// tolerated) and "quoted phrases".
        query: String,
        /// Keep only segments of this speaker id (repeatable).
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
    let result = match cli.command {
        Command::Index { input, output } => index(&input, &output),
        Command::Dump { index, json: _ } => dump(&index),
        Command::Search { index, query, speakers, json } => search(&index, &query, &speakers, json),
        Command::Bundle { input, output, assets } => bundle(&input, &output, assets.as_deref()),
        Command::Embed { input, out, assets } => embed(&input, &out, assets.as_deref()),
        Command::Stats { input } => stats(&input),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn seconds(ms: Millis) -> Value {
    json!(f64::from(ms) / 1000.0)
}

fn load_transcript(input: &Path) -> Result<Transcript, Failure> {
    parse::load(input).map_err(|e| Failure(e.to_string()))
}

fn read_index(path: &Path) -> Result<(Vec<u8>, Index), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{}: cannot read the index: {e}", path.display())))?;
    let index = Index::from_bytes(&bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok((bytes, index))
}

/// Writes `bytes` to `path` through a temporary file renamed into place, so
/// a failure never leaves a partial output behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("idx.tmp");
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn index(input: &Path, output: &Path) -> Result<(), Failure> {
    let transcript = load_transcript(input)?;
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
        "wrote {} ({} bytes): {} segments, {} words, {} speakers, {} timing",
        output.display(),
        bytes.len(),
        transcript.segments.len(),
        words,
        transcript.speakers.len(),
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
        "segments": t.segments.iter().enumerate().map(|(id, s)| json!({
            "id": id,
            "start": seconds(s.start),
            "end": seconds(s.end),
            "speaker": t.speaker_of(s).map(|sp| sp.id.clone()),
            "text": s.text,
        })).collect::<Vec<_>>(),
    })
}

fn dump(path: &Path) -> Result<(), Failure> {
    let (_, index) = read_index(path)?;
    println!("{}", serde_json::to_string_pretty(&dump_json(&index.transcript)).expect("JSON values always serialise"));
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
            println!("{:<9}  {who}: {text}", t.clock(s.start));
        }
    }
    Ok(())
}

/// Index bytes and transcript from an index file, or built from a
/// transcript or episode folder.
fn index_of(input: &Path) -> Result<(Vec<u8>, Transcript), Failure> {
    if input.is_file() && std::fs::read(input).is_ok_and(|b| b.starts_with(verbatim::index::format::MAGIC)) {
        let (bytes, index) = read_index(input)?;
        Ok((bytes, std::sync::Arc::unwrap_or_clone(index.transcript)))
    } else {
        let transcript = load_transcript(input)?;
        Ok((IndexBuilder::new(&transcript).build(), transcript))
    }
}

fn bundle(input: &Path, output: &Path, assets: Option<&Path>) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input)?;
    let assets = publish::Assets::load(&publish::assets_dir(assets)).map_err(Failure)?;
    let html = publish::page(&transcript, &bytes, &assets);
    write_atomically(output, html.as_bytes())
        .map_err(|e| Failure(format!("{}: cannot write the bundle: {e}", output.display())))?;
    eprintln!(
        "wrote {} ({} bytes, {} gzipped): open it from disk, it needs no network",
        output.display(),
        html.len(),
        gzipped_len(html.as_bytes())
    );
    Ok(())
}

fn embed(input: &Path, out: &Path, assets: Option<&Path>) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input)?;
    let assets = publish::Assets::load(&publish::assets_dir(assets)).map_err(Failure)?;
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
    for (name, content) in files {
        let path = out.join(name);
        write_atomically(&path, content).map_err(|e| Failure(format!("{}: cannot write: {e}", path.display())))?;
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
    println!("\n(Paths are relative to the post; use the folder's full URL if it lives elsewhere.)");
    Ok(())
}

fn gzipped_len(bytes: &[u8]) -> usize {
    publish::gzip(bytes).len()
}

fn stats(input: &Path) -> Result<(), Failure> {
    let (bytes, transcript) = index_of(input)?;
    let words: usize = transcript.segments.iter().map(|s| s.text.split(' ').count()).sum();
    let text: String = transcript.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    println!("{} — {}", transcript.show, transcript.title);
    println!("segments  {}", transcript.segments.len());
    println!("words     {words}");
    println!("duration  {} ({})", format_clock(transcript.duration()), transcript.timing);
    println!("speakers");
    let total: u64 = transcript.talk_time().iter().sum();
    for (speaker, time) in transcript.speakers.iter().zip(transcript.talk_time()) {
        let share = if total > 0 { 100.0 * time as f64 / total as f64 } else { 0.0 };
        println!("  {:<24} {:>8}  {share:>5.1}%", speaker.id, format_clock(time));
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
