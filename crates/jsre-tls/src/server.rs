//! Server contexts: the server's own certificate, SNI certificates added with `addcert`,
//! the ipcert choice by local address, and one ready `ServerConfig` per certificate.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use rustls::server::ServerSessionMemoryCache;
use rustls::server::WebPkiClientVerifier;
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls::{RootCertStore, ServerConfig};

use crate::error::{TlsError, bad_input};
use crate::keys::load_certified_key;
use crate::session::Session;
use crate::verify::client_roots;
use crate::{TlsVersion, clamp_handshake_timeout, key_log, protocol_versions, provider};

/// The documented server options (`Tls.createServer`, `Tls.createSerCtx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// The certificate chain PEM (leaf first); may also hold the key.
    pub cert: String,
    /// The private key PEM; `None` means look for it inside `cert`.
    pub key: Option<String>,
    /// The passwd of an encrypted key.
    pub passwd: Option<String>,
    /// CA PEM: when set, clients must present a certificate that chains to it (mutual TLS).
    pub ca: Option<String>,
    /// Without SNI, choose the `addcert` certificate named by the local IP address.
    pub ipcert: bool,
    /// Accepted and ignored: renegotiation is never performed (rustls refuses it).
    pub renegotiate: bool,
    /// Handshake time limit in ms, clamped to 2000..=120000 (default 60000); the caller
    /// enforces it, this crate only carries it.
    pub handshake_timeout_ms: u32,
    /// ALPN protocols offered, in preference order; empty means no ALPN.
    pub alpn: Vec<Vec<u8>>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            cert: String::new(),
            key: None,
            passwd: None,
            ca: None,
            ipcert: false,
            renegotiate: false,
            handshake_timeout_ms: crate::DEFAULT_HANDSHAKE_TIMEOUT_MS,
            alpn: Vec::new(),
        }
    }
}

/// A TLS server context, shared as `Arc<ServerContext>` between connections and tasks.
#[derive(Debug)]
pub struct ServerContext {
    /// The config for the server's own certificate (no SNI match, no ipcert match).
    default_config: Arc<ServerConfig>,
    /// `addcert` certificates by normalised name (lowercase DNS name, or canonical IP text),
    /// each with its config built once so a handshake only looks one up.
    named: RwLock<HashMap<String, Arc<ServerConfig>>>,
    /// What every config of this server shares.
    parts: ConfigParts,
    /// The server's `ca` as client-auth roots; inherited by `addcert` without its own `ca`.
    client_roots: Option<Arc<RootCertStore>>,
    ipcert: bool,
    handshake_timeout: Duration,
}

impl ServerContext {
    /// Builds a context for TLS 1.2 and 1.3, checking that the key matches the certificate.
    pub fn new(options: &ServerOptions) -> Result<Arc<Self>, TlsError> {
        Self::with_versions(options, &[TlsVersion::Tls12, TlsVersion::Tls13])
    }

    /// Like [`Self::new`], limited to `versions` (tests, and a future `minVersion`).
    pub fn with_versions(
        options: &ServerOptions,
        versions: &[TlsVersion],
    ) -> Result<Arc<Self>, TlsError> {
        let certified = load_certified_key(
            &options.cert,
            options.key.as_deref(),
            options.passwd.as_deref(),
        )?;
        let client_roots = options.ca.as_deref().map(client_roots).transpose()?;
        let parts = ConfigParts {
            versions: protocol_versions(versions)?,
            alpn: options.alpn.clone(),
        };
        let default_config = parts.build(certified, client_roots.clone())?;
        Ok(Arc::new(Self {
            default_config,
            named: RwLock::new(HashMap::new()),
            parts,
            client_roots,
            ipcert: options.ipcert,
            handshake_timeout: Duration::from_millis(u64::from(clamp_handshake_timeout(
                options.handshake_timeout_ms,
            ))),
        }))
    }

    /// Adds (or replaces) the certificate for SNI `name`, or for local IP `name` with ipcert.
    ///
    /// Names match exactly and case-insensitively; `*.example.com` matches one label.
    /// `key` `None` means the key is inside `cert`. `ca`, when given, requires client
    /// certificates chaining to it on handshakes that pick this certificate; without it the
    /// server's own `ca` applies. A replacement is seen by handshakes that start afterwards.
    pub fn add_cert(
        &self,
        name: &str,
        cert: &str,
        key: Option<&str>,
        passwd: Option<&str>,
        ca: Option<&str>,
    ) -> Result<(), TlsError> {
        let name = normalize_name(name);
        if name.is_empty() {
            return Err(bad_input("addcert: name is empty"));
        }
        let certified = load_certified_key(cert, key, passwd)?;
        let roots = match ca {
            Some(ca) => Some(client_roots(ca)?),
            None => self.client_roots.clone(),
        };
        let config = self.parts.build(certified, roots)?;
        self.named
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, config);
        Ok(())
    }

    /// Removes the certificate added under `name`; true if there was one.
    pub fn remove_cert(&self, name: &str) -> bool {
        self.named
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&normalize_name(name))
            .is_some()
    }

    /// The clamped handshake time limit.
    pub fn handshake_timeout(&self) -> Duration {
        self.handshake_timeout
    }

    /// Whether `ipcert` is on: without SNI, the local IP picks the certificate.
    pub fn ipcert(&self) -> bool {
        self.ipcert
    }

    /// Whether mutual TLS is on for the server's own certificate.
    pub fn requires_client_cert(&self) -> bool {
        self.client_roots.is_some()
    }

    /// A new server-side session for a connection accepted on `local_ip` (used by ipcert).
    pub fn new_session(self: &Arc<Self>, local_ip: Option<IpAddr>) -> Session {
        Session::server(Arc::clone(self), local_ip)
    }

    /// The config for a ClientHello: SNI match, else (ipcert, no SNI) local IP match, else own.
    pub(crate) fn choose(&self, sni: Option<&str>, local_ip: Option<IpAddr>) -> Arc<ServerConfig> {
        let named = self.named.read().unwrap_or_else(PoisonError::into_inner);
        let found = match (sni, local_ip) {
            (Some(sni), _) => lookup_name(&named, sni),
            (None, Some(ip)) if self.ipcert => named.get(&ip_key(ip)),
            (None, _) => None,
        };
        Arc::clone(found.unwrap_or(&self.default_config))
    }
}

/// What all of one server's configs share, so that resumption works across them.
#[derive(Debug)]
struct ConfigParts {
    versions: Vec<&'static rustls::SupportedProtocolVersion>,
    alpn: Vec<Vec<u8>>,
}

impl ConfigParts {
    fn build(
        &self,
        certified: Arc<CertifiedKey>,
        client_roots: Option<Arc<RootCertStore>>,
    ) -> Result<Arc<ServerConfig>, TlsError> {
        let builder = ServerConfig::builder_with_provider(provider())
            .with_protocol_versions(&self.versions)
            .map_err(|e| bad_input(format!("protocol versions: {e}")))?;
        let builder = match client_roots {
            Some(roots) => {
                let verifier = WebPkiClientVerifier::builder_with_provider(roots, provider())
                    .build()
                    .map_err(|e| bad_input(format!("invalid ca: {e}")))?;
                builder.with_client_cert_verifier(verifier)
            }
            None => builder.with_no_client_auth(),
        };
        let mut config = builder.with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
        // Tickets and the session cache belong to one certificate's config: a session
        // resumes only under the terms it was made with, so a certificate replaced by
        // addcert (or one that now demands a client certificate) never lets an old
        // session through without a full handshake.
        config.ticketer = rustls::crypto::aws_lc_rs::Ticketer::new()
            .map_err(|e| bad_input(format!("cannot make session tickets: {e}")))?;
        // One TLS 1.3 ticket per handshake (rustls sends two by default): a client
        // resumes one connection at a time, and each ticket costs an encryption, random
        // bytes and a record on every full handshake.
        config.send_tls13_tickets = 1;
        config.session_storage = ServerSessionMemoryCache::new(1024);
        config.alpn_protocols = self.alpn.clone();
        config.key_log = key_log();
        Ok(Arc::new(config))
    }
}

/// Lowercase, no trailing dot; IP literals in canonical form (`0:0::1` -> `::1`).
fn normalize_name(name: &str) -> String {
    let name = name.trim().trim_end_matches('.');
    match name.parse::<IpAddr>() {
        Ok(ip) => ip_key(ip),
        Err(_) => name.to_ascii_lowercase(),
    }
}

/// The map key for a local address; IPv4-mapped IPv6 (dual-stack sockets) as plain IPv4.
fn ip_key(ip: IpAddr) -> String {
    ip.to_canonical().to_string()
}

fn lookup_name<'a>(
    named: &'a HashMap<String, Arc<ServerConfig>>,
    sni: &str,
) -> Option<&'a Arc<ServerConfig>> {
    let name = normalize_name(sni);
    if let Some(config) = named.get(&name) {
        return Some(config);
    }
    let (_, parent) = name.split_once('.')?;
    named.get(&format!("*.{parent}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name(" A.Test. "), "a.test");
        assert_eq!(normalize_name("0:0:0:0:0:0:0:1"), "::1");
        assert_eq!(normalize_name("::ffff:127.0.0.1"), "127.0.0.1");
        assert_eq!(normalize_name("127.0.0.1"), "127.0.0.1");
    }
}
