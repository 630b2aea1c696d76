//! Client contexts: trust anchors, the `server` name, client certificates, resumption.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use rustls::ClientConfig;
use rustls::client::UnbufferedClientConnection;
use rustls::pki_types::ServerName;
use rustls::sign::SingleCertAndKey;

use crate::error::{TlsError, bad_input};
use crate::keys::load_certified_key;
use crate::session::Session;
use crate::verify::{PeerVerifier, TrustPolicy};
use crate::{TlsVersion, clamp_handshake_timeout, key_log, protocol_versions, provider};

/// The documented client options (`Tls.createClient`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientOptions {
    /// Fail the handshake when the server's certificate does not verify (default false:
    /// the handshake goes on and the session reports `authorized() == false`).
    pub reject_unauthorized: bool,
    /// Trust the system's roots (`/etc/ssl/certs/ca-certificates.crt`), or the bundled
    /// Mozilla roots when the system has none.
    pub load_default_certs: bool,
    /// Trusted CA certificates PEM. A self-signed leaf given here is trusted as itself.
    pub ca: Option<String>,
    /// Server name: sent as SNI and verified. `None`: the peer's IP is verified, no SNI.
    pub server: Option<String>,
    /// Client certificate chain PEM for mutual TLS (may also hold the key).
    pub cert: Option<String>,
    /// Client private key PEM; `None` with `cert` means look inside `cert`.
    pub key: Option<String>,
    /// The passwd of an encrypted key.
    pub passwd: Option<String>,
    /// Handshake time limit in ms, clamped to 2000..=120000 (default 60000).
    pub handshake_timeout_ms: u32,
    /// Accepted and ignored: renegotiation is never performed.
    pub renegotiate: bool,
    /// ALPN protocols offered, in preference order; empty means no ALPN.
    pub alpn: Vec<Vec<u8>>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            reject_unauthorized: false,
            load_default_certs: false,
            ca: None,
            server: None,
            cert: None,
            key: None,
            passwd: None,
            handshake_timeout_ms: crate::DEFAULT_HANDSHAKE_TIMEOUT_MS,
            renegotiate: false,
            alpn: Vec::new(),
        }
    }
}

/// A TLS client context: one config (and so one resumption cache) for many connections.
#[derive(Debug)]
pub struct ClientContext {
    config: Arc<ClientConfig>,
    /// The same trust the verifier uses, to compute the verdict after a handshake
    /// (also for resumed sessions, where the verifier is not called).
    policy: Arc<TrustPolicy>,
    /// The parsed `server` option.
    server: Option<ServerName<'static>>,
    handshake_timeout: Duration,
}

impl ClientContext {
    /// Builds a context for TLS 1.2 and 1.3.
    pub fn new(options: &ClientOptions) -> Result<Arc<Self>, TlsError> {
        Self::with_versions(options, &[TlsVersion::Tls12, TlsVersion::Tls13])
    }

    /// Like [`Self::new`], limited to `versions`.
    pub fn with_versions(
        options: &ClientOptions,
        versions: &[TlsVersion],
    ) -> Result<Arc<Self>, TlsError> {
        let server = options
            .server
            .as_deref()
            .map(|name| {
                ServerName::try_from(name.trim().to_owned())
                    .map_err(|_| bad_input(format!("invalid server name: {name}")))
            })
            .transpose()?;
        let policy = Arc::new(TrustPolicy::new(
            options.ca.as_deref(),
            options.load_default_certs,
            provider(),
        )?);
        let verifier = Arc::new(PeerVerifier {
            policy: Arc::clone(&policy),
            reject_unauthorized: options.reject_unauthorized,
        });
        let builder = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(&protocol_versions(versions)?)
            .map_err(|e| bad_input(format!("protocol versions: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = match options.cert.as_deref() {
            Some(cert) => {
                let certified =
                    load_certified_key(cert, options.key.as_deref(), options.passwd.as_deref())?;
                builder.with_client_cert_resolver(Arc::new(SingleCertAndKey::from(certified)))
            }
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = options.alpn.clone();
        config.key_log = key_log();
        Ok(Arc::new(Self {
            config: Arc::new(config),
            policy,
            server,
            handshake_timeout: Duration::from_millis(u64::from(clamp_handshake_timeout(
                options.handshake_timeout_ms,
            ))),
        }))
    }

    /// A context for `options`, reused while equal options come again, so that a client
    /// that reconnects resumes its session. Holds at most a few dozen contexts.
    pub fn shared(options: &ClientOptions) -> Result<Arc<Self>, TlsError> {
        const MAX_CACHED: usize = 32;
        static CACHE: OnceLock<Mutex<HashMap<ClientOptions, Arc<ClientContext>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Mutex::default);
        if let Some(ctx) = cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(options)
        {
            return Ok(Arc::clone(ctx));
        }
        // Built outside the lock: reading the system roots can take a while.
        let ctx = Self::new(options)?;
        let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(options.clone(), Arc::clone(&ctx));
        Ok(ctx)
    }

    /// The clamped handshake time limit.
    pub fn handshake_timeout(&self) -> Duration {
        self.handshake_timeout
    }

    /// A new client session to a server at `peer_ip`.
    ///
    /// With `server` set, that name is sent as SNI and verified; without it, `peer_ip` is
    /// verified against the certificate's IP SANs and no SNI is sent.
    pub fn new_session(&self, peer_ip: IpAddr) -> Result<Session, TlsError> {
        let name = match &self.server {
            Some(name) => name.clone(),
            None => ServerName::IpAddress(peer_ip.into()),
        };
        let conn = UnbufferedClientConnection::new(Arc::clone(&self.config), name.clone())?;
        Ok(Session::client(conn, Arc::clone(&self.policy), name))
    }
}
