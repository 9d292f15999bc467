//! One `Ntry` of a statement and its `TxDtls`, filled field by field as
//! their elements end: the amounts, parties, references and texts as the
//! XML gives them, before they are checked and turned into bank lines.

use rust_decimal::Decimal;

/// An amount as given, with its currency attribute.
#[derive(Clone, Debug, Default)]
pub(super) struct Amount {
    pub(super) text: String,
    pub(super) ccy: Option<String>,
}

/// One `TxDtls`.
#[derive(Clone, Debug, Default)]
pub(super) struct Tx {
    pub(super) amt: Option<Amount>,
    pub(super) tx_amt: Option<Amount>,
    pub(super) cdt_dbt: Option<String>,
    pub(super) end_to_end: Option<String>,
    pub(super) acct_svcr_ref: Option<String>,
    pub(super) dbtr_name: Option<String>,
    pub(super) dbtr_acct: Option<String>,
    pub(super) cdtr_name: Option<String>,
    pub(super) cdtr_acct: Option<String>,
    pub(super) ustrd: Vec<String>,
    pub(super) cdtr_refs: Vec<String>,
    pub(super) addtl_rmt: Vec<String>,
    pub(super) returned: bool,
    pub(super) rtr_reason: Option<String>,
    pub(super) rtr_addtl: Option<String>,
    pub(super) addtl_tx: Vec<String>,
}

/// One `Ntry` while it is read.
#[derive(Clone, Debug, Default)]
pub(super) struct Ntry {
    pub(super) amt: Option<Amount>,
    pub(super) cdt_dbt: Option<String>,
    pub(super) reversal: bool,
    pub(super) status: Option<String>,
    pub(super) booking: Option<String>,
    pub(super) value: Option<String>,
    pub(super) acct_svcr_ref: Option<String>,
    pub(super) addtl: Vec<String>,
    pub(super) txs: Vec<Tx>,
}

/// Stores an element of `Ntry` (outside `TxDtls`); `rel` is its path below
/// `Ntry`.
pub(super) fn entry_field(en: &mut Ntry, rel: &[&str], value: String, ccy: &Option<String>) {
    let amount = |text| Amount {
        text,
        ccy: ccy.clone(),
    };
    match rel {
        ["Amt"] => en.amt = Some(amount(value)),
        ["CdtDbtInd"] => en.cdt_dbt = Some(value),
        ["RvslInd"] => en.reversal = value.eq_ignore_ascii_case("true") || value == "1",
        // `.02`–`.07` give the status as text, `.08`+ as `Sts/Cd`.
        ["Sts"] | ["Sts", "Cd"] | ["Sts", "Prtry"] if !value.is_empty() => {
            en.status = Some(value);
        }
        ["BookgDt", "Dt"] | ["BookgDt", "DtTm"] => en.booking = Some(value),
        ["ValDt", "Dt"] | ["ValDt", "DtTm"] => en.value = Some(value),
        ["AcctSvcrRef"] => en.acct_svcr_ref = Some(value).filter(|v| !v.is_empty()),
        ["AddtlNtryInf"] => push_text(&mut en.addtl, value),
        _ => {}
    }
}

/// Stores an element of `TxDtls`; `rel` is its path below `TxDtls`.
pub(super) fn tx_field(tx: &mut Tx, rel: &[&str], value: String, ccy: &Option<String>) {
    let amount = |text| Amount {
        text,
        ccy: ccy.clone(),
    };
    // Party names sit in `Dbtr/Nm` (.02) or `Dbtr/Pty/Nm` (.08).
    let party = |rel: &[&str], who: &str| match rel {
        ["RltdPties", p, "Nm"] | ["RltdPties", p, "Pty", "Nm"] => *p == who,
        _ => false,
    };
    let account = |rel: &[&str], who: &str| match rel {
        ["RltdPties", p, "Id", "IBAN"] | ["RltdPties", p, "Id", "Othr", "Id"] => *p == who,
        _ => false,
    };
    match rel {
        ["Amt"] => tx.amt = Some(amount(value)),
        ["AmtDtls", "TxAmt", "Amt"] => tx.tx_amt = Some(amount(value)),
        // The instructed amount only when no transaction amount is given;
        // a foreign-currency one is passed over by the currency check.
        ["AmtDtls", "InstdAmt", "Amt"] if tx.tx_amt.is_none() => {
            tx.tx_amt = Some(amount(value));
        }
        ["CdtDbtInd"] => tx.cdt_dbt = Some(value),
        ["Refs", "EndToEndId"] => tx.end_to_end = Some(value).filter(|v| !v.is_empty()),
        ["Refs", "AcctSvcrRef"] => tx.acct_svcr_ref = Some(value).filter(|v| !v.is_empty()),
        ["RmtInf", "Ustrd"] => push_text(&mut tx.ustrd, value),
        ["RmtInf", "Strd", "CdtrRefInf", "Ref"] => push_text(&mut tx.cdtr_refs, value),
        ["RmtInf", "Strd", "AddtlRmtInf"] => push_text(&mut tx.addtl_rmt, value),
        ["RtrInf", "Rsn", "Cd"] | ["RtrInf", "Rsn", "Prtry"] => {
            tx.rtr_reason = Some(value).filter(|v| !v.is_empty());
        }
        ["RtrInf", "AddtlInf"] => tx.rtr_addtl = Some(value).filter(|v| !v.is_empty()),
        ["AddtlTxInf"] => push_text(&mut tx.addtl_tx, value),
        r if party(r, "Dbtr") => tx.dbtr_name = Some(value).filter(|v| !v.is_empty()),
        r if party(r, "Cdtr") => tx.cdtr_name = Some(value).filter(|v| !v.is_empty()),
        r if account(r, "DbtrAcct") => {
            tx.dbtr_acct = tx
                .dbtr_acct
                .take()
                .or(Some(value).filter(|v| !v.is_empty()));
        }
        r if account(r, "CdtrAcct") => {
            tx.cdtr_acct = tx
                .cdtr_acct
                .take()
                .or(Some(value).filter(|v| !v.is_empty()));
        }
        _ => {}
    }
}

/// `CRDT` → +1, `DBIT` → −1.
pub(super) fn sign_of(indicator: Option<&str>) -> Option<Decimal> {
    match indicator?.trim().to_ascii_uppercase().as_str() {
        "CRDT" => Some(Decimal::ONE),
        "DBIT" => Some(Decimal::NEGATIVE_ONE),
        _ => None,
    }
}

/// An XML decimal as CAMT writes it: unsigned, decimal point, every digit
/// kept (`8.850` stays 8.850).
pub(super) fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.matches('.').count() <= 1
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    Decimal::from_str_exact(t).ok()
}

pub(super) fn push_text(list: &mut Vec<String>, value: String) {
    if !value.is_empty() {
        list.push(value);
    }
}
