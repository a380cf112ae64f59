"""A TCP proxy on 127.0.0.1 that counts what crosses the socket and can add latency: the officer's slow
link, measured from outside the client (headers, gzip and all)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field

from benchmarks.loopback_server import LoopbackServer

REQUEST_LINE = re.compile(rb"(?:^|\r\n\r\n)(GET|POST|PUT|DELETE|PATCH) /")


@dataclass
class TlsRecords:
    """Reads the TLS record headers of one direction of a connection, across the chunks it arrives in (without
    TLS, what it counts is meaningless and unused)."""

    _pending: bytes = b""

    def feed(self, chunk: bytes) -> int:
        """How many application-data records ``chunk`` completes."""
        data, at, complete = self._pending + chunk, 0, 0
        while len(data) - at >= 5:
            length = int.from_bytes(data[at + 3:at + 5], "big")
            if len(data) - at < 5 + length:
                break
            complete += data[at] == APPLICATION_DATA
            at += 5 + length
        self._pending = data[at:]
        return complete


APPLICATION_DATA = 23
"""The record type of everything a TLS 1.3 connection carries once the handshake is done."""


@dataclass
class Traffic:
    sent: int = 0
    """Bytes from the workstation to the central."""
    received: int = 0
    requests: int = 0
    connections: int = 0
    records_sent: int = 0
    """TLS application-data records from the workstation (over TLS only)."""
    records_received: int = 0
    paths: list[str] = field(default_factory=list)
    exchanges: list[tuple[float, float]] = field(default_factory=list)
    """(request arrived at the proxy, last byte of its response sent on), on ``time.perf_counter``: the
    round trips as the link sees them, without the client's own waiting."""

    def on_the_wire(self, start: float, end: float) -> float:
        """Seconds between ``start`` and ``end`` during which a request was out on the link."""
        spans = sorted((max(a, start), min(b, end)) for a, b in self.exchanges if b > start and a < end)
        total, reached = 0.0, start
        for a, b in spans:
            if b > reached:
                total += b - max(a, reached)
                reached = b
        return total

    def snapshot(self) -> tuple[int, int, int]:
        return self.sent, self.received, self.requests


class LatencyProxy(LoopbackServer):
    """Forwards ``127.0.0.1:<port>`` to ``target``; each request from the client waits ``latency`` seconds."""

    def __init__(self, target_host: str, target_port: int, latency: float = 0.0) -> None:
        super().__init__()
        self.target = (target_host, target_port)
        self.latency = latency
        self.traffic = Traffic()

    async def _forward(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.traffic.connections += 1
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        arrived: list[float] = []
        mine: list[int] = []
        sent_records, received_records = TlsRecords(), TlsRecords()

        async def upstream() -> None:
            while chunk := await client_reader.read(65536):
                arrived.append(time.perf_counter())
                if self.latency and len(arrived) == 1:  # once per request, not per chunk of it
                    await asyncio.sleep(self.latency)
                self.traffic.sent += len(chunk)
                self.traffic.records_sent += sent_records.feed(chunk)
                for match in REQUEST_LINE.finditer(chunk):
                    self.traffic.requests += 1
                    end = chunk.find(b" HTTP/", match.start(1))
                    self.traffic.paths.append(chunk[match.start(1):end].decode("latin-1"))
                upstream_writer.write(chunk)
                await upstream_writer.drain()
            upstream_writer.close()

        async def downstream() -> None:
            while chunk := await upstream_reader.read(65536):
                self.traffic.received += len(chunk)
                self.traffic.records_received += received_records.feed(chunk)
                client_writer.write(chunk)
                await client_writer.drain()
                now = time.perf_counter()
                if arrived:  # the first chunk of a response: a new exchange
                    mine.append(len(self.traffic.exchanges))
                    self.traffic.exchanges.append((arrived[0], now))
                    arrived.clear()
                elif mine:  # a further chunk of the same response: its exchange ends later
                    start, _ = self.traffic.exchanges[mine[-1]]
                    self.traffic.exchanges[mine[-1]] = (start, now)
            client_writer.close()

        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            await asyncio.gather(upstream(), downstream())
