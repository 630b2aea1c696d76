// The client option handshakeTimeout, against a TCP server that accepts and never
// speaks: the blocking createClient is undefined with ETIMEDOUT (60) 'handshake timed
// out' after it; the callback form gets (undefined, remote) then. Values below 2000 count
// as 2000 (the documented range is 2000 ~ 120000; docs/modules/tls.md).
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var mute = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = mute.sockName().port;
var saddr = Tls.sockaddr('127.0.0.1', port);

var t0 = Date.now();
assert.equal(Tls.createClient({ handshakeTimeout: 2000 }, saddr, 5000), undefined);
var took = Date.now() - t0;
assert.equal(sys.errno(), 60);
assert.equal(sys.error(), 'handshake timed out');
assert.ok(took >= 1900 && took < 4000, 'about 2000 ms, took ' + took);

t0 = Date.now();
assert.equal(Tls.createClient({ handshakeTimeout: 100 }, saddr, 5000), undefined);
took = Date.now() - t0;
assert.equal(sys.error(), 'handshake timed out');
assert.ok(took >= 1900 && took < 4000, '100 counts as 2000, took ' + took);

var result;
t0 = Date.now();
var obj = Tls.createClient({ handshakeTimeout: 2500 }, saddr, function (c, remote) {
  result = { c: c, remote: remote, errno: sys.errno(), error: sys.error(), took: Date.now() - t0 };
});
assert.ok(obj, 'the object is returned at once');
assert.until(function () { return result; }, 8000, 'the callback');
assert.equal(result.c, undefined);
assert.deepEqual(result.remote, { domain: 2, addr: '127.0.0.1', port: port });
assert.equal(result.errno, 60);
assert.equal(result.error, 'handshake timed out');
assert.ok(result.took >= 2400 && result.took < 5000, 'about 2500 ms, took ' + result.took);
// The three connections wait in the mute server's queue: take and close them.
for (var i = 0; i < 3; i++) {
  var c = mute.accept(undefined, 1000);
  assert.ok(c, 'queued connection ' + i);
  c.close();
}
mute.close();
