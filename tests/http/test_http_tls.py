"""Pinned TLS connections still check the certificate against the host name (real TLS on
loopback, with a certificate made for the test by the ``openssl`` command)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from http_servers import answers

from citecheck.http import AddressGuard, build_session
from citecheck.options import CheckOptions

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        body = b"<title>over TLS</title>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=tls.test", "-addext", "subjectAltName=DNS:tls.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], cert
    finally:
        server.shutdown()
        server.server_close()


def test_tls_to_a_pinned_address_verifies_the_certificate_for_the_name(
    tls_server: tuple[int, Path],
) -> None:
    port, cert = tls_server
    guard = AddressGuard(allow_private=True, resolver=answers("127.0.0.1"))
    session = build_session(CheckOptions(use_cache=False), guard, "citecheck-tests")
    session.verify = str(cert)
    response = session.get(f"https://tls.test:{port}/", timeout=5)
    assert response.status_code == 200 and b"over TLS" in response.content
    # Same address, another name: the certificate does not cover it, so TLS fails.
    with pytest.raises(requests.exceptions.SSLError):
        session.get(f"https://other.test:{port}/", timeout=5)
