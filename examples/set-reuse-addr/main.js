tls.setReuseAddr(true);
