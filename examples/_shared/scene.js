// Sets the scene for a documentation fragment, then runs the fragment unchanged.
//
// A fragment uses names it never defines (`tls`, `Tls`, `fs`, `sockFd`, `buf`,
// `otherTask`): a folder's runner.js defines them as globals and calls run('main.js').
// The fragment runs as global code (indirect eval), exactly as if it were the body of a
// script: its own `var`s become globals too, so the runner can look at `tls`, `num`,
// `state` afterwards. run() returns the completion value of the fragment's last
// statement, i.e. what a one-line call such as `tls.setTTL(64);` returned.
//
// Lines printed by the scene start with 'SCENE ' so they never mix with what the
// documentation's code prints.
var fs = require('fs');

function read(file) {
  var src = fs.readString(file);
  if (src === undefined) {
    throw new Error('scene: cannot read ' + file + ': ' + sys.error());
  }
  return src;
}

// Runs `file` (the verbatim fragment) as global code.
exports.run = function run(file) {
  return (0, eval)(read(file));
};

// Runs `file` with `from` replaced once by `to`: for a fragment that cannot run as
// printed (docs/examples.md names the change). Throws if `from` is not in the file, so
// a corrected documentation shows up as a failure here.
exports.runChanged = function runChanged(file, from, to) {
  var src = read(file);
  if (src.indexOf(from) < 0) {
    throw new Error('scene: ' + file + ' no longer contains ' + JSON.stringify(from));
  }
  return (0, eval)(src.replace(from, to));
};

// Prints one scene line: 'SCENE ' + the arguments, as console.log formats them.
exports.say = function say() {
  var args = Array.prototype.slice.call(arguments);
  console.log.apply(console, ['SCENE'].concat(args));
};

// Fails the run: prints why and exits with status 1.
exports.fail = function fail(why) {
  console.log('SCENE FAIL', why);
  require('process').exit(1);
};

// A client connected to the partner server at 192.168.0.3:3000 (which the harness starts
// first), for the fragments whose `tls` is a connection. It does not verify the server:
// what these fragments show is the connection, not the certificate.
exports.connect = function connect() {
  var tls = Tls.createClient({}, Tls.sockaddr('192.168.0.3', 3000), 20000);
  if (!tls) {
    exports.fail('connect to 192.168.0.3:3000: ' + sys.error());
  }
  exports.say('connected to 192.168.0.3:3000 from', tls.sockName().addr);
  return tls;
};

// A server on port 3000 of `addr` (default: every IPv4 address) with ./cert.pem, for the
// fragments whose `tls` is a server.
exports.listen = function listen(addr) {
  var tls = Tls.createServer({ cert: fs.readString('./cert.pem') },
    Tls.sockaddr(addr || Tls.INADDR_ANY, 3000));
  if (!tls) {
    exports.fail('createServer: ' + sys.error());
  }
  exports.say('listening on', tls.sockName().addr, tls.sockName().port);
  return tls;
};

// Accepts one client within 20 s, reads one message from it and answers 'echo: ' + the
// message, then closes it; prints the client's address and the local port it came to.
exports.serveOne = function serveOne(server) {
  var remote = {};
  var conn = server.accept(remote, 20000);
  if (!conn) {
    exports.fail('accept: ' + sys.error());
  }
  var buf = new Buffer(1024);
  var n = conn.recv(buf, 0, buf.length, 20000);
  if (n <= 0) {
    exports.fail('recv: ' + n + ' ' + sys.error());
  }
  conn.send('echo: ' + buf.slice(0, n).toString());
  exports.say('served', remote.addr, 'on port', conn.sockName().port, 'over', conn.getProtocol());
  conn.close();
};

// Waits `ms` milliseconds, running the loop (nothing is watched, so nothing runs).
exports.sleep = function sleep(ms) {
  var end = Date.now() + ms;
  while (Date.now() < end) {
    iosched.poll(end - Date.now());
  }
};

// Keeps the process (and its sockets) alive until the harness ends it, after its checks.
exports.hold = function hold() {
  exports.say('holding');
  while (true) {
    iosched.poll(1000);
  }
};

// JSRE prints objects as [object Object] unless console.inspectEnable is set; the
// fragments print sockaddr objects, so the scene turns it on to make them readable.
console.inspectEnable = true;

// Globals most fragments need: the module objects the documentation imports at its top
// (`var Tls = require('tls')`, `var fs = require('fs')`).
globalThis.Tls = require('tls');
globalThis.fs = fs;
