//! Cues in, segments out.

use super::Parsed;
use crate::transcript::Transcript;

/// How to assemble.
#[derive(Clone, Debug, Default)]
pub struct Options {}

/// Turns cues into a transcript.
pub fn assemble(_parsed: Parsed, _options: &Options) -> Transcript {
    Transcript::default()
}
