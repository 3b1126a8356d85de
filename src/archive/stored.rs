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

use super::format::{GZIP_MAGIC, MAGIC};
use crate::index::format::HEADER_LEN;
use crate::index::FormatError;

/// The bytes to write for a catalogue file: gzip at the best level.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// The most bytes a catalogue file may inflate to: far above any real one
/// (the largest at 1,000 episodes is under 100 KB), far below harm.
const LARGEST: u64 = 64 * 1024 * 1024;

/// A stored catalogue file's bytes in the format: inflated when gzip, as
/// they are otherwise. Damaged or cut gzip, or bytes after it, is a
/// damaged catalogue file. Never inflates more than the file's own header
/// declares, so a small file cannot inflate into gigabytes.
pub fn decompress(stored: &[u8]) -> Result<Vec<u8>, FormatError> {
    if !stored.starts_with(&GZIP_MAGIC) {
        return Ok(stored.to_vec());
    }
    let damaged = || FormatError::ChecksumMismatch.in_catalogue();
    let mut rest = stored;
    let mut decoder = flate2::bufread::GzDecoder::new(&mut rest);
    let mut out = vec![0; HEADER_LEN];
    decoder.read_exact(&mut out).map_err(|_| damaged())?;
    if !out.starts_with(MAGIC) {
        return Err(FormatError::NotAnIndex.in_catalogue());
    }
    let declared = u64::from(u32::from_le_bytes([out[12], out[13], out[14], out[15]]));
    if declared > LARGEST {
        return Err(damaged());
    }
    (&mut decoder).take(declared + 1).read_to_end(&mut out).map_err(|_| damaged())?;
    // No more than declared, then the end of the gzip data (its checksum
    // checked), and nothing after it.
    let mut more = [0u8; 1];
    let longer = out.len() as u64 > HEADER_LEN as u64 + declared;
    if longer || decoder.read(&mut more).map_err(|_| damaged())? != 0 {
        return Err(damaged());
    }
    drop(decoder);
    if !rest.is_empty() {
        return Err(damaged());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_files_round_trip_and_damage_is_an_error() {
        let bytes = crate::archive::format::encode_text(&[crate::archive::format::TextSegment {
            start: 0,
            speaker: None,
            text: "some catalogue text, repeated, repeated, repeated".into(),
        }]);
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
        // Bytes after the gzip data, and gzip of something else, are refused.
        let mut trailing = stored.clone();
        trailing.push(0);
        assert!(decompress(&trailing).is_err());
        let foreign = decompress(&compress(&[b'x'; 4096])).unwrap_err().to_string();
        assert!(foreign.contains("not a Verbatim catalogue file"), "{foreign}");
    }

    #[test]
    fn a_file_never_inflates_past_what_its_header_declares() {
        // A real header that declares 10 bytes, then a megabyte of zeros:
        // refused after at most 11 bytes of payload.
        let mut bomb = crate::archive::format::encode_text(&[]);
        bomb[12..16].copy_from_slice(&10u32.to_le_bytes());
        bomb.extend(std::iter::repeat_n(0u8, 1 << 20));
        let stored = compress(&bomb);
        assert!(stored.len() < 4096, "{} bytes", stored.len());
        assert!(decompress(&stored).is_err());
        // A header that declares more than any catalogue file holds.
        let mut huge = crate::archive::format::encode_text(&[]);
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decompress(&compress(&huge)).is_err());
    }
}
