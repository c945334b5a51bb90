#!/usr/bin/env python3
"""Heads in flight against a file server on 127.0.0.1: does it survive many large request heads at once?

  big-heads.py PORT N SIZE HOLD
      opens N connections, each sending a request line and one header field of SIZE bytes and then nothing
      (the head never ends), holds them for HOLD seconds while asking GET /readiness-probe every 0.2 s, closes
      them, and asks once more a second later. Prints "n=N size=SIZE probes ok=.. failed=.. after: answers"
      or "after: DEAD: ..." when the server no longer answers.

Every socket is to 127.0.0.1 and every wait is bounded (5 s per connect, 2 s per probe, HOLD).
"""
import socket
import sys
import time
import urllib.request


def probe(port):
    urllib.request.urlopen("http://127.0.0.1:%d/readiness-probe" % port, timeout=2).read()


def main(argv):
    port, n, size, hold = int(argv[1]), int(argv[2]), int(argv[3]), float(argv[4])
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /readiness-probe HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size)
        socks.append(s)
    ok = failed = 0
    end = time.monotonic() + hold
    while time.monotonic() < end:
        try:
            probe(port)
            ok += 1
        except OSError:
            failed += 1
        time.sleep(0.2)
    for s in socks:
        s.close()
    time.sleep(1)
    try:
        probe(port)
        after = "answers"
    except OSError as e:
        after = "DEAD: %r" % e
    print("n=%d size=%d probes ok=%d failed=%d after: %s" % (n, size, ok, failed, after))


if __name__ == "__main__":
    main(sys.argv)
