"""Pre-notifications and pre-declarations: which actions each kind and state allows, and how they change
(guide lines 2699-2729)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from carnet_domain.carnet import CarnetKind
from carnet_domain.predeclaration import (
    Attachment,
    MeansOfTransport,
    PreDeclaration,
    PreDeclarationAction,
    PreDeclarationKind,
    PreDeclarationRefused,
    PreDeclarationState,
    TransportMode,
    acknowledge,
    allowed_actions,
    commit_target,
    fulfilling,
    refusal_of,
    reject,
    settled,
)
from carnet_domain.refusals import RefusalCode as R
from carnet_domain.transaction_types import TransactionType as T
from tests.unit.domain_factories import CODE, OTHER_CODE, carnet, tx

A = PreDeclarationAction
S = PreDeclarationState
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
ON = date(2026, 6, 15)


def notification(**extra: object) -> PreDeclaration:
    """A pre-notification with no carnet details at all: only when and how the holder arrives."""
    fields: dict[str, object] = dict(
        predeclaration_id="1", kind=PreDeclarationKind.PRE_NOTIFICATION, office_id="gva-airport",
        office_name="Genève Aéroport", arrival_at=NOW + timedelta(hours=6), submitted_at=NOW,
        transport_mode=TransportMode.HAND_CARRY, means_of_transport=MeansOfTransport.AIR, identification="LX1234",
    )
    fields.update(extra)
    return PreDeclaration.model_validate(fields)


def automatic(**extra: object) -> PreDeclaration:
    """A pre-declaration that allows automatic transaction: carnet 120001 and the Importation behind CODE."""
    the_carnet = carnet()
    fields: dict[str, object] = dict(
        kind=PreDeclarationKind.AUTOMATIC, carnet_id=the_carnet.carnet_id, carnet_number=the_carnet.number,
        carnet_kind=CarnetKind.ATA, transaction_type=T.IMPORTATION, transaction_code=CODE,
        attachments=(Attachment(name="invoice.pdf", size=48213, media_type="application/pdf"),),
    )
    fields.update(extra)
    return notification(**fields)


def test_a_pending_pre_notification_may_be_acknowledged_or_rejected_never_committed() -> None:
    pre = notification()
    assert pre.carnet_id is None
    assert pre.carnet_number is None
    assert allowed_actions(pre) == {A.ACKNOWLEDGE, A.REJECT}
    assert refusal_of(pre, A.COMMIT) is not None
    assert refusal_of(pre, A.COMMIT).code is R.PREDECLARATION_NOT_AUTOMATIC  # type: ignore[union-attr]


def test_a_pre_notification_with_carnet_details_still_cannot_be_committed() -> None:
    pre = automatic(kind=PreDeclarationKind.PRE_NOTIFICATION)
    assert allowed_actions(pre) == {A.ACKNOWLEDGE, A.REJECT}
    with pytest.raises(PreDeclarationRefused) as refused:
        commit_target(pre)
    assert refused.value.refusal.code is R.PREDECLARATION_NOT_AUTOMATIC


def test_a_pending_automatic_pre_declaration_offers_all_three_actions() -> None:
    pre = automatic()
    assert pre.automatic
    assert allowed_actions(pre) == {A.ACKNOWLEDGE, A.REJECT, A.COMMIT}
    assert commit_target(pre) == ("120001", CODE)


@pytest.mark.parametrize("missing", ["carnet_id", "transaction_code", "transaction_type"])
def test_an_automatic_pre_declaration_without_carnet_or_declaration_cannot_be_committed(missing: str) -> None:
    pre = automatic(**{missing: None})
    assert not pre.automatic
    assert allowed_actions(pre) == {A.ACKNOWLEDGE, A.REJECT}
    assert refusal_of(pre, A.COMMIT).code is R.PREDECLARATION_NOT_AUTOMATIC  # type: ignore[union-attr]


def test_acknowledge_records_who_and_when_and_leaves_commit_open_for_an_automatic_one() -> None:
    done = acknowledge(automatic(), "officer.ch", "Officer CH", NOW)
    assert (done.state, done.decided_by, done.decided_by_name, done.decided_at) == (
        S.ACKNOWLEDGED, "officer.ch", "Officer CH", NOW)
    assert done.open
    assert allowed_actions(done) == {A.COMMIT}
    assert refusal_of(done, A.ACKNOWLEDGE).code is R.PREDECLARATION_DECIDED  # type: ignore[union-attr]
    assert refusal_of(done, A.REJECT).code is R.PREDECLARATION_DECIDED  # type: ignore[union-attr]


def test_an_acknowledged_pre_notification_allows_nothing_more() -> None:
    done = acknowledge(notification(), "officer.ch", "Officer CH", NOW)
    assert allowed_actions(done) == frozenset()
    with pytest.raises(PreDeclarationRefused) as refused:
        acknowledge(done, "officer.ch", "Officer CH", NOW)
    assert refused.value.refusal.code is R.PREDECLARATION_DECIDED


def test_reject_needs_a_reason_and_closes_it() -> None:
    with pytest.raises(PreDeclarationRefused) as refused:
        reject(automatic(), "   ", "officer.ch", "Officer CH", NOW)
    assert refused.value.refusal.code is R.INVALID_REQUEST
    done = reject(automatic(), "  Goods must be inspected ", "officer.ch", "Officer CH", NOW)
    assert (done.state, done.reason, done.decided_by) == (S.REJECTED, "Goods must be inspected", "officer.ch")
    assert not done.open
    assert allowed_actions(done) == frozenset()
    with pytest.raises(PreDeclarationRefused) as again:
        commit_target(done)
    assert again.value.refusal.code is R.PREDECLARATION_DECIDED


def test_times_must_be_utc_aware() -> None:
    with pytest.raises(ValidationError):
        notification(arrival_at=datetime(2026, 6, 15, 16, 0))
    with pytest.raises(ValueError, match="time zone"):
        acknowledge(notification(), "officer.ch", "Officer CH", datetime(2026, 6, 15, 16, 0))


def test_records_are_immutable_and_refuse_unknown_fields() -> None:
    pre = notification()
    with pytest.raises(ValidationError):
        pre.state = S.REJECTED  # type: ignore[misc]
    with pytest.raises(ValidationError):
        notification(colour="red")
    with pytest.raises(ValidationError):
        Attachment(name="", size=1)
    with pytest.raises(ValidationError):
        Attachment(name="x.pdf", size=-1)


def test_it_turns_committed_when_a_transaction_spends_its_code() -> None:
    pre = automatic()
    other = tx(T.IMPORTATION, "CH", ON, "1-20", code=OTHER_CODE)
    assert settled(pre, [other]) == pre
    done = tx(T.IMPORTATION, "CH", ON, "1-20", code=CODE)
    after = settled(pre, [other, done])
    assert (after.state, after.transaction_id, after.decided_by, after.decided_at) == (
        S.COMMITTED, done.transaction_id, done.officer_id, done.recorded_at)
    assert allowed_actions(after) == frozenset()
    assert refusal_of(after, A.COMMIT).code is R.PREDECLARATION_DECIDED  # type: ignore[union-attr]


def test_a_cancelled_transaction_does_not_commit_it() -> None:
    pre = acknowledge(automatic(), "officer.ch", "Officer CH", NOW)
    cancelled = tx(T.IMPORTATION, "CH", ON, "1-20", code=CODE, cancelled=True)
    assert settled(pre, [cancelled]) == pre


def test_a_pre_exportation_alone_does_not_complete_a_declared_exportation() -> None:
    pre = automatic(transaction_type=T.EXPORTATION)
    pre_export = tx(T.PRE_EXPORTATION, "EU", ON, "1-20", code=CODE)
    assert fulfilling(pre, [pre_export]) is None
    exit_ = tx(T.EXPORTATION, "EU", ON, "1-20", code=CODE, minute=5)
    assert fulfilling(pre, [pre_export, exit_]) == exit_


def test_rejected_ones_and_pre_notifications_are_never_committed_by_a_transaction() -> None:
    spent = tx(T.IMPORTATION, "CH", ON, "1-20", code=CODE)
    rejected = reject(automatic(), "Inspection", "officer.ch", "Officer CH", NOW)
    assert settled(rejected, [spent]) == rejected
    told = automatic(kind=PreDeclarationKind.PRE_NOTIFICATION)
    assert settled(told, [spent]) == told
