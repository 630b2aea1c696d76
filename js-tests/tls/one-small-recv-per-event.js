// A READ callback that takes one small recv per event, while the peer has sent much more
// at once: the rest must keep the event firing until every byte is read, whether it is
// decrypted already or still encrypted in what jsre read ahead from the socket (jsre
// reads TLS sockets 64 KiB at a time; the kernel has nothing left to signal).
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var size = 300 * 1024;
var data = new Buffer(size);
for (var i = 0; i < size; i++) data[i] = (i * 13 + (i >> 9)) & 255;
var back = new Buffer(size);
var have = 0;
var events = 0;
var small = new Buffer(1000);
iosched.add(iosched.event(iosched.READ, p.peer.sockFd, function () {
  events++;
  var n = p.peer.recv(small, 0, small.length, 0);
  if (n > 0) {
    small.copy(back, have, 0, n);
    have += n;
  }
}));
assert.equal(p.client.send(data, 0, size, 5000), size);
assert.until(function () { return have === size; }, 10000, 'all ' + size + ' bytes');
assert.ok(back.equals(data), 'in order');
assert.ok(events >= size / small.length, 'one recv per event');
p.client.close();
p.peer.close();
p.server.close();
console.log('ok');
