"""Checking a file and storing it whole or not at all: loaders → store, for the command line and the pages."""

from uploads.intake import FileOutcome, import_file

__all__ = ["FileOutcome", "import_file"]
