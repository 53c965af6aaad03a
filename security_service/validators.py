"""Validators for what staff type into links, phone numbers and country codes."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

LINK_SCHEMES = ("http", "https", "mailto", "tel")


def parse_phone(value):
    """Parse an international number (+381 11 302 35 69); raise ValidationError if it is not a real one."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number in international form, starting with + and the country code, e.g. +381 11 302 35 69."),
            code="invalid_phone",
        )
    return number


def validate_phone(value):
    parse_phone(value)


def validate_link_url(value):
    scheme, _sep, rest = value.partition(":")
    scheme = scheme.lower()
    if scheme not in LINK_SCHEMES or not _sep:
        raise ValidationError(
            _("A link must start with https://, http://, mailto: or tel:."),
            code="invalid_scheme",
        )
    if scheme in ("http", "https"):
        URLValidator(schemes=["http", "https"], message=_("Enter a valid web address, e.g. https://www.example.org/."))(value)
    elif scheme == "mailto":
        try:
            validate_email(rest.split("?", 1)[0])
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address after mailto:."), code="invalid_mailto") from None
    else:
        parse_phone(rest)


def validate_country_code(value):
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(
            _("Enter the two-letter ISO code of the country, in capitals, e.g. RS, FR or GB."),
            code="invalid_country",
        )


# Documents a link may download, by extension, and how each kind of file begins (its signature).
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_HELP = _("PDF, ODT, ODS, DOCX or XLSX, at most 20 MB.")


def validate_document(file):
    """A document is one of the accepted kinds, begins as that kind of file does, and is not too large."""
    name = getattr(file, "name", "") or ""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    signatures = DOCUMENT_SIGNATURES.get(suffix)
    if signatures is None:
        raise ValidationError(_("Choose a PDF, ODT, ODS, DOCX or XLSX document."), code="invalid_document_type")
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The document is larger than 20 MB."), code="document_too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    start = file.read(8)
    file.seek(position)
    if not start.startswith(signatures):
        raise ValidationError(_("This file is not the kind of document its name says."), code="invalid_document")
