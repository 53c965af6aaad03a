from reversion.models import Version

from security_service.cyrillic import to_cyrillic
from security_service.history import compare_versions
from security_service.models import Mission
from security_service.publishing import publish

from .admin_forms import change_form, page_field, save
from .factories import text_section
from .html import form_data, visible_text
from .test_public_page import PAGES


def versions_of(service):
    return Version.objects.get_for_object(service)


def test_every_save_keeps_a_version_with_parts_and_translations(editor_client, ssi):
    before = versions_of(ssi).count()
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_en")] = "A new English text."
    save(editor_client, url, data, publish=False)
    version = versions_of(ssi).first()
    assert versions_of(ssi).count() == before + 1
    assert version.revision.user.get_username() == "editor"
    stored = {v.content_type.model for v in version.revision.version_set.all()}
    assert stored == {"service", "section", "staffrole", "mission", "linkgroup", "link", "contactpoint", "phonenumber"}
    mission = version.revision.version_set.get(content_type__model="mission").field_dict
    assert mission["body_en"] == "A new English text."
    assert mission["body_sr_latn"].startswith("Ataše za unutrašnju bezbednost")


def test_a_deleted_mission_comes_back_in_every_language_by_restoring(editor_client, client, ssi):
    mission = ssi.missions.get()
    texts = (mission.body_fr, mission.body_sr_latn, mission.body_en)
    before_deletion = versions_of(ssi).first()
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-DELETE")] = "on"
    save(editor_client, url, data)
    assert not Mission.objects.exists()

    history = editor_client.get(f"/admin/security_service/service/{ssi.pk}/history/")
    assert "Restaurer cette version" in history.content.decode()
    response = editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{before_deletion.pk}/restore/")
    assert response.status_code == 302
    restored = Mission.objects.get()
    assert (restored.body_fr, restored.body_sr_latn, restored.body_en) == texts
    assert versions_of(ssi).first().revision.get_comment().startswith("Restored the version of")

    url, data = change_form(editor_client, ssi)
    save(editor_client, url, data)
    french, latin, english = texts
    for lang, text in {"fr": french, "sr-latn": latin, "sr": to_cyrillic(latin), "en": english}.items():
        response = client.get(PAGES[lang])
        assert response.status_code == 200
        assert text[:60] in visible_text(response.content.decode()), f"the mission is not back on the {lang} page"


def test_restoring_is_itself_a_version_and_can_be_undone(editor_client, ssi):
    first = versions_of(ssi).first()
    url, data = change_form(editor_client, ssi)
    data["sections-0-body_en"] = "Second text."
    save(editor_client, url, data, publish=False)
    editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{first.pk}/restore/")
    assert text_section(ssi).body_en != "Second text."
    assert versions_of(ssi).count() == 3
    second = versions_of(ssi)[1]
    editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{second.pk}/restore/")
    assert text_section(ssi).body_en == "Second text."


def test_two_versions_are_compared_readably(editor_client, ssi):
    first = versions_of(ssi).first()
    url, data = change_form(editor_client, ssi)
    data["sections-0-body_en"] = data["sections-0-body_en"].replace("divisional police commissioner", "chief superintendent")
    data[page_field(data, "missions-0-DELETE")] = "on"
    save(editor_client, url, data, publish=False)
    latest = versions_of(ssi).first()
    response = editor_client.get(f"/admin/security_service/service/{ssi.pk}/versions/compare/", {"a": first.pk, "b": latest.pk})
    html = response.content.decode()
    text = visible_text(html)
    assert "texte [en]" in text
    assert "<del>divisional police commissioner,</del>" in html
    assert "Mission «\u00a0" in html and "suppression" in text  # the part named between French quotes, what happened to it


def test_a_restore_needs_the_permission_and_a_post(client, ssi, django_user_model):
    version = versions_of(ssi).first()
    url = f"/admin/security_service/service/{ssi.pk}/versions/{version.pk}/restore/"
    django_user_model.objects.create_user("viewer", password="a-long-viewer-password", is_staff=True)
    assert client.post("/admin/login/", {"username": "viewer", "password": "a-long-viewer-password"}).status_code == 302
    assert client.post(url).status_code == 403


def test_history_lists_who_and_when(editor_client, ssi):
    html = editor_client.get(f"/admin/security_service/service/{ssi.pk}/history/").content.decode()
    assert "Importé de ssi-belgrade.toml" in html  # "Loaded from …", in the admin's language
    assert form_data(html, "compare-form") == {}


def test_the_history_says_what_each_version_changed_in_the_admin_s_language_and_marks_the_public_one(editor_client, ssi):
    publish(ssi)
    url, data = change_form(editor_client, ssi)
    mission = page_field(data, "missions-0-body_en")
    assert editor_client.post(url, {**data, mission: "A changed mission.", "_publish": "1"}).status_code == 302
    url, data = change_form(editor_client, ssi)
    assert editor_client.post(url, {**data, page_field(data, "missions-0-body_fr"): "Une mission changée."}).status_code == 302
    text = visible_text(editor_client.get(f"/admin/security_service/service/{ssi.pk}/history/").content.decode())
    rows = [line for line in text.splitlines() if "Mission" in line]
    assert any("Texte [fr]" in line or "texte [fr]" in line for line in rows), text
    assert text.count("ce que voient les visiteurs") == 1
    assert "Changed" not in text and "Restored" not in text


def test_a_comparison_names_what_the_save_changed_not_the_directorates_a_version_was_saved_with(editor_client, ssi):
    # The loaded version holds the directorate its section shows; the admin's saves keep the page's own parts only
    # (a directorate has its own history): the comparison said the directorate was deleted.
    first = versions_of(ssi).first()
    assert any(version.content_type.model == "directorate" for version in first.revision.version_set.all())
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Une mission changée."
    save(editor_client, url, data, publish=False)
    differences = compare_versions(first, versions_of(ssi).first())
    assert [(difference.what.split(" «")[0], difference.field) for difference in differences] == [("Mission", "texte [fr]")]
