"""A document as an email draft: ``<id>.eml``, ready for Outlook or Thunderbird to open and send.

RFC 5322 via the standard library's :mod:`email` (policy ``default``): multipart/mixed holding a
multipart/alternative (the text version, then the web page with the org's logo as a related
``cid:`` image, since mail clients block ``data:`` images) and the PDF as an attachment.
``X-Unsent: 1`` makes Outlook open it as a draft to send rather than a received message.

Every header value from the catalogue, the org profile or the command line is folded to one line
(no header injection through a title with a newline) and encoded by the policy; addresses are
parsed, and one that is not an address is refused with the reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UserError
from .page import render_page
from .text import render_text
from .view import WebView

# One address: an RFC 5322 dot-atom local part (no quoting, commas or spaces) at a domain name.
EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes


def one_line(value: str) -> str:
    """A header value on one line: every run of whitespace (newlines included) becomes one space."""
    return " ".join(value.split())


def address(value: str, display_name: str = "") -> object:
    """A mailbox from "a@b.org" or "Name <a@b.org>"; a :class:`UserError` saying why when it is not
    exactly one address (a comma-separated list, a stray newline or angle bracket is refused)."""
    from email.headerregistry import Address

    text = one_line(value)
    name, addr_spec = "", text
    if text.endswith(">") and "<" in text:
        name, addr_spec = text[: text.rindex("<")].strip().strip('"').strip(), text[text.rindex("<") + 1 : -1]
    if not EMAIL.fullmatch(addr_spec) or any(c in name for c in '<>"'):
        raise UserError(f"{text!r} is not one email address (expected e.g. parents@school.example or "
                        "'Parents <parents@school.example>')")
    return Address(display_name=one_line(display_name or name), addr_spec=addr_spec)


def email_draft(view: WebView, pdf: Attachment | None, *, to: Sequence[str] = (), subject: str | None = None,
                sender: str | None = None) -> bytes:
    """The draft's bytes (CRLF line ends, as .eml files have). ``sender`` is the From address (the
    org's contact email); with none the draft has no From and the mail client fills it in. ``pdf``
    is None for a web-only document (no PDF for its script): the draft is its text and web page."""
    from email.message import EmailMessage
    from email.policy import default

    document = view.document
    message = EmailMessage(policy=default)
    message["Subject"] = one_line(subject if subject is not None else document.title) or one_line(document.title)
    if sender:
        message["From"] = address(sender, view.source)
    if to:
        message["To"] = [address(recipient) for recipient in to]
    message["X-Unsent"] = "1"
    message.set_content(render_text(view), subtype="plain", charset="utf-8")
    cid = None
    if view.logo:
        cid = f"logo.{hashlib.sha256(view.logo.data).hexdigest()[:16]}@packgen.invalid"
    message.add_alternative(render_page(view, logo_src=f"cid:{cid}" if cid else None), subtype="html",
                            charset="utf-8")
    if view.logo and cid:
        html = next(part for part in message.iter_parts() if part.get_content_type() == "text/html")
        assert isinstance(html, EmailMessage)
        maintype, subtype = view.logo.media_type.split("/")
        html.add_related(view.logo.data, maintype=maintype, subtype=subtype, cid=f"<{cid}>",
                         disposition="inline")
    if pdf is not None:
        message.add_attachment(pdf.data, maintype="application", subtype="pdf", filename=one_line(pdf.filename))
    return message.as_bytes(policy=default.clone(linesep="\r\n"))
