"""The parts of the layout every public page shares: footer, breadcrumb, canonical address, sharing and search data."""

import json

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import seo
from ..languages import fixed_addresses, fixed_url, main_site_url
from ..models import AccessibilityStatement

register = template.Library()

# What could end the script element or start markup inside it, written as JSON escapes instead.
SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


@register.simple_tag(name="fixed_url")
def fixed_url_tag(name, *args):
    """{% url %} for addresses the configuration alone decides: the footer's, the language switch's."""
    return fixed_url(name, *args)


@register.simple_tag
def static_file(path):
    """{% static %}, the hashed name of a static file looked up once."""
    key = ("static", path)
    try:
        return fixed_addresses[key]
    except KeyError:
        address = fixed_addresses[key] = staticfiles_storage.url(path)
        return address


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context, with_status=True):
    """The footer, with the accessibility status the view already read, else read now (unless `with_status` is False)."""
    status = context.get("accessibility_status")
    if status is None and with_status:
        statement = AccessibilityStatement.objects.current()
        status = statement.status if statement else AccessibilityStatement.Status.NON_COMPLIANT
    return {
        "footer_label": AccessibilityStatement.Status(status).footer_label if status else "",
        "legal_notice_url": main_site_url("LEGAL_NOTICE_URL"),
        "personal_data_url": main_site_url("PERSONAL_DATA_URL"),
        "LANGUAGE_CODE": translation.get_language(),
    }


@register.inclusion_tag("includes/breadcrumb.html")
def breadcrumb(current, current_lang="", in_services=True):
    """Home > Embassy > Services > `current`; without the Services step for pages outside the services."""
    return {
        "home_url": main_site_url("EMBASSY_HOME_URL"),
        "embassy_url": main_site_url("EMBASSY_SECTION_URL"),
        "services_url": fixed_url("security_service:service_list") if in_services else "",
        "current": current,
        "current_lang": current_lang,
    }


@register.simple_tag(takes_context=True)
def canonical_url(context, alternates):
    """The absolute address of this page in the current language, when the page has one."""
    current = translation.get_language()
    for alternate in alternates or ():
        if alternate.code == current:
            return context.get("site_url", "") + alternate.url
    return ""


@register.simple_tag
def og_locale():
    return seo.og_locale(translation.get_language())


@register.simple_tag
def json_ld(page, url):
    """The service as JSON-LD, escaped so that no text of it can close the script element."""
    data = json.dumps(seo.structured_data(page, url), ensure_ascii=False, indent=None)
    for character, escape in SCRIPT_ESCAPES:  # str.replace: str.translate is slow on non-ASCII text
        data = data.replace(character, escape)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308 - escaped above
