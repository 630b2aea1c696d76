// Scene for the tls.pending example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000, which sends '0123456789' in one TLS record. The scene reads only 4
// bytes of it, so 6 decrypted bytes wait in tls; it defines `buf`; main.js runs
// unchanged: pending() is 6 and recv(buf) takes them. The scene prints both.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
var first = new Buffer(4);
var got = tls.recv(first, 0, 4, 20000);
scene.say('first recv', got, JSON.stringify(first.toString()));
globalThis.buf = new Buffer(1024);
scene.run(__dirname + '/main.js');
scene.say('pending returned', num, 'buf starts with', JSON.stringify(buf.slice(0, 6).toString()));
tls.close();
