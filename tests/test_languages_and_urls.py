from urllib.parse import quote

import pytest

from security_service.publishing import publish

from .test_public_page import PAGES

TAGS = {"sr-latn": "sr-Latn", "sr": "sr-Cyrl"}


@pytest.mark.parametrize("lang", list(PAGES))
def test_language_switch_leads_to_the_same_service_in_each_language(client, ssi, lang):
    html = client.get(PAGES[lang]).content.decode()
    for other, url in PAGES.items():
        if other != lang:  # the <link rel="alternate"> of every language: test_search_engines_and_sharing
            tag = TAGS.get(other, other)
            switch = f"/language/{other}/?next={quote(url)}"
            assert f'<a href="{switch}" hreflang="{tag}" lang="{tag}">' in html
            response = client.get(switch)
            assert (response.status_code, response["Location"]) == (302, url)
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("accept", "target"),
    [("en-GB,en;q=0.9", "/en/"), ("sr-Latn-RS,sr;q=0.8", "/sr-latn/"), ("de-DE", "/fr/"), ("", "/fr/")],
)
def test_root_redirects_to_the_visitors_language(client, db, accept, target):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("path", ["/xx/service-de-securite-interieure/", "/de/", "/fr-fr/x/", "/EN/internal-security-service/"])
def test_bad_language_prefix_is_404(client, ssi, path):
    assert client.get(path).status_code == 404


def test_slug_of_another_language_redirects_to_this_languages_page(client, ssi):
    response = client.get("/en/service-de-securite-interieure/")
    assert response.status_code == 301
    assert response["Location"] == PAGES["en"]


def test_service_without_translated_slug_is_served_under_its_french_slug(client, ssi):
    ssi.slug_en = ""
    ssi.save()
    publish(ssi)
    response = client.get("/en/service-de-securite-interieure/")
    assert response.status_code == 200
    assert 'hreflang="en" href="http://testserver/en/service-de-securite-interieure/"' in response.content.decode()
