import io

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command

from security_service.publishing import publish

from .admin_forms import change_form
from .factories import small_service, text_section
from .html import visible_text
from .test_public_page import PAGES


@pytest.mark.parametrize(
    ("old", "new"),
    [("/Service-de-securite-interieure-4100", PAGES["fr"]), ("/Sluzba-za-unutrasnju-bezbednost-4101", PAGES["sr-latn"])],
)
def test_spip_address_answers_301_to_the_page_in_its_language(client, ssi, old, new):
    for accept in ("en", "fr", "sr-Latn"):  # whatever language the visitor's browser asks for
        response = client.get(old, headers={"accept-language": accept})
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


def test_redirects_are_loaded_once_and_staff_changes_are_kept(ssi):
    redirect = Redirect.objects.get(old_path="/Service-de-securite-interieure-4100")
    redirect.new_path = "/fr/ailleurs/"
    redirect.save()
    Redirect.objects.filter(old_path="/Sluzba-za-unutrasnju-bezbednost-4101").delete()
    call_command("load_content", stdout=io.StringIO())
    assert Redirect.objects.get(old_path="/Service-de-securite-interieure-4100").new_path == "/fr/ailleurs/"
    # A deleted one comes back, as on a database that had the service before redirects existed.
    assert Redirect.objects.get(old_path="/Sluzba-za-unutrasnju-bezbednost-4101").new_path == PAGES["sr-latn"]
    assert Redirect.objects.count() == 2


def test_staff_add_a_redirect_in_the_admin_and_it_works(client, editor_client, ssi):
    response = editor_client.post(
        "/admin/redirects/redirect/add/", {"site": 1, "old_path": "/spip.php?article4100", "new_path": PAGES["en"]}
    )
    assert response.status_code == 302
    response = client.get("/spip.php?article4100")
    assert (response.status_code, response["Location"]) == (301, PAGES["en"])


@pytest.mark.parametrize(
    ("old_path", "new_path", "refusal"),
    [
        ("/ancien-article", "https://elsewhere.example/", "Une redirection mène à une adresse de ce site"),
        ("/ancien-article", "//elsewhere.example/fr/", "Une redirection mène à une adresse de ce site"),
        ("/fr/service-de-securite-interieure", "/fr/", "Ce site sert une page à cette adresse"),
        ("/sr-latn/sluzba-za-unutrasnju-bezbednost/", "/fr/", "Ce site sert une page à cette adresse"),
        ("/fr/plan-du-site", "/fr/", "Ce site sert une page à cette adresse"),
        ("ancien-article", "/fr/", "Une adresse de ce site commence par « / »"),
    ],
)
def test_a_redirect_cannot_lead_off_the_site_or_hide_a_page(editor_client, client, ssi, old_path, new_path, refusal):
    response = editor_client.post("/admin/redirects/redirect/add/", {"site": 1, "old_path": old_path, "new_path": new_path})
    assert response.status_code == 200
    assert refusal in visible_text(response.content.decode())
    assert not Redirect.objects.filter(old_path=old_path).exists()
    assert client.get(PAGES["fr"]).status_code == 200


def test_unknown_address_is_still_not_found(client, ssi):
    assert client.get("/Some-other-article-9999", follow=True).status_code == 404


def test_a_changed_published_address_leads_from_the_old_one_to_the_new(client, ssi):
    """Publishing a page under a new address keeps its old one (bookmarks, search engines) leading to it, once."""
    ssi.slug_fr = "securite-interieure"
    ssi.save()
    publish(ssi)
    response = client.get("/fr/service-de-securite-interieure/")
    assert response.status_code == 301 and response["Location"] == "/fr/securite-interieure/"
    ssi.slug_fr = "ssi"
    ssi.save()
    publish(ssi)
    # No chain: the first address leads straight to the newest; the page's own address is not redirected.
    assert client.get("/fr/service-de-securite-interieure/")["Location"] == "/fr/ssi/"
    assert client.get("/fr/securite-interieure/")["Location"] == "/fr/ssi/"
    assert client.get("/fr/ssi/").status_code == 200
    ssi.slug_fr = "service-de-securite-interieure"
    ssi.save()
    publish(ssi)
    assert client.get("/fr/service-de-securite-interieure/").status_code == 200
    assert client.get("/fr/ssi/")["Location"] == "/fr/service-de-securite-interieure/"
    assert not Redirect.objects.filter(old_path="/fr/service-de-securite-interieure/").exists()
    assert client.get("/sr-latn/sluzba-za-unutrasnju-bezbednost/").status_code == 200  # the other languages' stay


def test_a_translator_cannot_give_their_language_the_address_another_page_has_in_it(translator_client, client, ssi):
    """The consular section has Serbian text but no Serbian address: its Serbian page is at its French address. A
    translator who gives the SSI page that address in Serbian is told so, and the consular section keeps its pages."""
    other = small_service(name="Section consulaire", slug="section-consulaire")
    section = text_section(other)
    section.body_sr_latn = "Konzularno odeljenje."
    section.save()
    publish(other)
    assert client.get("/sr-latn/section-consulaire/").status_code == 200

    url, data = change_form(translator_client, ssi)
    data["slug_sr_latn"] = "section-consulaire"
    response = translator_client.post(url, {**data, "_publish": "1"})
    assert response.status_code == 200
    assert "a l’adresse « section-consulaire »" in visible_text(response.content.decode())
    assert client.get("/sr-latn/section-consulaire/").status_code == 200
    assert client.get("/sr-latn/sluzba-za-unutrasnju-bezbednost/").status_code == 200
