"""Content for the tests and for `python -m bench`: small services made to measure, lists grown to any length,
services by the hundred.

Every test of the database also has the Belgrade seed (loaded once for the session, see conftest.py); these are for
tests that need a service of their own, or one without the seed's particulars. The bench imports these too, so they
use only the models and `publish`, nothing else of the app.
"""

from security_service.models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole
from security_service.publishing import publish


def small_service(name="Section consulaire", slug="section-consulaire", published=False, **fields):
    """A service with what a service needs, in French only (a name, an address, an introduction), and no parts.

    Unpublished unless `published`; `fields` set the rest (`slug_en`, `position`…).
    """
    service = Service.objects.create(name_fr=name, slug_fr=slug, **{"intro_fr": f"{name} : présentation.", **fields})
    if published:
        publish(service)
    return service


def small_page(name="Section consulaire", slug="section-consulaire", published=False, **fields):
    """A service with one of each part of a page: its directorate, a head, a mission, a group with a link, and a contact
    point with a phone number. In French only; unpublished unless `published`."""
    directorate = Directorate.objects.create(name_fr="Direction", section_heading_fr="Une direction", body_fr="Texte.")
    service = small_service(name, slug, directorate=directorate, **fields)
    StaffRole.objects.create(service=service, title_fr="Chef de section", is_head=True)
    Mission.objects.create(service=service, body_fr="Délivrer les visas.")
    group = LinkGroup.objects.create(service=service, heading_fr="Liens")
    Link.objects.create(service=service, group=group, label_fr="Service public", url="https://www.service-public.fr/")
    contact = ContactPoint.objects.create(service=service, street="Pariska 11", city_fr="Belgrade", country_code="RS")
    PhoneNumber.objects.create(service=service, contact_point=contact, number="+381113023569")
    if published:
        publish(service)
    return service


def grow(service, count):
    """Give the service `count` more items in every list, and publish it."""
    group, contact = service.link_groups.first(), service.contact_points.first()
    StaffRole.objects.bulk_create(StaffRole(service=service, title_fr=f"Rôle {n}", description_fr=f"Texte {n}.") for n in range(count))
    Mission.objects.bulk_create(Mission(service=service, body_fr=f"Mission {n}.", position=n) for n in range(count))
    LinkGroup.objects.bulk_create(LinkGroup(service=service, heading_fr=f"Groupe {n}") for n in range(count))
    Link.objects.bulk_create(Link(service=service, group=group, label_fr=f"Lien {n}", url=f"https://example.org/{n}") for n in range(count))
    ContactPoint.objects.bulk_create(ContactPoint(service=service, label_fr=f"Guichet {n}", country_code="RS") for n in range(count))
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
            intro_fr=f"Le service {n} en quelques mots.",
            intro_sr_latn=f"Služba {n} u nekoliko reči.",
            intro_en=f"Service {n} in a few words.",
            position=n,
        )
        for n in range(start, start + count)
    )
    Mission.objects.bulk_create(Mission(service=service, body_fr=f"Mission du service {service.position}.") for service in services)
    for service in services:
        publish(service)
    return services
