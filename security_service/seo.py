"""What search engines and social networks read: the sitemap, robots.txt, and the structured data of a service page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .models import AccessibilityStatement, Publication, postal_code_as_posted
from .pages import Page

# Open Graph locales (language_TERRITORY) of the site's languages.
OG_LOCALES = {"fr": "fr_FR", "sr-latn": "sr_RS", "sr": "sr_RS", "en": "en_GB"}


class SiteSitemap(Sitemap):
    """Pages in each of the site's languages, at the site's public address, with their alternates."""

    i18n = True
    alternates = True
    # Django's x-default drops the language prefix, an address this site does not serve: the template adds French.
    x_default = False

    def __init__(self):
        # The site's public address, as the pages' canonical and hreflang links use, not the sites framework's domain.
        address = urlsplit(settings.SITE_URL)
        self.protocol, self.domain = address.scheme, address.netloc

    def get_domain(self, site=None):
        return self.domain


class SitePagesSitemap(SiteSitemap):
    """The site's own pages in every language: the list of services, the accessibility statement and the site map."""

    def items(self):
        self.statement = AccessibilityStatement.objects.current()
        return ["security_service:service_list", "security_service:accessibility", "security_service:site_map"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.statement.updated_at if name == "security_service:accessibility" and self.statement else None


class ServiceSitemap(SiteSitemap):
    """Every published service in each language it is written in, with its alternates and its last published change."""

    def items(self):
        publications = list(Publication.objects.live())
        self.languages_of = {
            publication.pk: publication.snapshot.get("languages") or Page.from_publication(publication).languages
            for publication in publications
        }
        return publications

    def get_languages_for_item(self, publication):
        return self.languages_of[publication.pk]

    def location(self, publication):
        return publication.get_absolute_url()

    def lastmod(self, publication):
        return publication.modified_on  # the day: what visitors read, known for every page


@csrf_exempt  # read only: other methods get 405, not a CSRF 403
@require_safe
def sitemap(request):
    return sitemap_view(request, {"pages": SitePagesSitemap(), "services": ServiceSitemap()}, template_name="sitemap.xml")


def languages_served(codes):
    """schema.org Language objects for the languages of `codes`, one per language whatever its script."""
    served = []
    for code in codes:
        base = code.split("-")[0]
        if base not in [language["alternateName"] for language in served]:
            # Django's name of a language is its English name, whatever language is active.
            served.append({"@type": "Language", "name": translation.get_language_info(base)["name"], "alternateName": base})
    return served


def structured_data(page, url):
    """The service as a schema.org GovernmentOrganization (JSON-LD data): its directorate, address and contact points.

    `page` is a pages.Page: its objects' texts as shown (`text`) and phone numbers as dialled are worked out already.
    """
    service = page.service
    data = {"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": service.text["name"], "url": url}
    if service.acronym:
        data["alternateName"] = service.acronym
    if service.text["seo_description"]:
        data["description"] = service.text["seo_description"]
    if page.directorate:
        directorate = page.directorate
        parent = {"@type": "GovernmentOrganization", "name": directorate.text["name"]}
        if directorate.acronym:
            parent["alternateName"] = directorate.acronym
        if directorate.website:
            parent["url"] = directorate.website
        data["parentOrganization"] = parent
    if page.share_image:
        data["image"] = absolute(url, default_storage.url(page.share_image))
    contacts = page.contact_points
    with_address = [contact for contact in contacts if contact.text["street"] or contact.text["city"]]
    if with_address:
        data["address"] = postal_address(with_address[0])
    if contacts:
        available = languages_served(page.languages)
        data["contactPoint"] = [contact_point(contact, available) for contact in contacts]
    return data


def postal_address(contact):
    fields = {
        "streetAddress": contact.text["street"],
        "postalCode": postal_code_as_posted(contact.postal_code),
        "addressLocality": contact.text["city"],
        "addressRegion": contact.text["region"],
        "addressCountry": contact.country_code,
    }
    return {"@type": "PostalAddress", **{name: value for name, value in fields.items() if value}}


def contact_point(contact, available_languages):
    point = {"@type": "ContactPoint"}
    if contact.text["label"]:
        point["name"] = contact.text["label"]
    if contact.phone_list:
        point["telephone"] = contact.phone_list[0].dial
    if contact.fax:
        point["faxNumber"] = contact.fax_dial
    if contact.email:
        point["email"] = contact.email
    if contact.url.startswith(("http://", "https://")):
        point["url"] = contact.url
    point["availableLanguage"] = available_languages
    return point


def absolute(page_url, path):
    """`path` (a URL of this site, or already absolute) as an absolute URL on the host of `page_url`."""
    if "://" in path:
        return path
    scheme_and_host = page_url.split("/", 3)[:3]
    return "/".join(scheme_and_host) + path


def og_locale(language):
    return OG_LOCALES.get(language, settings.LANGUAGE_CODE)
