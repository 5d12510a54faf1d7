"""`packgen email ID`: an RFC 5322 draft of a document, read back with Python's email package."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from test_org_render import ORGS, plans_for, write_pack

from packgen.cli import main
from packgen.web.page import render_page
from packgen.web.text import render_text
from packgen.web.view import web_view


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def read_draft(path: Path) -> EmailMessage:
    data = path.read_bytes()
    message = email.message_from_bytes(data, policy=default)
    assert isinstance(message, EmailMessage)
    assert all(not part.defects for part in message.walk()), [part.defects for part in message.walk()]
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF throughout, as .eml files are
    return message


def parts(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def test_a_draft_holds_the_text_and_web_versions_and_the_pdf(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", {**ORGS["crest"], "email": "safeguarding@hillside.example"})
    result = run("email", "leaflet", "--catalogue", folder / "resources.yaml", "--to", "parents@hillside.example",
                 "--to", "Year 9 Parents <year9@hillside.example>")
    assert result.exit_code == 0, result.output
    draft = folder / "output" / "leaflet.eml"
    assert f"Wrote {draft} from safeguarding@hillside.example" in result.output
    message = read_draft(draft)
    assert parts(message) == ["multipart/mixed", "multipart/alternative", "text/plain", "multipart/related",
                              "text/html", "image/png", "application/pdf"]
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Being blackmailed?"
    assert message["From"].addresses[0].display_name == "Hillside Academy"
    assert message["From"].addresses[0].addr_spec == "safeguarding@hillside.example"
    assert [a.addr_spec for a in message["To"].addresses] == ["parents@hillside.example", "year9@hillside.example"]
    plan = plans_for(folder)["leaflet"]
    view = web_view(plan)
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == render_text(view)
    html = message.get_body(("html",))
    assert html is not None
    logo = next(part for part in message.walk() if part.get_content_type() == "image/png")
    cid = logo["Content-ID"].strip("<>")
    assert html.get_content().replace("\r\n", "\n") == render_page(view, logo_src=f"cid:{cid}")
    assert logo.get_content() == (folder / "images/crest.png").read_bytes()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "leaflet.pdf"
    assert attachment.get_content() == (folder / "output" / "leaflet.pdf").read_bytes()


def test_without_an_org_email_there_is_no_from_and_o_names_the_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", None)
    target = tmp_path / "drafts" / "to-send.eml"
    result = run("email", "poster", "--catalogue", folder / "resources.yaml", "-o", target,
                 "--subject", "Please share: help for young people")
    assert result.exit_code == 0, result.output
    message = read_draft(target)
    assert message["From"] is None and message["To"] is None
    assert message["Subject"] == "Please share: help for young people"
    assert parts(message) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                              "application/pdf"]
    assert not (folder / "output" / "poster.eml").exists()


def test_no_header_injection_through_a_title_or_a_subject(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", None)
    catalogue = yaml.safe_load((folder / "resources.yaml").read_text())
    catalogue["documents"][0]["title"] = "Being blackmailed?\nBcc: everyone@example.org\r\nX-Evil: 1"
    (folder / "resources.yaml").write_text(yaml.safe_dump(catalogue), encoding="utf-8")
    doc_id = catalogue["documents"][0]["id"]
    assert run("email", doc_id, "--catalogue", folder / "resources.yaml").exit_code == 0
    message = read_draft(folder / "output" / f"{doc_id}.eml")
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Subject"] == "Being blackmailed? Bcc: everyone@example.org X-Evil: 1"
    result = run("email", doc_id, "--catalogue", folder / "resources.yaml", "--subject", "Hi\r\nBcc: x@example.org")
    assert result.exit_code == 0
    message = read_draft(folder / "output" / f"{doc_id}.eml")
    assert message["Bcc"] is None and message["Subject"] == "Hi Bcc: x@example.org"


def test_a_bad_recipient_or_document_is_a_plain_error_and_writes_nothing(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", None)
    for bad in ("a@b.org, c@d.org", "not an address", "x@y.org\nBcc: z@w.org", "<x@y.org"):
        result = run("email", "leaflet", "--catalogue", folder / "resources.yaml", "--to", bad)
        assert result.exit_code == 1 and "is not one email address" in result.output, (bad, result.output)
        assert "Traceback" not in result.output
    assert not (folder / "output").exists()
    result = run("email", "nope", "--catalogue", folder / "resources.yaml")
    assert result.exit_code == 1 and "unknown document 'nope'" in result.output


def test_an_org_name_with_a_newline_or_quotes_stays_in_the_from_header() -> None:
    import dataclasses

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.catalogue.project import load_project
    from packgen.plan.documents import plan_documents
    from packgen.web.draft import Attachment, email_draft

    project = load_project(bundled_catalogue())
    plan = next(p for p in plan_documents(project.catalogue, project.layouts) if p.id == "adults-poster")
    view = dataclasses.replace(web_view(plan), source='St "Mary\'s"\r\nBcc: everyone@example.org')
    data = email_draft(view, Attachment("adults-poster.pdf", b"%PDF-1.7\n"), sender="dsl@school.example")
    message = email.message_from_bytes(data, policy=default)
    assert message["Bcc"] is None
    (sender,) = message["From"].addresses
    assert sender.display_name == 'St "Mary\'s" Bcc: everyone@example.org'
    assert sender.addr_spec == "dsl@school.example"
