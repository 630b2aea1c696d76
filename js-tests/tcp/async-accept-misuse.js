// accept(undefined, callback) on a closed object throws TypeError "tcp.accept: the socket
// is closed", and on a connected (non-listening) one the same TypeError as the sync form.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
function cb() {}
assert.throws(function () { pair.a.accept(undefined, 10); }, TypeError, 'tcp.accept: the socket is not listening');
assert.throws(function () { pair.a.accept(undefined, cb); }, TypeError, 'tcp.accept: the socket is not listening');
pair.server.close();
assert.throws(function () { pair.server.accept({}, 10); }, TypeError, 'tcp.accept: the socket is closed');
assert.throws(function () { pair.server.accept(undefined, cb); }, TypeError, 'tcp.accept: the socket is closed');
pair.close();
