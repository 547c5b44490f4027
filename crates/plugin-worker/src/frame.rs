//! The wire format between the pool and its workers: length-prefixed
//! frames, `[u64 LE body length][u8 tag][body]`, over the worker's standard
//! input and output. Bodies are built from fixed-width little-endian
//! integers and length-prefixed byte strings; nothing in them is trusted
//! without a bounds check.

use std::fmt;

/// Parent → worker: the setup blob (first frame).
pub(crate) const SETUP: u8 = b'S';
/// Parent → worker, before a chunk's documents: the failure limit
/// (`max_failures`) and each plugin's failures counted so far, so that the
/// worker quarantines a plugin at the same failure as the pool would.
pub(crate) const LIMITS: u8 = b'L';
/// Parent → worker: one document.
pub(crate) const DOC: u8 = b'D';
/// Parent → worker: the chunk is complete; process it.
pub(crate) const END: u8 = b'E';
/// Worker → parent: set up; the plugin names follow.
pub(crate) const READY: u8 = b'R';
/// Worker → parent: the setup failed; the message follows.
pub(crate) const FAILED: u8 = b'X';
/// Worker → parent: one finished record.
pub(crate) const RECORD: u8 = b'O';
/// Worker → parent: every record of the chunk has been sent.
pub(crate) const CHUNK_DONE: u8 = b'C';

/// Bytes before a frame's body.
pub(crate) const HEADER: usize = 9;
/// Largest accepted body (a guard against a garbled length, far above any
/// real document).
pub(crate) const MAX_BODY: u64 = 1 << 40;

/// A malformed frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrameError(pub(crate) &'static str);

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed frame: {}", self.0)
    }
}

/// Appends a frame to `out`: the header, then whatever `body` writes.
pub(crate) fn frame(out: &mut Vec<u8>, tag: u8, body: impl FnOnce(&mut Vec<u8>)) {
    let at = out.len();
    out.extend_from_slice(&[0; HEADER]);
    out[at + 8] = tag;
    body(out);
    let len = (out.len() - at - HEADER) as u64;
    out[at..at + 8].copy_from_slice(&len.to_le_bytes());
}

/// Appends a `u32`.
pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a `u64`.
pub(crate) fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a length-prefixed byte string.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u64(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// A complete frame: `(tag, body, total length)`.
pub(crate) type Split<'a> = (u8, &'a [u8], usize);

/// The first complete frame at the start of `buf`, `Ok(None)` when more
/// bytes are needed.
pub(crate) fn split(buf: &[u8]) -> Result<Option<Split<'_>>, FrameError> {
    if buf.len() < HEADER {
        return Ok(None);
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&buf[..8]);
    let len = u64::from_le_bytes(len);
    if len > MAX_BODY {
        return Err(FrameError("body length out of range"));
    }
    let Ok(len) = usize::try_from(len) else {
        return Err(FrameError("body length out of range"));
    };
    let total = HEADER + len;
    if buf.len() < total {
        return Ok(None);
    }
    Ok(Some((buf[8], &buf[HEADER..total], total)))
}

/// Reads a frame body field by field.
pub(crate) struct Body<'a> {
    buf: &'a [u8],
}

impl<'a> Body<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Body<'a> {
        Body { buf }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], FrameError> {
        if self.buf.len() < n {
            return Err(FrameError("body too short"));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, FrameError> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, FrameError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, FrameError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], FrameError> {
        let n = usize::try_from(self.u64()?).map_err(|_| FrameError("length out of range"))?;
        self.take(n)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, FrameError> {
        simdutf8::basic::from_utf8(self.bytes()?).map_err(|_| FrameError("string is not UTF-8"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_wait_for_their_last_byte() {
        let mut out = Vec::new();
        frame(&mut out, DOC, |b| {
            put_u64(b, 7);
            put_u32(b, 2);
            put_bytes(b, "نص".as_bytes());
        });
        frame(&mut out, END, |_| {});
        for cut in 0..HEADER + 8 + 4 + 8 + 4 {
            assert_eq!(split(&out[..cut]), Ok(None), "cut at {cut}");
        }
        let (tag, body, len) = split(&out).unwrap().unwrap();
        assert_eq!(tag, DOC);
        let mut b = Body::new(body);
        assert_eq!(b.u64(), Ok(7));
        assert_eq!(b.u32(), Ok(2));
        assert_eq!(b.str(), Ok("نص"));
        assert!(b.u8().is_err(), "nothing left");
        let (tag, body, _) = split(&out[len..]).unwrap().unwrap();
        assert_eq!((tag, body.len()), (END, 0));
    }

    #[test]
    fn a_read_buffer_keeps_unread_bytes_across_growth() {
        let mut r = ReadBuf::with_capacity(4);
        r.space(3)[..3].copy_from_slice(b"abc");
        r.filled(3);
        r.consume(1);
        let room = r.space(10);
        assert!(room.len() >= 10);
        room[..2].copy_from_slice(b"de");
        r.filled(2);
        assert_eq!(r.data(), b"bcde");
        r.consume(4);
        assert_eq!(r.data(), b"");
    }

    #[test]
    fn a_garbled_length_is_an_error_not_an_allocation() {
        let mut out = vec![0xff; 8];
        out.push(DOC);
        assert!(split(&out).is_err());
        let mut b = Body::new(&[0xff; 16]);
        assert!(b.bytes().is_err());
    }
}

/// A read buffer that grows without zeroing what it already holds: bytes
/// `start..end` are unread.
#[derive(Default)]
pub(crate) struct ReadBuf {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl ReadBuf {
    pub(crate) fn with_capacity(n: usize) -> ReadBuf {
        ReadBuf {
            buf: vec![0; n],
            start: 0,
            end: 0,
        }
    }

    /// The unread bytes.
    pub(crate) fn data(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Marks `n` bytes read.
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Room for at least `want` more bytes (moving the unread ones to the
    /// front, or growing), returned for a `read` to fill; then call
    /// [`ReadBuf::filled`].
    pub(crate) fn space(&mut self, want: usize) -> &mut [u8] {
        if self.buf.len() - self.end < want {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len() - self.end < want {
                let n = (self.end + want).max(self.buf.len() * 2);
                self.buf.resize(n, 0);
            }
        }
        &mut self.buf[self.end..]
    }

    /// Records that `n` bytes were written into [`ReadBuf::space`].
    pub(crate) fn filled(&mut self, n: usize) {
        self.end = (self.end + n).min(self.buf.len());
    }
}
