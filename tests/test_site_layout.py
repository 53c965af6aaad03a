import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views.defaults import server_error

from security_service.models import AccessibilityStatement

from .html import links, visible_text
from .test_public_page import PAGES

STATEMENT = {"fr": "/fr/accessibilite/", "sr-latn": "/sr-latn/pristupacnost/", "sr": "/sr/pristupacnost/", "en": "/en/accessibility/"}
SITE_MAP = {"fr": "/fr/plan-du-site/", "sr-latn": "/sr-latn/mapa-sajta/", "sr": "/sr/mapa-sajta/", "en": "/en/site-map/"}
STATUS = {
    "fr": ("Accessibilité : non conforme", "Accessibilité : partiellement conforme"),
    "sr-latn": ("Pristupačnost: nije usklađena", "Pristupačnost: delimično usklađena"),
    "sr": ("Приступачност: није усклађена", "Приступачност: делимично усклађена"),
    "en": ("Accessibility: not compliant", "Accessibility: partially compliant"),
}
# The statement's sentence, whose subject is the website ("sajt", masculine in Serbian): its status agrees with it.
STATEMENT_SENTENCE = {
    "sr-latn": (
        "Veb-sajt Ambasade Francuske u Srbiji nije usklađen sa",
        "Veb-sajt Ambasade Francuske u Srbiji je delimično usklađen sa",
        "Veb-sajt Ambasade Francuske u Srbiji je potpuno usklađen sa",
    ),
    "sr": (
        "Веб-сајт Амбасаде Француске у Србији није усклађен са",
        "Веб-сајт Амбасаде Француске у Србији је делимично усклађен са",
        "Веб-сајт Амбасаде Француске у Србији је потпуно усклађен са",
    ),
}


def footer_status(html):
    """The text of the footer's link to the accessibility statement."""
    footer = html[html.index('<footer class="fr-footer"') :]
    return next(text for text, href in links(footer, "fr-footer__bottom-link").items() if href in STATEMENT.values())


@pytest.mark.parametrize("lang", list(PAGES))
def test_service_page_has_the_state_header_breadcrumb_and_footer(client, ssi, lang):
    html = client.get(PAGES[lang]).content.decode()
    assert '<p class="fr-logo" lang="fr">République<br>française</p>' in html
    breadcrumb = html[html.index('<nav class="fr-breadcrumb"') :]
    breadcrumb = breadcrumb[: breadcrumb.index("</nav>")]
    assert breadcrumb.count("<li>") == 4
    assert 'aria-current="page"' in breadcrumb
    assert '<a class="fr-skiplinks' not in html and 'href="#content"' in html
    footer = html[html.index('<footer class="fr-footer"') :]
    assert f'href="{STATEMENT[lang]}"' in footer
    assert f'href="{SITE_MAP[lang]}"' in footer
    for link in ("Mentions-legales", "Donnees-personnelles"):
        assert link in footer


@pytest.mark.parametrize("lang", ["fr", "sr-latn", "sr", "en"])
def test_footer_shows_the_status_staff_set(client, ssi, lang):
    assert footer_status(client.get(PAGES[lang]).content.decode()) == STATUS[lang][0]
    statement = AccessibilityStatement.objects.current()
    statement.status = AccessibilityStatement.Status.PARTIAL
    statement.save()
    for url in (PAGES[lang], f"/{lang}/", STATEMENT[lang]):
        assert footer_status(client.get(url).content.decode()) == STATUS[lang][1], url


@pytest.mark.parametrize("lang", ["sr-latn", "sr"])
def test_serbian_status_agrees_with_accessibility_in_the_footer_and_with_the_website_in_the_statement(client, ssi, lang):
    """ "Pristupačnost" is feminine, "sajt" masculine: one status, two forms, each the whole phrase its language needs."""
    statement = AccessibilityStatement.objects.current()
    for status, sentence in zip(
        (AccessibilityStatement.Status.NON_COMPLIANT, AccessibilityStatement.Status.PARTIAL, AccessibilityStatement.Status.COMPLIANT),
        STATEMENT_SENTENCE[lang],
        strict=True,
    ):
        statement.status = status
        statement.save()
        html = client.get(STATEMENT[lang]).content.decode()
        assert footer_status(html).endswith("усклађена" if lang == "sr" else "usklađena"), status
        assert sentence in visible_text(html), status


@pytest.mark.parametrize("lang", ["fr", "sr-latn", "en"])
def test_accessibility_statement_is_a_page_with_its_status_date_and_text(client, ssi, lang):
    statement = AccessibilityStatement.objects.current()
    statement.established_on = datetime.date(2026, 3, 2)
    statement.save()
    response = client.get(STATEMENT[lang])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<time datetime="2026-03-02">' in html
    text = visible_text(html)
    assert {"fr": "est non conforme avec", "sr-latn": "Srbiji nije usklađen sa", "en": "is not compliant with"}[lang] in text
    assert {"fr": "Voies de recours", "sr-latn": "Pravna sredstva", "en": "Remedies"}[lang] in text
    assert "<h2>" in html and "<h1>" in html


def test_statement_untranslated_text_falls_back_to_french_marked_as_french(client, ssi):
    statement = AccessibilityStatement.objects.current()
    statement.body_en = ""
    statement.save()
    assert '<div class="statement-body" lang="fr">' in client.get(STATEMENT["en"]).content.decode()


def test_cyrillic_statement_is_transliterated(client, ssi):
    assert "Правна средства" in visible_text(client.get(STATEMENT["sr"]).content.decode())


def test_without_a_statement_the_site_says_it_is_not_compliant(client, db):
    AccessibilityStatement.objects.all().delete()  # the seed has one
    response = client.get(STATEMENT["fr"])
    assert response.status_code == 200
    assert "non conforme" in visible_text(response.content.decode())


def test_staff_edit_the_statement_in_the_admin(editor_client, ssi):
    statement = AccessibilityStatement.objects.current()
    response = editor_client.get(f"/admin/security_service/accessibilitystatement/{statement.pk}/change/")
    assert response.status_code == 200
    for field in ("status", "established_on", "body_fr", "body_sr_latn", "body_en"):
        assert f'name="{field}"' in response.content.decode()
    assert editor_client.get("/admin/security_service/accessibilitystatement/add/").status_code == 403  # one per site


@pytest.mark.parametrize(("lang", "title"), [("fr", "Page introuvable"), ("sr-latn", "Stranica nije pronađena"), ("en", "Page not found")])
def test_404_page_is_in_the_sites_layout_and_language(client, ssi, lang, title):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title in visible_text(html)
    assert '<header class="fr-header">' in html and '<footer class="fr-footer"' in html
    assert STATUS[lang][0] in visible_text(html)


@pytest.mark.parametrize(("lang", "title"), [("fr", "Erreur du serveur"), ("en", "Server error")])
def test_500_page_is_in_the_sites_layout_and_never_touches_the_database(rf, db, lang, title):
    request = rf.get(f"/{lang}/")
    with translation.override(lang), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500
    assert not queries
    html = response.content.decode()
    assert title in visible_text(html)
    assert '<header class="fr-header">' in html and '<footer class="fr-footer"' in html
    assert f'<html lang="{lang}">' in html
