//! The TLS records that this turn's iosched callbacks left queued for the end of the
//! turn's callbacks (see `Conn::send` and `turn::dispatch`): how many bytes, and since
//! when. The turn writes them early, before its next callback, once they are too many or
//! have waited too long.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// How many bytes of records the callbacks of one turn may leave queued, all connections
/// together, before the next callback runs. This bounds what deferring the writes to the
/// turn's end adds to what one callback holds (each connection also writes its own at
/// `Conn`'s 60 KiB).
const BYTES_LIMIT: usize = 256 * 1024;

/// How long the first of them may wait, as far as the turn can see it (after each
/// callback): a turn of slow callbacks still answers its first peers promptly. Far above
/// what a turn of fast callbacks takes (50 echo callbacks: ~0.15 ms), so it costs them no
/// batching.
const TIME_LIMIT: Duration = Duration::from_millis(1);

#[derive(Clone, Copy)]
struct Held {
    bytes: usize,
    since: Option<Instant>,
}

const NOTHING: Held = Held {
    bytes: 0,
    since: None,
};

thread_local! {
    static HELD: Cell<Held> = const { Cell::new(NOTHING) };
}

/// Counts `bytes` of records that a callback's send left queued.
pub fn add(bytes: usize) {
    HELD.with(|h| {
        let mut held = h.get();
        held.bytes += bytes;
        held.since.get_or_insert_with(Instant::now);
        h.set(held);
    });
}

/// Takes back `bytes` counted by [`add`]: a connection wrote its own.
pub fn written(bytes: usize) {
    HELD.with(|h| {
        let mut held = h.get();
        held.bytes = held.bytes.saturating_sub(bytes);
        if held.bytes == 0 {
            held.since = None;
        }
        h.set(held);
    });
}

/// Forgets them all: the turn wrote every registered connection's output.
pub fn clear() {
    HELD.with(|h| h.set(NOTHING));
}

/// Whether they should be written now rather than after the turn's last callback: more
/// than [`BYTES_LIMIT`] of them, or the first waiting [`TIME_LIMIT`] already. Reads the
/// clock only while something is held.
pub fn overdue() -> bool {
    let held = HELD.with(Cell::get);
    held.since
        .is_some_and(|t| held.bytes >= BYTES_LIMIT || t.elapsed() >= TIME_LIMIT)
}
