"""deep-translator's real LibreTranslator against a local stub: replies, failures, retries."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import pytest

from kbstudio.translation.providers import (
    ProviderError,
    ProviderSettings,
    make_client,
    translate_text,
)
from tests import libre_stub

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def stub() -> Iterator[libre_stub.StubServer]:
    server_stub, server = libre_stub.start()
    yield server_stub
    server.shutdown()
    server.server_close()


def settings(url: str, **kw: object) -> ProviderSettings:
    return ProviderSettings("libre", url=url, timeout=kw.pop("timeout", 5.0), **kw)  # type: ignore[arg-type]


def test_libre_client_sends_the_text_and_returns_the_reply(stub: libre_stub.StubServer) -> None:
    fn = make_client(settings(stub.url), key=None, source="en", target="zh-Hans")
    assert translate_text(fn, "Withdraw {0} now", settings(stub.url)) == "zh:WITHDRAW {0} NOW"
    sent = stub.requests[0]
    assert (sent["q"], sent["source"], sent["target"], sent["format"]) == (
        "Withdraw {0} now",
        "en",
        "zh",
        "text",
    )
    # deep-translator refuses an empty key; a keyless self-hosted server gets a dummy one.
    assert sent["api_key"] == "none"


def test_libre_key_is_sent_when_set(stub: libre_stub.StubServer) -> None:
    fn = make_client(settings(stub.url), key="s3cret", source="en", target="ja")
    translate_text(fn, "Hello", settings(stub.url))
    assert stub.requests[0]["api_key"] == "s3cret"


@pytest.mark.parametrize(
    ("mode", "kind", "status"),
    [
        ("400", "client", 400),
        ("404", "client", 404),
        ("429", "quota", 429),
        ("500", "server", 500),
        ("503", "server", 503),
        ("bad-json", "malformed", None),
        ("no-key", "malformed", None),
    ],
)
def test_failures_are_typed(
    stub: libre_stub.StubServer, mode: str, kind: str, status: int | None
) -> None:
    stub.script = [mode] * 5
    s = settings(stub.url, retries=1)
    fn = make_client(s, key=None, source="en", target="es")
    with pytest.raises(ProviderError) as caught:
        translate_text(fn, "Hello", s)
    assert caught.value.kind == kind
    assert caught.value.status == status
    assert str(caught.value)


def test_403_is_a_refused_key(stub: libre_stub.StubServer) -> None:
    stub.script = ["403"]
    s = settings(stub.url, retries=3)
    with pytest.raises(ProviderError) as caught:
        translate_text(make_client(s, key="bad", source="en", target="es"), "Hi", s)
    assert caught.value.kind == "client"
    assert len(stub.requests) == 1  # a refusal is not retried


def test_slow_reply_times_out_with_our_own_timeout(stub: libre_stub.StubServer) -> None:
    stub.script = ["slow"]
    stub.slow_seconds = 1.5
    s = settings(stub.url, timeout=0.3, retries=1)
    with pytest.raises(ProviderError) as caught:
        translate_text(make_client(s, key=None, source="en", target="es"), "Hi", s)
    assert caught.value.kind == "timeout"


def test_passing_failures_are_retried_with_backoff(stub: libre_stub.StubServer) -> None:
    stub.script = ["503", "429"]
    waits: list[float] = []
    s = settings(stub.url, retries=3, backoff=0.5)
    out = translate_text(
        make_client(s, key=None, source="en", target="es"), "Hi", s, sleep=waits.append
    )
    assert out == "es:HI"
    assert waits == [0.5, 1.0]
    assert len(stub.requests) == 3


def test_retries_give_up_after_the_limit(stub: libre_stub.StubServer) -> None:
    stub.script = ["500"] * 10
    waits: list[float] = []
    s = settings(stub.url, retries=3, backoff=1.0)
    with pytest.raises(ProviderError):
        translate_text(
            make_client(s, key=None, source="en", target="es"), "Hi", s, sleep=waits.append
        )
    assert waits == [1.0, 2.0]
    assert len(stub.requests) == 3


def test_no_server_listening_is_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = settings(f"http://127.0.0.1:{port}/", retries=1)
    with pytest.raises(ProviderError) as caught:
        translate_text(make_client(s, key=None, source="en", target="es"), "Hi", s)
    assert caught.value.kind == "network"


def test_configuration_errors_are_refused_before_any_call() -> None:
    with pytest.raises(ProviderError, match="URL") as caught:
        make_client(ProviderSettings("libre"), key=None, source="en", target="es")
    assert caught.value.kind == "config"
    with pytest.raises(ProviderError, match="API key"):
        make_client(ProviderSettings("deepl"), key=None, source="en", target="es")
    with pytest.raises(ProviderError, match="unknown provider"):
        make_client(ProviderSettings("babelfish"), key=None, source="en", target="es")


def test_an_unsupported_language_is_a_configuration_error(stub: libre_stub.StubServer) -> None:
    with pytest.raises(ProviderError) as caught:
        make_client(settings(stub.url), key=None, source="en", target="tlh")
    assert caught.value.kind == "config"
    assert stub.requests == []
