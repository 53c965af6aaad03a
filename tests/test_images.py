"""The illustration pipeline: what an upload must be, what is kept of it, and the renditions visitors get."""

import contextlib
import io
import json
import struct
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


# Colour profiles, written here so that the tests need no file: a display's profile is three primaries, a white point and
# a tone curve. The primaries are as ICC profiles give them, adapted to the D50 white of the profile connection space;
# Display P3 gets a plain 2.2 gamma here, near enough to its real curve (sRGB's).
ADOBE_RGB = ((0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087), (0.14919, 0.06322, 0.74457))
DISPLAY_P3 = ((0.51512, 0.24120, -0.00105), (0.29198, 0.69225, 0.04189), (0.15710, 0.06657, 0.78407))
SRGB = ((0.43607, 0.22250, 0.01393), (0.38506, 0.71688, 0.09710), (0.14308, 0.06062, 0.71417))


def colour_profile(primaries, gamma, description, notice="No copyright."):
    """An ICC version 2 display profile: `primaries` (red, green, blue, as XYZ), a plain `gamma`, and `notice` as its
    copyright text, which may be as long as wanted."""

    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(value * 65536)) for value in (x, y, z))

    def text(signature, value):
        return signature + bytes(4) + value.encode("ascii") + b"\0"

    red, green, blue = primaries
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256))
    tags = {
        # The ASCII description, then empty Unicode and ScriptCode ones.
        b"desc": b"desc" + bytes(4) + struct.pack(">I", len(description) + 1) + description.encode("ascii") + bytes(1 + 8 + 3 + 67),
        b"cprt": text(b"text", notice),
        b"wtpt": xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz(*red),
        b"gXYZ": xyz(*green),
        b"bXYZ": xyz(*blue),
        b"rTRC": curve,
        b"gTRC": curve,
        b"bTRC": curve,
    }
    table, data = b"", b""
    start = 128 + 4 + 12 * len(tags)
    for signature, body in tags.items():
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    header = (
        struct.pack(">I", start + len(data))
        + b"test\x02\x10\x00\x00mntrRGB XYZ "  # made by "test", version 2.1, for a display, RGB to XYZ
        + bytes(12)  # date
        + b"acsp"
        + bytes(28)  # platform, flags, device, rendering intent
        + xyz(0.9642, 1.0, 0.8249)[8:]  # the connection space's white, D50
        + bytes(48)  # creator, reserved
    )
    return header + struct.pack(">I", len(tags)) + table + data


def in_srgb(rgb, primaries, gamma):
    """The sRGB value of `rgb` in the colour space of `primaries` and `gamma`, worked out without LittleCMS."""
    linear = [(value / 255) ** gamma for value in rgb]
    xyz = [sum(primary[axis] * amount for primary, amount in zip(primaries, linear, strict=True)) for axis in range(3)]

    def determinant(m):
        return (
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        )

    # Cramer's rule: the amounts of sRGB's primaries that make the same XYZ.
    matrix = [[primary[axis] for primary in SRGB] for axis in range(3)]
    amounts = []
    for column in range(3):
        replaced = [[xyz[axis] if c == column else row[c] for c in range(3)] for axis, row in enumerate(matrix)]
        amounts.append(min(1.0, max(0.0, determinant(replaced) / determinant(matrix))))
    return tuple(round(255 * (12.92 * a if a <= 0.0031308 else 1.055 * a ** (1 / 2.4) - 0.055)) for a in amounts)


def close_to(actual, expected, tolerance=4):
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


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


@pytest.mark.parametrize(
    ("image_format", "mode", "primaries", "gamma", "colour"),
    [
        ("JPEG", "RGB", ADOBE_RGB, 563 / 256, (120, 160, 90)),
        ("PNG", "RGBA", DISPLAY_P3, 2.2, (200, 90, 70)),
        ("WEBP", "RGB", DISPLAY_P3, 2.2, (200, 90, 70)),
    ],
)
def test_sanitising_turns_the_colours_into_srgb_and_keeps_no_profile(image_format, mode, primaries, gamma, colour):
    expected = in_srgb(colour, primaries, gamma)
    assert not close_to(colour, expected, tolerance=10), "the colour is about the same in both spaces: it tests nothing"
    image = Image.new(mode, (400, 300), colour)
    icc_profile = colour_profile(primaries, gamma, "Camera RGB")
    sanitised = Image.open(sanitise_image(upload(encode(image, image_format, icc_profile=icc_profile, quality=95))))
    assert "icc_profile" not in sanitised.info
    assert close_to(sanitised.getpixel((200, 150))[:3], expected)
    assert sanitised.mode == mode


def test_the_renditions_of_an_original_kept_with_its_profile_are_in_srgb_without_it():
    # An original stored before profiles were converted, as a backup or an imported page may bring back.
    storage = InMemoryStorage()
    icc_profile = colour_profile(ADOBE_RGB, 563 / 256, "Adobe RGB (1998)")
    name = storage.save(
        "illustrations/old.jpg", ContentFile(encode(Image.new("RGB", (600, 300), (120, 160, 90)), "JPEG", icc_profile=icc_profile))
    )
    renditions = make_renditions(storage, name)
    for rendition_name, _width in renditions["webp"] + renditions["fallback"]:
        with storage.open(rendition_name) as file:
            rendition = Image.open(file)
            assert "icc_profile" not in rendition.info
            assert close_to(rendition.convert("RGB").getpixel((100, 50)), in_srgb((120, 160, 90), ADOBE_RGB, 563 / 256))


@pytest.mark.parametrize(("image_format", "name"), [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp")])
def test_a_huge_colour_profile_is_ignored_and_goes_into_no_file(image_format, name):
    # A profile that is sound, and sRGB, but carries 3.6 MB of text: what a tester's photo brought into six renditions.
    icc_profile = colour_profile(SRGB, 2.2, "sRGB", notice="Lorem ipsum dolor sit amet. " * 130_000)
    assert len(icc_profile) > 3_600_000
    assert ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)).profile.profile_description == "sRGB"  # sound, only big
    file = upload(encode(picture((2000, 1000)), image_format, icc_profile=icc_profile), name)
    validate_image(file)  # Pillow alone would refuse the PNG as a whole for it.

    sanitised = sanitise_image(file)

    storage = InMemoryStorage()
    original = storage.save(f"illustrations/{name}", sanitised)
    renditions = make_renditions(storage, original)
    names = [original] + [rendition_name for rendition_name, _width in renditions["webp"] + renditions["fallback"]]
    assert len(names) == 7
    for stored in names:
        with storage.open(stored) as stored_file:
            data = stored_file.read()
        assert b"Lorem ipsum" not in data
        assert len(data) < 100_000, stored
        image = Image.open(io.BytesIO(data))
        assert "icc_profile" not in image.info
        red, green, blue = image.convert("RGB").getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


@pytest.mark.parametrize("icc_profile", [b"not a colour profile at all" * 40, colour_profile(SRGB, 2.2, "sRGB")[:300]])
def test_a_broken_colour_profile_is_ignored(icc_profile):
    file = upload(encode(picture(), "JPEG", icc_profile=icc_profile))
    validate_image(file)
    result = Image.open(sanitise_image(file))
    assert "icc_profile" not in result.info
    red, green, blue = result.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


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


# The work an upload costs


def test_the_largest_image_accepted_is_kept_at_six_million_pixels_and_rendered_at_every_width():
    width, height = 7745, 5164  # 39,995,180 pixels, under the 40 million accepted
    file = upload(encode(picture((width, height)), "JPEG", quality=90))
    assert file.size <= 10 * 1024 * 1024
    validate_image(file)

    sanitised = sanitise_image(file)

    kept = Image.open(sanitised)
    assert kept.format == "JPEG"
    assert kept.width * kept.height <= 6_000_000
    assert kept.width * kept.height > 5_990_000
    assert abs(kept.width / kept.height - width / height) < 0.001
    storage = InMemoryStorage()
    name = storage.save("illustrations/large.jpg", sanitised)
    renditions = make_renditions(storage, name)
    assert (renditions["width"], renditions["height"]) == kept.size
    assert [w for _name, w in renditions["webp"]] == [w for _name, w in renditions["fallback"]] == [480, 960, 1600]
    for key, image_format in (("webp", "WEBP"), ("fallback", "JPEG")):
        for rendition_name, rendition_width in renditions[key]:
            with storage.open(rendition_name) as stored:
                rendition = Image.open(stored)
                assert rendition.format == image_format
                assert rendition.size == (rendition_width, round(kept.height * rendition_width / kept.width))
                red, green, blue = rendition.convert("RGB").getpixel((10, 10))
                assert red > 200 and green < 60 and blue < 60


def test_the_pixels_kept_come_from_the_settings_and_the_image_is_turned_upright_first(settings):
    settings.IMAGE_KEPT_PIXELS = 120_000
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    kept = Image.open(sanitise_image(upload(encode(picture((800, 600)), "JPEG", exif=exif))))
    assert kept.size == (300, 400)
    red, green, blue = kept.getpixel((150, 10))  # the red left half of the sensor, on top
    assert red > 200 and green < 60 and blue < 60


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_transparent_png_scaled_down_stays_transparent(settings, mode):
    settings.IMAGE_KEPT_PIXELS = 125_000
    image = picture((1000, 500), mode="RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 200, 200))
    if mode == "P":
        image = image.convert("P")
        image.info["transparency"] = image.getpixel((0, 0))
    kept = Image.open(sanitise_image(upload(encode(image, "PNG"), "logo.png")))
    assert kept.size == (500, 250)
    assert kept.convert("RGBA").getpixel((10, 10))[3] == 0
    assert kept.convert("RGBA").getpixel((400, 200))[3] == 255


def test_renditions_of_a_large_original_stored_before_the_limit_are_right():
    # Kept whole before IMAGE_KEPT_PIXELS, as a backup or an imported page may bring back: a JPEG decoded at 1/4 scale.
    storage = InMemoryStorage()
    name = storage.save("illustrations/old.jpg", ContentFile(encode(picture((6400, 3200)), "JPEG")))
    renditions = make_renditions(storage, name)
    assert (renditions["width"], renditions["height"]) == (6400, 3200)
    for key, image_format in (("webp", "WEBP"), ("fallback", "JPEG")):
        assert [w for _name, w in renditions[key]] == [480, 960, 1600]
        for rendition_name, rendition_width in renditions[key]:
            with storage.open(rendition_name) as stored:
                rendition = Image.open(stored)
                assert (rendition.format, rendition.size) == (image_format, (rendition_width, rendition_width // 2))
                red, green, blue = rendition.convert("RGB").getpixel((10, 10))
                assert red > 200 and green < 60 and blue < 60


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
