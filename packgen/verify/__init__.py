"""Checking built files against their plans: QR codes decode to the planned URLs, expected texts
are present, the PDF is tagged (pdf_inspect and tagged read PDFs; documents compares).

May import: catalogue, plan, model, i18n.
"""
