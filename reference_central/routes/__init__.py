"""The routes of the HTTP API, version 1, one module per area, each with its ``router``; ``create_app``
(:mod:`reference_central.api`) includes them. What the routes share (the central, the authenticated caller, the
office a request names) is in :mod:`reference_central.routes.dependencies`.

FastAPI reads the annotations of the routes at run time, hence no ``from __future__ import annotations`` here.
"""
