"""Spreadsheet bytes → validated stock and publicity records plus every problem found (no Streamlit, no SQL)."""

from loaders.parse import ParsedFile, parse_file
from loaders.unit_list import read_unit_list

__all__ = ["ParsedFile", "parse_file", "read_unit_list"]
