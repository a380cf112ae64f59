"""The reference central's API contract: request and response bodies shared by the central and its clients.

No I/O here; the domain's records travel as they are.
"""

API_VERSION = "1"
