//! Reading files without trusting them: only regular files are opened (never a FIFO, a device,
//! a socket or a kernel pseudo-file under `/proc` or `/sys`), their size is checked from
//! metadata before reading and enforced while reading, so no input allocates more than the limit.

use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file: what it is instead (`fifo`, `character device`, …).
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// Larger than the limit; `size` when known from metadata.
    #[error("{}", too_large_message(*.size, *.limit))]
    TooLarge {
        /// The file's size, when known from its metadata.
        size: Option<u64>,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What the size limit says when a file exceeds it.
pub fn too_large_message(size: Option<u64>, limit: usize) -> String {
    match size {
        Some(size) => format!("file is {size} bytes, larger than the {limit} byte limit"),
        None => format!("file is larger than the {limit} byte limit"),
    }
}

/// What a file type is when it is not a regular file; `None` for a regular file.
pub fn special_kind(t: &FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("fifo");
        }
        if t.is_socket() {
            return Some("socket");
        }
        if t.is_char_device() {
            return Some("character device");
        }
        if t.is_block_device() {
            return Some("block device");
        }
    }
    Some("special file")
}

/// Files under these folders look regular but are made up by the kernel as they are read
/// (their size says 0 or 4096 whatever they hold).
const PSEUDO_FILE_SYSTEMS: [(&str, &str); 2] = [
    ("/proc", "kernel pseudo-file under /proc"),
    ("/sys", "kernel pseudo-file under /sys"),
];

/// Reads a regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    // Checked before opening: opening some devices has effects of its own.
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let real = std::fs::canonicalize(path)?;
    if let Some((_, kind)) = PSEUDO_FILE_SYSTEMS
        .iter()
        .find(|(dir, _)| real.starts_with(dir))
    {
        return Err(ReadError::NotRegular(kind));
    }
    let file = open_nonblocking(path)?;
    // Checked again on the handle: the path may have been replaced since.
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit as u64 {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    read_limited_with_capacity(file, limit, meta.len() as usize)
}

/// The first `n` bytes of a regular file, however large it is.
pub fn read_head(path: &Path, n: usize) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path)?;
    if let Some(kind) = special_kind(&file.metadata()?.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut head = Vec::with_capacity(n.min(64 * 1024));
    file.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Reads a regular file of at most `limit` bytes as UTF-8 text (rulesets, function files).
pub fn read_regular_to_string(path: &Path, limit: usize) -> Result<String, ReadError> {
    String::from_utf8(read_regular(path, limit)?).map_err(|_| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// Reads everything from `reader` (standard input), failing once it exceeds `limit` bytes.
pub fn read_limited(reader: impl Read, limit: usize) -> Result<Vec<u8>, ReadError> {
    read_limited_with_capacity(reader, limit, 0)
}

fn read_limited_with_capacity(
    reader: impl Read,
    limit: usize,
    capacity: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity.min(limit));
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Opens for reading without waiting: a FIFO swapped in after the metadata check does not
/// block the open (and is then refused by the handle's metadata).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'a');
        match read_limited(endless, 10) {
            Err(ReadError::TooLarge { size: None, limit }) => assert_eq!(limit, 10),
            other => panic!("{other:?}"),
        }
        assert_eq!(read_limited(&b"0123456789"[..], 10).unwrap().len(), 10);
    }

    #[test]
    fn a_directory_is_not_read() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            read_regular(&dir, 10),
            Err(ReadError::NotRegular("directory"))
        ));
    }
}
