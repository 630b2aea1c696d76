// Scene for the tls.setTTL example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000 (the harness set this namespace's default TTL to 99); main.js runs
// unchanged; the scene prints what it returned and sends one message, which the partner
// sees arrive with TTL 64.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.say('returned', scene.run(__dirname + '/main.js'));
scene.say('send returned', tls.send('after setTTL'));
var buf = new Buffer(64);
tls.recv(buf, 0, buf.length, 20000);
tls.close();
