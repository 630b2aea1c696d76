tls.setKeepAlive(true, 6000);
