tls.setIPv6Only(false);
