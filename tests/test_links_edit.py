"""packgen.links.yaml_edit: change a value in place and leave every other byte alone."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from packgen.links.yaml_edit import Change, EditRefused, edit_yaml_text, rewrite_yaml_file

DAY = dt.date(2026, 11, 29)

STYLED = """\
# Services, written in several styles on purpose.
services:

  # plain url, comment after it
  - id: plain
    url: https://a.example.org/old   # keep this comment
    audiences: [young-people,  parents]

  - id: double
    url: "https://b.example.org/old"
    checked: 2025-01-01
    audiences:
      - parents

  - id: single
    url: 'https://c.example.org/old'
    display_url: c.example.org/old
    audiences: [parents]    # last line of the item
documents: []
"""


def _only_lines_differ(before: str, after: str, lines: set[int]) -> None:
    """Same number of lines, and every line not in ``lines`` (1-based) byte-identical."""
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    assert [n for n, (a, b) in enumerate(zip(old, new), 1) if a != b] == sorted(lines)


@pytest.mark.parametrize(("index", "line", "expected"), [
    (0, 6, "    url: https://a.example.org/new?x=1&y=2   # keep this comment"),
    (1, 10, '    url: "https://b.example.org/new?x=1&y=2"'),
    (2, 16, "    url: 'https://c.example.org/new?x=1&y=2'"),
])
def test_a_url_changes_in_its_own_quoting_style(index: int, line: int, expected: str) -> None:
    new_url = {0: "https://a.example.org/new?x=1&y=2", 1: "https://b.example.org/new?x=1&y=2",
               2: "https://c.example.org/new?x=1&y=2"}[index]
    text, changed = edit_yaml_text(STYLED, [Change(("services", index, "url"), new_url)])
    _only_lines_differ(STYLED, text, {line})
    assert text.split("\n")[line - 1] == expected
    assert [(c.line, c.after) for c in changed] == [(line, expected)]
    assert changed[0].before == STYLED.split("\n")[line - 1]


def test_a_plain_url_that_would_not_read_back_is_quoted() -> None:
    text, _ = edit_yaml_text(STYLED, [Change(("services", 0, "url"), "https://a.example.org/x #top")])
    assert '    url: "https://a.example.org/x #top"   # keep this comment' in text


def test_an_existing_checked_date_is_replaced() -> None:
    text, changed = edit_yaml_text(STYLED, [Change(("services", 1, "checked"), DAY)])
    _only_lines_differ(STYLED, text, {11})
    assert changed[0].after == "    checked: 2026-11-29"


def test_a_missing_checked_date_is_added_after_the_last_one_line_key() -> None:
    text, changed = edit_yaml_text(STYLED, [Change(("services", 0, "checked"), DAY),
                                            Change(("services", 2, "checked"), DAY)])
    lines = text.split("\n")
    assert lines[6:8] == ["    audiences: [young-people,  parents]", "    checked: 2026-11-29"]
    assert lines[18:21] == ["    audiences: [parents]    # last line of the item", "    checked: 2026-11-29",
                            "documents: []"]
    assert [line for line in lines if "checked: 2026-11-29" not in line] == STYLED.split("\n")
    assert [(c.line, c.before) for c in changed] == [(8, None), (20, None)]


def test_a_missing_key_goes_after_a_one_line_value_not_inside_a_block_list() -> None:
    text = "services:\n  - id: a\n    url: https://a.example.org/\n    audiences:\n      - parents\n"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "checked"), DAY)])
    assert new_text == ("services:\n  - id: a\n    url: https://a.example.org/\n    checked: 2026-11-29\n"
                        "    audiences:\n      - parents\n")


def test_other_indentation_styles_are_kept() -> None:
    text = "services:\n- id: a\n  url: https://a.example.org/\n  audiences: [x]\n"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "url"), "https://a.example.org/b"),
                                        Change(("services", 0, "checked"), DAY)])
    assert new_text == "services:\n- id: a\n  url: https://a.example.org/b\n  audiences: [x]\n  checked: 2026-11-29\n"


def test_windows_line_endings_and_no_final_newline_are_kept() -> None:
    text = "services:\r\n  - id: a\r\n    url: https://a.example.org/\r\n    audiences: [x]"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "url"), "https://a.example.org/b"),
                                        Change(("services", 0, "checked"), DAY)])
    assert new_text == ("services:\r\n  - id: a\r\n    url: https://a.example.org/b\r\n    audiences: [x]\r\n"
                        "    checked: 2026-11-29")


def test_an_empty_value_is_filled_in() -> None:
    text = "services:\n  - id: a\n    checked:\n    url: https://a.example.org/\n"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "checked"), DAY)])
    assert new_text == "services:\n  - id: a\n    checked: 2026-11-29\n    url: https://a.example.org/\n"


def test_a_value_changed_since_the_check_is_refused() -> None:
    with pytest.raises(EditRefused, match=r"services\[0\]\.url has changed since it was checked"):
        edit_yaml_text(STYLED, [Change(("services", 0, "url"), "https://x.example.org/",
                                       old="https://a.example.org/elsewhere")])


def test_a_flow_mapping_cannot_take_a_new_key() -> None:
    text = "services:\n  - {id: a, url: 'https://a.example.org/'}\n"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "url"), "https://a.example.org/b,c")])
    assert new_text == "services:\n  - {id: a, url: 'https://a.example.org/b,c'}\n"
    with pytest.raises(EditRefused, match="add it by hand"):
        edit_yaml_text(text, [Change(("services", 0, "checked"), DAY)])


def test_a_plain_value_in_a_flow_mapping_is_quoted_when_it_must_be() -> None:
    text = "services:\n  - {id: a, url: https://a.example.org/}\n"
    new_text, _ = edit_yaml_text(text, [Change(("services", 0, "url"), "https://a.example.org/b,c")])
    assert new_text == 'services:\n  - {id: a, url: "https://a.example.org/b,c"}\n'


def test_rewriting_a_file_keeps_its_bytes_and_permissions(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + STYLED.encode())
    os.chmod(path, 0o640)
    changed = rewrite_yaml_file(path, [Change(("services", 0, "url"), "https://a.example.org/new")])
    assert [c.line for c in changed] == [6]
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# Services")
    assert data.replace(b"a.example.org/new", b"a.example.org/old") == b"\xef\xbb\xbf" + STYLED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
