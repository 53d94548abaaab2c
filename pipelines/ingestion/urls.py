"""URL helpers: which schemes may be fetched, how a URL names an article, and hiding secrets in URLs."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

FETCHABLE_SCHEMES = frozenset({"http", "https"})

# A query/fragment parameter whose name contains one of these has its value hidden.
_SECRET_WORDS = ("token", "key", "pass", "pwd", "secret", "sig", "auth", "credential", "session")
_URL_IN_TEXT = re.compile(r"""\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+""")
_PARAM_IN_TEXT = re.compile(r"""([?&#;])([^=\s&#?;'"<>]+)=([^&\s#;'"<>]*)""")
REDACTED = "REDACTED"


def url_scheme(source: str) -> str | None:
    """The lower-cased scheme of `source` when it looks like a URL, else None (a path).

    One-letter schemes are Windows drive letters, not URLs.

    >>> url_scheme("HTTPS://example.org/a"), url_scheme("ftp://x/y"), url_scheme("file:///etc/passwd")
    ('https', 'ftp', 'file')
    >>> url_scheme("data/articles"), url_scheme("C:/news"), url_scheme("notes: draft.txt")
    (None, None, None)
    """
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]+):(//)?", source)
    if not match:
        return None
    scheme = match.group(1).lower()
    if match.group(2) or scheme in {"file", "data", "javascript", "mailto", "about", "ftp", "http", "https"}:
        return scheme
    return None


def is_fetchable(url: str) -> bool:
    """True for http(s) URLs with a host.

    >>> is_fetchable("https://example.org/x"), is_fetchable("file:///etc/passwd"), is_fetchable("http:///x")
    (True, False, False)
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in FETCHABLE_SCHEMES and bool(parts.hostname)


def why_not_fetchable(url: str) -> str | None:
    """Why `url` will not be fetched, or None when it may be.

    >>> why_not_fetchable("https://ex.org/a") is None
    True
    >>> why_not_fetchable("file:///etc/passwd"), why_not_fetchable("http:///x"), why_not_fetchable("news/a.html")
    ("unsupported URL scheme 'file' (only http and https are fetched)", 'invalid URL (no host)', 'not an absolute URL')
    """
    if is_fetchable(url):
        return None
    scheme = url_scheme(url)
    if scheme is None:
        return "not an absolute URL"
    if scheme in FETCHABLE_SCHEMES:
        return "invalid URL (no host)"
    return f"unsupported URL scheme '{scheme}' (only http and https are fetched)"


def _is_secret_name(name: str) -> bool:
    lowered = unquote(name).lower()
    return any(word in lowered for word in _SECRET_WORDS)


def _redact_params(params: str) -> str:
    out = []
    for part in params.split("&"):
        name, eq, _value = part.partition("=")
        if eq and _is_secret_name(name):
            out.append(f"{name}={REDACTED}")
        elif not eq and _is_secret_name(part):
            out.append(REDACTED)
        else:
            out.append(part)
    return "&".join(out)


def redact_url(url: str) -> str:
    """`url` safe to log or store: secret-looking query/fragment values and passwords replaced.

    A parameter is secret when its name contains token, key, pass, pwd, secret, sig, auth,
    credential or session (case-insensitive); other parameters, and the rest of the URL, are kept
    exactly as written.

    >>> redact_url("https://ex.org/feed?token=SECRET&page=2")
    'https://ex.org/feed?token=REDACTED&page=2'
    >>> redact_url("https://user:hunter2@ex.org/a?X-Amz-Signature=abc#access_token=t")
    'https://user:REDACTED@ex.org/a?X-Amz-Signature=REDACTED#access_token=REDACTED'
    >>> redact_url("https://ex.org/news/strike.html"), redact_url("file:///etc/passwd")
    ('https://ex.org/news/strike.html', 'file:///etc/passwd')
    """
    rest, hash_, fragment = url.partition("#")
    rest, question, query = rest.partition("?")
    if question:
        query = _redact_params(query)
    if hash_ and "=" in fragment:
        fragment = _redact_params(fragment)
    scheme, slashes, after = rest.partition("://")
    if slashes:
        authority, slash, path = after.partition("/")
        if "@" in authority:
            userinfo, _, hostport = authority.rpartition("@")
            user, colon, _password = userinfo.partition(":")
            authority = f"{user}:{REDACTED}@{hostport}" if colon else f"{REDACTED}@{hostport}"
        rest = f"{scheme}{slashes}{authority}{slash}{path}"
    return f"{rest}{question}{query}{hash_}{fragment}"


def redact_text(text: str) -> str:
    """Free text with every URL passed through `redact_url`, and secret-looking ``?name=value``
    parameters of relative URLs hidden too.

    >>> redact_text("HTTP 404 for https://ex.org/a?api_key=K1 (after redirect)")
    'HTTP 404 for https://ex.org/a?api_key=REDACTED (after redirect)'
    >>> redact_text("Location: /next?page=2&token=K1")
    'Location: /next?page=2&token=REDACTED'
    """
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return _PARAM_IN_TEXT.sub(
        lambda m: f"{m[1]}{m[2]}={REDACTED}" if _is_secret_name(m[2]) and m[3] != REDACTED else m[0], text
    )


def url_slug(url: str) -> str:
    """A short name for the article at `url`: its last path segment without extension, or the host.

    >>> url_slug("https://ex.org/news/2023/strike-kills-three.html?utm=x")
    'strike-kills-three'
    >>> url_slug("https://ex.org/"), url_slug("https://ex.org/a/b/")
    ('ex.org', 'b')
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "article"
    segments = [s for s in unquote(parts.path).split("/") if s]
    if segments:
        last = segments[-1]
        stem = last.rsplit(".", 1)[0] if "." in last[1:] else last
        return stem or last
    return parts.hostname or "article"
