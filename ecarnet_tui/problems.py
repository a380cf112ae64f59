"""Turning the central client's errors into words for the officer: what happened and what to do."""

from __future__ import annotations

from central_client.errors import CentralError, CentralRefused, CentralUnreachable
from ecarnet_tui.i18n import _
from ecarnet_tui.literal import printable


def describe(error: CentralError) -> str:
    if isinstance(error, CentralUnreachable):
        return _("The central system cannot be reached ({reason}). Check the link and press R to retry.").format(
            reason=printable(error.reason)
        )
    if isinstance(error, CentralRefused):
        if error.code == "unauthenticated":
            return _("The central does not accept this account's token. Ask your admin for a new token.")
        return _("The central refused: {message} [{code}]").format(
            message=printable(error.message), code=printable(error.code)
        )
    return printable(str(error))
