"""The central's refusals in the officer's language: what happened and what to do next."""

from __future__ import annotations

from carnet_domain.refusals import RefusalCode as R
from carnet_domain.refusals import WarningCode as W
from ecarnet_tui.i18n import _


def refusal_text(code: str) -> str | None:
    """The translated explanation of a refusal code, or ``None`` for a code this version does not know."""
    texts = {
        R.UNKNOWN_CARNET: _("No carnet has this number or ID. Check it against the holder's QR or carnet."),
        R.AMBIGUOUS_CARNET: _("This matches one carnet's number and another carnet's ID: type the full carnet number."),
        R.WRONG_TRANSACTION_CODE: _("This transaction code does not belong to this carnet. Ask the holder to show it again."),
        R.CODE_USED: _("This transaction code has already been used. Ask the holder for the code of a new declaration."),
        R.TYPE_MISMATCH: _("The transaction type does not match what the holder declared."),
        R.NOT_VALIDATED: _("The carnet has not been validated yet: only a Validation is possible."),
        R.ALREADY_VALIDATED: _("The carnet is already validated."),
        R.NO_VALIDATION_FOR_VEHICLES: _("A vehicle carnet (Carnet de Passages en Douane) is not validated: the "
                                        "vehicle is admitted on a valid carnet (1954 and 1956 conventions, art. 2 "
                                        "and 15). Ask the holder for the declaration of the vehicle's entry "
                                        "(Importation) or exit (Re-exportation)."),
        R.CARNET_EXPIRED: _("The carnet has expired: only Re-exportation and Re-importation are possible."),
        R.CARNET_NOT_YET_VALID: _("The carnet's validity has not started yet."),
        R.REPLACEMENT_AFTER_ORIGINAL_EXPIRY: _("Too late for this step of a replacement: home customs validate and "
                                               "export the replacement carnet, and re-import the original, by the "
                                               "original carnet's last valid day."),
        R.CARNET_ON_HOLD: _("The carnet is on hold in this customs territory until an officer of the holding office releases it."),
        R.TERRITORY_NOT_COVERED: _("The carnet is not valid in this customs territory (Box P)."),
        R.NOT_HOME_TERRITORY: _("This transaction is done only by the customs of the carnet's home territory."),
        R.BAD_ITEM_RANGE: _("An item range cannot be read."),
        R.NO_GOODS_DECLARED: _("No goods are declared."),
        R.FINAL_DATE_INVALID: _("The final date is not allowed: it must be between today and the carnet's validity."),
        R.NO_OPEN_TRANSIT: _("There is no open transit for this carnet in this customs territory."),
        R.EU_STEP_NOT_APPLICABLE: _("Export and Exit apply only to Exportation in the European Union."),
        R.CLOCK_SKEW: _("This workstation's clock is too far from the central's. Check the date and time."),
        R.WARNINGS_NOT_CONFIRMED: _("Some findings need your confirmation before committing."),
        R.WRONG_CANCELLATION_CODE: _("The cancellation code does not match this transaction. Ask the holder again."),
        R.ALREADY_CANCELLED: _("This transaction is already cancelled."),
        R.OFFICE_NOT_IN_REGION: _("That customs office is not in your region."),
        R.OFFICE_NOT_IN_SESSION: _("You are signed in at another customs office. Sign in again (F9) and choose this "
                                   "office."),
        R.OTHER_TERRITORY: _("This concerns another customs territory: only its own customs may record it."),
        R.UNAUTHENTICATED: _("The central does not accept this account's token. Ask your admin for a new token."),
        R.ACCOUNT_DISABLED: _("This account is disabled. Ask your admin."),
        R.FORBIDDEN: _("Your role does not allow this."),
        R.UNAVAILABLE: _("The central is unavailable. Try again in a moment."),
        R.INTERNAL_ERROR: _("The central failed. Try again; if it keeps failing, call the help desk."),
        # Pre-declarations and pre-notifications (issue 7)
        R.UNKNOWN_PREDECLARATION: _("There is no such pre-notification or pre-declaration."),
        R.PREDECLARATION_DECIDED: _("This pre-declaration has already been decided on: reload the list."),
        R.PREDECLARATION_NOT_AUTOMATIC: _("Only a pre-declaration that allows automatic transaction can be committed."),
        R.PREDECLARATION_OTHER_OFFICE: _("Only officers of the office it is addressed to may act on this pre-declaration."),
        # Vehicle carnets (issue 8)
        R.CPD_RULE: _("A rule of the vehicle conventions stops this: see the reasons given."),
        R.NOT_A_VEHICLE_CARNET: _("This is an ATA carnet: only a vehicle carnet (CPD) has a vehicle file."),
        R.UNKNOWN_RECORD: _("There is no such record on this vehicle file: reload it."),
        # The classroom (issue 20)
        R.ROLE_NOT_GRANTABLE: _("No account may be given this role: a trainer exists only on a training central, "
                                "which seeds it. Choose another role."),
        R.UNKNOWN_EXERCISE: _("There is no such exercise in this classroom: reload the list."),
        R.UNKNOWN_TRAINEE: _("There is no such trainee in this classroom: reload the grid."),
        R.NOT_YOUR_CODE_SET: _("This carnet belongs to another trainee's code set: work on the carnets of your own "
                               "QR sheet."),
        R.EXERCISE_PAUSED: _("The trainer paused this exercise: wait until the trainer resumes it."),
        R.EXERCISE_FINISHED: _("This exercise is finished: read its verdict (F2), or reset it there to try again."),
        R.EXERCISE_CARNET_BUSY: _("Another exercise is in progress on this carnet: finish or abandon it first (F2)."),
        R.EXERCISE_NOT_STARTED: _("This carnet was used by another exercise: start the next one (F2), which gives "
                                  "a fresh carnet."),
        R.LINK_CUT: _("The trainer cut this desk's link to the classroom central: work offline until it is "
                      "restored."),
        R.SIGN_IN_FAILED: _("The account, the password or the code is wrong. Check them and try again."),
        R.TOO_MANY_ATTEMPTS: _("Too many failed sign-ins: wait a moment, then try again."),
        R.SESSION_EXPIRED: _("Your session has ended: sign in again. Nothing you typed is lost."),
        R.CHALLENGE_EXPIRED: _("The sign-in took too long or was refused too often: type the password again."),
        R.WEAK_PASSWORD: _("This password cannot be used."),
        R.WORKSTATION_REVOKED: _("This workstation's registration was revoked or is unknown: ask an administrator "
                                 "to register it again (ecarnet --register-workstation)."),
        R.OFFLINE_GRANT_REFUSED: _("The central does not accept this commit as made offline by that officer: a "
                                   "supervisor reviews it."),
        R.NOT_AN_INTEGRATION_ACCOUNT: _("Tokens are issued to integration accounts only: officers sign in."),
        R.TOKEN_SCOPE: _("This account's token does not cover this office or this part of the central."),
        R.UNKNOWN_SESSION: _("There is no such session."),
        R.UNKNOWN_WORKSTATION: _("There is no such workstation."),
        R.LIVE_DATABASE: _("This is a live database: the demo never touches it."),
        # The organisation (issue 19)
        R.OFFICE_INACTIVE: _("This customs office is deactivated: it takes no new work. Work at an active office "
                             "(sign in again with F9 and choose it), or ask an administrator to activate it."),
        R.OFFICE_IN_USE: _("This customs office still has records or people: deactivate it instead, or move them "
                           "first."),
        R.REGION_IN_USE: _("This region still has offices or accounts: move or delete them first."),
        R.ACCOUNT_IN_USE: _("This account has a history: disable it instead (Ctrl+D); it keeps its history."),
    }
    try:
        return texts.get(R(code))
    except ValueError:
        return None


def warning_text(code: str, items: str) -> str:
    texts = {
        W.ITEMS_NOT_IMPORTED_HERE: _("Items {items} were not imported into this customs territory (or were already re-exported)."),
        W.ITEMS_NOT_EXPORTED: _("Items {items} were not exported (or were already re-imported)."),
        W.TRANSIT_GOODS_DIFFER: _("The goods differ from the open transit, which covers items {items}."),
    }
    try:
        template = texts[W(code)]
    except (ValueError, KeyError):
        template = _("Finding {code} on items {items}.").replace("{code}", code)
    return template.format(items=items)
