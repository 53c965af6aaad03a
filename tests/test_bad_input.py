"""Malicious and malformed values typed into the real admin change form of the service, then published.

Each case changes one field of the form as the browser would post it (with "Save and publish"), named the short way
("missions-0-body_fr": the page's first mission, tests/admin_forms.py); the value is
either refused with a form error, nothing saved, or stored, published and shown inert on every public page:
no script, no event handler, no style attribute, no frame, no javascript:/data:/vbscript: address.

To stay fast, the editor is logged in through /admin/login/ and the change form of the seed's service (loaded once
for the session) read once for the module; each case runs in a savepoint rolled back after it, so every case meets the same page and form.
"""

import io
import json
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image, PngImagePlugin

from security_service.models import ContactPoint, Link, LinkGroup, Mission, PhoneNumber, Publication, Section, Service, StaffRole
from security_service.snapshots import content, take_snapshot

from .admin_forms import page_field, page_fields
from .conftest import PASSWORD, seeded_service
from .html import form_data, visible_text

pytestmark = pytest.mark.django_db

INLINES = {
    "sections": Section,
    "roles": StaffRole,
    "missions": Mission,
    "link_groups": LinkGroup,
    "links": Link,
    "contact_points": ContactPoint,
    "phone_numbers": PhoneNumber,
}

# Fields shown through Markdown (sanitised) and fields shown as plain text (escaped), in several languages.
MARKDOWN_FIELDS = [
    "sections-0-body_fr",
    "sections-0-body_en",
    "sections-0-body_sr_latn",
    "missions-0-body_fr",
    "missions-0-body_sr_latn",
    "missions-0-body_en",
    "roles-0-description_fr",
    "roles-0-description_en",
    "sections-2-body_fr",
    "contact_points-0-opening_hours_fr",
    "contact_points-0-opening_hours_sr_latn",
]
TEXT_FIELDS = [
    "name_fr",
    "name_en",
    "name_sr_latn",
    "sections-2-heading_fr",
    "seo_description_fr",
    "seo_description_en",
    "roles-0-title_fr",
    "roles-0-title_sr_latn",
    "missions-0-heading_fr",
    "links-0-label_fr",
    "links-1-label_en",
    "link_groups-1-heading_en",
    "contact_points-0-organisation_fr",
    "contact_points-0-label_en",
    "contact_points-0-street_sr_latn",
    "contact_points-0-city_sr_latn",
    "contact_points-0-region_fr",
    "contact_points-0-country_en",
    "phone_numbers-0-note_fr",
]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    content_type: str = "image/jpeg"

    def file(self):
        return SimpleUploadedFile(self.name, self.data, self.content_type)


@dataclass(frozen=True)
class Case:
    field: str
    value: object  # a str, or an Upload for the image fields
    extra: dict = field(default_factory=dict)  # what must go with it: the alternative text of an image


# Script, event handlers, dangerous addresses, breaking out of attributes, of <title> and of the JSON-LD block.
XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">hover</div>',
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:/">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<abbr title="&quot; onmouseover=alert(1) x=&quot;">SSI</abbr>',
    '<a href="https://example.org/" onclick="alert(1)" style="color:red">ok</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<javascript:alert(1)>",
    "{{ settings.SECRET_KEY }} {% debug %} ${7*7} #{7*7}",
    "<a href='javascript&colon;alert(1)'>x</a>",
]

# Links written in Markdown (and one in HTML inside Markdown): only http(s), mailto and tel may remain.
MARKDOWN_LINKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](&#x6A;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](javascript&colon;alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://example.org/ "\\" onmouseover=\\"alert(1)")',
    "[x](<javascript:alert(1)>)",
    "[x](javascript://%0Aalert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](\njavascript:alert(1))",
    '<a href="javascript:alert(1)">[md](https://example.org/)</a>',
    "- <img src=x onerror=alert(1)>\n- [y](vbscript:x)",
]

SQL = [
    "'; DROP TABLE security_service_service; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(10)--",
    "Robert'); DROP TABLE auth_user;--",
    "' UNION SELECT username, password FROM auth_user --",
    "\\'; DELETE FROM auth_user; --",
    "$$; DROP TABLE django_session; $$",
    "');COPY (SELECT '') TO PROGRAM 'id'--",
]
SQL_ELSEWHERE = [
    Case("position", "1 OR 1=1"),
    Case("contact_points-0-email", "x@example.org' OR '1'='1"),
    Case("slug_en", "x'; DROP TABLE security_service_publication; --"),
]

# Control characters and invisible or direction-changing characters; NUL is refused wherever it is typed.
CONTROL = [
    Case("name_fr", "Service\x00 de sécurité"),
    Case("sections-0-body_en", "An introduction.\x00<script>alert(1)</script>"),
    Case("links-0-url", "https://example.org/\x00"),
    Case("contact_points-0-email", "a\x00@example.org"),
    Case("contact_points-0-country_code", "R\x00"),
    Case("phone_numbers-0-number", "+381 11 302\x00 35 69"),
    Case("slug_fr", "service\x00"),
    Case("name_en", "Internal \x1b[31mSecurity\x1b[0m Service"),
    Case("sections-0-body_fr", "Texte \x01\x02\x03\x04\x05\x06\x07\x08 et \x0b\x0c\x0e\x0f\x1f\x7f fin."),
    Case("roles-0-title_fr", "L’attaché\r\nde sécurité\rintérieure"),
    Case("missions-0-heading_fr", "Missions\x85\u2028\u2029 du service"),
    Case("name_fr", "\u202eeruoirétni étirucés ed ecivreS"),
    Case("links-0-label_fr", "\u202egro.elpmaxe//:sptth"),
    Case("sections-0-body_sr_latn", "Uvod \u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u061c\u200e\u200f tekst."),
    Case("seo_description_fr", "Description\u200b\u200c\u200d\ufeff invisible."),
    Case("acronym", "S\u0405I"),  # a Cyrillic S among Latin letters
    Case("missions-0-body_fr", "😀 \U0001d54f \U000e0041\U000e0042 \ufffd \uffff Z\u0351\u0334\u0358a\u0364\u0337l\u0489g\u0335o"),
    Case("phone_numbers-0-note_fr", "\u202estandard"),
]

EMAILS = [
    "not-an-email",
    "a@b",
    "@example.org",
    "a@example..org",
    "a@example.org\nBcc: victim@example.org",
    "a@example.org<script>alert(1)</script>",
    "javascript:alert(1)//@example.org",
    "x" * 65 + "@example.org",
    '"<script>alert(1)</script>"@example.org',
    '"onmouseover=alert(1)"@example.org',
    "user@exämple.org",
    "mailto:a@example.org",
]

PHONES = [
    Case("phone_numbers-0-number", "0113023569"),
    Case("phone_numbers-0-number", "+999 123 456 789"),
    Case("phone_numbers-0-number", "++381113023569"),
    Case("phone_numbers-0-number", "+381 11 302 35 69 <script>alert(1)</script>"),
    Case("phone_numbers-0-number", "javascript:alert(1)"),
    Case("phone_numbers-0-number", "+３８１ １１ ３０２ ３５ ６９"),
    Case("phone_numbers-0-display", "011/999 99 99"),
    Case("phone_numbers-0-display", "<script>alert(1)</script>"),
    Case("phone_numbers-0-display", "011/302 35 69 <b onmouseover=alert(1)>x</b>"),
    Case("phone_numbers-0-display", "٠١١/٣٠٢ ٣٥ ٦٩"),
    Case("contact_points-0-fax", "fax: none"),
    Case("contact_points-0-fax", "+1 555"),
]

COUNTRY_CODES = ["rs", "XX", "SRB", "UK", "EU", "<s", "R\u0405", "ＲＳ"]

OTHER_FIELDS = [
    Case("position", "-1"),
    Case("position", "99999999999999999999"),
    Case("position", "2147483648"),
    Case("position", "0x10"),
    Case("roles-0-position", "9223372036854775808"),
    Case("sections-0-starts_on", "2024-02-30"),
    Case("sections-0-starts_on", "99999-01-01"),
    Case("sections-0-ends_on", "<script>alert(1)</script>"),
    Case("sections-3-directorate", "99999"),
    Case("sections-0-kind", "script"),
    Case("loaded_version", "abc"),
    Case("missions-0-id", "99999"),
    Case("roles-0-id", "abc"),
    Case("links-0-group", "99999"),
    Case("phone_numbers-0-contact_point", "1 OR 1=1"),
    Case("missions-TOTAL_FORMS", "abc"),
    Case("missions-INITIAL_FORMS", "5"),
    Case("name_fr", "   "),
]

SLUGS = [
    Case("slug_fr", "../../etc/passwd"),
    Case("slug_en", "<script>alert(1)</script>"),
    Case("slug_fr", "javascript:alert(1)"),
    Case("slug_en", "slug-ünïcode"),
    Case("slug_fr", ""),
]


# Images: bombs (a small file claiming a huge size), wrong types whatever their name, broken and odd files.
def image_bytes(image_format, size=(320, 240), mode="RGB", **options):
    output = io.BytesIO()
    Image.new(mode, size, (0, 0, 145) if mode in ("RGB", "CMYK") else 90).save(output, format=image_format, **options)
    return output.getvalue()


def png_claiming(width, height):
    """A tiny PNG file whose header says it is width × height pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def jpeg_claiming(width, height):
    """A small baseline JPEG whose frame header says it is width × height pixels."""
    data = bytearray(image_bytes("JPEG", (16, 16)))
    start = data.index(b"\xff\xc0")  # SOF0: marker, length (2), precision (1), height (2), width (2)
    data[start + 5 : start + 7] = height.to_bytes(2, "big")
    data[start + 7 : start + 9] = width.to_bytes(2, "big")
    return bytes(data)


def png_with_bad_checksum():
    data = bytearray(image_bytes("PNG", (320, 240)))
    data[data.index(b"IDAT") + 10] ^= 0xFF
    return bytes(data)


def png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    return image_bytes("PNG", (320, 240), pnginfo=info)


def jpeg_with_script_metadata():
    exif = Image.Exif()
    exif[0x010E] = '"><script>alert(1)</script>'  # ImageDescription
    return image_bytes("JPEG", (320, 240), exif=exif.tobytes(), comment=b"<script>alert(1)</script>")


def zip_file():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return output.getvalue()


def animated_webp():
    frames = [Image.new("RGB", (320, 240), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    output = io.BytesIO()
    frames[0].save(output, format="WEBP", save_all=True, append_images=frames[1:], duration=100)
    return output.getvalue()


JPEG = image_bytes("JPEG")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
ALT = {"image_alt_fr": "La façade de l’ambassade"}
MISSION_ALT = {"missions-0-image_alt_fr": "Une réunion de travail"}

IMAGES = [
    # Refused: not an image, whatever the name says.
    Upload("photo.jpg", b"not an image at all"),
    Upload("empty.jpg", b""),
    Upload("page.png", b"<html><body><script>alert(1)</script></body></html>", "image/png"),
    Upload("drawing.svg", SVG, "image/svg+xml"),
    Upload("document.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"),
    Upload("program.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200),
    Upload("archive.jpg", zip_file()),
    Upload("truncated.jpg", JPEG[: len(JPEG) // 2]),
    Upload("checksum.png", png_with_bad_checksum(), "image/png"),
    # Refused: images in formats the site does not take.
    Upload("animation.gif", image_bytes("GIF", mode="P"), "image/gif"),
    Upload("bitmap.jpg", image_bytes("BMP")),
    Upload("scan.tiff", image_bytes("TIFF"), "image/tiff"),
    Upload("icon.png", image_bytes("ICO", (256, 256)), "image/png"),
    # Refused: decompression bombs and images too big or too small.
    Upload("bomb.png", png_claiming(30000, 30000), "image/png"),
    Upload("bomb.jpg", jpeg_claiming(65000, 65000)),
    Upload("huge.png", png_claiming(10000, 10000), "image/png"),
    Upload("wide.jpg", jpeg_claiming(12001, 200)),
    Upload("big.jpg", jpeg_claiming(7000, 6000)),
    Upload("heavy.jpg", JPEG + b"\x00" * (10 * 1024 * 1024)),
    Upload("dot.png", image_bytes("PNG", (1, 1)), "image/png"),
    Upload("x" * 150 + ".jpg", JPEG),
    # Stored, cleaned and renamed: real images with hostile names or metadata.
    Upload("../../../etc/passwd.jpg", JPEG),
    Upload('"><img src=x onerror=alert(1)>.jpg', JPEG),
    Upload("shell.php", JPEG, "application/x-php"),
    Upload("photo.jpg\x00.php", JPEG),
    Upload("polyglot.jpg", JPEG + b"<script>alert(1)</script>" + zip_file()),
    Upload("comment.png", png_with_text(), "image/png"),
    Upload("metadata.jpg", jpeg_with_script_metadata()),
    Upload("cmyk.jpg", image_bytes("JPEG", mode="CMYK")),
    Upload("moving.webp", animated_webp(), "image/webp"),
]
IMAGE_CASES = [
    *(Case("image", upload, ALT) for upload in IMAGES),
    Case("missions-0-image", Upload("bomb.png", png_claiming(30000, 30000), "image/png"), MISSION_ALT),
    # The alternative text and caption go into attributes and text around the image.
    Case("image", Upload("facade.jpg", JPEG), {"image_alt_fr": '" onerror="alert(1)" x="'}),
    Case("image", Upload("facade.jpg", JPEG), {**ALT, "image_caption_en": "<script>alert(1)</script>"}),
    Case("missions-0-image", Upload("m.jpg", JPEG), {"missions-0-image_alt_fr": "'><svg onload=alert(1)>"}),
]


def overlong_cases():
    """One character over each field's limit, for every limited field of the form (in one language each)."""
    fields = [
        ("name_fr", Service, "name"),
        ("acronym", Service, "acronym"),
        ("slug_en", Service, "slug"),
        ("sections-0-body_fr", Section, "body"),
        ("sections-2-heading_sr_latn", Section, "heading"),
        ("seo_description_fr", Service, "seo_description"),
        ("image_alt_fr", Service, "image_alt"),
        ("image_caption_en", Service, "image_caption"),
        ("roles-0-title_fr", StaffRole, "title"),
        ("roles-0-abbreviation_en", StaffRole, "abbreviation"),
        ("roles-0-description_sr_latn", StaffRole, "description"),
        ("missions-0-heading_fr", Mission, "heading"),
        ("missions-0-body_en", Mission, "body"),
        ("link_groups-0-heading_fr", LinkGroup, "heading"),
        ("links-0-label_fr", Link, "label"),
        ("contact_points-0-label_fr", ContactPoint, "label"),
        ("contact_points-0-organisation_en", ContactPoint, "organisation"),
        ("contact_points-0-street_sr_latn", ContactPoint, "street"),
        ("contact_points-0-postal_code", ContactPoint, "postal_code"),
        ("contact_points-0-city_fr", ContactPoint, "city"),
        ("contact_points-0-region_fr", ContactPoint, "region"),
        ("contact_points-0-country_sr_latn", ContactPoint, "country"),
        ("contact_points-0-opening_hours_fr", ContactPoint, "opening_hours"),
        ("phone_numbers-0-display", PhoneNumber, "display"),
        ("phone_numbers-0-note_en", PhoneNumber, "note"),
    ]
    cases = [
        Case(name, ("a" if attribute == "slug" else "é") * (model._meta.get_field(attribute).max_length + 1))
        for name, model, attribute in fields
    ]
    url_limit = Link._meta.get_field("url").max_length
    email_limit = ContactPoint._meta.get_field("email").max_length
    phone_limit = PhoneNumber._meta.get_field("number").max_length
    fax_limit = ContactPoint._meta.get_field("fax").max_length
    return [
        *cases,
        Case("links-0-url", "https://example.org/" + "a" * url_limit),
        Case("contact_points-0-email", "a" * 60 + "@" + ("b" * 60 + ".") * ((email_limit // 61) + 1) + "org"),
        Case("phone_numbers-0-number", "+381 11 302 35 69" + " " * phone_limit + "0"),
        Case("contact_points-0-fax", "+381113023500" + "0" * fax_limit),
        Case("contact_points-0-country_code", "RSS"),
        Case("sections-0-body_en", "x" * 1_000_000),
    ]


def build_cases():
    cases = []
    targets = [field for pair in zip(MARKDOWN_FIELDS, TEXT_FIELDS, strict=False) for field in pair] + TEXT_FIELDS[len(MARKDOWN_FIELDS) :]
    cases += [Case(targets[n % len(targets)], payload) for n, payload in enumerate(XSS)]
    cases += [Case(MARKDOWN_FIELDS[n % len(MARKDOWN_FIELDS)], payload) for n, payload in enumerate(MARKDOWN_LINKS)]
    cases += [Case("links-0-url", payload.split("(", 1)[1].rsplit(")", 1)[0]) for payload in MARKDOWN_LINKS[:6]]
    every_text = MARKDOWN_FIELDS + TEXT_FIELDS
    cases += [Case(every_text[(4 * n) % len(every_text)], payload) for n, payload in enumerate(SQL)]
    cases += SQL_ELSEWHERE
    cases += CONTROL
    cases += [Case("contact_points-0-email", email) for email in EMAILS]
    cases += PHONES
    cases += [Case("contact_points-0-country_code", code) for code in COUNTRY_CODES]
    cases += OTHER_FIELDS
    cases += SLUGS
    cases += overlong_cases()
    cases += IMAGE_CASES
    return cases


def case_id(n, case):
    value = case.value.name if isinstance(case.value, Upload) else case.value
    shown = "".join(ch if ch.isprintable() and ch.isascii() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?" for ch in str(value))
    return f"{n:03d}-{case.field}-{shown[:40]}"


CASES = build_cases()


# What the public pages may not contain.
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "ping",
    "lowsrc",
    "dynsrc",
    "manifest",
    "icon",
}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style"}
# The structured data for search engines is the one script element a page may carry: data, not code (checked as JSON).
DATA_SCRIPT_TYPE = "application/ld+json"


def dangerous_address(value):
    """Whether a browser would take `value` as a javascript:, data: or vbscript: address (case, spaces and controls ignored)."""
    squeezed = "".join(ch for ch in value if not (ch.isspace() or unicodedata.category(ch) == "Cc")).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)
        if tag == "script":
            self.script = []

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag == "script" and attrs != [("type", DATA_SCRIPT_TYPE)]:
            self.problems.append(f"<script {attrs}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif tag == "meta" and name == "http-equiv":
                self.problems.append(f"<meta http-equiv={value!r}>")
            elif name in URL_ATTRIBUTES:
                addresses = [candidate.strip().split(" ")[0] for candidate in value.split(",")] if name == "srcset" else [value]
                if any(dangerous_address(address) for address in addresses):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            try:
                json.loads("".join(self.script))
            except ValueError:
                self.problems.append(f"script content that is not JSON: {''.join(self.script)[:200]!r}")
            self.script = None


def unsafe_parts(html):
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    if inspector.script is not None:
        inspector.problems.append("unclosed <script>")
    return inspector.problems


def public_pages():
    """The list page and the service's page in every language of the site."""
    publication = Publication.objects.filter(is_live=True).first()
    pages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pages.append(reverse("security_service:service_list"))
            if publication is not None:
                pages.append(publication.get_absolute_url())
    return pages


def draft_and_publication(pk):
    service = Service.objects.get(pk=pk)
    publication = Publication.objects.get(service=service)
    return content(take_snapshot(service)), service.edit_version, publication.published_at, publication.edit_version


def stored_field(data, name, pk):
    """The object and model field behind form field `name` ("name_fr", "sections-2-missions-0-body_fr"), or None for a
    form-only field."""
    parts = name.rsplit("-", 2)
    accessor = parts[0].rsplit("-", 1)[-1]
    if len(parts) == 1:
        obj, attribute = Service.objects.get(pk=pk), name
    elif len(parts) == 3 and accessor in INLINES:
        obj, attribute = INLINES[accessor].objects.get(pk=data[f"{parts[0]}-{parts[1]}-id"]), parts[2]
    else:
        return None
    try:
        return obj, obj._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None


@dataclass
class Editing:
    client: Client
    url: str
    data: dict
    service_pk: int


@pytest.fixture(scope="module")
def editing(django_db_setup, django_db_blocker):
    """The seed, the editor logged in through the login page, and the service's change form read, once."""
    with django_db_blocker.unblock(), transaction.atomic():
        service = seeded_service()
        get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
        client = Client()
        response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD})
        assert response.status_code == 302, "the editor could not log in"
        url = f"/admin/security_service/service/{service.pk}/change/"
        response = client.get(url)
        assert response.status_code == 200
        yield Editing(client, url, form_data(response.content.decode(), "service_form"), service.pk)
        transaction.set_rollback(True)


def assert_public_pages_inert(client):
    for url in public_pages():
        page = client.get(url)
        assert page.status_code == 200, url
        problems = unsafe_parts(page.content.decode())
        assert not problems, f"{url}: {problems}"


def test_the_public_pages_are_inert_to_begin_with(editing):
    assert_public_pages_inert(editing.client)


def test_the_suite_holds_at_least_200_bad_values():
    assert len(CASES) >= 200


# Pillow warns of a bomb it still opens (over 89 million pixels); the site's own limit then refuses it.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("case", CASES, ids=[case_id(n, case) for n, case in enumerate(CASES)])
def test_a_bad_value_is_refused_or_stored_inert(editing, case):
    client = editing.client
    before = draft_and_publication(editing.service_pk)
    name = page_field(editing.data, case.field)
    assert name in editing.data or case.field.endswith("image"), f"no field {case.field} in the form"
    value = case.value.file() if isinstance(case.value, Upload) else case.value
    fields = page_fields(editing.data, {**case.extra, case.field: value})
    response = client.post(editing.url, {**editing.data, **fields, "_publish": "1"})
    client.cookies.pop("messages", None)  # the "Published" message is not for the next case

    assert response.status_code in (200, 302), f"answered {response.status_code}"
    if response.status_code == 200:
        # Refused: the form says what is wrong, and nothing was saved or published, so the public pages are as
        # they were (checked once, by the test above).
        page = response.content.decode()
        assert 'class="errornote"' in page or 'class="errorlist' in page, visible_text(page)[:2000]
        assert draft_and_publication(editing.service_pk) == before
    else:
        # Stored: the change is published, and the value is kept as typed (less the spaces Django trims).
        assert response["Location"] == editing.url
        service = Service.objects.get(pk=editing.service_pk)
        assert service.publication.edit_version == service.edit_version
        found = stored_field(editing.data, name, editing.service_pk)
        if found is not None:
            obj, model_field = found
            stored = getattr(obj, model_field.name)
            if isinstance(case.value, Upload):
                assert stored.name.startswith("illustrations/") and stored.name.rsplit(".", 1)[1] in ("jpg", "png", "webp")
            elif isinstance(model_field, models.CharField | models.TextField):
                assert (stored or "") == case.value.strip()
        assert_public_pages_inert(client)


def test_the_inspector_finds_what_it_looks_for():
    """The checks above would see a script, a handler, a style attribute, a frame or a hidden javascript: link."""
    for html in (
        "<script>alert(1)</script>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        '<img src="x" onerror="alert(1)">',
        '<p style="color:red">x</p>',
        "<iframe></iframe>",
        "<object></object>",
        "<embed>",
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="&#0001;javascript:alert(1)">x</a>',
        '<img src="DATA:text/html,x">',
        '<img srcset="/ok.png 1x, vbscript:x 2x">',
    ):
        assert unsafe_parts(html), html
    assert not unsafe_parts('<a href="https://example.org/">x</a><script type="application/ld+json">{"a": 1}</script>')


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2067", "\u200f", "\u0336", "\u20e5", "\u0338", "\u00b2", "\u0661"])
def test_a_shown_phone_number_cannot_be_turned_around_or_struck_through(editing, control):
    """U+202E makes "011/302 35 69" read "96 53 203/110", U+0336 strikes a digit through, ² and ١ pass for digits:
    the same digits to the check, but not the number a visitor reads and dials."""
    data = {**editing.data, page_field(editing.data, "phone_numbers-0-display"): f"0{control}11/302 35 69", "_publish": "1"}
    response = editing.client.post(editing.url, data)
    assert response.status_code == 200
    assert "Le numéro affiché doit correspondre au numéro composé" in visible_text(response.content.decode())
    assert PhoneNumber.objects.get(pk=editing.data[page_field(editing.data, "phone_numbers-0-id")]).display == "011/302 35 69"
