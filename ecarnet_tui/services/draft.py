"""Everything typed during one transaction, kept apart from the screens so that going back, putting the
carnet on hold or redoing after a cancellation loses nothing."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from carnet_domain.carnet import Carnet, CarnetKind
from carnet_domain.items import ItemRangeError, ItemRanges
from carnet_domain.refusals import WarningCode
from carnet_domain.rules import (
    check_carnet,
    final_date_problem,
    replacement_deadline,
    replacement_refusal,
    territory_refusal,
    validation_refusal,
)
from carnet_domain.transaction import CustomsEntries, GoodsDeclaration
from carnet_domain.transaction_types import VEHICLE_PASSAGES, TransactionType, TxField, TypeSpec, spec_of
from central_contract.bounds import clean
from central_contract.models import CommitRequest, CommitResponse, EuStep, LookupResponse
from ecarnet_tui.services.entry_error import EntryError
from offline_queue.items import QueuedCommit

HOLDER_FIELDS = (TxField.PLACE_OF_USE, TxField.MEANS_OF_TRANSPORT, TxField.PACKAGING_DETAILS, TxField.HOLDER_REMARKS)
"""Step 3's free text, prefilled from the holder's declaration."""
CUSTOMS_FIELDS = (
    TxField.CUSTOMS_SEALS, TxField.ACTION_GOODS_PRODUCED, TxField.ACTION_GOODS_NOT_PRODUCED,
    TxField.CUSTOMS_REFERENCE, TxField.CUSTOMS_REMARKS,
)
"""Step 4's free text, typed by the officer."""
RANGE_FIELDS = (TxField.DECLARED_GOODS, TxField.DIVERTED_GOODS, TxField.PROCESSED_ABROAD)


def parse_date(text: str) -> date | None:
    """A date typed as 2026-12-31, 31/12/2026 or 31.12.2026; blank is ``None``."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for separator in ("/", ".", "-"):
        parts = text.split(separator)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                break
    raise EntryError(TxField.FINAL_DATE, "date_format", text)


def prefilled_marks(lookup: LookupResponse) -> dict[int, str]:
    """Each item's identification marks as a transaction starts: the general list's, then the holder's declared
    ones, then (an Exit) those recorded by its Export."""
    marks = {n: item.identification_marks for n, item in enumerate(lookup.carnet.items, 1)}
    marks.update(lookup.declaration.identification_marks)
    if lookup.pre_exportation is not None:
        marks.update(lookup.pre_exportation.goods.identification_marks)
    return marks


def sendable(text: str) -> str:
    """A box of the voucher as the central takes it: what a holder declared or a paste brought is cleaned
    (docs/api.md, "Values"), never refused with the commit, which could wait in the queue for a supervisor."""
    return clean(text, lines=True)


VEHICLE_PASSAGE_ONLY = "vehicle_passage_only"
"""The stop reason of a vehicle carnet's declaration other than its entry or exit (see :data:`VEHICLE_PASSAGES`)."""


@dataclass
class Draft:
    """One transaction in progress, from the lookup to the receipt."""

    lookup: LookupResponse
    office_id: str
    text: dict[TxField, str] = field(default_factory=dict)
    ranges: dict[TxField, str] = field(default_factory=dict)
    marks: dict[int, str] = field(default_factory=dict)
    goods_examined: bool | None = None
    final_date: str = ""
    eu_step: EuStep | None = None
    confirmed: list[WarningCode] = field(default_factory=list)
    idempotency_key: str = field(default_factory=lambda: str(uuid.uuid4()))
    result: CommitResponse | None = None
    occurred_at: datetime | None = None
    """When the officer first pressed Commit (UTC): every try of this commit, online or from the offline
    queue, carries the same moment, so that one idempotency key always goes with one body."""
    offline_since: datetime | None = None
    """Set when the carnet was checked against a cached lookup of that moment: the central was unreachable."""
    queued: QueuedCommit | None = None
    """The commit kept in the offline queue, whose receipt is provisional until the central accepts it."""
    vehicle_note: str = ""
    """A vehicle carnet's remark added to the customs remarks, e.g. that the driver's authorisation was checked
    (the central has no field for it yet)."""
    delay_explanation: str = ""
    """A vehicle's exit after D: the holder's explanation of the delay the officer found satisfactory."""
    readings: dict[str, str] = field(default_factory=dict)
    """What the officer read on the vehicle (plate, VIN, engine number), kept with a hold."""
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    """When the officer looked the carnet up (the desk's clock, see :meth:`start`): the "Time" of a hold in the
    supervisor's list."""

    @classmethod
    def start(cls, lookup: LookupResponse, office_id: str, now: datetime,
              offline_since: datetime | None = None) -> Draft:
        """A draft prefilled with what the holder declared, begun at ``now`` (the desk's clock); ``offline_since``:
        checked against a lookup kept from that moment."""
        declared = lookup.declaration
        draft = cls(lookup=lookup, office_id=office_id, started_at=now, offline_since=offline_since)
        draft.ranges = {
            TxField.DECLARED_GOODS: declared.declared_goods,
            TxField.DIVERTED_GOODS: declared.diverted_goods,
            TxField.PROCESSED_ABROAD: declared.processed_abroad,
        }
        if draft.kind is TransactionType.VALIDATION:
            draft.ranges[TxField.DECLARED_GOODS] = ItemRanges.all(lookup.carnet.item_count).format()
        draft.text = {
            TxField.PLACE_OF_USE: declared.place_of_use,
            TxField.MEANS_OF_TRANSPORT: declared.means_of_transport,
            TxField.PACKAGING_DETAILS: declared.packaging_details,
            TxField.HOLDER_REMARKS: declared.holder_remarks,
        }
        draft.marks = prefilled_marks(lookup)
        if (pre := lookup.pre_exportation) is not None:
            # The Exit completes what the Export prepared (line 2100): start from what was recorded then.
            draft.ranges[TxField.DECLARED_GOODS] = pre.goods.declared_goods
            draft.final_date = pre.customs.final_date.isoformat() if pre.customs.final_date else ""
        return draft

    @property
    def carnet(self) -> Carnet:
        return self.lookup.carnet

    @property
    def valid_carnet(self) -> Carnet:
        """The carnet with its validity as extended (a vehicle carnet's extension is recognised everywhere)."""
        file = self.lookup.vehicle_file
        if file is None or file.valid_until == self.carnet.valid_until:
            return self.carnet
        return self.carnet.model_copy(update={"valid_until": file.valid_until})

    @property
    def is_vehicle(self) -> bool:
        """A Carnet de Passages en Douane: its one item is the vehicle."""
        return self.carnet.kind is CarnetKind.CPD

    @property
    def kind(self) -> TransactionType:
        return self.lookup.declaration.type

    @property
    def spec(self) -> TypeSpec:
        return spec_of(self.kind)

    @property
    def office_date(self) -> date:
        return self.lookup.office_date

    def stop_reason(self) -> str | None:
        """Why the transaction cannot go on from step 2, or ``None``: its validity and a replacement's deadline, a
        hold (released here first), the validation, then where the carnet may be used."""
        if self.is_vehicle and self.kind not in VEHICLE_PASSAGES and self.kind is not TransactionType.VALIDATION:
            return VEHICLE_PASSAGE_ONLY
        refusal = check_carnet(self.valid_carnet, self.kind, self.office_date) or replacement_refusal(
            self.valid_carnet, self.kind, self.office_date, self.lookup.replaces_valid_until)
        if refusal is not None:
            return refusal.code.value
        if self.lookup.holds:
            return "carnet_on_hold"
        if (refusal := validation_refusal(self.carnet, self.kind, self.lookup.validated)) is not None:
            return refusal.code.value
        where = self.lookup.office_territory
        if where and (refusal := territory_refusal(self.carnet, self.kind, where)) is not None:
            return refusal.code.value
        return None

    @property
    def replacement_deadline(self) -> date | None:
        """When this is a home step of a replacement: the original carnet's last valid day, the last day for it."""
        return replacement_deadline(self.valid_carnet, self.kind, self.lookup.replaces_valid_until)

    def range_of(self, which: TxField) -> ItemRanges:
        """The parsed range of ``which``; raises :class:`EntryError` naming the bad part."""
        try:
            return ItemRanges.parse(self.ranges.get(which, ""), self.carnet.item_count)
        except ItemRangeError as exc:
            raise EntryError(which, exc.reason, exc.part, exc.limit) from exc

    def final(self) -> date | None:
        """The final date typed at step 4, checked against the validity and the office's date."""
        final = parse_date(self.final_date)
        if final is not None and final < self.office_date:
            raise EntryError(TxField.FINAL_DATE, "date_past", final.isoformat())
        if final is not None and final_date_problem(self.valid_carnet, final, self.office_date):
            raise EntryError(TxField.FINAL_DATE, "date_after_validity", self.valid_carnet.valid_until.isoformat())
        return final

    def check_goods(self) -> None:
        """Step 3's checks before going on: every range readable, something declared."""
        for which in RANGE_FIELDS:
            if which in self.spec.step3 or which is TxField.DECLARED_GOODS:
                self.range_of(which)
        if not self.range_of(TxField.DECLARED_GOODS):
            raise EntryError(TxField.DECLARED_GOODS, "nothing_declared")

    def commit_request(self) -> CommitRequest:
        """The request for step 4's Commit; raises :class:`EntryError` for anything that cannot be sent."""
        self.check_goods()
        spec = self.spec
        final = self.final() if TxField.FINAL_DATE in spec.step4 else None
        kept = {
            n: sendable(mark) for n, mark in self.marks.items()
            if mark and (n > len(self.carnet.items) or mark != self.carnet.items[n - 1].identification_marks)
        }
        goods = GoodsDeclaration(
            declared_goods=self.range_of(TxField.DECLARED_GOODS).format(),
            diverted_goods=self._optional_range(TxField.DIVERTED_GOODS),
            processed_abroad=self._optional_range(TxField.PROCESSED_ABROAD),
            identification_marks=kept,
            **{f.value: sendable(self.text.get(f, "")) for f in HOLDER_FIELDS if f in spec.step3},
        )
        entries = {f.value: sendable(self.text.get(f, "")) for f in CUSTOMS_FIELDS if f in spec.step4}
        if TxField.CUSTOMS_REFERENCE.value in entries:  # one line
            entries[TxField.CUSTOMS_REFERENCE.value] = clean(entries[TxField.CUSTOMS_REFERENCE.value])
        if self.vehicle_note:
            remarks = TxField.CUSTOMS_REMARKS.value
            entries[remarks] = sendable("; ".join(
                part for part in (entries.get(remarks, "").strip(), self.vehicle_note) if part))
        customs = CustomsEntries(
            goods_examined=self.goods_examined if TxField.GOODS_EXAMINED in spec.step4 else None,
            final_date=final, delay_explanation=sendable(self.delay_explanation.strip()), **entries,
        )
        return CommitRequest(
            carnet_id=self.carnet.carnet_id,
            transaction_code=self.lookup.declaration.transaction_code,
            type=self.kind,
            eu_step=self.eu_step,
            office_id=self.office_id,
            goods=goods,
            customs=customs,
            confirmed_warnings=list(self.confirmed),
            occurred_at=self.occurred_at,
        )

    def snapshot(self) -> dict[str, object]:
        """Everything typed, as JSON-ready data: what a hold keeps for the officer who resumes (at most
        ``DRAFT_MAX_BYTES``, :mod:`central_contract.bounds`). Of the marks, only those changed since the transaction
        started: :meth:`restore` starts from the same ones (a 1000-item carnet's own would fill a draft)."""
        prefilled = prefilled_marks(self.lookup)
        return {
            "ranges": {k.value: sendable(v) for k, v in self.ranges.items()},
            "text": {k.value: sendable(v) for k, v in self.text.items()},
            "marks": {str(n): sendable(m) for n, m in self.marks.items() if prefilled.get(n) != m},
            "goods_examined": self.goods_examined,
            "final_date": sendable(self.final_date),
            "eu_step": self.eu_step.value if self.eu_step else None,
            "started_at": self.started_at.isoformat(),
            "vehicle_note": sendable(self.vehicle_note),
            "delay_explanation": sendable(self.delay_explanation),
            "readings": {sendable(k): sendable(v) for k, v in self.readings.items()},
        }

    def restore(self, saved: dict[str, object]) -> None:
        """Take back what :meth:`snapshot` kept; anything unreadable is left as the holder declared it."""
        fields = {f.value: f for f in TxField}
        for key, target in (("ranges", self.ranges), ("text", self.text)):
            values = saved.get(key)
            if isinstance(values, dict):
                for name, value in values.items():
                    if name in fields and isinstance(value, str):
                        target[fields[name]] = value
        marks = saved.get("marks")
        if isinstance(marks, dict):
            for number, mark in marks.items():
                if str(number).isdigit() and isinstance(mark, str):
                    self.marks[int(number)] = mark
        examined = saved.get("goods_examined")
        self.goods_examined = examined if isinstance(examined, bool) else self.goods_examined
        final = saved.get("final_date")
        self.final_date = final if isinstance(final, str) else self.final_date
        step = saved.get("eu_step")
        self.eu_step = EuStep(step) if step in {s.value for s in EuStep} else self.eu_step
        note = saved.get("vehicle_note")
        self.vehicle_note = note if isinstance(note, str) else self.vehicle_note
        explanation = saved.get("delay_explanation")
        self.delay_explanation = explanation if isinstance(explanation, str) else self.delay_explanation
        readings = saved.get("readings")
        if isinstance(readings, dict):
            self.readings.update({k: v for k, v in readings.items() if isinstance(k, str) and isinstance(v, str)})
        started = saved.get("started_at")
        if isinstance(started, str):
            with contextlib.suppress(ValueError):
                self.started_at = datetime.fromisoformat(started)

    def _optional_range(self, which: TxField) -> str:
        return self.range_of(which).format() if which in self.spec.step3 else ""

    def restart_after_cancellation(self) -> None:
        """After the holder's cancellation the same declaration is redone: a new key, nothing else lost."""
        self.idempotency_key = str(uuid.uuid4())
        self.result = None
        self.occurred_at = None
        self.confirmed = []
