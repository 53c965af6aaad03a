"""What strangers can send to the public site: any path, method and headers get an answer, never a server error.

Property tests (hypothesis) over paths (unknown languages, encoded slashes, NUL, "../", very long paths, look-alike
letters), odd Accept-Language and Host headers and every HTTP method; and the read-only public pages answer the
methods they do not take with 405, not with a CSRF 403.
"""

from urllib.parse import quote, unquote_to_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_public_page import PAGES

METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE"]
UNSAFE_METHODS = ["POST", "PUT", "DELETE", "PATCH", "TRACE"]

# Every public address that only reads, and what it answers to GET: the pages in each language, the contact card
# (of the seed's contact point: `contact-1` stands for its number), a page that is not there, the language links,
# the health check, the sitemap and robots.txt.
ANSWERS = {
    **dict.fromkeys(PAGES.values(), 200),
    "/fr/": 200,
    "/sr-latn/": 200,
    "/sr/": 200,
    "/en/": 200,
    "/fr/accessibilite/": 200,
    "/en/site-map/": 200,
    "/fr/service-de-securite-interieure/contact-1.vcf": 200,
    "/fr/no-such-service/": 404,
    "/language/en/?next=/en/": 302,
    "/health/": 200,
    "/sitemap.xml": 200,
    "/robots.txt": 200,
}
READ_ONLY = list(ANSWERS)

# Pieces of paths: known addresses and their look-alikes (Cyrillic "ѕ", fullwidth letters, long s, dotless i),
# unknown and odd language prefixes, traversal, encoded slashes and NUL, broken escapes.
SEGMENTS = [
    "fr",
    "sr-latn",
    "sr",
    "en",
    "de",
    "xx",
    "fr-fr",
    "FR",
    "sr_Latn",
    "sr-Cyrl",
    "zh-hans",
    "en-us-x-private",
    "admin",
    "static",
    "media",
    "health",
    "language",
    "admin-language",
    "sitemap.xml",
    "robots.txt",
    "accessibilite",
    "plan-du-site",
    "accessibility",
    "pristupacnost",
    "site-map",
    "mapa-sajta",
    "service-de-securite-interieure",
    "internal-security-service",
    "sluzba-za-unutrasnju-bezbednost",
    "contact-1.vcf",
    "contact-99999999999999999999.vcf",
    "contact--1.vcf",
    "\u0455ervice-de-securite-interieure",
    "ｆｒ",
    "\u017fervice",
    "ı",
    "İ",
    "..",
    ".",
    "",
    "%2e%2e",
    "..%2f..%2f",
    "%2F",
    "%252F",
    "%00",
    "a%00b",
    "%",
    "%zz",
    "%c0%af",
    "%ff%fe",
    "%e2%80%ae",
    "~root",
    ";jsessionid=1",
    "*",
    "index.php",
    ".env",
    ".git",
    "wp-admin",
]

ACCEPT_LANGUAGES = [
    "",
    "*",
    "sr-Latn-RS,sr;q=0.8",
    "sr-Cyrl",
    "de-DE,de;q=0.9",
    "xx",
    "en;q=abc",
    "en;q=1e309",
    "en;q=-1",
    ";;;,,,",
    "fr-FR-x-" + "a" * 600,
    "en, " * 200,
    "zh-Hans-CN-u-ca-chinese",
    "i-klingon",
    "en\x00",
    "\xff\xfe",
]
HOSTS = [
    "testserver",
    "localhost",
    "127.0.0.1",
    "TESTSERVER",
    "testserver.",
    "testserver:80",
    "testserver:99999",
    "testserver:abc",
    "[::1]",
    "[::1",
    "evil.example",
    "testserver@evil.example",
    "testserver/../evil",
    "localhost\x00",
    "",
    "a" * 300,
    "xn--80ak6aa92e.com",
]

# What a WSGI server hands Django: header values decoded as Latin-1.
latin1_text = st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=80)
segment = st.one_of(
    st.sampled_from(SEGMENTS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20).map(lambda text: quote(text, safe="")),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="?#"), max_size=20),
)
query = st.one_of(
    st.just(""),
    st.sampled_from(["?next=/en/", "?next=//evil.example/", "?next=javascript:alert(1)", "?a=%00", "?%zz", "?" + "a=1&" * 500]),
    st.text(max_size=40).map(lambda text: "?" + quote(text, safe="=&")),
)


@st.composite
def paths(draw):
    parts = draw(st.lists(segment, min_size=0, max_size=6))
    path = "/" + "/".join(parts) + draw(st.sampled_from(["", "/"]))
    if draw(st.integers(0, 9)) == 0:  # now and then, a very long path
        path += draw(st.sampled_from(["a", "../", "%2e%2e/", "é"])) * draw(st.integers(500, 5000))
    return path + draw(query)


def send(client, method, path, **kwargs):
    """A request for `path` as a server hands it on, "//x" included (which the test client would read as a host)."""
    raw_path, _sep, query = path.partition("?")
    return client.generic(method, "/", PATH_INFO=unquote_to_bytes(raw_path).decode("iso-8859-1"), QUERY_STRING=query, **kwargs)


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code
    assert b"Traceback" not in response.content


@pytest.fixture
def visitor(ssi):
    """A client that, like a browser, sends no CSRF token unless it read one from a form."""
    return Client(enforce_csrf_checks=True)


PROPERTY = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(path=paths(), method=st.sampled_from(METHODS))
def test_any_path_with_any_method_gets_an_answer_that_is_no_server_error(visitor, path, method):
    visitor.cookies.clear()
    assert_no_server_error(send(visitor, method, path))


@PROPERTY
@given(
    path=st.one_of(st.sampled_from(READ_ONLY + ["/", "/admin/login/"]), paths()),
    method=st.sampled_from(METHODS),
    accept_language=st.one_of(st.sampled_from(ACCEPT_LANGUAGES), latin1_text),
    host=st.one_of(st.sampled_from(HOSTS), latin1_text),
)
def test_odd_language_and_host_headers_get_an_answer_that_is_no_server_error(visitor, path, method, accept_language, host):
    visitor.cookies.clear()
    response = send(visitor, method, path, headers={"accept-language": accept_language, "host": host})
    assert_no_server_error(response)


@PROPERTY
@given(
    path=st.sampled_from(READ_ONLY),
    headers=st.fixed_dictionaries(
        {},
        optional={
            "cookie": st.one_of(st.sampled_from(["django_language=xx", "sessionid=x; csrftoken=;", "=;=;"]), latin1_text),
            "if-none-match": st.one_of(st.sampled_from(["*", '"', 'W/"x", "y"', ","]), latin1_text),
            "if-modified-since": st.one_of(st.sampled_from(["Mon, 32 Dec 99999 99:99:99 GMT", "0", "-1"]), latin1_text),
            "x-forwarded-proto": latin1_text,
            "x-forwarded-for": latin1_text,
            "referer": latin1_text,
            "user-agent": latin1_text,
        },
    ),
)
def test_odd_request_headers_on_public_pages_get_an_answer_that_is_no_server_error(visitor, path, headers):
    visitor.cookies.clear()
    assert_no_server_error(visitor.get(path, headers=headers))


@pytest.mark.parametrize("method", UNSAFE_METHODS)
@pytest.mark.parametrize("url", READ_ONLY)
def test_read_only_public_addresses_answer_other_methods_with_405_not_403(visitor, url, method):
    response = visitor.generic(method, url)
    assert response.status_code == 405
    assert method not in response["Allow"] and "GET" in response["Allow"]


@pytest.mark.parametrize("url", READ_ONLY)
def test_read_only_public_addresses_still_answer_get_head_and_options(visitor, ssi, url):
    answer = ANSWERS[url]
    url = url.replace("/contact-1.vcf", f"/contact-{ssi.contact_points.get().pk}.vcf")
    assert visitor.get(url).status_code == answer
    head = visitor.head(url)
    assert (head.status_code, head.content) == (answer, b"")
    options = visitor.options(url)
    assert options.status_code in (200, 405) and "GET" in options["Allow"]


def test_a_post_to_the_admin_login_without_its_token_is_still_refused(visitor):
    assert visitor.post("/admin/login/", {"username": "editor", "password": "x"}).status_code == 403
