// iosched.once watches an event for one firing: it is removed before its callback
// runs, so it fires once even while the fd stays readable; it can be armed again.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
pair.a.send('data left unread');

var n = 0, listeningInside = null, errbacks = 0;
var ev = iosched.event(iosched.READ, pair.b.sockFd, function (arg, e) {
  n++;
  listeningInside = iosched.listening(e);
}, function () { errbacks++; });
assert.equal(iosched.once(ev), true);
assert.equal(iosched.listening(ev), true, 'watched until it fires');
assert.equal(iosched.once(ev), false, 'already watched');
assert.equal(iosched.add(ev), false, 'already watched');
assert.until(function () { return n === 1; }, 5000, 'once fires');
assert.equal(listeningInside, false, 'removed before its callback runs');
assert.equal(iosched.listening(ev), false);
for (var i = 0; i < 5; i++) iosched.poll(20);
assert.equal(n, 1, 'fires only once');
assert.equal(errbacks, 0);
assert.equal(iosched.remove(ev), false, 'nothing to remove');

assert.equal(iosched.once(ev), true, 'a fired once-event can be armed again');
assert.until(function () { return n === 2; }, 5000, 'second once');
iosched.poll(50);
assert.equal(n, 2);
pair.close();
