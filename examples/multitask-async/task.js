// A worker: adopts each fd with the asynchronous Tls.createByFd and answers each message.
var Tls = require('tls');
var iosched = require('iosched');

function onMessage(client, buffer, num) {
  client.send('task ' + Task.me() + ' got: ' + buffer.toString(num));
}

Task.on('message', function(msg, from) {
  if (!msg || msg.sockFd < 0) {
    return;
  }
  Tls.createByFd('TLS-Server1', msg.sockFd, (client) => {
    if (!client) {
      console.log('handshake error:', sys.error());
      return;
    }
    EventEmitter.inherits(client);
    client.on('message', onMessage);
    client.revent = iosched.event(iosched.READ, client.sockFd,
    (client) => {
      var buffer = new Buffer(4096);
      var ret = true;
      do {
        var num = client.recv(buffer, 0, buffer.length, 0);
        if (num > 0) {
          client.emit('message', client, buffer, num);
        } else if (num < 0) {
          ret = false;
          client.close();
        }
      } while (num > 0);
      return ret;
    }, undefined, client);
    iosched.add(client.revent);
  });
});

iosched.forever();
