"""An HTTP-aware proxy on 127.0.0.1 that breaks the link to the central in chosen ways.

It runs its own asyncio loop on a background thread, so it keeps serving while the test's loop waits on the
client. Each request from the workstation gets the fault in force when its headers arrive (or one drawn by
:attr:`FaultProxy.pick`); every request goes to the central on a connection of its own, and what the central
answered is logged, so a test can tell "the central never saw it" from "the central committed and the answer
was lost".
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit


class Fault(StrEnum):
    NONE = "none"
    """Forward the request and the answer as they are."""
    REFUSED = "refused"
    """The proxy stops listening: connections are refused, open ones are reset."""
    DOWN = "down"
    """Accept, then reset the connection at once: nothing reaches the central."""
    SLOW = "slow"
    """Hold the request ``delay`` seconds before forwarding it; the central then commits and its answer goes
    back, to a client that may have given up by then."""
    CUT_REQUEST = "cut_request"
    """Forward the headers and half the body, then cut both connections: the central sees an incomplete
    request and commits nothing."""
    CUT = "cut"
    """Forward; the central commits and answers; cut the client before a byte of the answer reaches it."""
    CUT_BODY = "cut_body"
    """Forward; deliver the answer's headers and half its body, then cut the client."""
    UNAVAILABLE = "unavailable"
    """Answer ``503`` in the central's error format without forwarding."""
    BAD_GATEWAY = "bad_gateway"
    """Forward; the central commits; replace its answer with a ``502`` HTML page, as a gateway would."""
    LATE = "late"
    """Forward; the central commits at once; deliver its answer ``delay`` seconds later."""
    GARBLED = "garbled"
    """Forward; the central commits; deliver its answer gzip-encoded with the compressed bytes mangled, as a
    broken middlebox would."""


UNAVAILABLE_BODY = json.dumps({"error": {
    "code": "unavailable", "message": "The central is unavailable; try again later.",
    "detail": "fault proxy", "permanent": False,
}}).encode()
BAD_GATEWAY_BODY = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass(frozen=True)
class Exchange:
    """One request through the proxy, once it is over."""

    method: str
    path: str
    fault: Fault
    central_status: int | None
    """What the central answered; ``None`` when it was not asked or did not answer."""


@dataclass
class _Message:
    head: bytes
    body: bytes

    @property
    def first_line(self) -> str:
        return self.head.split(b"\r\n", 1)[0].decode("latin-1")


class FaultProxy:
    """Forwards ``http://127.0.0.1:<port>`` to ``target_url``, with the fault set by :meth:`set` (thread-safe).

    ``pick``, when set, draws the fault for each request instead (it runs on the proxy's thread).
    """

    def __init__(self, target_url: str, *, delay: float = 2.0) -> None:
        target = urlsplit(target_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 80)
        self.delay = delay
        self.pick: Callable[[], Fault] | None = None
        self.exchanges: list[Exchange] = []
        self.port = 0
        self._fault = Fault.NONE
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._in_flight = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def fault(self) -> Fault:
        return self._fault

    def start(self) -> str:
        self._thread.start()
        self._call(self._listen())
        return self.url

    def stop(self) -> None:
        """Stop listening, cancel every connection (held requests included) and end the thread."""
        if not self._thread.is_alive():
            return
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def set(self, fault: Fault) -> None:
        """Apply ``fault`` to every request from now on; :attr:`Fault.NONE` heals the link."""
        self._call(self._set(fault))

    def settled(self) -> bool:
        """No request is being handled: nothing held, nothing on its way to the central."""
        return self._in_flight == 0

    async def wait_settled(self, timeout: float = 10.0) -> None:
        """Wait (on the caller's loop) until every request through the proxy is over, held ones included."""
        deadline = time.monotonic() + timeout
        while not self.settled():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the fault proxy still handles {self._in_flight} request(s)")
            await asyncio.sleep(0.02)

    # --- on the proxy's loop -------------------------------------------------------------------------------

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _unlisten(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()

    async def _set(self, fault: Fault) -> None:
        if fault is Fault.REFUSED and self._fault is not Fault.REFUSED:
            await self._unlisten()
        elif fault is not Fault.REFUSED and self._fault is Fault.REFUSED:
            await self._listen()
        if fault is Fault.DOWN:
            for writer in list(self._writers):
                writer.transport.abort()
        self._fault = fault

    async def _shutdown(self) -> None:
        await self._unlisten()
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._writers.add(writer)
        try:
            if self.pick is None and self._fault is Fault.DOWN:
                writer.transport.abort()
                return
            # A cancelled connection (the proxy stopping) ends quietly: asyncio would log it as an error.
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                                     asyncio.CancelledError):
                while not writer.is_closing():
                    head = await reader.readuntil(b"\r\n\r\n")
                    self._in_flight += 1
                    try:
                        await self._exchange(head, reader, writer)
                    finally:
                        self._in_flight -= 1
        finally:
            self._connections.discard(task)
            self._writers.discard(writer)
            writer.close()

    async def _exchange(self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        fault = self.pick() if self.pick is not None else self._fault
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        method, path = request_line[0], request_line[1] if len(request_line) > 1 else ""
        status: int | None = None
        try:
            if fault in (Fault.DOWN, Fault.REFUSED):
                writer.transport.abort()
                return
            body = await reader.readexactly(_content_length(head))
            if fault is Fault.UNAVAILABLE:
                await _answer(writer, 503, "Service Unavailable", "application/json", UNAVAILABLE_BODY)
                return
            if fault is Fault.CUT_REQUEST:
                await self._send_part(head, body)
                writer.transport.abort()
                return
            if fault is Fault.SLOW:
                await asyncio.sleep(self.delay)
            answer = await self._forward(_Message(head, body))
            status = int(answer.first_line.split(" ")[1])
            if fault is Fault.CUT:
                writer.transport.abort()
            elif fault is Fault.CUT_BODY:
                writer.write(answer.head + answer.body[: len(answer.body) // 2])
                await writer.drain()
                writer.transport.abort()
            elif fault is Fault.BAD_GATEWAY:
                await _answer(writer, 502, "Bad Gateway", "text/html", BAD_GATEWAY_BODY)
            elif fault is Fault.GARBLED:
                garbled = _garbled(answer)
                writer.write(garbled.head + garbled.body)
                await writer.drain()
            else:
                if fault is Fault.LATE:
                    await asyncio.sleep(self.delay)
                writer.write(answer.head + answer.body)
                await writer.drain()
        finally:
            self.exchanges.append(Exchange(method, path, fault, status))

    async def _forward(self, request: _Message) -> _Message:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        try:
            upstream_writer.write(request.head + request.body)
            await upstream_writer.drain()
            head = await upstream_reader.readuntil(b"\r\n\r\n")
            if b"transfer-encoding: chunked" in head.lower():
                body = await _read_chunked(upstream_reader)
            else:
                body = await upstream_reader.readexactly(_content_length(head))
            return _Message(head, body)
        finally:
            upstream_writer.transport.abort()

    async def _send_part(self, head: bytes, body: bytes) -> None:
        _, upstream_writer = await asyncio.open_connection(*self.target)
        upstream_writer.write(head + body[: len(body) // 2])
        await upstream_writer.drain()
        await asyncio.sleep(0.05)  # let the central start reading before the cut
        upstream_writer.transport.abort()


def _garbled(answer: _Message) -> _Message:
    """``answer`` gzip-encoded, its compressed bytes flipped past the gzip header."""
    lines = answer.head.rstrip(b"\r\n").split(b"\r\n")
    encoded = any(line.lower().startswith(b"content-encoding: gzip") for line in lines)
    body = bytearray(answer.body if encoded else gzip.compress(answer.body))
    for i in range(10, len(body) - 8):
        body[i] ^= 0x5A
    kept = [line for line in lines if not line.lower().startswith((b"content-length:", b"content-encoding:"))]
    head = b"\r\n".join([*kept, b"Content-Encoding: gzip", b"Content-Length: %d" % len(body)]) + b"\r\n\r\n"
    return _Message(head, bytes(body))


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    """The raw chunked body, framing included, so that it can be relayed as it came."""
    raw = b""
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        raw += size_line
        if not size:
            return raw + await reader.readuntil(b"\r\n")  # no trailers from the central: the closing blank line
        raw += await reader.readexactly(size + 2)


async def _answer(writer: asyncio.StreamWriter, status: int, reason: str, content_type: str, body: bytes) -> None:
    """The proxy's own answer; the connection closes after it."""
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    writer.write(head + body)
    await writer.drain()
    writer.close()
