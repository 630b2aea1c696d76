var errno = tls.error();
if (errno) {
  console.log('socket error:', sys.error(errno));
}
