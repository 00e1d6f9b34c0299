"""Webhook URLs and secrets are credentials (the key in a WeCom URL is all it takes to post to the group):
they are shown masked and every text that could carry one (an error, a robot's answer) is scrubbed first."""

from __future__ import annotations

from urllib.parse import quote, quote_plus, urlsplit

ELLIPSIS = "…"


def mask_value(value: str) -> str:
    """ "abcdef123456ef" → "ab…ef"; a short value shows nothing of itself, an empty one stays empty."""
    value = value or ""
    if not value:
        return ""
    if len(value) < 8:
        return ELLIPSIS
    return f"{value[:2]}{ELLIPSIS}{value[-2:]}"


def mask_url(url: str) -> str:
    """The host stays readable, the credential (last query value or last path part) does not:
    https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd…ef → https://qyapi.weixin.qq.com/…key=ab…ef"""
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.netloc:
        return mask_value(url)
    origin = f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    if parts.query:
        name, _, value = parts.query.split("&")[0].partition("=")
        return f"{origin}/{ELLIPSIS}{name}={mask_value(value)}"
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    parent = parts.path.rstrip("/").rsplit("/", 2)[-2] if parts.path.count("/") >= 2 else ""
    shown = f"{parent}/" if parent else ""
    return f"{origin}/{ELLIPSIS}{shown}{mask_value(last)}"


def scrub(text: str, *secrets: str) -> str:
    """`text` with every secret (and the URL's credential) replaced by its mask, also in URL-encoded form."""
    text = str(text)
    for secret in secrets:
        if not secret:
            continue
        if "://" in secret:
            text = text.replace(secret, mask_url(secret))
            secrets_in_url = _credentials(secret)
        else:
            secrets_in_url = [secret]
        for value in secrets_in_url:
            if len(value) < 8:  # too short to be a credential; would blank ordinary words
                continue
            for form in {value, quote(value, safe=""), quote_plus(value)}:
                text = text.replace(form, mask_value(value))
    return text


def _credentials(url: str) -> list[str]:
    parts = urlsplit(url)
    values = [pair.partition("=")[2] for pair in parts.query.split("&") if "=" in pair]
    if values:
        return values
    return [parts.path.rstrip("/").rsplit("/", 1)[-1]]
