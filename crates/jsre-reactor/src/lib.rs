//! A level-triggered fd watcher with timers and a cross-thread waker.
//!
//! JSRE's `iosched` behaves like select(2): a callback that reads only part of the
//! available data fires again on the next poll. mio (epoll) is edge-triggered, so the
//! [`Reactor`] re-arms every fd it reported ready before the next wait: `EPOLL_CTL_MOD`
//! re-evaluates readiness, and an fd that still has data is reported again.
//!
//! The reactor never calls JavaScript. It answers one question per turn: which of the
//! watched fds are ready, which timers are due, and whether another thread woke us.

mod timers;
mod watch;

pub use timers::{TimerId, TimerQueue};
pub use watch::{Interest, Readiness};

use std::io;
use std::os::fd::RawFd;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::unix::SourceFd;
use mio::{Events, Poll, Token, Waker};
use rustc_hash::FxHashMap;

/// The token of the cross-thread waker; fds use `Token(fd)`, and fds are never negative.
const WAKER_TOKEN: Token = Token(usize::MAX);

/// Watches fds for readiness and keeps the timer queue.
pub struct Reactor {
    poll: Poll,
    events: Events,
    /// Per fd: how many watchers want each interest, so that two iosched events on one
    /// fd (READ and WRITE) share one epoll registration.
    watched: FxHashMap<RawFd, watch::Watchers>,
    /// Fds epoll refused (regular files): select(2) reports them always ready.
    always_ready: FxHashMap<RawFd, watch::Watchers>,
    /// Fds reported ready by the last wait, re-armed before the next one.
    to_rearm: Vec<RawFd>,
    waker: Arc<Waker>,
    timers: TimerQueue,
}

/// Wakes a [`Reactor`] from any thread: its current or next wait returns at once.
#[derive(Clone)]
pub struct WakeHandle(Arc<Waker>);

impl WakeHandle {
    /// Interrupts the reactor's wait. Errors are ignored: a failed wake can only mean
    /// the reactor is gone.
    pub fn wake(&self) {
        let _ = self.0.wake();
    }
}

/// What one [`Reactor::wait`] saw.
#[derive(Debug, Default)]
pub struct Turn {
    /// Ready fds with their readiness, each fd once.
    pub ready: Vec<(RawFd, Readiness)>,
    /// True when another thread called [`WakeHandle::wake`].
    pub woken: bool,
}

impl Reactor {
    /// Creates a reactor with its own epoll instance and waker.
    pub fn new() -> io::Result<Self> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER_TOKEN)?);
        Ok(Self {
            poll,
            events: Events::with_capacity(1024),
            watched: FxHashMap::default(),
            always_ready: FxHashMap::default(),
            to_rearm: Vec::new(),
            waker,
            timers: TimerQueue::default(),
        })
    }

    /// A handle that wakes this reactor from another thread.
    pub fn wake_handle(&self) -> WakeHandle {
        WakeHandle(Arc::clone(&self.waker))
    }

    /// The timer queue: add, cancel and collect due timers.
    pub fn timers(&mut self) -> &mut TimerQueue {
        &mut self.timers
    }

    /// Adds one watcher of `interest` on `fd`. Fails with EBADF for a closed fd.
    pub fn watch(&mut self, fd: RawFd, interest: Interest) -> io::Result<()> {
        if fd < 0 {
            return Err(io::Error::from_raw_os_error(libc::EBADF));
        }
        if let Some(w) = self.always_ready.get_mut(&fd) {
            w.add(interest);
            return Ok(());
        }
        let mut watchers = self.watched.get(&fd).copied().unwrap_or_default();
        let before = watchers.mio_interest();
        watchers.add(interest);
        let after = watchers.mio_interest();
        // Register even when the interest set is unchanged: if the fd was closed and its
        // number reused behind our back, epoll forgot it, and this puts it back.
        {
            match self.register(fd, before, after) {
                Ok(()) => {}
                // epoll refuses regular files; select(2) calls them always ready.
                Err(e) if e.raw_os_error() == Some(libc::EPERM) => {
                    self.watched.remove(&fd);
                    self.always_ready.insert(fd, watchers);
                    return Ok(());
                }
                Err(e) => return Err(e),
            }
        }
        self.watched.insert(fd, watchers);
        Ok(())
    }

    /// Removes one watcher of `interest` on `fd`; the fd leaves epoll with its last watcher.
    pub fn unwatch(&mut self, fd: RawFd, interest: Interest) {
        if let Some(w) = self.always_ready.get_mut(&fd) {
            w.remove(interest);
            if w.is_empty() {
                self.always_ready.remove(&fd);
            }
            return;
        }
        let Some(watchers) = self.watched.get_mut(&fd) else {
            return;
        };
        let before = watchers.mio_interest();
        watchers.remove(interest);
        let after = watchers.mio_interest();
        let empty = watchers.is_empty();
        if empty {
            self.watched.remove(&fd);
        }
        if before != after {
            // The fd may already be closed; epoll then forgot it, which is what we want.
            let _ = self.register(fd, before, after);
        }
    }

    /// Forgets every watcher of `fd` (it is being closed or handed to another task).
    pub fn forget(&mut self, fd: RawFd) {
        self.always_ready.remove(&fd);
        if self.watched.remove(&fd).is_some() {
            // Closing would drop it from epoll anyway; a handed-off fd must leave now.
            let _ = self.poll.registry().deregister(&mut SourceFd(&fd));
        }
    }

    /// Forgets every watcher of `fd` without telling epoll, for an fd its owner is about
    /// to close (and never duplicated): closing the last fd of a file removes it from
    /// epoll, so the `EPOLL_CTL_DEL` would be a wasted system call.
    pub fn forget_closing(&mut self, fd: RawFd) {
        self.always_ready.remove(&fd);
        self.watched.remove(&fd);
        self.to_rearm.retain(|&f| f != fd);
    }

    /// Leaves these fds out of the next re-arm: their owner read them until empty, so
    /// they hold no readiness to report again (new data raises a fresh edge).
    /// Only fds watched for reading alone are skipped: a drained read side says nothing
    /// about a writable one.
    pub fn skip_rearm(&mut self, fds: &[RawFd]) {
        if fds.is_empty() {
            return;
        }
        let watched = &self.watched;
        self.to_rearm.retain(|fd| {
            let read_only = watched
                .get(fd)
                .is_some_and(|w| w.write == 0 && w.except == 0);
            !(read_only && fds.contains(fd))
        });
    }

    /// Registers `fd` again with its current interests: after the file behind an fd
    /// number was replaced (dup2), epoll must learn the new one.
    pub fn refresh(&mut self, fd: RawFd) {
        if let Some(w) = self.watched.get(&fd).copied() {
            let interest = w.mio_interest();
            let _ = self.register(fd, interest, interest);
        }
    }

    /// How many fds are watched.
    pub fn watched_count(&self) -> usize {
        self.watched.len() + self.always_ready.len()
    }

    /// Waits until a watched fd is ready, a timer is due, another thread wakes us, or
    /// `timeout` passes (`None`: no limit but the next timer).
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Turn> {
        self.rearm();
        let mut turn = Turn::default();
        let now = Instant::now();
        let timer_limit = self
            .timers
            .next_deadline()
            .map(|d| d.saturating_duration_since(now));
        let mut limit = match (timeout, timer_limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if !self.always_ready.is_empty() {
            limit = Some(Duration::ZERO);
        }
        match self.poll.poll(&mut self.events, limit.map(round_up_to_ms)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(turn),
            Err(e) => return Err(e),
        }
        for event in self.events.iter() {
            if event.token() == WAKER_TOKEN {
                turn.woken = true;
                continue;
            }
            let fd = event.token().0 as RawFd;
            let readiness = Readiness {
                // Error and hang-up make a fd readable and writable, as with select(2):
                // the next read or write reports the condition.
                readable: event.is_readable() || event.is_read_closed() || event.is_error(),
                writable: event.is_writable() || event.is_write_closed() || event.is_error(),
                except: event.is_priority(),
                hup: event.is_read_closed() || event.is_error(),
            };
            turn.ready.push((fd, readiness));
            self.to_rearm.push(fd);
        }
        for (&fd, w) in &self.always_ready {
            let readiness = Readiness {
                readable: w.read > 0,
                writable: w.write > 0,
                except: false,
                hup: true,
            };
            turn.ready.push((fd, readiness));
        }
        Ok(turn)
    }

    /// Re-registers each fd reported ready last time, so epoll reports it again while
    /// it stays ready: the level-triggered rule.
    fn rearm(&mut self) {
        for fd in std::mem::take(&mut self.to_rearm) {
            let Some(watchers) = self.watched.get(&fd).copied() else {
                continue;
            };
            let interest = watchers.mio_interest();
            if let Err(e) = self.register(fd, interest, interest) {
                // A closed fd left epoll by itself; forget it rather than report it forever.
                if e.raw_os_error() == Some(libc::EBADF) {
                    self.watched.remove(&fd);
                }
            }
        }
    }

    /// Moves `fd` from the `before` interest set to `after` in epoll.
    fn register(
        &self,
        fd: RawFd,
        before: Option<mio::Interest>,
        after: Option<mio::Interest>,
    ) -> io::Result<()> {
        let registry = self.poll.registry();
        let token = Token(fd as usize);
        match (before, after) {
            (None, None) => Ok(()),
            (None, Some(i)) => registry.register(&mut SourceFd(&fd), token, i),
            (Some(_), None) => registry.deregister(&mut SourceFd(&fd)),
            (Some(_), Some(i)) => match registry.reregister(&mut SourceFd(&fd), token, i) {
                // The fd was closed and its number reused: epoll forgot the old one.
                Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
                    registry.register(&mut SourceFd(&fd), token, i)
                }
                other => other,
            },
        }
    }
}

/// epoll counts whole milliseconds: round up so a timer is never woken for early.
fn round_up_to_ms(d: Duration) -> Duration {
    let ms = d.as_nanos().div_ceil(1_000_000);
    Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
}
