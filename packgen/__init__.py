"""packgen: audience-specific sextortion-safety posters, leaflets and wallet cards from one YAML catalogue."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("packgen")
except PackageNotFoundError:  # running from a source checkout that is not installed
    __version__ = "0.0.0+source"
