//! text parser tests (being written).
