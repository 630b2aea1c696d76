//! `bulk`: one connection streams `--mib` MiB in 64 KiB writes while reading the echo
//! back at the same time, and checks every byte of it.

use std::io;
use std::time::{Duration, Instant};

use mio::{Events, Poll, Token};

use crate::conn::{Conn, complete_handshakes};
use crate::{Meter, Options};

/// The size of each plaintext write.
const WRITE_SIZE: usize = 64 * 1024;
/// The pattern repeats with a prime period, so no write lines up with a repeat.
const PERIOD: usize = 1_000_003;
/// At most this many bytes are sent ahead of the echo: enough to keep both sides busy, small
/// enough to stay in cache (4 MiB measured slower on loopback than 256 KiB-1 MiB).
const WINDOW: usize = 512 << 10;

pub fn run(opts: &Options) -> Result<(), String> {
    let config = crate::tls::client_config(&opts.ca)?;
    let mut poll = Poll::new().map_err(|e| e.to_string())?;
    let mut events = Events::with_capacity(64);
    let deadline = Instant::now() + opts.timeout;
    let conn =
        Conn::open(opts.addr, &config, poll.registry(), Token(0)).map_err(|e| e.to_string())?;
    let mut conns = [conn];
    complete_handshakes(&mut poll, &mut events, &mut conns, deadline).map_err(|e| e.to_string())?;
    let [mut conn] = conns;

    let pattern = pattern();
    let total = opts.mib << 20;
    let meter = Meter::start();
    let mut sent = 0usize;
    let mut received = 0usize;
    loop {
        conn.read(&mut |data| verify(&pattern, &mut received, data))
            .map_err(|e| format!("after {received} bytes echoed: {e}"))?;
        if received >= total {
            break;
        }
        if conn.is_closed() {
            return Err(format!(
                "the server closed after {received} of {total} bytes"
            ));
        }
        while conn.flush().map_err(|e| e.to_string())? {
            if sent == total || sent - received >= WINDOW {
                break;
            }
            let off = sent % PERIOD;
            let len = WRITE_SIZE.min(total - sent);
            let n = conn
                .write(&pattern[off..off + len])
                .map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            sent += n;
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "timed out after {received} of {total} bytes echoed"
            ));
        }
        poll.poll(&mut events, Some(Duration::from_millis(100)))
            .map_err(|e| e.to_string())?;
    }
    let secs = meter.elapsed();
    let mib_s = if secs > 0.0 {
        opts.mib as f64 / secs
    } else {
        0.0
    };
    println!(
        "{{\"mode\":\"bulk\",\"mib\":{},\"mib_per_sec\":{mib_s:.1},\"verified_bytes\":{received},{}}}",
        opts.mib,
        meter.json_fields()
    );
    conn.close();
    Ok(())
}

/// One period of xorshift bytes (not compressible), followed by its first `WRITE_SIZE`
/// bytes again, so that any write of up to `WRITE_SIZE` is one slice.
fn pattern() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut p: Vec<u8> = (0..PERIOD)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    p.extend_from_within(..WRITE_SIZE);
    p
}

/// Checks echoed bytes against the pattern at stream offset `*received`, and advances it.
fn verify(pattern: &[u8], received: &mut usize, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        let off = *received % PERIOD;
        let n = data.len().min(WRITE_SIZE);
        if data[..n] != pattern[off..off + n] {
            let at = data[..n]
                .iter()
                .zip(&pattern[off..off + n])
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let msg = format!("echo differs at byte {}", *received + at);
            return Err(io::Error::new(io::ErrorKind::InvalidData, msg));
        }
        *received += n;
        data = &data[n..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_follows_the_stream_across_the_period() {
        let p = pattern();
        let mut received = PERIOD - 10;
        let chunk: Vec<u8> = (0..20).map(|i| p[(PERIOD - 10 + i) % PERIOD]).collect();
        verify(&p, &mut received, &chunk).expect("matches");
        assert_eq!(received, PERIOD + 10);
        let mut received = 5;
        assert!(verify(&p, &mut received, &[p[5] ^ 1]).is_err());
    }
}
