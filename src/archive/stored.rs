//! Catalogue files as they lie on disk and travel: gzip-compressed (native
//! only; the widget inflates them with the browser's `DecompressionStream`).
//!
//! In: a file's bytes in the [`super::format`] (to store), or what a site
//! holds (to read). Out: the stored bytes, or the format's bytes again.
//! Why: most static hosts compress only text types, and serve a `.vcat`
//! file as it lies; stored compressed, a catalogue costs readers the same
//! bytes on every host. Always holds: a file that is not gzip (a site
//! written before files were stored compressed) is read as it is; damaged
//! gzip is a [`FormatError`], never a panic.

use std::io::{Read, Write};

use super::format::GZIP_MAGIC;
use crate::index::FormatError;

/// The bytes to write for a catalogue file: gzip at the best level.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// A stored catalogue file's bytes in the format: inflated when gzip, as
/// they are otherwise. Damaged or cut gzip is a damaged catalogue file.
pub fn decompress(stored: &[u8]) -> Result<Vec<u8>, FormatError> {
    if !stored.starts_with(&GZIP_MAGIC) {
        return Ok(stored.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(stored)
        .read_to_end(&mut out)
        .map_err(|_| FormatError::ChecksumMismatch.in_catalogue())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_files_round_trip_and_damage_is_an_error() {
        let bytes = b"VRBTCAT\0 some catalogue bytes, repeated, repeated, repeated".to_vec();
        let stored = compress(&bytes);
        assert!(stored.starts_with(&GZIP_MAGIC));
        assert_eq!(decompress(&stored).unwrap(), bytes);
        // Uncompressed files (older sites) are read as they are.
        assert_eq!(decompress(&bytes).unwrap(), bytes);
        // Every cut and every flipped byte is an error, not a panic or wrong bytes.
        for end in 2..stored.len() {
            assert!(decompress(&stored[..end]).is_err(), "cut at {end}");
        }
        for at in 10..stored.len() {
            let mut damaged = stored.clone();
            damaged[at] ^= 0x40;
            assert!(decompress(&damaged).map_or(true, |b| b == bytes), "flip at {at}");
        }
        let message = decompress(&stored[..stored.len() - 4]).unwrap_err().to_string();
        assert!(message.starts_with("this catalogue file is damaged"), "{message}");
    }
}
