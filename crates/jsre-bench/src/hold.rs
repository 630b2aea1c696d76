//! `hold`: opens `--conns` connections (at most `IN_FLIGHT` setting up at once), completes
//! each handshake and one 64-byte echo on each, prints a READY line, then holds them all
//! open until stdin closes or `--seconds` pass.

use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token};

use crate::conn::Conn;
use crate::{Meter, Options};

/// Connections set up concurrently, so the listen backlog never overflows.
const IN_FLIGHT: usize = 100;
/// The size of the message echoed on each connection.
const MSG: usize = 64;
const STDIN: Token = Token(usize::MAX);

struct Held {
    conn: Conn,
    /// Echo bytes received; `MSG` means the connection is ready.
    got: usize,
    /// The message was written (after the handshake).
    sent: bool,
}

pub fn run(opts: &Options) -> Result<(), String> {
    let config = crate::tls::client_config(&opts.ca)?;
    let mut poll = Poll::new().map_err(|e| e.to_string())?;
    let mut events = Events::with_capacity(1024);
    let msg = [b'h'; MSG];
    let meter = Meter::start();
    let deadline = Instant::now() + opts.timeout;
    let mut held: Vec<Held> = Vec::with_capacity(opts.conns);
    let mut ready = 0usize;
    while ready < opts.conns {
        while held.len() < opts.conns && held.len() - ready < IN_FLIGHT {
            let conn = Conn::open(opts.addr, &config, poll.registry(), Token(held.len()))
                .map_err(|e| format!("connection {}: {e}", held.len()))?;
            held.push(Held {
                conn,
                got: 0,
                sent: false,
            });
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "only {ready} of {} connections ready in time",
                opts.conns
            ));
        }
        poll.poll(&mut events, Some(Duration::from_millis(100)))
            .map_err(|e| e.to_string())?;
        for ev in events.iter() {
            let i = ev.token().0;
            let Some(h) = held.get_mut(i) else {
                continue;
            };
            let was_ready = h.got == MSG;
            set_up(h, &msg).map_err(|e| format!("connection {i}: {e}"))?;
            if !was_ready && h.got == MSG {
                ready += 1;
            }
        }
    }
    println!(
        "{{\"mode\":\"hold\",\"event\":\"READY\",\"conns\":{ready},{}}}",
        meter.json_fields()
    );
    println!("READY");

    let stdin = io::stdin();
    let fd = stdin.as_raw_fd();
    // A regular file cannot be polled: then only the time limit ends the hold.
    let watch_stdin = poll
        .registry()
        .register(&mut SourceFd(&fd), STDIN, Interest::READABLE)
        .is_ok();
    let end = Instant::now() + Duration::from_secs_f64(opts.seconds);
    let mut lost = 0usize;
    let mut closed = vec![false; held.len()];
    let mut reason = "time limit";
    'hold: while let Some(left) = end.checked_duration_since(Instant::now()) {
        poll.poll(&mut events, Some(left))
            .map_err(|e| e.to_string())?;
        for ev in events.iter() {
            if ev.token() == STDIN && watch_stdin {
                let mut buf = [0u8; 256];
                match stdin.lock().read(&mut buf) {
                    Ok(0) => {
                        reason = "stdin closed";
                        break 'hold;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => {
                        reason = "stdin error";
                        break 'hold;
                    }
                }
                continue;
            }
            let i = ev.token().0;
            let Some(h) = held.get_mut(i) else {
                continue;
            };
            let broken = h.conn.read(&mut |_| Ok(())).is_err();
            if (broken || h.conn.is_closed()) && !closed[i] {
                closed[i] = true;
                lost += 1;
            }
        }
    }
    println!(
        "{{\"mode\":\"hold\",\"event\":\"END\",\"held\":{},\"lost\":{lost},\"reason\":\"{reason}\",{}}}",
        held.len() - lost,
        meter.json_fields()
    );
    for h in held {
        h.conn.close();
    }
    Ok(())
}

/// Advances one connection: handshake, then the message, then its echo.
fn set_up(h: &mut Held, msg: &[u8; MSG]) -> io::Result<()> {
    let got = &mut h.got;
    h.conn.read(&mut |data| {
        let end = *got + data.len();
        if end > MSG || msg[*got..end] != *data {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "wrong echo"));
        }
        *got = end;
        Ok(())
    })?;
    if h.conn.is_closed() && h.got < MSG {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "closed by the server",
        ));
    }
    if !h.sent && !h.conn.is_handshaking() {
        h.sent = true;
        if h.conn.write(msg)? != MSG {
            return Err(io::Error::other("rustls refused a 64-byte write"));
        }
    }
    h.conn.flush()?;
    Ok(())
}
