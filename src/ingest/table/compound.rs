//! The one reader of OLE2 compound files (xls, and the container of an
//! encrypted xlsx): its header, its file allocation table, sector chains,
//! directory and streams, each bounded by the file's own size, so that a
//! looping chain or a header that lies costs no more than the bytes there
//! are.
//!
//! Three checks are built on it, all before calamine sees the file:
//! [`implausible_compound_file`] refuses headers and sector chains that
//! would make calamine allocate without bound, [`is_encrypted_package`]
//! tells a password-protected xlsx (whose owner must be told so), and the
//! `bounds` module reads the workbook stream through [`Compound`] to bound
//! the cells calamine will lay out.
//!
//! The FAT is rebuilt as calamine 0.38 builds it (the same DIFAT walk,
//! the same entries dropped), so the checks judge the chains calamine will
//! follow. The `cfb` crate was weighed and left out: calamine does not use
//! it, it would read a different FAT than calamine does, and it refuses
//! damaged files on its own terms rather than reporting what calamine
//! would do with them.

use crate::problem::{CompoundPart, Refusal};

/// Checks the header of an OLE2 compound file (xls) before calamine sees
/// it. calamine sizes vectors from the header's sector counts before
/// reading any sector, so a crafted 600-byte file can
/// make it ask for 16 GiB and abort the whole process, which no
/// `catch_unwind` can stop. A real file never declares more sectors than
/// it has bytes for. Returns why the file is refused, or `None`.
pub(super) fn implausible_compound_file(bytes: &[u8]) -> Option<Refusal> {
    const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(&MAGIC[..4]) {
        return None;
    }
    let refuse = |part: CompoundPart| Some(Refusal::DamagedPart { part });
    if bytes.len() < 512 || !bytes.starts_with(&MAGIC) {
        return refuse(CompoundPart::Header);
    }
    // The header is 512 bytes long: every offset below is inside it.
    let u32_at = |i: usize| u64::from(word(bytes, i).unwrap_or(0));
    let shift = half_word(bytes, 30).unwrap_or(0);
    if shift != 9 && shift != 12 {
        return refuse(CompoundPart::SectorSize);
    }
    let sectors = (bytes.len() as u64 >> shift) + 1;
    // Sector counts: FAT (44), mini FAT (64), DIFAT (72).
    for (at, what) in [
        (44, CompoundPart::FatCount),
        (64, CompoundPart::MiniFatCount),
        (72, CompoundPart::DifatCount),
    ] {
        if u32_at(at) > sectors {
            return refuse(what);
        }
    }
    // calamine 0.38 reads the DIFAT count from bytes 62..66, which
    // straddle two other fields; bound what it will reserve from there too. Real files give at most a
    // few million there (mini FAT count in the upper half).
    if u32_at(62) > (1 << 28) {
        return refuse(CompoundPart::DifatCount);
    }
    if difat(bytes, shift).is_some_and(|d| difat_too_long(bytes, shift, &d)) {
        return refuse(CompoundPart::FatList);
    }
    if fat_has_loop(bytes, shift) {
        return refuse(CompoundPart::SectorChain);
    }
    None
}

/// True when the compound file's FAT, rebuilt as calamine 0.38 builds it,
/// has a sector chain that leads back into itself. calamine follows chains
/// without a bound (`Cfb::get_chain`, the directory chain with no length
/// limit), appending the same sectors until memory runs out: a 5 KB xls
/// asked for 2 GiB (found by the `specs` fuzz target). A real file's
/// chains all end; a file with a loop is damaged.
fn fat_has_loop(bytes: &[u8], shift: u16) -> bool {
    let Some(fat) = fat(bytes, shift) else {
        return false; // calamine refuses this itself
    };
    // Each sector has one successor: walk every chain once, marking the
    // sectors on the current walk (1) and those known to end (2).
    let mut state = vec![0u8; fat.len()];
    let mut walk = Vec::new();
    for start in 0..fat.len() {
        let mut at = start;
        while at < fat.len() && state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            at = fat[at] as usize;
        }
        if at < fat.len() && state[at] == 1 {
            return true;
        }
        for s in walk.drain(..) {
            state[s] = 2;
        }
    }
    false
}

/// Sector `id` of a compound file with sectors of `1 << shift` bytes
/// (cut short at the end of the file); `None` past the end. The header
/// fills slot 0.
fn sector(bytes: &[u8], shift: u16, id: u32) -> Option<&[u8]> {
    let size = 1usize << shift;
    let start = (id as usize).checked_add(1)?.checked_mul(size)?;
    let end = start.saturating_add(size).min(bytes.len());
    bytes.get(start..end)
}

/// Little-endian 32-bit words.
fn words(b: &[u8]) -> Vec<u32> {
    // chunks_exact(4): every `w` has indexes 0..4.
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// The DIFAT as calamine 0.38 reads it: the sector ids of the FAT, in
/// order; `None` where calamine would refuse the file itself.
fn difat(bytes: &[u8], shift: u16) -> Option<Vec<u32>> {
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    let maxid = bytes.len() >> shift;
    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors
    // whose last entry names the next (bounded as calamine bounds it).
    let mut difat = words(bytes.get(76..512).unwrap_or_default());
    let mut next = word(bytes, 68).unwrap_or(RESERVED);
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > maxid + 1 || next as usize > maxid {
            return None;
        }
        difat.extend(words(sector(bytes, shift, next).unwrap_or_default()));
        next = difat.pop()?;
    }
    difat.retain(|id| *id < DIFSECT);
    Some(difat)
}

/// The file allocation table, rebuilt as calamine 0.38 builds it; `None`
/// where calamine would refuse the file itself, or where the DIFAT lists
/// more FAT sectors than the file has (see `difat_too_long`).
fn fat(bytes: &[u8], shift: u16) -> Option<Vec<u32>> {
    let maxid = bytes.len() >> shift;
    let difat = difat(bytes, shift)?;
    if difat_too_long(bytes, shift, &difat) {
        return None;
    }
    let mut fat = Vec::new();
    for id in difat {
        if id as usize > maxid {
            return None;
        }
        fat.extend(words(sector(bytes, shift, id).unwrap_or_default()));
    }
    Some(fat)
}

/// True when the DIFAT lists more FAT sectors than the header's FAT
/// sector count (offset 44) or than the file has sectors. Each entry
/// becomes a sector's worth of FAT however often it repeats, so a 10 MB
/// file naming sector 0 in every slot built a 1.3 GB FAT (calamine too).
fn difat_too_long(bytes: &[u8], shift: u16, difat: &[u32]) -> bool {
    let declared = word(bytes, 44).unwrap_or(0);
    let sectors = (bytes.len() >> shift) + 1;
    difat.len() > declared as usize || difat.len() > sectors
}

/// True for an Office Open XML workbook (xlsx, xlsm, xlsb) encrypted with
/// a password: Office then stores it in a compound file holding the
/// streams `EncryptionInfo` and `EncryptedPackage` (MS-OFFCRYPTO 2.3.4).
/// calamine sees a compound file that is no xls and says only "Cannot
/// detect file format".
pub(super) fn is_encrypted_package(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return false;
    }
    let names = Compound::parse(bytes).map_or_else(Vec::new, |c| c.names());
    names.iter().any(|n| n == "EncryptedPackage") && names.iter().any(|n| n == "EncryptionInfo")
}

/// Marks the end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// Directory entries are 128 bytes; a stream's is of object type 2.
const ENTRY: usize = 128;
const STREAM: u8 = 2;

/// Streams smaller than the header's cutoff (offset 56) live in 64-byte
/// mini sectors inside the root entry's stream.
const MINI_SECTOR: usize = 64;

/// A compound file opened for reading its streams: the header's sector
/// size and version and the FAT as calamine builds it. Every chain is
/// followed at most as many steps as the FAT has entries, and no chain is
/// read past the length asked for, so a looping chain ends.
pub(super) struct Compound<'a> {
    bytes: &'a [u8],
    shift: u16,
    version: u16,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    /// Opens `bytes` as a compound file; `None` when its sector size is
    /// not one of the two there are or its FAT cannot be rebuilt (calamine
    /// then refuses the file itself).
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Compound<'a>> {
        let version = half_word(bytes, 26)?;
        let shift = half_word(bytes, 30)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let fat = fat(bytes, shift)?;
        Some(Compound {
            bytes,
            shift,
            version,
            fat,
        })
    }

    /// The bytes of a chain of regular sectors, at most `limit` of them.
    fn chain(&self, mut n: u32, limit: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..=self.fat.len() {
            if n >= END_OF_CHAIN || out.len() >= limit {
                break;
            }
            let Some(s) = sector(self.bytes, self.shift, n) else {
                break;
            };
            out.extend_from_slice(s);
            match self.fat.get(n as usize) {
                Some(next) => n = *next,
                None => break,
            }
        }
        out.truncate(limit);
        out
    }

    /// The directory: the chain starting at the header's offset 48.
    fn directory(&self) -> Vec<u8> {
        word(self.bytes, 48).map_or_else(Vec::new, |start| self.chain(start, self.bytes.len()))
    }

    /// The names of the streams and storages in the directory, as far as
    /// its chain can be followed.
    pub(super) fn names(&self) -> Vec<String> {
        self.directory()
            .chunks_exact(ENTRY)
            .map(entry_name)
            .collect()
    }

    /// The stream of an entry, read to its size.
    fn entry_size(&self, entry: &[u8]) -> usize {
        let low = word(entry, 120).unwrap_or(0) as usize;
        let high = if self.version >= 4 {
            word(entry, 124).unwrap_or(0) as usize
        } else {
            0
        };
        // A size beyond the file is cut to the file: more cannot be read.
        if high > 0 {
            self.bytes.len()
        } else {
            low.min(self.bytes.len())
        }
    }

    /// The first stream whose name `wanted` accepts, read whole (small
    /// streams from the mini stream); `None` when there is none.
    pub(super) fn stream(&self, wanted: impl Fn(&str) -> bool) -> Option<Vec<u8>> {
        let dir = self.directory();
        let entries: Vec<&[u8]> = dir.chunks_exact(ENTRY).collect();
        let root = entries.first()?;
        let entry = entries
            .iter()
            .find(|e| e[66] == STREAM && wanted(&entry_name(e)))?;
        let start = word(entry, 116)?;
        let size = self.entry_size(entry);
        let cutoff = word(self.bytes, 56)? as usize;
        if size >= cutoff {
            return Some(self.chain(start, size));
        }
        let mini = self.chain(word(root, 116)?, self.entry_size(root));
        let minifat_bytes = self.chain(word(self.bytes, 60)?, self.bytes.len());
        let minifat = words(&minifat_bytes);
        let mut out = Vec::new();
        let mut n = start;
        for _ in 0..=minifat.len() {
            if n >= END_OF_CHAIN || out.len() >= size {
                break;
            }
            let at = n as usize * MINI_SECTOR;
            let Some(s) = mini.get(at..(at + MINI_SECTOR).min(mini.len())) else {
                break;
            };
            out.extend_from_slice(s);
            match minifat.get(n as usize) {
                Some(next) => n = *next,
                None => break,
            }
        }
        out.truncate(size);
        Some(out)
    }
}

/// The name of a directory entry: UTF-16 up to its length (bytes 64..66,
/// the closing NUL included) or its first NUL.
fn entry_name(entry: &[u8]) -> String {
    let len = usize::from(u16::from_le_bytes([entry[64], entry[65]])).min(64);
    let units: Vec<u16> = entry[..len]
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// The little-endian 16-bit word at `i`, if the bytes reach that far.
fn half_word(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|w| u16::from_le_bytes([w[0], w[1]]))
}

/// The little-endian 32-bit word at `i`, if the bytes reach that far.
fn word(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

#[cfg(test)]
mod tests {
    use super::super::open;
    use super::*;
    use std::sync::Arc;

    fn p() -> Arc<str> {
        Arc::from("x/t.xls")
    }

    /// A FAT chain that leads back into itself: calamine appended the same
    /// sectors until memory ran out (the `specs` fuzz target's 2 GiB ask).
    #[test]
    fn compound_files_whose_sector_chain_loops_are_refused() {
        let path = p();
        let real = include_bytes!("../../../fixtures/sheets/spec.xls");
        assert!(!fat_has_loop(real, 9));
        let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        // The directory chain's first sector points at itself.
        let dir = u32_at(real, 48) as usize;
        let fat_sector = u32_at(real, 76 + 4 * (dir / 128)) as usize;
        let at = (fat_sector + 1) * 512 + (dir % 128) * 4;
        let mut bad = real.to_vec();
        bad[at..at + 4].copy_from_slice(&(dir as u32).to_le_bytes());
        assert!(fat_has_loop(&bad, 9));
        let e = open(&path, &bad).unwrap_err();
        assert_eq!(
            e.why,
            Refusal::DamagedPart {
                part: CompoundPart::SectorChain
            }
        );
    }

    /// A DIFAT naming one sector in every slot: each entry became a
    /// sector's worth of FAT (a 10 MB file built a 1.3 GB FAT).
    #[test]
    fn compound_files_whose_fat_list_repeats_a_sector_are_refused() {
        let real = include_bytes!("../../../fixtures/sheets/spec.xls");
        let d = difat(real, 9).unwrap();
        assert!(!d.is_empty() && !difat_too_long(real, 9, &d));
        let mut bad = real.to_vec();
        for slot in 0..109 {
            let at = 76 + 4 * slot;
            bad[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        }
        assert_eq!(difat(&bad, 9).map(|d| d.len()), Some(109));
        assert!(fat(&bad, 9).is_none());
        let e = open(&p(), &bad).unwrap_err();
        assert_eq!(
            e.why,
            Refusal::DamagedPart {
                part: CompoundPart::FatList
            }
        );
    }

    /// calamine sizes its tables from the header's sector counts before
    /// reading any sector: a crafted header aborted the process.
    #[test]
    fn compound_file_headers_that_promise_more_than_the_file_holds_are_refused() {
        let path = p();
        let real = include_bytes!("../../../fixtures/sheets/spec.xls");
        assert!(implausible_compound_file(real).is_none());
        assert!(open(&path, real).is_ok());
        for (at, value) in [
            (44usize, u32::MAX),
            (64, u32::MAX),
            (72, u32::MAX),
            (62, u32::MAX),
        ] {
            let mut bad = real.to_vec();
            bad[at..at + 4].copy_from_slice(&value.to_le_bytes());
            let e = open(&path, &bad).unwrap_err();
            assert!(
                matches!(e.why, Refusal::DamagedPart { .. }),
                "offset {at}: {:?}",
                e.why
            );
        }
        let mut tiny = vec![0u8; 612];
        tiny[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        tiny[30] = 9;
        tiny[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(open(&path, &tiny).is_err());
    }

    /// Made by `fixtures/sheets/make_office_fixtures.py`: an xlsx encrypted
    /// as Excel does it, and an xls with a FILEPASS record.
    #[test]
    fn workbooks_protected_with_a_password_say_so_and_what_to_do() {
        let xlsx = include_bytes!("../../../fixtures/sheets/protected.xlsx");
        assert!(is_encrypted_package(xlsx));
        let names = Compound::parse(xlsx).unwrap().names();
        assert!(names.iter().any(|n| n == "EncryptionInfo"), "{names:?}");
        let e = open(&p(), xlsx).unwrap_err();
        assert_eq!((e.format, e.why), ("xlsx", Refusal::PasswordProtected));

        let xls = include_bytes!("../../../fixtures/sheets/protected.xls");
        assert!(!is_encrypted_package(xls));
        let e = open(&p(), xls).unwrap_err();
        assert_eq!((e.format, e.why), ("xls", Refusal::PasswordProtected));

        let plain = include_bytes!("../../../fixtures/sheets/spec.xls");
        assert!(!is_encrypted_package(plain));
        let names = Compound::parse(plain).unwrap().names();
        assert!(names.iter().any(|n| n == "Workbook"));
        // Cut short, the directory is read as far as it goes: no panic.
        for cut in (0..xlsx.len()).step_by(509) {
            let _ = is_encrypted_package(&xlsx[..cut]);
        }
    }
}
