//! The English catalogue: every word of the report in English, one file
//! per subject. `En` must fill in every subject of the catalogue
//! (`Catalogue`), or it does not compile.

mod labels;
mod letters;
mod notes;
mod problems;

/// The English catalogue.
pub(super) struct En;

impl super::Catalogue for En {}
