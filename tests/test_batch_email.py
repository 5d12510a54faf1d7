"""`packgen batch --email ID`: one email draft per organisation, from the organisation's email."""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

from test_batch import DOCUMENTS, batch, folder  # noqa: F401  (the fixture)

HEADER = "id,name,email,contact_1\r\n"
ROWS = ("st-marys,St Mary's C of E Primary,dsl@st-marys.example,\"Mrs A Patel, DSL (Room 14)\"\r\n"
        "hilltop,Hilltop Academy,,\"Ms C Okafor, DSL\"\r\n")


def test_each_organisation_gets_its_own_draft(folder: Path) -> None:
    result = batch(folder, HEADER + ROWS, "--email", "parents-trifold")
    assert result.exit_code == 0, result.output
    for org_id, name, sender in (("st-marys", "St Mary's C of E Primary", "dsl@st-marys.example"),
                                 ("hilltop", "Hilltop Academy", None)):
        draft = folder / "output" / org_id / "parents-trifold.eml"
        message = email.message_from_bytes(draft.read_bytes(), policy=default)
        assert message["X-Unsent"] == "1" and message["Subject"] == "Sextortion: a guide for parents and carers"
        if sender:
            assert message["From"].addresses[0].addr_spec == sender
            assert message["From"].addresses[0].display_name == name
        else:
            assert message["From"] is None
        body = message.get_body(("plain",))
        assert body is not None and name in body.get_content()
        (pdf,) = list(message.iter_attachments())
        assert pdf.get_content() == (folder / "output" / org_id / "parents-trifold.pdf").read_bytes()


def test_an_unknown_document_is_refused_before_anything_is_built(folder: Path) -> None:
    result = batch(folder, HEADER + ROWS, "--email", "nope")
    assert result.exit_code == 1 and "--email: unknown document 'nope'" in result.output
    assert not (folder / "output").exists()


def test_a_bad_email_column_names_its_row(folder: Path) -> None:
    result = batch(folder, HEADER + "bad,Bad School,not-an-address,\r\n" + ROWS)
    assert result.exit_code == 1
    assert "row 2" in result.output and "email" in result.output and "not an email address" in result.output
