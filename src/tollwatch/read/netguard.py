"""Which URLs tollwatch may fetch: http(s) only, and no loopback, private, link-local or
metadata address unless ``allow_private`` (server-side request forgery guard).

The host is resolved as the connection would resolve it (``getaddrinfo``), so every form
of an address is judged by the address it stands for: ``127.1``, ``2130706433`` (decimal),
``0177.0.0.1`` (octal), ``[::ffff:127.0.0.1]`` (IPv6-mapped), ``localhost`` and any name
whose DNS record points at 127.0.0.1. The fetcher checks every hop of a redirect.

A name checked here could be looked up again by the connection and answer otherwise (DNS
rebinding: a public address for the check, 127.0.0.1 a moment later). So the fetcher also
connects through :func:`guarded_transport`, whose connections resolve the name once, judge
every address it gives, and connect to the address judged -- never to a second lookup.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from tollwatch import errors

SCHEMES = ("http", "https")
#: cloud metadata services that are not in a private range (169.254.169.254 is link-local)
_METADATA = (ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200"))


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


def refuse_url(url: str, *, allow_private: bool = False) -> Refusal | None:
    """Why ``url`` may not be fetched, or ``None`` when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        return Refusal(errors.BAD_URL, f"{url}: not a valid URL ({e})")
    if parts.scheme.lower() not in SCHEMES:
        return Refusal(errors.BAD_URL, f"{url}: only http and https URLs are fetched")
    if not host:
        return Refusal(errors.BAD_URL, f"{url}: the URL has no host")
    if parts.username or parts.password:
        return Refusal(errors.BAD_URL, f"{url}: URLs with a user name or password are not fetched")
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        return Refusal(errors.FETCH_FAILED, f"{url}: the host {host} cannot be resolved ({e})")
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        why = private_reason(address)
        if why:
            return Refusal(
                errors.BLOCKED_PRIVATE,
                f"{url}: {host} is {why} ({address}) - not fetched; "
                "give --allow-private to read from your own network",
            )
    return None


def private_reason(address: str) -> str | None:
    """``"a loopback address"`` etc. when ``address`` is not on the public internet."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if mapped is not None:
            return private_reason(str(mapped))
    if ip in _METADATA or str(ip) == "169.254.169.254":
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_unspecified or ip.is_reserved or ip.is_multicast or not ip.is_global:
        return "not a public address"
    return None


class PrivateConnection(Exception):
    """A connection would have reached an address that is not public (the message says which)."""


class _GuardedBackend(httpcore.SyncBackend):
    """Connects to the address its own lookup judged public, never to a second lookup."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as e:
            raise httpcore.ConnectError(f"{host} cannot be resolved ({e})") from e
        addresses = [str(info[4][0]).split("%", 1)[0] for info in infos]
        for address in addresses:
            why = private_reason(address)
            if why:
                raise PrivateConnection(f"{host} is now {why} ({address}) although it looked public")
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


def guarded_transport() -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes to a public address only."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # the same pool httpx builds, with the guard
        ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=_GuardedBackend()
    )
    return transport
