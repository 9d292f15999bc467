//! An invoice or credit note as the provider's register lists it.

use chrono::NaiveDate;

use crate::ident::Iban;
use crate::money::Money;
use crate::source::Source;

/// One row of the invoice register (docs/inputs.md), typed. A credit note is a
/// row with a negative amount and `credit_for` naming the invoice it reduces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceRow {
    /// Where the row was read.
    pub source: Source,
    /// The invoice number as written in the register.
    pub number: String,
    /// The provider's client (debtor) number.
    pub client_id: String,
    /// The client's name.
    pub client_name: String,
    /// Invoice amount; negative for a credit note.
    pub amount: Money,
    /// Invoice date.
    pub invoice_date: NaiveDate,
    /// Due date, when the register gives one.
    pub due_date: Option<NaiveDate>,
    /// The client's insurer, when the register gives one.
    pub insurer: Option<String>,
    /// Accounts the client pays from.
    pub client_ibans: Vec<Iban>,
    /// Structured payment reference printed on the invoice.
    pub payment_reference: Option<String>,
    /// For a credit note: the number of the invoice it reduces.
    pub credit_for: Option<String>,
    /// The billing agent the register says the invoice was sent through,
    /// as written (`nee`, `geen`, `-` and the like say: none).
    pub agent: Option<String>,
    /// How the client is addressed, when the register gives it (letters).
    pub contact: Contact,
}

/// The register's optional columns that address the client
/// (docs/inputs.md): what `letters.csv` copies for mail merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// E-mail address.
    pub email: Option<String>,
    /// Street and house number.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Town or city.
    pub city: Option<String>,
}

impl Contact {
    /// True when no column was given.
    pub fn is_empty(&self) -> bool {
        self.email.is_none()
            && self.address.is_none()
            && self.postcode.is_none()
            && self.city.is_none()
    }
}
