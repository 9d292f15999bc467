//! Insurer specifications (SPEC §5.3), spreadsheet or CSV. (Not yet written.)

use std::sync::Arc;

use super::FileRead;
use crate::config::Policy;
use crate::problem::Problem;
use crate::spec::SpecLine;

/// Reads one specification file.
pub fn read(path: &Arc<str>, _bytes: &[u8], _policy: &Policy) -> FileRead<SpecLine> {
    FileRead::unreadable(path, "unknown", "reader not written yet")
}

/// Drops lines delivered twice (the same line in two files), keeping the
/// first in path order and warning about the copy.
pub fn deduplicate(_lines: &mut Vec<SpecLine>, _problems: &mut Vec<Problem>) {}
