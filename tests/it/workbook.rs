//! Integration tests: workbook.
