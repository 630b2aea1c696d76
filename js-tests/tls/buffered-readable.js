// A TLS socket holding decrypted bytes counts as readable for iosched: a READ callback
// that reads 10 bytes at a time fires again until all 100 are read, although the kernel
// has nothing more to signal.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var calls = 0;
var got = 0;
var buf = new Buffer(10);
iosched.add(iosched.event(iosched.READ, p.peer.sockFd, function (peer) {
  calls++;
  var n = peer.recv(buf, 0, 10, 0);
  if (n > 0) got += n;
}, undefined, p.peer));
p.client.send(new Buffer(100));
assert.until(function () { return got === 100; }, 5000, 'all 100 bytes');
assert.ok(calls >= 10, 'one callback per 10 bytes, got ' + calls);
p.client.close();
p.peer.close();
p.server.close();
