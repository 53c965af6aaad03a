"""Illustrations: check an upload, strip its metadata, and make its responsive renditions once, at upload time."""

import contextlib
import io
import math
import os
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_SIDE = 12000
MIN_WIDTH = 200
RENDITION_WIDTHS = (480, 960, 1600)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Colours. Pixels are converted to sRGB through the image's own colour profile, and no profile is stored: browsers show
# an image without one as sRGB, so it looks the same, and a profile is bytes in every rendition (one of 3.6 MB was
# copied into six). Even the smallest sRGB profile (some 600 bytes) would be weight for nothing on a 20 KB thumbnail.
ICC_PROFILE_MAX_BYTES = 1024 * 1024  # An ordinary profile is a few kilobytes; a camera's or printer's rarely 500 KB.

TOO_MANY_PIXELS = _(
    "The image is too big: %(width)s × %(height)s pixels. "
    "Upload an image of at most %(max_pixels)s million pixels, and at most %(max_side)s pixels on each side."
)


def _max_bytes():
    return getattr(settings, "IMAGE_MAX_BYTES", 10 * 1024 * 1024)


def _max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000)


def _pixel_limits():
    megapixels = _max_pixels() / 1_000_000
    return {
        "max_pixels": number_format(int(megapixels) if megapixels.is_integer() else megapixels),
        "max_side": number_format(MAX_SIDE, force_grouping=True),
    }


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    return size


def _open(data):
    """The image in `data`, not yet decoded. A PNG's colour profile too large or broken to trust is left out first:
    Pillow would refuse the whole image for it, where it is only to be ignored."""
    return Image.open(io.BytesIO(_without_untrusted_png_profile(data)))


def _without_untrusted_png_profile(data):
    if not data.startswith(PNG_SIGNATURE):
        return data
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, chunk_type = int.from_bytes(data[position : position + 4], "big"), data[position + 4 : position + 8]
        end = position + 12 + length  # length, type, data, CRC
        if chunk_type == b"iCCP":
            # A profile name, a NUL, the compression method, then the deflated profile.
            compressed = data[position + 8 : position + 8 + length].partition(b"\0")[2][1:]
            try:
                inflated = zlib.decompressobj().decompress(compressed, ICC_PROFILE_MAX_BYTES + 1)
            except zlib.error:
                inflated = None
            return data if inflated is not None and len(inflated) <= ICC_PROFILE_MAX_BYTES else data[:position] + data[end:]
        if chunk_type in (b"IDAT", b"IEND"):  # A profile comes before the pixels, or not at all.
            return data
        position = end
    return data


def validate_image(file):
    """Reject anything but a sound JPEG, PNG or WebP image of a sensible size; the file's content decides, not its name."""
    position = file.tell()
    try:
        file.seek(0)
        _validate(file)
    finally:
        file.seek(position)


def _validate(file):
    size = _size_of(file)
    if size > _max_bytes():
        raise ValidationError(
            _("The image is too large (%(size)s). Upload an image of at most %(max)s."),
            code="too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(_max_bytes())},
        )
    file.seek(0)
    source = io.BytesIO(_without_untrusted_png_profile(file.read()))
    try:
        # Only the header is read here: nothing is decoded before the size is known to be reasonable.
        image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses to even give the size of a far too big image.
        raise ValidationError(
            _(
                "The image is too big: over %(max_pixels)s million pixels. "
                "Upload an image of at most %(max_pixels)s million pixels, and at most %(max_side)s pixels on each side."
            ),
            code="too_many_pixels",
            params=_pixel_limits(),
        ) from None
    except Exception:  # Pillow raises many kinds of exception for what is not an image.
        raise _not_an_image() from None

    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images in the %(format)s format are not accepted. Save the image as JPEG, PNG or WebP and upload it again."),
            code="format",
            params={"format": image.format},
        )
    width, height = image.size
    if width * height > _max_pixels() or width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            TOO_MANY_PIXELS,
            code="too_many_pixels",
            params={"width": number_format(width, force_grouping=True), "height": number_format(height, force_grouping=True)}
            | _pixel_limits(),
        )

    try:
        image.verify()  # Checksums (PNG); it leaves the image unusable, hence the second opening.
        source.seek(0)
        image = Image.open(source)
        if image.format == "JPEG":
            # Decoding at 1/8 scale still reads every byte, so a truncated file is caught, for a fraction of the memory.
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
        image.load()
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except Exception:
        raise _not_an_image() from None

    # Shown upright, a photo taken with the camera turned is as wide as the file is high.
    shown_width = height if orientation in (5, 6, 7, 8) else width
    if shown_width < MIN_WIDTH:
        raise ValidationError(
            _("The image is too small: %(width)s pixels wide. Upload an image at least %(min_width)s pixels wide, so that it stays sharp."),
            code="too_small",
            params={"width": shown_width, "min_width": MIN_WIDTH},
        )


def _not_an_image():
    return ValidationError(
        _("This file is not an image, whatever its name says. Upload a JPEG, PNG or WebP photo."),
        code="not_an_image",
    )


def _to_8_bits(image):
    """16-bit greyscale PNGs would turn white if converted straight to RGB."""
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image


_PROFILE_MODES = {"RGB ": ("RGB", "RGBA"), "CMYK": ("CMYK",), "GRAY": ("L", "LA")}


def _colour_profile(image):
    """The image's embedded colour profile if it is one to trust (of a sane size, readable), else None: it is then ignored."""
    data = image.info.get("icc_profile")
    if not data or len(data) > ICC_PROFILE_MAX_BYTES:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return profile if profile.profile.xcolor_space in _PROFILE_MODES else None


def _in_srgb(image, profile):
    """`image` (8 bits a channel, any mode) with its pixels in sRGB: converted through `profile` when there is one.

    CMYK becomes RGB; other modes stay as they are, but a palette image with a colour profile, which becomes RGB(A).
    Without a usable profile, the pixels are taken as sRGB already, which is what a browser would do with them.
    """
    if profile is not None:
        if image.mode in ("P", "PA") and profile.profile.xcolor_space == "RGB ":
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        if image.mode in _PROFILE_MODES[profile.profile.xcolor_space]:
            try:
                return _converted(image, profile)
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # A profile LittleCMS reads but cannot use: the plain conversion below is close enough.
    return image.convert("RGB") if image.mode == "CMYK" else image


def _converted(image, profile):
    srgb = ImageCms.createProfile("sRGB")
    if image.mode in ("L", "LA"):
        # A grey profile converts to RGB only; the grey of the result is the converted grey.
        grey = ImageCms.profileToProfile(image.getchannel("L"), profile, srgb, outputMode="RGB").convert("L")
        return grey if image.mode == "L" else Image.merge("LA", (grey, image.getchannel("A")))
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    return ImageCms.profileToProfile(image, profile, srgb, outputMode=output_mode)


# Work. An upload of up to 40 million pixels is accepted, but what is stored of it is scaled down to IMAGE_KEPT_PIXELS
# (6 million: 3000 × 2000), since decoding, converting and encoding cost time in proportion to the pixels, in the
# admin's save (a noisy PNG of 40 million pixels took 29 s to store and render in full) and again whenever renditions
# are made. No visitor is shown more than the widest rendition, 1600 pixels, which a kept photo still exceeds.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _kept_pixels():
    return getattr(settings, "IMAGE_KEPT_PIXELS", 6_000_000)


def _size_within(width, height, max_pixels):
    """The size of `width` × `height` scaled down, in proportion, to at most `max_pixels`; itself if already within."""
    if width * height <= max_pixels:
        return width, height
    scale = math.sqrt(max_pixels / (width * height))
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def _decoded_at_least(image, size):
    """`image` decoded, a JPEG at the smallest of 1/2, 1/4, 1/8 scale still at least `size`: a fraction of the work.

    Returns the image and the box of it that holds the whole picture, for resize() (the scaled size is rounded up).
    """
    box = None
    if image.format == "JPEG" and size != image.size:
        drafted = image.draft(None, size)
        box = drafted[1] if drafted else None
    image.load()
    return image, box


def _resized(image, size, box=None, reducing_gap=3.0):
    """`image` scaled to `size` with Lanczos, after an average over whole blocks of pixels down to `reducing_gap` times
    `size` (cheap; the smaller the gap, the cheaper and the less fair: 3 is as good as none)."""
    if size == image.size and box is None:
        return image
    if image.mode in ("1", "P", "PA") or "transparency" in image.info:
        # Those would be resized pixel by pixel, or lose their see-through colour at the edges.
        image = image.convert("RGBA" if image.has_transparency_data else ("L" if image.mode == "1" else "RGB"))
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=reducing_gap)


def _upright(image, orientation):
    """The image turned as the camera saw it, since the orientation tag goes away with the EXIF."""
    method = _TRANSPOSE.get(orientation)
    return image if method is None else image.transpose(method)


def sanitise_image(file):
    """The image turned upright, in sRGB, re-encoded in its own format without EXIF, XMP, GPS position, comments or
    colour profile, and scaled down to IMAGE_KEPT_PIXELS if it has more. Animated images keep their first frame.
    """
    position = file.tell()
    file.seek(0)
    data = file.read()
    file.seek(position)

    image = _open(data)
    image_format = image.format
    if image_format not in ALLOWED_FORMATS:
        raise ValueError(f"Not a JPEG, PNG or WebP image: {image_format}; validate_image() lets no such file through.")
    orientation = image.getexif().get(ExifTags.Base.Orientation)
    profile = _colour_profile(image)
    kept_size = _size_within(*image.size, _kept_pixels())
    image, box = _decoded_at_least(image, kept_size)
    # Blocks of pixels averaged as far as the kept size allows, then Lanczos: what is kept is scaled down again anyway.
    image = _resized(_to_8_bits(image), kept_size, box, reducing_gap=1.0)
    image = _in_srgb(_upright(image, orientation), profile)

    if image_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        options = {"quality": 88, "progressive": True, "optimize": True}
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        # What is kept is for making renditions, not for visitors: the fast end of zlib. Its slow end (optimize) took
        # 12 s instead of 1.7 on a photo of 7 million pixels for a file 15% smaller; 0.4 s instead of 0.1 on a diagram.
        options = {"compress_level": 3}
    else:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        options = {"quality": 85, "method": 2}  # The default, method 4, took over twice as long for 3 to 10% less.

    # Pillow copies some metadata from `info` on saving (a JPEG comment, the colour profile): start from nothing but
    # the transparency.
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}

    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    stem = PurePosixPath(getattr(file, "name", None) or "illustration").stem
    return ContentFile(output.getvalue(), name=f"{stem}{ALLOWED_FORMATS[image_format]}")


def rendition_widths(width):
    """The rendition widths for an original `width` pixels wide: never wider than the original, and at least one."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    if width <= RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths


def _has_transparency(image):
    """Whether some pixel is see-through, rather than whether the file has room for it (an alpha channel that is all opaque)."""
    if not image.has_transparency_data:
        return False
    alpha = image.getchannel("A") if image.mode in ("LA", "RGBA", "PA") else image.convert("RGBA").getchannel("A")
    return alpha.getextrema()[0] < 255


def _working_copy(image, profile, transparent):
    """The picture in sRGB, as RGBA if some of it is see-through, else as RGB."""
    image = _in_srgb(image, profile)
    if transparent:
        return image.convert("RGBA")
    if image.has_transparency_data:
        image = image.convert("RGBA")  # Via RGBA: Pillow warns on palette transparency converted straight to RGB.
    return image.convert("RGB")


def _encode(image, image_format):
    options = {
        "WEBP": {"quality": 80},
        "JPEG": {"quality": 82, "progressive": True, "optimize": True},
        # Only browsers without WebP (and sharing previews) fetch the PNG: zlib's default level, not optimize (its
        # slowest), which took two to three times as long for a file 2 to 7% smaller.
        "PNG": {"compress_level": 6},
    }[image_format]
    image.info = {}  # Nothing Pillow would copy into the file: no colour profile (the pixels are sRGB), no comment.
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def make_renditions(storage, name):
    """Save the WebP and fallback renditions of the stored original `name` next to it, and describe them.

    A rendition already in the storage is not made again. The description is JSON-serialisable, for a model's JSONField.
    All are made from one copy of the original at the largest width, in sRGB, and carry no colour profile.
    """
    with storage.open(name, "rb") as original:
        image = _open(original.read())
    width, height = image.size
    stem = str(PurePosixPath(name).with_suffix(""))
    sizes = {w: (w, max(1, round(height * w / width))) for w in rendition_widths(width)}
    largest_size = sizes[max(sizes)]
    profile = _colour_profile(image)
    # An original stored before IMAGE_KEPT_PIXELS (restored, imported) may be large: a JPEG is decoded at a smaller scale.
    image, box = _decoded_at_least(image, largest_size)
    transparent = _has_transparency(image)
    fallback_format, fallback_ext, fallback_type = ("PNG", "png", "image/png") if transparent else ("JPEG", "jpg", "image/jpeg")

    renditions = {"width": width, "height": height, "webp": [], "fallback": [], "fallback_type": fallback_type}
    largest = None
    for rendition_width, size in sizes.items():
        resized = None
        for key, image_format, ext in (("webp", "WEBP", "webp"), ("fallback", fallback_format, fallback_ext)):
            rendition_name = f"{stem}-{rendition_width}w.{ext}"
            if not storage.exists(rendition_name):
                if resized is None:
                    if largest is None:
                        largest = _working_copy(_resized(_to_8_bits(image), largest_size, box), profile, transparent)
                    resized = largest if size == largest_size else largest.resize(size, Image.Resampling.LANCZOS)
                # The storage may pick another name if another process saved the same one meanwhile.
                rendition_name = storage.save(rendition_name, ContentFile(_encode(resized, image_format)))
            renditions[key].append([rendition_name, rendition_width])
    return renditions


def delete_renditions(storage, renditions):
    """Delete the files of `renditions` (as returned by make_renditions); those already gone are no matter."""
    if not renditions:
        return
    for rendition_name, _width in [*renditions.get("webp", []), *renditions.get("fallback", [])]:
        with contextlib.suppress(FileNotFoundError):
            storage.delete(rendition_name)
