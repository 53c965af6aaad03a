"""Content for the tests and for `python -m bench`: small services made to measure, lists grown to any length,
services by the hundred.

Every test of the database also has the Belgrade seed (loaded once for the session, see conftest.py); these are for
tests that need a service of their own, or one without the seed's particulars. The bench imports these too, so they
use only the models and `publish`, nothing else of the app.
"""

from security_service.models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Section, Service, StaffRole
from security_service.publishing import publish


def small_service(name="Section consulaire", slug="section-consulaire", published=False, intro=None, **fields):
    """A service with what a service needs, in French only (a name, an address, a text section), and no parts.

    Unpublished unless `published`; `fields` set the rest (`slug_en`, `position`…).
    """
    service = Service.objects.create(name_fr=name, slug_fr=slug, **fields)
    text = intro if intro is not None else f"{name} : présentation."
    Section.objects.create(service=service, kind=Section.Kind.TEXT, body_fr=text, position=1)
    if published:
        publish(service)
    return service


def text_section(service):
    """The first text section of the service's page: the introduction of the pages made here and of the seed."""
    return service.sections.filter(kind=Section.Kind.TEXT).order_by("position", "pk").first()


def section(service, kind, **fields):
    """The service's first section of `kind`, added at the end of its page if it has none."""
    found = service.sections.filter(kind=kind).first()
    if found is None:
        last = service.sections.order_by("-position").values_list("position", flat=True).first() or 0
        found = Section.objects.create(service=service, kind=kind, position=last + 1, **fields)
    return found


def small_page(name="Section consulaire", slug="section-consulaire", published=False, **fields):
    """A service with one section of each kind that lists items (a head, a mission, a group with a link, a contact
    point with a phone number) and its directorate. In French only; unpublished unless `published`."""
    directorate = Directorate.objects.create(name_fr="Direction", body_fr="Texte.")
    service = small_service(name, slug, **fields)
    StaffRole.objects.create(service=service, section=section(service, "roles"), title_fr="Chef de section", is_head=True)
    Mission.objects.create(service=service, section=section(service, "missions", default_heading=True), body_fr="Délivrer les visas.")
    section(service, "directorate", heading_fr="Une direction", directorate=directorate)
    group = LinkGroup.objects.create(service=service, section=section(service, "links", default_heading=True), heading_fr="Liens")
    Link.objects.create(service=service, group=group, label_fr="Service public", url="https://www.service-public.fr/")
    contact = ContactPoint.objects.create(
        service=service,
        section=section(service, "contact", default_heading=True),
        street="Pariska 11",
        city_fr="Belgrade",
        country_code="RS",
    )
    PhoneNumber.objects.create(service=service, contact_point=contact, number="+381113023569")
    if published:
        publish(service)
    return service


def grow(service, count):
    """Give the service `count` more items in every list, and publish it."""
    group, contact = service.link_groups.first(), service.contact_points.first()
    roles, missions = section(service, "roles"), section(service, "missions")
    links, contacts = section(service, "links"), section(service, "contact")
    StaffRole.objects.bulk_create(
        StaffRole(service=service, section=roles, title_fr=f"Rôle {n}", description_fr=f"Texte {n}.") for n in range(count)
    )
    Mission.objects.bulk_create(Mission(service=service, section=missions, body_fr=f"Mission {n}.", position=n) for n in range(count))
    LinkGroup.objects.bulk_create(LinkGroup(service=service, section=links, heading_fr=f"Groupe {n}") for n in range(count))
    Link.objects.bulk_create(Link(service=service, group=group, label_fr=f"Lien {n}", url=f"https://example.org/{n}") for n in range(count))
    ContactPoint.objects.bulk_create(
        ContactPoint(service=service, section=contacts, label_fr=f"Guichet {n}", country_code="RS") for n in range(count)
    )
    PhoneNumber.objects.bulk_create(PhoneNumber(service=service, contact_point=contact, number="+381113023569") for _ in range(count))
    publish(service)


def publish_services(count, start=0):
    """Create `count` services (numbered from `start`), each with a mission, and publish each one as an editor would."""
    services = Service.objects.bulk_create(
        Service(
            name_fr=f"Service {n}",
            name_sr_latn=f"Služba {n}",
            name_en=f"Service {n}",
            slug_fr=f"service-{n}",
            slug_sr_latn=f"sluzba-{n}",
            slug_en=f"service-{n}-en",
            position=n,
        )
        for n in range(start, start + count)
    )
    Section.objects.bulk_create(
        Section(
            service=service,
            kind=Section.Kind.TEXT,
            position=1,
            body_fr=f"Le service {service.position} en quelques mots.",
            body_sr_latn=f"Služba {service.position} u nekoliko reči.",
            body_en=f"Service {service.position} in a few words.",
        )
        for service in services
    )
    missions = Section.objects.bulk_create(Section(service=service, kind=Section.Kind.MISSIONS, position=2) for service in services)
    Mission.objects.bulk_create(
        Mission(service=service, section=section, body_fr=f"Mission du service {service.position}.")
        for service, section in zip(services, missions, strict=True)
    )
    for service in services:
        publish(service)
    return services
