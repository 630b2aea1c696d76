// Socket option setters return true for valid values and false (errno set) for values
// outside their range; buffer-size getters; bindToDevice('lo') works, an unknown
// interface gives false with ENODEV (19).
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
[pair.a, pair.b, pair.server].forEach(function (s) {
  assert.equal(s.setReuseAddr(true), true, 'setReuseAddr(true)');
  assert.equal(s.setReuseAddr(false), true, 'setReuseAddr(false)');
  assert.equal(s.setRecvBufferSize(65536), true);
  assert.equal(s.setSendBufferSize(65536), true);
});
var s = pair.a;

assert.equal(s.setKeepAlive(true, 1000), true, 'keepalive with idle');
assert.equal(s.setKeepAlive(true, 2000, 500), true, 'keepalive with interval');
assert.equal(s.setKeepAlive(true, 2000, 500, 5), true, 'keepalive with count');
assert.equal(s.setKeepAlive(false), true, 'keepalive off');
assert.equal(s.setNoDelay(true), true);
assert.equal(s.setNoDelay(false), true);
assert.equal(s.setLinger({ onoff: true, time: 2 }), true);
assert.equal(s.setLinger({ onoff: false, time: 0 }), true);

assert.equal(s.setTTL(1), true);
assert.equal(s.setTTL(64), true);
assert.equal(s.setTTL(255), true);
sys.clearErrno();
assert.equal(s.setTTL(256), false, 'TTL above 255');
assert.equal(sys.errno(), 22, 'EINVAL');
assert.equal(s.setTTL(-1), false, 'negative TTL');

var KiB = 1024, MiB = 1024 * 1024;
assert.equal(s.setRecvBufferSize(KiB), true, 'lowest size');
assert.equal(s.setSendBufferSize(16 * MiB), true, 'highest size');
assert.equal(s.setRecvBufferSize(128 * KiB), true);
assert.ok(s.getRecvBufferSize() >= 128 * KiB, 'recv buffer at least what was set: ' + s.getRecvBufferSize());
assert.equal(s.setSendBufferSize(64 * KiB), true);
assert.ok(s.getSendBufferSize() >= 64 * KiB, 'send buffer at least what was set: ' + s.getSendBufferSize());
sys.clearErrno();
assert.equal(s.setRecvBufferSize(KiB - 1), false, 'below 1 KiB');
assert.equal(sys.errno(), 22);
assert.equal(s.setSendBufferSize(KiB - 1), false);
assert.equal(s.setRecvBufferSize(16 * MiB + 1), false, 'above 16 MiB');
assert.equal(s.setSendBufferSize(16 * MiB + 1), false);
assert.ok(s.getRecvBufferSize() >= 128 * KiB, 'refused sizes changed nothing');

assert.equal(s.bindToDevice('lo'), true, 'bindToDevice lo: ' + sys.error());
sys.clearErrno();
assert.equal(s.bindToDevice('nosuchif0'), false);
assert.equal(sys.errno(), 19, 'ENODEV');
assert.equal(s.bindToDevice(), true, 'no name unbinds');

// The connection still works after all that.
var buf = new Buffer(2);
assert.equal(pair.a.send('ok'), 2);
assert.equal(pair.b.recv(buf, 0, 2, 5000), 2);
assert.equal(buf.toString(), 'ok');
pair.close();
