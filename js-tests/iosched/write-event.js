// A WRITE (alias CONNECT) event on a connected socket fires, with the fd in poll's write slot.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var fd = pair.a.sockFd;
var args = null;
var ev = iosched.event(iosched.CONNECT, fd, function (arg, e) { args = [arg, e]; return false; }, 'w');
assert.equal(ev.method, iosched.WRITE);
iosched.add(ev);
var r = iosched.poll(2000);
assert.deepEqual(r, [[], [fd], []]);
assert.equal(args[0], 'w');
assert.equal(args[1], ev);
assert.equal(iosched.listening(ev), false);

// A persistent WRITE event keeps firing while the socket stays writable.
var n = 0;
var ev2 = iosched.event(iosched.WRITE, pair.b.sockFd, function () { n++; });
iosched.add(ev2);
for (var i = 0; i < 3; i++) iosched.poll(2000);
assert.equal(n, 3);
iosched.remove(ev2);

// Writing from a WRITE callback reaches the peer.
var buf = new Buffer(5);
iosched.once(iosched.event(iosched.WRITE, fd, function () { pair.a.send('hello'); }));
iosched.poll(2000);
assert.equal(pair.b.recv(buf, 0, 5, 5000), 5);
assert.equal(buf.toString(), 'hello');
pair.close();
