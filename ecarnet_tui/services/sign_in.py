"""Signing in at the desk, apart from the screen that asks: what is kept at this workstation after an online
sign-in (the password's verifier, the offline grant, the account as the central gave it), and signing in against
it while the central cannot be reached. Nothing here knows Textual; the verifiers take tens of milliseconds, so the
screen calls these from a thread."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from carnet_domain.organisation import AccountStatus, Territory
from central_contract.identity import OfflineGrant
from central_contract.models import Me
from ecarnet_tui.i18n import _
from ecarnet_tui.services.identity import DeskSession

if TYPE_CHECKING:
    from central_contract.identity import SessionIssued
    from ecarnet_tui.services.verifiers import Verifiers
    from offline_queue.officers import OfficerRecord
    from offline_queue.store import QueueStore

TERRITORIES = TypeAdapter(list[Territory])


class OfflineSignInRefused(Exception):
    """Why an officer cannot sign in here while the central is unreachable, in words for the officer."""


def remember_sign_in(
    queue: QueueStore | None, issued: SessionIssued, password: str, territories: list[Territory],
    verifiers: Verifiers, now: datetime,
) -> DeskSession:
    """The desk's session after an online sign-in; at a workstation with a queue, the officer's verifier, grant and
    account are kept for the idle lock and for signing in here offline."""
    verifier = verifiers.make(password)
    grant = issued.offline
    if queue is not None:
        from offline_queue.officers import Grant, OfficerRecord

        queue.remember_officer(OfficerRecord(
            account_id=issued.me.account.account_id, display_name=issued.me.account.display_name,
            verifier=verifier, me_json=issued.me.model_dump_json(),
            territories_json=TERRITORIES.dump_json(territories).decode(), signed_in_at=now,
            grant=Grant(grant.grant_id, grant.grant, grant.issued_at, grant.offline_until) if grant else None,
        ))
    return DeskSession(me=issued.me, signed_in_at=now, verifier=verifier, grant=grant)


def _matches(record: OfficerRecord, typed: str) -> bool:
    name = typed.strip().lower()
    if record.account_id.lower() == name:
        return True
    try:
        email = Me.model_validate_json(record.me_json).account.email
    except ValidationError:
        return False
    return "@" in name and email.strip().lower() == name


def offline_sign_in(
    queue: QueueStore | None, typed: str, password: str, verifiers: Verifiers, now: datetime, days: int,
) -> tuple[DeskSession, list[Territory]]:
    """Sign in against this workstation's verifier: only an officer who signed in online here in the last ``days``
    days, whose offline grant still holds; raises :class:`OfflineSignInRefused` saying why not."""
    record = next((r for r in (queue.officers() if queue is not None else []) if _matches(r, typed)), None)
    if record is None or days <= 0:
        raise OfflineSignInRefused(_(
            "The central cannot be reached, and {account} has not signed in online at this workstation recently: "
            "signing in offline is not possible. Try again when the link is back.").format(account=typed.strip()))
    if now - record.signed_in_at > timedelta(days=days) or record.grant is None or now > record.grant.offline_until:
        raise OfflineSignInRefused(_(
            "The central cannot be reached, and {account}'s last online sign-in here is too old to sign in offline "
            "(more than {days} days, or the workstation is not registered). Try again when the link is back."
        ).format(account=typed.strip(), days=days))
    if not verifiers.check(record.verifier, password):
        raise OfflineSignInRefused(_("The password is wrong (checked at this workstation: the central cannot be "
                                     "reached)."))
    me = Me.model_validate_json(record.me_json)
    if me.account.status is AccountStatus.DISABLED:
        raise OfflineSignInRefused(_("This account is disabled."))
    grant = record.grant
    session = DeskSession(
        me=me, signed_in_at=now, verifier=record.verifier, offline=True,
        grant=OfflineGrant(grant_id=grant.grant_id, grant=grant.secret, issued_at=grant.issued_at,
                           offline_until=grant.offline_until),
    )
    return session, TERRITORIES.validate_json(record.territories_json or "[]")
