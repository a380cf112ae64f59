"""A verdict's findings in the officer's language: :data:`carnet_domain.training.judging.FINDING_TEXT` translated,
each filled in with the transaction type's name as the desk says it. The trainer's own explanation (``why``) is
added as the trainer wrote it."""

from __future__ import annotations

from carnet_domain.training.exercise import VehicleRecordKind
from carnet_domain.training.judging import Finding
from ecarnet_tui.i18n import _
from ecarnet_tui.texts.labels import type_name


def finding_texts() -> dict[str, str]:
    """Every finding's code and its words, translated (a test checks every code of ``FINDING_TEXT`` is here)."""
    return {
        "not_recorded": _("No {type} was recorded."),
        "undeclared_items": _("Your {type} records goods the holder did not declare: items {items}."),
        "missing_items": _("Your {type} leaves out goods the holder declared: items {items}."),
        "diverted_differs": _("Your {type} records items {items} as not leaving, which the holder did not declare."),
        "diverted_missing": _("Your {type} does not record items {items} as not leaving, as the holder declared."),
        "words_missing": _("What you wrote does not say why: it should name {words}."),
        "not_explained": _("Your {type} records no delay explanation naming {words}: the reason for a late exit goes "
                           "in Delay explained, where the exit's timing reads it, not in the remarks."),
        "not_offline": _("Your {type} was recorded online: this exercise is done with the desk offline."),
        "offline": _("Your {type} waited in the offline queue: this exercise is done online."),
        "recorded_wrongly": _("You recorded a {type}, which must not be recorded here."),
        "no_hold": _("No hold was placed."),
        "hold_released": _("The hold was released: the goods are not to go before it is cleared."),
        "hold_kept": _("The hold is still in place: release it once it is cleared."),
        "no_rejection": _("The {type} code was not rejected."),
        "not_cancelled": _("No {type} was cancelled."),
        "no_vehicle_record": _("No {record} was recorded on the vehicle's file."),
        "unexpected_transaction": _("You recorded a {type} the exercise did not call for."),
        "unexpected_hold": _("You placed a hold the exercise did not call for."),
        "unexpected_rejection": _("You rejected a {type} code the exercise did not call for."),
        "abandoned": _("You abandoned the exercise before finishing it."),
    }


def record_name(record: VehicleRecordKind | None) -> str:
    if record is None:
        return ""
    return {
        VehicleRecordKind.SEIZURE: _("seizure"),
        VehicleRecordKind.EXTENSION: _("extension"),
        VehicleRecordKind.TERMINATION: _("termination"),
        VehicleRecordKind.REGULARISATION: _("regularisation"),
        VehicleRecordKind.NOTIFICATION: _("notification of non-discharge"),
    }[record]


def finding_words(finding: Finding) -> str:
    """One finding in words, the trainer's ``why`` after it as written; a code this desk does not know is shown as
    it came."""
    template = finding_texts().get(finding.code)
    if template is None:
        said = finding.code
    else:
        said = template.format(type=type_name(finding.type) if finding.type is not None else "", items=finding.items,
                               words=", ".join(f"“{word}”" for word in finding.words),
                               record=record_name(finding.record))
    return f"{said} {finding.why}".strip() if finding.why else said
