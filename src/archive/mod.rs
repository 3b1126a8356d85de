//! A whole show, searchable from static files.
//!
//! In: the show's episodes (each a [`crate::transcript::Transcript`]). Out:
//! a catalogue ([`build`], native only): the show's term dictionary split
//! by key range into small shards, the postings of every term (which
//! episodes and segments hold it) in chunks, and each episode's segment
//! text in runs, in the [`format`](mod@format) every file shares. [`search`] answers a
//! query by asking for the few files it needs, so the browser fetches only
//! what a query touches and the CLI reads the same files from disk.
//! [`client`] keeps a page's loaded files across searches and lists the
//! newest episodes before a query; [`present`] decides what the archive
//! widget shows (its URL fragment, links into episode pages, snippets).
//! Sites hold each file gzip-compressed ([`stored`]), so it costs the same
//! bytes on hosts that compress responses and on those that do not.
//! Always holds: what the catalogue finds for a query is what a scan of
//! every episode's text with the same query finds (tested against one).

#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod client;
pub mod format;
pub mod present;
pub mod search;
#[cfg(not(target_arch = "wasm32"))]
pub mod stored;
