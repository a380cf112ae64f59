"""A TCP proxy on 127.0.0.1 that behaves like a slow border-post link: a round-trip time and a bandwidth in
each direction, and counts what crosses it (headers, gzip and all).

Each direction is a pipe of its own: bytes are serialised at ``bandwidth`` bit/s (the link is busy while a
packet goes out, so a long body takes ``len * 8 / bandwidth`` seconds), then each packet arrives ``rtt / 2``
later. Packets follow each other on the link as on a real one (a long response does not pay the delay once
per packet). A new connection waits one round trip before its first byte moves: TCP's handshake.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from benchmarks.loopback_proxy import REQUEST_LINE
from benchmarks.loopback_server import LoopbackServer

MTU = 1460
"""Bytes per packet on the link: pacing goes packet by packet, not by whole reads."""


@dataclass
class LinkTraffic:
    sent: int = 0
    """Bytes from the workstation to the central."""
    received: int = 0
    """Bytes from the central to the workstation."""
    requests: int = 0
    connections: int = 0
    central_seconds: float = 0.0
    """Time between a request's last byte reaching the central and its answer's first byte leaving it."""

    def snapshot(self) -> tuple[int, int, int, int, float]:
        return self.sent, self.received, self.requests, self.connections, self.central_seconds


class ShapedLink(LoopbackServer):
    """Forwards ``127.0.0.1:<port>`` to ``target`` through a link of ``rtt`` seconds and ``bandwidth`` bit/s
    each way."""

    def __init__(self, target_host: str, target_port: int, *, rtt: float, bandwidth: float) -> None:
        super().__init__()
        self.target = (target_host, target_port)
        self.rtt = rtt
        self.bandwidth = bandwidth
        self.traffic = LinkTraffic()

    async def _forward(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.traffic.connections += 1
        await asyncio.sleep(self.rtt)  # SYN, SYN-ACK: nothing moves before
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        exchange = _Exchange()
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            await asyncio.gather(
                self._direction(client_reader, upstream_writer, exchange, upstream=True),
                self._direction(upstream_reader, client_writer, exchange, upstream=False),
            )

    async def _direction(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, exchange: _Exchange, *, upstream: bool
    ) -> None:
        """One direction of the link: serialise at the bandwidth, deliver half a round trip later."""
        loop = asyncio.get_running_loop()
        in_flight: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        one_way = self.rtt / 2

        async def transmit() -> None:
            link_free_at = loop.time()
            while chunk := await reader.read(65536):
                if upstream:
                    self.traffic.sent += len(chunk)
                    self.traffic.requests += sum(1 for _ in REQUEST_LINE.finditer(chunk))
                else:
                    self.traffic.received += len(chunk)
                    if exchange.delivered_at is not None:  # the first byte of an answer
                        self.traffic.central_seconds += time.perf_counter() - exchange.delivered_at
                        exchange.delivered_at = None
                for start in range(0, len(chunk), MTU):
                    packet = chunk[start:start + MTU]
                    # Pace against the link's own clock, so that sleeping late once is not paid again.
                    link_free_at = max(link_free_at, loop.time()) + len(packet) * 8 / self.bandwidth
                    await asyncio.sleep(link_free_at - loop.time())
                    in_flight.put_nowait((link_free_at + one_way, packet))
            in_flight.put_nowait(None)

        async def deliver() -> None:
            while (entry := await in_flight.get()) is not None:
                arrives, packet = entry
                await asyncio.sleep(max(0.0, arrives - loop.time()))
                writer.write(packet)
                await writer.drain()
                if upstream:
                    exchange.delivered_at = time.perf_counter()
            writer.close()

        await asyncio.gather(transmit(), deliver())


@dataclass
class _Exchange:
    delivered_at: float | None = None
    """When the last delivered byte of the current request reached the central (``time.perf_counter``)."""
