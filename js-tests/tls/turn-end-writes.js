// The records of TLS sends made in iosched callbacks are written once the turn's ready
// callbacks have run (crate::turn::dispatch), but never later than that, and some sooner:
// - when a later callback of the same turn throws, what earlier ones sent still leaves
//   as iosched.poll() throws, not at the next wait;
// - once the turn holds 256 KiB of them, they leave before the next callback runs;
// - once the first of them has waited 1 ms, they leave before the next callback runs.
// Each peer task reports when its bytes arrived; the main task meanwhile busy-waits
// (a wait of any kind would write the records itself).
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var Tls = require('tls');

var SPIN = 1500;

// A server with `count` established connections, one per timed-reader peer task that
// expects `bytes` bytes. Returns { server, conns, peers }.
function connections(count, bytes) {
  var server = Tls.createServer({ cert: tp.pem('server-ec.pem'), key: tp.pem('server-ec.key') },
    Tls.sockaddr('127.0.0.1', 0));
  assert.ok(server, 'createServer: ' + sys.error());
  var conns = [];
  server.accept(undefined, function (c) {
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      c.pending(); // drive the handshake
      if (c.getProtocol() === undefined) return true;
      conns.push(c);
      return false;
    }));
  });
  var peers = [];
  for (var i = 0; i < count; i++) {
    var peer = new Task('./fixtures/timed-reader.js', { port: server.sockName().port, bytes: bytes });
    assert.ok(peer.id() > 0, 'peer task ' + i + ': ' + sys.error());
    peers.push(peer);
  }
  assert.until(function () { return conns.length === count; }, 10000, count + ' connections');
  for (i = 0; i < count; i++) assert.equal(Task.recv({}, 5000), 'connected');
  return { server: server, conns: conns, peers: peers };
}

function spinFrom(start) {
  while (Date.now() - start < SPIN) { /* no wait: waits write queued records */ }
}

function arrivals(set, since, what) {
  for (var i = 0; i < set.peers.length; i++) {
    var at = Task.recv({}, 5000);
    assert.ok(typeof at === 'number', what + ': a peer reported ' + at);
    assert.ok(at - since < 1000, what + ': bytes arrived ' + (at - since) + ' ms after the send');
  }
}

function finish(set) {
  set.conns.forEach(function (c) { c.close(); });
  assert.until(function () {
    return set.peers.every(function (p) { return !p.isAlive(); });
  }, 10000, 'the peer tasks to end');
  set.server.close();
}

// 1. A callback sends; the next one in the same turn throws.
(function () {
  var set = connections(1, 4);
  var c = set.conns[0];
  // Two WRITE events on one writable fd run in the same turn, in the order added.
  iosched.once(iosched.event(iosched.WRITE, c.sockFd, function () {
    assert.equal(c.send('ping'), 4);
  }));
  var boom = iosched.event(iosched.WRITE, c.sockFd, function () {
    throw new Error('boom');
  });
  iosched.add(boom);
  var thrown;
  try {
    iosched.poll(1000);
  } catch (e) {
    thrown = Date.now();
    assert.equal(e.message, 'boom');
  }
  assert.ok(thrown !== undefined, 'the second callback threw');
  iosched.remove(boom);
  spinFrom(thrown);
  arrivals(set, thrown, 'sent before a throw');
  finish(set);
})();

// 2. Five connections get 52 KiB each (under one connection's own 60 KiB), then a
// callback spins: the 256 KiB the turn holds by then leave before it runs.
(function () {
  var SIZE = 52 * 1024;
  var set = connections(5, SIZE);
  var data = new Buffer(SIZE).fill(7);
  var started;
  set.conns.forEach(function (c) {
    iosched.once(iosched.event(iosched.WRITE, c.sockFd, function () {
      if (started === undefined) started = Date.now();
      assert.equal(c.send(data), SIZE);
    }));
  });
  var last = set.conns[set.conns.length - 1];
  iosched.once(iosched.event(iosched.WRITE, last.sockFd, function () {
    spinFrom(started);
  }));
  iosched.poll(1000);
  assert.ok(started !== undefined, 'the WRITE callbacks ran');
  arrivals(set, started, 'over the turn limit');
  finish(set);
})();

// 3. A turn of slow callbacks: one sends, then four spin 600 ms each. The record leaves
// after the first of them, not after all four.
(function () {
  var set = connections(1, 4);
  var c = set.conns[0];
  var started;
  iosched.once(iosched.event(iosched.WRITE, c.sockFd, function () {
    started = Date.now();
    assert.equal(c.send('ping'), 4);
  }));
  function slow() {
    var t = Date.now();
    while (Date.now() - t < 600) { /* no wait */ }
  }
  for (var i = 0; i < 4; i++) iosched.once(iosched.event(iosched.WRITE, c.sockFd, slow));
  iosched.poll(1000);
  assert.ok(started !== undefined, 'the WRITE callbacks ran');
  arrivals(set, started, 'in a turn of slow callbacks');
  finish(set);
})();

console.log('ok');
