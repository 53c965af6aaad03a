"""The shapes other embassies' pages have: roles by head-count or without a text, links without a group or to a
document, a contact that is only a link, two images with one caption."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat

from security_service.models import ContactPoint, Link, LinkGroup, Picture, Section, Service, StaffRole
from security_service.publishing import publish

from .factories import section, small_service
from .html import visible_text
from .test_images import encode, picture

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def page_html(client, service):
    response = client.get(f"/fr/{service.slug_fr}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def service(db):
    return small_service(intro="Présentation.")


def test_roles_by_head_count_or_post_holder_and_roles_without_a_text_are_listed(client, service):
    roles = section(service, "roles", heading_fr="L’équipe")
    StaffRole.objects.create(service=service, section=roles, title_fr="Attaché de défense", held_by_fr="Un colonel", position=1)
    StaffRole.objects.create(service=service, section=roles, title_fr="Adjoints", held_by_fr="Deux commandants", position=2)
    StaffRole.objects.create(service=service, section=roles, title_fr="Secrétariat", position=3)
    StaffRole.objects.create(service=service, section=roles, title_fr="Гласноговорник", abbreviation_fr="ПР", position=4)
    StaffRole.objects.create(service=service, section=roles, title_fr="Chauffeur", listed=False, position=5)
    publish(service)
    text = visible_text(page_html(client, service))
    assert "Attaché de défense\nUn colonel\nAdjoints\nDeux commandants\nSecrétariat\nГласноговорник (ПР)" in text
    assert "Chauffeur" not in text


def test_links_without_a_group_heading_and_a_link_to_a_document(client, service):
    links = section(service, "links", heading_fr="Documents")
    group = LinkGroup.objects.create(service=service, section=links)
    Link.objects.create(service=service, group=group, label_fr="Le site", url="https://example.org/", position=1)
    document = SimpleUploadedFile("formulaire.pdf", PDF, content_type="application/pdf")
    link = Link(service=service, group=group, label_fr="Le formulaire", document=document, position=2)
    link.full_clean()
    link.save()
    assert link.document_size == len(PDF)
    publish(service)
    html = page_html(client, service)
    listing = html[html.index('<section class="links"') :]
    listing = listing[: listing.index("</section>")]
    assert "<h3" not in listing  # the group has no heading of its own
    assert (
        f'<a href="/media/{link.document.name}">Le formulaire</a> <span class="document-format">(PDF, {filesizeformat(len(PDF))})</span>'
        in listing
    )
    assert '<a href="https://example.org/">Le site</a>' in listing


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "url"),
        ({"url": "https://example.org/", "document": SimpleUploadedFile("a.pdf", PDF)}, "url"),
        ({"document": SimpleUploadedFile("a.exe", PDF)}, "document"),
        ({"document": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")}, "document"),
    ],
)
def test_a_link_has_an_address_or_a_document_of_an_accepted_kind(service, fields, error):
    group = LinkGroup.objects.create(service=service, section=section(service, "links"))
    link = Link(service=service, group=group, label_fr="Lien", **fields)
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert error in refused.value.message_dict


def test_a_contact_that_is_only_a_link_is_a_link_under_its_label(client, service):
    contacts = section(service, "contact", heading_fr="Nous écrire")
    ContactPoint.objects.create(service=service, section=contacts, label_fr="Formulaire de contact", url="https://example.org/contact")
    publish(service)
    html = page_html(client, service)
    block = html[html.index('<section class="contact"') :]
    block = block[: block.index("</section>")]
    assert '<a href="https://example.org/contact"><span>Formulaire de contact</span></a>' in block
    assert "<address>" not in block and "vcf" not in block


def test_a_contact_point_with_an_address_needs_its_country_and_a_link_needs_a_label(service):
    contacts = section(service, "contact")
    with pytest.raises(ValidationError) as refused:
        ContactPoint(service=service, section=contacts, street="Rue 1").full_clean()
    assert "country_code" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        ContactPoint(service=service, section=contacts, url="https://example.org/").full_clean()
    assert "label_fr" in refused.value.message_dict


def test_two_images_with_one_caption(client, service):
    images = Section.objects.create(service=service, kind=Section.Kind.IMAGES, position=2, body_fr="La remise du prix, en 2019.")
    for position, alt in enumerate(("La salle", "Les lauréats"), start=1):
        upload = SimpleUploadedFile(f"photo{position}.jpg", encode(picture(), "JPEG"), content_type="image/jpeg")
        item = Picture(service=service, section=images, image=upload, image_alt_fr=alt, position=position)
        item.full_clean()
        item.save()
    publish(service)
    html = page_html(client, service)
    figure = html[html.index('<figure class="images">') :]
    figure = figure[: figure.index("</figure>")]
    assert figure.count("<picture>") == 2
    assert 'alt="La salle"' in figure and 'alt="Les lauréats"' in figure
    assert "<figcaption><p>La remise du prix, en 2019.</p></figcaption>" in figure
    assert 'sizes="(min-width: 48rem) 23rem, 50vw"' in figure


def test_a_picture_needs_its_image_and_its_description(service):
    images = Section.objects.create(service=service, kind=Section.Kind.IMAGES, position=2)
    with pytest.raises(ValidationError) as refused:
        Picture(service=service, section=images).full_clean()
    assert "image" in refused.value.message_dict


def test_text_is_shown_as_typed_odd_apostrophes_stray_braces_numbering_typed_as_text(client, db):
    """French typography applies to French text only; what editors type otherwise reaches the page unchanged."""
    typed = "1.To protect the embassy´s staff: see {{ the }} rules } and Beograd, Beogràd!"
    service = Service(source_language="en", name_en="Security", slug_en="security")
    service.save()
    Section.objects.create(service=service, kind=Section.Kind.TEXT, position=1, body_en=typed)
    publish(service)
    response = client.get("/en/security/")
    assert response.status_code == 200
    assert f"<p>{typed}</p>" in response.content.decode()


def test_a_text_has_sub_headings_under_its_sections_heading_never_the_pages_own():
    from security_service.rich_text import render

    assert render("### Legal basis\n\nThe law.") == "<h3>Legal basis</h3>\n<p>The law.</p>"
    assert render("# Title\n\n## Part") == "Title\nPart"  # h1 and h2 are the page's and the sections'
