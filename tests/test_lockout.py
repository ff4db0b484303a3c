"""The password back-off (outages.lockout) over a store, on SQLite and on PostgreSQL, with a
clock the tests move by hand: the waits, who is held and who is not, the window, the audit log,
attempts made at once, and two server processes (two Store handles) seeing the same counts."""

from __future__ import annotations

import ipaddress
import threading

import pytest

from outages.auth import LockedOut, WrongPassword, password_editor
from outages.lockout import (
    LOCAL,
    Client,
    Lockout,
    Policy,
    backoff,
    client_address,
    trusted_networks,
)
from outages.store import open_store, signins
from tests.helpers import Clock

PASSWORD = "correct horse battery"  # noqa: S105 (a test password)
WRONG = "wrong guess"  # noqa: S105
EDITOR = Client("192.0.2.10", "editor-session")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def lock(store, clock):
    return Lockout(store, clock=clock)


def guess(lock: Lockout, client: Client, password: str = WRONG) -> Exception | None:
    """Try ``password``; the exception raised (WrongPassword, LockedOut) or None on success."""
    try:
        password_editor(password, PASSWORD, lock, client, name="someone")
    except (WrongPassword, LockedOut) as exc:
        return exc
    return None


# the policy without a store ------------------------------------------------------------------

@pytest.mark.parametrize("extra,seconds", [(0, 30), (1, 60), (3, 240), (6, 1920), (7, 3600),
                                           (10_000, 3600), (-1, 30)])
def test_backoff_doubles_up_to_its_cap(extra, seconds):
    assert backoff(extra, 30.0, 3600.0) == seconds


TRUSTED = (ipaddress.ip_network("10.0.0.0/8"),)


@pytest.mark.parametrize("peer,forwarded,trusted,expected", [
    (None, [], (), LOCAL),
    ("203.0.113.5", [], (), "203.0.113.5"),
    # IPv6 counts by its /64; an IPv4-mapped address as IPv4
    ("2001:db8:1:2:aaaa::1", [], (), "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.5", [], (), "203.0.113.5"),
    # X-Forwarded-For is ignored unless the peer is a trusted proxy
    ("203.0.113.5", ["198.51.100.1"], (), "203.0.113.5"),
    ("203.0.113.5", ["198.51.100.1"], TRUSTED, "203.0.113.5"),
    # from a trusted proxy: the rightmost hop that is not a trusted proxy
    ("10.0.0.5", ["198.51.100.1"], TRUSTED, "198.51.100.1"),
    ("10.0.0.5", ["6.6.6.6, 198.51.100.1, 10.0.0.9"], TRUSTED, "198.51.100.1"),
    ("10.0.0.5", ["6.6.6.6", "198.51.100.1"], TRUSTED, "198.51.100.1"),
    ("10.0.0.5", ["not-an-address, 198.51.100.1"], TRUSTED, "198.51.100.1"),
    ("10.0.0.5", ["198.51.100.1, garbage"], TRUSTED, "10.0.0.5"),
    ("10.0.0.5", [], TRUSTED, "10.0.0.5"),
])
def test_client_address(peer, forwarded, trusted, expected):
    assert client_address(peer, forwarded, trusted) == expected


@pytest.mark.parametrize("value,expected", [
    ("10.0.0.5, 172.16.0.0/12", ["10.0.0.5/32", "172.16.0.0/12"]),
    (["10.0.0.5", "fd00::/8", "not a proxy", 7], ["10.0.0.5/32", "fd00::/8"]),
    ("", []),
    (None, []),
    (42, []),
])
def test_trusted_networks(value, expected):
    assert [str(n) for n in trusted_networks(value)] == expected


# the policy over a store (both backends) -----------------------------------------------------

def test_the_wait_doubles_and_is_capped(lock, clock):
    client = Client("203.0.113.1", "attacker")
    for _ in range(4):
        assert isinstance(guess(lock, client), WrongPassword)
    waits = []
    for _ in range(9):
        wrong = guess(lock, client)
        assert isinstance(wrong, WrongPassword)
        waits.append(wrong.seconds)
        clock.now += wrong.seconds - 1
        held = guess(lock, client, PASSWORD)  # a second early: even the right one is refused
        assert isinstance(held, LockedOut) and held.seconds == 1
        clock.now += 1
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert signins.count(lock.store) == 13


def test_a_new_session_or_a_new_address_carries_the_failures(lock, clock):
    attacker = Client("203.0.113.1", "first-session")
    for _ in range(5):
        guess(lock, attacker)
    for other in (Client("203.0.113.1", "fresh-session"), Client("198.51.100.99",
                                                                 "first-session")):
        held = guess(lock, other, PASSWORD)
        assert isinstance(held, LockedOut) and held.reason == "client"
    assert guess(lock, EDITOR, PASSWORD) is None


def test_failures_older_than_the_window_count_for_nothing(lock, clock):
    client = Client("203.0.113.1", "s")
    for _ in range(6):
        guess(lock, client)
    assert lock.wait(client)[0] > 0
    clock.now += lock.policy.window + 1
    assert lock.wait(client) == (0.0, "")
    assert signins.count(lock.store) == 0  # deleted, not just ignored
    wrong = guess(lock, client)
    assert wrong.attempts_left == lock.policy.client_free - 1


def test_many_anonymous_failures_do_not_stop_an_editor(lock, clock):
    """300 wrong passwords from 100 addresses: each is held, the editor is not."""
    for round_ in range(3):
        for i in range(100):
            guess(lock, Client(f"203.0.113.{i}", f"bot-{i}-{round_}"))
        clock.now += 1
    assert signins.count(lock.store) > lock.policy.account_free
    held = guess(lock, Client("203.0.113.7", "bot-7-again"), PASSWORD)
    assert isinstance(held, LockedOut) and held.reason == "account"
    assert held.seconds > 3000
    # a clean session on a clean address signs in at once
    assert guess(lock, EDITOR, PASSWORD) is None
    # an editor's one typo on a clean client does not put it under the account's clock
    typo = Client("192.0.2.11", "typo")
    assert isinstance(guess(lock, typo), WrongPassword)
    assert guess(lock, typo, PASSWORD) is None


def test_distributed_guessing_gets_two_guesses_an_address(lock, clock):
    policy = lock.policy
    tried = 0
    for i in range(200):
        client = Client(f"2001:db8:{i:x}::1", f"bot-{i}")
        for _ in range(policy.client_free):
            if isinstance(guess(lock, client), WrongPassword):
                tried += 1
    # the first account_free failures spread freely; past them, each address is stopped by the
    # account's clock once it has failed account_applies_after times
    assert tried <= policy.account_free + 200 * policy.account_applies_after
    assert tried >= 200 * policy.account_applies_after


def test_wrong_passwords_go_to_the_audit_log_without_the_password(lock, clock):
    client = Client("203.0.113.44", "0123456789abcdef")
    guess(lock, client, "hunter2-secret")
    guess(lock, client, PASSWORD)
    entries = lock.store.audit_log()
    assert [e["action"] for e in entries] == [signins.FAILED_ACTION]
    entry = entries[0]
    assert entry["by"] == "anonymous:203.0.113.44"
    assert entry["detail"]["client"] == "203.0.113.44"
    assert entry["detail"]["session"] == "01234567"
    assert entry["detail"]["name"] == "someone"
    assert entry["at"].endswith("Z")
    assert "hunter2" not in repr(entry) and PASSWORD not in repr(entry)


def test_the_store_content_is_unchanged_by_sign_ins(lock):
    before = lock.store.content_hash()
    for _ in range(7):
        guess(lock, Client("203.0.113.1", "s"))
    assert lock.store.content_hash() == before


def test_attempts_made_at_once_are_counted_in_turn(lock, clock):
    """20 threads guessing at the same instant from one client: 5 are compared, 15 held."""
    client = Client("203.0.113.1", "parallel")
    outcomes: list[object] = []
    start = threading.Barrier(20)

    def one() -> None:
        start.wait()
        outcomes.append(type(guess(lock, client)))

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(WrongPassword) == lock.policy.client_free
    assert outcomes.count(LockedOut) == 20 - lock.policy.client_free
    assert signins.count(lock.store) == lock.policy.client_free


def test_two_server_processes_share_the_counts(store_url, clock):
    """Each replica opens the store itself: failures made through one hold in the other."""
    with open_store(store_url) as one, open_store(store_url) as two:
        client = Client("203.0.113.1", "s")
        for _ in range(5):
            guess(Lockout(one, clock=clock), client)
        held = guess(Lockout(two, clock=clock), client, PASSWORD)
        assert isinstance(held, LockedOut)


def test_a_custom_policy(store, clock):
    lock = Lockout(store, clock=clock, policy=Policy(client_free=2, client_base=5.0,
                                                     client_cap=7.0))
    client = Client("203.0.113.1", "s")
    assert guess(lock, client).seconds == 0
    assert guess(lock, client).seconds == 5
    clock.now += 5
    assert guess(lock, client).seconds == 7
