"""The Carnet de Passages en Douane (vehicles) under its two conventions, as pure rules.

The 1956 Geneva Convention on Commercial Road Vehicles and the 1954 New York Convention on Private Road
Vehicles give the same rules under (mostly) the same article numbers; where they differ, the rule says so.
Every rule returns a :class:`~carnet_domain.cpd.decision.Decision`: a reason code, the article it applies
and the figures (dates compared, days counted) a screen needs to explain it. Dates are always passed in:
nothing here reads the clock.
"""
