"""Checking a file and storing it whole or not at all: loaders → store, for the command line and the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uploads.intake import FileOutcome, import_file

__all__ = ["FileOutcome", "import_file"]


def __getattr__(name: str):
    # Imported on first use, so uploads.reader_server can start the readers' server before pandas is imported.
    if name in __all__:
        from uploads import intake

        return getattr(intake, name)
    raise AttributeError(f"module 'uploads' has no attribute {name!r}")
