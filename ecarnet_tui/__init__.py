"""ecarnet-tui: the customs officer's terminal workstation for electronic carnets."""

__version__ = "0.1.0"
