"""Machine-translation providers through deep-translator, with timeouts, retries and typed errors.

deep-translator makes its HTTP calls with no timeout, so every call runs in a daemon
thread that we stop waiting for after ``timeout`` seconds. Its errors are a mixed bag
(its own classes, requests', bare exceptions, KeyErrors on odd JSON); :func:`classify`
turns them into one :class:`ProviderError` with a kind the caller can act on.

Only ``libre`` (against a local LibreTranslate stub) and the offline ``pseudo`` provider
are exercised by the tests; the others are wired the same way but untested here.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kbstudio.translation.pseudo import pseudo

if TYPE_CHECKING:
    from collections.abc import Callable

PROVIDERS = ("google", "deepl", "microsoft", "baidu", "papago", "libre", "pseudo")
TESTED = frozenset({"libre", "pseudo"})
NEEDS_KEY = frozenset({"deepl", "microsoft", "baidu", "papago"})
# Kinds of failure; the first four may pass, so they are retried.
RETRYABLE = frozenset({"network", "timeout", "quota", "server"})
KINDS = ("network", "timeout", "quota", "server", "client", "malformed", "config", "placeholders")

# Locale tags the providers spell differently from BCP 47.
_CODES: dict[str, dict[str, str]] = {
    "google": {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    "deepl": {"zh-Hans": "zh", "zh-Hant": "zh"},
    "microsoft": {},
    "baidu": {"zh-Hans": "zh", "zh-Hant": "cht", "ja": "jp", "ko": "kor", "es": "spa", "ar": "ara"},
    "papago": {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    "libre": {"zh-Hans": "zh", "zh-Hant": "zt"},
}
# deep-translator's ServerException keeps only a message; map it back to the status.
_STATUS_OF_MESSAGE = {
    "ERR_BAD_REQUEST": 400,
    "ERR_KEY_INVALID": 401,
    "ERR_KEY_BLOCKED": 402,
    "ERR_DAILY_REQ_LIMIT_EXCEEDED": 403,
    "ERR_DAILY_CHAR_LIMIT_EXCEEDED": 404,
    "ERR_TEXT_TOO_LONG": 413,
    "ERR_UNPROCESSABLE_TEXT": 422,
    "ERR_TOO_MANY_REQUESTS": 429,
    "ERR_INTERNAL_SERVER_ERROR": 500,
    "ERR_LANG_NOT_SUPPORTED": 501,
    "ERR_SERVICE_NOT_AVAIBLE": 503,
}


class ProviderError(Exception):
    """A provider call that failed, with a kind from :data:`KINDS`."""

    def __init__(self, kind: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


@dataclass(frozen=True)
class ProviderSettings:
    """How to reach one provider; never holds a key (keys live in the OS keyring)."""

    name: str
    url: str = ""
    region: str = ""
    client_id: str = ""  # Baidu app id, Papago client id: not secret
    use_free_api: bool = False
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0


def provider_code(provider: str, locale: str) -> str:
    return _CODES.get(provider, {}).get(
        locale, locale.split("-")[0] if provider == "libre" else locale
    )


def make_client(
    settings: ProviderSettings, *, key: str | None, source: str, target: str
) -> Callable[[str], str]:
    """A function that translates one text from *source* to *target* with this provider."""
    name = settings.name
    if name not in PROVIDERS:
        raise ProviderError("config", f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")
    if name == "pseudo":
        return pseudo
    if name in NEEDS_KEY and not key:
        raise ProviderError(
            "config", f"no API key for {name}: set one with `kbstudio provider set`"
        )
    src, dst = provider_code(name, source), provider_code(name, target)
    # Some clients call their service while being built (Microsoft lists its languages).
    client = _with_timeout(lambda: _construct(settings, key, src, dst), settings.timeout)
    return client.translate  # type: ignore[no-any-return]


def _construct(settings: ProviderSettings, key: str | None, src: str, dst: str) -> Any:
    import deep_translator as dt

    name = settings.name
    if name == "google":
        return dt.GoogleTranslator(source=src, target=dst)
    if name == "deepl":
        return dt.DeeplTranslator(
            api_key=key, source=src, target=dst, use_free_api=settings.use_free_api
        )
    if name == "microsoft":
        return dt.MicrosoftTranslator(
            api_key=key, source=src, target=dst, region=settings.region or None
        )
    if name == "baidu":
        return dt.BaiduTranslator(appid=settings.client_id, appkey=key, source=src, target=dst)
    if name == "papago":
        return dt.PapagoTranslator(
            client_id=settings.client_id, secret_key=key, source=src, target=dst
        )
    if not settings.url:
        raise ProviderError("config", "LibreTranslate needs a server URL (--url)")
    url = settings.url if settings.url.endswith("/") else settings.url + "/"
    # A self-hosted server often has no key, but deep-translator refuses an empty one.
    return dt.LibreTranslator(source=src, target=dst, api_key=key or "none", custom_url=url)


def classify(exc: BaseException) -> ProviderError:
    """One typed error for whatever deep-translator or requests raised."""
    if isinstance(exc, ProviderError):
        return exc
    import requests
    from deep_translator import exceptions as dx

    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, requests.exceptions.Timeout):
        return ProviderError("timeout", f"the provider did not answer in time ({text})")
    if isinstance(exc, ValueError) and "json" in type(exc).__name__.lower():
        return ProviderError("malformed", f"the provider's reply is not valid JSON ({text})")
    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError):
        return ProviderError("network", f"cannot reach the provider ({text})")
    if isinstance(exc, dx.TooManyRequests):
        return ProviderError(
            "quota", "the provider refused: too many requests or quota used up", status=429
        )
    if isinstance(exc, dx.AuthorizationException):
        return ProviderError("client", "the provider refused the API key", status=403)
    if isinstance(exc, dx.ServerException | dx.RequestError) or "status code" in text:
        found = re.search(r"status code: (\d{3})", text)
        status = int(found.group(1)) if found else _STATUS_OF_MESSAGE.get(text)
        return by_status(status, text)
    if isinstance(exc, dx.TranslationNotFound | KeyError | TypeError | IndexError):
        return ProviderError("malformed", f"the provider's reply has no translation ({text})")
    if isinstance(
        exc,
        dx.LanguageNotSupportedException | dx.ApiKeyException | dx.InvalidSourceOrTargetLanguage,
    ):
        return ProviderError("config", " ".join(text.split())[:200])
    if isinstance(exc, dx.MicrosoftAPIerror | dx.BaiduAPIerror):
        return ProviderError("client", text)
    return ProviderError("server", f"{type(exc).__name__}: {text}")


def by_status(status: int | None, detail: str = "") -> ProviderError:
    if status == 429:
        return ProviderError(
            "quota", "the provider refused: too many requests or quota used up", status=429
        )
    if status is not None and 400 <= status < 500:
        return ProviderError(
            "client", f"the provider refused the request (HTTP {status})", status=status
        )
    shown = f"HTTP {status}" if status else detail
    return ProviderError("server", f"the provider failed ({shown})", status=status)


def _with_timeout(fn: Callable[[], Any], timeout: float) -> Any:
    """``fn()``, given up after *timeout* seconds (the call is left to finish in its thread)."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, fn()))
        except BaseException as exc:  # handed to the caller's thread
            box.put((False, exc))

    threading.Thread(target=run, daemon=True, name="kbstudio-mt").start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        raise ProviderError("timeout", f"no reply within {timeout:g} s") from None
    if not ok:
        raise classify(value) from value
    return value


def call_with_timeout(fn: Callable[[str], str], text: str, timeout: float) -> str:
    """Call ``fn(text)`` and give up after *timeout* seconds."""
    value = _with_timeout(lambda: fn(text), timeout)
    if not isinstance(value, str):
        raise ProviderError("malformed", f"the provider's reply is not text: {value!r:.80}")
    return value


def translate_text(
    fn: Callable[[str], str],
    text: str,
    settings: ProviderSettings,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Translate one text, retrying passing failures with exponential backoff."""
    attempt = 0
    while True:
        try:
            return call_with_timeout(fn, text, settings.timeout)
        except ProviderError as exc:
            attempt += 1
            if not exc.retryable or attempt >= max(settings.retries, 1):
                raise
            sleep(settings.backoff * 2 ** (attempt - 1))
