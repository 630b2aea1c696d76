#!/usr/bin/env python3
"""Python `ssl` peers for tests/tls_peers.rs.

client      connect, send one line, print `VERSION v` and `ECHO line`, close cleanly.
big-client  send --size random bytes while reading the echo; print `BIG OK n sha256`.
server      listen on 127.0.0.1:0, print `PORT n`, serve connections one at a time:
            --mode echo  echo every byte until the peer closes;
            --mode sink  read --size bytes, check them against --expect FILE, print
                         `RECEIVED OK n`, send them back, then wait for the peer to close.
Failures print `ERROR ...` and exit 1. Every blocking call has a timeout.
"""
import argparse
import hashlib
import os
import select
import socket
import ssl
import sys
import time

TIMEOUT = 30.0


def say(*parts):
    print(*parts, flush=True)


def version_of(text):
    return {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[text]


def client_context(a):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(a.ca)
    ctx.minimum_version = ctx.maximum_version = version_of(a.tls)
    if a.cert:
        ctx.load_cert_chain(a.cert, a.key)
    return ctx


def connect(a):
    raw = socket.create_connection((a.host, a.port), timeout=TIMEOUT)
    return client_context(a).wrap_socket(raw, server_hostname=a.name)


def run_client(a):
    with connect(a) as s:
        say("VERSION", s.version())
        s.sendall((a.send + "\n").encode())
        got = b""
        while not got.endswith(b"\n"):
            chunk = s.recv(4096)
            if not chunk:
                raise RuntimeError("connection closed before the echo, got %r" % got)
            got += chunk
        say("ECHO", got.decode().rstrip("\n"))
        s.unwrap()  # close_notify both ways


def run_big_client(a):
    data = os.urandom(a.size)
    want = hashlib.sha256(data).hexdigest()
    got = hashlib.sha256()
    with connect(a) as s:
        say("VERSION", s.version())
        s.setblocking(False)
        sent = received = 0
        deadline = time.monotonic() + 50
        while received < a.size:
            if time.monotonic() > deadline:
                raise RuntimeError("timed out: sent %d, received %d" % (sent, received))
            if s.pending() == 0:
                w = [s] if sent < a.size else []
                select.select([s], w, [], 1.0)
            if sent < a.size:
                try:
                    sent += s.send(data[sent:sent + 65536])
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    pass
            try:
                while received < a.size:
                    chunk = s.recv(65536)
                    if not chunk:
                        raise RuntimeError("closed after %d of %d bytes" % (received, a.size))
                    got.update(chunk)
                    received += len(chunk)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                pass
        s.setblocking(True)
        s.settimeout(TIMEOUT)
        if got.hexdigest() != want:
            raise RuntimeError("echo differs: sha256 %s, sent %s" % (got.hexdigest(), want))
        say("BIG OK", received, want)
        s.unwrap()


def recv_exact(s, n):
    parts, have = [], 0
    while have < n:
        chunk = s.recv(min(1 << 20, n - have))
        if not chunk:
            raise RuntimeError("closed after %d of %d bytes" % (have, n))
        parts.append(chunk)
        have += len(chunk)
    return b"".join(parts)


def serve_one(conn, a):
    say("SESSION", conn.version())
    if a.mode == "echo":
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            conn.sendall(chunk)
    else:
        data = recv_exact(conn, a.size)
        with open(a.expect, "rb") as f:
            if data != f.read():
                raise RuntimeError("received bytes differ from %s" % a.expect)
        say("RECEIVED OK", len(data))
        conn.sendall(data)
        if conn.recv(1) != b"":
            raise RuntimeError("unexpected bytes after the payload")
    say("CLOSED eof")


def run_server(a):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    ctx.minimum_version = ctx.maximum_version = version_of(a.tls)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    say("PORT", listener.getsockname()[1])
    while True:
        raw, _ = listener.accept()
        raw.settimeout(TIMEOUT)
        try:
            with ctx.wrap_socket(raw, server_side=True) as conn:
                serve_one(conn, a)
        except (OSError, ssl.SSLError, RuntimeError) as e:
            say("CONN_ERROR", repr(e))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["client", "big-client", "server"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int)
    p.add_argument("--tls", default="1.3")
    p.add_argument("--ca")
    p.add_argument("--name", default="localhost")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--send", default="hello from python")
    p.add_argument("--size", type=int, default=16 << 20)
    p.add_argument("--mode", default="echo")
    p.add_argument("--expect")
    a = p.parse_args()
    try:
        {"client": run_client, "big-client": run_big_client, "server": run_server}[a.command](a)
    except Exception as e:  # report every failure the same way
        say("ERROR", repr(e))
        sys.exit(1)


if __name__ == "__main__":
    main()
