"""The sites framework's site is named by SITE_URL after every `migrate`: "View on site" leads to the public address."""

import logging

from django.contrib.sites.models import Site
from django.core.management import call_command
from django.test import override_settings

from .html import links
from .test_public_page import PAGES

ANOTHER_ADDRESS = "https://www.ambafrance-rs.example"


def test_a_fresh_install_names_its_site_by_site_url_not_example_com(db):
    site = Site.objects.get_current()
    assert (site.pk, site.domain, site.name) == (1, "testserver", "testserver")  # SITE_URL is http://testserver in the tests
    assert Site.objects.count() == 1


def test_view_on_site_leads_to_the_page_at_the_public_address(editor_client, ssi):
    change_form = editor_client.get(f"/admin/security_service/service/{ssi.pk}/change/").content.decode()
    response = editor_client.get(links(change_form, "viewsitelink")["Voir sur le site"])
    assert (response.status_code, response["Location"]) == (302, f"http://testserver{PAGES['fr']}")


def test_migrate_gives_the_site_a_changed_site_url_and_keeps_the_name_staff_chose(db, editor_client, ssi):
    site = Site.objects.get_current()
    site.name = "Ambassade de France en Serbie"
    site.save()
    with override_settings(SITE_URL=ANOTHER_ADDRESS):
        call_command("migrate", verbosity=0)  # nothing to migrate: the steps after it
        site = Site.objects.get_current()
        assert (site.domain, site.name) == ("www.ambafrance-rs.example", "Ambassade de France en Serbie")
        change_form = editor_client.get(f"/admin/security_service/service/{ssi.pk}/change/").content.decode()
        response = editor_client.get(links(change_form, "viewsitelink")["Voir sur le site"])
        assert response["Location"] == f"http://www.ambafrance-rs.example{PAGES['fr']}"  # the scheme is the admin's request's


def test_a_second_site_holding_the_address_is_left_as_it_is_and_named_in_a_warning(db, caplog):
    """What an older `restore` left: a second site with the backup's domain (and its redirects), which `migrate` must
    neither fail on nor delete."""
    Site.objects.create(domain="www.ambafrance-rs.example", name="restored")
    with override_settings(SITE_URL=ANOTHER_ADDRESS), caplog.at_level(logging.WARNING, logger="security_service.site_domain"):
        call_command("migrate", verbosity=0)
    assert Site.objects.get_current().domain == "testserver"
    assert Site.objects.filter(domain="www.ambafrance-rs.example", name="restored").exists()
    assert "has the domain www.ambafrance-rs.example of SITE_URL" in caplog.text
