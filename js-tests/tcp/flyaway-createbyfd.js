// flyAway gives up the fd without closing it and Tcp.createByFd adopts it (same task);
// a non-socket fd, a closed fd, or an fd another object owns give undefined with errno.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var pair = require('../lib/tcp-pair').pair();
var fd = pair.b.sockFd;

assert.equal(Tcp.createByFd(fd), undefined, 'fd still owned by pair.b');
assert.notEqual(sys.errno(), 0);

assert.equal(pair.b.flyAway(), undefined);
assert.throws(function () { pair.b.send('x'); }, TypeError, 'tcp.send: the socket is closed');
pair.b.close();

var adopted = Tcp.createByFd(fd);
assert.ok(adopted, 'createByFd: ' + sys.error());
assert.equal(adopted.sockFd, fd);
assert.equal(adopted.getState(), 4);
assert.deepEqual(adopted.peerName(), pair.a.sockName());
assert.equal(pair.a.send('through'), 7);
var buf = new Buffer(7);
assert.equal(adopted.recv(buf, 0, 7, 5000), 7);
assert.equal(buf.toString(), 'through');
assert.equal(adopted.send('back'), 4);
assert.equal(pair.a.recv(buf, 0, 4, 5000), 4);

assert.equal(Tcp.createByFd(fd), undefined, 'a second createByFd on an owned fd');
assert.notEqual(sys.errno(), 0);
assert.equal(adopted.send('!'), 1, 'the failed adoption did not close the fd');
assert.equal(pair.a.recv(buf, 0, 1, 5000), 1);

// A non-socket fd (stdout): refused with ENOTSOCK, and left open.
sys.clearErrno();
assert.equal(Tcp.createByFd(1), undefined);
assert.equal(sys.errno(), 50, 'ENOTSOCK');
iosched.event(iosched.WRITE, 1, function () {}); // throws if fd 1 was closed

// A closed fd: EBADF.
var closedFd = adopted.sockFd;
adopted.close();
sys.clearErrno();
assert.equal(Tcp.createByFd(closedFd), undefined);
assert.equal(sys.errno(), 9, 'EBADF');

// The peer sees the adopted object's close as the end.
assert.ok(pair.a.recv(buf, 0, 1, 5000) < 0);
assert.equal(pair.a.isEOF(), true);

pair.close();
