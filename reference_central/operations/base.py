"""What every operation of the central needs: who is asking, where, and about which carnet."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from carnet_domain.carnet import Carnet
from carnet_domain.organisation import (
    Account,
    Office,
    Permission,
    Territory,
    may,
    region_bound,
)
from carnet_domain.payload import CODE_ALPHABET
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Declaration
from reference_central import records
from reference_central.clock import Clock, system_clock
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity.caller import bound_to_session, office_scope, working_office
from reference_central.identity.passwords import DEFAULT_PROFILE, Argon2Profile
from reference_central.identity.policy import IdentityPolicy, read_policy
from reference_central.identity.secret_box import SecretBox, box_of
from reference_central.store import Store
from reference_central.training.code_sets import is_trainee
from reference_central.training.guard import classroom_work, refuse_cut_link

MAX_FUTURE_SKEW = timedelta(minutes=5)
"""How far ahead of the central's clock a workstation's transaction time may be."""
MAX_OFFLINE_AGE = timedelta(days=14)
"""How long ago an offline commit may have been made and still be accepted."""
VERIFICATION_LENGTH = 14


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def office_date(moment: datetime, office: Office) -> date:
    """The date at ``office`` at the moment ``moment``: what its officers call "today", and the date the central
    judges a transaction made there on (never the UTC date, which is another day for hours of each day)."""
    return moment.astimezone(ZoneInfo(office.timezone)).date()


class CentralBase:
    """The central's store, clock and training flag, and the checks every operation shares."""

    def __init__(
        self, store: Store, clock: Clock = system_clock, training: bool = False,
        codes: Callable[[int], str] = new_code, *, profile: Argon2Profile = DEFAULT_PROFILE,
        box: SecretBox | None = None, policy: IdentityPolicy | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.training = training
        self.codes = codes
        """Where verification codes come from: random, or a fixed sequence for repeatable screenshots."""
        self.profile = profile
        """Argon2id's costs for passwords (tests use a cheap profile; the default is the benchmarked one)."""
        self.box = box if box is not None else box_of(store)
        """Opens the TOTP secrets kept sealed in the database."""
        self._policy_defaults = policy or IdentityPolicy()

    def policy(self) -> IdentityPolicy:
        """The identity policy: what ``ecarnet-central policy`` set in the database, over this central's defaults."""
        return read_policy(self.store, self._policy_defaults)

    @staticmethod
    def require(account: Account, permission: Permission) -> None:
        if not may(account.role, permission):
            raise CentralError(R.FORBIDDEN, permission.value)

    def _office_for(self, db: Db, account: Account, office_id: str | None, *, working: bool = True) -> Office:
        """The office the request acts at: the one its session works at (chosen at sign-in, changed with ``PUT
        /v1/session/office``), one of an integration token's offices, or one an offline grant's commits may have been
        made at. A request that names another office is refused; one that names none acts at the session's.
        ``working``: the request is new work there (a lookup, a commit, a hold, a rejection...), which a deactivated
        office takes none of (``office_inactive``); reading what it did, and closing what it left open (releasing
        its holds, handing over its shift), go on."""
        office = self._office_in_reach(db, account, office_id or working_office(account), active=working)
        scope = office_scope(account)
        if scope is not None and office.office_id not in scope:
            raise CentralError(R.OFFICE_NOT_IN_SESSION if bound_to_session(account) else R.TOKEN_SCOPE,
                               office.office_id)
        return office

    def _office_in_reach(self, db: Db, account: Account, office_id: str, *, active: bool = True) -> Office:
        """An office the account may name: one of its region's (an admin: any), wherever its session works (whom to
        register a workstation or an account at, whose audit lines to read); ``active``: it must be active."""
        office = records.office(db, office_id)
        if office is None:
            raise CentralError(R.UNKNOWN_OFFICE, office_id)
        if region_bound(account.role) and office.region_id != account.region_id:
            raise CentralError(R.OFFICE_NOT_IN_REGION, office.office_id)
        if active and not office.active:
            raise CentralError(R.OFFICE_INACTIVE, office.office_id)
        return office

    def _classroom_work(self, db: Db, account: Account, carnet_id: str, *, work: bool = True) -> None:
        """On a training central, the classroom's rules for work on a demo carnet: the caller's own code set, its
        exercise neither paused nor finished, and started by the first work (:mod:`reference_central.training.guard`).
        ``work``: a lookup, commit, hold...; otherwise a reading, checked for its code set only."""
        if self.training:
            classroom_work(db, account, carnet_id, self.clock(), work=work)

    def refuse_cut_link(self, account: Account) -> None:
        """On a training central, ``503 link_cut`` for a trainee whose link the trainer cut."""
        if self.training and is_trainee(account.account_id):
            with self.store.reading() as db:
                refuse_cut_link(db, account)

    def refuse_cut_link_of(self, authorization: str | None) -> None:
        """On a training central, ``503 link_cut`` for a request that carries the session of a trainee whose link is
        cut, whatever else it asks (the health probe too: the trainee's desk finds the central unreachable)."""
        scheme, _, token = (authorization or "").partition(" ")
        if not self.training or scheme.lower() != "bearer" or not token.strip():
            return
        with self.store.reading() as db:
            session = ids.session_by_token(db, token.strip())
            if session is not None and is_trainee(session.account_id):
                account = records.account(db, session.account_id)
                if account is not None:
                    refuse_cut_link(db, account)

    @staticmethod
    def _territory(db: Db, office: Office) -> Territory:
        territory = records.territory(db, office.territory)
        assert territory is not None, f"office {office.office_id} has no territory"
        return territory

    @staticmethod
    def _resolve(db: Db, ref: str) -> Carnet:
        """The exact carnet number first, then the ID; a number and an ID naming two carnets is ambiguous."""
        ref = ref.strip().upper()
        by_number = records.carnet_by_number(db, ref)
        by_id = records.carnet(db, ref) if ref.isdigit() else None
        if by_number and by_id and by_number.carnet_id != by_id.carnet_id:
            raise CentralError(
                R.AMBIGUOUS_CARNET, ref, {"candidates": [by_number.number, by_id.number]}
            )
        found = by_number or by_id
        if found is None:
            raise CentralError(R.UNKNOWN_CARNET, ref)
        return found

    @staticmethod
    def _declaration(db: Db, carnet: Carnet, code: str) -> tuple[Declaration, str]:
        found = records.declaration(db, carnet.carnet_id, code.strip().upper())
        if found is None:
            raise CentralError(R.WRONG_TRANSACTION_CODE, carnet.number)
        return found
