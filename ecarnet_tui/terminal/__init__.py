"""The terminal the desk draws on: what a thin link needs sent (the frame differ, which knows no UI) and the Textual
driver that sends it."""
