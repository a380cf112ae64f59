"""A vehicle carnet's (CPD) file, and what officers and supervisors record on it: the extension of validity,
seizures and their release, terminations, regularisations and the notification of a non-discharge.

Every account that processes carnets reads the file, records a seizure, its release and a termination; an
extension and the notification are for Controllers and higher (``403 forbidden``, detail ``supervision``); a
regularisation is too, which the domain itself decides (``regularisation_not_controller``). A rule of the
conventions that stops a record is refused with ``cpd_rule`` and its decisions; a date after the office's date
with ``invalid_request``.

Each record is the act of one customs territory's customs, whatever the role (``other_territory`` otherwise): a
seizure, of the territory the vehicle was in that day; its release, of the territory that recorded it; a
termination or a regularisation, of the territory of the entry it settles; the notification, of a territory
whose entry is left undischarged; the extension of validity, of the guaranteeing association's country (art. 21,
Annex 3 §2(e)), recognised everywhere. Each record is written with its line in the audit trail, in one unit of
work: in the trail of the office's region, and of every other territory the vehicle entered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from carnet_domain.carnet import Carnet
from carnet_domain.cpd.convention import Convention, convention_of
from carnet_domain.cpd.discharge import DischargeStatus
from carnet_domain.cpd.exit_timing import Seizure
from carnet_domain.cpd.passages import Passage, PassageKind, stays
from carnet_domain.cpd.records import (
    ExtensionRecord,
    NotificationRecord,
    Recorded,
    RegularisationRecord,
    SeizureRecord,
    TerminationRecord,
    VehicleRecords,
)
from carnet_domain.cpd.terminations import Regularisation, Termination, check_regularisation, check_termination
from carnet_domain.cpd.validity import Extension, check_extension
from carnet_domain.organisation import Account, Office, Permission
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction import Transaction
from central_contract.models import AuditAction, AuditEntry
from central_contract.vehicles import (
    ExtensionRequest,
    NotificationRequest,
    RegularisationRequest,
    ReleaseRequest,
    SeizureRequest,
    TerminationRequest,
    VehicleFile,
)
from reference_central import idempotency, records, shift_records, vehicle_records
from reference_central.database import Db
from reference_central.errors import CentralError
from reference_central.operations.audit import require_supervisor
from reference_central.operations.base import CentralBase, office_date
from reference_central.operations.vehicle_file import (
    cpd_refusal,
    is_cpd,
    passages_of,
    reconciliation,
    records_of,
    refuse_if_any,
    vehicle_file,
)
from reference_central.operations.visibility import reads_vehicle_file, visible_carnet


@dataclass(frozen=True)
class Desk:
    """Who records, where, on which carnet, as of the office's date, with what is already known of it."""

    account: Account
    office: Office
    carnet: Carnet
    today: date
    history: list[Transaction]
    records: VehicleRecords
    countries: dict[str, tuple[str, ...]]
    """Each customs territory's member countries."""
    territory_of: Callable[[str], str | None]
    """An office's customs territory, read when a record needs it (the one that recorded a seizure)."""

    @property
    def convention(self) -> Convention:
        return convention_of(self.carnet)

    @cached_property
    def passages(self) -> list[Passage]:
        return passages_of(self.history)

    @property
    def name(self) -> str:
        return self.account.display_name.strip() or self.account.account_id

    def not_after_today(self, **dates: date) -> None:
        """Refuse a date after the office's date: ``invalid_request`` naming it."""
        for field, value in dates.items():
            if value > self.today:
                raise CentralError(R.INVALID_REQUEST,
                                   f"{field} {value.isoformat()} is after the office's date {self.today.isoformat()}")

    def in_territory(self, entry_id: str) -> None:
        """A termination or a regularisation settles an entry into the office's customs territory, whoever records
        it. An entry unknown here is left to the domain's ``entry_not_open``."""
        entry = next((p for p in self.passages if p.passage_id == entry_id and p.kind is PassageKind.ENTRY), None)
        if entry is not None and entry.territory != self.office.territory:
            raise CentralError(R.OTHER_TERRITORY, f"entry {entry_id} was made in another customs territory "
                                                  f"({entry.territory})")

    def here_on(self, day: date) -> None:
        """A seizure concerns the vehicle while it is in the office's customs territory: entered there on or before
        ``day`` and not gone out before it."""
        inside = any(s.entry.territory == self.office.territory and s.entry.on <= day
                     and (s.exit is None or s.exit.on >= day) for s in stays(self.passages))
        if not inside:
            raise CentralError(R.OTHER_TERRITORY, f"the vehicle was not in {self.office.territory} on "
                                                  f"{day.isoformat()}")

    def undischarged_here(self) -> None:
        """The non-discharge is notified by the customs of the territory the vehicle entered and did not leave."""
        file = vehicle_file(self.carnet, self.history, self.records, self.today)
        open_here = [p for p in file.passages if p.passage_id in file.open_entries
                     and p.territory == self.office.territory]
        if not open_here:
            raise CentralError(R.OTHER_TERRITORY, f"no entry into {self.office.territory} is left undischarged")

    def guarantor_country(self) -> None:
        """An extension of validity is the act of the customs of the guaranteeing association's country (art. 21,
        Annex 3 §2(e)); every territory recognises it."""
        country = self.carnet.guaranteed_by.country.upper()
        if country not in self.countries.get(self.office.territory, (self.office.territory,)):
            raise CentralError(R.OTHER_TERRITORY, f"only the customs of {country}, the guaranteeing association's "
                                                  "country, extend this carnet's validity")

    def seized_here(self, seizure: SeizureRecord) -> None:
        """A seizure is released by the customs of the territory that recorded it."""
        if self.territory_of(seizure.office_id) != self.office.territory:
            raise CentralError(R.OTHER_TERRITORY, f"seizure {seizure.record_id} was recorded in another customs "
                                                  "territory")

    def seizure(self, record_id: str) -> SeizureRecord:
        found = next((s for s in self.records.seizures if s.record_id == record_id), None)
        if found is None:
            raise CentralError(R.UNKNOWN_RECORD, f"seizure {record_id}")
        return found


Make = Callable[[Desk, dict[str, object]], Recorded]
"""Builds the record from the desk and the fields every record has (``record_id``, ``recorded_by``...), or
raises the refusal."""


class VehicleOps(CentralBase):
    """A CPD's vehicle file and the records that add to it."""

    def _desk(self, db: Db, account: Account, carnet_ref: str, office_id: str | None) -> Desk:
        self.require(account, Permission.PROCESS_CARNET)
        office = self._office_for(db, account, office_id)
        carnet = self._resolve(db, carnet_ref)
        records.lock_carnet(db, carnet.carnet_id)
        self._classroom_work(db, account, carnet.carnet_id)
        if not is_cpd(carnet):
            raise CentralError(R.NOT_A_VEHICLE_CARNET, carnet.number)
        return Desk(account, office, carnet, office_date(self.clock(), office),
                    records.history(db, carnet.carnet_id), vehicle_records.of_carnet(db, carnet.carnet_id),
                    {t.code: t.member_countries for t in records.territories(db)},
                    lambda office_id: found.territory if (found := records.office(db, office_id)) else None)

    def once(
        self, account: Account, key: str | None, request: str, record: Callable[[], VehicleFile],
        current: Callable[[], VehicleFile],
    ) -> VehicleFile:
        """``record()`` once per idempotency ``key`` of the account (:mod:`reference_central.idempotency`): the
        same key and ``request`` again records nothing and gives the file as it is now; the key with another
        request is refused. Without a key: ``record()``."""
        if not key:
            return record()
        digest = hashlib.sha256(f"{account.account_id}\n{request}".encode()).hexdigest()
        with self.store.transaction() as db:
            if idempotency.replay(db, account.account_id, key, digest, self.clock()) is not None:
                return current()
            result = record()
            idempotency.keep(db, account.account_id, key, digest, self.clock(), status=201)
            return result

    def vehicle_file(
        self, account: Account, carnet: str, office_id: str | None = None, transaction_code: str | None = None
    ) -> VehicleFile:
        """The file, for those who may read it at the office (:func:`reads_vehicle_file`); any other carnet is
        answered as one that does not exist."""
        self.require(account, Permission.PROCESS_CARNET)
        with self.store.transaction() as db:
            office = self._office_for(db, account, office_id, working=False)
            found = visible_carnet(db, carnet, reads_vehicle_file(db, account, office, transaction_code))
            self._classroom_work(db, account, found.carnet_id, work=False)
            if not is_cpd(found):
                raise CentralError(R.NOT_A_VEHICLE_CARNET, found.number)
            return vehicle_file(found, records.history(db, found.carnet_id), records_of(db, found),
                                office_date(self.clock(), office))

    def _record(
        self, account: Account, carnet: str, office_id: str | None, what: str, make: Make, *,
        record_id: str | None = None,
    ) -> VehicleFile:
        """Check, build and write one record (a new one, or ``record_id`` replaced) with its audit line; return
        the updated file."""
        with self.store.transaction() as db:
            desk = self._desk(db, account, carnet, office_id)
            now = self.clock()
            stamp: dict[str, object] = dict(
                record_id=record_id or str(self.store.next_number("vehicle_record")), recorded_by=account.account_id,
                recorded_by_name=account.display_name, recorded_at=now, office_id=desk.office.office_id,
            )
            record = make(desk, stamp)
            vehicle_records.put(db, desk.carnet.carnet_id, record)
            shift_records.put_audit(db, AuditEntry(
                entry_id=str(self.store.next_number("audit")), at=now, action=AuditAction.VEHICLE_RECORD,
                account_id=account.account_id, account_name=account.display_name, office_id=desk.office.office_id,
                office_name=desk.office.name, region_id=desk.office.region_id, carnet_id=desk.carnet.carnet_id,
                carnet_number=desk.carnet.number, reason=what, subject=record.record_id,
                territories=sorted({p.territory for p in desk.passages} - {desk.office.territory}),
            ))
            return vehicle_file(desk.carnet, desk.history, vehicle_records.of_carnet(db, desk.carnet.carnet_id),
                                desk.today)

    def record_extension(
        self, account: Account, carnet: str, req: ExtensionRequest, office_id: str | None = None
    ) -> VehicleFile:
        """The one extension of validity, granted by the customs of the guaranteeing association's country."""
        require_supervisor(account)

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            desk.not_after_today(requested_on=req.requested_on, granted_on=req.granted_on)
            desk.guarantor_country()
            extension = Extension(requested_by=req.requested_by or desk.carnet.guaranteed_by,
                                  **req.model_dump(exclude={"requested_by"}))
            earlier = [desk.records.granted] if desk.records.granted is not None else []
            refuse_if_any(check_extension(desk.carnet, extension, earlier))
            return ExtensionRecord.model_validate({**stamp, "extension": extension})

        return self._record(account, carnet, office_id, f"extension until {req.granted_until.isoformat()}", make)

    def record_seizure(
        self, account: Account, carnet: str, req: SeizureRequest, office_id: str | None = None
    ) -> VehicleFile:
        """A seizure of the vehicle: by the authorities it suspends the final date D (art. 14.2 / 13.2)."""

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            desk.not_after_today(seized_on=req.seized_on)
            desk.here_on(req.seized_on)
            seizure = Seizure(seized_by=req.seized_by, seized_on=req.seized_on, authority=req.authority.strip(),
                              reference=req.reference.strip())
            return SeizureRecord.model_validate({**stamp, "seizure": seizure})

        return self._record(account, carnet, office_id, f"seizure ({req.seized_by.value})", make)

    def release_seizure(
        self, account: Account, carnet: str, record_id: str, req: ReleaseRequest, office_id: str | None = None
    ) -> VehicleFile:
        """The end of a seizure, once: on or after the day it began, not after the office's date."""

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            found = desk.seizure(record_id)
            seized = found.seizure
            if seized.released_on is not None:
                raise cpd_refusal([], f"seizure {record_id} was already released on {seized.released_on.isoformat()}")
            desk.not_after_today(released_on=req.released_on)
            desk.seized_here(found)
            if req.released_on < seized.seized_on:
                raise CentralError(R.INVALID_REQUEST, f"released_on {req.released_on.isoformat()} is before the "
                                                      f"seizure on {seized.seized_on.isoformat()}")
            return found.model_copy(update={"seizure": seized.model_copy(update={"released_on": req.released_on}),
                                            "released_by": account.account_id})

        return self._record(account, carnet, office_id, "seizure released", make, record_id=record_id)

    def record_termination(
        self, account: Account, carnet: str, req: TerminationRequest, office_id: str | None = None
    ) -> VehicleFile:
        """An entry ended otherwise than by an exit: a badly damaged vehicle (duties paid, abandoned, destroyed),
        force majeure, or a loss during a seizure by the authorities (1956 only)."""

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            desk.not_after_today(on=req.on)
            desk.in_territory(req.entry_id)
            seizure = desk.seizure(req.seizure_id).seizure if req.seizure_id else None
            termination = Termination(
                entry_id=req.entry_id, kind=req.kind, on=req.on, recorded_by=desk.name,
                authority=req.authority.strip(), reference=req.reference.strip(),
                accident_authenticated=req.accident_authenticated, evidence=req.evidence.strip(), seizure=seizure,
            )
            refuse_if_any(check_termination(desk.convention, termination, desk.passages, desk.records.settled))
            return TerminationRecord.model_validate({**stamp, "termination": termination})

        return self._record(account, carnet, office_id, f"termination ({req.kind.value})", make)

    def record_regularisation(
        self, account: Account, carnet: str, req: RegularisationRequest, office_id: str | None = None
    ) -> VehicleFile:
        """An entry regularised by a certificate of location from outside the territory (art. 24.1, Annex 4),
        recorded on the office's date by a Controller or higher."""

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            cert = req.certificate
            desk.not_after_today(presented_on=cert.presented_on, issued_on=cert.issued_on)
            desk.in_territory(req.entry_id)
            regularisation = Regularisation(entry_id=req.entry_id, certificate=cert, recorded_by=desk.name,
                                            recorded_by_role=account.role, recorded_on=desk.today)
            # The certificate must come from outside the entry's territory: any of its member countries.
            entry = next((p for p in desk.passages if p.passage_id == req.entry_id), None)
            countries = desk.countries.get(entry.territory) if entry is not None else None
            refuse_if_any(check_regularisation(desk.convention, regularisation, desk.passages,
                                               territory_countries=countries, settled=desk.records.settled))
            return RegularisationRecord.model_validate({**stamp, "regularisation": regularisation})

        return self._record(account, carnet, office_id, "regularisation", make)

    def record_notification(
        self, account: Account, carnet: str, req: NotificationRequest, office_id: str | None = None
    ) -> VehicleFile:
        """The guaranteeing association notified of the non-discharge (art. 26): once, for a carnet undischarged
        after its validity on the day of the notification."""
        require_supervisor(account)

        def make(desk: Desk, stamp: dict[str, object]) -> Recorded:
            desk.not_after_today(notified_on=req.notified_on)
            desk.undischarged_here()
            done = desk.records.notification
            if done is not None:
                raise cpd_refusal([], f"the non-discharge was already notified on {done.notified_on.isoformat()}")
            status = reconciliation(desk.carnet, desk.history, desk.records, req.notified_on)
            if status.status is not DischargeStatus.TO_CHECK:
                raise cpd_refusal([status.decision])
            return NotificationRecord.model_validate({**stamp, "notified_on": req.notified_on,
                                                      "reference": req.reference.strip()})

        return self._record(account, carnet, office_id, "non-discharge notified", make)
