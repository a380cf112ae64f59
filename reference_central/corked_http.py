"""HTTP/1.1 for the central with each answer written in one piece.

uvicorn writes an answer's head and its body separately. Over TLS each write is a record of its own, with about
22 bytes of framing, and on any link it may be a packet of its own. :class:`CorkedH11Protocol` gathers what one
turn of the event loop writes to a connection and hands it to the socket at the end of that turn: an answer's
head and body leave together, and nothing waits longer than the turn that wrote it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class CorkedTransport:
    """``transport`` with the writes of one event-loop turn joined into one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CorkedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, writing through a :class:`CorkedTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        super().connection_made(CorkedTransport(transport, self.loop))  # type: ignore[arg-type]
