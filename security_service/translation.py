import reversion
from modeltranslation.translator import TranslationOptions, register

from .models import (
    PART_ACCESSORS,
    PART_MODELS,
    AccessibilityStatement,
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Picture,
    Publication,
    Section,
    Service,
    StaffRole,
)


@register(Directorate)
class DirectorateTranslation(TranslationOptions):
    fields = ("name", "body")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "slug", "image_alt", "image_caption", "seo_description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("heading", "body")


@register(StaffRole)
class StaffRoleTranslation(TranslationOptions):
    fields = ("title", "abbreviation", "description", "held_by")


@register(Mission)
class MissionTranslation(TranslationOptions):
    fields = ("heading", "body", "image_alt", "image_caption")


@register(LinkGroup)
class LinkGroupTranslation(TranslationOptions):
    fields = ("heading",)


@register(Link)
class LinkTranslation(TranslationOptions):
    fields = ("label",)


@register(ContactPoint)
class ContactPointTranslation(TranslationOptions):
    fields = ("label", "organisation", "street", "city", "region", "country", "opening_hours")


@register(PhoneNumber)
class PhoneNumberTranslation(TranslationOptions):
    fields = ("note",)


@register(Picture)
class PictureTranslation(TranslationOptions):
    fields = ("image_alt", "image_caption")


@register(AccessibilityStatement)
class AccessibilityStatementTranslation(TranslationOptions):
    fields = ("body",)


@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = ("slug",)


# Versions are registered here, once the translated fields exist: django-reversion stores the fields a model has
# when it is registered. Every version of a service holds its parts, so restoring it brings back a deleted mission.
reversion.register(Service, follow=PART_ACCESSORS)
for part in PART_MODELS:
    reversion.register(part)
