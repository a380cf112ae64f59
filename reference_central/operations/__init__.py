"""The central's operations, grouped by what they act on; :class:`reference_central.service.Central` has them all."""
