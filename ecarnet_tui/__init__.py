"""ecarnet-tui: the customs officer's terminal workstation for electronic carnets."""

import os

__version__ = "0.1.0"

# Textual reads these once, when it is first imported, so they are set before it is. A step draws in two or
# three frames; at up to 120 frames a second they follow each other without waiting, and with animations
# off a slow SSH link carries only real changes, never a smooth scroll. Either can be overridden.
os.environ.setdefault("TEXTUAL_FPS", "120")
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

# OpenCV (the camera and some QR decoders) writes its warnings straight to the terminal, tearing the screen.
os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
