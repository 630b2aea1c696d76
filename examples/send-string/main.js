var num = tls.send('Hello Packet!');
if (num < 0) {
  console.log('send error:', sys.error());
}
