//! Invoice status and coulance (SPEC §7): a pure function of an invoice's
//! figures. (Not yet written.)
