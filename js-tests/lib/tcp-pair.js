// pair([addr]): a connected loopback TCP pair for tests that need real fds:
// { server, a (the client), b (the accepted end), close() } made with the blocking calls.
'use strict';
var Tcp = require('tcp');

function pair(addr) {
  addr = addr || '127.0.0.1';
  var server = Tcp.createServer(Tcp.sockaddr(addr, 0));
  if (!server) throw new Error('tcp-pair: createServer failed: ' + sys.error());
  var a = Tcp.createClient(Tcp.sockaddr(addr, server.sockName().port), 5000);
  if (!a) throw new Error('tcp-pair: createClient failed: ' + sys.error());
  var b = server.accept(undefined, 5000);
  if (!b) throw new Error('tcp-pair: accept failed: ' + sys.error());
  return {
    server: server,
    a: a,
    b: b,
    close: function () {
      a.close();
      b.close();
      server.close();
    }
  };
}

module.exports = { pair: pair };
