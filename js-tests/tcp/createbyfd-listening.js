// A listening socket's fd given up with flyAway and adopted with Tcp.createByFd is still
// a server: getState() LISTEN and accept() takes connections.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var fd = server.sockFd;
server.flyAway();
var adopted = Tcp.createByFd(fd);
assert.ok(adopted, 'createByFd: ' + sys.error());
assert.equal(adopted.getState(), 1);
var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 5000);
var conn = adopted.accept(undefined, 5000);
assert.ok(conn, 'accept on the adopted server');
c.close();
conn.close();
adopted.close();
