"""The Logs' exports from the screen (guide line 2863): the list shown as XLSX or CSV, and the chosen carnet's
transactions as a ZIP, saved in the exports folder; the message line names the file, and the vouchers made
without a QR. Files are made and written in thread workers; whatever stops one, the message line says what
failed and what to do (never "Exporting…" for ever)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import DataTable

from central_client.errors import CentralError
from central_contract.models import CarnetLog, CarnetLogDetail, CarnetLogPage, TransactionLogPage
from ecarnet_tui.exports.columns import as_text, carnet_columns, local, transaction_columns
from ecarnet_tui.exports.files import export_name, exports_folder, save_export
from ecarnet_tui.exports.tables import ROW_LIMIT, Table, csv_bytes, table
from ecarnet_tui.i18n import _, ngettext
from ecarnet_tui.printing.fonts import FontMissing, font_dirs
from ecarnet_tui.screens.common.workstation import WorkstationScreen
from ecarnet_tui.texts.labels import type_name
from ecarnet_tui.texts.problems import describe
from ecarnet_tui.worker_failures import LOG

if TYPE_CHECKING:
    from ecarnet_tui.exports.carnet_zip import Bundle


def failed_text(carnet: bool, problem: BaseException) -> str:
    """An export stopped by something unforeseen (``carnet``: the carnet's ZIP, else the list): what failed,
    why, and what to do."""
    if carnet:
        text = _("The carnet's transactions could not be exported ({problem}): nothing was saved. Try again; if "
                 "it fails again, tell your administrator what this line says.")
    else:
        text = _("The list could not be exported ({problem}): nothing was saved. Try again; if it fails again, "
                 "tell your administrator what this line says.")
    return text.format(problem=problem)


def unsaved_text(folder: Path, problem: OSError) -> str:
    """The file could not be written: why, and what to do."""
    return _("The export could not be saved ({problem}): check that {folder} can be written, or choose another "
             "folder with exports_folder in the settings, then export again.").format(problem=problem, folder=folder)


def no_qr_text(detail: CarnetLogDetail, bundle: Bundle) -> str:
    """Which vouchers of the ZIP have no QR, by carnet and transaction; empty when every one has its QR."""
    if not bundle.without_qr:
        return ""
    chosen = [tx for tx in detail.transactions if tx.transaction_id in bundle.without_qr]
    named = ", ".join(_("{type} {time} (transaction {id})").format(
        type=type_name(tx.type), time=as_text(local(tx.occurred_at)), id=tx.transaction_id) for tx in reversed(chosen))
    which = _("{transactions} of carnet {number}").format(number=detail.carnet.number, transactions=named)
    return ngettext(
        "No QR on the voucher of {which}: its verification code has characters a QR cannot hold; type the code "
        "to check it.",
        "No QR on the vouchers of {which}: their verification codes have characters a QR cannot hold; type each "
        "code to check it.", len(chosen)).format(which=which)


class LogsExports(WorkstationScreen):
    """What the Logs screen exports; it holds the lists it shows."""

    view: str
    carnet: CarnetLog | None
    carnets: CarnetLogPage | None
    transactions: TransactionLogPage | None

    def exports_folder(self) -> Path:
        settings = self.desk.settings
        return exports_folder(settings.receipts_path, settings.exports_path)

    def tell(self, text: str, *, problem: bool = True) -> None:
        """On the message line; as a notification if the officer has left the logs meanwhile."""
        if self.is_current:
            self.say(text, problem=problem)
        else:
            self.app.notify(text, severity="error" if problem else "information", markup=False)

    def highlighted(self, selector: str) -> str | None:
        """The key of the row under the cursor in the table ``selector``."""
        grid = self.query_one(selector, DataTable)
        if grid.row_count == 0:
            return None
        key = grid.ordered_rows[grid.cursor_row].key.value
        return str(key) if key is not None else None

    # --- the list shown, as XLSX or CSV -------------------------------------------------------------------

    def action_export(self, kind: str) -> None:
        training = self.desk.training
        moment = self.desk.clock()
        if self.view == "carnets":
            carnets = self.carnets or CarnetLogPage(items=[], total=0, limit=0, offset=0)
            data = table(_("Carnets"), carnet_columns(), carnets.items, available=carnets.total, training=training)
            name = export_name("carnets", kind, moment, training=training, extent=data.extent)
        else:
            page = self.transactions or TransactionLogPage(items=[], total=0, limit=0, offset=0)
            data = table(_("Transactions"), transaction_columns(), page.items, available=page.total,
                         training=training)
            subject = self.carnet.carnet_number if self.carnet is not None else ""
            name = export_name("transactions", kind, moment, training=training, subject=subject,
                               extent=data.extent)
        if not data.rows:
            self.say(_("Nothing to export: the list is empty."))
            return
        self.say(_("Exporting…"), problem=False)
        self.write_list(data, kind, name)

    @work(thread=True, exclusive=True, group="logs-list-export", exit_on_error=False)
    def write_list(self, data: Table, kind: str, name: str) -> None:
        try:
            from ecarnet_tui.exports.xlsx import xlsx_bytes  # openpyxl loads in this thread, not at start

            content = xlsx_bytes(data) if kind == "xlsx" else csv_bytes(data)
            path = save_export(content, self.exports_folder(), name)
        except OSError as exc:
            self.app.call_from_thread(self.tell, unsaved_text(self.exports_folder(), exc))
            return
        except Exception as exc:  # an export that cannot be made must not leave "Exporting…" on the screen
            LOG.exception("the list export failed")  # told here in words; the traceback goes to the log
            self.app.call_from_thread(self.tell, failed_text(False, exc))
            return
        if data.note:
            text = _("Saved {path}: the first {written} of {available} rows (at most {limit}); filter the list to "
                     "export the others.").format(path=path, written=len(data.written), available=data.available,
                                                  limit=ROW_LIMIT)
        else:
            text = _("Saved {path} ({rows} rows).").format(path=path, rows=len(data.written))
        self.app.call_from_thread(self.tell, text, problem=False)

    # --- a carnet's transactions, as a ZIP ---------------------------------------------------------------

    def chosen_carnet(self) -> str | None:
        """The carnet whose transactions F8 exports: the one shown, or the one under the cursor."""
        if self.view == "carnets":
            return self.highlighted("#log-carnets")
        if self.carnet is not None:
            return self.carnet.carnet_id
        chosen = self.highlighted("#log-transactions")
        rows = self.transactions.items if self.transactions else []
        return next((row.carnet_id for row in rows if row.transaction_id == chosen), None)

    def action_export_zip(self) -> None:
        carnet_id = self.chosen_carnet()
        if carnet_id is None:
            self.say(_("Choose a carnet in the list first."))
            return
        self.say(_("Preparing the carnet's transactions…"), problem=False)
        self.fetch_for_zip(carnet_id)

    @work(exclusive=True, group="logs-zip-fetch", exit_on_error=False)
    async def fetch_for_zip(self, carnet_id: str) -> None:
        try:
            detail = await self.desk.central.carnet_log_detail(carnet_id)
        except CentralError as exc:
            self.tell(describe(exc))
            return
        except Exception as exc:  # never "Preparing…" for ever
            LOG.exception("fetching a carnet's transactions for the ZIP failed")
            self.tell(failed_text(True, exc))
            return
        if not detail.transactions:
            self.tell(_("Nothing to export: the carnet has no transaction."))
            return
        self.write_zip(detail, self.desk.training or any(tx.training for tx in detail.transactions))

    @work(thread=True, exclusive=True, group="logs-zip-write", exit_on_error=False)
    def write_zip(self, detail: CarnetLogDetail, training: bool) -> None:
        try:
            from ecarnet_tui.exports.carnet_zip import carnet_transactions_zip  # fpdf2 loads in this thread

            name = export_name("transactions", "zip", self.desk.clock(), training=training,
                               subject=detail.carnet.number)
            bundle = carnet_transactions_zip(detail, training=training,
                                             font_dirs=font_dirs(self.desk.settings.font_path))
            path = save_export(bundle.data, self.exports_folder(), name)
        except FontMissing as exc:
            self.app.call_from_thread(self.tell, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self.tell, unsaved_text(self.exports_folder(), exc))
            return
        except Exception as exc:  # never "Preparing…" for ever
            LOG.exception("the carnet's ZIP export failed")
            self.app.call_from_thread(self.tell, failed_text(True, exc))
            return
        if bundle.written < bundle.available:
            text = _("Saved {path}: the {written} most recent of {available} transactions (at most 25), each as "
                     "PDF and XML.").format(path=path, written=bundle.written, available=bundle.available)
        else:
            text = _("Saved {path}: {written} transactions, each as PDF and XML.").format(
                path=path, written=bundle.written)
        missing = no_qr_text(detail, bundle)
        self.app.call_from_thread(self.tell, f"{text} {missing}" if missing else text, problem=bool(missing))
