"""The demo accounts' published credentials: one training password, an authenticator secret per account (the
training central shows its current code on the sign-in screen), and the training workstation the embedded demo
desk is registered as. Published, marked as training, never valid on a live central (demo tooling refuses a live
database)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime

from carnet_domain.organisation import Account
from central_contract.identity import Workstation
from reference_central.database import Db
from reference_central.demo.organisation import ACCOUNTS, OFFICES
from reference_central.identity import records as ids
from reference_central.identity.passwords import Argon2Profile, hash_password
from reference_central.identity.secret_box import SecretBox

DEMO_PASSWORD = "carnet training"  # noqa: S105 - published: the demo accounts' training password
"""Every demo account's password, shown on the training sign-in screen."""
DEMO_WORKSTATION_KEY = "ecw_training_desk_published"
DEMO_WORKSTATION_ID = "ws-training"
DEMO_WORKSTATION_OFFICE = "gva-airport"


def demo_totp_secret(account_id: str) -> str:
    """The demo account's authenticator secret: derived from its name, the same after every reset."""
    digest = hashlib.sha256(f"ecarnet-demo-totp:{account_id}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def seed_identity(
    db: Db, now: datetime, profile: Argon2Profile, box: SecretBox, accounts: Sequence[Account] = ACCOUNTS,
) -> None:
    """Every demo account (``accounts``: the classroom's too) enrolled with its published password and authenticator;
    the training desk registered."""
    hashed = hash_password(DEMO_PASSWORD, profile)  # one hash for the one published password
    for account in accounts:
        ids.put_credentials(db, ids.Credentials(
            account_id=account.account_id, password_hash=hashed, password_set_at=now,
            totp_sealed=box.seal(demo_totp_secret(account.account_id)), totp_enrolled_at=now,
            published_password=DEMO_PASSWORD,
        ))
    office = next(o for o in OFFICES if o.office_id == DEMO_WORKSTATION_OFFICE)
    ids.put_workstation(db, Workstation(
        workstation_id=DEMO_WORKSTATION_ID, name="Training desk", office_id=office.office_id,
        region_id=office.region_id, registered_at=now, registered_by="demo",
    ), DEMO_WORKSTATION_KEY)
