"""A staff member's account, with its role, in one form."""

from django.contrib.auth.models import User

from security_service.roles import EDITORS, translator_group_name

from .html import visible_text

ADD = "/admin/auth/user/add/"
PASSWORD = "a-long-enough-passphrase-42"


def account(**fields):
    return {"username": "nadja", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD, **fields}


def test_a_translator_s_account_is_made_in_one_form_with_its_languages(editor_client, client):
    form = editor_client.get(ADD).content.decode()
    assert 'name="role"' in form and 'name="languages"' in form
    response = editor_client.post(ADD, account(first_name="Nadja", role="translator", languages=["sr-latn", "sr"]))
    assert response.status_code == 302
    user = User.objects.get(username="nadja")
    assert user.is_staff and not user.is_superuser and user.first_name == "Nadja"
    assert set(user.groups.values_list("name", flat=True)) == {translator_group_name("sr-latn"), translator_group_name("sr")}
    assert client.post("/admin/login/", {"username": "nadja", "password": PASSWORD}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_s_account_is_in_the_editors_group(editor_client):
    assert editor_client.post(ADD, account(role="editor")).status_code == 302
    assert list(User.objects.get(username="nadja").groups.values_list("name", flat=True)) == [EDITORS]


def test_a_translator_without_a_language_is_refused_with_a_clear_message(editor_client):
    response = editor_client.post(ADD, account(role="translator"))
    assert response.status_code == 200
    assert not User.objects.filter(username="nadja").exists()
    assert "Cochez les langues" in visible_text(response.content.decode()) or "languages this translator" in response.content.decode()


def test_only_those_who_manage_accounts_make_them(staff_editor_client, translator_client):
    assert staff_editor_client.get(ADD).status_code == 403
    assert translator_client.post(ADD, account(role="editor")).status_code == 403
    assert not User.objects.filter(username="nadja").exists()
