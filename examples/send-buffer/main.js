var buf = new Buffer([1, 2, 3]);

var num = tls.send(buf);
if (num < 0) {
  console.log('send error:', sys.error());
}
