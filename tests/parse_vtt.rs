//! vtt parser tests (being written).
