"""A service page as visitors read it in the current language, built from a snapshot (a publication's, or the draft's)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Publication, Service, StaffRole
from .page_texts import has_text_in, prepare_texts, rendered_fields
from .snapshots import changes, instances, take_snapshot


@dataclass
class Page:
    """Everything a service page shows."""

    service: Service
    directorate: Directorate | None
    roles: list = field(default_factory=list)
    missions: list = field(default_factory=list)
    link_groups: list = field(default_factory=list)
    contact_points: list = field(default_factory=list)
    last_modified: object = None
    languages: list = field(default_factory=list)

    @classmethod
    def from_snapshot(cls, snapshot, last_modified=None):
        language = translation.get_language()
        found = defaultdict(list)
        for obj in instances(snapshot):
            # Snapshots taken before their HTML was stored (format 1) are rendered here.
            rendered = obj.rendered if obj.rendered is not None else rendered_fields(obj)
            for name, html in rendered.items():
                setattr(obj, f"{name}_html", mark_safe(html.get(language, "")))  # noqa: S308 - sanitised when the snapshot was taken
            found[type(obj)].append(obj)

        def ordered(model):
            return sorted(found[model], key=lambda obj: (obj.position, obj.pk))

        links, phones = defaultdict(list), defaultdict(list)
        for link in ordered(Link):
            links[link.group_id].append(link)
        for phone in ordered(PhoneNumber):
            phones[phone.contact_point_id].append(phone)
        groups = ordered(LinkGroup)
        for group in groups:
            group.link_list = links[group.pk]
        contact_points = ordered(ContactPoint)
        for contact in contact_points:
            contact.phone_list = phones[contact.pk]
        page = cls(
            service=found[Service][0],
            directorate=found[Directorate][0] if found[Directorate] else None,
            roles=ordered(StaffRole),
            missions=ordered(Mission),
            link_groups=[group for group in groups if group.link_list],
            contact_points=contact_points,
            last_modified=last_modified,
        )
        objects = list(page.objects())
        page.languages = snapshot.get("languages") or [code for code, _name in settings.LANGUAGES if has_text_in(objects, code)]
        for obj in objects:
            prepare_texts(obj, language)
        return page

    @classmethod
    def from_publication(cls, publication):
        return cls.from_snapshot(publication.snapshot, publication.last_modified)

    @classmethod
    def draft(cls, service):
        """The page as it would be published now: its date moves only if something changed."""
        snapshot = take_snapshot(service)
        publication = Publication.objects.filter(service=service).first()
        unchanged = publication is not None and not changes(publication.snapshot, snapshot)
        return cls.from_snapshot(snapshot, publication.last_modified if unchanged else timezone.now())

    @property
    def role_sections(self):
        return [role for role in self.roles if role.description]

    def objects(self):
        yield self.service
        if self.directorate:
            yield self.directorate
        yield from self.roles
        yield from self.missions
        for group in self.link_groups:
            yield group
            yield from group.link_list
        for contact in self.contact_points:
            yield contact
            yield from contact.phone_list
