"""Printed receipts: the PDF (voucher and counterfoil), saving it and sending it to a printer. No Textual."""
