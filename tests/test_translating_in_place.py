"""A translator's own view of a page in one language: the texts to translate or review, their source beside them."""

from django.contrib import messages
from django.contrib.messages import get_messages

from security_service.models import Mission

from .html import form_data, visible_text


def translate_url(service, language="sr-latn"):
    return f"/admin/security_service/service/{service.pk}/translate/{language}/"


def test_a_translator_reaches_the_first_text_to_translate_from_the_first_screen(translator_client, ssi):
    mission = Mission.objects.filter(service=ssi).first()
    mission.body_sr_latn = ""
    mission.save()
    home = translator_client.get("/admin/").content.decode()
    assert f'href="{translate_url(ssi)}"' in home  # one click from the first screen
    page = translator_client.get(translate_url(ssi)).content.decode()
    assert mission.body_fr in visible_text(page)
    data = form_data(page, "translate_form")
    text = next(name for name, value in data.items() if name.startswith("text-") and value == "")
    data[text] = "Prevedena misija."
    response = translator_client.post(translate_url(ssi), data)
    assert response.status_code == 302 and response["Location"] == translate_url(ssi)
    mission.refresh_from_db()
    assert mission.body_sr_latn == "Prevedena misija."
    assert "Prevedena misija." not in translator_client.get(translate_url(ssi)).content.decode()  # done: no longer listed


def test_a_text_to_review_shows_what_changed_in_its_source_and_is_confirmed_only_when_ticked(translator_client, ssi):
    mission = Mission.objects.filter(service=ssi).first()
    translated = mission.body_sr_latn
    mission.body_fr = mission.body_fr + " Ajout récent."
    mission.save()
    page = translator_client.get(translate_url(ssi)).content.decode()
    assert "<ins>récent.</ins>" in page or "<ins>Ajout récent.</ins>" in page or "récent.</ins>" in page
    data = form_data(page, "translate_form")
    index = next(name.removeprefix("was-") for name, value in data.items() if name.startswith("was-") and value == translated)
    # Saved without the box ticked: still to review.
    translator_client.post(translate_url(ssi), data)
    mission.refresh_from_db()
    assert "body_sr_latn" in mission.stale_translations()
    translator_client.post(translate_url(ssi), {**data, f"reviewed-{index}": "on"})
    mission.refresh_from_db()
    assert "body_sr_latn" not in mission.stale_translations() and mission.body_sr_latn == translated


def test_a_translator_may_not_open_another_language_nor_the_page_s_own(translator_client, ssi):
    assert translator_client.get(translate_url(ssi, "en")).status_code == 403
    assert translator_client.get(translate_url(ssi, "fr")).status_code == 404


def test_a_text_changed_by_someone_else_meanwhile_is_not_overwritten(translator_client, staff_editor_client, ssi):
    mission = Mission.objects.filter(service=ssi).first()
    mission.body_sr_latn = ""
    mission.save()
    data = form_data(translator_client.get(translate_url(ssi)).content.decode(), "translate_form")
    mission.body_sr_latn = "Urednikov prevod."
    mission.save()
    text = next(name for name, value in data.items() if name.startswith("text-") and value == "")
    response = translator_client.post(translate_url(ssi), {**data, text: "Moj prevod."})
    mission.refresh_from_db()
    assert mission.body_sr_latn == "Urednikov prevod."
    errors = [str(message) for message in get_messages(response.wsgi_request) if message.level == messages.ERROR]
    assert len(errors) == 1 and "Mission" in errors[0], errors
