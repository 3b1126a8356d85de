//! Verbatim
