//! The native data inside every `tcp` and `tls` object, and how methods reach it.

use std::cell::RefCell;
use std::os::fd::RawFd;
use std::rc::Rc;
use std::sync::Arc;

use boa_engine::{Context, JsData, JsObject, JsResult, JsValue, js_string};
use boa_gc::{Finalize, Trace};
use jsre_net::Listener;
use jsre_tls::ServerContext;

use super::conn::Conn;
use crate::host::{Host, host};
use crate::js;

/// Which module an object belongs to: only creation, names and `shutdown` differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Tcp,
    Tls,
}

impl Kind {
    /// The prefix of this kind's error messages (`tls.recv: ...`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Tcp => "tcp",
            Kind::Tls => "tls",
        }
    }
}

/// What the object is now.
pub enum State {
    /// A listening socket (createServer), with the TLS context for accepted connections.
    Listening {
        listener: Listener,
        server: Option<Arc<ServerContext>>,
    },
    /// An async client whose TCP connect is still under way.
    Connecting(Box<Conn>),
    /// A connected stream; for TLS the handshake may still be running.
    Connected(Box<Conn>),
    /// Closed, or its fd flew away to another task.
    Closed,
}

impl State {
    /// The fd of whatever socket the object holds.
    pub fn fd(&self) -> Option<RawFd> {
        match self {
            State::Listening { listener, .. } => Some(listener.primary().fd()),
            State::Connecting(c) | State::Connected(c) => Some(c.socket().fd()),
            State::Closed => None,
        }
    }

    /// The socket itself, for options and addresses.
    pub fn socket(&self) -> Option<&jsre_net::Socket> {
        match self {
            State::Listening { listener, .. } => Some(listener.primary()),
            State::Connecting(c) | State::Connected(c) => Some(c.socket()),
            State::Closed => None,
        }
    }
}

/// The native part of a tcp/tls object. The state is shared with the turn's readable
/// probe (weakly), which asks a TLS stream whether it holds decrypted bytes.
#[derive(Trace, JsData)]
pub struct NetObject {
    #[unsafe_ignore_trace]
    pub kind: Kind,
    #[unsafe_ignore_trace]
    pub state: Rc<RefCell<State>>,
}

impl Finalize for NetObject {
    /// A collected object closes its fd (the state drops); it is no longer owned.
    fn finalize(&self) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            // Records a send already accepted leave before the socket closes (best
            // effort, no waiting).
            if let State::Connected(conn) = &mut *state {
                conn.flush_pending();
            }
            for fd in state_fds(&state) {
                owned::release(fd);
                // The fd closes with the state: no readable mark may outlive it.
                crate::turn::note_buffered(fd, false);
            }
        }
    }
}

/// Fds owned by live tcp/tls objects, and by which task, so that a second
/// `createByFd` on an fd that already has an owner is refused instead of leading to a
/// double close.
pub mod owned {
    use std::collections::HashMap;
    use std::os::fd::RawFd;
    use std::sync::{Mutex, OnceLock};
    use std::time::{Duration, Instant};

    /// How long an adoption waits for another task to let an fd go: the documentation's
    /// multi-task server sends the fd first and calls flyAway() after, so the receiving
    /// task can be quicker than the sender.
    const HANDOFF_GRACE: Duration = Duration::from_secs(2);

    fn map() -> &'static Mutex<HashMap<RawFd, u32>> {
        static OWNED: OnceLock<Mutex<HashMap<RawFd, u32>>> = OnceLock::new();
        OWNED.get_or_init(Mutex::default)
    }

    /// Marks `fd` owned by `task` (a fresh socket: nobody else can own its number).
    pub fn claim(fd: RawFd, task: u32) {
        if let Ok(mut m) = map().lock() {
            m.insert(fd, task);
        }
    }

    /// Claims `fd` for `task` for an adoption. Fails at once when this task already owns
    /// it; waits a moment for another task to release it (flyAway) before failing.
    pub fn adopt(fd: RawFd, task: u32) -> Result<(), u32> {
        let deadline = Instant::now() + HANDOFF_GRACE;
        loop {
            let owner = match map().lock() {
                Ok(mut m) => match m.get(&fd) {
                    Some(&owner) => Some(owner),
                    None => {
                        m.insert(fd, task);
                        None
                    }
                },
                Err(_) => return Err(0),
            };
            match owner {
                None => return Ok(()),
                Some(o) if o == task || Instant::now() >= deadline => return Err(o),
                // A blocking sleep: records that callbacks' sends left queued leave first
                // (the task that is to fly the fd away may be waiting for them).
                Some(_) => crate::blocking::sleep(Duration::from_millis(1)),
            }
        }
    }

    /// Whether some task owns `fd`: then it is open (owners close through us).
    pub fn is_owned(fd: RawFd) -> bool {
        map().lock().is_ok_and(|m| m.contains_key(&fd))
    }

    /// Gives up ownership of `fd` (closed or flown away).
    pub fn release(fd: RawFd) {
        if let Ok(mut m) = map().lock() {
            m.remove(&fd);
        }
    }
}

/// Every fd a state holds (a listener with mports holds several).
fn state_fds(state: &State) -> Vec<RawFd> {
    match state {
        State::Listening { listener, .. } => listener.fds(),
        other => other.fd().into_iter().collect(),
    }
}

/// A method's view of its `this`: the object, its kind and its state.
pub struct Net {
    pub object: JsObject,
    pub kind: Kind,
    pub state: Rc<RefCell<State>>,
}

impl Net {
    /// The tcp/tls object behind `this`, or a TypeError naming `method`.
    pub fn of(this: &JsValue, method: &str) -> JsResult<Net> {
        let not_ours = || js::type_error(method, "this is not a tcp or tls object");
        let object = this.as_object().ok_or_else(not_ours)?;
        let (kind, state) = {
            let data = object.downcast_ref::<NetObject>().ok_or_else(not_ours)?;
            (data.kind, Rc::clone(&data.state))
        };
        Ok(Net {
            object,
            kind,
            state,
        })
    }

    /// `tls.method` or `tcp.method`, for messages.
    pub fn call(&self, method: &str) -> String {
        format!("{}.{method}", self.kind.name())
    }

    /// `call` for the per-packet methods, without building a string each call.
    pub fn hot_call(&self, method: &'static str) -> &'static str {
        match (self.kind, method) {
            (Kind::Tls, "send") => "tls.send",
            (Kind::Tls, "recv") => "tls.recv",
            (Kind::Tcp, "send") => "tcp.send",
            (Kind::Tcp, "recv") => "tcp.recv",
            _ => method,
        }
    }

    /// The TypeError for a method used after close() or flyAway().
    pub fn closed_error(&self, method: &str) -> boa_engine::JsError {
        js::type_error(&self.call(method), "the socket is closed")
    }

    /// Runs `f` on the socket of an open object; a closed one is a TypeError.
    pub fn with_socket<R>(
        &self,
        method: &str,
        f: impl FnOnce(&jsre_net::Socket) -> R,
    ) -> JsResult<R> {
        let state = self.state.borrow();
        match state.socket() {
            Some(sock) => Ok(f(sock)),
            None => Err(self.closed_error(method)),
        }
    }
}

/// Makes a new tcp/tls object in `state`, with its `sockFd` property, and for TLS
/// streams the probe that makes buffered plaintext count as readable.
pub fn new_object(ctx: &mut Context, kind: Kind, state: State) -> JsResult<JsObject> {
    let fd = state.fd().unwrap_or(-1);
    let task = host(ctx).task.id;
    for owned_fd in state_fds(&state) {
        owned::claim(owned_fd, task);
    }
    let state = Rc::new(RefCell::new(state));
    let host = host(ctx);
    let proto = host.prototypes.borrow().get(kind.name()).cloned();
    let proto = match proto {
        Some(p) => p,
        None => return Err(js::type_error(kind.name(), "module prototype missing")),
    };
    let obj = js::object_with_data(
        ctx,
        proto,
        NetObject {
            kind,
            state: Rc::clone(&state),
        },
    );
    obj.set(js_string!("sockFd"), fd, false, ctx)?;
    Ok(obj)
}

/// Takes the object's state out (leaving it closed), forgets its fd in this task's
/// event loop (watched events on it are removed, as closing an fd removes it from
/// select's sets), and sets `sockFd` to -1.
pub fn take_state(net: &Net, ctx: &mut Context) -> State {
    let old = std::mem::replace(&mut *net.state.borrow_mut(), State::Closed);
    let host = host(ctx);
    for fd in state_fds(&old) {
        forget_fd(&host, fd);
        crate::turn::forget_pending_output(fd);
        owned::release(fd);
    }
    let _ = net.object.set(js_string!("sockFd"), -1, false, ctx);
    old
}

/// Removes every iosched event on `fd` and its readable probe.
pub fn forget_fd(host: &Host, fd: RawFd) {
    let keys: Vec<u64> = host
        .watches_by_fd
        .borrow()
        .get(&fd)
        .cloned()
        .unwrap_or_default();
    for key in keys {
        crate::turn::remove_watch(host, key);
    }
    host.reactor.borrow_mut().forget(fd);
    crate::turn::note_buffered(fd, false);
}
