"""A contact point as a vCard 3.0 (RFC 2426), the version every phone's address book imports."""

import datetime
import re

from .models import format_e164, postal_code_as_posted

LINE_OCTETS = 75  # longest line, without its CRLF; longer ones are folded (RFC 2426, 2.6)


# Every line break Python knows (str.splitlines), CRLF as one: each becomes the vCard's \n, none breaks the line.
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Other control characters have no place in a vCard's text: dropped.
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


def escape(value):
    """A text value with its special characters escaped: backslash, comma, semicolon, any line break."""
    value = (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return LINE_BREAK.sub("\\\\n", CONTROL.sub("", value))


def fold(line):
    """`line` cut into lines of at most 75 octets, continued by a space, never inside a UTF-8 character."""
    lines, current, size = [], "", 0
    for character in line:
        octets = len(character.encode())
        if size + octets > LINE_OCTETS:
            lines.append(current)
            current, size = " ", 1
        current += character
        size += octets
    lines.append(current)
    return "\r\n".join(lines)


def vcard(service, contact, url, revised=None):
    """The vCard of `contact`, a contact point of `service` (objects of a Page, in the current language)."""
    name = contact.text["label"] or service.text["name"]
    organisation = [contact.text["organisation"], service.text["name"]] if contact.text["organisation"] else [service.text["name"]]
    properties = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape(name)}",
        # An organisation, not a person: no personal name; Apple's address book then shows the organisation.
        "N:;;;;",
        "X-ABShowAs:COMPANY",
        "ORG:" + ";".join(escape(part) for part in organisation),
    ]
    text = contact.text
    if text["street"] or text["city"] or contact.postal_code:
        # Post office box; extended address; street; locality; region; postal code; country.
        parts = ("", "", text["street"], text["city"], text["region"], postal_code_as_posted(contact.postal_code), text["country"])
        properties.append("ADR;TYPE=WORK:" + ";".join(escape(part) for part in parts))
    properties += [f"TEL;TYPE=WORK,VOICE:{phone.e164}" for phone in contact.phone_list]
    if contact.fax:
        properties.append(f"TEL;TYPE=WORK,FAX:{format_e164(contact.fax)}")
    if contact.email:
        properties.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(contact.email)}")
    properties.append(f"URL:{url}")
    if isinstance(revised, datetime.datetime):
        properties.append(f"REV:{revised.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}")
    elif revised:
        properties.append(f"REV:{revised:%Y-%m-%d}")  # a day without a time (RFC 2426, 3.6.4: a date or a date-time)
    properties.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in properties)
