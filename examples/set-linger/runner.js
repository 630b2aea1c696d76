// Scene for the tls.setLinger example: `tls` is a client connected to the partner server
// at 192.168.0.3:3000; the scene waits for the partner's 'ready' (both sides are past the
// handshake); main.js runs unchanged (linger on, 0 s); the scene prints what it returned
// and closes: the partner sees the connection end with a RST, not a FIN.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
var buf = new Buffer(64);
var n = tls.recv(buf, 0, buf.length, 20000);
scene.say('partner says', n > 0 ? JSON.stringify(buf.slice(0, n).toString()) : n);
scene.say('returned', scene.run(__dirname + '/main.js'));
tls.close();
scene.say('closed');
