"""Start-up of the ``packgen`` command: skip pydantic's plugin discovery.

The first time pydantic builds a model it asks which plugins are installed (entry points in the
"pydantic" group). To ask, it imports ``importlib.metadata``, which pulls in the ``email`` package
and more: ~15 ms of a quiet 2-core machine's time (25-30 ms when busy) in every packgen process,
about a tenth of a no-op rebuild. The packgen command uses no pydantic plugin, so before any
model is built it answers that question with "none", as ``PYDANTIC_DISABLE_PLUGINS=__all__`` would,
without the import. Setting ``PYDANTIC_DISABLE_PLUGINS`` (to anything) leaves it to pydantic.
Only the command does this; importing packgen as a library changes nothing in pydantic.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import types
from collections.abc import Iterator

PLUGIN_LOADER = "pydantic.plugin._loader"  # tests/test_startup.py checks it still is pydantic's


def skip_pydantic_plugin_discovery() -> None:
    """Make pydantic see no plugins, without importing importlib.metadata (idempotent)."""
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ or PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(PLUGIN_LOADER, "packgen: no pydantic plugins (see packgen.cli.startup)")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[PLUGIN_LOADER] = loader


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run a command's loading (importing pydantic, building the catalogue's models) without the
    garbage collector, then freeze what it made.

    Nearly everything made while loading lives until the command ends, so the ~75 collections
    Python would run meanwhile (~18 ms, 4 % of a one-document build) find nothing. ``gc.freeze()``
    then moves it all out of the collector's reach, so the first collection afterwards does not
    walk it either. The collector is switched back on (if it was on) however the block ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()
