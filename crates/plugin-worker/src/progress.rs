//! Where a worker is: one 64-bit word in a page of shared memory (a
//! `memfd` mapped by both processes), `document << 16 | stage`. The worker
//! stores it before each stage of each document (two or three relaxed
//! stores per document, no system call); the pool reads it only to watch
//! the deadline and, after the worker died, to learn which document and
//! which plugin it died on. The word survives the worker: the pool's
//! mapping keeps the page.

use std::os::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::{MemfdFlags, ftruncate, memfd_create};
use rustix::mm::{MapFlags, ProtFlags, mmap, munmap};

/// The environment variable that tells a worker which descriptor holds
/// the progress page.
pub(crate) const ENV_FD: &str = "KHABAR_PLUGIN_WORKER_PROGRESS_FD";

const PAGE: usize = 4096;

/// Stage: the pipeline's own stages (decode … figures) or writing the
/// record.
pub(crate) const STAGE_PIPELINE: u16 = 0;
/// Stage: the document is finished.
pub(crate) const STAGE_DONE: u16 = u16::MAX;

/// Stage of plugin `k` (0-based).
pub(crate) fn stage_plugin(k: usize) -> u16 {
    u16::try_from(k + 1)
        .unwrap_or(STAGE_DONE - 1)
        .min(STAGE_DONE - 1)
}

/// Packs a document number and a stage.
pub(crate) fn pack(doc: u64, stage: u16) -> u64 {
    (doc << 16) | u64::from(stage)
}

/// Splits a word into `(document, stage)`.
pub(crate) fn unpack(word: u64) -> (u64, u16) {
    (word >> 16, (word & 0xffff) as u16)
}

/// A mapped progress page.
pub(crate) struct Progress {
    word: NonNull<AtomicU64>,
    /// The descriptor (kept by the pool until the worker has started).
    fd: Option<OwnedFd>,
    /// Whether `word` is a mapping (else a leaked private word).
    mapped: bool,
}

// SAFETY: the mapping is owned by this value and only accessed through an
// atomic; moving it between threads is fine.
unsafe impl Send for Progress {}

impl Progress {
    /// A new page (pool side), zeroed.
    pub(crate) fn create() -> std::io::Result<Progress> {
        let fd = memfd_create("khabar-worker-progress", MemfdFlags::CLOEXEC)?;
        ftruncate(&fd, PAGE as u64)?;
        let word = map(fd.as_fd())?;
        Ok(Progress {
            word,
            fd: Some(fd),
            mapped: true,
        })
    }

    /// The page a worker was started with (`ENV_FD`), or a private word
    /// when there is none (a worker run by hand).
    pub(crate) fn from_env() -> Progress {
        let fd: Option<RawFd> = std::env::var(ENV_FD).ok().and_then(|v| v.parse().ok());
        if let Some(raw) = fd.filter(|&fd| fd > 2) {
            // SAFETY: the pool opened this descriptor for us and nothing
            // else in the worker owns it; it is closed once mapped.
            let fd = unsafe { OwnedFd::from_raw_fd(raw) };
            if let Ok(word) = map(fd.as_fd()) {
                return Progress {
                    word,
                    fd: None,
                    mapped: true,
                };
            }
        }
        let word = NonNull::from(Box::leak(Box::new(AtomicU64::new(0))));
        Progress {
            word,
            fd: None,
            mapped: false,
        }
    }

    /// The descriptor to hand to the worker.
    pub(crate) fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.fd.as_ref().map(|f| f.as_fd())
    }

    /// Closes the pool's descriptor (the mapping stays).
    pub(crate) fn close_fd(&mut self) {
        self.fd = None;
    }

    fn word(&self) -> &AtomicU64 {
        // SAFETY: `word` points into a live mapping (or a leaked box) for
        // the life of `self`; AtomicU64 is valid for any bit pattern.
        unsafe { self.word.as_ref() }
    }

    pub(crate) fn set(&self, doc: u64, stage: u16) {
        self.word().store(pack(doc, stage), Ordering::Release);
    }

    pub(crate) fn get(&self) -> u64 {
        self.word().load(Ordering::Acquire)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Only pages we mapped (a private word is leaked: a few bytes, once
        // per worker process).
        if self.mapped {
            // SAFETY: `word` is the start of a PAGE-sized mapping made by
            // `map`, not used after this.
            let _ = unsafe { munmap(self.word.as_ptr().cast(), PAGE) };
        }
    }
}

fn map(fd: BorrowedFd<'_>) -> std::io::Result<NonNull<AtomicU64>> {
    // SAFETY: a fresh shared mapping of a PAGE-sized memfd; nothing else
    // aliases it in this process.
    let ptr = unsafe {
        mmap(
            std::ptr::null_mut(),
            PAGE,
            ProtFlags::READ | ProtFlags::WRITE,
            MapFlags::SHARED,
            fd,
            0,
        )
    }?;
    NonNull::new(ptr.cast::<AtomicU64>()).ok_or_else(|| std::io::Error::other("mmap gave null"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pack_document_and_stage() {
        assert_eq!(unpack(pack(123_456, stage_plugin(2))), (123_456, 3));
        assert_eq!(unpack(pack(0, STAGE_DONE)), (0, STAGE_DONE));
        assert_eq!(stage_plugin(usize::MAX - 1), STAGE_DONE - 1);
    }
}
