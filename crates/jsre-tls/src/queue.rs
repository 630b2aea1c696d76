//! A byte queue for a session's TLS input and output, whose memory goes back when the
//! queue empties: an idle connection holds no buffers at all.
//!
//! Large buffers are not freed but kept in a small per-thread pool: a bulk transfer takes
//! the same buffer back for every read or write instead of allocating (and zeroing) 64 KiB
//! each time.

use std::cell::RefCell;

/// Buffers up to this size stay with their queue when it empties (a small message of an
/// interactive protocol: no allocation per message); larger ones, such as those of the
/// handshake, go back (at 1 KiB, a thousand idle connections kept 1.2 MiB of them).
const KEEP: usize = 256;
/// Buffers kept in the per-thread pool.
const POOL_LEN: usize = 4;
/// Buffers smaller than this are not worth pooling; larger than `POOL_MAX`, not worth keeping.
const POOL_MIN: usize = 16 * 1024;
const POOL_MAX: usize = 1024 * 1024;

thread_local! {
    static POOL: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Bytes in `buf[start..end]`; `buf[end..]` is initialised spare room.
#[derive(Debug, Default)]
pub(crate) struct ByteQueue {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl ByteQueue {
    /// Bytes queued.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The queued bytes.
    pub(crate) fn data(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// The queued bytes, to be changed in place (TLS records are decrypted where they lie).
    pub(crate) fn data_mut(&mut self) -> &mut [u8] {
        &mut self.buf[self.start..self.end]
    }

    /// Appends `bytes`.
    pub(crate) fn extend(&mut self, bytes: &[u8]) {
        let room = self.room(bytes.len());
        room[..bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
    }

    /// At least `want` bytes of spare room after the queued bytes; [`Self::commit`] what
    /// was written there.
    pub(crate) fn room(&mut self, want: usize) -> &mut [u8] {
        if self.buf.len() - self.end < want {
            self.make_room(want);
        }
        &mut self.buf[self.end..]
    }

    /// Adds `n` bytes written into [`Self::room`] to the queue.
    pub(crate) fn commit(&mut self, n: usize) {
        self.end = (self.end + n).min(self.buf.len());
    }

    /// Drops `n` bytes from the front; an emptied queue gives its memory back, and a few
    /// bytes left in a large buffer move to a small one (a peer can keep some bytes
    /// unused for long; they should not pin a read's worth of memory).
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            if self.buf.len() > KEEP {
                release(std::mem::take(&mut self.buf));
            }
        } else if self.len() <= KEEP && self.buf.len() >= POOL_MIN {
            let small = self.data().to_vec();
            self.end = small.len();
            self.start = 0;
            release(std::mem::replace(&mut self.buf, small));
        }
    }

    /// Empties the queue and gives its memory back.
    pub(crate) fn clear(&mut self) {
        self.consume(self.len());
    }

    fn make_room(&mut self, want: usize) {
        let len = self.len();
        if self.buf.len() >= len + want {
            // Enough room once the consumed front is reclaimed.
            self.buf.copy_within(self.start..self.end, 0);
        } else {
            let size = (len + want).max(2 * self.buf.len());
            let mut bigger = acquire(size);
            bigger[..len].copy_from_slice(&self.buf[self.start..self.end]);
            release(std::mem::replace(&mut self.buf, bigger));
        }
        self.start = 0;
        self.end = len;
    }
}

/// An initialised buffer of at least `size` bytes, from the pool when it has one.
fn acquire(size: usize) -> Vec<u8> {
    if size >= POOL_MIN {
        let pooled = POOL.with_borrow_mut(|pool| {
            let i = pool.iter().position(|b| b.len() >= size)?;
            Some(pool.swap_remove(i))
        });
        if let Some(buf) = pooled {
            return buf;
        }
    }
    vec![0; size]
}

/// Keeps a large buffer for the next [`acquire`] of this thread, or frees it.
fn release(buf: Vec<u8>) {
    if (POOL_MIN..=POOL_MAX).contains(&buf.len()) {
        POOL.with_borrow_mut(|pool| {
            if pool.len() < POOL_LEN {
                pool.push(buf);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_out_in_order_across_growth_and_compaction() {
        let mut q = ByteQueue::default();
        let mut expected = Vec::new();
        let mut next = 0u8;
        for round in 0..200usize {
            let n = (round * 37) % 3000 + 1;
            let chunk: Vec<u8> = (0..n)
                .map(|_| {
                    next = next.wrapping_add(1);
                    next
                })
                .collect();
            q.extend(&chunk);
            expected.extend_from_slice(&chunk);
            let take = (round * 53) % (q.len() + 1);
            assert_eq!(&q.data()[..take], &expected[..take]);
            q.consume(take);
            expected.drain(..take);
            assert_eq!(q.data(), &expected[..]);
        }
    }

    #[test]
    fn an_emptied_queue_frees_large_buffers_and_keeps_small_ones() {
        let mut q = ByteQueue::default();
        q.extend(&[1; 100]);
        q.consume(100);
        assert!(q.is_empty());
        assert!(q.buf.capacity() >= 100, "a small buffer stays");
        q.extend(&vec![2; 64 * 1024]);
        q.clear();
        assert_eq!(q.buf.capacity(), 0, "a large buffer goes back");
    }

    #[test]
    fn a_few_bytes_left_in_a_large_buffer_move_to_a_small_one() {
        let mut q = ByteQueue::default();
        let bytes: Vec<u8> = (0..64 * 1024u32).map(|i| i as u8).collect();
        q.extend(&bytes);
        q.consume(bytes.len() - 22);
        assert_eq!(q.data(), &bytes[bytes.len() - 22..]);
        assert!(q.buf.len() <= KEEP, "the large buffer went back");
        q.extend(b"more");
        assert_eq!(&q.data()[22..], b"more");
    }

    #[test]
    fn room_and_commit_append_in_place() {
        let mut q = ByteQueue::default();
        q.extend(b"ab");
        let room = q.room(3);
        room[..3].copy_from_slice(b"cde");
        q.commit(3);
        assert_eq!(q.data(), b"abcde");
        q.data_mut()[0] = b'A';
        assert_eq!(q.data(), b"Abcde");
    }
}
