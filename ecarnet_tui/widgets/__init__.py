"""Widgets the wizard's screens share."""
