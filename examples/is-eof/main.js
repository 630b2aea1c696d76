var num = tls.recv(...);
if (num < 0) {
  if (tls.isEOF()) {
    console.log('receives complete data');
  }
}
