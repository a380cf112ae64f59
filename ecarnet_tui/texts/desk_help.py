"""Help (F1) for the desk's screens beyond the five steps: the lists and what each key does there, from the
Customs User Guide's chapters on holds, pre-declarations, transit monitoring, the supervisor and the logs."""

from __future__ import annotations

from ecarnet_tui.i18n import _

Help = tuple[str, list[str]]


def everywhere() -> str:
    return _("Everywhere: F1 this help, Escape back, F9 sign out, Ctrl+W switch officer, F12 draw the whole screen "
             "again (after another program wrote on the terminal), Ctrl+Q quit (it asks first when commits wait in the "
             "queue).")


def _help(title: str, points: list[str]) -> Help:
    return title, [*points, everywhere()]


def holds_help() -> Help:
    return _help(_("Carnets on hold at this office"), [
        _("The carnets put on hold at this office, oldest first; the line under the table shows the chosen one "
          "whole: who held it, when, at which step and why."),
        _("Enter on a carnet asks first: read the reason, then Y releases the hold and resumes the transaction "
          "where it stopped, with what was typed; N leaves it on hold."),
        _("Only an officer of the office that held a carnet releases it (guide, Putting a carnet on hold)."),
        _("Ctrl+R loads the list again."),
    ])


def log_transaction_help() -> Help:
    return _help(_("A transaction of the logs"), [
        _("Every field of the transaction, in the local time of the office that made it; the goods declared and "
          "the goods definitively imported (not re-exported or not re-imported, box F.b) apart."),
        _("Ctrl+P saves its voucher as PDF beside the receipts and sends it to the printer when one is set; the "
          "message line says where it went. Escape goes back to the logs."),
    ])


def predeclarations_help() -> Help:
    return _help(_("Pre-declarations and pre-notifications"), [
        _("What holders announced for the offices of your region, by arrival time. Enter opens one in full."),
        _("F4 shows or hides those already decided (rejected or committed). Ctrl+R loads the list again."),
    ])


def predeclaration_help() -> Help:
    return _help(_("A pre-declaration"), [
        _("Every field the holder sent, one per line."),
        _("Ctrl+A acknowledges it (the holder's appointment is confirmed); Ctrl+T rejects it with a reason: the "
          "goods must stop for inspection."),
        _("Ctrl+N, on a pre-declaration that allows automatic transaction, looks the carnet up and opens the "
          "transaction at step 2."),
        _("Only officers of the office it is addressed to act on it; others can read it."),
    ])


def transits_help() -> Help:
    return _help(_("Transit monitoring"), [
        _("Transits opened into this customs territory: in progress, closed in due time, or expired, each state "
          "said in words as well as in colour."),
        _("Enter opens a transit's details: where and when it was opened, its goods and its due date. Ctrl+R "
          "loads the list again."),
    ])


def statistics_help() -> Help:
    return _help(_("Statistics"), [
        _("The committed transactions of your region's offices (an Admin: every office): the chart shows the last 12 "
          "months, each month as the office counts it, in its own time zone."),
        _("F2 per transaction type, F3 per customs office, F4 per month, F5 the carnets to check (potential claims) "
          "with their value per currency. F6 saves the four tables as one XLSX workbook in the exports folder. "
          "Ctrl+R loads them again."),
    ])


def transit_details_help() -> Help:
    return _help(_("Transit details"), [
        _("The transit open as it was committed, its state, its due date and, once closed, where and when."),
    ])


def queue_help() -> Help:
    return _help(_("The offline queue"), [
        _("Every commit this workstation kept while the central was unreachable, newest first: waiting, accepted "
          "(its receipt is final), or refused by the central."),
        _("A refused commit waits for a controller or a manager: Ctrl+S sends it again corrected, Ctrl+O puts "
          "the carnet on hold at the central instead, Ctrl+D voids it with a reason. Every decision goes into "
          "the queue's journal and the central's audit trail."),
        _("Ctrl+E forgets the holder data kept for offline checks. Ctrl+R tries to send what waits now."),
    ])


def record_later_help() -> Help:
    return _help(_("Record for later"), [
        _("The central cannot be reached and this carnet was not looked up here lately: type what the holder "
          "shows (carnet, transaction code, type, goods). Nothing is checked here."),
        _("Ctrl+N keeps it in the offline queue and gives a local reference for the holder; the central checks "
          "and records it when the link is back, or refuses it for a supervisor to decide."),
    ])


def procedure_help() -> Help:
    return _help(_("Guided procedure"), [
        _("A procedure is a sequence of ordinary transactions (extension of final dates, termination, "
          "replacement carnets): the screen lists them and marks those done."),
        _("Scan or type the next declaration and Ctrl+N: it goes through the five steps as usual, then comes "
          "back here. Escape leaves the procedure."),
    ])


def supervisor_help(tab: str) -> Help:
    """The supervisor's desk, with the keys of the tab in front."""
    points = [_("Four tabs: Holds, Offline queue, Shift and Audit trail. Shift+Tab reaches the tab bar, where the "
                "arrow keys change tab; Down or Enter goes into the tab.")]
    points += {
        "holds": [_("Holds of this office (Ctrl+T: of the whole region), oldest first, with their age; the line "
                    "under the table shows the chosen one whole. Enter asks, then releases and resumes it (this "
                    "office's only).")],
        "queue": [_("Commits the central refused after an outage: Ctrl+S resubmits one corrected, Ctrl+O puts "
                    "its carnet on hold instead, Ctrl+D voids it with a reason.")],
        "shift": [_("The open shift, and the cancellations and rejections made since it opened, with their "
                    "reasons. Ctrl+B opens a shift; Ctrl+F hands it over with a note and saves its PDF report.")],
        "audit": [_("The region's audit trail, newest first: holds, releases, cancellations, rejections, queue "
                    "decisions and vehicle records. Type an account in the field and Enter to see only its "
                    "lines (blank: everyone).")],
    }.get(tab, [])
    points.append(_("Ctrl+R loads everything again."))
    return _help(_("The supervisor's desk"), points)


def logs_help() -> Help:
    return _help(_("Logs"), [
        _("F2 the carnets transacted with their reconciliation status (N/A while valid, To check, Terminated; a "
          "vehicle carnet's Discharged). F3 every transaction."),
        _("F4 filters the list shown: the carnets by status, validity and carnet type (ATA, CPD); the transactions "
          "by validity, carnet type and transaction type. The heading names the filters applied."),
        _("Enter on a carnet lists its transactions with the cleared goods; Enter on a transaction opens its "
          "details, from where Ctrl+P prints its voucher. F5 on a vehicle carnet opens its vehicle file."),
        _("F6 and F7 export the list shown as XLSX or CSV (500 rows at most); F8 exports the chosen carnet's "
          "transactions as PDF vouchers and XML in a ZIP. The message line names the file."),
    ])
