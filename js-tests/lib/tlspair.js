// A connected TLS pair in one process, both sides asynchronous: pair(serverOpt,
// clientOpt) runs iosched.poll until the client's handshake is done and the server side
// has completed its own, then returns { server, client, peer } (peer is the accepted
// connection). Fails the test after 10 s.
'use strict';
var Tls = require('tls');
var fs = require('fs');
var assert = require('./assert');

var certs = module.directory + '/../../certs/';

function pem(name) {
  return fs.readString(certs + name);
}

function pair(serverOpt, clientOpt, host) {
  host = host || '127.0.0.1';
  var server = Tls.createServer(serverOpt || { cert: pem('server-ec.pem'), key: pem('server-ec.key') },
    Tls.sockaddr(host, 0));
  assert.ok(server, 'createServer: ' + sys.error());
  var peer = null;
  var client = null;
  var clientDone = false;
  server.accept(undefined, function (c) {
    peer = c;
    // Drive the server's handshake (accepted connections handshake on first use).
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      c.pending();
      return c.getProtocol() === undefined;
    }));
  });
  Tls.createClient(clientOpt || { ca: pem('ca.pem'), server: 'localhost', rejectUnauthorized: true },
    Tls.sockaddr(host, server.sockName().port), function (c) {
      client = c;
      clientDone = true;
    });
  assert.until(function () {
    return clientDone && (!client || (peer && peer.getProtocol() !== undefined));
  }, 10000, 'the TLS pair');
  return { server: server, client: client, peer: peer };
}

// Makes `server` answer 'ok' to every message on each connection it accepts (reading from
// iosched events), and close the connection when the client does.
function answerOk(server) {
  server.accept(undefined, function (c) {
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      var buf = new Buffer(64);
      var n = c.recv(buf, 0, 64, 0);
      if (n > 0) c.send('ok');
      if (n < 0) { c.close(); return false; }
    }));
  });
  return server;
}

// Reads the first answer on client connection `c` from an iosched event, closes it, and
// calls done('answered <text>') or done('ended: <sys.error()>').
function readAnswer(c, done) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    var buf = new Buffer(16);
    var n = c.recv(buf, 0, 16, 0);
    if (n === 0) return;
    done(n > 0 ? 'answered ' + buf.toString(n) : 'ended: ' + sys.error());
    c.close();
    return false;
  }));
}

// A TLS server on 127.0.0.1 whose iosched callback for each accepted connection drives
// the handshake, then runs body(c) once and closes c (the cork-then-* tests).
function onceEstablished(body) {
  var server = Tls.createServer({ cert: pem('server-ec.pem'), key: pem('server-ec.key') },
    Tls.sockaddr('127.0.0.1', 0));
  assert.ok(server, 'createServer: ' + sys.error());
  server.accept(undefined, function (c) {
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      if (c.getProtocol() === undefined) {
        c.pending(); // drive the handshake
        if (c.getProtocol() === undefined) return;
      }
      body(c);
      c.close();
      return false;
    }));
  });
  return server;
}

module.exports = {
  pair: pair, pem: pem, certs: certs, answerOk: answerOk, readAnswer: readAnswer,
  onceEstablished: onceEstablished
};
