// Thousands of one-byte sends with timeout 0 inside one iosched callback: each is taken
// whole (the records a callback gathers stay below what rustls queues, and the socket
// has room), and every byte arrives, in order.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var count = 5000;
var short = [];
var buf = new Buffer(16);
iosched.add(iosched.event(iosched.READ, p.peer.sockFd, function () {
  var n = p.peer.recv(buf, 0, buf.length, 0);
  if (n <= 0) return;
  for (var i = 0; i < count; i++) {
    var r = p.peer.send(String.fromCharCode(97 + (i % 26)), 0);
    if (r !== 1) short.push(i + ': ' + r + ' ' + sys.errno());
  }
  return false;
}));
assert.equal(p.client.send('go'), 2);
var got = '';
var big = new Buffer(8192);
assert.until(function () {
  var n = p.client.recv(big, 0, big.length, 0);
  if (n > 0) got += big.toString('utf8', 0, n);
  return got.length >= count;
}, 10000, count + ' bytes back');
assert.deepEqual(short.slice(0, 3), [], 'every send took its byte');
for (var i = 0; i < count; i++) {
  if (got.charCodeAt(i) !== 97 + (i % 26)) assert.ok(false, 'byte ' + i + ' out of order');
}
p.client.close();
p.peer.close();
p.server.close();
console.log('ok');
