//! srt parser tests (being written).
