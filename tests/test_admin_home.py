"""The admin's first screen: the embassy's pages with their state in every language; Django's records behind one entry."""

from security_service.models import Mission

from .html import visible_text


def home(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_screen_is_the_embassy_s_pages_with_their_state_in_every_language(staff_editor_client, ssi):
    html = home(staff_editor_client)
    text = visible_text(html)
    assert f'href="/admin/security_service/service/{ssi.pk}/change/"' in html
    assert "Service de sécurité intérieure" in text and "Publié" in text
    assert 'href="/fr/service-de-securite-interieure/"' in html
    # Django's own records are not on it: they are behind "Administration".
    assert "Utilisateurs" not in text and "Groupes" not in text and 'href="/admin/administration/"' in html
    assert 'href="/admin/security_service/directorate/"' in html and 'href="/admin/security_service/service/add/"' in html


def test_a_text_to_translate_shows_on_the_first_screen_in_its_language(staff_editor_client, ssi):
    mission = Mission.objects.filter(service=ssi).first()
    mission.body_en = ""
    mission.save()
    text = visible_text(home(staff_editor_client))
    assert "Anglais : 1 manquant" in text or "Anglais: 1 manquant" in text, text


def test_a_translator_sees_the_pages_without_the_editors_actions(translator_client, ssi):
    html = home(translator_client)
    assert f'href="/admin/security_service/service/{ssi.pk}/change/"' in html
    assert 'href="/admin/security_service/service/add/"' not in html


def test_administration_lists_django_s_records_the_user_may_open_and_not_the_pages(editor_client, staff_editor_client):
    response = editor_client.get("/admin/administration/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/admin/auth/user/"' in html and 'href="/admin/auth/group/"' in html and 'href="/admin/redirects/redirect/"' in html
    assert 'href="/admin/security_service/service/"' not in html and 'href="/admin/security_service/directorate/"' not in html
    staff = staff_editor_client.get("/admin/administration/").content.decode()
    assert 'href="/admin/auth/user/"' not in staff and 'href="/admin/security_service/auditevent/"' in staff
