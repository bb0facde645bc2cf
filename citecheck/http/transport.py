"""Connections pinned to vetted addresses: the SSRF guard on every connection.

:class:`GuardedAdapter` is a requests transport whose connections ask the run's
:class:`~citecheck.http.guard.AddressGuard` for the host's addresses (one lookup per host, with
its own deadline, every address checked against the policy) and connect to exactly those. The
Host header, TLS SNI and certificate checks still use the host name, since only the socket's
destination changes. Redirects are never followed by the transport: every hop is a new request,
so it passes the guard too.

Through a proxy (``HTTPS_PROXY`` ...) the proxy resolves the names, so only the callers' check
before the request applies.
"""

from __future__ import annotations

import socket
import sys
from typing import Any, ClassVar

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection

from citecheck.errors import BlockedAddressError
from citecheck.http.guard import AddressGuard


class _PinnedConnection(HTTPConnection):
    """An HTTP connection that connects only to addresses its guard vetted."""

    guard: ClassVar[AddressGuard]

    def _new_conn(self) -> socket.socket:
        host = self._dns_host.rstrip(".")
        try:
            addresses = self.guard.addresses(host, self.port)
        except BlockedAddressError as exc:
            raise NewConnectionError(self, str(exc)) from exc
        except (socket.gaierror, UnicodeError) as exc:
            gai = exc if isinstance(exc, socket.gaierror) else socket.gaierror(str(exc))
            raise NameResolutionError(self.host, self, gai) from exc
        failure: Exception | None = None
        for address in addresses:
            try:
                sock = connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from exc
            except Exception as exc:  # OSError, or a socket wrapper's own refusal
                failure = exc
                continue
            sys.audit("http.client.connect", self, self.host, self.port)
            return sock
        raise NewConnectionError(self, f"Failed to establish a new connection: {failure}") from (
            failure
        )


class _PinnedHTTPSConnection(_PinnedConnection, HTTPSConnection):
    """TLS over a pinned socket; SNI and certificate checks use the host name."""


def _pools(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    plain = type("GuardedHTTPConnection", (_PinnedConnection,), {"guard": guard})
    tls = type("GuardedHTTPSConnection", (_PinnedHTTPSConnection,), {"guard": guard})
    plain_pool = type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": plain})
    tls_pool = type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": tls})
    return {"http": plain_pool, "https": tls_pool}


class GuardedAdapter(HTTPAdapter):
    """A requests adapter (pooled, no retries) whose every connection goes through ``guard``."""

    def __init__(self, guard: AddressGuard, **kwargs: Any) -> None:
        self.guard = guard
        """The run's address policy and name lookups."""
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pools(self.guard)


def guard_of(adapter: object) -> AddressGuard | None:
    """The guard behind a session's adapter, when it is a :class:`GuardedAdapter`."""
    return adapter.guard if isinstance(adapter, GuardedAdapter) else None
