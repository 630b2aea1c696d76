var state = tls.getState();
