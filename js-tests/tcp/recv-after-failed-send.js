// After shutdown('w') a send fails (EPIPE), but the read direction is still open: recv
// must still deliver what the peer sends, and then its end (negative, isEOF true).
'use strict';
var assert = require('../lib/assert');
var p = require('../lib/tcp-pair').pair();
var buf = new Buffer(16);
assert.equal(p.a.shutdown('w'), true);
assert.ok(p.a.send('x') < 0, 'send after shutdown w fails');
assert.equal(sys.errno(), 32);
assert.equal(p.b.send('still'), 5);
assert.equal(p.a.recv(buf, 0, 16, 5000), 5, 'the read side still works: ' + sys.error());
assert.equal(buf.toString('utf8', 0, 5), 'still');
p.b.close();
assert.ok(p.a.recv(buf, 0, 16, 5000) < 0);
assert.equal(p.a.isEOF(), true);
p.close();
