//! tls-load: a load client for TLS echo servers on loopback (127.0.0.1), on rustls and mio
//! in one thread. TLS 1.3 only, TLS13_AES_128_GCM_SHA256 only, the default key exchange
//! (X25519), SNI `localhost`, the server verified against `--ca`, no resumption. Each mode
//! prints one JSON line per result (`hold` prints a READY line too) and stops by itself.
//!
//! ```text
//! tls-load handshakes --port P [--seconds 5] [--conns 64]  full handshakes per second
//! tls-load bulk       --port P [--mib 256]                 echo MiB/s on one connection
//! tls-load pingpong   --port P [--seconds 5] [--conns 50]  64-byte round trips per second
//! tls-load hold       --port P [--conns 1000] [--seconds 120]
//!                     open, handshake and echo once on each, print READY, hold them open
//!                     until stdin closes or the seconds pass
//! ```
//!
//! Common options: `--ca FILE` (default: the repository's certs/ca.pem) and `--timeout S`
//! (the limit for setup phases and for the whole of bulk, default 60).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

mod bulk;
mod conn;
mod handshakes;
mod hold;
mod pingpong;
mod tls;

/// What a mode needs to know.
pub struct Options {
    pub addr: SocketAddr,
    pub ca: PathBuf,
    pub seconds: f64,
    pub conns: usize,
    pub mib: usize,
    pub timeout: Duration,
}

fn main() -> ExitCode {
    let (mode, opts) = match parse_args() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("tls-load: {e}");
            eprintln!(
                "usage: tls-load handshakes|bulk|pingpong|hold --port P [--seconds S] [--conns C] [--mib M] [--ca FILE] [--timeout S]"
            );
            return ExitCode::from(2);
        }
    };
    let result = match mode.as_str() {
        "handshakes" => handshakes::run(&opts),
        "bulk" => bulk::run(&opts),
        "pingpong" => pingpong::run(&opts),
        "hold" => hold::run(&opts),
        other => Err(format!("unknown mode {other:?}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            println!("{{\"mode\":\"{mode}\",\"error\":{}}}", json_str(&e));
            eprintln!("tls-load {mode}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<(String, Options), lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut mode = None;
    let mut port: Option<u16> = None;
    let mut opts = Options {
        addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        ca: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../certs/ca.pem")),
        seconds: 0.0,
        conns: 0,
        mib: 256,
        timeout: Duration::from_secs(60),
    };
    let mut seconds = None;
    let mut conns = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("port") => port = Some(parser.value()?.parse()?),
            Long("seconds") => seconds = Some(parser.value()?.parse::<f64>()?),
            Long("conns") => conns = Some(parser.value()?.parse::<usize>()?),
            Long("mib") => opts.mib = parser.value()?.parse()?,
            Long("ca") => opts.ca = parser.value()?.into(),
            Long("timeout") => opts.timeout = Duration::from_secs_f64(parser.value()?.parse()?),
            Value(v) if mode.is_none() => mode = Some(v.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    let mode = mode.ok_or("missing mode")?;
    let port = port.ok_or("missing --port")?;
    opts.addr.set_port(port);
    let (default_secs, default_conns) = match mode.as_str() {
        "handshakes" => (5.0, 64),
        "pingpong" => (5.0, 50),
        "hold" => (120.0, 1000),
        _ => (0.0, 1),
    };
    opts.seconds = seconds.unwrap_or(default_secs).max(0.0);
    opts.conns = conns.unwrap_or(default_conns).max(1);
    Ok((mode, opts))
}

/// User plus system CPU seconds this process has used.
pub fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF and a valid pointer; it cannot fail then.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Wall and CPU time over a measured phase.
pub struct Meter {
    wall: Instant,
    cpu: f64,
}

impl Meter {
    pub fn start() -> Self {
        Self {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// Seconds since start.
    pub fn elapsed(&self) -> f64 {
        self.wall.elapsed().as_secs_f64()
    }

    /// `"seconds":..,"client_cpu_s":..,"client_cpu_pct":..` for a JSON line.
    pub fn json_fields(&self) -> String {
        let wall = self.elapsed();
        let cpu = cpu_seconds() - self.cpu;
        let pct = if wall > 0.0 { cpu / wall * 100.0 } else { 0.0 };
        format!("\"seconds\":{wall:.3},\"client_cpu_s\":{cpu:.3},\"client_cpu_pct\":{pct:.1}")
    }
}

/// A JSON string literal.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_str("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
