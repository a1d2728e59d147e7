"""The address of the client behind our own proxies: the key of the login lockout (django-axes)."""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str:
    """REMOTE_ADDR, or the nearest untrusted hop of X-Forwarded-For when REMOTE_ADDR is a trusted proxy.

    X-Forwarded-For is read from the right: each proxy appends the address it received the
    request from, so only the entries added by our own proxies can be believed; the first one
    that is not a trusted proxy is the client. Anything further left was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_proxy_networks()
    if not is_in(remote, networks):
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in forwarded if hop]):
        if not is_valid(hop):
            break  # garbage from the client or a broken proxy: keep the last address we can trust
        if not is_in(hop, networks):
            return hop
        remote = hop
    return remote


def trusted_proxy_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(address, strict=False) for address in settings.TRUSTED_PROXIES]


def is_valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def is_in(address: str, networks) -> bool:
    return is_valid(address) and any(ipaddress.ip_address(address) in network for network in networks)
