"""The officer-facing names of transaction types and roles, and the words for cleared goods, translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    from carnet_domain.organisation import Role
    from central_contract.models import QueueDecision
    from offline_queue.items import ItemState


def type_name(kind: T) -> str:
    names = {
        T.VALIDATION: _("Validation"),
        T.PRE_EXPORTATION: _("Pre-exportation"),
        T.EXPORTATION: _("Exportation"),
        T.IMPORTATION: _("Importation"),
        T.REEXPORTATION: _("Re-exportation"),
        T.REIMPORTATION: _("Re-importation"),
        T.TRANSIT_OPEN: _("Transit open"),
        T.TRANSIT_CLOSE: _("Transit close"),
    }
    return names[kind]


def cleared_words(kind: T, declared: str, diverted: str) -> str:
    """The guide's *cleared goods* (declared and definitively imported together, line 2847) in the receipt's
    words: ``1-20``, or ``declared 1-15; not re-exported: 16-20`` when some goods stay (on a re-importation,
    ``not re-imported``)."""
    if not diverted:
        return declared
    if kind is T.REIMPORTATION:
        both, alone = _("declared {declared}; not re-imported: {diverted}"), _("not re-imported: {diverted}")
    else:
        both, alone = _("declared {declared}; not re-exported: {diverted}"), _("not re-exported: {diverted}")
    return (both if declared else alone).format(declared=declared, diverted=diverted)


def role_name(role: Role) -> str:
    from carnet_domain.organisation import Role

    names = {
        Role.OFFICER: _("Officer"),
        Role.CONTROLLER: _("Controller"),
        Role.REGIONAL_MANAGER: _("Regional manager"),
        Role.ADMIN: _("Admin"),
        Role.TRAINER: _("Trainer"),
    }
    return names[role]


def queue_state_name(state: ItemState) -> str:
    """An offline queue item's state, as the queue screen, the supervisor desk and the hand-over report say it."""
    from offline_queue.items import ItemState

    return {
        ItemState.PENDING: _("Waiting"),
        ItemState.SENT: _("Accepted"),
        ItemState.NEEDS_REVIEW: _("To review"),
        ItemState.RESUBMITTED: _("Resubmitted"),
        ItemState.HELD: _("Held"),
        ItemState.VOIDED: _("Voided"),
    }[state]


def decision_name(decision: QueueDecision | None) -> str:
    """A supervisor's decision on a refused queued commit, as the audit trail and the hand-over report say it."""
    from central_contract.models import QueueDecision

    names = {QueueDecision.RESUBMIT: _("Resubmitted"), QueueDecision.HOLD: _("Held"),
             QueueDecision.VOID: _("Voided")}
    return names[decision] if decision is not None else ""
