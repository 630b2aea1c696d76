//! Interests and readiness, and the per-fd watcher counts behind one epoll registration.

/// What a watcher waits for, as in select(2)'s three sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interest {
    /// The fd has data to read (or a listening socket has a connection).
    Read,
    /// The fd can be written (or a non-blocking connect finished).
    Write,
    /// An exceptional condition (out-of-band data: EPOLLPRI).
    Except,
}

/// Which of the three conditions a ready fd meets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Readiness {
    /// Reading will not block.
    pub readable: bool,
    /// Writing will not block.
    pub writable: bool,
    /// An exceptional condition is pending.
    pub except: bool,
    /// The event also reported the peer's hang-up or an error (or, for readiness not
    /// from epoll, nothing is known). Without it, a read that returns less than asked
    /// has emptied the socket: edge-triggered epoll reports whatever comes next.
    pub hup: bool,
}

impl Readiness {
    /// Whether this readiness satisfies `interest`.
    pub fn has(&self, interest: Interest) -> bool {
        match interest {
            Interest::Read => self.readable,
            Interest::Write => self.writable,
            Interest::Except => self.except,
        }
    }
}

/// How many watchers want each interest on one fd.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Watchers {
    pub(crate) read: u32,
    pub(crate) write: u32,
    pub(crate) except: u32,
}

impl Watchers {
    pub(crate) fn add(&mut self, interest: Interest) {
        let slot = self.slot(interest);
        *slot = slot.saturating_add(1);
    }

    pub(crate) fn remove(&mut self, interest: Interest) {
        let slot = self.slot(interest);
        *slot = slot.saturating_sub(1);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.read == 0 && self.write == 0 && self.except == 0
    }

    /// The epoll interest set these watchers need, `None` when nobody watches.
    pub(crate) fn mio_interest(&self) -> Option<mio::Interest> {
        let mut out: Option<mio::Interest> = None;
        let mut add = |i: mio::Interest| out = Some(out.map_or(i, |o| o | i));
        if self.read > 0 {
            add(mio::Interest::READABLE);
        }
        if self.write > 0 {
            add(mio::Interest::WRITABLE);
        }
        if self.except > 0 {
            add(mio::Interest::PRIORITY);
        }
        out
    }

    fn slot(&mut self, interest: Interest) -> &mut u32 {
        match interest {
            Interest::Read => &mut self.read,
            Interest::Write => &mut self.write,
            Interest::Except => &mut self.except,
        }
    }
}
