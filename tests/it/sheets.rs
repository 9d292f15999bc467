//! Integration tests: sheets.
