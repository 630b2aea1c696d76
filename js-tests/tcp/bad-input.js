// Misuse of tcp throws: offsets and lengths outside the buffer are RangeErrors naming
// the call and the values; wrong types are TypeErrors naming the call.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var pair = require('../lib/tcp-pair').pair();
var s = pair.a;
var buf = new Buffer(4096);

assert.throws(function () { s.recv(buf, 9000); }, RangeError, 'tcp.recv: offset 9000 is beyond buffer length 4096');
assert.throws(function () { s.recv(buf, 0, 5000); }, RangeError, /^tcp\.recv: .*5000/);
assert.throws(function () { s.recv(buf, 4000, 97); }, RangeError, /^tcp\.recv: .*97/);
assert.throws(function () { s.recv(buf, -1); }, RangeError, /^tcp\.recv: .*offset/);
assert.throws(function () { s.recv(buf, 0, -1); }, RangeError, /^tcp\.recv: .*length/);
assert.throws(function () { s.recv(buf, 1.5); }, TypeError, /^tcp\.recv: .*offset/);
assert.throws(function () { s.recv('not a buffer'); }, TypeError, /^tcp\.recv: /);
assert.throws(function () { s.recv(); }, TypeError, /^tcp\.recv: /);
assert.throws(function () { s.recv(buf, 'x'); }, TypeError, /^tcp\.recv: .*offset/);
assert.throws(function () { s.recv(buf, 0, 10, 'soon'); }, TypeError, /^tcp\.recv: .*timeout/);

var small = Buffer.from('abcd');
assert.throws(function () { s.send(small, 5); }, RangeError, 'tcp.send: offset 5 is beyond buffer length 4');
assert.throws(function () { s.send(small, 2, 3); }, RangeError, /^tcp\.send: .*3/);
assert.throws(function () { s.send(42); }, TypeError, /^tcp\.send: /);
assert.throws(function () { s.send(); }, TypeError, /^tcp\.send: /);
assert.throws(function () { s.send({}); }, TypeError, /^tcp\.send: /);
assert.throws(function () { s.send(small, 'x'); }, TypeError, /^tcp\.send: .*offset/);
assert.throws(function () { s.send([1, 2]); }, TypeError, /^tcp\.send: /);
assert.throws(function () { s.send('str', 'soon'); }, TypeError, /^tcp\.send: .*timeout/);

assert.throws(function () { pair.server.accept({}, 'soon'); }, TypeError, /^tcp\.accept: .*timeout/);
assert.throws(function () { s.setTTL('64'); }, TypeError, /^tcp\.setTTL: /);
assert.throws(function () { s.setNoDelay('yes'); }, TypeError, /^tcp\.setNoDelay: /);
assert.throws(function () { s.setLinger(true); }, TypeError, /^tcp\.setLinger: /);
assert.throws(function () { s.setRecvBufferSize('big'); }, TypeError, /^tcp\.setRecvBufferSize: /);
assert.throws(function () { s.bindToDevice(7); }, TypeError, /^tcp\.bindToDevice: /);
assert.throws(function () { s.shutdown('x'); }, RangeError, /^tcp\.shutdown: /);
assert.throws(function () { s.mports('2'); }, TypeError, /^tcp\.mports: /);
assert.throws(function () { s.recv.call({}, buf); }, TypeError, /recv/);

assert.throws(function () { Tcp.createServer(); }, TypeError, /^Tcp\.createServer: /);
assert.throws(function () { Tcp.createServer('127.0.0.1'); }, TypeError, /^Tcp\.createServer: /);
assert.throws(function () { Tcp.createServer({ addr: '127.0.0.1', port: 70000 }); }, RangeError, /^Tcp\.createServer: .*70000/);
assert.throws(function () { Tcp.createServer({ addr: 'not an address', port: 0 }); }, TypeError, /^Tcp\.createServer: /);
assert.throws(function () { Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0), 'many'); }, TypeError, /^Tcp\.createServer: .*backlog/);
assert.throws(function () { Tcp.createClient(); }, TypeError, /^Tcp\.createClient: /);
assert.throws(function () { Tcp.createClient({ addr: '127.0.0.1', port: -1 }); }, RangeError, /^Tcp\.createClient: /);
assert.throws(function () { Tcp.createClient(Tcp.sockaddr('127.0.0.1', 1), 'soon'); }, TypeError, /^Tcp\.createClient: .*timeout/);
assert.throws(function () { Tcp.createByFd(); }, TypeError, /^Tcp\.createByFd: /);
assert.throws(function () { Tcp.createByFd('3'); }, TypeError, /^Tcp\.createByFd: /);
assert.throws(function () { Tcp.sockaddr('127.0.0.1', 65536); }, RangeError, /sockaddr/);

// Nothing was sent or broken by the failed calls.
assert.equal(s.send('fine'), 4);
assert.equal(pair.b.recv(buf, 0, 4, 5000), 4);
pair.close();
