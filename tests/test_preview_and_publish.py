"""The draft's preview: its own "Publish this draft" (refused if the draft changed since), the published page beside
it, and the page form's saves that stay on the page."""

import json

from security_service.models import AuditEvent, Publication, Service
from security_service.publishing import publish, unpublish

from .admin_forms import change_form, page_field, save
from .html import visible_text
from .test_public_page import PAGES

BASE = "/admin/security_service/service/{pk}/"


def test_a_plain_save_stays_on_the_page_form_and_says_what_visitors_see(editor_client, ssi):
    url, data = change_form(editor_client, ssi)
    response = editor_client.post(url, {**data, "_save": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Brouillon enregistré" in visible_text(response.content.decode())


def test_save_and_preview_saves_the_draft_then_shows_it_in_the_page_s_language(editor_client, ssi):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Une mission changée, à relire."
    response = editor_client.post(url, {**data, "_preview": "1"})
    assert response.status_code == 302 and response["Location"] == BASE.format(pk=ssi.pk) + "preview/fr/"
    preview = editor_client.get(response["Location"])
    html = preview.content.decode()
    assert "Une mission changée, à relire." in html and "Publier ce brouillon" in html
    assert preview["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in preview["Content-Security-Policy"]


def test_publish_this_draft_publishes_what_was_previewed_with_its_audit_event(editor_client, client, ssi):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Une mission publiée depuis l’aperçu."
    save(editor_client, url, data, publish=False)
    draft = Service.objects.get(pk=ssi.pk)
    assert editor_client.get(BASE.format(pk=ssi.pk) + "publish/").status_code == 405
    response = editor_client.post(BASE.format(pk=ssi.pk) + "publish/", {"edit_version": str(draft.edit_version)}, follow=True)
    assert "Publié" in visible_text(response.content.decode())
    assert "Une mission publiée depuis l’aperçu." in client.get(PAGES["fr"]).content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PUBLISH).exists()


def test_publish_this_draft_is_refused_when_the_draft_changed_since_the_preview(editor_client, client, ssi):
    publish(ssi)
    before = Publication.objects.get(service=ssi).snapshot
    seen = Service.objects.get(pk=ssi.pk).edit_version
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Un changement fait après l’aperçu."
    save(editor_client, url, data, publish=False)
    response = editor_client.post(BASE.format(pk=ssi.pk) + "publish/", {"edit_version": str(seen)}, follow=True)
    assert "rien n’a été publié" in visible_text(response.content.decode())
    assert Publication.objects.get(service=ssi).snapshot == before
    assert "Un changement fait après l’aperçu." not in client.get(PAGES["fr"]).content.decode()


def test_a_translator_cannot_publish_an_editor_s_draft_from_the_preview(editor_client, translator_client, ssi):
    publish(ssi)
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Un changement de rédacteur."
    save(editor_client, url, data, publish=False)
    preview = translator_client.get(BASE.format(pk=ssi.pk) + "preview/sr-latn/").content.decode()
    assert "Objavi ovaj nacrt" not in preview
    version = str(Service.objects.get(pk=ssi.pk).edit_version)
    translator_client.post(BASE.format(pk=ssi.pk) + "publish/", {"edit_version": version})
    assert "Un changement de rédacteur." not in json.dumps(Publication.objects.get(service=ssi).snapshot, ensure_ascii=False)


def test_the_draft_is_shown_beside_the_published_page(editor_client, ssi):
    publish(ssi)
    beside = BASE.format(pk=ssi.pk) + "preview/en/beside/"
    html = editor_client.get(beside).content.decode()
    assert f'src="{BASE.format(pk=ssi.pk)}preview/en/"' in html and f'src="{BASE.format(pk=ssi.pk)}preview/en/?published"' in html
    published = editor_client.get(BASE.format(pk=ssi.pk) + "preview/en/?published").content.decode()
    assert "The published page, as visitors see it now." in published and "Publish this draft" not in published
    unpublish(ssi)
    html = editor_client.get(beside).content.decode()
    assert "Cette page n’est pas publiée" in html and html.count("<iframe") == 1
    assert editor_client.get(BASE.format(pk=ssi.pk) + "preview/en/?published").status_code == 404
