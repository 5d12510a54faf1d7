"""Refuse, before drawing, any character that no bundled font can show."""

from __future__ import annotations

from packgen.plan.documents import DocumentPlan, drawn_texts

from ..errors import UserError
from .fonts import describe_character, missing_characters, register_fonts


class MissingGlyphs(UserError):
    """A document uses a character no font has; it would print as a blank box."""


def check_glyphs(plan: DocumentPlan) -> None:
    register_fonts()
    missing = missing_characters("".join(drawn_texts(plan)))
    if missing:
        described = ", ".join(describe_character(c) for c in missing)
        org = plan.org
        in_org = org is not None and any(c in "".join([org.name, org.footer or "", org.contacts_heading,
                                                        *org.contacts]) for c in missing)
        where = "the org profile (org.yaml, or the organisation's row)" if in_org else "resources.yaml"
        raise MissingGlyphs(f"document {plan.id}: no font has {described}; replace or remove "
                            f"{'it' if len(missing) == 1 else 'them'} in {where}")
