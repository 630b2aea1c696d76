var buf = new Buffer(1024);

var num = tls.recv(buf);
if (num < 0) {
  console.log('recv error:', sys.error());
}
