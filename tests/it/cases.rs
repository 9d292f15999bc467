//! Integration tests: cases.
