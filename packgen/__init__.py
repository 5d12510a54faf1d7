"""packgen: audience-specific sextortion-safety posters, leaflets and wallet cards from one YAML catalogue."""

# The version, as a constant: reading it through importlib.metadata cost ~21 ms in every process
# (it scans sys.path for the distribution). It must equal pyproject.toml's [project] version;
# tests/test_version.py holds the two together.
__version__ = "0.3.0"
