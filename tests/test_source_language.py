"""Any source language: a page written in English needs no French, falls back to English, and names English as its
reference only where it is translated."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from security_service.models import Mission, Section, Service
from security_service.publishing import publish

from .factories import section
from .html import visible_text


@pytest.fixture
def english_page(db):
    """A service written in English, with no French at all."""
    service = Service(source_language="en", name_en="Defence Section", slug_en="defence-section")
    service.full_clean()
    service.save()
    intro = Section(service=service, kind=Section.Kind.TEXT, position=1, body_en="The Defence Section in a few words.")
    intro.full_clean()
    intro.save()
    mission = Mission(service=service, section=section(service, "missions"), body_en="Military cooperation.", heading_en="Cooperation")
    mission.full_clean()
    mission.save()
    return service


def test_a_page_written_in_english_publishes_without_french_and_shows_no_french(client, english_page):
    publication = publish(english_page)
    assert publication.snapshot["source"] == "en" and publication.snapshot["languages"] == ["en"]
    response = client.get("/en/defence-section/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    # Only the Republic's blocks (header and footer) are French: nothing falls back to French.
    assert html.count('lang="fr"') == html.count('<p class="fr-logo" lang="fr">') == 2
    assert "reference" not in visible_text(html)  # the source page names no reference
    assert "The Defence Section in a few words." in visible_text(html)


def test_a_page_is_not_served_in_a_language_it_has_no_text_in(client, english_page):
    publish(english_page)
    response = client.get("/fr/defence-section/")
    assert response.status_code == 301 and response["Location"] == "/en/defence-section/"
    assert client.get("/sr-latn/defence-section/").status_code == 301
    listing = client.get("/fr/").content.decode()
    assert 'href="/en/defence-section/"' in listing  # listed, leading to the page in its own language


def test_its_translation_falls_back_to_english_and_names_english_as_the_reference(client, english_page):
    english_page.name_fr, english_page.slug_fr = "Section de défense", "section-de-defense"
    english_page.save()
    Section.objects.filter(service=english_page, kind="text").update(body_fr="La section de défense en quelques mots.")
    publish(english_page)
    html = client.get("/fr/section-de-defense/").content.decode()
    text = visible_text(html)
    assert "La section de défense en quelques mots." in text
    assert "la version anglaise fait foi" in text.lower() or "version anglaise" in text.lower()
    assert '<div class="mission" lang="en">' in html  # not translated: shown in English, and said to be
    assert client.get("/en/defence-section/").status_code == 200


def test_a_required_text_is_required_in_the_source_language_only(db):
    service = Service(source_language="en", name_fr="Section de défense", slug_fr="section-de-defense")
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert set(refused.value.message_dict) == {"name_en", "slug_en"}
    service.name_en, service.slug_en = "Defence Section", "defence-section"
    service.full_clean()


def test_the_source_language_is_one_of_the_sites(db):
    service = Service(source_language="nl", name_nl="Defensiesectie", slug_nl="defensiesectie")
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert "source_language" in refused.value.message_dict


def test_a_page_with_no_french_is_named_by_its_own_name_in_the_french_admin(editor_client, english_page):
    """The page's name is shown in the language it is written in where the admin's language has none: in the list,
    in what the commands print, in the history; and a search by that name finds it."""
    with translation.override("fr"):
        assert str(english_page) == "Defence Section"
    listing = editor_client.get("/admin/security_service/service/", {"q": "Defence"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert listing.status_code == 200
    assert "1 service" in visible_text(listing.content.decode())
    assert "Defence Section" in visible_text(listing.content.decode())


def test_import_page_names_the_page_it_created_in_its_own_language(tmp_path, db):
    page_file = tmp_path / "defence.toml"
    page_file.write_text(
        '[service]\nsource_language = "en"\nname = { en = "Defence Section" }\nslug = { en = "defence-section" }\n', encoding="utf-8"
    )
    output = io.StringIO()
    with translation.override("fr"):
        call_command("import_page", str(page_file), "--publish", stdout=output)
    assert "created the service “Defence Section”" in output.getvalue()
    assert "published: Defence Section" in output.getvalue()
