//! `handshakes`: `--conns` connections at a time, each a full TLS 1.3 handshake (no
//! resumption) followed by close_notify; the slot then waits for the server's close
//! (close_notify and FIN), closes, and starts a new connection. The server closes first, so
//! TIME_WAIT stays on its side and the client's ephemeral ports are free again at once:
//! a client that closed first would hold every port it used for 60 s and run out of
//! them after about 28,000 connections. After `--seconds` no new connections start; those
//! under way finish (up to a grace period) and are counted, so the server's CPU time
//! divided by `handshakes` is its cost per handshake.

use std::io;
use std::time::{Duration, Instant};

use mio::{Events, Poll, Token};

use crate::conn::Conn;
use crate::{Meter, Options, json_str};

/// How long connections under way at the end may take to finish.
const GRACE: Duration = Duration::from_secs(5);
/// A connection older than this is abandoned as failed.
const STUCK: Duration = Duration::from_secs(10);

struct Slot {
    conn: Conn,
    started: Instant,
    /// The handshake completed and close_notify is queued.
    closing: bool,
}

#[derive(Default)]
struct Counts {
    handshakes: u64,
    /// Connections that failed before the handshake completed.
    errors: u64,
    /// Connections that failed after it (e.g. a reset instead of a clean close).
    close_errors: u64,
    first_error: Option<String>,
    /// From connect to the server's close, for every connection that completed.
    lifetimes: Vec<Duration>,
}

pub fn run(opts: &Options) -> Result<(), String> {
    let config = crate::tls::client_config(&opts.ca)?;
    let mut poll = Poll::new().map_err(|e| e.to_string())?;
    let mut events = Events::with_capacity(1024);
    let open = |poll: &Poll, i: usize| -> Option<Slot> {
        let conn = Conn::open(opts.addr, &config, poll.registry(), Token(i)).ok()?;
        Some(Slot {
            conn,
            started: Instant::now(),
            closing: false,
        })
    };
    let meter = Meter::start();
    let end = Instant::now() + Duration::from_secs_f64(opts.seconds);
    let mut slots: Vec<Option<Slot>> = (0..opts.conns).map(|i| open(&poll, i)).collect();
    let mut counts = Counts::default();
    let mut last_sweep = Instant::now();
    loop {
        let now = Instant::now();
        let running = now < end;
        if !running && (slots.iter().all(Option::is_none) || now >= end + GRACE) {
            break;
        }
        if counts.handshakes == 0 && counts.errors >= 1000 {
            let why = counts.first_error.unwrap_or_default();
            return Err(format!("no handshake succeeded; first error: {why}"));
        }
        poll.poll(&mut events, Some(Duration::from_millis(50)))
            .map_err(|e| e.to_string())?;
        for ev in events.iter() {
            let i = ev.token().0;
            let Some(slot) = slots.get_mut(i).and_then(Option::as_mut) else {
                continue;
            };
            match drive(slot, &mut counts) {
                Ok(false) => continue,
                Ok(true) => counts.lifetimes.push(slot.started.elapsed()),
                Err(e) => fail(&mut counts, slot.closing, &e.to_string()),
            }
            slots[i] = None;
            if Instant::now() < end {
                slots[i] = open(&poll, i);
            }
        }
        if now.duration_since(last_sweep) >= Duration::from_millis(200) {
            last_sweep = now;
            for (i, entry) in slots.iter_mut().enumerate() {
                // A slot whose connect could not even start tries again.
                if entry.is_none() && now < end {
                    *entry = open(&poll, i);
                    continue;
                }
                let stuck = entry
                    .as_ref()
                    .is_some_and(|s| now.duration_since(s.started) > STUCK);
                if stuck {
                    let closing = entry.as_ref().is_some_and(|s| s.closing);
                    fail(&mut counts, closing, "connection stuck for 10 s");
                    *entry = None;
                    if now < end {
                        *entry = open(&poll, i);
                    }
                }
            }
        }
    }
    let secs = meter.elapsed();
    let rate = if secs > 0.0 {
        counts.handshakes as f64 / secs
    } else {
        0.0
    };
    let unfinished = slots.iter().filter(|s| s.is_some()).count();
    counts.lifetimes.sort_unstable();
    let ms = |q: f64| {
        let n = counts.lifetimes.len();
        let i = ((n as f64 * q) as usize).min(n.saturating_sub(1));
        counts
            .lifetimes
            .get(i)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    let latency = format!(
        "\"conn_ms_p50\":{:.2},\"conn_ms_p99\":{:.2},\"conn_ms_max\":{:.2}",
        ms(0.5),
        ms(0.99),
        ms(1.0)
    );
    println!(
        "{{\"mode\":\"handshakes\",\"conns\":{},\"handshakes\":{},\"per_sec\":{rate:.1},\"errors\":{},\"close_errors\":{},\"unfinished\":{unfinished},{latency},{}{}}}",
        opts.conns,
        counts.handshakes,
        counts.errors,
        counts.close_errors,
        meter.json_fields(),
        counts
            .first_error
            .map(|e| format!(",\"first_error\":{}", json_str(&e)))
            .unwrap_or_default(),
    );
    Ok(())
}

/// Advances one connection; `Ok(true)` when it is over (handshake counted, peer closed).
fn drive(slot: &mut Slot, counts: &mut Counts) -> io::Result<bool> {
    slot.conn.read(&mut |_| Ok(()))?;
    if !slot.closing {
        if slot.conn.is_handshaking() {
            if slot.conn.is_closed() {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "closed during the handshake",
                ));
            }
            slot.conn.flush()?;
            return Ok(false);
        }
        counts.handshakes += 1;
        slot.closing = true;
        slot.conn.send_close_notify();
    }
    slot.conn.flush()?;
    Ok(slot.conn.is_closed())
}

fn fail(counts: &mut Counts, after_handshake: bool, why: &str) {
    if after_handshake {
        counts.close_errors += 1;
    } else {
        counts.errors += 1;
    }
    if counts.first_error.is_none() {
        counts.first_error = Some(why.to_string());
    }
}
