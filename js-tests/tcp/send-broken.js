// send returns a negative number with errno set once the connection is broken: after
// the peer closed (EPIPE or ECONNRESET), after a reset, after our own shutdown('w');
// the process is not killed by SIGPIPE.
'use strict';
var assert = require('../lib/assert');
var pairOf = require('../lib/tcp-pair').pair;
var buf = new Buffer(1000);

var p = pairOf();
p.a.close();
var r = 0;
for (var i = 0; i < 50 && r >= 0; i++) {
  r = p.b.send(buf);
  if (r >= 0) sys.sleep(10);
}
assert.ok(r < 0, 'send to a closed peer eventually fails, got ' + r);
assert.ok(sys.errno() === 32 || sys.errno() === 54, 'EPIPE or ECONNRESET, got ' + sys.errno());
assert.ok(p.b.send('more') < 0, 'and keeps failing');
p.close();

p = pairOf();
assert.equal(p.a.setLinger({ onoff: true, time: 0 }), true);
p.a.close();
assert.until(function () { return p.b.getState() !== 4; }, 5000, 'the reset arrives');
assert.ok(p.b.send('x') < 0);
assert.notEqual(sys.errno(), 0);
p.close();

p = pairOf();
assert.equal(p.a.shutdown('w'), true);
assert.equal(p.b.send('still'), 5, 'the other direction works');
assert.equal(p.a.recv(buf, 0, 5, 5000), 5);
sys.clearErrno();
assert.ok(p.a.send('x') < 0, 'send after shutdown w');
assert.notEqual(sys.errno(), 0);
p.close();
