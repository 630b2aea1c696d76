// A TLS client whose send timed out with records still queued: its peer, the task
// fixtures/late-reader.js (given `options` besides the certs), reads nothing until the
// test tells it to. Returns { task, client, sent } once the send has returned.
'use strict';
var Tls = require('tls');
var assert = require('./assert');

var SIZE = 4 * 1024 * 1024;

function clientWithQueuedOutput(options) {
  var arg = { certs: require('./tlspair').certs };
  Object.keys(options || {}).forEach(function (k) { arg[k] = options[k]; });
  var task = new Task(module.directory + '/../tls/fixtures/late-reader.js', arg);
  var port = Task.recv({}, 5000).port;
  var client = Tls.createClient({}, Tls.sockaddr('127.0.0.1', port), 5000);
  assert.ok(client, sys.error());
  client.setSendBufferSize(8192);
  var sent = client.send(new Buffer(SIZE), 0, SIZE, 300);
  assert.ok(sent < SIZE, 'precondition: the send timed out, the peer reading nothing (sent ' + sent + ')');
  return { task: task, client: client, sent: sent };
}

module.exports = { clientWithQueuedOutput: clientWithQueuedOutput };
