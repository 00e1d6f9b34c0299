"""Debian's nginx running the shipped deploy/nginx.conf in front of test dashboard processes, on loopback.

The shipped file is used as it is, with only what a test machine cannot have changed: the upstream's servers
become the test processes' ports, `listen 443 ssl` a free loopback port without TLS (no certificate here), and
the port-80 redirect block is left out. Everything else (the routing cookie and its hash, the WebSocket
headers, the body limit, the polyfill sub_filter) is what production runs. The access log names the process
each request went to, for the tests to read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from tests.apptest_support import ROOT, free_port

NGINX = Path("/usr/sbin/nginx")
LOG_FORMAT = 'log_format routed "$request_method $uri $status $upstream_addr $cookie_dashboard_route";'


def nginx_binary() -> Path | None:
    return NGINX if NGINX.exists() else (Path(found) if (found := shutil.which("nginx")) else None)


def site_for_test(ports: list[int], listen: int) -> str:
    """deploy/nginx.conf with the test's ports: the processes' in the upstream, nginx's own on loopback."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in ports)
    conf, n = re.subn(
        r"(upstream dashboard \{\n(?:\s*#.*\n)*\s*hash [^\n]+\n)(?:\s*server [^\n]+\n)+",
        rf"\g<1>{servers}",
        conf,
    )
    assert n == 1, "deploy/nginx.conf: no `upstream dashboard { hash …; server …; }` block"
    conf = conf.replace("listen 443 ssl;", f"listen 127.0.0.1:{listen};")
    conf = re.sub(r"\n\s*ssl_certificate(_key)?\s[^\n]+", "", conf)
    redirect = conf.index("server {\n    listen 80;")
    return conf[:redirect]


class Nginx:
    """`nginx -c …` in the foreground on a free loopback port; stopped by its own pid only."""

    def __init__(self, ports: list[int], workdir: Path) -> None:
        self.ports, self.workdir = ports, workdir
        self.proc = None
        self.base = ""

    def __enter__(self) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
        listen = free_port()
        work = self.workdir
        work.mkdir(parents=True, exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers may write the test's own temp folders
        (work / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n{LOG_FORMAT}\naccess_log {work}/access.log routed;\n"
            f"client_body_temp_path {work}/body;\nproxy_temp_path {work}/proxy;\n"
            f"fastcgi_temp_path {work}/fastcgi;\nuwsgi_temp_path {work}/uwsgi;\nscgi_temp_path {work}/scgi;\n"
            f"{site_for_test(self.ports, listen)}\n}}\n",
            encoding="utf-8",
        )
        check = subprocess.run(
            [binary, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t refused the config: {check.stderr.decode(errors='replace')}")
        self.proc = subprocess.Popen(
            [binary, "-p", str(work), "-c", str(work / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=open(work / "stderr.log", "wb"),  # noqa: SIM115 -- closed with the process
        )
        self.base = f"http://127.0.0.1:{listen}"
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", listen), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise TimeoutError("nginx did not listen within 10 s")

    def routed(self) -> list[tuple[str, str, str, str, str]]:
        """(method, path, status, upstream address, routing cookie) of every request so far."""
        log = self.workdir / "access.log"
        if not log.exists():
            return []
        return [tuple(line.split(" ", 4)) for line in log.read_text().splitlines() if line.count(" ") >= 4]

    def __exit__(self, *exc) -> None:
        if self.proc is None:
            return
        self.proc.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
