#!/usr/bin/env python3
"""Probes a running trip-planner below the HTTP contract, as an attacker would: the figures of
issue 16's table. Start a release server first (for example `.build/release/trip-planner` with
`scripts/with-mongo`), then:

    scripts/bench/probe-connections.py --port 8080 --pid $(pgrep -n trip-planner)

It prints the server's descriptors after 100 junk-then-close clients, its resident memory with
1,000 uploads stopped just short of 1 MiB and after they close, the size and time of the 400 for
a 1 MiB body of distinct unknown keys, what a 10 GB Content-Length on a 413 lets a client send,
how fast a correct login stays while 50,000 failed logins of random usernames pour in, and how
long slow-header and idle connections live (these take the server's timeouts, so start
it with short ones, `--header-timeout 5 --idle-timeout 5`, or pass --skip-timeouts). Only the
standard library; raise `ulimit -n` above 1,100 for the upload probe. The machine's other load
shows in every figure: compare runs from one quiet machine only.
"""
import argparse
import asyncio
import base64
import os
import secrets
import statistics
import socket
import time

HOST = "127.0.0.1"


def descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def read_response(sock, timeout=10):
    """Status and body length of one response, or None."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, len(head) + 4 + length
    except (socket.timeout, ConnectionError):
        return None


def closed_within(sock, bound):
    """Seconds until the server ends the connection, or None after `bound`."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < bound:
        try:
            if not sock.recv(65536):
                return time.monotonic() - start
        except socket.timeout:
            continue
        except ConnectionError:
            return time.monotonic() - start
    return None


def junk_flood(port, pid):
    before = descriptors(pid)
    junk = b"x" * (1 << 20)
    statuses = {}
    for _ in range(100):
        with socket.create_connection((HOST, port)) as sock:
            sock.settimeout(5)
            try:
                sock.sendall(junk)
            except (socket.timeout, ConnectionError):
                pass
            response = read_response(sock)
            status = response[0] if response else None
            statuses[status] = statuses.get(status, 0) + 1
    after = [descriptors(pid)]
    for _ in range(5):
        time.sleep(1)
        after.append(descriptors(pid))
    print(f"junk flood: statuses {statuses}; descriptors before {before}, "
          f"right after {after[0]}, after 1-5 s {after[1:]}")


async def upload_flood(port, pid, count):
    before = rss_mib(pid)
    body = b" " * ((1 << 20) - 100)
    head = (f"POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            f"Content-Length: {1 << 20}\r\n\r\n").encode()
    writers = []

    async def upload():
        reader, writer = await asyncio.open_connection(HOST, port)
        writers.append(writer)
        writer.write(head + body)
        try:
            await asyncio.wait_for(writer.drain(), 20)
        except asyncio.TimeoutError:
            pass

    start = time.monotonic()
    await asyncio.gather(*(upload() for _ in range(count)), return_exceptions=True)
    await asyncio.sleep(2)
    during = rss_mib(pid)
    sent = time.monotonic() - start
    for writer in writers:
        writer.transport.abort()
    await asyncio.sleep(5)
    after = rss_mib(pid)
    print(f"upload flood: {count} uploads of 1 MiB less 100 bytes ({sent:.1f} s to send); "
          f"RSS before {before:.0f} MiB, while open {during:.0f} MiB, 5 s after they close {after:.0f} MiB")


def unknown_keys_request():
    parts, index, size = [], 0, 1
    while size < (1 << 20) - 20:
        part = f'"k{index}":0'
        parts.append(part)
        size += len(part) + 1
        index += 1
    body = ("{" + ",".join(parts) + "}").encode()
    head = (f"POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return index, head + body


def unknown_keys(port):
    keys, request = unknown_keys_request()
    with socket.create_connection((HOST, port)) as sock:
        start = time.monotonic()
        sock.sendall(request)
        response = read_response(sock, 30)
        elapsed = time.monotonic() - start
    print(f"unknown keys: {keys:,} keys in {len(request):,} bytes -> status {response and response[0]}, "
          f"{response and response[1]:,} bytes, {elapsed * 1000:.0f} ms")


async def unknown_keys_flood(port):
    """/health's latency while 100 such bodies are answered at once."""
    _, request = unknown_keys_request()

    async def post():
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(request)
        await writer.drain()
        await reader.read(1 << 16)
        writer.close()

    async def health():
        await asyncio.sleep(0.2)
        reader, writer = await asyncio.open_connection(HOST, port)
        start = time.monotonic()
        writer.write(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        await writer.drain()
        await reader.read(1 << 16)
        writer.close()
        return time.monotonic() - start

    results = await asyncio.gather(health(), *(post() for _ in range(100)), return_exceptions=True)
    print(f"unknown keys x100 at once: /health answered in {results[0] * 1000:.0f} ms")


def early_413(port):
    with socket.create_connection((HOST, port)) as sock:
        sock.sendall(b"POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 10000000000\r\n\r\n")
        response = read_response(sock)
        chunk = b" " * (1 << 20)
        sent = 0
        start = time.monotonic()
        sock.settimeout(5)
        try:
            while time.monotonic() - start < 15:
                sock.sendall(chunk)
                sent += len(chunk)
        except (socket.timeout, ConnectionError, BrokenPipeError):
            pass
        print(f"early 413: status {response and response[0]}; the client sent {sent / (1 << 20):.0f} MiB "
              f"before the server cut it off ({time.monotonic() - start:.1f} s)")


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


async def exchange(reader, writer, request):
    """Sends one request on a kept-alive connection; its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def login_flood(port, failures, connections=32):
    """Correct logins (GET /users with the right password) timed before and during a flood of
    failed logins, each for another random username: every failure is counted in the database."""
    username, password = "probe" + secrets.token_hex(6), "correct horse"
    body = f'{{"username": "{username}", "password": "{password}"}}'.encode()
    reader, writer = await asyncio.open_connection(HOST, port)
    status = await exchange(reader, writer, b"POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    assert status == 201, status
    correct = f"GET /users HTTP/1.1\r\nHost: a\r\nAuthorization: {basic(username, password)}\r\n\r\n".encode()

    writer.close()

    async def timed(count):
        # A connection of its own each time: the one before may have met the idle timeout.
        reader, writer = await asyncio.open_connection(HOST, port)
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            assert await exchange(reader, writer, correct) == 200
            samples.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.005)
        writer.close()
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]

    quiet = await timed(400)
    remaining = failures
    statuses = {}

    async def attacker():
        nonlocal remaining
        r, w = await asyncio.open_connection(HOST, port)
        while remaining > 0:
            remaining -= 1
            wrong = basic("x" + secrets.token_hex(8), "wrong password")
            code = await exchange(r, w, f"GET /users HTTP/1.1\r\nHost: a\r\nAuthorization: {wrong}\r\n\r\n".encode())
            statuses[code] = statuses.get(code, 0) + 1
        w.close()

    start = time.monotonic()
    flood = asyncio.gather(*(attacker() for _ in range(connections)))
    await asyncio.sleep(2)
    during = await timed(400)
    await flood
    elapsed = time.monotonic() - start
    after = await timed(400)
    print(f"login flood: {failures:,} failed logins of random usernames in {elapsed:.1f} s ({statuses}); "
          f"a correct login's median / p99: {quiet[0]:.2f} / {quiet[1]:.2f} ms before, "
          f"{during[0]:.2f} / {during[1]:.2f} ms during, {after[0]:.2f} / {after[1]:.2f} ms after")


def timeouts(port, bound):
    idle = socket.create_connection((HOST, port))
    slow = socket.create_connection((HOST, port))
    slow.sendall(b"GET /health HTTP/1.1\r\n")
    start = time.monotonic()
    slow_closed = None
    slow.settimeout(0.1)
    request = b"Host: a\r\nX-Slow: " + b"s" * 1000
    for byte in request:
        if time.monotonic() - start > bound:
            break
        try:
            slow.sendall(bytes([byte]))
            if slow.recv(65536) is not None:
                slow_closed = time.monotonic() - start
                break
        except socket.timeout:
            time.sleep(0.9)
        except ConnectionError:
            slow_closed = time.monotonic() - start
            break
    idle_closed = closed_within(idle, max(0.1, bound - (time.monotonic() - start)))
    idle_closed = idle_closed and time.monotonic() - start
    print(f"timeouts: a header trickled at 1 byte/s answered and closed after "
          f"{slow_closed and round(slow_closed, 1)} s; an idle connection closed after "
          f"{idle_closed and round(idle_closed, 1)} s (None: still open after {bound} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--timeout-bound", type=float, default=90)
    parser.add_argument("--failed-logins", type=int, default=50_000)
    parser.add_argument("--skip-timeouts", action="store_true")
    arguments = parser.parse_args()
    junk_flood(arguments.port, arguments.pid)
    asyncio.run(upload_flood(arguments.port, arguments.pid, arguments.uploads))
    unknown_keys(arguments.port)
    asyncio.run(unknown_keys_flood(arguments.port))
    early_413(arguments.port)
    asyncio.run(login_flood(arguments.port, arguments.failed_logins))
    if not arguments.skip_timeouts:
        timeouts(arguments.port, arguments.timeout_bound)


if __name__ == "__main__":
    main()
