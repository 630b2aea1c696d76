// A worker of tls_mt_server.js: adopts each fd asynchronously and echoes.
var Tls = require('tls');
var iosched = require('iosched');
var buffer = new Buffer(65536);
Task.on('message', function (msg) {
  Tls.createByFd('MT-Bench', msg.sockFd, function (client) {
    if (!client) return;
    iosched.add(iosched.event(iosched.READ, client.sockFd, function () {
      var num;
      do {
        num = client.recv(buffer, 0, buffer.length, 0);
        if (num > 0) {
          client.send(buffer, 0, num);
        } else if (num < 0) {
          client.close();
          return false;
        }
      } while (num > 0);
    }));
  });
});
iosched.forever();
