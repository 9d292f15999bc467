//! The catalogue's tests: every fact, problem and label has its words in
//! both languages.

mod facts;
mod labels;
mod problems;
