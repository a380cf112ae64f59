"""Who wants to hear of a change of the desk's state (the link, a queued commit settled): a list of callbacks,
each registered by an owner that takes it back when it goes away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Listeners(Generic[T]):
    """Callbacks, one per owner, called in the order they subscribed, on the thread that publishes."""

    def __init__(self) -> None:
        self._callbacks: dict[int, tuple[object, Callable[[T], None]]] = {}

    def subscribe(self, owner: object, callback: Callable[[T], None]) -> None:
        self._callbacks[id(owner)] = (owner, callback)

    def unsubscribe(self, owner: object) -> None:
        self._callbacks.pop(id(owner), None)

    def publish(self, value: T) -> None:
        for _owner, callback in list(self._callbacks.values()):
            callback(value)
