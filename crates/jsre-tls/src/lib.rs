//! jsre-tls: the TLS layer of jsre's `tls` module, sans I/O, over rustls 0.23 (aws-lc-rs).
//!
//! It knows nothing of Boa or sockets. A binding builds a [`ServerContext`] or
//! [`ClientContext`] from the documented options, makes a [`Session`] per connection, and
//! moves bytes between the socket and the session:
//!
//! ```text
//! socket --feed / feed_into (in place)--> Session --read_plaintext--> script
//!                          (feed_into: plaintext straight into the reader's buffer)
//! script --write_plaintext--> Session --write_tls (while wants_write)--> socket
//! ```
//!
//! Sessions use rustls' unbuffered API (see `session.rs` for why). Every rustls call of the
//! project stays in this crate. TLS 1.2 and 1.3 only; renegotiation is never performed;
//! `SSLKEYLOGFILE` is honoured on both sides.

#![warn(missing_docs)]

mod client;
mod error;
mod keys;
mod legacy;
mod peer;
mod pem;
mod queue;
mod registry;
mod server;
mod session;
mod verify;

use std::sync::{Arc, OnceLock};

use rustls::crypto::CryptoProvider;
use rustls::{KeyLog, KeyLogFile, SupportedProtocolVersion};

pub use crate::client::{ClientContext, ClientOptions};
pub use crate::error::{ErrorKind, TlsError};
pub use crate::keys::{find_private_key, load_certified_key, load_key_for_cert, load_private_key};
pub use crate::peer::PeerCertInfo;
pub use crate::pem::load_certs;
pub use crate::registry::{lookup_server, register_server, unregister_server};
pub use crate::server::{ServerContext, ServerOptions};
pub use crate::session::{ReadResult, Session};
pub use crate::verify::SYSTEM_CA_BUNDLE;
pub use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The shortest handshake time limit the documentation allows, in ms.
pub const MIN_HANDSHAKE_TIMEOUT_MS: u32 = 2_000;
/// The longest handshake time limit the documentation allows, in ms.
pub const MAX_HANDSHAKE_TIMEOUT_MS: u32 = 120_000;
/// The documented default handshake time limit, in ms.
pub const DEFAULT_HANDSHAKE_TIMEOUT_MS: u32 = 60_000;

/// Clamps a `handshakeTimeout` to the documented 2000..=120000 ms.
pub fn clamp_handshake_timeout(ms: u32) -> u32 {
    ms.clamp(MIN_HANDSHAKE_TIMEOUT_MS, MAX_HANDSHAKE_TIMEOUT_MS)
}

/// A TLS protocol version a context may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TlsVersion {
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

/// The crypto provider every config uses: aws-lc-rs, built once.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider())))
}

/// One `SSLKEYLOGFILE` writer for the process (it does nothing when the variable is unset).
pub(crate) fn key_log() -> Arc<dyn KeyLog> {
    static KEY_LOG: OnceLock<Arc<KeyLogFile>> = OnceLock::new();
    KEY_LOG.get_or_init(|| Arc::new(KeyLogFile::new())).clone()
}

/// rustls' version objects for `versions`; an empty list is an error.
pub(crate) fn protocol_versions(
    versions: &[TlsVersion],
) -> Result<Vec<&'static SupportedProtocolVersion>, TlsError> {
    if versions.is_empty() {
        return Err(error::bad_input("no TLS protocol version enabled"));
    }
    Ok(versions
        .iter()
        .map(|v| match v {
            TlsVersion::Tls12 => &rustls::version::TLS12,
            TlsVersion::Tls13 => &rustls::version::TLS13,
        })
        .collect())
}
