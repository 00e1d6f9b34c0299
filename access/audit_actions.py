"""The action codes of the audit log: stable, so an admin can filter on them and scripts can count them."""

from __future__ import annotations

LOGIN_OK = "login_ok"
LOGIN_FAILED = "login_failed"
LOGIN_LOCKED = "login_locked"
LOGIN_SSO = "login_sso"
LOGOUT = "logout"
LOGOUT_EVERYWHERE = "logout_everywhere"
UPLOAD = "upload"
UNDO = "undo"
SETTINGS_CHANGED = "settings_changed"
USER_ADDED = "user_added"
USER_CHANGED = "user_changed"
USER_REMOVED = "user_removed"
PASSWORD_RESET = "password_reset"
LINK_CREATED = "link_created"
LINK_REVOKED = "link_revoked"
LINK_OPENED = "link_opened"
PUSH_TARGET_ADDED = "push_target_added"
PUSH_TARGET_REMOVED = "push_target_removed"
PUSH_FAILED = "push_failed"  # a message a robot still refused after its retries

AUDIT_ACTIONS = frozenset(
    {
        LOGIN_OK,
        LOGIN_FAILED,
        LOGIN_LOCKED,
        LOGIN_SSO,
        LOGOUT,
        LOGOUT_EVERYWHERE,
        UPLOAD,
        UNDO,
        SETTINGS_CHANGED,
        USER_ADDED,
        USER_CHANGED,
        USER_REMOVED,
        PASSWORD_RESET,
        LINK_CREATED,
        LINK_REVOKED,
        LINK_OPENED,
        PUSH_TARGET_ADDED,
        PUSH_TARGET_REMOVED,
        PUSH_FAILED,
    }
)
