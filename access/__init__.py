"""Accounts and access, the pure part: password hashes, signed tokens, lockout, roles and unit rights.

No Streamlit and no database here; store/accounts.py and store/access_*.py keep the accounts in SQL.
"""

from access.errors import AccessError
from access.lockout import Lockout, lockout_state
from access.passwords import hash_password, verify_password
from access.rights import (
    ACTIONS,
    ADMIN,
    LINK,
    OFFICER,
    ROLES,
    USER,
    VIEWER,
    Principal,
    can,
    may_undo,
    subtree,
    visible_units,
    writable_units,
)

__all__ = [
    "ACTIONS",
    "ADMIN",
    "LINK",
    "OFFICER",
    "ROLES",
    "USER",
    "VIEWER",
    "AccessError",
    "Lockout",
    "Principal",
    "can",
    "hash_password",
    "lockout_state",
    "may_undo",
    "subtree",
    "verify_password",
    "visible_units",
    "writable_units",
]
