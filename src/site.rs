//! `verbatim archive`: a show folder in, a static site out (native only;
//! part of the binary).
//!
//! In: `SHOW_DIR`, one episode folder per episode (the format of
//! `verbatim index`), and optionally `show.toml` (`name = "…"`). Out, in
//! `SITE_DIR`: `index.html` (the archive page), `<slug>/index.html` and
//! `<slug>/episode.idx` per episode, `catalogue/` (see
//! [`verbatim::archive`]), the widget's loader, wasm and page stylesheet,
//! and `.verbatim-archive.json`, which records each episode's source files
//! so that the next run re-reads only episodes that changed.
//!
//! Always holds: every episode is read before anything is written, so an
//! episode that fails leaves the site as it was; every file is written
//! under a unique temporary name and renamed into place; the catalogue is
//! built complete in a folder of its own and swapped in whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use verbatim::archive::build::{build, ShowEpisode, Sizes};
use verbatim::archive::format::FileId;
use verbatim::archive::stored;
use verbatim::index::IndexBuilder;
use verbatim::parse;
use verbatim::transcript::Transcript;

use crate::publish::{self, Assets, ListedEpisode};

/// The record of what the last run read, inside the site.
const RECORD: &str = ".verbatim-archive.json";

/// What a run did, for the summary line.
pub struct Report {
    /// Episodes in the show.
    pub episodes: usize,
    /// Episodes read from their source (the others were unchanged).
    pub read: usize,
    /// Catalogue files and their total bytes.
    pub catalogue_files: usize,
    /// Total bytes of the catalogue.
    pub catalogue_bytes: usize,
    /// The largest catalogue file and its size.
    pub largest: (String, usize),
}

/// An episode folder's source files as (name, size, modification time):
/// when none changed, the episode is not read again.
fn stamp(dir: &Path) -> Value {
    let mut files: Vec<Value> = Vec::new();
    let mut names: Vec<PathBuf> = parse::episode::TRANSCRIPT_FILES.iter().map(|n| dir.join(n)).collect();
    names.push(dir.join(parse::episode::METADATA_FILE));
    for path in names {
        if let Ok(meta) = std::fs::metadata(&path) {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            files.push(json!([path.file_name().map(|n| n.to_string_lossy().into_owned()), meta.len(), modified]));
        }
    }
    Value::Array(files)
}

/// Names at the site's root that are the site's own, never an episode's
/// (compared without case: a site may be served from a case-insensitive
/// disk).
const RESERVED: [&str; 6] = ["catalogue", "index.html", "verbatim-embed.js", "verbatim_bg.wasm", "page.css", RECORD];

/// Whether `slug` names one of the site's own files (or a hidden one,
/// which includes the catalogue's staging folders).
fn is_reserved(slug: &str) -> bool {
    slug.starts_with('.') || RESERVED.iter().any(|name| name.eq_ignore_ascii_case(slug))
}

/// The show's episode folders: subfolders holding a transcript, by name.
fn episode_dirs(show: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries =
        std::fs::read_dir(show).map_err(|e| format!("{}: cannot read the show folder: {e}", show.display()))?;
    let mut dirs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| match parse::episode::transcript_path(p) {
            Ok(_) => true,
            Err(e) => {
                // A folder with metadata but no transcript was meant as an
                // episode: say why it is not one (other folders are the
                // writer's own).
                if p.join(parse::episode::METADATA_FILE).is_file() {
                    eprintln!("warning: {e} (the folder is skipped)");
                }
                false
            }
        })
        .filter_map(|p| {
            let slug = p.file_name()?.to_str()?.to_string();
            (!slug.starts_with('.')).then_some((slug, p))
        })
        .collect();
    dirs.sort();
    if let Some((slug, dir)) = dirs.iter().find(|(slug, _)| is_reserved(slug)) {
        return Err(format!(
            "{}: an episode folder cannot be called `{slug}`: the site uses that name for its own files; rename the folder (its name is the episode's address)",
            dir.display()
        ));
    }
    if dirs.is_empty() {
        return Err(format!(
            "{}: no episode folders here; a show folder holds one folder per episode, each with a transcript",
            show.display()
        ));
    }
    Ok(dirs)
}

/// The show's name: `show.toml`'s `name`, else the episodes' `show`, else
/// the folder's name.
fn show_name(show: &Path, episodes: &[ShowEpisode]) -> Result<String, String> {
    let file = show.join("show.toml");
    if file.exists() {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ShowToml {
            name: String,
        }
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
        let parsed: ShowToml = toml::from_str(&text).map_err(|e| format!("{}: {}", file.display(), e.message()))?;
        return Ok(parsed.name);
    }
    if let Some(named) = episodes.iter().map(|e| &e.transcript.show).find(|s| !s.is_empty()) {
        return Ok(named.clone());
    }
    Ok(show
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default())
}

/// Builds or updates the site. `load` reads one episode folder (the CLI
/// prints its warnings, or fails on them when strict).
pub fn archive(
    show: &Path,
    site: &Path,
    assets: &Assets,
    load: &dyn Fn(&Path) -> Result<Transcript, String>,
) -> Result<Report, String> {
    let dirs = episode_dirs(show)?;
    let record: BTreeMap<String, Value> =
        std::fs::read(site.join(RECORD)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();

    // Read every episode first: one that fails stops the run before anything is written.
    let bar = indicatif::ProgressBar::new(dirs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>10} {bar:40} {pos}/{len} episodes")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("reading");
    let mut episodes: Vec<(ShowEpisode, Value, bool)> = Vec::with_capacity(dirs.len());
    for (slug, dir) in &dirs {
        let stamp = stamp(dir);
        let kept = (record.get(slug) == Some(&stamp))
            .then(|| std::fs::read(site.join(slug).join("episode.idx")).ok())
            .flatten()
            .and_then(|bytes| verbatim::index::format::decode(&bytes).ok())
            .map(|parts| parts.transcript);
        let fresh = kept.is_none();
        let mut transcript = match kept {
            Some(t) => t,
            None => load(dir).map_err(|e| {
                bar.abandon();
                format!("{e}\n(episode {slug}: nothing was written)")
            })?,
        };
        // Untitled (no episode.toml, no title in the transcript): the
        // folder's name, in its page, the archive's list and search results.
        if transcript.title.trim().is_empty() {
            transcript.title = slug.clone();
        }
        episodes.push((ShowEpisode { slug: slug.clone(), transcript }, stamp, fresh));
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Oldest first (episode numbers in the catalogue), by date then folder.
    episodes.sort_by(|a, b| (&a.0.transcript.date, &a.0.slug).cmp(&(&b.0.transcript.date, &b.0.slug)));
    let read = episodes.iter().filter(|e| e.2).count();
    // The episodes themselves for the catalogue, and beside them (same
    // order) each one's stamp and whether it was read: no transcript copied.
    let (shows, sources): (Vec<ShowEpisode>, Vec<(Value, bool)>) =
        episodes.into_iter().map(|(episode, stamp, fresh)| (episode, (stamp, fresh))).unzip();
    let episodes: Vec<(&ShowEpisode, &Value, bool)> =
        shows.iter().zip(&sources).map(|(e, (stamp, fresh))| (e, stamp, *fresh)).collect();
    let name = show_name(show, &shows)?;
    let catalogue = build(&name, &shows, Sizes::default());

    // Stage every file, then put them in place.
    std::fs::create_dir_all(site).map_err(|e| format!("{}: cannot create the folder: {e}", site.display()))?;
    let failed = |path: &Path, e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    let staging = tempfile::Builder::new().prefix(".catalogue-").tempdir_in(site).map_err(|e| failed(site, e))?;
    for folder in ["catalogue/text", "catalogue/positions"] {
        std::fs::create_dir_all(staging.path().join(folder)).map_err(|e| failed(staging.path(), e))?;
    }
    let mut catalogue_bytes = 0;
    let mut largest = (String::new(), 0);
    // Stored compressed: the bytes a reader fetches on any host.
    for (file, stored) in compress_all(&catalogue) {
        let path = staging.path().join(file.path());
        std::fs::write(&path, &stored).map_err(|e| failed(&path, e))?;
        catalogue_bytes += stored.len();
        if stored.len() > largest.1 {
            largest = (file.path(), stored.len());
        }
    }

    let mut pages: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (episode, _, fresh) in &episodes {
        let folder = site.join(&episode.slug);
        if *fresh {
            pages.push((folder.join("episode.idx"), IndexBuilder::new(&episode.transcript).build()));
        }
        pages.push((folder.join("index.html"), publish::episode_page(&episode.transcript).into_bytes()));
    }
    let listed: Vec<ListedEpisode> = episodes
        .iter()
        .rev()
        .map(|(e, _, _)| ListedEpisode { slug: &e.slug, title: &e.transcript.title, date: &e.transcript.date })
        .collect();
    pages.push((site.join("index.html"), publish::archive_page(&name, &listed).into_bytes()));
    pages.push((site.join("verbatim-embed.js"), publish::embed_loader(assets).into_bytes()));
    pages.push((site.join("verbatim_bg.wasm"), assets.wasm.clone()));
    pages.push((site.join("page.css"), assets.page_css.clone().into_bytes()));
    let mut staged = Vec::with_capacity(pages.len());
    for (path, bytes) in &pages {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
        }
        staged.push((path, crate::cli::staged(path, bytes).map_err(|e| failed(path, e))?));
    }
    for (path, file) in staged {
        file.persist(path).map_err(|e| failed(path, e.error))?;
    }

    // Swap the new catalogue in whole, then drop episodes that left the show.
    let live = site.join("catalogue");
    let old = site.join(".catalogue-old");
    let _ = std::fs::remove_dir_all(&old);
    if live.exists() {
        std::fs::rename(&live, &old).map_err(|e| failed(&live, e))?;
    }
    std::fs::rename(staging.path().join("catalogue"), &live).map_err(|e| failed(&live, e))?;
    let _ = std::fs::remove_dir_all(&old);
    let slugs: Vec<&str> = episodes.iter().map(|(e, _, _)| e.slug.as_str()).collect();
    // Only folder names a run recorded: never the site's own files, nor a
    // path that leads elsewhere (the record is a file on disk, and may
    // have been edited).
    let removable = |slug: &&String| !slug.is_empty() && !is_reserved(slug) && !slug.contains(['/', '\\']);
    for gone in record.keys().filter(|slug| !slugs.contains(&slug.as_str())).filter(removable) {
        let _ = std::fs::remove_dir_all(site.join(gone));
    }
    let record: BTreeMap<&str, &Value> = episodes.iter().map(|(e, stamp, _)| (e.slug.as_str(), *stamp)).collect();
    let record = serde_json::to_vec_pretty(&record).unwrap_or_default();
    crate::cli::write_atomically(&site.join(RECORD), &record).map_err(|e| failed(&site.join(RECORD), e))?;

    Ok(Report { episodes: episodes.len(), read, catalogue_files: catalogue.len(), catalogue_bytes, largest })
}

/// Every catalogue file compressed as a site stores it ([`stored::compress`]),
/// on every core (gzip's best level is most of the catalogue's write time).
fn compress_all(catalogue: &[(FileId, Vec<u8>)]) -> Vec<(FileId, Vec<u8>)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = catalogue.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = catalogue
            .chunks(chunk)
            .map(|files| {
                scope.spawn(move || {
                    files.iter().map(|(file, bytes)| (*file, stored::compress(bytes))).collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("compressing cannot panic")).collect()
    })
}
