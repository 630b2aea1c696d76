// A blocking tls.send(buffer) returns buffer.length only once every byte is on its way:
// the slow reader gets all of it without this object being used again (a bug once left
// the last record queued inside jsre). Slow: ~30 s (tiny windows on loopback).
var assert = require('../lib/assert');
var Tls = require('tls');
var SIZE = 4 * 1024 * 1024;
var t = new Task('./fixtures/slow-reader.js', { certs: require('../lib/tlspair').certs, size: SIZE });
var port = Task.recv({}, 5000).port;
var c = Tls.createClient({}, Tls.sockaddr('127.0.0.1', port), 5000);
assert.ok(c, sys.error());
c.setSendBufferSize(8192);
var sent = c.send(new Buffer(SIZE));
console.log('send returned', sent);
assert.equal(sent, SIZE);
// Do not touch c again: the peer should get every byte send() reported.
var r = Task.recv({}, 10000);
console.log('the peer got', r.have, 'of', sent);
assert.equal(r.have, SIZE, 'bytes reported sent but never delivered');
c.close();
