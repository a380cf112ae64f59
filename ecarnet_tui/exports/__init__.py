"""Exports of the Logs (guide lines 2843-2973): the carnets and transactions lists as XLSX and CSV, and a
carnet's transactions as a ZIP of PDF vouchers and XML files with their schema. No Textual."""
