// tls.send(buffer, offset, length, timeout) returns "the number of bytes actually sent".
// Every byte it counts reaches the peer although the script never touches the object
// again: when the timeout passes with a TLS record still queued in jsre (socket full),
// iosched.poll writes it out as room appears. The peer reads for 3 s while the client
// only polls, and must get exactly what send reported. ~3.5 s.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var c = p.client;
assert.equal(c.setSendBufferSize(8192), true);
assert.equal(p.peer.setRecvBufferSize(8192), true);
var big = new Buffer(8 * 1024 * 1024);
var n = c.send(big, 0, big.length, 200);
assert.ok(n > 0 && n < big.length, 'a partial send: ' + n);
assert.equal(sys.errno(), 60);
var back = new Buffer(n), have = 0, end = Date.now() + 3000;
while (have < n && Date.now() < end) {
  var r = p.peer.recv(back, have, n - have, 0);
  if (r > 0) have += r; else iosched.poll(20);
}
console.log('send reported', n, 'the peer got', have, 'in 3 s');
assert.equal(have, n, 'bytes reported sent never left jsre');
c.close();
p.peer.close();
p.server.close();
