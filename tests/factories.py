"""Content in quantity, for the tests and for `python -m bench`: lists grown to any length, services by the hundred.

The bench imports these too, so they use only the models and `publish`, nothing else of the app.
"""

from security_service.models import ContactPoint, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole
from security_service.publishing import publish


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
