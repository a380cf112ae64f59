"""Help for each step (F1), from the Customs User Guide's instructions (lines 1810-2698), in the officer's
words and with this workstation's keys."""

from __future__ import annotations

from carnet_domain.transaction_types import TransactionType as T
from ecarnet_tui.i18n import _


def help_for(step: int, kind: T | None = None, *, vehicle: bool = False) -> tuple[str, list[str]]:
    """The title and the points of the help for ``step`` (1-5) of a ``kind`` transaction; ``vehicle``: of a
    vehicle carnet (CPD), whose step 3 checks the vehicle."""
    title, points = _vehicle_help(kind) if vehicle and step == 3 else _step_help(step, kind)
    return title, [*points, _("Everywhere: F1 this help, Ctrl+R reconnect and reload, F9 sign out, Ctrl+W switch "
                              "officer (your transaction is kept for you), F12 draw the whole screen again (after "
                              "another program wrote on the terminal), Ctrl+Q quit.")]


def _step_help(step: int, kind: T | None) -> tuple[str, list[str]]:
    if step == 1:
        return _("Step 1 — Scan"), [
            _("Scan the holder's transaction QR (phone or printout), or type the carnet number or ID and the "
              "transaction code the holder gives you."),
            _("A scanner that types the whole QR into either field is recognised: both fields are filled."),
            _("F5 starts or stops the camera: hold the QR in front of it and the carnet is looked up as soon "
              "as it is read. F6 reads the QR from an image file."),
            _("Check the customs office; change it if you work at another office of your region."),
            _("Enter or Ctrl+N looks the carnet up; Ctrl+L clears the form. Ctrl+O lists the carnets on hold at "
              "this office."),
            _("Ctrl+D opens the desk: pre-declarations, transit monitoring and, for controllers and managers, "
              "the supervisor's desk and the logs."),
            _("Enter on a transaction in the list below cancels it, with the holder's cancellation code. "
              "F7 and F8 page through the list."),
            _("On a training central, F2 opens your exercises: each one's brief and codes, and your verdict."),
        ]
    if step == 2:
        return _("Step 2 — Check carnet"), [
            _("Check the holder, the validity (valid until is the last day it may be used) and the goods' "
              "total value against the carnet shown."),
            _("Double-check the transaction type on the top line: it is what the holder declared."),
            _("The history shows earlier transactions; Box P lists the customs territories where the carnet "
              "is valid."),
            _("An expired carnet allows only Re-exportation and Re-importation."),
            _("Ctrl+O puts the carnet on hold with a reason (it blocks every transaction in this territory); "
              "on a carnet held at this office it releases the hold and resumes. Ctrl+T rejects the "
              "declaration with a reason."),
        ]
    if step == 3:
        points = [
            _("Check the goods being declared against the general list; Enter on an item types its "
              "identification marks."),
            _("Change the declared items if needed (e.g. 1-2,5,7,9-10) and press Ctrl+U (or Enter) to update "
              "the list and the totals. Ctrl+F filters the list."),
            _("The holder's fields (means of transport, packaging, remarks) can be corrected here."),
        ]
        if kind in (T.REEXPORTATION, T.REIMPORTATION):
            points.append(_("Goods diverted to home use are those that will NOT be re-exported or re-imported."))
        if kind is T.REIMPORTATION:
            points.append(_("Declare goods that have undergone processing abroad."))
        if kind is T.VALIDATION:
            points.append(_("A Validation covers the whole general list."))
        return _("Step 3 — Check goods"), points
    if step == 4:
        points = []
        if kind is T.VALIDATION:
            points.append(_("Say whether the goods were examined."))
        if kind in (T.EXPORTATION, T.PRE_EXPORTATION):
            points.append(_("Set the final date for duty-free re-importation (not after the carnet's validity)."))
            points.append(_("In the EU: Export prepares the formality (Pre-exportation); Exit, here or at the "
                            "office where the goods leave, completes it. Exit alone does both."))
        if kind is T.IMPORTATION:
            points.append(_("Set the final date for duty-free re-exportation; left blank it is the carnet's "
                            "validity."))
        if kind is T.REEXPORTATION:
            points.append(_("Note the action taken on goods produced but not re-exported, and on goods not "
                            "produced and not intended for re-exportation."))
        if kind is T.TRANSIT_OPEN:
            points.append(_("Set the final date for re-exportation or production to Customs, and the customs "
                            "seals applied."))
        points += [
            _("Type the customs reference number and any remarks."),
            _("Ctrl+N commits. Escape goes back without losing anything typed."),
        ]
        return _("Step 4 — Commit"), points
    return _("Step 5 — Receipt"), [
        _("Show the verification QR to the holder, or read out the verification code: it proves the "
          "transaction was committed."),
        _("If the holder disagrees, type the cancellation code they show: the transaction is cancelled and "
          "you can correct it and commit again."),
        _("Ctrl+N starts a new transaction."),
    ]


def _vehicle_help(kind: T | None) -> tuple[str, list[str]]:
    points = [
        _("At the top: the entry or exit judged against the vehicle file. A single-journey carnet back again, a "
          "vehicle already inside, or an exit with no open entry stops the transaction (Ctrl+O holds it). An "
          "exit 1 to 14 days after the final date D is timely if the holder explains the delay: type the "
          "explanation in Delay explained. From D+15 the exit is recorded and flagged for the controller."),
        _("Compare the vehicle with the particulars shown: registration and country, make, chassis (VIN), "
          "engine number, colour, body and accessories."),
        _("If plate, VIN and engine number all match the carnet, press Ctrl+Y: that is the whole check. If one "
          "differs, type what you read on the vehicle in its field (leave the others blank) and press Ctrl+Y: "
          "the blank ones are taken as matching. Enter in a field checks too."),
        _("A difference stops the transaction, with what the carnet says, what you read and the article. "
          "Ctrl+O puts the carnet on hold with that reason (Enter to confirm it)."),
        _("If someone other than the holder drives, check the holder's authorisation and press Ctrl+D (or "
          "Space on the switch): it is recorded in the customs remarks. For a private vehicle (1954) type the "
          "driver's country of residence: a driver living in this customs territory may not drive here."),
    ]
    if kind is T.IMPORTATION:
        points.append(_("At entry, give the driver the reminder shown (carriage inside the country)."))
    points.append(_("Ctrl+N goes on to Commit with the vehicle declared as item 1."))
    return _("Step 3 — Check vehicle"), points


def vehicle_file_help() -> tuple[str, list[str]]:
    """The help of the vehicle file (Desk menu)."""
    return _("Vehicle file (CPD)"), [
        _("Type the carnet's number or ID and Enter: its passages with their final dates D, how each stay "
          "ended, its extension, seizures and discharge. Ctrl+R loads it again."),
        _("Ctrl+A records on it: a seizure and its release (a seizure by the authorities adds its days to D; "
          "one at the suit of private persons adds nothing), or the end of a stay without exit (duties paid, "
          "abandoned, destroyed under supervision after an authenticated accident, lost by force majeure)."),
        _("Controllers also record the extension granted by the customs of the guaranteeing association's "
          "country (once, normally at most three months: mark a longer one exceptional), a certificate of "
          "location from an authority outside the country, and the notification of a non-discharge."),
        _("In a form Enter goes to the next field and Ctrl+N records. A refusal names the rule and its "
          "article; Ctrl+A opens the form again with what you typed."),
    ]
