//! An apictl project or multi-file definition sent as a zip archive, unpacked into a private
//! folder with limits: no entry may leave the folder (`..`, absolute paths), links and special
//! files are refused, and the entries' count and unpacked size are bounded (a zip bomb stops
//! at the limit, whatever its headers claim).

use std::io::Read;
use std::path::Path;

/// The most entries an archive may have.
pub const MAX_ENTRIES: usize = 10_000;

/// Unpacks `bytes` under `dir`, at most `max_total` bytes in all.
pub fn unpack(bytes: &[u8], dir: &Path, max_total: u64) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the archive has {} entries; at most {MAX_ENTRIES} are accepted",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entry {i} of the archive cannot be read: {e}"))?;
        let shown = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let Some(rel) = entry.enclosed_name() else {
            return Err(format!(
                "the archive entry `{shown}` points outside the archive's folder"
            ));
        };
        if entry.is_symlink() {
            return Err(format!(
                "the archive entry `{shown}` is a link; links are not accepted"
            ));
        }
        let target = dir.join(&rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{shown}: {e}"))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{shown}: {e}"))?;
        }
        let left = max_total.saturating_sub(total);
        let mut data = Vec::new();
        (&mut entry)
            .take(left + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("the archive entry `{shown}` cannot be unpacked: {e}"))?;
        total += data.len() as u64;
        if total > max_total {
            return Err(format!(
                "the archive unpacks to more than {max_total} bytes; that is the limit"
            ));
        }
        std::fs::write(&target, &data).map_err(|e| format!("{shown}: {e}"))?;
    }
    Ok(())
}
