//! The process-wide registry of named server contexts (`opt.name`), so that
//! `Tls.createByFd(name, fd)` in any task finds the server and sees its `addcert`s.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use crate::server::ServerContext;

/// Registers `ctx` under `name`, replacing any context registered under it before.
pub fn register_server(name: &str, ctx: Arc<ServerContext>) {
    registry()
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(name.to_owned(), ctx);
}

/// The context registered under `name` (names are case-sensitive).
pub fn lookup_server(name: &str) -> Option<Arc<ServerContext>> {
    registry()
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(name)
        .cloned()
}

/// Removes the context registered under `name`; it lives on in connections that hold it.
pub fn unregister_server(name: &str) -> Option<Arc<ServerContext>> {
    registry()
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(name)
}

fn registry() -> &'static RwLock<HashMap<String, Arc<ServerContext>>> {
    static REGISTRY: OnceLock<RwLock<HashMap<String, Arc<ServerContext>>>> = OnceLock::new();
    REGISTRY.get_or_init(RwLock::default)
}
