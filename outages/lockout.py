"""The back-off on wrong editor passwords, kept in the store (outages.store.signins).

Who is counted
    A **client** is a network address plus a browser session: a failure counts against both,
    and an attempt is judged by the failures from its address *or* its session. Opening a new
    session (or sending Streamlit's "clear cache" message, which also empties the session's
    state) therefore starts nothing afresh: the address still carries the failures. The address
    is the visitor's (``st.context.ip_address``); IPv6 addresses count by their /64 network,
    which one host usually holds whole. Behind a reverse proxy that is not on this machine,
    list it in ``trusted_proxies`` (:func:`client_address`); otherwise every visitor has the
    proxy's address and shares one client.
    The **account** is the password sign-in (one shared editor password; the name typed beside
    it is not checked, so it is no account). OIDC log-ins are not counted and never blocked.

The policy (:class:`Policy`, numbers below are the defaults)
    - Failures older than 24 hours count for nothing (and are deleted).
    - **Per client**: 5 free attempts; after that, each wrong password doubles the wait before
      the next attempt from that client: 30 s, 1 min, 2 min, 4 min, ... up to 1 hour. That
      is 12 guesses in the first hour, then about one an hour: some 35 guesses a day.
    - **Per account**: once more than 20 wrong passwords were given from all clients together
      within the window, a client that has itself failed at least twice waits
      30 s * 2^(failures over 20), up to 1 hour, after the newest failure from anyone. Many
      addresses (a botnet) thus get about two guesses each, then share one slow clock.
    - A client **without recent failures** (no failure from its address or session within the
      window) is never held by the account-wide count: anonymous visitors failing elsewhere
      cannot lock a real editor out. Neither can they by OIDC, which is not counted at all.
      Someone failing from the *same* address does hold a clean session there.
    - The check comes first, inside the same serialised store transaction as the password
      comparison and the record of its result: while a client waits, even the right password
      is refused; attempts made at once from many sessions or replicas are counted in turn.
    - The right password clears the failures of that client (its address and its session), not
      the account's count. Each wrong password is written to the audit log with the client's
      address and time (and the name typed), never the password. Refusals while waiting are
      not logged: they test no password, and logging them would let anyone fill the log.

The clock is injectable (``Lockout(store, clock=...)``, epoch seconds) so tests need no sleep.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outages.auth import LockedOut, WrongPassword
from outages.store import signins
from outages.store.signins import Recent

if TYPE_CHECKING:
    from outages.store import Store

ACCOUNT = "password"  # the shared editor password is the one account counted
LOCAL = "local"  # the address of a visitor on this machine (Streamlit gives none)
MAX_EXPONENT = 40  # 2**40 * any base is far past any cap


@dataclass(frozen=True)
class Policy:
    """How many wrong passwords are free, and how the wait grows after them (seconds)."""

    window: float = 24 * 3600.0
    client_free: int = 5
    client_base: float = 30.0
    client_cap: float = 3600.0
    account_free: int = 20
    account_base: float = 30.0
    account_cap: float = 3600.0
    account_applies_after: int = 2  # client failures that put it under the account's clock

    def wait(self, recent: Recent, now: float) -> tuple[float, str]:
        """(seconds until the next attempt is allowed, "client" or "account"); (0, "") now."""
        waits = [(0.0, "")]
        if recent.client >= self.client_free and recent.client_last is not None:
            until = recent.client_last + backoff(recent.client - self.client_free,
                                                 self.client_base, self.client_cap)
            waits.append((until - now, "client"))
        if (recent.client >= self.account_applies_after and recent.account >= self.account_free
                and recent.account_last is not None):
            until = recent.account_last + backoff(recent.account - self.account_free,
                                                  self.account_base, self.account_cap)
            waits.append((until - now, "account"))
        return max(waits)

    def free_left(self, recent: Recent) -> int:
        """Wrong passwords the client may still give without waiting (account aside)."""
        return max(0, self.client_free - recent.client)


def backoff(extra: int, base: float, cap: float) -> float:
    """``base * 2**extra`` seconds, at most ``cap``: the wait after ``extra`` failures past the
    free ones (0 -> base)."""
    return min(cap, base * 2.0 ** min(max(extra, 0), MAX_EXPONENT))


@dataclass(frozen=True)
class Client:
    """Who is signing in: a network address (:func:`client_address`) and a session name."""

    address: str
    session: str


def trusted_networks(value: object) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Proxy addresses or networks from configuration: a list, or one text separated by commas
    or spaces ("10.0.0.5, 172.16.0.0/12"). Entries that are not addresses are left out."""
    items: Iterable[object] = value.replace(",", " ").split() if isinstance(value, str) else (
        value if isinstance(value, (list, tuple)) else ())
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _key(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The address a client is counted by: IPv4 as is, IPv6 by its /64 network."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_address(peer: str | None, forwarded: Sequence[str] = (),
                   trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()) -> str:
    """The address a visitor is counted by.

    ``peer``: the connection's address (``st.context.ip_address``; None on this machine, which
    gives :data:`LOCAL`). ``forwarded``: the X-Forwarded-For header values, read only when the
    peer is one of the ``trusted`` proxies. Then the hops are read from the right (the one the
    proxy itself added) and the first that is not a trusted proxy is the visitor: the leftmost
    hops are whatever the visitor chose to send, so trusting them would let anyone pose as a
    fresh client on every attempt.
    """
    peer = peer if isinstance(peer, str) else None
    ip = _ip(peer) if peer else None
    if peer and ip is None:
        return peer.strip()[:64] or LOCAL
    if ip is None:
        return LOCAL
    if trusted and any(ip in net for net in trusted):
        hops = [h for value in forwarded for h in value.split(",")]
        for hop in reversed(hops):
            hop_ip = _ip(hop)
            if hop_ip is None:
                break  # a hop that is no address: trust nothing further left
            if not any(hop_ip in net for net in trusted):
                return _key(hop_ip)
    return _key(ip)


class Lockout:
    """The password back-off over a store; cheap to make, holds no state of its own."""

    def __init__(self, store: Store, *, policy: Policy | None = None,
                 clock: Callable[[], float] = time.time):
        self.store = store
        self.policy = policy or Policy()
        self.clock = clock  # epoch seconds: every server process must read the same clock

    def wait(self, client: Client) -> tuple[float, str]:
        """(seconds until ``client`` may try, "client"/"account"); (0, "") when it may now."""
        now = self.clock()
        recent = signins.transaction(self.store, lambda conn: self._recent(conn, client, now))
        return self.policy.wait(recent, now)

    def _recent(self, conn, client: Client, now: float) -> Recent:
        signins.forget_before(conn, now - self.policy.window)
        return signins.recent(conn, account=ACCOUNT, address=client.address,
                              session=client.session, since=now - self.policy.window)

    def attempt(self, client: Client, check: Callable[[], bool], *, name: str = "") -> None:
        """Run ``check`` (the password comparison) unless ``client`` must wait.

        Returns when ``check`` says yes (the client's failures are forgotten). Raises LockedOut
        before calling ``check`` while the client waits, and WrongPassword (with the free
        attempts left and the wait before the next) after recording a failure.
        """
        now = self.clock()

        def tx(conn) -> tuple[str, float, int, str]:
            recent = self._recent(conn, client, now)
            seconds, reason = self.policy.wait(recent, now)
            if seconds > 0:
                return "locked", seconds, 0, reason
            if check():
                signins.forget_client(conn, account=ACCOUNT, address=client.address,
                                      session=client.session)
                return "ok", 0.0, 0, ""
            after = recent.plus(now)
            seconds, reason = self.policy.wait(after, now)
            signins.record_failure(
                conn, account=ACCOUNT, address=client.address, session=client.session, at=now,
                actor=f"anonymous:{client.address}",
                detail={"method": ACCOUNT, "client": client.address,
                        "session": client.session[:8], "name": name,
                        "client_failures": after.client, "wait_s": round(seconds)})
            return "wrong", seconds, self.policy.free_left(after), reason

        outcome, seconds, left, reason = signins.transaction(self.store, tx)
        if outcome == "locked":
            raise LockedOut(seconds, reason)
        if outcome == "wrong":
            raise WrongPassword(left, seconds, reason)
