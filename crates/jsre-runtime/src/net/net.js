(function (native, require) {
  'use strict';
  // The async halves of the tcp and tls objects, over iosched events, shared by both
  // modules: accept(undefined, callback), mports for a server accepting asynchronously,
  // and the driver that runs an async connect (and TLS handshake) to its callback.
  var iosched = require('iosched');
  var kAccept = typeof Symbol === 'function' ? Symbol('accept') : '__accept';

  function watchAccept(server) {
    var state = server[kAccept];
    server.listenFds().forEach(function (fd) {
      for (var i = 0; i < state.events.length; i++) {
        if (state.events[i].fd === fd && iosched.listening(state.events[i])) return;
      }
      var ev = iosched.event(iosched.READ, fd, function () {
        for (;;) {
          var remote = {};
          var client = server.acceptReady(remote);
          if (!client) return;
          state.callback.call(server, client, remote);
        }
      });
      iosched.add(ev);
      state.events.push(ev);
    });
  }

  function decorate(proto) {
    // accept([remoteAddr[, timeout]]) waits; accept(unused, callback) returns at once and
    // calls callback(newObject, remoteAddr) from iosched.poll for each connection.
    proto.accept = function accept(remoteAddr, arg) {
      if (typeof arg === 'function') {
        if (!this[kAccept]) {
          Object.defineProperty(this, kAccept, { value: { events: [], callback: arg }, configurable: true });
        }
        this[kAccept].callback = arg;
        watchAccept(this);
        return true;
      }
      return this.acceptSync(remoteAddr, arg);
    };
    proto.mports = function mports(n) {
      var ok = this.mportsNative(n);
      if (ok && this[kAccept]) watchAccept(this);
      return ok;
    };
    return proto;
  }

  // Runs obj.step() from iosched events until the connect (and handshake) completes,
  // fails, or timeoutMs passes; then calls done(true) or, after closing obj, done(false)
  // with sys.errno()/sys.error() saying why.
  function drive(obj, timeoutMs, what, done) {
    var ev = null;
    var timer = null;
    var finished = false;
    function finish(ok) {
      if (finished) return;
      finished = true;
      if (ev) iosched.remove(ev);
      if (timer !== null) clearTimeout(timer);
      if (!ok) {
        var errno = sys.errno();
        var message = sys.error();
        obj.close();
        native.setFailure(errno, message);
      }
      done(ok);
    }
    function step() {
      if (finished) return;
      var r = obj.step();
      if (r === 0) return finish(true);
      if (r < 0) return finish(false);
      var method = r === 1 ? iosched.READ : iosched.WRITE;
      if (ev && ev.method === method && iosched.listening(ev)) return;
      if (ev) iosched.remove(ev);
      ev = iosched.event(method, obj.sockFd, step);
      iosched.add(ev);
    }
    timer = setTimeout(function () {
      timer = null;
      native.setFailure(60, what + ' timed out');
      finish(false);
    }, timeoutMs);
    // The first step too runs from iosched.poll, after createClient/createByFd returned:
    // a callback never runs before the caller holds the object.
    setTimeout(step, 0);
  }

  return { decorate: decorate, drive: drive };
})
