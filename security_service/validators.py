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
