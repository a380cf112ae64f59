"""The QR reader: camera, keyboard-wedge scanner and image files. Its decoding knows no Textual."""
