tls.setNoDelay(true);
