"""Polite HTTP fetching for URL and feed inputs.

Every request newsgraph makes goes through one :class:`Fetcher`, which

* names itself: ``User-Agent: newsgraph/VERSION (news article analysis; +CONTACT)``
  (settings ``user_agent``, ``fetch_contact``);
* asks each host's ``robots.txt`` first (``urllib.robotparser``, product token ``newsgraph``):
  a missing one (4xx) allows everything, one that answers 5xx or cannot be fetched forbids
  everything (RFC 9309), and a ``Crawl-delay`` longer than ``fetch_delay`` is honoured;
* waits ``fetch_delay`` seconds between two requests to the same host (from the end of one to
  the start of the next);
* gives up on a connection after ``fetch_timeout`` seconds and retries timeouts, connection
  errors, HTTP 429 and 5xx ``fetch_retries`` times, waiting ``fetch_backoff`` seconds and twice
  as long each time (or what ``Retry-After`` asks, up to a minute);
* follows up to five redirects itself, so each hop is asked of robots.txt and spaced too;
* reads at most ``max_input_bytes`` of a body.

A URL that still fails raises :class:`FetchFailed`, an ``InputError`` with stage ``fetch`` that
names the URL and the reason; the caller turns it into a failure and goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from newsgraph.errors import InputError
from newsgraph.ingest.web import charset_of, media_type
from newsgraph.settings import Settings

if TYPE_CHECKING:
    import httpx

ROBOTS_TOKEN = "newsgraph"
MAX_REDIRECTS = 5
# Longest wait a Retry-After header or a robots.txt Crawl-delay can impose, in seconds.
MAX_SERVER_WAIT = 60.0
# A whole response may take this many times fetch_timeout (which bounds each read only).
_WHOLE_RESPONSE_TIMEOUTS = 4
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


class FetchFailed(InputError):
    stage = "fetch"


def default_user_agent(contact: str = "") -> str:
    from newsgraph import __version__

    extra = f"; +{contact}" if contact else ""
    return f"newsgraph/{__version__} (news article analysis{extra})"


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched response body."""

    url: str  # after redirects
    status: int
    content_type: str  # the full header value ('' when the server sent none)
    body: bytes

    @property
    def media_type(self) -> str:
        return media_type(self.content_type)

    @property
    def charset(self) -> str | None:
        return charset_of(self.content_type)


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    tries: int = 1


class _Robots:
    """One host's robots.txt rules, or the reason the whole host is off limits."""

    def __init__(self, parser: RobotFileParser | None, refusal: str | None = None) -> None:
        self.parser = parser
        self.refusal = refusal

    def check(self, url: str) -> None:
        if self.refusal is not None:
            raise FetchFailed(url, self.refusal)
        if self.parser is not None and not self.parser.can_fetch(ROBOTS_TOKEN, url):
            raise FetchFailed(url, "disallowed by the site's robots.txt")

    @property
    def crawl_delay(self) -> float:
        if self.parser is None:
            return 0.0
        try:
            delay = self.parser.crawl_delay(ROBOTS_TOKEN)
        except (TypeError, ValueError):
            return 0.0
        return min(float(delay), MAX_SERVER_WAIT) if delay else 0.0


class Fetcher:
    """Fetches pages politely; one per run, so per-host spacing holds across all inputs."""

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.user_agent = settings.user_agent or default_user_agent(settings.fetch_contact)
        self._sleep = sleep
        self._clock = clock
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self._robots: dict[str, _Robots] = {}  # origin -> its robots.txt
        self._crawl_delay: dict[str, float] = {}  # host -> its robots.txt Crawl-delay

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.settings.fetch_timeout),
                follow_redirects=False,
                headers={"User-Agent": self.user_agent, "Accept": _ACCEPT},
            )
        return self._client

    # -- the public call --------------------------------------------------------------------

    def get(self, url: str) -> Page:
        """Fetch ``url`` (robots.txt, spacing, retries, redirects); raises FetchFailed."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            _check_url(current, url)
            self._robots_for(current).check(current)
            resp = self._request(current, name=url)
            if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                current = urljoin(current, resp.headers["location"])
                continue
            if resp.status >= 400:
                raise FetchFailed(url, _status_reason(resp.status, resp.tries))
            if resp.status >= 300:
                raise FetchFailed(url, f"HTTP {resp.status} without a usable Location")
            return Page(resp.url, resp.status, resp.headers.get("content-type", ""), resp.body)
        raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")

    # -- robots.txt -------------------------------------------------------------------------

    def _robots_for(self, url: str) -> _Robots:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        if key not in self._robots:
            robots = self._robots[key] = self._load_robots(key)
            host = parts.netloc.lower()
            self._crawl_delay[host] = max(self._crawl_delay.get(host, 0.0), robots.crawl_delay)
        return self._robots[key]

    def _load_robots(self, origin: str) -> _Robots:
        where = origin + "/robots.txt"
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                resp = self._request(where, name=origin + "/robots.txt")
                if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                    where = urljoin(where, resp.headers["location"])
                    continue
                break
            else:
                return _Robots(None)  # a redirect loop is "unavailable": allowed (RFC 9309)
        except FetchFailed as exc:
            return _Robots(None, f"robots.txt of {origin} could not be fetched ({exc.reason})")
        if resp.status >= 500 or resp.status == 429:
            return _Robots(
                None, f"robots.txt of {origin} answered HTTP {resp.status}, so nothing is fetched"
            )
        if resp.status >= 300:
            return _Robots(None)  # no robots.txt: everything is allowed
        parser = RobotFileParser(where)
        parser.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser)

    # -- one request, spaced and retried ----------------------------------------------------

    def _request(self, url: str, *, name: str) -> _Response:
        import httpx

        host = urlsplit(url).netloc.lower()
        tries = self.settings.fetch_retries + 1
        reason = ""
        for attempt in range(tries):
            self._wait_turn(host)
            retry_after: float | None = None
            try:
                resp = self._send(url, name)
            except httpx.TimeoutException:
                reason = f"timed out after {self.settings.fetch_timeout:g} s"
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchFailed(name, f"not a fetchable URL: {exc}") from None
            except httpx.TransportError as exc:
                reason = f"connection failed: {exc.__class__.__name__}: {exc}".rstrip(": ")
            except (httpx.HTTPError, OSError, ValueError) as exc:  # e.g. a body that won't decode
                raise FetchFailed(name, f"unreadable response: {exc}") from None
            else:
                if resp.status not in _RETRY_STATUSES or attempt == tries - 1:
                    return _Response(resp.url, resp.status, resp.headers, resp.body, attempt + 1)
                reason = f"HTTP {resp.status}"
                retry_after = _retry_after(resp.headers.get("retry-after"))
            finally:
                self._last[host] = self._clock()
            if attempt < tries - 1:
                wait = self.settings.fetch_backoff * 2**attempt
                if retry_after is not None:
                    wait = max(wait, retry_after)
                self._sleep(wait)
        raise FetchFailed(name, f"{reason} ({tries} tries)")

    def _send(self, url: str, name: str) -> _Response:
        """One GET, the body read up to ``max_input_bytes`` (bodies of retried answers are
        not read)."""
        import httpx

        limit = self.settings.max_input_bytes
        deadline = self._clock() + _WHOLE_RESPONSE_TIMEOUTS * self.settings.fetch_timeout
        with self.client.stream("GET", url) as resp:
            headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code >= 300:  # retried, redirected or failed: the body is not needed
                return _Response(str(resp.url), resp.status_code, headers, b"")
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchFailed(name, _too_large(limit, int(declared)))
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchFailed(name, _too_large(limit))
                if self._clock() > deadline:  # a server that drips the body out
                    raise httpx.ReadTimeout("the whole response took too long")
                chunks.append(chunk)
            return _Response(str(resp.url), resp.status_code, headers, b"".join(chunks))

    def _wait_turn(self, host: str) -> None:
        delay = max(self.settings.fetch_delay, self._crawl_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)


def _check_url(url: str, name: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchFailed(name, f"not an http(s) URL: {url}")


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_SERVER_WAIT)
    return None


def _status_reason(status: int, tries: int) -> str:
    reason = f"HTTP {status}"
    if status in _RETRY_STATUSES and tries > 1:
        reason += f" ({tries} tries)"
    return reason


def _too_large(limit: int, size: int | None = None) -> str:
    what = f"{size / 1e6:.1f} MB is" if size is not None else "the body is"
    return f"too large: {what} over the {limit / 1e6:.1f} MB limit (setting max_input_bytes)"
