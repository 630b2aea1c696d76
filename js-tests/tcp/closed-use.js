// After close() (or flyAway()) every method throws a TypeError "tcp.<method>: the socket
// is closed"; close() itself may be called again; closing removes iosched events on the fd.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var ev = iosched.event(iosched.READ, pair.a.sockFd, function () {});
iosched.add(ev);
iosched.add(iosched.event(iosched.WRITE, pair.a.sockFd, function () {}));
assert.equal(pair.a.close(), undefined);
assert.equal(iosched.listening(ev), false, 'close removed the events on its fd');
assert.deepEqual(iosched.fds(), [[], [], []]);
pair.a.close();
pair.server.close();

var buf = new Buffer(4);
var calls = {
  send: function (s) { s.send('x'); },
  recv: function (s) { s.recv(buf); },
  pending: function (s) { s.pending(); },
  error: function (s) { s.error(); },
  flyAway: function (s) { s.flyAway(); },
  sockName: function (s) { s.sockName(); },
  peerName: function (s) { s.peerName(); },
  getState: function (s) { s.getState(); },
  shutdown: function (s) { s.shutdown(); },
  mports: function (s) { s.mports(1); },
  accept: function (s) { s.accept({}, 10); },
  bindToDevice: function (s) { s.bindToDevice('lo'); },
  setKeepAlive: function (s) { s.setKeepAlive(true, 1000); },
  setNoDelay: function (s) { s.setNoDelay(true); },
  setLinger: function (s) { s.setLinger({ onoff: false, time: 0 }); },
  setTTL: function (s) { s.setTTL(64); },
  setReuseAddr: function (s) { s.setReuseAddr(true); },
  setIPv6Only: function (s) { s.setIPv6Only(true); },
  getRecvBufferSize: function (s) { s.getRecvBufferSize(); },
  setRecvBufferSize: function (s) { s.setRecvBufferSize(4096); },
  getSendBufferSize: function (s) { s.getSendBufferSize(); },
  setSendBufferSize: function (s) { s.setSendBufferSize(4096); }
};
[pair.a, pair.server].forEach(function (s) {
  Object.keys(calls).forEach(function (name) {
    assert.throws(function () { calls[name](s); }, TypeError, 'tcp.' + name + ': the socket is closed');
  });
  assert.equal(s.isEOF(), false);
});

// flyAway leaves the object closed the same way.
var fd = pair.b.sockFd;
pair.b.flyAway();
assert.throws(function () { pair.b.recv(buf); }, TypeError, 'tcp.recv: the socket is closed');
pair.b.close();
var back = require('tcp').createByFd(fd);
assert.ok(back);
back.close();
