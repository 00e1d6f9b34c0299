"""Pure pandas metrics: stock status, roll-ups, transfers, publicity coverage, reporting, alerts.

DataFrames in, DataFrames (or plain dicts) out: no Streamlit, no database, no files. Pages wrap these in
st.cache_data themselves. Every rule the spec left open is written in the docstring of the module that
applies it (supply_status, usage, publicity, reporting, alerts, transfers, numbers_zh).
"""

from metrics.alerts import alerts
from metrics.publicity import publicity_coverage
from metrics.records import records
from metrics.reporting import reporting_by_week, reporting_summary
from metrics.supply_status import stock_status
from metrics.transfers import transfer_suggestions
from metrics.trend import stock_trend

__all__ = [
    "alerts",
    "publicity_coverage",
    "records",
    "reporting_by_week",
    "reporting_summary",
    "stock_status",
    "stock_trend",
    "transfer_suggestions",
]
