//! Opening a possibly compressed file, counting the bytes read from disk.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use crate::error::ImportError;

/// A reader that counts the bytes read through it.
pub(crate) struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// An opened input: the decompressed lines, and how many bytes of the file
/// were read (for progress).
pub(crate) struct Opened {
    pub reader: Box<dyn BufRead>,
    pub read: Rc<Cell<u64>>,
    pub total: Option<u64>,
}

/// Opens `path`, decompressing by its extension: `.gz` (gzip, several
/// members allowed), `.bz2` (bzip2, several streams allowed), anything else
/// as plain text.
///
/// # Errors
///
/// The file cannot be opened.
pub fn open_dump(path: &Path) -> Result<Box<dyn BufRead>, ImportError> {
    Ok(open(path)?.reader)
}

pub(crate) fn open(path: &Path) -> Result<Opened, ImportError> {
    let f = File::open(path).map_err(|e| ImportError::io(path.display(), e))?;
    let total = f.metadata().ok().map(|m| m.len());
    let read = Rc::new(Cell::new(0));
    let counted = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: f,
            count: read.clone(),
        },
    );
    let name = path.to_string_lossy();
    let reader: Box<dyn BufRead> = if name.ends_with(".gz") {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(counted),
        ))
    } else if name.ends_with(".bz2") {
        Box::new(BufReader::with_capacity(
            1 << 16,
            bzip2::bufread::MultiBzDecoder::new(counted),
        ))
    } else {
        Box::new(counted)
    };
    Ok(Opened {
        reader,
        read,
        total,
    })
}
