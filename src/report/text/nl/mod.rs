//! De Nederlandse catalogus: elk woord van het rapport in het Nederlands,
//! per onderwerp een bestand. `Nl` moet elk onderwerp van de catalogus
//! invullen (`Catalogue`), anders compileert het niet.

mod labels;
mod letters;
mod notes;
mod problems;

pub(super) use letters::refund_remittance;

/// The Dutch catalogue.
pub(super) struct Nl;

impl super::Catalogue for Nl {}
