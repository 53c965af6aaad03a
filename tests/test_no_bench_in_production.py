"""Production ships no benchmark code: the floor view and its setting live in bench/, which adds them to the project's."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve

import embassy_site.settings


def routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_the_project_urls_have_no_floor_route():
    assert django_settings.ROOT_URLCONF == "embassy_site.urls"
    assert not [route for route in routes(get_resolver("embassy_site.urls").url_patterns) if "__floor__" in route]
    with pytest.raises(Resolver404):
        resolve("/__floor__/", urlconf="embassy_site.urls")


def test_the_project_settings_define_no_benchmark_setting():
    assert not hasattr(django_settings, "BENCHMARK_FLOOR_BYTES")
    modules = Path(embassy_site.settings.__file__).parent.glob("*.py")
    assert [module.name for module in modules if "BENCHMARK_FLOOR_BYTES" in module.read_text(encoding="utf-8")] == []


def test_the_bench_urls_are_the_projects_plus_the_floor():
    project = list(routes(get_resolver("embassy_site.urls").url_patterns))
    assert list(routes(get_resolver("bench.urls").url_patterns)) == [*project, "__floor__/"]


def test_the_bench_floor_goes_through_the_middleware_of_the_pages(client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/__floor__/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
