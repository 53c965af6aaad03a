import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from security_service.models import ContactPoint, Directorate, Link, PhoneNumber, Section, Service, StaffRole

from .factories import small_page, small_service


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here; the admin tests read them in French."""
    with translation.override("en"):
        yield


@pytest.fixture
def page(db):
    """A service with one part of each kind, nothing of the seed's."""
    return small_page()


def test_a_service_has_only_one_head(page):
    second = StaffRole(service=page, title_fr="Adjoint", is_head=True)
    with pytest.raises(ValidationError, match="A service has only one head"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_notice_cannot_end_before_it_starts(db):
    service = small_service()
    notice = Section(service=service, kind=Section.Kind.NOTICE, body_fr="Fermeture exceptionnelle.")
    notice.starts_on, notice.ends_on = datetime.date(2026, 5, 2), datetime.date(2026, 5, 1)
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "ends_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        notice.save()


def test_slugs_are_unique_per_language(db):
    small_service(slug_en="consular-section")
    other = Service(name_fr="Autre", slug_fr="autre", slug_en="consular-section")
    with pytest.raises(ValidationError, match="Another service already uses this web address"):
        other.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    small_service("Deux", "deux")  # empty translated slugs do not collide
    small_service("Trois", "trois")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>",
        "ftp://example.org/",
        "//example.org",
        "https://",
        "mailto:nobody",
        "tel:12",
        "vbscript:x",
    ],
)
def test_links_accept_only_web_mail_and_phone_addresses(page, url):
    link = Link(service=page, group=page.link_groups.first(), label_fr="Lien", url=url)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize(
    "url", ["https://www.interieur.gouv.fr/", "http://example.org/a?b=c", "mailto:ssi@example.org", "tel:+381113023569"]
)
def test_links_to_web_mail_and_phone_are_accepted(page, url):
    Link(service=page, group=page.link_groups.first(), label_fr="Lien", url=url).full_clean()


def test_a_link_belongs_to_a_group_of_its_own_service(page):
    other = small_service("Autre", "autre")
    link = Link(service=other, group=page.link_groups.first(), label_fr="Lien", url="https://example.org/")
    with pytest.raises(ValidationError, match="Choose a group of this service"):
        link.full_clean()


def test_phone_numbers_are_real_and_shown_as_dialled(page):
    contact = page.contact_points.get()
    with pytest.raises(ValidationError):
        PhoneNumber(service=page, contact_point=contact, number="+381 12").full_clean()
    with pytest.raises(ValidationError, match="must be the number dialled"):
        PhoneNumber(service=page, contact_point=contact, number="+381113023569", display="011/302 35 70").full_clean()
    phone = PhoneNumber(service=page, contact_point=contact, number="+381 11 302 35 69")
    phone.full_clean()
    assert (phone.e164, phone.shown) == ("+381113023569", "011 3023569")


@pytest.mark.parametrize(
    ("country", "postal_code", "city", "lines"),
    [("RS", "11 000", "Belgrade", ["11 000 Belgrade"]), ("GB", "SW1X 7JT", "London", ["London", "SW1X 7JT"])],
)
def test_address_lines_follow_the_countrys_order(country, postal_code, city, lines):
    assert ContactPoint(country_code=country, postal_code=postal_code, city=city).locality_lines() == lines


def test_changing_anything_on_the_page_marks_the_draft_changed(page):
    page = Service.objects.get(pk=page.pk)  # as saved, after its parts
    before = (page.updated_at, page.edit_version)
    page.phone_numbers.get().delete()
    service = Service.objects.get(pk=page.pk)
    assert service.updated_at > before[0] and service.edit_version > before[1]


def test_changing_the_directorate_marks_the_drafts_of_its_services_changed(page):
    before = Service.objects.get(pk=page.pk).edit_version
    directorate = Directorate.objects.get(sections__service=page)
    directorate.body_en = "New text."
    directorate.save()
    assert Service.objects.get(pk=page.pk).edit_version > before


@pytest.mark.parametrize("column", ["street_en", "street_sr_latn", "city_nl"])
def test_an_address_in_any_language_needs_its_country(page, column):
    """The street and city are translated: one written in any language is an address, whatever the admin's language."""
    section = page.contact_points.get().section
    with pytest.raises(ValidationError, match="Give the country of the address"):
        ContactPoint(service=page, section=section, label_fr="Accueil", **{column: "Pariska 11"}).full_clean()
    ContactPoint(service=page, section=section, label_fr="Accueil", region_fr="Šumadija").full_clean()  # a region is not one
