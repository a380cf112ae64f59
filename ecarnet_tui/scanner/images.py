"""Image files as a source of pictures: one file, or every image in a folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ecarnet_tui.i18n import _

if TYPE_CHECKING:
    import numpy as np

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".pgm", ".ppm"})
MAX_FILE_BYTES = 64 * 1024 * 1024


class ImageError(ValueError):
    """An image file that cannot be read; the message says which and why, and what to do."""


def image_files(paths: list[Path]) -> Iterator[Path]:
    """Each path given, or for a folder the image files in it (sorted, subfolders included)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            yield path


def load_gray(path: Path) -> np.ndarray:
    """The picture in ``path`` as 8-bit grayscale, in its stored orientation."""
    import cv2
    import numpy as np

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageError(_("{path}: no such file; check the name").format(path=path)) from None
    except OSError as exc:
        raise ImageError(_("{path}: cannot be read ({why})").format(path=path, why=exc.strerror)) from None
    if path.is_dir():
        raise ImageError(_("{path}: a folder, not an image").format(path=path))
    if size > MAX_FILE_BYTES:
        raise ImageError(_("{path}: {size} MB is too large for a picture of a QR code").format(
            path=path, size=size // (1024 * 1024)))
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise ImageError(_("{path}: cannot be read ({why})").format(path=path, why=exc.strerror or exc)) from None
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION) if data.size else None
    if image is None:
        raise ImageError(
            _("{path}: not an image this reader knows (PNG, JPEG, WebP, BMP, TIFF, GIF)").format(path=path))
    return image
