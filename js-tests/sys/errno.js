// The errno slot uses SylixOS numbers and messages; sys.error() with no argument keeps
// the message of the last failure, sys.error(n) gives the table text.
var assert = require('../lib/assert');
var fs = require('fs');
sys.clearErrno();
assert.equal(sys.errno(), 0);
assert.equal(sys.error(), 'No error');
assert.equal(fs.readString('/no/such/file'), undefined);
assert.equal(sys.errno(), 2, 'ENOENT is 2');
assert.equal(sys.error(), 'No such file or directory');
sys.setErrno(60);
assert.equal(sys.errno(), 60);
assert.equal(sys.error(), 'Connection timed out');
assert.equal(sys.error(61), 'Connection refused');
assert.equal(sys.error(11), 'No more processes or operation would block');
assert.equal(sys.error(54), 'Connection reset by peer');
assert.equal(sys.error(9999), 'Unknown error 9999');
assert.throws(function () { sys.setErrno('x'); }, TypeError, 'sys.setErrno: errno must be a number');
assert.equal(require('sys'), sys);
