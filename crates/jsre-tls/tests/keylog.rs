//! SSLKEYLOGFILE is honoured (its own test binary: the variable is read once per process).

mod common;

use common::*;

#[test]
fn sslkeylogfile_receives_secrets() {
    let path = std::env::temp_dir().join(format!("jsre-tls-keylog-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    // SAFETY: this binary has this one test, and no other thread reads the environment now.
    unsafe { std::env::set_var("SSLKEYLOGFILE", &path) };
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    echo(&mut pair, b"logged");
    let log = std::fs::read_to_string(&path).expect("key log written");
    let _ = std::fs::remove_file(&path);
    assert!(log.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET"), "{log}");
    assert!(log.contains("SERVER_TRAFFIC_SECRET_0"), "{log}");
}
