#!/usr/bin/env python3
"""Hostile and slow clients against a file server on 127.0.0.1, for bench/sidecar.sh's "hostile" measure.

  hostile-clients.py load PORT SECS --slowloris N --slow-downloads N --download PATH --rate BYTES --idle N
      holds, for SECS seconds: N connections trickling a request one byte a second; N downloads of PATH read
      at BYTES per second each; N connections that send nothing. Whatever the server closes is opened again
      (as a hostile client would). Prints one line: "load opened=... reopened=... refused=...".
  hostile-clients.py measure PORT SECS READPATH
      a second client: for SECS seconds, one request at a time on a fresh connection, alternately
      GET /readiness-probe and GET /files/read.json?path=READPATH&offset=0&length=4096, each bounded by 5 s.
      Prints "probe_p50 probe_p99 read_p50 read_p99 failures requests" (ms; a failure counts as 5000 ms).

Every socket is to 127.0.0.1 and every wait is bounded (SECS, and 5 s per measured request).
"""
import asyncio
import resource
import socket
import sys
import time
import urllib.parse

HOST = "127.0.0.1"
TIMEOUT = 5.0


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


class Load:
    def __init__(self, port, deadline):
        self.port = port
        self.deadline = deadline
        self.opened = 0
        self.reopened = 0
        self.refused = 0

    async def connect(self, rcvbuf=None):
        loop = asyncio.get_running_loop()
        while time.monotonic() < self.deadline:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if rcvbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            sock.setblocking(False)
            try:
                await asyncio.wait_for(loop.sock_connect(sock, (HOST, self.port)), TIMEOUT)
                self.opened += 1
                return sock
            except (OSError, asyncio.TimeoutError):
                sock.close()
                self.refused += 1
                await asyncio.sleep(0.5)
        return None

    async def until_closed(self, sock, seconds):
        """Waits up to `seconds` for the server to close `sock` (or send something); True if it closed."""
        loop = asyncio.get_running_loop()
        try:
            data = await asyncio.wait_for(loop.sock_recv(sock, 65536), seconds)
            return not data
        except asyncio.TimeoutError:
            return False
        except OSError:
            return True

    async def reconnecting(self, body, rcvbuf=None):
        """Runs body(sock) on a connection, and on a new one whenever it ends, until the deadline."""
        first = True
        while time.monotonic() < self.deadline:
            sock = await self.connect(rcvbuf=rcvbuf)
            if sock is None:
                return
            if not first:
                self.reopened += 1
            first = False
            try:
                await body(sock)
            except (OSError, asyncio.TimeoutError):
                pass
            finally:
                sock.close()

    async def slowloris(self):
        request = b"GET /readiness-probe HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4096 + b"\r\n\r\n"
        loop = asyncio.get_running_loop()

        async def trickle(sock):
            for i in range(len(request)):
                await loop.sock_sendall(sock, request[i:i + 1])
                left = self.deadline - time.monotonic()
                if left <= 0 or await self.until_closed(sock, min(1.0, left)):
                    break

        await self.reconnecting(trickle)

    async def slow_download(self, path, rate):
        target = "/files/download?path=" + urllib.parse.quote(path, safe="")
        request = ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode("ascii")
        loop = asyncio.get_running_loop()

        async def read_slowly(sock):
            await loop.sock_sendall(sock, request)
            while time.monotonic() < self.deadline:
                started = time.monotonic()
                # bounded by the load's end: a server that stopped sending must not hold the load past it
                data = await asyncio.wait_for(loop.sock_recv(sock, rate), max(0.1, self.deadline - started))
                if not data:
                    break
                await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - started)))

        # a slow link's window, not loopback's 64 KiB segments
        await self.reconnecting(read_slowly, rcvbuf=16384)

    async def idle(self):
        async def stay(sock):
            await self.until_closed(sock, max(0.0, self.deadline - time.monotonic()))

        await self.reconnecting(stay)


async def load(port, secs, slowloris, downloads, path, rate, idle):
    state = Load(port, time.monotonic() + secs)
    tasks = []
    for _ in range(idle):
        tasks.append(asyncio.create_task(state.idle()))
        if len(tasks) % 100 == 0:
            await asyncio.sleep(0.05)  # connect in batches: the listen backlog is finite
    tasks += [asyncio.create_task(state.slowloris()) for _ in range(slowloris)]
    tasks += [asyncio.create_task(state.slow_download(path, rate)) for _ in range(downloads)]
    await asyncio.gather(*tasks)
    print("load opened=%d reopened=%d refused=%d" % (state.opened, state.reopened, state.refused))


def one_request(port, target):
    started = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=TIMEOUT) as sock:
            sock.settimeout(TIMEOUT)
            sock.sendall(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                         .encode("ascii"))
            answer = b""
            while time.monotonic() - started < TIMEOUT:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
            if not answer.startswith(b"HTTP/1.1 200") and not answer.startswith(b"HTTP/1.0 200"):
                return None
    except OSError:
        return None
    elapsed = time.monotonic() - started
    return elapsed * 1000.0 if elapsed < TIMEOUT else None


def measure(port, secs, read_path):
    read = "/files/read.json?path=" + urllib.parse.quote(read_path, safe="") + "&offset=0&length=4096"
    probes, reads, failures, requests = [], [], 0, 0
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        for target, into in (("/readiness-probe", probes), (read, reads)):
            ms = one_request(port, target)
            requests += 1
            if ms is None:
                failures += 1
                ms = TIMEOUT * 1000.0
            into.append(ms)
        time.sleep(0.02)
    print("%.1f %.1f %.1f %.1f %d %d" % (percentile(probes, 50), percentile(probes, 99),
                                         percentile(reads, 50), percentile(reads, 99), failures, requests))


def main(argv):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # over a thousand sockets
    mode, port, secs = argv[1], int(argv[2]), float(argv[3])
    if mode == "measure":
        measure(port, secs, argv[4])
        return
    opts = dict(zip(argv[4::2], argv[5::2]))
    asyncio.run(load(port, secs, int(opts.get("--slowloris", 64)), int(opts.get("--slow-downloads", 64)),
                     opts["--download"], int(opts.get("--rate", 1024)), int(opts.get("--idle", 1000))))


if __name__ == "__main__":
    main(sys.argv)
