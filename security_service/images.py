"""Illustrations: check an upload, strip its metadata, and make its responsive renditions once, at upload time."""

import contextlib
import io
import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_SIDE = 12000
MIN_WIDTH = 200
RENDITION_WIDTHS = (480, 960, 1600)

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
    try:
        # Only the header is read here: nothing is decoded before the size is known to be reasonable.
        image = Image.open(file)
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
        file.seek(0)
        image = Image.open(file)
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


def _to_rgb(image):
    """CMYK becomes RGB through its colour profile when it has one, so that the colours stay right."""
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK" and icc_profile:
        try:
            srgb = ImageCms.createProfile("sRGB")
            return ImageCms.profileToProfile(image, io.BytesIO(icc_profile), srgb, outputMode="RGB"), None
        except (ImageCms.PyCMSError, OSError):
            pass  # A broken profile: the plain conversion below is close enough.
    # The profile of another colour space would be wrong for the converted pixels.
    return image.convert("RGB"), (None if image.mode == "CMYK" else icc_profile)


def sanitise_image(file):
    """The image turned upright and re-encoded in its own format, without EXIF, XMP, GPS position or comments.

    Only the colour profile is kept, so that the colours do not change. Animated images keep their first frame.
    """
    position = file.tell()
    file.seek(0)
    data = file.read()
    file.seek(position)

    image = Image.open(io.BytesIO(data))
    image_format = image.format
    if image_format not in ALLOWED_FORMATS:
        raise ValueError(f"Not a JPEG, PNG or WebP image: {image_format}; validate_image() lets no such file through.")
    image = ImageOps.exif_transpose(image)  # Upright as the camera saw it, since the orientation tag goes away with the EXIF.
    icc_profile = image.info.get("icc_profile")
    image = _to_8_bits(image)

    if image_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image, icc_profile = _to_rgb(image)
        options = {"quality": 88, "progressive": True, "optimize": True}
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        options = {"optimize": True}
    else:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        options = {"quality": 85}

    # Pillow copies some metadata from `info` on saving (a JPEG comment, for one): start from nothing but the transparency.
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    if icc_profile:
        options["icc_profile"] = icc_profile

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
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def _working_copy(image, transparent):
    image = _to_8_bits(image)
    if transparent:
        return image.convert("RGBA")
    if image.has_transparency_data:
        image = image.convert("RGBA")  # Via RGBA: Pillow warns on palette transparency converted straight to RGB.
    if image.mode == "CMYK":
        return _to_rgb(image)[0]
    return image.convert("RGB")


def _encode(image, image_format, icc_profile):
    options = {
        "WEBP": {"quality": 80},
        "JPEG": {"quality": 82, "progressive": True, "optimize": True},
        "PNG": {"optimize": True},
    }[image_format]
    if icc_profile:
        options["icc_profile"] = icc_profile
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def make_renditions(storage, name):
    """Save the WebP and fallback renditions of the stored original `name` next to it, and describe them.

    A rendition already in the storage is not made again. The description is JSON-serialisable, for a model's JSONField.
    """
    with storage.open(name, "rb") as original:
        image = Image.open(io.BytesIO(original.read()))
    width, height = image.size
    icc_profile = image.info.get("icc_profile")
    transparent = _has_transparency(image)
    fallback_format, fallback_ext, fallback_type = ("PNG", "png", "image/png") if transparent else ("JPEG", "jpg", "image/jpeg")
    stem = str(PurePosixPath(name).with_suffix(""))

    renditions = {"width": width, "height": height, "webp": [], "fallback": [], "fallback_type": fallback_type}
    working_copy = None
    for rendition_width in rendition_widths(width):
        resized = None
        for key, image_format, ext in (("webp", "WEBP", "webp"), ("fallback", fallback_format, fallback_ext)):
            rendition_name = f"{stem}-{rendition_width}w.{ext}"
            if not storage.exists(rendition_name):
                if resized is None:
                    if working_copy is None:
                        working_copy = _working_copy(image, transparent)
                    rendition_height = max(1, round(height * rendition_width / width))
                    resized = working_copy.resize((rendition_width, rendition_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                # The storage may pick another name if another process saved the same one meanwhile.
                rendition_name = storage.save(rendition_name, ContentFile(_encode(resized, image_format, icc_profile)))
            renditions[key].append([rendition_name, rendition_width])
    return renditions


def delete_renditions(storage, renditions):
    """Delete the files of `renditions` (as returned by make_renditions); those already gone are no matter."""
    if not renditions:
        return
    for rendition_name, _width in [*renditions.get("webp", []), *renditions.get("fallback", [])]:
        with contextlib.suppress(FileNotFoundError):
            storage.delete(rendition_name)
