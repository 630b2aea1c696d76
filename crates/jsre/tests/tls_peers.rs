//! jsre's `tls` module against real TLS peers that nobody here wrote: `openssl s_client` /
//! `s_server`, `curl` and Python's `ssl`, at TLS 1.2 and 1.3, on loopback only.
//!
//! The jsre side runs the scripts in tests/peers/ (server.js, client.js); Python runs
//! tests/peers/peer.py. Every process a test starts is owned by a [`Proc`], which kills and
//! reaps it by PID when dropped, so a failing assert still cleans up; every wait is bounded.
//! A missing peer tool fails the test with a message saying what to install.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The payload of the bulk-transfer tests.
const BIG: usize = 16 << 20;
/// The longest any single step (a line, an exit) may take on a loaded 2-core machine.
const STEP: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------
// 1. jsre server (async accept + READ events, echo) <- openssl s_client, Python ssl
// ---------------------------------------------------------------------------------------

#[test]
fn server_echo_to_openssl_s_client_tls12_and_tls13() {
    let (server, port) = jsre_server(&default_server());
    for version in ["1.2", "1.3"] {
        s_client_echo(port, version, &[], &format!("hello over TLS {version}"));
    }
    server.expect_line("SESSION TLSv1.2 ", STEP);
    server.expect_line("SESSION TLSv1.3 ", STEP);
}

#[test]
fn server_echo_to_python_ssl_tls12_and_tls13() {
    let (server, port) = jsre_server(&default_server());
    for version in ["1.2", "1.3"] {
        let line = format!("python says hi over {version}");
        py_client_echo(port, version, &line, &[]);
        server.expect_line(&format!("SESSION TLSv{version} "), STEP);
        // The client ended with close_notify: the server sees a clean EOF.
        server.expect_line("CLOSED eof", STEP);
    }
}

// ---------------------------------------------------------------------------------------
// 2. jsre client -> openssl s_server (-rev answers each line reversed)
// ---------------------------------------------------------------------------------------

#[test]
fn client_echo_with_openssl_s_server_tls12_and_tls13() {
    for version in ["1.2", "1.3"] {
        let (s_server, port) = s_server("server-ec", &[&format!("-tls1_{}", &version[2..])]);
        let out = jsre_client(&[
            format!("port={port}"),
            cert_arg("ca", "ca"),
            "server=localhost".into(),
            "reject=true".into(),
            "mode=echo".into(),
            "line=hello from jsre".into(),
        ]);
        assert_line(&out, &format!("CONNECTED TLSv{version} true undefined"));
        assert_line(&out, "ECHO ersj morf olleh");
        assert_line(&out, "CLOSED");
        s_server.expect_stderr(&format!("Protocol version: TLSv{version}"), STEP);
    }
}

// ---------------------------------------------------------------------------------------
// 3. 16 MiB each way, checked
// ---------------------------------------------------------------------------------------

#[test]
fn bulk_16mib_python_client_through_jsre_echo_server() {
    let (_server, port) = jsre_server(&default_server());
    for version in ["1.2", "1.3"] {
        let mut py = python(&[
            "big-client".into(),
            "--port".into(),
            port.to_string(),
            "--tls".into(),
            version.into(),
            "--ca".into(),
            cert("ca").display().to_string(),
            "--size".into(),
            BIG.to_string(),
        ]);
        // The client checks the sha256 of the echo against what it sent.
        py.expect_line(&format!("BIG OK {BIG} "), Duration::from_secs(50));
        py.expect_exit_ok(STEP);
    }
}

#[test]
fn bulk_16mib_jsre_client_through_python_echo_server() {
    let file = TempFile::random("big", BIG);
    for version in ["1.2", "1.3"] {
        let (py, port) = py_server(&[
            "--cert".into(),
            cert("server-ec").display().to_string(),
            "--key".into(),
            key("server-ec").display().to_string(),
            "--tls".into(),
            version.into(),
            "--mode".into(),
            "sink".into(),
            "--size".into(),
            BIG.to_string(),
            "--expect".into(),
            file.path.display().to_string(),
        ]);
        // Python checks the bytes it got against the file, then sends them back;
        // the script compares what comes back with the file (Buffer.equals).
        let out = jsre_client(&[
            format!("port={port}"),
            cert_arg("ca", "ca"),
            "server=localhost".into(),
            "reject=true".into(),
            "mode=big".into(),
            format!("file={}", file.path.display()),
        ]);
        assert_line(&out, &format!("CONNECTED TLSv{version} true undefined"));
        assert_line(&out, &format!("BIG OK {BIG}"));
        py.expect_line(&format!("RECEIVED OK {BIG}"), STEP);
        py.expect_line("CLOSED eof", STEP);
    }
}

// ---------------------------------------------------------------------------------------
// 4. curl -> jsre server speaking HTTP/1.0
// ---------------------------------------------------------------------------------------

#[test]
fn curl_gets_http_from_jsre_server_tls12_ipv4_and_tls13_ipv6() {
    need_tool("curl", &["--version"]);
    for (version, addr, resolve) in [("1.2", "127.0.0.1", "127.0.0.1"), ("1.3", "::1", "[::1]")] {
        let mut args = default_server();
        args.push("mode=http".into());
        args.push(format!("addr={addr}"));
        let (server, port) = jsre_server(&args);
        let mut curl = Proc::spawn(
            &format!("curl TLS {version}"),
            Command::new("curl").args([
                "-sS",
                "-v",
                "--max-time",
                "20",
                "--cacert",
                &cert("ca").display().to_string(),
                &format!("--tlsv{version}"),
                "--tls-max",
                version,
                "--resolve",
                &format!("localhost:{port}:{resolve}"),
                &format!("https://localhost:{port}/"),
            ]),
        );
        curl.expect_line("hello from jsre", STEP);
        curl.expect_exit_ok(STEP);
        let log = curl.stderr();
        assert!(
            log.contains(&format!("SSL connection using TLSv{version}")),
            "curl did not report TLS {version}:\n{log}"
        );
        assert!(
            log.contains("HTTP/1.0 200 OK"),
            "no 200 status in curl's log:\n{log}"
        );
        server.expect_line(&format!("SESSION TLSv{version} "), STEP);
        server.expect_line("CLOSED served", STEP);
    }
}

// ---------------------------------------------------------------------------------------
// 5. client certificates demanded and checked (server with `ca`)
// ---------------------------------------------------------------------------------------

#[test]
fn server_with_ca_demands_a_client_certificate() {
    let mut args = default_server();
    args.push(cert_arg("ca", "ca"));
    let (server, port) = jsre_server(&args);
    let client_cert = [
        "-cert",
        &path_str(&cert("client")),
        "-key",
        &path_str(&key("client")),
    ];
    let stranger = [
        "-cert",
        &path_str(&cert("self-signed")),
        "-key",
        &path_str(&key("self-signed")),
    ];
    for version in ["1.2", "1.3"] {
        // A client with a certificate from the CA is served, and the server sees who it is.
        s_client_echo(port, version, &client_cert, "with a client cert");
        let session = server.expect_line(&format!("SESSION TLSv{version} "), STEP);
        assert!(
            session.contains("CN=jsre test client"),
            "the server did not see the client certificate's subject: {session}"
        );
        server.expect_line("CLOSED eof", STEP);

        // Without a certificate, or with one from another CA, the connection fails: no echo.
        for (what, extra) in [
            ("no client cert", &[][..]),
            ("a self-signed client cert", &stranger[..]),
        ] {
            let line = format!("must not come back ({what}, TLS {version})");
            let mut c = s_client(port, version, extra);
            c.send_line(&line);
            let status = c.wait_exit(STEP);
            assert!(
                !status.success(),
                "s_client with {what} succeeded:\n{}",
                c.transcript()
            );
            assert!(
                !c.stdout_lines().iter().any(|l| l == &line),
                "the server echoed a client with {what}:\n{}",
                c.transcript()
            );
            let closed = server.expect_line("CLOSED error ", STEP);
            assert!(
                closed.contains("certificate verify failed:"),
                "unexpected close reason for a client with {what}: {closed}"
            );
        }
    }
    // And the server still serves a good client afterwards.
    s_client_echo(port, "1.3", &client_cert, "still serving");
}

// ---------------------------------------------------------------------------------------
// 6. verification on the jsre client side
// ---------------------------------------------------------------------------------------

#[test]
fn client_verification_failures_and_authorization_error() {
    // (server cert, ca given to the client, the reason jsre reports)
    let cases = [
        ("wrong-host", "ca", "name mismatch"),
        ("expired", "ca", "expired"),
        ("self-signed", "ca", "self-signed"),
        ("server-ec", "self-signed", "unknown issuer"),
    ];
    for (server_cert, ca, reason) in cases {
        let (_s_server, port) = s_server(server_cert, &[]);
        let want = format!("certificate verify failed: {reason}");
        let base = [
            format!("port={port}"),
            cert_arg("ca", ca),
            "server=localhost".to_string(),
        ];

        let mut strict = base.to_vec();
        strict.push("reject=true".into());
        let out = jsre_client(&strict);
        let line = first_line(&out, "CONNECT_FAILED ").unwrap_or_else(|| {
            panic!("{server_cert} (ca {ca}) was accepted with rejectUnauthorized:\n{out}")
        });
        // `CONNECT_FAILED errno message`
        let message = line.splitn(3, ' ').nth(2).unwrap_or("");
        assert_eq!(message, want, "{server_cert} (ca {ca}): sys.error()");

        let mut lax = base.to_vec();
        lax.push("reject=false".into());
        let out = jsre_client(&lax);
        assert_line(&out, &format!("CONNECTED TLSv1.3 false {want}"));
    }
}

#[test]
fn client_accepts_self_signed_leaf_given_as_its_own_ca() {
    let (_s_server, port) = s_server("self-signed", &[]);
    let out = jsre_client(&[
        format!("port={port}"),
        cert_arg("ca", "self-signed"),
        "server=localhost".into(),
        "reject=true".into(),
        "mode=echo".into(),
        "line=abc".into(),
    ]);
    assert_line(&out, "CONNECTED TLSv1.3 true undefined");
    assert_line(&out, "ECHO cba");
}

// ---------------------------------------------------------------------------------------
// 7. TLS 1.1 refused
// ---------------------------------------------------------------------------------------

#[test]
fn tls11_client_is_refused_and_server_keeps_serving() {
    let (server, port) = jsre_server(&default_server());
    let mut old = Proc::spawn(
        "openssl s_client -tls1_1",
        Command::new("openssl").args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-tls1_1",
            "-cipher",
            "DEFAULT@SECLEVEL=0",
            "-brief",
        ]),
    );
    let status = old.wait_exit(STEP);
    assert!(
        !status.success(),
        "a TLS 1.1 handshake succeeded:\n{}",
        old.transcript()
    );
    assert!(
        old.stderr().contains("alert protocol version"),
        "s_client did not get a protocol_version alert:\n{}",
        old.transcript()
    );
    server.expect_line("CLOSED error ", STEP);
    s_client_echo(port, "1.3", &[], "after a TLS 1.1 attempt");
}

// ---------------------------------------------------------------------------------------
// 8. renegotiation refused
// ---------------------------------------------------------------------------------------

#[test]
fn renegotiation_is_refused_and_server_keeps_serving() {
    let (server, port) = jsre_server(&default_server());
    // Without -quiet/-ign_eof, s_client reads a line "R" on stdin as "renegotiate".
    let mut c = s_client(port, "1.2", &[]);
    c.send_line("before renegotiation");
    c.expect_line("before renegotiation", STEP);
    c.send_line("R");
    // rustls answers with a no_renegotiation warning; OpenSSL then ends the connection.
    c.wait_exit(STEP);
    assert!(
        c.stderr().contains("RENEGOTIATING"),
        "s_client did not try to renegotiate:\n{}",
        c.transcript()
    );
    server.expect_line("CLOSED error ", STEP);
    s_client_echo(port, "1.2", &[], "after renegotiation");
    s_client_echo(port, "1.3", &[], "after renegotiation");
}

// ---------------------------------------------------------------------------------------
// 9. robustness: silent, garbage and vanishing clients; no fd leaks
// ---------------------------------------------------------------------------------------

#[test]
fn silent_garbage_and_vanishing_clients_leak_nothing() {
    let mut args = default_server();
    args.push("hs=2000".into());
    let (server, port) = jsre_server(&args);
    let before = fd_count(port);

    // A client that connects and never speaks...
    let connected = Instant::now();
    let mut silent = TcpStream::connect(("127.0.0.1", port)).expect("connect the silent client");
    // ...does not stop another client from being served meanwhile.
    py_client_echo(port, "1.3", "served while another waits", &[]);
    let served_after = connected.elapsed();
    if served_after < Duration::from_millis(1500) {
        silent.set_nonblocking(true).expect("set_nonblocking");
        let mut b = [0u8; 1];
        let early = silent.peek(&mut b);
        assert!(
            matches!(&early, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "the silent client was dropped before handshakeTimeout: {early:?}"
        );
        silent.set_nonblocking(false).expect("set_nonblocking");
    }

    // A peer that sends garbage instead of a ClientHello is dropped (maybe after an alert).
    let mut garbage = TcpStream::connect(("127.0.0.1", port)).expect("connect the garbage client");
    garbage
        .write_all(&b"\x00 this is not TLS at all \xff\r\n\r\n".repeat(20))
        .expect("send garbage");
    let got = read_until_closed(&mut garbage, STEP);
    assert!(
        got.is_empty() || got[0] == 0x15,
        "the answer to garbage was neither nothing nor an alert: {got:02x?}"
    );
    drop(garbage);

    // A client that sends half a ClientHello, then vanishes.
    let mut half = TcpStream::connect(("127.0.0.1", port)).expect("connect the vanishing client");
    let mut hello = vec![
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ];
    hello.extend_from_slice(&[0x5a; 100]);
    half.write_all(&hello).expect("send half a ClientHello");
    let _ = half.shutdown(Shutdown::Both);
    drop(half);

    // The silent client is closed at handshakeTimeout, not before and not much later.
    let got = read_until_closed(&mut silent, STEP);
    let waited = connected.elapsed();
    assert!(
        got.is_empty() || got[0] == 0x15,
        "the silent client got {got:02x?}"
    );
    assert!(
        waited >= Duration::from_millis(1800),
        "the silent client was closed after {waited:?}, before handshakeTimeout (2000 ms)"
    );
    drop(silent);

    // The server said why it closed each, the silent one with ETIMEDOUT (60).
    let mut reasons = Vec::new();
    for _ in 0..3 {
        reasons.push(server.expect_line("CLOSED error ", STEP));
    }
    assert!(
        reasons.iter().any(|r| r.starts_with("CLOSED error 60 ")),
        "no close with ETIMEDOUT among {reasons:?}"
    );

    // Back to the fd count from before those clients came (the closes may lag a little).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut after = fd_count(port);
    while after != before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        after = fd_count(port);
    }
    assert_eq!(
        after, before,
        "open fds of the jsre server: before the clients vs after"
    );
    // And it still serves.
    s_client_echo(port, "1.2", &[], "still alive");
}

// ---------------------------------------------------------------------------------------
// 10. encrypted server keys
// ---------------------------------------------------------------------------------------

#[test]
fn server_with_encrypted_keys_serves_and_wrong_passwd_fails() {
    for key_file in ["server-ec.p8-aes256.key", "server-ec.legacy-aes128.key"] {
        let key_path = certs_dir().join(key_file);
        let (_server, port) = jsre_server(&[
            cert_arg("cert", "server-ec"),
            format!("key={}", key_path.display()),
            "passwd=jsre-test".into(),
        ]);
        s_client_echo(port, "1.3", &[], &format!("served with {key_file}"));

        let mut bad = Proc::spawn(
            "jsre server.js (wrong passwd)",
            Command::new(env!("CARGO_BIN_EXE_jsre"))
                .arg(peers_dir().join("server.js"))
                .arg(cert_arg("cert", "server-ec"))
                .arg(format!("key={}", key_path.display()))
                .arg("passwd=not-the-passwd"),
        );
        let line = bad.expect_line("CREATE_FAILED ", STEP);
        let message = line.splitn(3, ' ').nth(2).unwrap_or("");
        assert_eq!(
            message, "private key does not decrypt with passwd",
            "{key_file}: sys.error()"
        );
        bad.wait_exit(STEP);
    }
}

// =======================================================================================
// Helpers
// =======================================================================================

fn certs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../certs")
}

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers")
}

fn cert(name: &str) -> PathBuf {
    certs_dir().join(format!("{name}.pem"))
}

fn key(name: &str) -> PathBuf {
    certs_dir().join(format!("{name}.key"))
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// `option=certs/<name>.pem` for the jsre scripts.
fn cert_arg(option: &str, name: &str) -> String {
    format!("{option}={}", cert(name).display())
}

fn default_server() -> Vec<String> {
    vec![
        cert_arg("cert", "server-ec"),
        format!("key={}", key("server-ec").display()),
    ]
}

/// Fails the test, clearly, when a peer tool is missing (CI installs them).
fn need_tool(tool: &str, probe: &[&str]) {
    match Command::new(tool)
        .args(probe)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`{tool} {}` failed ({s}): the tls_peers tests need a working {tool}",
            probe.join(" ")
        ),
        Err(e) => panic!(
            "cannot run `{tool}` ({e}): the tls_peers tests need it installed \
             (Debian: apt-get install openssl curl python3)"
        ),
    }
}

/// A child process with its stdout read line by line on a thread. Dropping it kills the
/// process (by its PID) and reaps it.
struct Proc {
    name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
}

impl Proc {
    fn spawn(name: &str, cmd: &mut Command) -> Proc {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {name} ({:?}): {e}; the tls_peers tests need openssl, curl \
                     and python3 installed",
                    cmd.get_program()
                )
            });
        let stdin = child.stdin.take();
        let out = child.stdout.take().expect("piped stdout");
        let err = child.stderr.take().expect("piped stderr");
        let (tx, lines) = mpsc::channel();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&stdout);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(out);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf)
                            .trim_end_matches(['\r', '\n'])
                            .to_string();
                        log.lock().unwrap().push(line.clone());
                        let _ = tx.send(line);
                    }
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut err = err;
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Proc {
            name: name.to_string(),
            child,
            stdin,
            lines,
            stdout,
            stderr,
        }
    }

    /// The next stdout line starting with `prefix` (earlier lines are skipped), or `Err`
    /// with the reason when the process ends or `timeout` passes first.
    fn try_line(&self, prefix: &str, timeout: Duration) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return Ok(line),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("no line {prefix:?} within {timeout:?}"));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!(
                        "{} ended before printing a line {prefix:?}",
                        self.name
                    ));
                }
            }
        }
    }

    fn expect_line(&self, prefix: &str, timeout: Duration) -> String {
        self.try_line(prefix, timeout)
            .unwrap_or_else(|e| panic!("{e}\n{}", self.transcript()))
    }

    /// Waits until its stderr contains `text`.
    fn expect_stderr(&self, text: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.stderr().contains(text) {
            if Instant::now() > deadline {
                panic!(
                    "no {text:?} on stderr within {timeout:?}\n{}",
                    self.transcript()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Writes a line to its stdin. A process that already ended (a broken pipe) is not an
    /// error here: what it printed, and how it ended, tell the test what happened.
    fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        let written = stdin
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| stdin.flush());
        if let Err(e) = written
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            panic!("writing to {}: {e}\n{}", self.name, self.transcript());
        }
    }

    fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end by itself (its stdin stays open), at most `timeout`.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    // Let the reader threads drain what is left in the pipes.
                    std::thread::sleep(Duration::from_millis(50));
                    return status;
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(None) => panic!(
                    "{} did not end within {timeout:?}\n{}",
                    self.name,
                    self.transcript()
                ),
                Err(e) => panic!("waiting for {}: {e}", self.name),
            }
        }
    }

    /// Closes its stdin, then waits for it to end successfully.
    fn expect_exit_ok(&mut self, timeout: Duration) {
        self.close_stdin();
        let status = self.wait_exit(timeout);
        assert!(
            status.success(),
            "{} ended with {status}\n{}",
            self.name,
            self.transcript()
        );
    }

    fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn transcript(&self) -> String {
        format!(
            "--- {} stdout ---\n{}\n--- {} stderr ---\n{}",
            self.name,
            self.stdout_lines().join("\n"),
            self.name,
            self.stderr()
        )
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts peers/server.js with `args`; returns it and the port it printed.
fn jsre_server(args: &[String]) -> (Proc, u16) {
    let proc = Proc::spawn(
        "jsre server.js",
        Command::new(env!("CARGO_BIN_EXE_jsre"))
            .arg(peers_dir().join("server.js"))
            .args(args),
    );
    let line = proc.expect_line("PORT ", STEP);
    let port = line[5..].trim().parse().expect("a port number");
    (proc, port)
}

/// Runs peers/client.js with `args` to its end; returns its stdout (and stderr).
fn jsre_client(args: &[String]) -> String {
    let mut proc = Proc::spawn(
        "jsre client.js",
        Command::new(env!("CARGO_BIN_EXE_jsre"))
            .arg(peers_dir().join("client.js"))
            .args(args),
    );
    proc.expect_exit_ok(Duration::from_secs(45));
    proc.transcript()
}

fn first_line<'a>(out: &'a str, prefix: &str) -> Option<&'a str> {
    out.lines().find(|l| l.starts_with(prefix))
}

fn assert_line(out: &str, want: &str) {
    assert!(out.lines().any(|l| l == want), "no line {want:?} in\n{out}");
}

/// `openssl s_client -brief` to the jsre server, verifying it (CA, host name).
fn s_client(port: u16, version: &str, extra: &[&str]) -> Proc {
    need_tool("openssl", &["version"]);
    let connect = format!("127.0.0.1:{port}");
    let ca = path_str(&cert("ca"));
    let flag = format!("-tls1_{}", &version[2..]);
    let mut cmd = Command::new("openssl");
    cmd.args(["s_client", "-connect", &connect, "-servername", "localhost"])
        .args([
            "-verify_hostname",
            "localhost",
            "-CAfile",
            &ca,
            "-verify_return_error",
        ])
        .args([flag.as_str(), "-brief"])
        .args(extra);
    Proc::spawn(&format!("openssl s_client {flag}"), &mut cmd)
}

/// One line through the jsre echo server with s_client, which must verify the server,
/// negotiate `version` and end cleanly.
fn s_client_echo(port: u16, version: &str, extra: &[&str], line: &str) {
    let mut c = s_client(port, version, extra);
    c.send_line(line);
    c.expect_line(line, STEP);
    c.expect_exit_ok(STEP);
    let log = c.stderr();
    assert!(
        log.contains(&format!("Protocol version: TLSv{version}")),
        "s_client did not negotiate TLS {version}:\n{}",
        c.transcript()
    );
    assert!(
        log.contains("Verification: OK"),
        "s_client did not verify the server:\n{}",
        c.transcript()
    );
}

/// `openssl s_server -rev` (answers each line reversed) with certs/<cert>.pem and .key on a
/// free loopback port; returns it once it listens. A port taken between choosing and
/// binding makes s_server exit: then it tries again with another.
fn s_server(cert_name: &str, extra: &[&str]) -> (Proc, u16) {
    need_tool("openssl", &["version"]);
    let mut last = String::new();
    for _ in 0..8 {
        let port = free_port();
        let accept = format!("127.0.0.1:{port}");
        let (c, k) = (path_str(&cert(cert_name)), path_str(&key(cert_name)));
        let proc = Proc::spawn(
            "openssl s_server",
            Command::new("openssl")
                .args([
                    "s_server", "-accept", &accept, "-cert", &c, "-key", &k, "-rev",
                ])
                .args(extra),
        );
        match proc.try_line("ACCEPT", STEP) {
            Ok(_) => return (proc, port),
            Err(e) => last = format!("{e}\n{}", proc.transcript()),
        }
    }
    panic!("openssl s_server never started listening:\n{last}");
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local_addr").port()
}

fn python(args: &[String]) -> Proc {
    need_tool("python3", &["-c", "import ssl"]);
    Proc::spawn(
        &format!(
            "python3 peer.py {}",
            args.first().map_or("", String::as_str)
        ),
        Command::new("python3")
            .arg(peers_dir().join("peer.py"))
            .args(args),
    )
}

fn py_server(args: &[String]) -> (Proc, u16) {
    let mut all = vec!["server".to_string()];
    all.extend_from_slice(args);
    let proc = python(&all);
    let line = proc.expect_line("PORT ", STEP);
    let port = line[5..].trim().parse().expect("a port number");
    (proc, port)
}

/// A line through the jsre echo server with Python's ssl (verifying with ca.pem and
/// server_hostname 'localhost', exactly TLS `version`), ending with close_notify.
fn py_client_echo(port: u16, version: &str, line: &str, extra: &[&str]) {
    let mut args: Vec<String> = ["client", "--port", &port.to_string(), "--tls", version]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend([
        "--ca".into(),
        path_str(&cert("ca")),
        "--send".into(),
        line.into(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let mut py = python(&args);
    py.expect_line(&format!("VERSION TLSv{version}"), STEP);
    py.expect_line(&format!("ECHO {line}"), STEP);
    py.expect_exit_ok(STEP);
}

/// The jsre echo server's open fd count, asked over a TLS connection ("FDS?\n"); that
/// connection itself counts, the same every time.
fn fd_count(port: u16) -> usize {
    let mut py = python(&[
        "client".into(),
        "--port".into(),
        port.to_string(),
        "--ca".into(),
        path_str(&cert("ca")),
        "--send".into(),
        "FDS?".into(),
    ]);
    let line = py.expect_line("ECHO FDS ", STEP);
    py.expect_exit_ok(STEP);
    line["ECHO FDS ".len()..]
        .trim()
        .parse()
        .expect("an fd count")
}

/// Reads until the peer closes (EOF or reset); returns what came. Panics after `timeout`.
fn read_until_closed(s: &mut TcpStream, timeout: Duration) -> Vec<u8> {
    let deadline = Instant::now() + timeout;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "the server did not close the connection within {timeout:?}"
        );
        s.set_read_timeout(Some(left)).expect("set_read_timeout");
        match s.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return got, // reset: closed too
        }
    }
}

/// A temporary file of pseudo-random bytes, removed when dropped.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn random(tag: &str, len: usize) -> TempFile {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let mut x = nanos | 1;
        let mut data = Vec::with_capacity(len + 8);
        while data.len() < len {
            // xorshift64*
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            data.extend_from_slice(&x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
        }
        data.truncate(len);
        let path = std::env::temp_dir().join(format!(
            "jsre-tls-peers-{tag}-{}-{nanos}.bin",
            std::process::id()
        ));
        std::fs::write(&path, &data).expect("write the temporary file");
        TempFile { path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
