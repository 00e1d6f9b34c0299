"""Polyfills for older phone browsers, loaded before Streamlit's bundle (issue 12).

WeChat's built-in browser on older phones (XWEB/X5 builds on Chromium 94–118) and Safari before 16.4 lack
functions Streamlit 1.67's frontend calls without checking: the overview showed stacks of "TypeError:
Object.hasOwn is not a function" instead of its figures, and the WebSocket layer calls Promise.withResolvers
(Chromium 119). Grepping .venv/…/streamlit/static/static/js for calls newer than Chromium 94 (the bundle's
class static blocks need 94 to parse at all, so nothing older can be helped by a script) found, unguarded:

    Object.hasOwn (93)          157 calls, 18 files     String.prototype.replaceAll (85)  189 calls, 27 files
    Array/String/TypedArray .at (92)  101 calls         structuredClone (98)               19 calls, 11 files
    AbortSignal.timeout (103)   index.js, 4 calls       Array.prototype.toSorted (110)     13 calls, 4 files
    Promise.withResolvers (119) index.js, 9 calls       Object.groupBy (117)               2 calls (diagrams)

(crypto.randomUUID and String.prototype.toWellFormed are used only behind a feature check; findLast,
Set methods and Iterator helpers are not called.) POLYFILL_JS defines each one only where it is missing.

How the page gets it, from one source (this file):
- serve.py serves POLYFILL_JS at POLYFILL_PATH (polyfill_route) and PolyfillMiddleware writes SCRIPT_TAG into
  every HTML page Streamlit answers, right after <head>, so it runs before the module bundle.
- deploy/nginx.conf writes the same SCRIPT_TAG with sub_filter and tells the server so (NGINX_HEADER): the
  server then leaves the page alone and the tag is written once.
The script is a constant file of our own origin (no inline code, no data): it runs under any
Content-Security-Policy that lets the page run Streamlit's own scripts ('self'); the project sets none today.
"""

from __future__ import annotations

import gzip

POLYFILL_PATH = "/polyfills.js"
SCRIPT_TAG = b'<script src="/polyfills.js"></script>'
# Sent by deploy/nginx.conf when its sub_filter has written SCRIPT_TAG: the server must not write it again.
# A client sending it only deprives itself of the polyfills.
NGINX_HEADER = b"x-dashboard-polyfills"
# Paths that never answer the HTML page: the bundle, the WebSocket and health, media, components, our routes.
_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/session/", POLYFILL_PATH)
# Request headers dropped on the way to a page: its HTML comes back whole and plain (rewritten, then sent as
# one body), never a 304 or a range of a version without the tag.
_DROP_REQUEST = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range"}
# Response headers that describe the unmodified file.
_DROP_RESPONSE = {b"content-length", b"etag", b"last-modified", b"accept-ranges", b"content-encoding"}

POLYFILL_JS = r"""/* Polyfills for older browsers (gateway/polyfills.py): each is defined only where it is missing. */
(function () {
  "use strict";
  var g = typeof globalThis !== "undefined" ? globalThis : self;
  function define(target, name, value) {
    if (target && !(name in target)) {
      Object.defineProperty(target, name, { value: value, writable: true, configurable: true });
    }
  }
  var TypedArray = Object.getPrototypeOf(Int8Array.prototype);

  define(Object, "hasOwn", function hasOwn(object, key) {
    if (object == null) throw new TypeError("Cannot convert undefined or null to object");
    return Object.prototype.hasOwnProperty.call(Object(object), key);
  });

  function at(index) {
    var n = Math.trunc(index) || 0;
    if (n < 0) n += this.length;
    return n < 0 || n >= this.length ? undefined : this[n];
  }
  define(Array.prototype, "at", at);
  define(String.prototype, "at", at);
  define(TypedArray, "at", at);

  function expand(replacement, found, position, string) {
    return replacement.replace(/\$([$&`'])/g, function (_, c) {
      if (c === "$") return "$";
      if (c === "&") return found;
      if (c === "`") return string.slice(0, position);
      return string.slice(position + found.length);
    });
  }
  define(String.prototype, "replaceAll", function replaceAll(search, replacement) {
    if (search instanceof RegExp) {
      if (!search.global) throw new TypeError("replaceAll must be called with a global RegExp");
      return String(this).replace(search, replacement);
    }
    var string = String(this), find = String(search), step = find.length || 1;
    var out = "", last = 0, i = string.indexOf(find);
    while (i !== -1) {
      out += string.slice(last, i);
      out += typeof replacement === "function"
        ? String(replacement(find, i, string))
        : expand(String(replacement), find, i, string);
      last = i + find.length;
      i = i + step > string.length ? -1 : string.indexOf(find, i + step);
    }
    return out + string.slice(last);
  });

  define(g, "structuredClone", function structuredClone(value) {
    var seen = new Map();
    function copy(v) {
      if (typeof v === "function" || typeof v === "symbol") {
        throw new DOMException(String(v) + " could not be cloned.", "DataCloneError");
      }
      if (v === null || typeof v !== "object") return v;
      if (seen.has(v)) return seen.get(v);
      var out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (v instanceof DataView) out = new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
      if (out !== undefined) { seen.set(v, out); return out; }
      if (v instanceof Map) {
        out = new Map(); seen.set(v, out);
        v.forEach(function (item, key) { out.set(copy(key), copy(item)); });
      } else if (v instanceof Set) {
        out = new Set(); seen.set(v, out);
        v.forEach(function (item) { out.add(copy(item)); });
      } else if (Array.isArray(v)) {
        out = new Array(v.length); seen.set(v, out);
        for (var i = 0; i < v.length; i++) if (i in v) out[i] = copy(v[i]);
      } else {
        out = {}; seen.set(v, out);
        Object.keys(v).forEach(function (key) { out[key] = copy(v[key]); });
      }
      return out;
    }
    return copy(value);
  });

  if (typeof AbortSignal !== "undefined") {
    define(AbortSignal, "timeout", function timeout(ms) {
      var controller = new AbortController();
      setTimeout(function () { controller.abort(new DOMException("signal timed out", "TimeoutError")); }, ms);
      return controller.signal;
    });
  }

  define(Promise, "withResolvers", function withResolvers() {
    var out = {};
    out.promise = new this(function (resolve, reject) { out.resolve = resolve; out.reject = reject; });
    return out;
  });

  function groups(items, keyOf, add) {
    var index = 0;
    Array.from(items).forEach(function (item) { add(keyOf(item, index++), item); });
  }
  define(Object, "groupBy", function groupBy(items, keyOf) {
    var out = Object.create(null);
    groups(items, keyOf, function (key, item) { (out[key] = out[key] || []).push(item); });
    return out;
  });
  define(Map, "groupBy", function groupBy(items, keyOf) {
    var out = new Map();
    groups(items, keyOf, function (key, item) {
      if (!out.has(key)) out.set(key, []);
      out.get(key).push(item);
    });
    return out;
  });

  define(Array.prototype, "toSorted", function toSorted(compare) {
    if (compare !== undefined && typeof compare !== "function") {
      throw new TypeError("The comparison function must be either a function or undefined");
    }
    return Array.prototype.slice.call(this).sort(compare);
  });
  define(TypedArray, "toSorted", function toSorted(compare) {
    return new this.constructor(this).sort(compare);
  });
})();
"""


def with_script_tag(html: bytes) -> bytes:
    """The page with SCRIPT_TAG right after its <head> (before Streamlit's scripts); unchanged when the tag is
    already there or the page has no <head>."""
    if SCRIPT_TAG in html:
        return html
    at = html.find(b"<head>")
    if at < 0:
        return html
    at += len(b"<head>")
    return html[:at] + SCRIPT_TAG + html[at:]


def polyfill_route():
    """GET POLYFILL_PATH: the constant script, cached for a day."""
    from starlette.responses import Response
    from starlette.routing import Route

    async def script(request):
        return Response(
            POLYFILL_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
        )

    return Route(POLYFILL_PATH, script, methods=["GET"])


class PolyfillMiddleware:
    """Pure ASGI: writes SCRIPT_TAG into each HTML page the app answers to a GET.

    The page's request goes on without Accept-Encoding (and without conditional or range headers), so the
    HTML comes back plain and whole; the body is gathered, rewritten and sent with its new Content-Length.
    A response that is not a 200 text/html page passes through untouched, as does every request under
    _NOT_PAGES and every request nginx has already served the tag for (NGINX_HEADER)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if not self._is_page_request(scope):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in _DROP_REQUEST]
        scope = {**scope, "headers": headers}
        start: dict | None = None
        chunks: list[bytes] = []

        async def rewrite(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _is_html_page(message):
                    start = message
                    return
                await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            if _header(start, b"content-encoding") == b"gzip":
                body = gzip.decompress(body)
            body = self.rewrite(body)
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _DROP_RESPONSE]
            kept.append((b"content-length", str(len(body)).encode("latin-1")))
            await send({**start, "headers": kept})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)

    def rewrite(self, html: bytes) -> bytes:
        """The page as sent (a subclass writes other tags: gateway/preload.py)."""
        return with_script_tag(html)

    @staticmethod
    def nginx_writes_it() -> bool:
        """Whether deploy/nginx.conf writes this tag itself (and says so with NGINX_HEADER)."""
        return True

    def _is_page_request(self, scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        if any(scope["path"].startswith(prefix) for prefix in _NOT_PAGES):
            return False
        nginx_did = any(k.lower() == NGINX_HEADER for k, _ in scope.get("headers", []))
        return not (nginx_did and self.nginx_writes_it())


def _header(message, name: bytes) -> bytes | None:
    for key, value in message.get("headers", []):
        if key.lower() == name:
            return value.strip().lower()
    return None


def _is_html_page(start) -> bool:
    encoding = _header(start, b"content-encoding")
    return (
        start.get("status") == 200
        and (_header(start, b"content-type") or b"").startswith(b"text/html")
        and encoding in (None, b"identity", b"gzip")
    )
