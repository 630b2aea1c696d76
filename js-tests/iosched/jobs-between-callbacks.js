// During dispatch the job queue (nextTick, then promise jobs) runs after each iosched
// callback, before the next one; timers due in the turn run before the I/O callbacks.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
pair.a.send('x');
assert.until(function () { return pair.b.pending() === 1; }, 5000, 'data');
var log = [];
iosched.add(iosched.event(iosched.READ, pair.b.sockFd, function () {
  log.push('cb1');
  Promise.resolve().then(function () { log.push('promise1'); });
  Task.nextTick(function () { log.push('tick1'); });
}));
iosched.add(iosched.event(iosched.WRITE, pair.b.sockFd, function () { log.push('cb2'); }));
setTimeout(function () { log.push('timer'); }, 0);
sys.sleep(5);
iosched.poll(1000);
assert.deepEqual(log, ['timer', 'cb1', 'tick1', 'promise1', 'cb2']);
iosched.remove();
pair.close();
