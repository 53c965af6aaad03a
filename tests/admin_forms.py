"""The service's page form in the admin, as a browser reads and posts it: sections holding their items, groups their
links, contact points their phone numbers (nested form sets named `sections-4-link_groups-1-links-0-label_fr`).

Tests read the rendered form (`change_form`, `add_form`), change what they test and post it back (`save`). They name a
field the short way, by what it is on the page (`page_field(data, "links-1-label_en")`: the second link of the page,
whatever group and section hold it), and add a form to a form set with `add_to`.
"""

import re

from .html import form_data, visible_text

CHANGE_URL = "/admin/security_service/service/{pk}/change/"
ADD_URL = "/admin/security_service/service/add/"


def change_form(client, service):
    """The address of the service's change form and the data its browser would post unchanged."""
    url = CHANGE_URL.format(pk=service.pk)
    return url, read_form(client, url)


def add_form(client):
    return ADD_URL, read_form(client, ADD_URL)


def read_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), "service_form")


def save(client, url, data, publish=True):
    """Post the form with "Save and publish" (or plain "Save", which keeps a draft); the response, a redirect."""
    response = client.post(url, {**data, "_publish": "1"} if publish else data)
    assert response.status_code == 302, visible_text(response.content.decode())[:3000]
    return response


def is_template(name):
    """Whether `name` belongs to the hidden forms the page's script copies to add a part (not posted as parts)."""
    return "__prefix__" in name or "-empty-" in name


def form_prefixes(data, accessor):
    """The prefixes of the forms of `accessor` ("missions", "links"…) in page order, whatever part holds them."""
    pattern = re.compile(rf"^((?:.+-)?{re.escape(accessor)}-\d+)-")
    found = {}
    for name in data:
        match = pattern.match(name)
        if match and not is_template(name):
            found.setdefault(match.group(1), None)
    return list(found)


def formset_prefixes(data, accessor):
    """The prefixes of the form sets of `accessor` in page order: one per section, group or contact point."""
    suffix = f"{accessor}-TOTAL_FORMS"
    return [name.removesuffix("-TOTAL_FORMS") for name in data if (name == suffix or name.endswith("-" + suffix)) and not is_template(name)]


def page_field(data, name):
    """The form's name of a field named the short way: "missions-0-body_fr" (the page's first mission, in whichever
    section it is), "phone_numbers-1-number", "missions-TOTAL_FORMS" (the first form set of missions), or a field of
    the service itself ("name_fr"), unchanged."""
    parts = name.split("-", 2)
    if len(parts) == 1:
        return name
    if len(parts) == 2:
        return f"{formset_prefixes(data, parts[0])[0]}-{parts[1]}"
    accessor, index, field = parts
    return f"{form_prefixes(data, accessor)[int(index)]}-{field}"


def page_fields(data, fields):
    """`fields` ({short name: value}) with the form's names."""
    return {page_field(data, name): value for name, value in fields.items()}


def section_prefix(data, kind, number=0):
    """The prefix of the page's `number`-th section of `kind` ("sections-4")."""
    return [prefix for prefix in form_prefixes(data, "sections") if data.get(f"{prefix}-kind") == kind][number]


def add_to(data, formset, **fields):
    """Add a form to the form set `formset` ("sections", "sections-4-link_groups-1-links") with `fields`, as the page's
    "Add another" does; its prefix, for the forms nested in it."""
    count = int(data.get(f"{formset}-TOTAL_FORMS", 0))
    data.setdefault(f"{formset}-INITIAL_FORMS", "0")
    data[f"{formset}-TOTAL_FORMS"] = str(count + 1)
    prefix = f"{formset}-{count}"
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return prefix
