// Scene for the tls.setIPv6Only example: `tls` is a server on the IPv6 wildcard address
// '::', port 3000, with ./cert.pem; main.js runs unchanged (IPv6-only off); the scene
// prints what it returned and serves one client, which comes over IPv4 from 192.168.0.2.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen(Tls.IN6ADDR_ANY);
scene.say('returned', scene.run(__dirname + '/main.js'));
scene.serveOne(tls);
tls.close();
