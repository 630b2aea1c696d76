tls.setTTL(64);
