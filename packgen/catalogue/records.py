"""The catalogue's validated values without pydantic: what a process that only draws reads a plan with.

A cold one-document build forks an early worker (:mod:`packgen.build.early`) before pydantic is
imported; the command validates the catalogue with the pydantic models of :mod:`.layouts` and
:mod:`.models`, plans, and sends the worker the plan. Pickled as those models, the plan would make
the worker import pydantic and build every model (~60 ms, most of what the worker saves). So the
command pickles each model listed in :data:`RECORDS` as its *record*: the same class name, the
same validated values, the same properties (the methods live in mixins both share), and the
little of pydantic's API that drawing uses (reading fields, ``model_copy``, equality, hashing).
Nothing is validated again: the values are the models' own. A model not listed here (an org
profile's) is pickled as itself, and the worker imports pydantic to read it.

This module imports nothing from packgen but :mod:`.kinds` (a leaf), and nothing outside the
standard library: no pydantic.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from packgen.catalogue.kinds import kind_spec

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "letter": (215.9, 279.4),
}


class LayoutMethods:
    """What a layout says besides its fields, for :class:`~.layouts.Layout` and its record."""

    if TYPE_CHECKING:
        page: Any
        orientation: str
        kind: str
        bleed_mm: float

    @property
    def format_label(self) -> str:
        """The format in a reader's words: "A4 poster", "A4 folded leaflet (folds to DL)"."""
        paper = {"letter": "US letter"}.get(self.page, self.page) if isinstance(self.page, str) \
            else "{:g} × {:g} mm".format(*self.trim_size_mm)
        return kind_spec(self.kind).format_label(paper, bool(self.bleed_mm))

    @property
    def trim_size_mm(self) -> tuple[float, float]:
        """Finished (trimmed) page size in mm, orientation applied."""
        width, height = PAGE_SIZES_MM[self.page] if isinstance(self.page, str) else self.page
        if (self.orientation == "landscape") != (width > height):
            width, height = height, width
        return width, height


class ServiceMethods:
    """What a service says besides its fields, for :class:`~.models.Service` and its record."""

    if TYPE_CHECKING:
        display_url: str | None
        url: str | None

    @property
    def printed_url(self) -> str | None:
        """The url as printed under a QR code: `display_url`, else the url without scheme or slash."""
        if self.display_url:
            return self.display_url
        if not self.url:
            return None
        text = self.url.split("://", 1)[1]
        text = text.removeprefix("www.") if text.count("/") <= 1 else text
        return text.rstrip("/")


class Record:
    """A frozen model's validated values, read-only, as the model offers them to drawing code."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)

    @classmethod
    def _restore(cls, values: dict[str, Any]) -> Record:
        record = cls.__new__(cls)
        record.__dict__.update(values)
        return record

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name}")

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Record:
        """As pydantic's: the same values (deep-copied with ``deep``), with ``update`` set unvalidated."""
        values = copy.deepcopy(self.__dict__) if deep else dict(self.__dict__)
        values.update(update or {})
        return self._restore(values)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._restore, (dict(self.__dict__),))


# Named as the models are, so messages and reprs read the same.
class Layout(Record, LayoutMethods):
    pass


class TypeScale(Record):
    pass


class QrSpec(Record):
    pass


class Theme(Record):
    pass


class Pack(Record):
    pass


class Audience(Record):
    pass


class Service(Record, ServiceMethods):
    pass


class Advice(Record):
    pass


# "module:class" of each pydantic model -> its record. tests/test_records.py holds this list to
# the models (every model in a plan but the org profile's, and each one's methods).
RECORDS: dict[str, type[Record]] = {
    "packgen.catalogue.layouts:Layout": Layout,
    "packgen.catalogue.layouts:TypeScale": TypeScale,
    "packgen.catalogue.layouts:QrSpec": QrSpec,
    "packgen.catalogue.layouts:Theme": Theme,
    "packgen.catalogue.models:Pack": Pack,
    "packgen.catalogue.models:Audience": Audience,
    "packgen.catalogue.models:Service": Service,
    "packgen.catalogue.models:Advice": Advice,
}


def as_record(model: object) -> tuple[Any, ...] | None:
    """How a pickler writes ``model`` as its record (a ``__reduce__`` value), or None when it has none.

    For ``reducer_override``: only a model named in :data:`RECORDS`, exactly that class."""
    cls = type(model)
    record = RECORDS.get(f"{cls.__module__}:{cls.__qualname__}")
    if record is None:
        return None
    return (record._restore, (dict(model.__dict__),))
