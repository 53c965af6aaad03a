"""A page is an ordered list of sections: their order, their headings and the languages that show them are the editor's."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from security_service.models import ContactPoint, Mission, Section
from security_service.publishing import publish

from .factories import section, small_page, small_service, text_section
from .html import visible_text


def page_text(client, service, lang="fr"):
    url = {"fr": f"/fr/{service.slug_fr}/", "en": f"/en/{service.slug_en or service.slug_fr}/"}[lang]
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_sections_are_shown_in_the_editors_order_a_contact_may_open_the_page(client, db):
    service = small_page(published=True)
    text = page_text(client, service)
    assert text.index("présentation") < text.index("Délivrer les visas") < text.index("Pariska 11")
    service.sections.filter(kind="contact").update(position=0)  # the contact block opens the page
    publish(service)
    text = page_text(client, service)
    assert text.index("Pariska 11") < text.index("présentation") < text.index("Délivrer les visas")


def test_a_section_shows_the_heading_its_editor_wrote_the_sites_only_if_asked_and_else_none(client, db):
    service = small_page()
    missions = service.sections.get(kind="missions")
    publish(service)
    assert "Missions" in page_text(client, service).split("\n")  # asked for: default_heading
    missions.default_heading = False
    missions.save()
    publish(service)
    lines = page_text(client, service).split("\n")
    assert "Missions" not in lines and "Délivrer les visas." in lines
    missions.heading_fr = "1/ Nos missions"
    missions.save()
    publish(service)
    html = client.get(f"/fr/{service.slug_fr}/").content.decode()
    assert f'<h2 id="section-{missions.pk}">1/ Nos missions</h2>' in html


def test_several_sections_of_one_kind_and_text_around_the_missions(client, db):
    service = small_page()
    Section.objects.create(service=service, kind=Section.Kind.TEXT, position=3, body_fr="Un texte entre les missions et la direction.")
    second = Section.objects.create(service=service, kind=Section.Kind.CONTACT, position=1, heading_fr="Prendre rendez-vous")
    ContactPoint.objects.create(service=service, section=second, label_fr="Accueil", street="Rue 1", country_code="RS")
    publish(service)
    text = page_text(client, service)
    assert text.index("Prendre rendez-vous") < text.index("Rue 1") < text.index("Un texte entre") < text.index("Pariska 11")


def test_a_section_left_out_of_a_language_is_not_on_that_page(client, db):
    service = small_service(slug_en="consular-section", name_en="Consular section")
    intro = text_section(service)
    intro.body_en = "The English introduction."
    intro.save()
    notice = Section.objects.create(service=service, kind=Section.Kind.NOTICE, position=0, body_fr="Fermé le 14 juillet.")
    notice.hidden_in = ["en"]  # the English translation has no such notice
    notice.full_clean()
    notice.save()
    publish(service)
    assert "Fermé le 14 juillet." in page_text(client, service, "fr")
    english = page_text(client, service, "en")
    assert "Fermé le 14 juillet." not in english and "The English introduction." in english


def test_a_dated_notice_is_shown_only_between_its_dates(client, db):
    service = small_service()
    today = timezone.localdate()
    notice = Section.objects.create(service=service, kind=Section.Kind.NOTICE, position=0, body_fr="Fermeture exceptionnelle.")
    for starts, ends, shown in ((today, today, True), (today + datetime.timedelta(days=1), None, False), (None, today, True)):
        Section.objects.filter(pk=notice.pk).update(starts_on=starts, ends_on=ends)
        publish(service)
        assert ("Fermeture exceptionnelle." in page_text(client, service)) is shown, (starts, ends)


def test_an_unknown_language_cannot_leave_a_section_out(db):
    service = small_service()
    notice = Section(service=service, kind=Section.Kind.NOTICE, body_fr="Avis.", hidden_in=["xx"])
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "xx" in error.value.message_dict["hidden_in"][0]


def test_an_item_belongs_to_a_section_of_its_own_service(db):
    service, other = small_service(), small_service("Autre", "autre")
    mission = Mission(service=service, section=section(other, "missions"), body_fr="Texte.")
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "section" in error.value.message_dict


def test_a_notice_ending_today_is_gone_tomorrow_from_the_cached_page_too(client, db, monkeypatch):
    service = small_service()
    today = timezone.localdate()
    Section.objects.create(service=service, kind=Section.Kind.NOTICE, position=0, body_fr="Fermé aujourd’hui.", ends_on=today)
    publish(service)
    assert "Fermé aujourd’hui." in page_text(client, service)  # and now in the page cache
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    assert "Fermé aujourd’hui." not in page_text(client, service)
