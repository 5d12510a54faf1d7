"""Checking built files against their plans: QR codes decode to the planned URLs, expected texts
are present, the PDF is tagged (pdf_inspect and tagged read PDFs; documents compares); qr_codes
decodes a freshly rendered PDF's codes for the build before it is written.

May import: catalogue, plan, model, i18n.
"""
