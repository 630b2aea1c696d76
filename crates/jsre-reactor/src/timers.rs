//! Timers ordered by deadline, then by creation order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

use rustc_hash::FxHashSet;

/// Identifies one timer; never reused within a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(pub u64);

/// A min-heap of deadlines. Cancellation is lazy: a cancelled id is skipped when popped.
#[derive(Debug, Default)]
pub struct TimerQueue {
    heap: BinaryHeap<Reverse<(Instant, TimerId)>>,
    /// Live timers; an id missing here was cancelled or already fired.
    live: FxHashSet<TimerId>,
    next_id: u64,
}

impl TimerQueue {
    /// Schedules a timer at `deadline`. Timers with equal deadlines fire in the order added.
    pub fn add(&mut self, deadline: Instant) -> TimerId {
        self.next_id += 1;
        let id = TimerId(self.next_id);
        self.heap.push(Reverse((deadline, id)));
        self.live.insert(id);
        id
    }

    /// Cancels a timer; returns false when it had already fired or been cancelled.
    pub fn cancel(&mut self, id: TimerId) -> bool {
        self.live.remove(&id)
    }

    /// Number of live timers.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether no timer is live.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// The earliest live deadline.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        self.drop_cancelled_head();
        self.heap.peek().map(|Reverse((d, _))| *d)
    }

    /// Removes and returns the earliest timer due at `now`, if any.
    pub fn pop_due(&mut self, now: Instant) -> Option<TimerId> {
        self.drop_cancelled_head();
        match self.heap.peek() {
            Some(Reverse((deadline, _))) if *deadline <= now => {
                let Reverse((_, id)) = self.heap.pop()?;
                self.live.remove(&id);
                Some(id)
            }
            _ => None,
        }
    }

    fn drop_cancelled_head(&mut self) {
        while let Some(Reverse((_, id))) = self.heap.peek() {
            if self.live.contains(id) {
                return;
            }
            self.heap.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn due_timers_come_out_in_deadline_then_creation_order() {
        let mut q = TimerQueue::default();
        let t0 = Instant::now();
        let late = q.add(t0 + Duration::from_millis(20));
        let a = q.add(t0 + Duration::from_millis(10));
        let b = q.add(t0 + Duration::from_millis(10));
        let now = t0 + Duration::from_millis(30);
        assert_eq!(q.pop_due(now), Some(a));
        assert_eq!(q.pop_due(now), Some(b));
        assert_eq!(q.pop_due(now), Some(late));
        assert_eq!(q.pop_due(now), None);
    }

    #[test]
    fn cancelled_timers_never_fire_and_do_not_bound_the_wait() {
        let mut q = TimerQueue::default();
        let t0 = Instant::now();
        let a = q.add(t0);
        let b = q.add(t0 + Duration::from_secs(5));
        assert!(q.cancel(a));
        assert!(!q.cancel(a));
        assert_eq!(q.next_deadline(), Some(t0 + Duration::from_secs(5)));
        assert_eq!(q.pop_due(t0 + Duration::from_secs(1)), None);
        assert_eq!(q.len(), 1);
        assert_eq!(q.pop_due(t0 + Duration::from_secs(6)), Some(b));
        assert!(q.is_empty());
    }
}
