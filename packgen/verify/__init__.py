"""Checking built files against their plans: QR codes decode to the planned URLs, expected texts
are present (pdf_inspect reads PDFs; documents compares).

May import: catalogue, plan, model, i18n.
"""
