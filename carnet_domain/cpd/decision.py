"""What a CPD rule decides: a reason code, its verdict, the article it applies and the figures behind it.

The codes are text keys, not text: a screen maps ``reason`` to the officer's words and shows ``figures``
(the dates compared, the days counted) and ``citation`` ("1956 art. 20") beside them. They are kept apart
from :mod:`carnet_domain.refusals`, which lists what the central's API may refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from carnet_domain.cpd.convention import Citation, Convention, Rule, cite

Figure = date | int | str
"""A value a screen shows: a date compared, a number of days, a code or a name."""


class Verdict(StrEnum):
    OK = "ok"
    NOTICE = "notice"
    """Allowed; something to tell the holder or the officer (a reminder, an exceptional extension)."""
    FLAG = "flag"
    """Allowed or recorded, but an officer or a controller must look at it."""
    REFUSE = "refuse"


class CpdReason(StrEnum):
    # Validity (validity.py)
    VALIDITY_WITHIN_ONE_YEAR = "validity_within_one_year"
    VALIDITY_OVER_ONE_YEAR = "validity_over_one_year"
    EXTENSION_GRANTED = "extension_granted"
    EXTENSION_EXCEPTIONAL = "extension_exceptional"
    EXTENSION_ALREADY_EXTENDED = "extension_already_extended"
    EXTENSION_NOT_LATER = "extension_not_later"
    EXTENSION_OVER_ONE_YEAR = "extension_over_one_year"
    EXTENSION_OVER_THREE_MONTHS = "extension_over_three_months"
    EXTENSION_REQUEST_AFTER_EXPIRY = "extension_request_after_expiry"
    EXTENSION_LATE_FORCE_MAJEURE = "extension_late_force_majeure"
    EXTENSION_NOT_BY_GUARANTOR = "extension_not_by_guarantor"
    EXTENSION_WRONG_COUNTRY = "extension_wrong_country"
    EXTENSION_BEYOND_REQUEST = "extension_beyond_request"
    EXTENSION_GRANTED_BEFORE_REQUEST = "extension_granted_before_request"
    # The vehicle (vehicle.py, driver.py, trailers.py)
    IDENTITY_MATCHES = "identity_matches"
    IDENTITY_VIN_MISMATCH = "identity_vin_mismatch"
    IDENTITY_VIN_INVALID = "identity_vin_invalid"
    IDENTITY_PARTICULARS_DIFFER = "identity_particulars_differ"
    IDENTITY_NOT_SEEN = "identity_not_seen"
    DRIVER_IS_HOLDER = "driver_is_holder"
    DRIVER_AUTHORISED = "driver_authorised"
    DRIVER_NOT_AUTHORISED = "driver_not_authorised"
    DRIVER_AUTHORISED_BY_OTHER = "driver_authorised_by_other"
    DRIVER_AUTHORISED_LATER = "driver_authorised_later"
    DRIVER_RESIDENT_IN_TERRITORY = "driver_resident_in_territory"
    DRIVER_RESIDENT_TOLERATED = "driver_resident_tolerated"
    HOLDER_RESIDENT_IN_TERRITORY = "holder_resident_in_territory"
    TRAILER_ON_OWN_CARNET = "trailer_on_own_carnet"
    TRAILER_ON_SAME_CARNET = "trailer_on_same_carnet"
    TRAILER_NEEDS_OWN_CARNET = "trailer_needs_own_carnet"
    # Passages (passages.py)
    ENTRY_ACCEPTED = "entry_accepted"
    ENTRY_BEFORE_VALIDITY = "entry_before_validity"
    ENTRY_AFTER_EXPIRY = "entry_after_expiry"
    ENTRY_TERRITORY_NOT_COVERED = "entry_territory_not_covered"
    ENTRY_ALREADY_INSIDE = "entry_already_inside"
    ENTRY_SINGLE_JOURNEY_USED = "entry_single_journey_used"
    FINAL_DATE_BEFORE_ENTRY = "final_date_before_entry"
    FINAL_DATE_BEYOND_VALIDITY = "final_date_beyond_validity"
    EXIT_ACCEPTED = "exit_accepted"
    EXIT_WITHOUT_ENTRY = "exit_without_entry"
    EXIT_BEFORE_ENTRY = "exit_before_entry"
    # Exit timing (exit_timing.py)
    EXIT_TIMELY = "exit_timely"
    EXIT_LATE_EXPLAINED = "exit_late_explained"
    EXIT_LATE_UNEXPLAINED = "exit_late_unexplained"
    EXIT_LATE = "exit_late"
    # Terminations and regularisation (terminations.py, regularisation.py)
    TERMINATED_DUTIES_PAID = "terminated_duties_paid"
    TERMINATED_ABANDONED = "terminated_abandoned"
    TERMINATED_DESTROYED = "terminated_destroyed"
    TERMINATED_FORCE_MAJEURE = "terminated_force_majeure"
    TERMINATED_LOST_IN_SEIZURE = "terminated_lost_in_seizure"
    ACCIDENT_NOT_AUTHENTICATED = "accident_not_authenticated"
    FORCE_MAJEURE_NOT_PROVEN = "force_majeure_not_proven"
    SEIZURE_LOSS_NOT_PROVIDED = "seizure_loss_not_provided"
    SEIZURE_LOSS_NOT_BY_AUTHORITIES = "seizure_loss_not_by_authorities"
    ENTRY_NOT_OPEN = "entry_not_open"
    SETTLED_BEFORE_ENTRY = "settled_before_entry"
    REGULARISED = "regularised"
    CERTIFICATE_INSIDE_TERRITORY = "certificate_inside_territory"
    CERTIFICATE_RECORDED_BEFORE_ISSUE = "certificate_recorded_before_issue"
    REGULARISATION_NOT_CONTROLLER = "regularisation_not_controller"
    # Reminders (reminders.py)
    NOTICE_NO_INTERNAL_CARRIAGE = "notice_no_internal_carriage"
    NOTICE_NO_PAID_CARRIAGE = "notice_no_paid_carriage"
    NOTICE_NO_REHIRE = "notice_no_rehire"
    NOTICE_LEASED_REEXPORT = "notice_leased_reexport"
    # Discharge and the non-discharge notification (discharge.py)
    DISCHARGE_NOT_APPLICABLE = "discharge_not_applicable"
    DISCHARGED = "discharged"
    DISCHARGE_TO_CHECK = "discharge_to_check"
    NOTIFICATION_NOT_DUE = "notification_not_due"
    NOTIFICATION_OPEN = "notification_open"
    NOTIFICATION_WARNING = "notification_warning"
    NOTIFICATION_LAPSED = "notification_lapsed"
    NOTIFIED_IN_TIME = "notified_in_time"
    NOTIFIED_LATE = "notified_late"


R = CpdReason
V = Verdict

_TABLE: dict[CpdReason, tuple[Verdict, Rule]] = {
    R.VALIDITY_WITHIN_ONE_YEAR: (V.OK, Rule.VALIDITY_ONE_YEAR),
    R.VALIDITY_OVER_ONE_YEAR: (V.FLAG, Rule.VALIDITY_ONE_YEAR),
    R.EXTENSION_GRANTED: (V.OK, Rule.EXTENSION_RECOGNISED),
    R.EXTENSION_EXCEPTIONAL: (V.NOTICE, Rule.EXTENSION_LENGTH),
    R.EXTENSION_ALREADY_EXTENDED: (V.REFUSE, Rule.EXTENSION_ONCE),
    R.EXTENSION_NOT_LATER: (V.REFUSE, Rule.EXTENSION_ONCE),
    R.EXTENSION_OVER_ONE_YEAR: (V.REFUSE, Rule.EXTENSION_ONCE),
    R.EXTENSION_OVER_THREE_MONTHS: (V.REFUSE, Rule.EXTENSION_LENGTH),
    R.EXTENSION_REQUEST_AFTER_EXPIRY: (V.REFUSE, Rule.EXTENSION_REQUEST),
    R.EXTENSION_LATE_FORCE_MAJEURE: (V.FLAG, Rule.EXTENSION_REQUEST),
    R.EXTENSION_NOT_BY_GUARANTOR: (V.REFUSE, Rule.EXTENSION_REQUEST),
    R.EXTENSION_WRONG_COUNTRY: (V.REFUSE, Rule.EXTENSION_GRANT),
    R.EXTENSION_BEYOND_REQUEST: (V.REFUSE, Rule.EXTENSION_GRANT),
    R.EXTENSION_GRANTED_BEFORE_REQUEST: (V.REFUSE, Rule.EXTENSION_GRANT),
    R.IDENTITY_MATCHES: (V.OK, Rule.IDENTIFICATION),
    R.IDENTITY_VIN_MISMATCH: (V.REFUSE, Rule.IDENTIFICATION),
    R.IDENTITY_VIN_INVALID: (V.REFUSE, Rule.IDENTIFICATION),
    R.IDENTITY_PARTICULARS_DIFFER: (V.FLAG, Rule.ALTERATIONS),
    R.IDENTITY_NOT_SEEN: (V.NOTICE, Rule.IDENTIFICATION),
    R.DRIVER_IS_HOLDER: (V.OK, Rule.DRIVER),
    R.DRIVER_AUTHORISED: (V.OK, Rule.DRIVER),
    R.DRIVER_NOT_AUTHORISED: (V.REFUSE, Rule.DRIVER),
    R.DRIVER_AUTHORISED_BY_OTHER: (V.REFUSE, Rule.DRIVER),
    R.DRIVER_AUTHORISED_LATER: (V.REFUSE, Rule.DRIVER),
    R.DRIVER_RESIDENT_IN_TERRITORY: (V.REFUSE, Rule.DRIVER),
    R.DRIVER_RESIDENT_TOLERATED: (V.FLAG, Rule.DRIVER_RESIDENT_EXCEPTION),
    R.HOLDER_RESIDENT_IN_TERRITORY: (V.REFUSE, Rule.BENEFICIARY),
    R.TRAILER_ON_OWN_CARNET: (V.OK, Rule.TRAILERS),
    R.TRAILER_ON_SAME_CARNET: (V.OK, Rule.TRAILERS),
    R.TRAILER_NEEDS_OWN_CARNET: (V.REFUSE, Rule.TRAILERS),
    R.ENTRY_ACCEPTED: (V.OK, Rule.PASSAGES),
    R.ENTRY_BEFORE_VALIDITY: (V.REFUSE, Rule.PASSAGES),
    R.ENTRY_AFTER_EXPIRY: (V.REFUSE, Rule.PASSAGES),
    R.ENTRY_TERRITORY_NOT_COVERED: (V.REFUSE, Rule.TERRITORIES),
    R.ENTRY_ALREADY_INSIDE: (V.REFUSE, Rule.PASSAGES),
    R.ENTRY_SINGLE_JOURNEY_USED: (V.REFUSE, Rule.PASSAGES),
    R.FINAL_DATE_BEFORE_ENTRY: (V.REFUSE, Rule.REEXPORT_WITHIN_VALIDITY),
    R.FINAL_DATE_BEYOND_VALIDITY: (V.REFUSE, Rule.REEXPORT_WITHIN_VALIDITY),
    R.EXIT_ACCEPTED: (V.OK, Rule.EXIT_EVIDENCE),
    R.EXIT_WITHOUT_ENTRY: (V.REFUSE, Rule.PASSAGES),
    R.EXIT_BEFORE_ENTRY: (V.REFUSE, Rule.PASSAGES),
    R.EXIT_TIMELY: (V.OK, Rule.REEXPORT_WITHIN_VALIDITY),
    R.EXIT_LATE_EXPLAINED: (V.OK, Rule.LATE_REEXPORT_GRACE),
    R.EXIT_LATE_UNEXPLAINED: (V.FLAG, Rule.LATE_REEXPORT_GRACE),
    R.EXIT_LATE: (V.FLAG, Rule.LATE_REEXPORT_GRACE),
    R.TERMINATED_DUTIES_PAID: (V.OK, Rule.DAMAGED_VEHICLE),
    R.TERMINATED_ABANDONED: (V.OK, Rule.DAMAGED_VEHICLE),
    R.TERMINATED_DESTROYED: (V.OK, Rule.DAMAGED_VEHICLE),
    R.TERMINATED_FORCE_MAJEURE: (V.OK, Rule.FORCE_MAJEURE_LOSS),
    R.TERMINATED_LOST_IN_SEIZURE: (V.OK, Rule.LOSS_DURING_SEIZURE),
    R.ACCIDENT_NOT_AUTHENTICATED: (V.REFUSE, Rule.DAMAGED_VEHICLE),
    R.FORCE_MAJEURE_NOT_PROVEN: (V.REFUSE, Rule.FORCE_MAJEURE_LOSS),
    R.SEIZURE_LOSS_NOT_PROVIDED: (V.REFUSE, Rule.LOSS_DURING_SEIZURE),
    R.SEIZURE_LOSS_NOT_BY_AUTHORITIES: (V.REFUSE, Rule.LOSS_DURING_SEIZURE),
    R.ENTRY_NOT_OPEN: (V.REFUSE, Rule.DISCHARGE),
    R.SETTLED_BEFORE_ENTRY: (V.REFUSE, Rule.DISCHARGE),
    R.REGULARISED: (V.OK, Rule.REGULARISATION),
    R.CERTIFICATE_INSIDE_TERRITORY: (V.REFUSE, Rule.REGULARISATION),
    R.CERTIFICATE_RECORDED_BEFORE_ISSUE: (V.REFUSE, Rule.REGULARISATION),
    R.REGULARISATION_NOT_CONTROLLER: (V.REFUSE, Rule.REGULARISATION),
    R.NOTICE_NO_INTERNAL_CARRIAGE: (V.NOTICE, Rule.INTERNAL_CARRIAGE),
    R.NOTICE_NO_PAID_CARRIAGE: (V.NOTICE, Rule.INTERNAL_CARRIAGE),
    R.NOTICE_NO_REHIRE: (V.NOTICE, Rule.HIRED_VEHICLES),
    R.NOTICE_LEASED_REEXPORT: (V.NOTICE, Rule.HIRED_VEHICLES),
    R.DISCHARGE_NOT_APPLICABLE: (V.OK, Rule.DISCHARGE),
    R.DISCHARGED: (V.OK, Rule.DISCHARGE),
    R.DISCHARGE_TO_CHECK: (V.FLAG, Rule.DISCHARGE),
    R.NOTIFICATION_NOT_DUE: (V.OK, Rule.NON_DISCHARGE_NOTIFICATION),
    R.NOTIFICATION_OPEN: (V.OK, Rule.NON_DISCHARGE_NOTIFICATION),
    R.NOTIFICATION_WARNING: (V.FLAG, Rule.NON_DISCHARGE_NOTIFICATION),
    R.NOTIFICATION_LAPSED: (V.FLAG, Rule.NON_DISCHARGE_NOTIFICATION),
    R.NOTIFIED_IN_TIME: (V.OK, Rule.NON_DISCHARGE_NOTIFICATION),
    R.NOTIFIED_LATE: (V.FLAG, Rule.NON_DISCHARGE_NOTIFICATION),
}


def verdict_of(reason: CpdReason) -> Verdict:
    return _TABLE[reason][0]


def rule_of(reason: CpdReason) -> Rule:
    return _TABLE[reason][1]


@dataclass(frozen=True, slots=True)
class Decision:
    reason: CpdReason
    citation: Citation
    figures: Mapping[str, Figure]

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.reason)

    @property
    def refused(self) -> bool:
        return self.verdict is Verdict.REFUSE


def decide(reason: CpdReason, convention: Convention, **figures: Figure) -> Decision:
    """The decision ``reason`` under ``convention``, citing the article its rule sits at."""
    return Decision(reason, cite(convention, rule_of(reason)), MappingProxyType(dict(figures)))


def refusals(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    return tuple(d for d in decisions if d.refused)
