from django.contrib.auth.models import Group

from security_service.models import AuditEvent, Mission, Section, Service
from security_service.roles import EDITORS, translator_group_name

from .admin_forms import change_form, page_field, save
from .conftest import STAFF_PASSWORD, logged_in
from .factories import text_section
from .html import form_data, visible_text
from .test_public_page import PAGES


def test_groups_are_created_by_migrate_with_their_permissions(db):
    editors = {p.codename for p in Group.objects.get(name=EDITORS).permissions.all()}
    assert {"publish_service", "restore_service", "edit_structure", "delete_mission", "translate_fr", "translate_en"} <= editors
    serbian = {p.codename for p in Group.objects.get(name=translator_group_name("sr-latn")).permissions.all()}
    assert "translate_sr_latn" in serbian and "change_mission" in serbian
    assert not serbian & {"publish_service", "delete_mission", "add_mission", "translate_fr", "translate_en", "edit_structure"}


def test_translator_changes_serbian_and_cannot_change_french_or_english(translator_client, ssi):
    url, data = change_form(translator_client, ssi)
    mission = page_field(data, "missions-0-body_sr_latn").removesuffix("-body_sr_latn")
    assert "sections-0-body_sr_latn" in data and f"{mission}-body_sr_latn" in data
    forbidden = {"sections-0-body_fr", "sections-0-body_en", f"{mission}-body_fr", "acronym", "sections-3-directorate", f"{mission}-DELETE"}
    assert not forbidden & set(data)
    # A translator adds no part: the form has no empty forms to copy, nor add buttons.
    assert not [name for name in data if "__prefix__" in name]
    # Fields shown read-only cannot be posted either: the French text stays as it was.
    data.update(
        {"sections-0-body_sr_latn": "Novi uvod.", "sections-0-body_fr": "Texte forcé.", "acronym": "XXX", f"{mission}-DELETE": "on"}
    )
    save(translator_client, url, data, publish=False)
    service = Service.objects.get(pk=ssi.pk)
    intro = text_section(service)
    assert (intro.body_sr_latn, intro.body_fr[:9], service.acronym) == ("Novi uvod.", "Le poste ", "SSI")
    assert Mission.objects.filter(service=ssi).exists()


def test_translator_publishes_a_change_of_their_own_language(translator_client, client, ssi):
    url, data = change_form(translator_client, ssi)
    data[page_field(data, "missions-0-body_sr_latn")] = "Prevodilac je ispravio tekst."
    save(translator_client, url, data)
    assert "Prevodilac je ispravio tekst." in visible_text(client.get(PAGES["sr-latn"]).content.decode())


def test_translator_cannot_publish_an_editors_structure_change(editor_client, translator_client, client, ssi):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-DELETE")] = "on"
    save(editor_client, url, data, publish=False)
    page = translator_client.get(url).content.decode()
    assert 'name="_publish"' not in page
    url, data = change_form(translator_client, ssi)
    response = translator_client.post(url, {**data, "_publish": "1"}, follow=True)
    assert "seul un rédacteur peut publier" in visible_text(response.content.decode())
    assert "Compétent pour la Serbie" in client.get(PAGES["fr"]).content.decode()


def test_service_list_shows_which_translations_are_complete(editor_client, ssi):
    text = visible_text(editor_client.get("/admin/security_service/service/").content.decode())
    assert "sr-latn ✓" in text and "en ✓" in text
    Mission.objects.filter(service=ssi).update(body_en="")
    text = visible_text(editor_client.get("/admin/security_service/service/").content.decode())
    assert "en 1 manquant" in text


def test_translator_sees_which_texts_need_them(translator_client, ssi):
    Section.objects.create(service=ssi, kind=Section.Kind.TEXT, position=9, body_fr="Compétent pour la Serbie et le Monténégro.")
    text = visible_text(translator_client.get(f"/admin/security_service/service/{ssi.pk}/change/").content.decode())
    assert "Textes encore à traduire" in text
    assert "Section « texte (9) » – texte" in text


def test_logins_failed_logins_and_publications_are_in_the_audit_trail(client, editor, ssi):
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    client.post("/admin/login/", {"username": "editor", "password": "a-long-editor-password-1"})
    url, data = change_form(client, ssi)
    save(client, url, data)
    kinds = list(AuditEvent.objects.order_by("at", "pk").values_list("kind", "username"))
    assert kinds[-3:] == [("login_failed", "editor"), ("login", "editor"), ("publish", "editor")]
    text = visible_text(client.get("/admin/security_service/auditevent/").content.decode())
    assert "a échoué à se connecter" in text or "échec de connexion" in text
    assert client.get("/admin/admin/logentry/").status_code == 200


def test_second_editors_stale_save_is_refused_and_the_first_change_survives(editor_client, client, django_user_model, ssi):
    django_user_model.objects.create_superuser("second", "second@example.org", STAFF_PASSWORD)
    second = logged_in("second")
    url, first_data = change_form(editor_client, ssi)
    _url, second_data = change_form(second, ssi)

    first_data["sections-0-body_en"] = "The first editor's introduction."
    save(editor_client, url, first_data)
    second_data["sections-0-body_en"] = "The second editor's introduction."
    response = second.post(url, second_data)
    assert response.status_code == 200
    assert "Cette page a été modifiée par editor depuis que vous l’avez ouverte" in visible_text(response.content.decode())
    assert text_section(ssi).body_en == "The first editor's introduction."
    assert form_data(response.content.decode(), "service_form")["sections-0-body_en"] == "The second editor's introduction."


def test_a_page_written_in_english_has_a_french_translator(django_user_model):
    """Every site language has its translators, the default one too: a page written in English is translated into French."""
    french = {p.codename for p in Group.objects.get(name=translator_group_name("fr")).permissions.all()}
    assert "translate_fr" in french and not french & {"translate_en", "publish_service", "edit_structure"}
    service = Service.objects.create(name_en="Consular section", slug_en="consular-section", source_language="en")
    Section.objects.create(service=service, kind=Section.Kind.TEXT, body_en="The consular section.", position=1)
    user = django_user_model.objects.create_user("traductrice", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=translator_group_name("fr")))
    client = logged_in("traductrice")
    url, data = change_form(client, service)
    assert "name_fr" in data and "name_en" not in data
    save(client, url, {**data, "name_fr": "Section consulaire", "sections-0-body_fr": "La section consulaire."}, publish=False)
    service.refresh_from_db()
    assert (service.name_fr, service.name_en) == ("Section consulaire", "Consular section")


def test_a_translator_into_english_does_not_rewrite_a_page_written_in_english(django_user_model):
    service = Service.objects.create(name_en="Consular section", slug_en="consular-section", source_language="en")
    Section.objects.create(service=service, kind=Section.Kind.TEXT, body_en="The consular section.", position=1)
    user = django_user_model.objects.create_user("translator", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=translator_group_name("en")))
    client = logged_in("translator")
    url, data = change_form(client, service)
    assert not {"name_en", "sections-0-body_en"} & set(data)
    client.post(url, {**data, "name_en": "Rewritten", "sections-0-body_en": "Rewritten.", "_publish": "1"})
    service.refresh_from_db()
    assert service.name_en == "Consular section" and service.sections.get().body_en == "The consular section."


def test_a_translator_is_told_why_there_is_no_publish_button(translator_client, ssi):
    url, data = change_form(translator_client, ssi)
    ssi.acronym = "DSI"  # an editor's change, not published
    ssi.save()
    html = translator_client.get(url).content.decode()
    assert 'name="_publish"' not in html
    assert 'class="why-not-publish"' in html
