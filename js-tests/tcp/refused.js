// Connecting to a closed port: the blocking createClient returns undefined with errno
// ECONNREFUSED (61); the async one calls callback(undefined, remote) with errno set.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var probe = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = probe.sockName().port;
probe.close();
var addr = Tcp.sockaddr('127.0.0.1', port);

assert.equal(Tcp.createClient(addr, 5000), undefined);
assert.equal(sys.errno(), 61);
assert.equal(sys.error(), 'Connection refused');
sys.clearErrno();
assert.equal(Tcp.createClient(addr), undefined, 'without a timeout');
assert.equal(sys.errno(), 61);

var result = null;
sys.clearErrno();
Tcp.createClient(addr, function (tcp, remote) {
  result = { tcp: tcp, remote: remote, errno: sys.errno(), error: sys.error(), args: arguments.length };
});
assert.until(function () { return result !== null; }, 10000, 'the async callback');
assert.equal(result.tcp, undefined);
assert.deepEqual(result.remote, { domain: 2, addr: '127.0.0.1', port: port });
assert.equal(result.errno, 61);
assert.equal(result.error, 'Connection refused');
iosched.poll(50);
assert.deepEqual(iosched.fds(), [[], [], []], 'nothing left watched');
