// argv, env, platform and pid; process is a module, not a global.
var assert = require('../lib/assert');
var process = require('process');
assert.equal(typeof globalThis.process, 'undefined');
assert.equal(process.argv[0], 'jsre');
assert.ok(process.argv[1].endsWith('process/process.js'));
assert.equal(typeof process.env.PATH, 'string');
assert.equal(process.platform(), 'linux');
assert.ok(process.pid > 0);
assert.throws(function () { process.exit(300); }, RangeError, 'process.exit');
