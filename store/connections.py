"""Reading through either an Engine or a Connection already in a transaction."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine


class reading:
    """Use a given Connection as is, or open one from an Engine for the duration of the block."""

    def __init__(self, source: Engine | Connection) -> None:
        self._source = source
        self._owned: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self._source, Connection):
            return self._source
        self._owned = self._source.connect()
        return self._owned

    def __exit__(self, *exc) -> None:
        if self._owned is not None:
            self._owned.close()
