//! json parser tests (being written).
