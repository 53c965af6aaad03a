from modeltranslation.translator import TranslationOptions, register

from .models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole


@register(Directorate)
class DirectorateTranslation(TranslationOptions):
    fields = ("name", "section_heading", "body")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "slug", "intro", "notice", "jurisdiction", "missions_heading", "image_alt", "image_caption", "seo_description")
    required_languages = {"fr": ("name", "slug", "intro")}


@register(StaffRole)
class StaffRoleTranslation(TranslationOptions):
    fields = ("title", "abbreviation", "description")
    required_languages = {"fr": ("title",)}


@register(Mission)
class MissionTranslation(TranslationOptions):
    fields = ("heading", "body")
    required_languages = {"fr": ("body",)}


@register(LinkGroup)
class LinkGroupTranslation(TranslationOptions):
    fields = ("heading",)
    required_languages = {"fr": ("heading",)}


@register(Link)
class LinkTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = {"fr": ("label",)}


@register(ContactPoint)
class ContactPointTranslation(TranslationOptions):
    fields = ("label", "organisation", "city", "country", "opening_hours")


@register(PhoneNumber)
class PhoneNumberTranslation(TranslationOptions):
    fields = ("note",)
