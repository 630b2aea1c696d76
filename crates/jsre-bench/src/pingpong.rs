//! `pingpong`: `--conns` connections, each sending a 64-byte message and waiting for its
//! whole echo before sending the next, for `--seconds`.

use std::time::{Duration, Instant};

use mio::{Events, Poll, Token};

use crate::conn::{Conn, complete_handshakes};
use crate::{Meter, Options};

/// The size of each message.
const MSG: usize = 64;

pub fn run(opts: &Options) -> Result<(), String> {
    let config = crate::tls::client_config(&opts.ca)?;
    let mut poll = Poll::new().map_err(|e| e.to_string())?;
    let mut events = Events::with_capacity(1024);
    let deadline = Instant::now() + opts.timeout;
    let mut conns = (0..opts.conns)
        .map(|i| Conn::open(opts.addr, &config, poll.registry(), Token(i)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    complete_handshakes(&mut poll, &mut events, &mut conns, deadline).map_err(|e| e.to_string())?;

    // Per connection: the message in flight and how much of its echo came back.
    let mut msgs: Vec<[u8; MSG]> = (0..conns.len()).map(|i| message(i, 0)).collect();
    let mut got = vec![0usize; conns.len()];
    let mut seq = vec![0u64; conns.len()];
    let meter = Meter::start();
    let end = Instant::now() + Duration::from_secs_f64(opts.seconds);
    for (c, m) in conns.iter_mut().zip(&msgs) {
        send(c, m)?;
    }
    let mut rounds = 0u64;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        poll.poll(&mut events, Some(left))
            .map_err(|e| e.to_string())?;
        for ev in events.iter() {
            let i = ev.token().0;
            let (Some(c), Some(m), Some(g)) = (conns.get_mut(i), msgs.get(i), got.get_mut(i))
            else {
                continue;
            };
            c.read(&mut |data| {
                let end = *g + data.len();
                if end > MSG || m[*g..end] != *data {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("connection {i}: wrong echo"),
                    ));
                }
                *g = end;
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            if *g == MSG {
                rounds += 1;
                *g = 0;
                seq[i] += 1;
                msgs[i] = message(i, seq[i]);
                send(c, &msgs[i])?;
            } else if c.is_closed() {
                return Err(format!("the server closed connection {i}"));
            } else {
                c.flush().map_err(|e| e.to_string())?;
            }
        }
    }
    let secs = meter.elapsed();
    let rate = if secs > 0.0 {
        rounds as f64 / secs
    } else {
        0.0
    };
    println!(
        "{{\"mode\":\"pingpong\",\"conns\":{},\"round_trips\":{rounds},\"per_sec\":{rate:.1},{}}}",
        conns.len(),
        meter.json_fields()
    );
    for c in conns {
        c.close();
    }
    Ok(())
}

fn send(c: &mut Conn, msg: &[u8]) -> Result<(), String> {
    let n = c.write(msg).map_err(|e| e.to_string())?;
    if n != msg.len() {
        return Err("rustls refused a 64-byte write".into());
    }
    c.flush().map_err(|e| e.to_string())?;
    Ok(())
}

/// Message `seq` of connection `conn`: distinct per connection and round.
fn message(conn: usize, seq: u64) -> [u8; MSG] {
    let mut m = [0u8; MSG];
    for (k, b) in m.iter_mut().enumerate() {
        *b = (conn as u64 ^ seq.wrapping_mul(31) ^ (k as u64 * 7)) as u8;
    }
    m[..8].copy_from_slice(&seq.to_le_bytes());
    m
}
