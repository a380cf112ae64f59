"""Every reason the central may refuse a request, with whether retrying can ever help.

A *permanent* refusal will be given again for the same request: an offline queue moves the item to
"needs review". A *retryable* one may pass later unchanged: the queue keeps it and tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RefusalCode(StrEnum):
    # The request itself
    MALFORMED_JSON = "malformed_json"
    INVALID_REQUEST = "invalid_request"
    BODY_TOO_LARGE = "body_too_large"
    IDEMPOTENCY_KEY_MISSING = "idempotency_key_missing"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    # Who is asking
    UNAUTHENTICATED = "unauthenticated"
    ACCOUNT_DISABLED = "account_disabled"
    FORBIDDEN = "forbidden"
    OFFICE_NOT_IN_REGION = "office_not_in_region"
    OFFICE_NOT_IN_SESSION = "office_not_in_session"
    OTHER_TERRITORY = "other_territory"
    UNKNOWN_OFFICE = "unknown_office"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_ACCOUNT = "unknown_account"
    ALREADY_EXISTS = "already_exists"
    # The carnet and the code
    UNKNOWN_CARNET = "unknown_carnet"
    AMBIGUOUS_CARNET = "ambiguous_carnet"
    WRONG_TRANSACTION_CODE = "wrong_transaction_code"
    CODE_USED = "code_used"
    TYPE_MISMATCH = "type_mismatch"
    # The rules
    NOT_VALIDATED = "not_validated"
    ALREADY_VALIDATED = "already_validated"
    NO_VALIDATION_FOR_VEHICLES = "no_validation_for_vehicles"
    CARNET_EXPIRED = "carnet_expired"
    CARNET_NOT_YET_VALID = "carnet_not_yet_valid"
    CARNET_ON_HOLD = "carnet_on_hold"
    REPLACEMENT_AFTER_ORIGINAL_EXPIRY = "replacement_after_original_expiry"
    TERRITORY_NOT_COVERED = "territory_not_covered"
    NOT_HOME_TERRITORY = "not_home_territory"
    BAD_ITEM_RANGE = "bad_item_range"
    NO_GOODS_DECLARED = "no_goods_declared"
    FINAL_DATE_INVALID = "final_date_invalid"
    NO_OPEN_TRANSIT = "no_open_transit"
    EU_STEP_NOT_APPLICABLE = "eu_step_not_applicable"
    CLOCK_SKEW = "clock_skew"
    WARNINGS_NOT_CONFIRMED = "warnings_not_confirmed"
    # Cancellation, holds
    UNKNOWN_TRANSACTION = "unknown_transaction"
    WRONG_CANCELLATION_CODE = "wrong_cancellation_code"
    ALREADY_CANCELLED = "already_cancelled"
    UNKNOWN_HOLD = "unknown_hold"
    HOLD_RELEASED = "hold_released"
    HOLD_OTHER_OFFICE = "hold_other_office"
    ALREADY_ON_HOLD = "already_on_hold"
    # The server
    INTERNAL_ERROR = "internal_error"
    UNAVAILABLE = "unavailable"
    # Pre-declarations and pre-notifications (guide lines 2699-2729)
    UNKNOWN_PREDECLARATION = "unknown_predeclaration"
    PREDECLARATION_DECIDED = "predeclaration_decided"
    PREDECLARATION_NOT_AUTOMATIC = "predeclaration_not_automatic"
    PREDECLARATION_OTHER_OFFICE = "predeclaration_other_office"
    # Shifts (issue 7: supervisor desk, hand-over)
    SHIFT_ALREADY_OPEN = "shift_already_open"
    UNKNOWN_SHIFT = "unknown_shift"
    SHIFT_CLOSED = "shift_closed"
    # Vehicle carnets (issue 8: CPD)
    CPD_RULE = "cpd_rule"
    NOT_A_VEHICLE_CARNET = "not_a_vehicle_carnet"
    UNKNOWN_RECORD = "unknown_record"
    # Identity (issue 16): signing in, sessions, workstations, offline grants, integration tokens
    SIGN_IN_FAILED = "sign_in_failed"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    SESSION_EXPIRED = "session_expired"
    CHALLENGE_EXPIRED = "challenge_expired"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 - a name, not a secret
    WORKSTATION_REVOKED = "workstation_revoked"
    OFFLINE_GRANT_REFUSED = "offline_grant_refused"
    NOT_AN_INTEGRATION_ACCOUNT = "not_an_integration_account"
    TOKEN_SCOPE = "token_scope"  # noqa: S105 - a name, not a secret
    UNKNOWN_SESSION = "unknown_session"
    UNKNOWN_WORKSTATION = "unknown_workstation"
    LIVE_DATABASE = "live_database"
    # The organisation (issue 19): offices and regions
    OFFICE_INACTIVE = "office_inactive"
    OFFICE_IN_USE = "office_in_use"
    REGION_IN_USE = "region_in_use"
    ACCOUNT_IN_USE = "account_in_use"
    # Bulk creation (issue 19): regions, offices and accounts from a spreadsheet
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    TOO_MANY_ROWS = "too_many_rows"
    IMPORT_REFUSED = "import_refused"
    # The classroom (issue 20): a training central's exercises
    ROLE_NOT_GRANTABLE = "role_not_grantable"
    UNKNOWN_EXERCISE = "unknown_exercise"
    UNKNOWN_TRAINEE = "unknown_trainee"
    NOT_YOUR_CODE_SET = "not_your_code_set"
    EXERCISE_PAUSED = "exercise_paused"
    EXERCISE_FINISHED = "exercise_finished"
    LINK_CUT = "link_cut"


class WarningCode(StrEnum):
    """Findings the officer must confirm before the commit goes through."""

    ITEMS_NOT_IMPORTED_HERE = "items_not_imported_here"
    """Items re-exported from a territory that were not imported there, or already re-exported (line 459)."""
    TRANSIT_GOODS_DIFFER = "transit_goods_differ"
    ITEMS_NOT_EXPORTED = "items_not_exported"
    """Items re-imported that were not exported (or already re-imported)."""


@dataclass(frozen=True, slots=True)
class RefusalInfo:
    status: int
    permanent: bool
    message: str


_INFO: dict[RefusalCode, RefusalInfo] = {
    RefusalCode.MALFORMED_JSON: RefusalInfo(400, True, "The request body is not valid JSON."),
    RefusalCode.INVALID_REQUEST: RefusalInfo(422, True, "The request has missing, unknown or invalid fields."),
    RefusalCode.BODY_TOO_LARGE: RefusalInfo(413, True, "The request body is too large."),
    RefusalCode.IDEMPOTENCY_KEY_MISSING: RefusalInfo(400, True, "A commit needs an Idempotency-Key header."),
    RefusalCode.IDEMPOTENCY_KEY_REUSED: RefusalInfo(
        409, True, "This idempotency key was already used for a different request."
    ),
    RefusalCode.NOT_FOUND: RefusalInfo(404, True, "There is no such endpoint."),
    RefusalCode.METHOD_NOT_ALLOWED: RefusalInfo(405, True, "That method is not allowed here."),
    RefusalCode.UNAUTHENTICATED: RefusalInfo(401, True, "A valid account token is needed."),
    RefusalCode.ACCOUNT_DISABLED: RefusalInfo(403, True, "This account is disabled."),
    RefusalCode.FORBIDDEN: RefusalInfo(403, True, "Your role does not allow this."),
    RefusalCode.OFFICE_NOT_IN_REGION: RefusalInfo(403, True, "That customs office is not in your region."),
    RefusalCode.OFFICE_NOT_IN_SESSION: RefusalInfo(
        403, True, "This session works at another customs office: change the office first."
    ),
    RefusalCode.OTHER_TERRITORY: RefusalInfo(
        403, True, "This concerns another customs territory: only its own customs may record it."
    ),
    RefusalCode.UNKNOWN_OFFICE: RefusalInfo(404, True, "There is no such customs office."),
    RefusalCode.UNKNOWN_REGION: RefusalInfo(404, True, "There is no such customs region."),
    RefusalCode.UNKNOWN_ACCOUNT: RefusalInfo(404, True, "There is no such account."),
    RefusalCode.ALREADY_EXISTS: RefusalInfo(409, True, "A record with this identifier already exists."),
    RefusalCode.UNKNOWN_CARNET: RefusalInfo(404, True, "No carnet has this number or ID."),
    RefusalCode.AMBIGUOUS_CARNET: RefusalInfo(
        409, True, "This matches one carnet's number and another carnet's ID: enter the full carnet number."
    ),
    RefusalCode.WRONG_TRANSACTION_CODE: RefusalInfo(
        404, True, "This transaction code does not belong to this carnet."
    ),
    RefusalCode.CODE_USED: RefusalInfo(409, True, "This transaction code has already been used."),
    RefusalCode.TYPE_MISMATCH: RefusalInfo(
        409, True, "The transaction type does not match what the holder declared."
    ),
    RefusalCode.NOT_VALIDATED: RefusalInfo(
        409, True, "The carnet has not been validated: only a Validation is possible."
    ),
    RefusalCode.ALREADY_VALIDATED: RefusalInfo(409, True, "The carnet is already validated."),
    RefusalCode.NO_VALIDATION_FOR_VEHICLES: RefusalInfo(
        409, True, "A vehicle carnet (CPD) is not validated: the vehicle is admitted on a valid carnet "
        "(1954 and 1956 conventions, art. 2 and 15)."
    ),
    RefusalCode.CARNET_EXPIRED: RefusalInfo(
        409, True, "The carnet has expired: only Re-exportation and Re-importation are possible."
    ),
    RefusalCode.CARNET_NOT_YET_VALID: RefusalInfo(409, True, "The carnet's validity has not started."),
    RefusalCode.REPLACEMENT_AFTER_ORIGINAL_EXPIRY: RefusalInfo(
        409, True, "Home customs validate and export a replacement carnet, and re-import its original, before "
        "the original carnet's validity is over; its last valid day has passed."
    ),
    RefusalCode.CARNET_ON_HOLD: RefusalInfo(
        409, True, "The carnet is on hold in this customs territory until an officer releases it."
    ),
    RefusalCode.TERRITORY_NOT_COVERED: RefusalInfo(
        409, True, "The carnet is not valid in this customs territory (Box P)."
    ),
    RefusalCode.NOT_HOME_TERRITORY: RefusalInfo(
        409, True, "This transaction type is done only by the customs of the carnet's home territory."
    ),
    RefusalCode.BAD_ITEM_RANGE: RefusalInfo(422, True, "An item range cannot be read."),
    RefusalCode.NO_GOODS_DECLARED: RefusalInfo(422, True, "No goods are declared."),
    RefusalCode.FINAL_DATE_INVALID: RefusalInfo(422, True, "The final date is not allowed."),
    RefusalCode.NO_OPEN_TRANSIT: RefusalInfo(
        409, True, "There is no open transit for this carnet in this customs territory."
    ),
    RefusalCode.EU_STEP_NOT_APPLICABLE: RefusalInfo(
        422, True, "Export and Exit apply only to Exportation in a two-step territory such as the EU."
    ),
    RefusalCode.CLOCK_SKEW: RefusalInfo(
        422, True, "The transaction time is too far from the central's clock."
    ),
    RefusalCode.WARNINGS_NOT_CONFIRMED: RefusalInfo(
        409, True, "The officer must confirm the warnings before committing."
    ),
    RefusalCode.UNKNOWN_TRANSACTION: RefusalInfo(404, True, "There is no such transaction."),
    RefusalCode.WRONG_CANCELLATION_CODE: RefusalInfo(
        403, True, "The cancellation code does not match this transaction."
    ),
    RefusalCode.ALREADY_CANCELLED: RefusalInfo(409, True, "The transaction is already cancelled."),
    RefusalCode.UNKNOWN_HOLD: RefusalInfo(404, True, "There is no such hold."),
    RefusalCode.HOLD_RELEASED: RefusalInfo(409, True, "The hold has already been released."),
    RefusalCode.HOLD_OTHER_OFFICE: RefusalInfo(
        403, True, "Only an officer of the office that placed the hold may release it."
    ),
    RefusalCode.ALREADY_ON_HOLD: RefusalInfo(409, True, "The carnet is already on hold in this territory."),
    RefusalCode.INTERNAL_ERROR: RefusalInfo(500, False, "The central failed; try again."),
    RefusalCode.UNAVAILABLE: RefusalInfo(503, False, "The central is unavailable; try again later."),
    # Pre-declarations and pre-notifications
    RefusalCode.UNKNOWN_PREDECLARATION: RefusalInfo(404, True, "There is no such pre-notification or pre-declaration."),
    RefusalCode.PREDECLARATION_DECIDED: RefusalInfo(
        409, True, "This pre-notification or pre-declaration has already been decided on."
    ),
    RefusalCode.PREDECLARATION_NOT_AUTOMATIC: RefusalInfo(
        409, True, "Only a pre-declaration that allows automatic transaction, with its carnet and declaration, "
        "can be committed."
    ),
    RefusalCode.PREDECLARATION_OTHER_OFFICE: RefusalInfo(
        403, True, "Only officers of the office it is addressed to may act on this pre-declaration."
    ),
    # Shifts (issue 7: supervisor desk, hand-over)
    RefusalCode.SHIFT_ALREADY_OPEN: RefusalInfo(
        409, True, "A shift is already open at this office: hand it over before opening another."
    ),
    RefusalCode.UNKNOWN_SHIFT: RefusalInfo(404, True, "There is no such shift."),
    RefusalCode.SHIFT_CLOSED: RefusalInfo(409, True, "The shift has already been handed over."),
    # Vehicle carnets (issue 8: CPD)
    RefusalCode.CPD_RULE: RefusalInfo(
        409, True, "A rule of the vehicle conventions (1954, 1956) stops this: see the decisions given."
    ),
    RefusalCode.NOT_A_VEHICLE_CARNET: RefusalInfo(
        409, True, "This is an ATA carnet: only a vehicle carnet (CPD) has a vehicle file."
    ),
    RefusalCode.UNKNOWN_RECORD: RefusalInfo(404, True, "There is no such record on this vehicle file."),
    RefusalCode.SIGN_IN_FAILED: RefusalInfo(401, True, "The account, the password or the code is wrong."),
    RefusalCode.TOO_MANY_ATTEMPTS: RefusalInfo(
        429, False, "Too many failed sign-ins: wait the time given in Retry-After, then try again."
    ),
    RefusalCode.SESSION_EXPIRED: RefusalInfo(401, True, "The session has ended: sign in again."),
    RefusalCode.CHALLENGE_EXPIRED: RefusalInfo(401, True, "The sign-in took too long or was refused: start again."),
    RefusalCode.WEAK_PASSWORD: RefusalInfo(422, True, "The new password is not allowed: see the detail."),
    RefusalCode.WORKSTATION_REVOKED: RefusalInfo(
        403, True, "This workstation is not registered, or its registration was revoked: ask an administrator."
    ),
    RefusalCode.OFFLINE_GRANT_REFUSED: RefusalInfo(
        403, True, "The central does not accept this commit as made offline by that officer: a supervisor reviews it."
    ),
    RefusalCode.NOT_AN_INTEGRATION_ACCOUNT: RefusalInfo(
        409, True, "Tokens are issued to integration accounts only: officers sign in."
    ),
    RefusalCode.TOKEN_SCOPE: RefusalInfo(403, True, "This token does not cover this route or this office."),
    RefusalCode.UNKNOWN_SESSION: RefusalInfo(404, True, "There is no such session."),
    RefusalCode.UNKNOWN_WORKSTATION: RefusalInfo(404, True, "There is no such workstation."),
    RefusalCode.LIVE_DATABASE: RefusalInfo(
        409, True, "This is a live database: demo tooling never touches it."
    ),
    RefusalCode.OFFICE_INACTIVE: RefusalInfo(
        409, True, "This customs office is deactivated: it takes no new work. Work at an active office (change "
        "the office), or ask an administrator to activate it again."
    ),
    RefusalCode.OFFICE_IN_USE: RefusalInfo(
        409, True, "This customs office has records or people that need it (see the detail): deactivate it instead, "
        "or move them first."
    ),
    RefusalCode.REGION_IN_USE: RefusalInfo(
        409, True, "This customs region still has offices or accounts (see the detail): move or delete them first."
    ),
    RefusalCode.ACCOUNT_IN_USE: RefusalInfo(
        409, True, "This account has a history (see the detail): disable it instead; it keeps its history."
    ),
    RefusalCode.NOT_A_SPREADSHEET: RefusalInfo(
        415, True, "This file is not a spreadsheet the central reads: send the template filled in, as XLSX or as "
        "CSV in UTF-8."
    ),
    RefusalCode.TOO_MANY_ROWS: RefusalInfo(
        413, True, "The file has more rows than one import takes (see the detail): split it into several files."
    ),
    RefusalCode.IMPORT_REFUSED: RefusalInfo(
        422, True, "Some rows have problems (listed in the report): nothing was imported. Correct them and send "
        "the file again."
    ),
    RefusalCode.ROLE_NOT_GRANTABLE: RefusalInfo(
        422, True, "No account may be given this role: a trainer exists only on a training central, which seeds it. "
        "Choose another role."
    ),
    RefusalCode.UNKNOWN_EXERCISE: RefusalInfo(404, True, "There is no such exercise in this classroom."),
    RefusalCode.UNKNOWN_TRAINEE: RefusalInfo(404, True, "There is no such trainee in this classroom."),
    RefusalCode.NOT_YOUR_CODE_SET: RefusalInfo(
        403, True, "This carnet belongs to another trainee's code set: work on the carnets of your own QR sheet."
    ),
    RefusalCode.EXERCISE_PAUSED: RefusalInfo(
        409, False, "The trainer paused this exercise: wait until the trainer resumes it."
    ),
    RefusalCode.EXERCISE_FINISHED: RefusalInfo(
        409, True, "This exercise is finished: read its verdict, or reset it to try again."
    ),
    RefusalCode.LINK_CUT: RefusalInfo(
        503, False, "The trainer cut this desk's link to the classroom central: work offline until it is restored."
    ),
}


def info(code: RefusalCode) -> RefusalInfo:
    return _INFO[code]


def is_permanent(code: str) -> bool:
    """Whether ``code`` (possibly one this version does not know) is permanent; unknown codes are not."""
    try:
        return _INFO[RefusalCode(code)].permanent
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Refusal:
    """A rule that stops a request, with the detail an officer needs."""

    code: RefusalCode
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Warning:
    """A finding the officer must confirm; ``items`` names the items concerned."""

    code: WarningCode
    items: str = ""
