//! Checks on an OLE2 compound file (xls, and the container of an
//! encrypted xlsx) before calamine sees it: headers and sector chains that
//! would make calamine allocate without bound, and workbooks protected with
//! a password, which no reader can open and whose owner must be told so.

use crate::problem::{CompoundPart, Refusal};

/// Checks the header of an OLE2 compound file (xls) before calamine sees
/// it. calamine sizes vectors from the header's sector counts before
/// reading any sector (calamine issue #714), so a crafted 600-byte file can
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
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
        ]))
    };
    let shift = u16_at(30);
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
    // calamine 0.38 reads the DIFAT count from bytes 62..66 (see #714);
    // bound what it will reserve from there too. Real files give at most a
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
/// (cut short at the end of the file). The header fills slot 0.
fn sector(bytes: &[u8], shift: u16, id: u32) -> &[u8] {
    let size = 1usize << shift;
    let start = (id as usize + 1).saturating_mul(size);
    let end = start.saturating_add(size).min(bytes.len());
    bytes.get(start..end).unwrap_or_default()
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
    let mut next = bytes
        .get(68..72)
        .map_or(RESERVED, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > maxid + 1 || next as usize > maxid {
            return None;
        }
        difat.extend(words(sector(bytes, shift, next)));
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
        fat.extend(words(sector(bytes, shift, id)));
    }
    Some(fat)
}

/// True when the DIFAT lists more FAT sectors than the header's FAT
/// sector count (offset 44) or than the file has sectors. Each entry
/// becomes a sector's worth of FAT however often it repeats, so a 10 MB
/// file naming sector 0 in every slot built a 1.3 GB FAT (calamine too).
fn difat_too_long(bytes: &[u8], shift: u16, difat: &[u32]) -> bool {
    let declared = bytes
        .get(44..48)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let sectors = (bytes.len() >> shift) + 1;
    difat.len() > declared as usize || difat.len() > sectors
}

/// The names of the streams and storages in a compound file's directory,
/// as far as its chain can be followed. Bounded by the FAT's length, so a
/// looping chain costs no more than the file's size.
fn directory_names(bytes: &[u8]) -> Vec<String> {
    let Some(shift) = bytes.get(30..32).map(|b| u16::from_le_bytes([b[0], b[1]])) else {
        return Vec::new();
    };
    if shift != 9 && shift != 12 {
        return Vec::new();
    }
    let Some(fat) = fat(bytes, shift) else {
        return Vec::new();
    };
    let mut next = bytes
        .get(48..52)
        .map_or(u32::MAX, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut names = Vec::new();
    for _ in 0..fat.len() {
        let Some(&after) = fat.get(next as usize) else {
            break;
        };
        for entry in sector(bytes, shift, next).chunks_exact(128) {
            // Bytes 64..66 give the name's length in bytes, its NUL included.
            let len = usize::from(u16::from_le_bytes([entry[64], entry[65]])).min(64);
            let units: Vec<u16> = entry[..len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]))
                .collect();
            names.push(String::from_utf16_lossy(&units));
        }
        next = after;
    }
    names
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
    let names = directory_names(bytes);
    names.iter().any(|n| n == "EncryptedPackage") && names.iter().any(|n| n == "EncryptionInfo")
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

    /// calamine issue #714: sector counts in the header drive allocations
    /// before any sector is read; a crafted header aborted the process.
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
        let names = directory_names(xlsx);
        assert!(names.iter().any(|n| n == "EncryptionInfo"), "{names:?}");
        let e = open(&p(), xlsx).unwrap_err();
        assert_eq!((e.format, e.why), ("xlsx", Refusal::PasswordProtected));

        let xls = include_bytes!("../../../fixtures/sheets/protected.xls");
        assert!(!is_encrypted_package(xls));
        let e = open(&p(), xls).unwrap_err();
        assert_eq!((e.format, e.why), ("xls", Refusal::PasswordProtected));

        let plain = include_bytes!("../../../fixtures/sheets/spec.xls");
        assert!(!is_encrypted_package(plain));
        assert!(directory_names(plain).iter().any(|n| n == "Workbook"));
        // Cut short, the directory is read as far as it goes: no panic.
        for cut in (0..xlsx.len()).step_by(509) {
            let _ = is_encrypted_package(&xlsx[..cut]);
        }
    }
}
