"""Sessions for the benchmarks' demo officers, opened as a desk opens them: the published training password, then the
authenticator's current code, at the training workstation."""

from __future__ import annotations

import pyotp

from central_client.http import HttpCentral
from reference_central.demo.identity import DEMO_PASSWORD, DEMO_WORKSTATION_KEY, demo_totp_secret


async def demo_session(url: str, account_id: str) -> str:
    """A session token for the demo account ``account_id`` at the central on ``url``."""
    client = HttpCentral(url, workstation_key=DEMO_WORKSTATION_KEY)
    try:
        step = await client.sign_in(account_id, DEMO_PASSWORD)
        issued = await client.complete_sign_in(step.challenge, pyotp.TOTP(demo_totp_secret(account_id)).now())
    finally:
        await client.aclose()
    return issued.token
