"""The site as deployed: gunicorn with production settings on PostgreSQL (memory cache or Redis), nginx in front.

Each test prepares a fresh deployment (tests/servers.py), changes it from another process as an operator would,
and checks what visitors then get. Every wait is bounded to a few seconds; no traffic leaves 127.0.0.1.
"""

import re
import secrets
import time
from collections import Counter
from pathlib import Path

import pytest

from .html import links
from .servers import fetch, nginx_binary

pytestmark = pytest.mark.server

SLUG = "service-de-securite-interieure"
PAGE = f"/fr/{SLUG}/"
REQUESTS = 40


def through_the_orm(action):
    """`manage.py shell` running `publishing.publish` or `publishing.unpublish` on the service, as the admin does."""
    return [
        "shell",
        "-c",
        f"from security_service.models import Service; from security_service.publishing import {action}; "
        f"{action}(Service.objects.get(acronym='SSI'))",
    ]


# An operator's two ways to unpublish and publish the page from a process of its own.
CHANGES = {
    "command": {"unpublish": ["unpublish", SLUG], "publish": ["publish", SLUG]},
    "orm": {"unpublish": through_the_orm("unpublish"), "publish": through_the_orm("publish")},
}


def counted(answers):
    """'12 × 200 HIT, 3 × 404' for a list of answers."""
    counts = Counter(" ".join(filter(None, (str(answer.status), answer.headers.get("x-cache-status")))) for answer in answers)
    return ", ".join(f"{count} × {what}" for what, count in counts.items()) or "nothing"


def watch(port, path, seconds, until, every=0.25):
    """GET `path` every `every` seconds for up to `seconds`: (the first answer meeting `until` or None, when, answers seen)."""
    seen, start = [], time.monotonic()
    while (elapsed := time.monotonic() - start) < seconds:
        answer = fetch(port, path)
        seen.append(answer)
        if until(answer):
            return answer, elapsed, seen
        time.sleep(every)
    return None, seconds, seen


# 1. Memory caches, two workers, a publication changed from another process.


def warm_every_worker(app, path):
    """Request `path` on new connections until each worker has answered it (the access log names the worker)."""
    for _ in range(10 * REQUESTS):
        assert fetch(app.port, path).status == 200
        if len({pid for pid, status, logged in app.access_log() if (status, logged) == (200, path)}) == app.workers:
            return
    raise AssertionError(f"{10 * REQUESTS} requests on new connections, and not every one of {app.workers} workers answered")


def by_worker(entries):
    """'worker 1234: 21 × 200; worker 1235: 19 × 200' for access log entries."""
    counts = Counter((pid, status) for pid, status, _path in entries)
    return "; ".join(f"worker {pid}: {count} × {status}" for (pid, status), count in sorted(counts.items()))


def statuses_of_many_requests(app):
    """The status of each of REQUESTS requests on new connections, and which worker answered what."""
    before = len(app.access_log())
    statuses = [fetch(app.port, PAGE).status for _ in range(REQUESTS)]
    return statuses, by_worker(app.access_log()[before:])


@pytest.mark.parametrize("way", CHANGES)
def test_with_a_memory_cache_per_worker_a_page_unpublished_from_another_process_is_gone_from_every_worker_at_once(deploy, way):
    """Without Redis, each of two workers has its own memory cache: `unpublish` and `publish` still reach both at once."""
    site = deploy()
    app = site.gunicorn(workers=2)
    warm_every_worker(app, PAGE)

    site.manage(*CHANGES[way]["unpublish"])
    statuses, workers = statuses_of_many_requests(app)
    assert statuses == [404] * REQUESTS, (
        f"unpublished from another process, yet {statuses.count(200)} of {REQUESTS} requests still answered 200 ({workers}): "
        "the workers' memory caches never heard of it"
    )

    site.manage(*CHANGES[way]["publish"])
    statuses, workers = statuses_of_many_requests(app)
    assert statuses == [200] * REQUESTS, f"published again, yet {statuses.count(404)} of {REQUESTS} requests answered 404 ({workers})"


# 2. Settings shown on the page, changed by a restart.

LEGAL_ONE, LEGAL_TWO = "https://example.org/legal-one", "https://example.org/legal-two"
HOME_ONE, HOME_TWO = "https://example.org/home-one", "https://example.org/home-two"


def shown_settings(app):
    """(the footer's legal notice link, the breadcrumb's first step) of the French page."""
    html = fetch(app.port, PAGE).body
    return links(html, "fr-footer__bottom-link").get("Mentions légales"), links(html, "fr-breadcrumb__link").get("Accueil")


@pytest.mark.parametrize("redis", [False, True], ids=["memory-cache", "redis-cache"])
def test_settings_shown_on_the_page_follow_a_restart(deploy, redis):
    """LEGAL_NOTICE_URL and EMBASSY_HOME_URL changed and the server restarted: the page shows the new ones (Redis kept the old page)."""
    site = deploy(redis=redis, LEGAL_NOTICE_URL=LEGAL_ONE, EMBASSY_HOME_URL=HOME_ONE)
    app = site.gunicorn()
    assert shown_settings(app) == (LEGAL_ONE, HOME_ONE)  # and now the page is cached

    app.restart(LEGAL_NOTICE_URL=LEGAL_TWO, EMBASSY_HOME_URL=HOME_TWO)
    legal, home = shown_settings(app)
    assert (legal, home) == (LEGAL_TWO, HOME_TWO), (
        f"restarted with LEGAL_NOTICE_URL={LEGAL_TWO} and EMBASSY_HOME_URL={HOME_TWO}, "
        f"the page's footer still links to {legal} and its breadcrumb starts at {home}: the page rendered before the restart is served"
    )


# 3. nginx in front: an unpublished page leaves the proxy within two of its lifetimes.

PROXY_CACHE_SECONDS = 2
GONE_WITHIN = 2 * PROXY_CACHE_SECONDS + 2  # the README's promise, two lifetimes, and two seconds of slack


def test_behind_nginx_an_unpublished_page_is_gone_within_two_proxy_cache_lifetimes(deploy):
    """With PROXY_CACHE_SECONDS=2, nginx answers 404 within 6 s of unpublishing, and 200 never again until published."""
    nginx_binary()  # skipped, saying why, before preparing anything
    site = deploy(redis=True, PROXY_CACHE_SECONDS=str(PROXY_CACHE_SECONDS))
    proxy = site.nginx(site.gunicorn())
    hit, _when, seen = watch(proxy.port, PAGE, 5, until=lambda answer: answer.headers.get("x-cache-status") == "HIT", every=0.1)
    assert hit is not None and hit.status == 200, f"nginx never served the page from its cache: {counted(seen)}"

    site.manage(*CHANGES["orm"]["unpublish"])
    gone, when, seen = watch(proxy.port, PAGE, GONE_WITHIN, until=lambda answer: answer.status == 404)
    assert gone is not None, (
        f"{GONE_WITHIN} s after unpublishing, nginx still answered {counted(seen)}; "
        f"the app (PROXY_CACHE_SECONDS={PROXY_CACHE_SECONDS}) sent Cache-Control: {hit.headers.get('cache-control')}"
    )
    back, _when, seen = watch(proxy.port, PAGE, 3, until=lambda answer: answer.status == 200)
    assert back is None, f"nginx answered 404 {when:.1f} s after unpublishing, then 200 again: {counted(seen)}"

    site.manage(*CHANGES["orm"]["publish"])
    back, _when, seen = watch(proxy.port, PAGE, GONE_WITHIN, until=lambda answer: answer.status == 200)
    assert back is not None, f"{GONE_WITHIN} s after publishing again, nginx still answered {counted(seen)}"


# 4. Addresses a visitor can vary at will store no copies.


def test_random_query_strings_and_odd_script_names_store_nothing_in_the_page_cache(deploy):
    """Query strings the page ignores, and a SCRIPT_NAME header (honoured by gunicorn from loopback), add no key to Redis.

    gunicorn refuses a SCRIPT_NAME the path does not start with, so those requests ask for the page under /odd, as a
    proxy mounting the site there would.
    """
    site = deploy(redis=True)
    app = site.gunicorn()
    assert fetch(app.port, PAGE).status == 200
    stored = site.cache.dbsize()

    for _ in range(20):
        fetch(app.port, f"{PAGE}?x={secrets.token_hex(8)}")
    after_query_strings = site.cache.dbsize()
    for _ in range(5):
        fetch(app.port, f"/odd{PAGE}", SCRIPT_NAME="/odd")
    after_script_names = site.cache.dbsize()
    assert (after_query_strings, after_script_names) == (stored, stored), (
        f"the page cache held {stored} keys with the page, {after_query_strings} after 20 random query strings "
        f"and {after_script_names} after 5 requests with SCRIPT_NAME: /odd: each address stored another copy"
    )
    odd = fetch(app.port, f"/odd{PAGE}")
    assert odd.status == 404, f"/odd{PAGE} is no address of the site, yet it answered {odd.status}"


# 5. Uploaded images, served by nginx from MEDIA_ROOT with DEBUG off.

UPLOAD_AND_PUBLISH = """
import io
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from security_service.models import Service
from security_service.publishing import publish
output = io.BytesIO()
Image.new("RGB", (900, 600), (0, 0, 145)).save(output, format="JPEG")
service = Service.objects.get(acronym="SSI")
service.image = SimpleUploadedFile("facade.jpg", output.getvalue(), "image/jpeg")
service.image_alt_fr = "La façade"
service.save()
publish(service)
"""


def test_behind_nginx_an_uploaded_images_renditions_are_served_from_media_root_with_debug_off(deploy):
    """The README's recipe: gunicorn (DEBUG off) serves no /media/ address, nginx serves each one from MEDIA_ROOT."""
    nginx_binary()
    site = deploy()
    site.manage("shell", "-c", UPLOAD_AND_PUBLISH)
    app = site.gunicorn()
    proxy = site.nginx(app)
    html = fetch(proxy.port, PAGE).body
    renditions = sorted(set(re.findall(r"/media/illustrations/[0-9a-f]{32}-\d+w\.(?:webp|jpg)", html)))
    assert len(renditions) >= 2, f"the page shows no renditions of the uploaded image: {renditions}"

    for path in renditions:
        assert fetch(app.port, path).status == 404  # Django with DEBUG off serves none, as the README says
        answer = fetch(proxy.port, path, binary=True)
        assert answer.status == 200, f"nginx answered {answer.status} for {path}"
        assert answer.body == (Path(site.media_root) / path.removeprefix("/media/")).read_bytes()
        assert answer.headers["content-type"] == ("image/webp" if path.endswith(".webp") else "image/jpeg")
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "immutable" in answer.headers["cache-control"]
    missing = fetch(proxy.port, "/media/illustrations/0123456789abcdef0123456789abcdef-480w.webp")
    assert missing.status == 404 and "cache-control" not in missing.headers
    listing = fetch(proxy.port, "/media/illustrations/")
    assert listing.status in (403, 404), "nginx lists the uploads"
