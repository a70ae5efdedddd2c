"""Uploaded images (complaint photos, article images): checked by content, re-encoded, metadata stripped.

The file's name and declared type are ignored: Pillow must recognise a JPEG, PNG or WebP image, within the
byte and pixel limits; the image is then decoded and encoded again, which drops EXIF (GPS position, camera
serial), ICC and text chunks and any bytes appended to the image, and applies the EXIF orientation first.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; a decompression bomb is refused before decoding
MAX_EDGE = 2560  # stored images are scaled down to this longest edge


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int
    sha256: str


def clean_image(upload: IO[bytes], *, max_bytes: int = MAX_BYTES) -> CleanImage:
    """Return the re-encoded image, or raise ValidationError saying what is wrong with the file."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The image is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}, code="too_large"
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise ValidationError(_("Only JPEG, PNG and WebP images are accepted."), code="format")
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((MAX_EDGE, MAX_EDGE))
            has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                content_type, extension = "image/png", "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                content_type, extension = "image/jpeg", "jpg"
            width, height = image.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a readable image."), code="not_an_image") from exc
    content = out.getvalue()
    return CleanImage(content, content_type, extension, width, height, hashlib.sha256(content).hexdigest())
