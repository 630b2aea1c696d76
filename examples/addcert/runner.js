// Scene for the addcert example: `tls` is a server on port 3000 whose own certificate is
// ./cert.pem (www.example.com); main.js runs unchanged and adds ./cert.crt + ./cert.key
// (demo.mysite.com) for SNI. The scene prints what addcert returned, then serves two
// clients: the harness's partner asks for demo.mysite.com, then for www.example.com.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen();
var added = scene.run(__dirname + '/main.js');
scene.say('addcert returned', added);
scene.serveOne(tls);
scene.serveOne(tls);
tls.close();
