"""Speed and size benchmarks; see the README."""

import ecarnet_tui  # noqa: F401 - the workstation's Textual settings apply before Textual is first imported
