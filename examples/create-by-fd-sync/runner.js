// Scene for the synchronous createByFd example: registers the server context
// 'Tls-Server1' (./cert.pem, www.example.com), accepts one TCP connection on port 3000
// with the socket module and names its fd `sockFd`; then runs main.js unchanged, whose
// createByFd runs the server handshake. The scene then echoes one message on `tls`.
var scene = require('../_shared/scene.js');
var socket = require('socket');
if (!Tls.createSerCtx({ name: 'Tls-Server1', cert: fs.readString('./cert.pem') })) {
  scene.fail('createSerCtx: ' + sys.error());
}
var lfd = socket.socket(socket.AF_INET);
if (lfd < 0 || !socket.setReuseAddr(lfd, true) ||
    !socket.bind(lfd, socket.sockaddr(socket.INADDR_ANY, 3000)) || !socket.listen(lfd)) {
  scene.fail('listen: ' + sys.error());
}
scene.say('listening on port 3000');
var remote = {};
globalThis.sockFd = socket.accept(lfd, remote, 20000);
if (sockFd < 0) {
  scene.fail('accept: ' + sys.error());
}
scene.say('tcp connection from', remote.addr, 'sockFd', sockFd);
scene.run(__dirname + '/main.js');
if (!tls) {
  scene.fail('createByFd: ' + sys.error());
}
scene.say('handshaked', tls.getProtocol());
var buf = new Buffer(1024);
var n = tls.recv(buf, 0, buf.length, 20000);
if (n <= 0) {
  scene.fail('recv: ' + n + ' ' + sys.error());
}
tls.send('echo: ' + buf.slice(0, n).toString());
tls.close();
socket.close(lfd);
