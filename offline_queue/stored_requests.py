"""A queued commit as the queue file keeps it, read back under today's contract."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from central_contract.bounds import clean
from central_contract.models import CommitRequest


def stored_request(text: str) -> CommitRequest:
    """The commit kept as ``text``. One kept before the central bounded its values (docs/api.md, "Values") may hold
    text it now refuses, such as a tab or an escape pasted into a reference: each text refused is cleaned as the desk
    now cleans it before sending (kept on several lines where the field allows it), so that the queue opens and the
    commit goes, rather than being refused and left for a supervisor."""
    try:
        return CommitRequest.model_validate_json(text)
    except ValidationError as exc:
        refused = exc
    kept = json.loads(text)
    for lines in (True, False):
        for problem in refused.errors():
            _clean_at(kept, problem["loc"], lines=lines)
        try:
            return CommitRequest.model_validate(kept)
        except ValidationError as exc:
            refused = exc
    raise refused


def _clean_at(data: Any, where: tuple[int | str, ...], *, lines: bool) -> None:
    """Clean the text at ``where`` in ``data``, if there is text there."""
    *path, last = where
    for step in path:
        data = _child(data, step)
    if isinstance(data, dict):
        last = str(last)
    if isinstance(_child(data, last), str):
        data[last] = clean(data[last], lines=lines)


def _child(data: Any, step: int | str) -> Any:
    if isinstance(data, dict):
        return data.get(str(step))
    if isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
        return data[step]
    return None
