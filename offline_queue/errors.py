"""Why the offline queue cannot be used, in words an officer can act on."""

from __future__ import annotations


class QueueUnavailable(Exception):
    """The queue file cannot be opened safely: damaged, in use by another workstation, or not writable.

    The workstation refuses to start rather than start with an empty queue and lose what is waiting.
    """

    def __init__(self, problem: str, what_to_do: str) -> None:
        super().__init__(f"{problem} {what_to_do}")
        self.problem = problem
        self.what_to_do = what_to_do
