//! Integration tests: bank_samples.
