"""Small factories for tests (and `make bench`): content grown or added in bulk, then published."""

from security_service.models import ContactPoint, Link, LinkGroup, Mission, PhoneNumber, StaffRole
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
