"""The reference central system: the documented HTTP API a national gateway would implement.

It is the embedded default of the workstation (training), the real server in every test, and the
contract of ``docs/api.md``.
"""

from central_contract import API_VERSION

__all__ = ["API_VERSION"]
