import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from security_service.models import AuditEvent, Publication, Service
from security_service.pages import Page
from security_service.publishing import publish, unpublish

from .admin_forms import change_form, page_field, save
from .factories import small_service
from .html import visible_text
from .test_public_page import PAGES


def test_a_saved_draft_is_not_seen_by_visitors_until_published(editor_client, client, ssi):
    url, data = change_form(editor_client, ssi)
    assert data[page_field(data, "missions-0-body_sr_latn")].startswith("Ataše za unutrašnju bezbednost (ASI), nadležan")
    data[page_field(data, "missions-0-body_sr_latn")] = "Nacrt: nova verzija zadataka."
    save(editor_client, url, data, publish=False)
    assert "Nacrt: nova verzija zadataka." not in visible_text(client.get(PAGES["sr-latn"]).content.decode())

    preview = editor_client.get(f"/admin/security_service/service/{ssi.pk}/preview/sr-latn/")
    assert preview.status_code == 200
    assert preview["X-Robots-Tag"] == "noindex"
    text = visible_text(preview.content.decode())
    assert "Nacrt: nova verzija zadataka." in text
    assert "Pregled nacrta" in text

    url, data = change_form(editor_client, ssi)
    save(editor_client, url, data)
    assert "Nacrt: nova verzija zadataka." in visible_text(client.get(PAGES["sr-latn"]).content.decode())
    assert "Compétent pour la Serbie" in visible_text(client.get(PAGES["fr"]).content.decode())  # the French text is untouched


def test_preview_is_for_staff_only(client, ssi):
    response = client.get(f"/admin/security_service/service/{ssi.pk}/preview/fr/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_public_date_moves_only_when_a_change_visitors_read_is_published(editor_client, client, ssi):
    published = ssi.publication.modified_on
    url, data = change_form(editor_client, ssi)
    save(editor_client, url, data)  # "Save and publish" with nothing changed
    publication = Publication.objects.get(service=ssi)
    assert (publication.modified_on, publication.last_modified) == (published, None)
    mission = ssi.missions.get()
    mission.body_en = "Changed."
    mission.save()
    assert Page.from_publication(Publication.objects.get(service=ssi)).modified_day == published  # a draft
    assert Page.draft(Service.objects.get(pk=ssi.pk)).modified_day == timezone.localdate()
    publish(ssi)
    publication = Publication.objects.get(service=ssi)
    assert publication.modified_on == timezone.localdate() > published
    assert timezone.localdate(publication.last_modified) == publication.modified_on  # published here: the time is known
    assert "2020-06-05" not in client.get(PAGES["fr"]).content.decode()


def test_an_unpublished_page_is_404_in_every_language_and_comes_back_when_published_again(client, ssi):
    for url in PAGES.values():
        assert client.get(url).status_code == 200  # and now in the page cache
    assert client.get("/fr/").status_code == 200
    unpublish(ssi)
    for url in PAGES.values():
        assert client.get(url).status_code == 404, url
    assert client.get("/fr/").status_code == 200
    assert "Service de sécurité intérieure" not in visible_text(client.get("/fr/").content.decode())
    publish(ssi)
    for url in PAGES.values():
        assert client.get(url).status_code == 200, url


def test_draft_slug_change_does_not_move_the_public_address(client, ssi):
    ssi.slug_en = "security-service"
    ssi.save()
    assert client.get(PAGES["en"]).status_code == 200
    assert client.get("/en/security-service/").status_code == 404
    publish(ssi)
    assert client.get("/en/security-service/").status_code == 200
    # The former address leads to the new one (test_old_addresses.py).
    former = client.get(PAGES["en"])
    assert (former.status_code, former["Location"]) == (301, "/en/security-service/")


def test_a_published_address_leads_to_one_page_in_each_language(ssi, client):
    other = small_service(published=True)
    ssi.slug_fr = "securite-interieure"  # the draft moves; the public page keeps its address until published
    ssi.save()
    other.slug_fr = "service-de-securite-interieure"
    other.save()
    with pytest.raises(ValidationError) as refused:
        publish(other)
    assert list(refused.value.message_dict) == ["slug_fr"]
    assert "Service de sécurité intérieure" in visible_text(client.get(PAGES["fr"]).content.decode())
    # The database keeps the rule too, whatever writes to it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(service=other).update(slug_fr="service-de-securite-interieure")


def test_publish_and_unpublish_commands_do_what_the_admin_buttons_do(ssi, client):
    out = io.StringIO()
    call_command("unpublish", "internal-security-service", stdout=out)  # an address in any language
    assert client.get(PAGES["fr"]).status_code == 404
    call_command("publish", "--all", stdout=out)
    assert client.get(PAGES["fr"]).status_code == 200
    events = AuditEvent.objects.filter(kind__in=[AuditEvent.Kind.UNPUBLISH, AuditEvent.Kind.PUBLISH]).order_by("at")
    assert [(event.kind, event.username.endswith("(manage.py)")) for event in events][-2:] == [("unpublish", True), ("publish", True)]
    with pytest.raises(CommandError, match="Aucun service n’a l’adresse"):
        call_command("publish", "no-such-page", stdout=out)
    with pytest.raises(CommandError, match="ou --all"):
        call_command("publish", stdout=out)


def test_a_day_without_a_time_stays_a_day_in_the_admin_and_the_contact_card(editor_client, client, ssi):
    """The seed gives the day the page was last changed (2020-06-05), not a time: none is made up (it showed 12:00)."""
    for url in ("/admin/security_service/publication/", "/admin/security_service/service/"):
        text = visible_text(editor_client.get(url).content.decode())
        assert "5 juin 2020" in text, url
        assert "5 juin 2020 12:00" not in text and "12:00" not in text, url
    html = client.get(PAGES["fr"]).content.decode()
    start = html.index('<p class="vcard-link"><a href="') + len('<p class="vcard-link"><a href="')
    card = client.get(html[start : html.index('"', start)]).content.decode()
    assert "\r\nREV:2020-06-05\r\n" in card
    # Published here, the change has a time: the contact card says it.
    ssi.missions.update(body_en="Changed.")
    publish(ssi)
    card = client.get(html[start : html.index('"', start)]).content.decode()
    assert f"\r\nREV:{timezone.now():%Y-%m-%d}T" in card
