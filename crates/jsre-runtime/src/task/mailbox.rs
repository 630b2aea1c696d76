//! A task's mailbox: a queue of copied messages and an eventfd that is readable while the
//! queue is not empty, so the task's reactor (and `Task.fd()`) sees messages arrive.

use std::collections::VecDeque;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::Mutex;

use super::message::Message;

/// The default mailbox size in bytes of queued, unreceived messages.
pub const DEFAULT_CAPACITY: usize = 4 * 1024 * 1024;

/// Why a message was not queued.
#[derive(Debug, PartialEq, Eq)]
pub enum PushError {
    /// The queue holds too many bytes already; try again later.
    Full,
    /// The message alone is larger than the mailbox.
    TooLarge,
}

struct Queue {
    messages: VecDeque<(u32, Message)>,
    /// Bytes of the queued messages, against `capacity`.
    bytes: usize,
    capacity: usize,
}

/// One task's mailbox, shared (`Arc`) with every task that may send to it.
pub struct Mailbox {
    queue: Mutex<Queue>,
    /// Readable while messages wait; the counter is reset when the queue empties.
    event: OwnedFd,
}

impl Mailbox {
    /// A new empty mailbox.
    pub fn new() -> io::Result<Self> {
        // SAFETY: eventfd has no memory preconditions; the result is checked.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd is a fresh descriptor we own.
        let event = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Self {
            queue: Mutex::new(Queue {
                messages: VecDeque::new(),
                bytes: 0,
                capacity: DEFAULT_CAPACITY,
            }),
            event,
        })
    }

    /// The eventfd: readable while messages wait.
    pub fn fd(&self) -> RawFd {
        self.event.as_raw_fd()
    }

    /// Queues `msg` from task `from`; nothing already queued is ever dropped.
    pub fn push(&self, from: u32, msg: Message) -> Result<(), PushError> {
        let size = msg.size();
        let mut q = self.queue.lock().map_err(|_| PushError::Full)?;
        if size > q.capacity {
            return Err(PushError::TooLarge);
        }
        if q.bytes + size > q.capacity {
            return Err(PushError::Full);
        }
        q.bytes += size;
        q.messages.push_back((from, msg));
        self.signal();
        Ok(())
    }

    /// Takes the oldest message, if any.
    pub fn pop(&self) -> Option<(u32, Message)> {
        let mut q = self.queue.lock().ok()?;
        let item = q.messages.pop_front();
        if let Some((_, m)) = &item {
            q.bytes = q.bytes.saturating_sub(m.size());
        }
        if q.messages.is_empty() {
            // Under the lock, so a concurrent push cannot lose its signal.
            self.drain_signal();
        }
        item
    }

    /// Whether messages wait.
    pub fn is_empty(&self) -> bool {
        self.queue
            .lock()
            .map(|q| q.messages.is_empty())
            .unwrap_or(true)
    }

    /// Bytes of queued messages.
    pub fn current_size(&self) -> usize {
        self.queue.lock().map(|q| q.bytes).unwrap_or(0)
    }

    /// The capacity in bytes.
    pub fn capacity(&self) -> usize {
        self.queue.lock().map(|q| q.capacity).unwrap_or(0)
    }

    /// Sets the capacity; messages already queued stay.
    pub fn set_capacity(&self, bytes: usize) {
        if let Ok(mut q) = self.queue.lock() {
            q.capacity = bytes;
        }
    }

    /// Makes the eventfd readable without a message (wakes the task, e.g. to cancel it).
    pub fn signal(&self) {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a valid u64 to our own eventfd. A full counter
        // (EAGAIN) already means "readable", so the result can be ignored.
        let _ = unsafe { libc::write(self.fd(), (&one as *const u64).cast(), 8) };
    }

    fn drain_signal(&self) {
        let mut value: u64 = 0;
        // SAFETY: reads 8 bytes into a valid u64 from our own non-blocking eventfd.
        let _ = unsafe { libc::read(self.fd(), (&mut value as *mut u64).cast(), 8) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(fd: RawFd) -> bool {
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        unsafe { libc::poll(&mut p, 1, 0) == 1 }
    }

    #[test]
    fn the_fd_is_readable_exactly_while_messages_wait() {
        let m = Mailbox::new().unwrap();
        assert!(!readable(m.fd()));
        m.push(1, Message::String("a".into())).unwrap();
        m.push(1, Message::String("b".into())).unwrap();
        assert!(readable(m.fd()));
        assert_eq!(
            m.pop().map(|(_, msg)| msg),
            Some(Message::String("a".into()))
        );
        assert!(readable(m.fd()));
        m.pop();
        assert!(!readable(m.fd()));
    }

    #[test]
    fn a_full_mailbox_refuses_without_losing_what_it_holds() {
        let m = Mailbox::new().unwrap();
        m.set_capacity(64);
        assert_eq!(
            m.push(1, Message::Buffer(vec![0; 100])),
            Err(PushError::TooLarge)
        );
        m.push(1, Message::Buffer(vec![0; 40])).unwrap();
        assert_eq!(
            m.push(1, Message::Buffer(vec![0; 40])),
            Err(PushError::Full)
        );
        assert_eq!(m.current_size(), Message::Buffer(vec![0; 40]).size());
        assert!(m.pop().is_some());
        m.push(1, Message::Buffer(vec![0; 40])).unwrap();
    }
}
