"""A plan read as records (packgen.catalogue.records) draws exactly what the validated models draw,
in a process that never imports pydantic: what the early worker of a cold build does."""

from __future__ import annotations

import hashlib
import io
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from packgen.build.early import _RecordPickler
from packgen.catalogue import layouts, models, records
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.plan.outputs import produce_all
from packgen.translation.translate import localise_plans

PROBE = """\
import hashlib, pickle, sys
from packgen.plan.outputs import produce_all
with open(sys.argv[1], "rb") as file:
    plans = pickle.load(file)
for plan in plans:
    for kind, produced in produce_all(plan):
        print(plan.id, kind.key, hashlib.sha256(produced.data).hexdigest())
print("pydantic imported:", sorted(m for m in ("pydantic", "pydantic_core", "packgen.catalogue.models",
                                                "packgen.catalogue.layouts", "packgen.catalogue.fields") if m in sys.modules))
"""


def as_records(plans: list[DocumentPlan]) -> bytes:
    buffer = io.BytesIO()
    _RecordPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(plans)
    return buffer.getvalue()


def drawn(plans: list[DocumentPlan]) -> list[str]:
    return [f"{plan.id} {kind.key} {hashlib.sha256(produced.data).hexdigest()}"
            for plan in plans for kind, produced in produce_all(plan)]


def bilingual_plans(folder: Path) -> list[DocumentPlan]:
    from click.testing import CliRunner
    from test_bilingual_layouts import TRIFOLD_WELSH, bilingual_catalogue
    from translation_fixtures import WELSH, fill_po

    from packgen.cli import main

    catalogue = folder / "resources.yaml"
    catalogue.write_text(bilingual_catalogue(), encoding="utf-8")
    assert CliRunner().invoke(main, ["translations", "update", "-c", str(catalogue)]).exit_code == 0
    fill_po(folder / "translations" / "cy.po", {**WELSH, **TRIFOLD_WELSH})
    project = load_project(catalogue)
    planned = plan_documents(project.catalogue, project.layouts, only=["cards-bi", "trifold-bi", "leaflet-bi", "poster-cy"])
    ready = localise_plans(planned, project.catalogue, project.layouts, project.folder).plans
    assert {plan.id for plan in ready} == {"cards-bi", "trifold-bi", "leaflet-bi", "poster-cy"}
    return list(ready)


def test_a_plan_read_as_records_draws_the_same_bytes_without_importing_pydantic(tmp_path: Path) -> None:
    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts) + bilingual_plans(tmp_path)
    assert len(plans) >= 12
    path = tmp_path / "plans.pickle"
    path.write_bytes(as_records(plans))
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True,
                            cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[-1] == "pydantic imported: []"
    assert lines[:-1] == drawn(plans)  # every output of every document: PDFs, imposed PDFs, web and text


def test_a_plan_with_an_org_profile_draws_the_same_bytes_with_records_beside_the_profile(tmp_path: Path) -> None:
    """An org profile's models have no record: they travel as themselves (the worker then imports
    pydantic), beside the records of the rest of the plan; every output is the same."""
    from test_org_render import KINDS, ORGS, write_pack

    folder = write_pack(tmp_path / "pack", ORGS["crest"])
    project = load_project(folder / "resources.yaml", folder / "org.yaml")
    plans = plan_documents(project.catalogue, project.layouts, org=project.org)
    assert {plan.id for plan in plans} == set(KINDS) and all(plan.org is not None for plan in plans)
    path = tmp_path / "plans.pickle"
    path.write_bytes(as_records(plans))
    assert type(pickle.loads(path.read_bytes())[0].layout) is records.Layout
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True,
                            cwd=tmp_path)
    assert result.stdout.splitlines()[:-1] == drawn(plans)


def test_records_read_back_as_the_models_values() -> None:
    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts)
    back = pickle.loads(as_records(plans))
    for plan, read in zip(plans, back, strict=True):
        for name in ("layout", "pack", "audience"):
            model, record = getattr(plan, name), getattr(read, name)
            assert type(record).__module__ == "packgen.catalogue.records"
            assert type(record).__name__ == type(model).__name__
            assert record.__dict__.keys() == model.__dict__.keys()
        assert read.layout.format_label == plan.layout.format_label
        assert read.layout.trim_size_mm == plan.layout.trim_size_mm
        assert [s.printed_url for s in read.services] == [s.printed_url for s in plan.services]
        assert read.layout.theme == pickle.loads(as_records([plan.layout.theme]))[0]
        assert hash(read.layout.theme) == hash(pickle.loads(as_records([plan.layout.theme]))[0])
        assert read.layout.type != read.layout.qr
        # model_copy as the renderers use it: the same values as pydantic's, unvalidated
        update = {"page": [100.0, 50.0], "margin_mm": 3.0}
        assert read.layout.model_copy(update=update).__dict__ == \
            pickle.loads(as_records([plan.layout.model_copy(update=update)]))[0].__dict__
        assert read.layout.model_copy(update=update).trim_size_mm == plan.layout.model_copy(update=update).trim_size_mm
    with pytest.raises(AttributeError, match="frozen"):
        back[0].layout.id = "x"


def test_every_record_stands_for_a_model_with_its_methods() -> None:
    """RECORDS names real models, each record has the model's class name and every property the model
    adds to pydantic's own (from the same mixin), and each model a plan carries has a record (but the
    org profile's, which the worker reads as the model)."""
    for key, record in records.RECORDS.items():
        module, name = key.split(":")
        model = getattr({"packgen.catalogue.layouts": layouts, "packgen.catalogue.models": models}[module], name)
        assert issubclass(model, BaseModel) and record.__name__ == name
        own = {attr for klass in model.__mro__ if klass not in BaseModel.__mro__ and not issubclass(klass, BaseModel)
               for attr in vars(klass) if not attr.startswith("_")}
        defined = {attr for attr, value in vars(model).items() if isinstance(value, property)}
        assert not defined, f"{name}: put its properties in a mixin its record shares: {defined}"
        for attr in own:
            assert getattr(record, attr) is getattr(model, attr), (name, attr)
    carried = {"Layout", "TypeScale", "QrSpec", "Theme", "Pack", "Audience", "Service", "Advice"}
    assert {record.__name__ for record in records.RECORDS.values()} == carried


SPY = """\
import importlib.abc, os, sys
root, marker = os.getpid(), sys.argv[3]
class Spy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if os.getpid() != root and name.split(".")[0] in ("pydantic", "pydantic_core", "yaml", "reportlab"):
            with open(marker, "a") as file:
                file.write(name.split(".")[0] + "\\n")
        return None
sys.meta_path.insert(0, Spy())
from packgen.cli import main
sys.argv = ["packgen", "build", "-q", "--force", "--jobs", "2", "--only", "parents-leaflet",
            "--catalogue", sys.argv[1], "--output", sys.argv[2]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
"""


def test_the_early_worker_of_a_cold_build_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    """The worker forked by `build --only ID` draws (it imports ReportLab) from a plan read as records:
    no pydantic, no model built, no YAML; the command's own process does all of that."""
    marker = tmp_path / "worker-imports.txt"
    subprocess.run([sys.executable, "-c", SPY, str(bundled_catalogue()), str(tmp_path / "out"), str(marker)],
                   check=True, cwd=tmp_path, capture_output=True)
    assert set(marker.read_text().split()) == {"reportlab"}
    assert (tmp_path / "out" / "parents-leaflet.pdf").read_bytes().startswith(b"%PDF")
