//! TODO: being written.

use super::{ParseError, Parsed};

/// Reads a text transcript into cues.
pub fn parse(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::new(1, "text: not implemented yet"))
}
