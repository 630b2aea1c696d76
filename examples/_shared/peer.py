#!/usr/bin/env python3
"""The partner of a documentation example: a TLS client or server (Python's ssl module,
OpenSSL underneath) that the harness runs in the other network namespace.

    peer.py client HOST PORT [options] ACTION...
    peer.py server HOST PORT [options] ACTION...

options:
  --ca FILE      client: verify the server's certificate against FILE (and its name when
                 --name is given); CONNECTED then shows the certificate's CN
  --name NAME    client: the SNI name, also the name verified when --ca is given
  --cert FILE    server: certificate followed by its key
  --count N      server: serve N connections one after the other (default 1)
  --no-retry     client: a refused connection prints REFUSED and ends (default: retry
                 until the server listens, for up to 20 s)
  --sniff        server: also watch the client's TCP segments through a raw socket and,
                 after the actions, print PACKET ttl=T flags=F payload=N for each one
                 (IP TTL, TCP flags as letters S A P F R, TCP payload length)

actions, run in order on each connection:
  send:TEXT      send TEXT (UTF-8)
  sendhex:HEX    send these bytes
  recv           read once, print RECV <bytes as hex> <text>
  recvall        read until the other side ends, print RECV ... for all of it, then
                 EOF (close_notify or FIN) or RESET
  sleep:SECONDS  wait
  close          send close_notify and close
  reset          close with SO_LINGER {on, 0}: the kernel sends RST
  hold           keep the connection open until the harness ends this process

Every line printed is one event; the harness reads them. Every wait is bounded (20 s).
"""
import socket
import ssl
import struct
import sys
import time

STEP = 20.0


def out(*words):
    print(*words, flush=True)


def hexdump(data):
    return data.hex() + " " + data.decode("utf-8", "replace")


def run_actions(conn, actions):
    conn.settimeout(STEP)
    for action in actions:
        verb, _, arg = action.partition(":")
        if verb == "send":
            conn.sendall(arg.encode())
            out("SENT", len(arg.encode()))
        elif verb == "sendhex":
            conn.sendall(bytes.fromhex(arg))
            out("SENT", len(bytes.fromhex(arg)))
        elif verb == "recv":
            out("RECV", hexdump(conn.recv(65536)))
        elif verb == "recvall":
            data = b""
            try:
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                end = "EOF"
            except (ConnectionResetError, ssl.SSLEOFError, ssl.SSLZeroReturnError) as e:
                end = "RESET " + type(e).__name__
            out("RECV", hexdump(data))
            out(end)
        elif verb == "sleep":
            time.sleep(float(arg))
        elif verb == "close":
            try:
                conn = conn.unwrap()
            except (OSError, ssl.SSLError):
                pass
            conn.close()
            out("CLOSED")
            return
        elif verb == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            out("RESET-SENT")
            return
        elif verb == "hold":
            out("HOLDING")
            time.sleep(3600)
        else:
            raise SystemExit("peer.py: unknown action " + action)
    conn.close()


def client(host, port, opts, actions):
    if opts.get("ca"):
        ctx = ssl.create_default_context(cafile=opts["ca"])
        # Without --name no SNI is sent: verify the chain only.
        ctx.check_hostname = bool(opts.get("name"))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + STEP
    while True:
        try:
            raw = socket.create_connection((host, port), timeout=STEP)
            break
        except ConnectionRefusedError:
            if opts.get("no-retry") or time.monotonic() > deadline:
                out("REFUSED")
                return
            time.sleep(0.1)
    try:
        conn = ctx.wrap_socket(raw, server_hostname=opts.get("name"))
    except (ssl.SSLError, OSError) as e:
        out("HANDSHAKE-FAILED", type(e).__name__, e)
        return
    cert = conn.getpeercert() or {}
    subject = dict(x[0] for x in cert.get("subject", ()))
    out("CONNECTED", conn.version(), conn.getsockname()[0], conn.getsockname()[1],
        "verified" if opts.get("ca") else "unverified", subject.get("commonName", "-"))
    run_actions(conn, actions)


def sniffed(raw, peer):
    """The TCP segments from `peer` (ip, port) that the raw socket has seen."""
    time.sleep(0.3)
    raw.setblocking(False)
    lines = []
    while True:
        try:
            b = raw.recv(65536)
        except BlockingIOError:
            return lines
        ihl = (b[0] & 0x0F) * 4
        src = socket.inet_ntoa(b[12:16])
        sport = struct.unpack("!H", b[ihl:ihl + 2])[0]
        if (src, sport) != peer:
            continue
        total = struct.unpack("!H", b[2:4])[0]
        thl = (b[ihl + 12] >> 4) * 4
        bits = b[ihl + 13]
        flags = "".join(c for c, m in zip("SAPFR", (2, 16, 8, 1, 4)) if bits & m)
        lines.append("PACKET ttl=%d flags=%s payload=%d" % (b[8], flags, total - ihl - thl))


def server(host, port, opts, actions):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts["cert"])
    sniffer = None
    if opts.get("sniff"):
        sniffer = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((host, port))
    lsock.listen(8)
    lsock.settimeout(STEP)
    out("LISTENING", host, port)
    for _ in range(int(opts.get("count", 1))):
        raw, addr = lsock.accept()
        raw.settimeout(STEP)
        try:
            conn = ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            out("HANDSHAKE-FAILED", type(e).__name__, e)
        else:
            out("ACCEPTED", addr[0], addr[1], conn.version())
            run_actions(conn, actions)
        if sniffer is not None:
            for line in sniffed(sniffer, addr):
                out(line)


def main(argv):
    mode, host, port = argv[0], argv[1], int(argv[2])
    opts, actions, rest = {}, [], argv[3:]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in ("--no-retry", "--sniff"):
            opts[a[2:]] = True
        elif a.startswith("--"):
            opts[a[2:]] = rest[i + 1]
            i += 1
        else:
            actions.append(a)
        i += 1
    if mode == "client":
        client(host, port, opts, actions)
    elif mode == "server":
        server(host, port, opts, actions)
    else:
        raise SystemExit("peer.py: mode must be client or server")


if __name__ == "__main__":
    main(sys.argv[1:])
