"""The dashboard's server: Streamlit (dashboard.py and pages/) with the session-cookie routes and headers, and
the polyfills older phone browsers need.

    streamlit run serve.py      # what scripts/start.sh and deploy/epidemic-dashboard.service run

Streamlit 1.67's st.App adds Starlette routes and middleware beside its own (gateway/session_cookie.py).
"""

from __future__ import annotations

from functools import cache

import streamlit as st
from starlette.middleware import Middleware

from gateway.polyfills import PolyfillMiddleware, polyfill_route
from gateway.session_cookie import AddressTokenMiddleware, routes
from store import database_url, ensure_schema, open_engine


@cache
def _engine():
    engine = open_engine(database_url())
    ensure_schema(engine)  # the login_tickets table on a database made before it existed
    return engine


app = st.App(
    "dashboard.py",
    routes=[*routes(_engine), polyfill_route()],
    # Polyfills (gateway/polyfills.py): older WeChat browsers lack functions Streamlit's bundle calls.
    middleware=[Middleware(AddressTokenMiddleware), Middleware(PolyfillMiddleware)],
)

if __name__ == "__main__":
    app.run()
