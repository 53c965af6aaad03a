"""Each role does in the admin what it may, by every address the admin registers, and nothing else.

Versions come back only through the site's own restore and recover views, which record the restoration, follow the
roles, and change no other service than the one restored.
"""

import json
import re

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import URLPattern, URLResolver
from reversion.models import Version

from security_service.models import (
    AccessibilityStatement,
    AuditEvent,
    Directorate,
    Mission,
    Publication,
    Section,
    Service,
)
from security_service.publishing import publish

from .admin_forms import change_form, page_field, save
from .factories import small_page, small_service
from .html import form_data, visible_text


def versions_of(service):
    return Version.objects.get_for_object(service)


def draft_of(service):
    """What staff typed into the service and its parts, as rows: to tell whether anything changed."""
    service = Service.objects.with_parts().get(pk=service.pk)
    rows = {"service": Service.objects.filter(pk=service.pk).values().get()}
    for accessor in ("sections", "roles", "missions", "link_groups", "links", "contact_points", "phone_numbers", "pictures"):
        rows[accessor] = sorted(getattr(service, accessor).values(), key=lambda row: row["id"])
    return json.loads(json.dumps(rows, default=str))


# django-reversion's own views


def test_a_translator_cannot_write_an_old_version_back_through_reversions_own_view(translator_client, editor_client, ssi):
    old = versions_of(ssi).first()
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_fr")] = "Une mission ajoutée depuis."
    save(editor_client, url, data, publish=False)
    before = draft_of(ssi)
    address = f"/admin/security_service/service/{ssi.pk}/history/{old.pk}/"
    for client in (translator_client, editor_client):
        # No such view: the address is read as a service's (Django's old form of address), which does not exist.
        response = client.get(address, follow=True)
        assert "Prepisano" not in response.content.decode() and 'name="name_sr_latn"' not in response.content.decode()
        response = client.post(address, {"name_sr_latn": "Prepisano"})
        assert response.status_code in (302, 404)
    assert draft_of(ssi) == before


def test_a_version_is_restored_only_through_its_own_service(editor_client, ssi):
    other = small_service()
    with reversion.create_revision():
        reversion.add_to_revision(other)
    foreign = versions_of(other).first()
    assert editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{foreign.pk}/restore/").status_code == 404
    assert editor_client.get(f"/admin/security_service/service/recover/{foreign.pk}/").status_code == 404  # not deleted


# Restoring


def test_restoring_one_service_leaves_the_others_of_its_revision_as_they_are(editor_client, ssi):
    other = small_page()
    # One revision for both pages, as a PO import makes for all the services it changed.
    with reversion.create_revision():
        reversion.add_to_revision(Service.objects.with_parts().get(pk=ssi.pk))
        reversion.add_to_revision(Service.objects.with_parts().get(pk=other.pk))
    shared = versions_of(ssi).first()
    assert versions_of(other).first().revision_id == shared.revision_id
    # Later, the other page gets a mission, and a changed name.
    added = Mission.objects.create(service=other, section=other.sections.get(kind="missions"), body_fr="Une mission de plus.", position=9)
    Service.objects.filter(pk=other.pk).update(name_fr="Section consulaire renommée")
    before = draft_of(other)

    response = editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{shared.pk}/restore/")
    assert response.status_code == 302
    assert Mission.objects.filter(pk=added.pk).exists()
    assert draft_of(other) == before


def test_a_restored_version_whose_directorate_was_deleted_comes_back_without_it(editor_client, ssi):
    page = small_page()
    with reversion.create_revision():
        reversion.add_to_revision(Service.objects.with_parts().get(pk=page.pk))
    version = versions_of(page).first()
    directorate_section = page.sections.get(kind="directorate")
    directorate_section.directorate.delete()

    response = editor_client.post(f"/admin/security_service/service/{page.pk}/versions/{version.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "restaurée comme brouillon" in response.content.decode()
    assert "la section est restaurée sans elle" in response.content.decode()
    assert Section.objects.get(pk=directorate_section.pk).directorate is None
    assert Mission.objects.filter(service=page).count() == 1


def test_a_version_from_before_sections_is_refused_with_a_message(editor_client, ssi):
    version = versions_of(ssi).first()
    data = json.loads(version.serialized_data)
    data[0]["fields"]["intro_fr"] = "Texte d’avant les sections."
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    before = draft_of(ssi)

    response = editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{version.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "enregistrée avant que la page ne soit faite de sections" in response.content.decode()
    assert draft_of(ssi) == before


def test_a_deleted_service_is_recovered_by_an_editor_as_a_draft_and_audited(staff_editor_client, translator_client, ssi):
    page = small_page()
    with reversion.create_revision():
        reversion.add_to_revision(Service.objects.with_parts().get(pk=page.pk))
    pk, missions = page.pk, list(Mission.objects.filter(service=page).values_list("body_fr", flat=True))
    assert staff_editor_client.post(f"/admin/security_service/service/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=pk).exists()
    version = Version.objects.get_deleted(Service).get()

    listing = staff_editor_client.get("/admin/security_service/service/recover/")
    assert f"/admin/security_service/service/recover/{version.pk}/" in listing.content.decode()
    assert translator_client.get("/admin/security_service/service/recover/").status_code == 403
    assert translator_client.post(f"/admin/security_service/service/recover/{version.pk}/").status_code == 403
    assert not Service.objects.filter(pk=pk).exists()

    confirm = staff_editor_client.get(f"/admin/security_service/service/recover/{version.pk}/")
    assert confirm.status_code == 200 and "Section consulaire" in confirm.content.decode()
    response = staff_editor_client.post(f"/admin/security_service/service/recover/{version.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/admin/security_service/service/{pk}/change/"
    recovered = Service.objects.get(pk=pk)
    assert list(Mission.objects.filter(service=recovered).values_list("body_fr", flat=True)) == missions
    assert not hasattr(recovered, "publication") or not recovered.publication.is_live  # a draft, until published
    assert versions_of(recovered).count() == 3  # the page as deleted, and its restoration, are versions
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTORE, username="redactrice").exists()


def test_an_editor_deletes_a_published_service_which_leaves_the_site_and_can_be_recovered(staff_editor_client, client, translator_client):
    page = small_page(published=True)
    pk, address = page.pk, page.publication.get_absolute_url()
    assert client.get(address).status_code == 200
    assert translator_client.post(f"/admin/security_service/service/{pk}/delete/", {"post": "yes"}).status_code == 403

    confirm = staff_editor_client.get(f"/admin/security_service/service/{pk}/delete/")
    assert confirm.status_code == 200
    shown = visible_text(confirm.content.decode())
    assert "Section consulaire" in shown and "permission" not in shown and "Sa dernière version est gardée" in shown
    response = staff_editor_client.post(f"/admin/security_service/service/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Service.objects.filter(pk=pk).exists() and not Publication.objects.filter(service_id=pk).exists()
    assert client.get(address).status_code == 404
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DELETE)
    assert event.username == "redactrice" and "Section consulaire" in event.detail

    # The page as it was when deleted comes back as a draft.
    version = Version.objects.get_deleted(Service).get()
    assert staff_editor_client.post(f"/admin/security_service/service/recover/{version.pk}/").status_code == 302
    recovered = Service.objects.get(pk=pk)
    assert recovered.missions.get().body_fr == "Délivrer les visas."
    assert client.get(address).status_code == 404  # a draft, until published again


def test_deleting_services_from_the_list_is_audited_and_recoverable_like_one(staff_editor_client):
    first, second = small_service(published=True), small_service(name="Service culturel", slug="service-culturel")
    response = staff_editor_client.post(
        "/admin/security_service/service/", {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Service.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DELETE).count() == 2
    assert Version.objects.get_deleted(Service).count() == 2


# Every address the admin registers, for each role


def admin_routes(patterns=None, prefix=""):
    """(route, name) of every view the admin site registers: "security_service/service/<path:object_id>/change/"…"""
    for pattern in admin.site.urls[0] if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


ROUTES = sorted({route for route, _name in admin_routes()} - {"(?P<url>.*)$"})  # the catch-all answers any other address

# The models of the admin's addresses, by their place in it.
MODELS = {
    "auth/group/": Group,
    "auth/user/": User,
    "sites/site/": Site,
    "redirects/redirect/": Redirect,
    "axes/accessattempt/": AccessAttempt,
    "axes/accesslog/": AccessLog,
    "axes/accessfailurelog/": AccessFailureLog,
    "security_service/service/": Service,
    "security_service/directorate/": Directorate,
    "security_service/auditevent/": AuditEvent,
    "admin/logentry/": LogEntry,
    "security_service/publication/": Publication,
    "security_service/accessibilitystatement/": AccessibilityStatement,
}


def concrete(route, objects):
    """The address of `route` for an object that exists of its model: a version of the seed's page, its Serbian…"""
    model = next((model for place, model in MODELS.items() if route.startswith(place)), None)
    obj = objects["service"] if model is Service else (model.objects.order_by("pk").first() if model is not None else None)
    values = {
        "object_id": str(objects["service"].pk if route.startswith("r/") else obj.pk if obj is not None else 1),
        "id": str(obj.pk if obj is not None else 1),
        "language": "sr-latn",
        "content_type_id": str(ContentType.objects.get_for_model(Service).pk),
    }
    if "<int:version_id>" in route:
        values["version_id"] = str(objects["deleted"][model].pk if "recover" in route else objects["versions"][model][0].pk)
    # Regular expressions: django-reversion's list of deleted services, and the list of an application's models.
    address = re.sub(r"\(\?P<app_label>[^)]*\)", "security_service", route).replace("^", "").replace("$", "")
    address = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], address)
    if route.endswith("versions/compare/"):
        address += "?a={}&b={}".format(*(version.pk for version in objects["versions"][model][:2]))
    return "/admin/" + address


def what_it_needs(route):
    """The permission (app_label.codename) that `route` needs, by what its view does; None: any staff member."""
    model = next((model for place, model in MODELS.items() if route.startswith(place)), None)
    if route == "autocomplete/":
        return "no one: the site has no autocomplete field"
    if route.endswith("/<path:object_id>/"):
        return None  # Django's old form of a change form's address: it leads to the change form, which checks
    if model is None:
        return "security_service.view_service" if route.startswith("r/") else None
    name = f"{model._meta.app_label}.%s_{model._meta.model_name}"
    if "recover" in route or route.endswith("/restore/"):
        return "security_service.restore_service"
    if route.endswith("/unpublish/"):
        return "security_service.publish_service"
    if route.endswith("/add/"):
        return name % "add"
    if route.endswith("/delete/"):
        return name % "delete"
    if route.endswith("/password/"):
        return "auth.change_user"
    if route.endswith("import-po/"):
        return "security_service.translate_sr_latn"
    return name % "view"


VERSIONED = ("service", "directorate", "accessibilitystatement")

# What a GET answers, where the role may use the view: a page, or a redirection to one; 405 for a view that only acts.
ANSWERS = {
    "logout/": {405},
    **{f"security_service/{name}/<path:object_id>/versions/<int:version_id>/restore/": {405} for name in VERSIONED},
    "security_service/service/<path:object_id>/publish/": {405},
}
# There is one accessibility statement: once written, it is changed, not added again (nor recovered).
ANSWERS["security_service/accessibilitystatement/add/"] = {403}
ANSWERS["security_service/accessibilitystatement/^recover/$"] = {403}
ANSWERS["security_service/accessibilitystatement/recover/<int:version_id>/"] = {403}


@pytest.fixture
def everything(ssi, staff_editor):
    """One object of each model the admin lists: a published page with two versions, a deleted service's version, a
    redirect, log entries, login records."""
    publish(ssi)
    with reversion.create_revision():
        reversion.add_to_revision(Service.objects.with_parts().get(pk=ssi.pk))
    directorate, statement = Directorate.objects.order_by("pk").first(), AccessibilityStatement.objects.get()
    for obj in (directorate, statement, directorate, statement):
        with reversion.create_revision():
            obj.save()
    deleted = {
        Service: small_service(name="Ancien service", slug="ancien-service"),
        Directorate: Directorate.objects.create(name_fr="Ancienne direction"),
    }
    for obj in deleted.values():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
        obj.delete()
    LogEntry.objects.log_actions(staff_editor.pk, [ssi], ADDITION, single_object=True)
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/ancienne-adresse/", new_path="/fr/")
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", user_agent="test", failures_since_start=1)
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1", user_agent="test")
    AccessLog.objects.create(username="redactrice", ip_address="192.0.2.2", user_agent="test")
    objects = {
        "service": ssi,
        "versions": {
            model: list(versions_of(obj)[:2])
            for model, obj in ((Service, ssi), (Directorate, directorate), (AccessibilityStatement, statement))
        },
        "deleted": {model: Version.objects.get_deleted(model).get() for model in deleted},
    }
    objects["deleted"][AccessibilityStatement] = objects["versions"][AccessibilityStatement][0]  # (there is none to recover)
    assert AuditEvent.objects.exists() and AccessibilityStatement.objects.exists()
    return objects


def test_each_admin_address_works_within_the_roles_rights_and_answers_403_beyond_them(
    everything, translator, translator_client, staff_editor, staff_editor_client
):
    """A translator and an editor open every address the admin registers (from the URL resolver), then post to it
    with nothing: each works where the role may use it, and answers 403 and changes nothing where it may not."""
    wrong = []
    before = draft_of(everything["service"])
    for route in ROUTES:
        address = concrete(route, everything)
        needs = what_it_needs(route)
        for user, client in ((translator, translator_client), (staff_editor, staff_editor_client)):
            may = needs is None or user.has_perm(needs)
            response = client.get(address)
            expected = ANSWERS.get(route, {200, 302}) if may else {403}
            if response.status_code not in expected or "/login/" in response.get("Location", ""):
                wrong.append(f"GET {address} as {user}: {response.status_code}, expected {sorted(expected)}")
            if route.startswith(("login/", "logout/", "password_change/")):
                continue
            response = client.post(address, {})
            if response.status_code == 500 or (not may and response.status_code not in (403, 405)):
                wrong.append(f"POST {address} as {user}: {response.status_code}")
            if draft_of(everything["service"]) != before:
                if not may:
                    wrong.append(f"POST {address} as {user} changed the page, which the role may not do")
                before = draft_of(everything["service"])
    assert not wrong, "\n".join(wrong)
    assert len(ROUTES) > 90


def test_a_directorate_is_changed_in_the_admin(staff_editor_client, ssi):
    """The directorate's form named a field that moved to the sections (found by the test above)."""
    directorate = Directorate.objects.first()
    address = f"/admin/security_service/directorate/{directorate.pk}/change/"
    response = staff_editor_client.get(address)
    assert response.status_code == 200
    data = form_data(response.content.decode(), "directorate_form")
    data["body_fr"] = "Un texte changé."
    assert staff_editor_client.post(address, data).status_code == 302
    directorate.refresh_from_db()
    assert directorate.body_fr == "Un texte changé."


@pytest.mark.parametrize("model", [Directorate, AccessibilityStatement])
def test_a_second_editors_stale_save_of_a_shared_text_is_refused_and_the_first_change_survives(
    model, staff_editor_client, editor_client, ssi
):
    """Directorates and the accessibility statement have no edit count of their own: their forms carry the time of the
    last change they were opened on."""
    obj = model.objects.first()
    address = f"/admin/security_service/{model._meta.model_name}/{obj.pk}/change/"
    first = form_data(staff_editor_client.get(address).content.decode(), f"{model._meta.model_name}_form")
    second = form_data(editor_client.get(address).content.decode(), f"{model._meta.model_name}_form")
    assert staff_editor_client.post(address, {**first, "body_fr": "Le texte de la première."}).status_code == 302
    response = editor_client.post(address, {**second, "body_fr": "Le texte de la seconde."})
    assert response.status_code == 200
    assert "modifié par quelqu’un d’autre depuis que vous l’avez ouvert" in visible_text(response.content.decode())
    obj.refresh_from_db()
    assert obj.body_fr == "Le texte de la première."


@pytest.mark.parametrize("model", [Directorate, AccessibilityStatement])
def test_every_save_of_a_shared_text_is_a_version_an_editor_compares_and_restores(model, staff_editor_client, translator_client, ssi):
    obj = model.objects.first()
    name = model._meta.model_name
    address = f"/admin/security_service/{name}/{obj.pk}/change/"
    original, saved_before = obj.body_fr, Version.objects.get_for_object(obj).count()
    for text in ("Le premier texte changé.", "Le second texte changé."):
        data = form_data(staff_editor_client.get(address).content.decode(), f"{name}_form")
        assert staff_editor_client.post(address, {**data, "body_fr": text}).status_code == 302
    newer, older = Version.objects.get_for_object(obj)[:2]
    assert [version.revision.user.username for version in (newer, older)] == ["redactrice", "redactrice"]

    history = staff_editor_client.get(f"/admin/security_service/{name}/{obj.pk}/history/").content.decode()
    restore = f"/admin/security_service/{name}/{obj.pk}/versions/{older.pk}/restore/"
    assert restore in history
    compared = staff_editor_client.get(f"/admin/security_service/{name}/{obj.pk}/versions/compare/?a={older.pk}&b={newer.pk}")
    assert "Le premier texte changé." in visible_text(compared.content.decode())

    assert translator_client.post(restore).status_code == 403
    opened = form_data(staff_editor_client.get(address).content.decode(), f"{name}_form")
    response = staff_editor_client.post(restore)
    assert response.status_code == 302 and response["Location"] == address
    obj.refresh_from_db()
    assert obj.body_fr == "Le premier texte changé." != original
    assert Version.objects.get_for_object(obj).count() == saved_before + 3  # the restoration is a version
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTORE, username="redactrice").exists()
    # A form opened before the restoration is stale.
    stale = staff_editor_client.post(address, {**opened, "body_fr": "Par-dessus."})
    assert stale.status_code == 200
    obj.refresh_from_db()
    assert obj.body_fr == "Le premier texte changé."


def test_a_restored_directorate_marks_its_services_drafts_as_changed(staff_editor_client, ssi):
    publish(ssi)
    directorate = Directorate.objects.filter(sections__service=ssi).first()
    with reversion.create_revision():
        directorate.save()
    directorate.name_fr = "Direction renommée"
    with reversion.create_revision():
        directorate.save()
    publish(ssi)
    older = Version.objects.get_for_object(directorate)[1]
    assert staff_editor_client.post(f"/admin/security_service/directorate/{directorate.pk}/versions/{older.pk}/restore/").status_code == 302
    ssi.refresh_from_db()
    assert ssi.edit_version != ssi.publication.edit_version  # "Published, with changes not yet published"


def test_a_deleted_directorate_is_audited_and_recovered(staff_editor_client, ssi):
    directorate = Directorate.objects.filter(sections__service=ssi).first()
    pk, name = directorate.pk, directorate.name_fr
    assert staff_editor_client.post(f"/admin/security_service/directorate/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Directorate.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.DELETE).detail.startswith(f"direction: {name}")
    version = Version.objects.get_deleted(Directorate).get()
    confirm = staff_editor_client.get(f"/admin/security_service/directorate/recover/{version.pk}/")
    assert name in visible_text(confirm.content.decode())
    assert staff_editor_client.post(f"/admin/security_service/directorate/recover/{version.pk}/").status_code == 302
    assert Directorate.objects.get(pk=pk).name_fr == name


def test_publishing_unpublishing_restoring_and_deleting_in_the_admin_are_audited_with_the_client_address(staff_editor_client, ssi):
    address, before = {"REMOTE_ADDR": "192.0.2.44"}, list(AuditEvent.objects.values_list("pk", flat=True))
    url, data = change_form(staff_editor_client, ssi)
    assert staff_editor_client.post(url, {**data, "_publish": "1"}, **address).status_code == 302
    assert staff_editor_client.post(f"/admin/security_service/service/{ssi.pk}/unpublish/", **address).status_code == 302
    version = versions_of(ssi).first()
    assert (
        staff_editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{version.pk}/restore/", **address).status_code == 302
    )
    assert staff_editor_client.post(f"/admin/security_service/service/{ssi.pk}/delete/", {"post": "yes"}, **address).status_code == 302
    events = AuditEvent.objects.exclude(pk__in=before).order_by("at")
    assert [(event.kind, event.ip_address) for event in events] == [
        (kind, "192.0.2.44")
        for kind in (AuditEvent.Kind.PUBLISH, AuditEvent.Kind.UNPUBLISH, AuditEvent.Kind.RESTORE, AuditEvent.Kind.DELETE)
    ]


def test_the_audit_trail_tells_times_in_the_site_s_time_zone_as_the_history_does(staff_editor_client, ssi):
    from django.utils import timezone

    version = versions_of(ssi).first()
    assert staff_editor_client.post(f"/admin/security_service/service/{ssi.pk}/versions/{version.pk}/restore/").status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RESTORE)
    belgrade = timezone.localtime(version.revision.date_created)
    assert belgrade.utcoffset().total_seconds() > 0  # Europe/Belgrade is ahead of UTC
    assert event.detail.endswith(f"{belgrade:%Y-%m-%d %H:%M:%S}")
    assert str(event).startswith(f"{timezone.localtime(event.at):%Y-%m-%d %H:%M}")
