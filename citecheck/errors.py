"""The error hierarchy: every failure citecheck raises on purpose derives from CitecheckError.

The CLI turns these into a one-line message and exit code 2; anything else is a bug.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base class of every error citecheck raises deliberately."""


class InputError(CitecheckError):
    """The input cannot be read: missing, a directory, binary, too large, undecodable."""


class ConfigError(CitecheckError):
    """A configuration file or option is invalid."""


class NetworkError(CitecheckError):
    """A network operation failed in a way that degrades one result, never the whole run."""


class BlockedAddressError(NetworkError):
    """A URL resolved to a private, loopback, link-local or reserved address, or used a
    scheme other than http and https, and private addresses were not allowed."""
