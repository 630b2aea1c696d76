// getState uses the lwIP numbering: LISTEN 1, ESTABLISHED 4, FIN_WAIT_2 6, CLOSE_WAIT 7
// as a connection is set up and half-closed; after both ends closed, TIME_WAIT 10 (a Linux
// host hands TIME_WAIT to a mini-socket, so the fd itself reads CLOSED 0 there).
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
assert.equal(pair.server.getState(), 1, 'LISTEN');
assert.equal(pair.a.getState(), 4, 'client ESTABLISHED');
assert.equal(pair.b.getState(), 4, 'server side ESTABLISHED');

assert.equal(pair.a.shutdown('w'), true);
assert.until(function () { return pair.b.getState() === 7; }, 5000, 'CLOSE_WAIT after the peer FIN');
assert.until(function () { return pair.a.getState() === 6; }, 5000, 'FIN_WAIT_2 after the ACK');

var buf = new Buffer(4);
assert.ok(pair.b.recv(buf, 0, 4, 5000) < 0, 'the half-close reads as the end');
assert.equal(pair.b.isEOF(), true);
assert.equal(pair.b.send('back'), 4, 'the other direction still works');
assert.equal(pair.a.recv(buf, 0, 4, 5000), 4);

pair.b.close();
assert.until(function () { var st = pair.a.getState(); return st === 10 || st === 0; }, 5000, 'TIME_WAIT or CLOSED');
pair.close();
