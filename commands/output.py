"""Printing for the command line: JSON for scripts, plain Chinese (or English) lines for people."""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime


def print_json(payload) -> None:
    json.dump(_plain(payload), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _plain(value):
    """NaN → null, numpy numbers → Python numbers, dates → ISO text, so json.dump never fails."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value
