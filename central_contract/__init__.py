"""The reference central's API contract: request and response bodies shared by the central and its clients.

No I/O here; the domain's records travel as they are.
"""

API_VERSION = "1"

TRANSACTION_CODE_HEADER = "X-Ecarnet-Transaction-Code"
"""A request header naming one of the carnet's transaction codes, as the holder showed it at a lookup: with it an
office reads the vehicle file of a carnet that has not passed through its customs territory yet."""
