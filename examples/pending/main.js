var num = tls.pending();
if (num > 0) {
  tls.recv(buf);
}
