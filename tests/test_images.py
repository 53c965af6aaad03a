"""The illustration pipeline: what an upload must be, what is kept of it, and the renditions visitors get."""

import contextlib
import io
import json
import zlib
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageDraw

from security_service.images import delete_renditions, make_renditions, rendition_widths, sanitise_image, validate_image


def picture(size=(800, 600), mode="RGB"):
    """A picture with shapes, so that encoders have something to do, yet quick to make."""
    image = Image.new(mode, size, "white" if mode != "RGBA" else (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, 0, width // 2, height), fill="red")
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill="blue")
    return image


def encode(image, image_format, **options):
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def validation_error(file):
    """The error's code and its message as an English-speaking editor reads it."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            validate_image(file)
        return caught.value.code, str(caught.value.messages[0])


class CountingStorage(InMemoryStorage):
    """An in-memory storage that records what is written to it."""

    def __init__(self):
        super().__init__()
        self.saved = []

    def _save(self, name, content):
        self.saved.append(name)
        return super()._save(name, content)


# Validation


@pytest.mark.parametrize(
    ("image_format", "name"),
    [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp"), ("PNG", "renamed.jpg")],
)
def test_a_jpeg_png_or_webp_image_is_accepted_whatever_its_name(image_format, name):
    validate_image(upload(encode(picture(), image_format), name))


def test_a_text_file_named_like_a_photo_is_not_an_image():
    code, message = validation_error(upload(b"Dear colleagues, please find the photo attached.\n" * 20))
    assert code == "not_an_image"
    assert message == "This file is not an image, whatever its name says. Upload a JPEG, PNG or WebP photo."


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_truncated_image_is_not_an_image(image_format):
    data = encode(picture(), image_format)
    assert validation_error(upload(data[: len(data) // 2]))[0] == "not_an_image"


def test_a_gif_is_refused_for_its_format():
    code, message = validation_error(upload(encode(picture(), "GIF"), "photo.gif"))
    assert code == "format"
    assert "GIF" in message
    assert "JPEG, PNG or WebP" in message


def test_an_image_over_the_byte_limit_is_too_large(settings):
    settings.IMAGE_MAX_BYTES = 1000
    data = encode(picture(), "PNG")
    code, message = validation_error(upload(data, "photo.png"))
    assert code == "too_large"
    with translation.override("en"):
        assert message == f"The image is too large ({filesizeformat(len(data))}). Upload an image of at most {filesizeformat(1000)}."


def test_an_image_with_a_side_over_12000_pixels_has_too_many_pixels():
    code, message = validation_error(upload(encode(Image.new("L", (13000, 10)), "PNG"), "banner.png"))
    assert code == "too_many_pixels"
    assert message == (
        "The image is too big: 13,000 × 10 pixels. Upload an image of at most 40 million pixels, and at most 12,000 pixels on each side."
    )


def test_the_pixel_limit_comes_from_the_settings(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    code, message = validation_error(upload(encode(picture((400, 300)), "JPEG")))
    assert code == "too_many_pixels"
    assert "400 × 300 pixels" in message
    assert "at most 0.1 million pixels" in message


def test_a_decompression_bomb_is_refused_from_its_header_without_decoding():
    # A real 1×1 PNG whose header claims 20000 × 20000 pixels: what a bomb looks like until it is decoded.
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = (20000).to_bytes(4, "big") * 2
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    code, message = validation_error(upload(bytes(data), "bomb.png"))
    assert code == "too_many_pixels"
    assert message.startswith("The image is too big: over 40 million pixels.")


def test_an_image_under_200_pixels_wide_is_too_small():
    code, message = validation_error(upload(encode(picture((150, 400)), "JPEG")))
    assert code == "too_small"
    assert message == "The image is too small: 150 pixels wide. Upload an image at least 200 pixels wide, so that it stays sharp."


def test_the_width_that_counts_is_the_upright_one():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    code, message = validation_error(upload(encode(picture((400, 150)), "JPEG", exif=exif)))
    assert code == "too_small"
    assert message.startswith("The image is too small: 150 pixels wide.")


@pytest.mark.parametrize("data", [encode(picture(), "JPEG"), b"not an image at all"])
def test_validation_reads_from_the_start_and_leaves_the_file_where_it_was(data):
    file = upload(data)
    file.read(7)
    with contextlib.suppress(ValidationError):
        validate_image(file)
    assert file.tell() == 7


# Sanitising


def test_sanitising_drops_exif_gps_xmp_and_comments_and_turns_the_image_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # Shot with the camera turned: to be shown rotated 90° clockwise.
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (44.0, 48.0, 55.0), 3: "E", 4: (20.0, 27.0, 36.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    data = encode(picture((400, 300)), "JPEG", exif=exif, xmp=xmp, comment=b"Residence, back garden")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test image has no GPS position"
    secrets = (b"Exif", b"PhoneMaker", b"xmpmeta", b"back garden")
    assert all(secret in data for secret in secrets), "the test image lacks some metadata"

    sanitised = sanitise_image(upload(data, "IMG_0042.JPG"))

    assert sanitised.name == "IMG_0042.jpg"
    raw = sanitised.read()
    assert not [secret for secret in secrets if secret in raw]
    image = Image.open(io.BytesIO(raw))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not {"exif", "xmp", "comment"} & set(image.info)
    # Upright: the red left half of the sensor is now the top half.
    assert image.size == (300, 400)
    red, green, blue = image.convert("RGB").getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60
    assert image.info.get("progressive")


def test_sanitising_keeps_the_colour_profile():
    icc_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    sanitised = sanitise_image(upload(encode(picture(), "JPEG", icc_profile=icc_profile)))
    assert Image.open(sanitised).info.get("icc_profile") == icc_profile


def test_a_png_named_jpg_stays_a_png_and_gets_its_real_extension():
    sanitised = sanitise_image(upload(encode(picture(), "PNG"), "photo.jpg"))
    assert sanitised.name == "photo.png"
    assert Image.open(sanitised).format == "PNG"


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_sanitising_keeps_transparency(image_format, extension):
    image = picture(mode="RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    sanitised = sanitise_image(upload(encode(image, image_format, lossless=True), f"logo{extension}"))
    assert sanitised.name == f"logo{extension}"
    result = Image.open(sanitised)
    assert result.mode == "RGBA"
    assert result.getpixel((0, 0))[3] == 0


def test_a_palette_png_keeps_its_transparency():
    image = picture().convert("P")
    image.info["transparency"] = image.getpixel((0, 0))
    result = Image.open(sanitise_image(upload(encode(image, "PNG"), "logo.png")))
    assert result.convert("RGBA").getpixel((0, 0))[3] == 0


def test_a_cmyk_jpeg_becomes_rgb():
    sanitised = sanitise_image(upload(encode(picture().convert("CMYK"), "JPEG")))
    result = Image.open(sanitised)
    assert result.mode == "RGB"
    red, green, blue = result.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


# Renditions


@pytest.mark.parametrize(
    ("width", "widths"),
    [(2000, [480, 960, 1600]), (1600, [480, 960, 1600]), (1000, [480, 960, 1000]), (600, [480, 600]), (480, [480]), (300, [300])],
)
def test_renditions_are_never_wider_than_the_original(width, widths):
    assert rendition_widths(width) == widths


def test_renditions_of_a_large_jpeg_are_made_once_in_webp_and_jpeg():
    storage = CountingStorage()
    name = storage.save("illustrations/3f2a9c.jpg", sanitise_image(upload(encode(picture((2000, 1000)), "JPEG"))))
    storage.saved.clear()

    renditions = make_renditions(storage, name)

    assert renditions == {
        "width": 2000,
        "height": 1000,
        "webp": [
            ["illustrations/3f2a9c-480w.webp", 480],
            ["illustrations/3f2a9c-960w.webp", 960],
            ["illustrations/3f2a9c-1600w.webp", 1600],
        ],
        "fallback": [
            ["illustrations/3f2a9c-480w.jpg", 480],
            ["illustrations/3f2a9c-960w.jpg", 960],
            ["illustrations/3f2a9c-1600w.jpg", 1600],
        ],
        "fallback_type": "image/jpeg",
    }
    assert json.loads(json.dumps(renditions)) == renditions
    assert len(storage.saved) == 6
    for key, image_format in (("webp", "WEBP"), ("fallback", "JPEG")):
        for rendition_name, width in renditions[key]:
            with storage.open(rendition_name) as file:
                image = Image.open(file)
                assert (image.format, image.size) == (image_format, (width, width // 2))

    assert make_renditions(storage, name) == renditions
    assert len(storage.saved) == 6, "the second call encoded the renditions again"


def test_renditions_of_a_small_transparent_png_fall_back_to_png():
    image = picture((600, 300), mode="RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 100, 100))
    storage = InMemoryStorage()
    name = storage.save("illustrations/logo.png", ContentFile(encode(image, "PNG")))

    renditions = make_renditions(storage, name)

    assert renditions["webp"] == [["illustrations/logo-480w.webp", 480], ["illustrations/logo-600w.webp", 600]]
    assert renditions["fallback"] == [["illustrations/logo-480w.png", 480], ["illustrations/logo-600w.png", 600]]
    assert renditions["fallback_type"] == "image/png"
    for rendition_name, width in renditions["webp"] + renditions["fallback"]:
        with storage.open(rendition_name) as file:
            rendition = Image.open(file)
            assert rendition.width == width
            assert rendition.getpixel((0, 0))[3] == 0


def test_an_alpha_channel_with_nothing_see_through_falls_back_to_jpeg():
    storage = InMemoryStorage()
    name = storage.save("illustrations/opaque.png", ContentFile(encode(picture((600, 300), mode="RGBA"), "PNG")))
    renditions = make_renditions(storage, name)
    assert renditions["fallback_type"] == "image/jpeg"
    assert renditions["fallback"][-1] == ["illustrations/opaque-600w.jpg", 600]


def test_deleting_renditions_leaves_the_original_and_ignores_missing_files():
    storage = InMemoryStorage()
    name = storage.save("illustrations/gone.jpg", ContentFile(encode(picture((500, 250)), "JPEG")))
    renditions = make_renditions(storage, name)
    storage.delete(renditions["webp"][0][0])

    delete_renditions(storage, renditions)

    assert storage.listdir("illustrations") == ([], ["gone.jpg"])
    delete_renditions(storage, renditions)
    delete_renditions(storage, None)


# Template


class _PictureParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = {}

    def handle_starttag(self, tag, attrs):
        self.elements[tag] = dict(attrs)


RENDITIONS = {
    "width": 2000,
    "height": 1000,
    "webp": [["illustrations/a-480w.webp", 480], ["illustrations/a-960w.webp", 960]],
    "fallback": [["illustrations/a-480w.jpg", 480], ["illustrations/a-960w.jpg", 960]],
    "fallback_type": "image/jpeg",
}


def render_picture(**context):
    html = render_to_string("includes/picture.html", {"renditions": RENDITIONS} | context)
    parser = _PictureParser()
    parser.feed(html)
    return html, parser.elements


def test_the_picture_offers_webp_and_a_fallback_at_every_width():
    url = default_storage.url
    html, elements = render_picture(alt='Le « SSI » & ses "partenaires"', alt_lang="fr")
    source, img = elements["source"], elements["img"]

    assert source["type"] == "image/webp"
    assert source["srcset"] == f"{url('illustrations/a-480w.webp')} 480w, {url('illustrations/a-960w.webp')} 960w"
    assert img["src"] == url("illustrations/a-960w.jpg")
    assert img["srcset"] == f"{url('illustrations/a-480w.jpg')} 480w, {url('illustrations/a-960w.jpg')} 960w"
    assert source["sizes"] == img["sizes"] == "(min-width: 48rem) 46rem, 100vw"
    assert img["alt"] == 'Le « SSI » & ses "partenaires"'
    assert "&amp; ses &quot;partenaires&quot;" in html
    assert img["lang"] == "fr"
    assert (img["width"], img["height"]) == ("2000", "1000")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")


def test_the_picture_takes_its_sizes_and_has_no_lang_when_the_alt_is_in_the_page_language():
    _html, elements = render_picture(alt="", alt_lang="", sizes="20rem")
    img = elements["img"]
    assert img["sizes"] == elements["source"]["sizes"] == "20rem"
    assert img["alt"] == ""
    assert "lang" not in img
