import datetime
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from security_service.models import AccessibilityStatement
from security_service.publishing import publish

from .factories import small_service
from .test_public_page import PAGES

SITE = "http://testserver"  # SITE_URL of the test settings
TAGS = {"fr": "fr", "sr-latn": "sr-Latn", "sr": "sr-Cyrl", "en": "en"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.metas, self.scripts, self._script = [], {}, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.metas[key] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = _HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("lang", list(PAGES))
def test_service_page_has_title_description_canonical_and_alternates(client, ssi, lang):
    html = client.get(PAGES[lang]).content.decode()
    parsed = head(client, PAGES[lang])
    name, description = (getattr(ssi, f"{field}_{lang.replace('-', '_')}") for field in ("name", "seo_description"))
    if lang == "sr":
        name, description = "Служба за унутрашњу безбедност", parsed.metas["description"]
        assert description.startswith("Служба за унутрашњу безбедност (SSI)")
    assert re.search(rf"<title>{re.escape(name)} – [^<]+</title>", html)
    assert parsed.metas["description"] == description.replace(" :", "\xa0:")
    canonical = [link["href"] for link in parsed.links if link.get("rel") == "canonical"]
    assert canonical == [SITE + PAGES[lang]]
    alternates = {link["hreflang"]: link["href"] for link in parsed.links if link.get("rel") == "alternate"}
    assert alternates == {**{TAGS[code]: SITE + url for code, url in PAGES.items()}, "x-default": SITE + PAGES["fr"]}


@pytest.mark.parametrize("lang", list(PAGES))
def test_service_page_has_open_graph_and_twitter_card(client, ssi, lang):
    metas = head(client, PAGES[lang]).metas
    assert metas["og:type"] == "website"
    assert metas["og:url"] == SITE + PAGES[lang]
    assert metas["og:title"] == metas["twitter:title"]
    assert metas["og:title"] in client.get(PAGES[lang]).content.decode().split("<title>")[1]
    assert metas["og:description"] == metas["twitter:description"] == metas["description"]
    assert metas["og:locale"] == {"fr": "fr_FR", "sr-latn": "sr_RS", "sr": "sr_RS", "en": "en_GB"}[lang]
    assert metas["og:site_name"]
    assert metas["twitter:card"] == "summary"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_json_ld_describes_the_service_as_a_government_organization(client, ssi, lang):
    scripts = head(client, PAGES[lang]).scripts
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == {"fr": "Service de sécurité intérieure", "en": "Internal Security Service"}[lang]
    assert data["alternateName"] == "SSI"
    assert data["url"] == SITE + PAGES[lang]
    parent = data["parentOrganization"]
    assert parent["@type"] == "GovernmentOrganization"
    assert (parent["alternateName"], parent["name"]) == (
        "DCI",
        {"fr": "Direction de la coopération internationale", "en": "Directorate for International Cooperation"}[lang],
    )
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Pariska 11",
        "postalCode": "11000",  # the postal service's form (the page shows "11 000")
        "addressLocality": "Belgrade",
        "addressCountry": "RS",
    }
    (contact,) = data["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["telephone"] == "+381113023569"
    assert contact["email"] == "sctip.belgrade-amba@diplomatie.gouv.fr"
    assert [language["name"] for language in contact["availableLanguage"]] == ["French", "Serbian", "English"]


def test_json_ld_cannot_be_closed_by_staff_text(client, ssi):
    ssi.seo_description_fr = "</script><script>alert(1)</script> & co"
    ssi.save()
    publish(ssi)
    html = client.get(PAGES["fr"]).content.decode()
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and json.loads(script)["description"] == "</script><script>alert(1)</script> & co"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own sitemap, parsed to prove it is well-formed


# The site's own pages, each at its address in each language.
SITE_PAGES = {
    "list": {"fr": "/fr/", "sr-latn": "/sr-latn/", "sr": "/sr/", "en": "/en/"},
    "statement": {"fr": "/fr/accessibilite/", "sr-latn": "/sr-latn/pristupacnost/", "sr": "/sr/pristupacnost/", "en": "/en/accessibility/"},
    "site map": {"fr": "/fr/plan-du-site/", "sr-latn": "/sr-latn/mapa-sajta/", "sr": "/sr/mapa-sajta/", "en": "/en/site-map/"},
}


def service_urls(client):
    """The sitemap's entries for services (those of the site's own pages left out)."""
    own = {SITE + address for addresses in SITE_PAGES.values() for address in addresses.values()}
    return [url for url in sitemap(client).findall("s:url", NS) if url.find("s:loc", NS).text not in own]


def test_sitemap_lists_the_list_of_services_the_statement_and_the_site_map_in_every_language(client, ssi):
    urls = {url.find("s:loc", NS).text: url for url in sitemap(client).findall("s:url", NS)}
    for page, addresses in SITE_PAGES.items():
        for address in addresses.values():
            url = urls[SITE + address]
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
            expected = {TAGS[code]: SITE + other for code, other in addresses.items()}
            assert alternates == {**expected, "x-default": SITE + addresses["fr"]}, page
    statement_lastmod = urls[SITE + SITE_PAGES["statement"]["en"]].find("s:lastmod", NS).text
    assert datetime.datetime.fromisoformat(statement_lastmod) == AccessibilityStatement.objects.current().updated_at


def test_sitemap_lists_every_published_service_in_every_language_with_alternates_and_lastmod(client, ssi):
    urls = service_urls(client)
    assert sorted(url.find("s:loc", NS).text for url in urls) == sorted(SITE + url for url in PAGES.values())
    for url in urls:
        assert url.find("s:lastmod", NS).text == "2020-06-05"  # a day, without a made-up time
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        assert alternates == {**{TAGS[code]: SITE + page for code, page in PAGES.items()}, "x-default": SITE + PAGES["fr"]}


def test_sitemap_lastmod_is_the_last_published_change_and_leaves_out_unpublished_services(client, ssi):
    small_service()  # never published
    ssi.intro_fr = "Nouvelle introduction."
    ssi.save()
    publication = publish(ssi)
    urls = service_urls(client)
    assert len(urls) == len(PAGES)
    for url in urls:
        assert datetime.date.fromisoformat(url.find("s:lastmod", NS).text) == publication.modified_on


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /fr") or line == "Disallow: /" for line in lines)
