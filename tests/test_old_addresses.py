import io

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command

from .test_public_page import PAGES


@pytest.mark.parametrize(
    ("old", "new"),
    [("/Service-de-securite-interieure-4100", PAGES["fr"]), ("/Sluzba-za-unutrasnju-bezbednost-4101", PAGES["sr-latn"])],
)
def test_spip_address_answers_301_to_the_page_in_its_language(client, ssi, old, new):
    for accept in ("en", "fr", "sr-Latn"):  # whatever language the visitor's browser asks for
        response = client.get(old, headers={"accept-language": accept})
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


def test_redirects_are_loaded_once_and_staff_changes_are_kept(ssi):
    redirect = Redirect.objects.get(old_path="/Service-de-securite-interieure-4100")
    redirect.new_path = "/fr/ailleurs/"
    redirect.save()
    Redirect.objects.filter(old_path="/Sluzba-za-unutrasnju-bezbednost-4101").delete()
    call_command("load_content", stdout=io.StringIO())
    assert Redirect.objects.get(old_path="/Service-de-securite-interieure-4100").new_path == "/fr/ailleurs/"
    # A deleted one comes back, as on a database that had the service before redirects existed.
    assert Redirect.objects.get(old_path="/Sluzba-za-unutrasnju-bezbednost-4101").new_path == PAGES["sr-latn"]
    assert Redirect.objects.count() == 2


def test_staff_add_a_redirect_in_the_admin_and_it_works(client, editor_client, ssi):
    response = editor_client.post(
        "/admin/redirects/redirect/add/", {"site": 1, "old_path": "/spip.php?article4100", "new_path": PAGES["en"]}
    )
    assert response.status_code == 302
    response = client.get("/spip.php?article4100")
    assert (response.status_code, response["Location"]) == (301, PAGES["en"])


def test_unknown_address_is_still_not_found(client, ssi):
    assert client.get("/Some-other-article-9999", follow=True).status_code == 404
