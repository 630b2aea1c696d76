// Scene for the tls.bindToDevice example: `tls` is a server on every IPv4 address, port
// 3000, with ./cert.pem. The harness named this namespace's veth interface 'en1', as the
// documentation does. main.js runs unchanged; the scene prints what it returned, shows
// that a connection over lo is now refused, and serves one client that comes over en1.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen();
scene.say('returned', scene.run(__dirname + '/main.js'));
var probe = Tls.createClient({ handshakeTimeout: 2000 }, Tls.sockaddr('127.0.0.1', 3000), 5000);
scene.say('client over lo:', probe ? 'connected' : sys.error());
if (probe) {
  probe.close();
}
scene.serveOne(tls);
tls.close();
