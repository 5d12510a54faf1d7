"""Property tests where a function has a law: markup, ids, in-place YAML edits, same-site checks."""

from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packgen.catalogue.bold import split_bold_spans, strip_bold
from packgen.catalogue.fields import ID_PATTERN, check_id
from packgen.links.sites import same_site, site_of
from packgen.links.yaml_edit import Change, edit_yaml_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
prose = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
marked = st.lists(st.one_of(prose, st.just("**")), max_size=8).map("".join)


@FAST
@given(marked)
def test_spans_rejoin_to_the_text_as_it_reads(text: str) -> None:
    spans = split_bold_spans(text)
    assert "".join(chunk for chunk, _ in spans) == strip_bold(text)
    assert all(chunk for chunk, _ in spans), "no empty spans"
    assert all(a[1] != b[1] for a, b in zip(spans, spans[1:])), "neighbours of one weight are merged"


@FAST
@given(marked)
def test_text_without_markers_reads_as_typed(text: str) -> None:
    plain = text.replace("*", "")
    assert strip_bold(plain) == plain


@FAST
@given(st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 60))
def test_every_slug_of_the_pattern_is_an_id(slug: str) -> None:
    assert check_id(slug) == slug


@FAST
@given(st.text(max_size=20))
def test_an_id_is_refused_exactly_when_it_breaks_the_pattern(text: str) -> None:
    try:
        check_id(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == bool(re.fullmatch(ID_PATTERN, text))


BASE = """\
# a comment that must survive
services:
  - id: childline   # trailing comment
    url: https://www.childline.org.uk/
    name: "Childline"
  - id: other
    url: 'https://example.org/a'
"""
urls = st.builds(lambda host, path: f"https://{host}.org.uk/{path}",
                 st.from_regex(r"[a-z][a-z0-9-]{0,12}[a-z0-9]", fullmatch=True),
                 st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/_.?=&%~", max_size=30))


@FAST
@given(urls, st.integers(min_value=0, max_value=1))
def test_an_in_place_edit_reads_back_as_intended_and_keeps_the_rest(url: str, index: int) -> None:
    new_text, changed = edit_yaml_text(BASE, [Change(("services", index, "url"), url)])
    data = yaml.safe_load(new_text)
    assert data["services"][index]["url"] == url
    other = 1 - index
    assert data["services"][other] == yaml.safe_load(BASE)["services"][other]
    assert "# a comment that must survive" in new_text and "# trailing comment" in new_text
    assert len(changed) == 1 and changed[0].path == ("services", index, "url")


labels = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)
hosts = st.lists(labels, min_size=1, max_size=4).map(".".join).map(lambda h: h + ".org.uk")


@FAST
@given(hosts, hosts)
def test_same_site_is_reflexive_and_symmetric(first: str, second: str) -> None:
    a, b = f"https://{first}/x", f"https://{second}/y"
    assert same_site(a, a)
    assert same_site(a, b) == same_site(b, a)
    assert site_of(f"www.{first}") == site_of(first)
