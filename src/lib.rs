//! Verbatim: explore a podcast transcript in the browser.
//!
//! The data flows one way, and the modules are named after its stages:
//! transcript file → [`parse`] → [`transcript::Transcript`] → [`index`]
//! (build, and the one byte format) → [`search`] (query → hits) → `ui`
//! (Leptos, wasm only); [`archive`] does the same for a whole show, from a
//! catalogue of small static files. [`tokenize`] is shared by indexing and querying so
//! that what is indexed and what is searched cannot drift.
#![deny(missing_docs)]

// The catalogue and its search: natively, and in the wasm built with the
// archive widget. The episode widget's wasm leaves them out, and with them
// the catalogue's error messages (315 bytes gzipped, bench/wasm-size.sh).
#[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
pub mod archive;
pub mod clock;
pub mod index;
#[cfg(not(target_arch = "wasm32"))]
pub mod parse;
pub mod present;
pub mod search;
pub mod tokenize;
pub mod transcript;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod view_state;

pub use index::{Index, IndexBuilder};
pub use search::{Matcher, Piece, Query, SearchResult, Searcher};
pub use transcript::{Segment, Speaker, SpeakerSelection, Transcript, Turn};
