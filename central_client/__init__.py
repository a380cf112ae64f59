"""The workstation's side of the central API: a port (interface) and its HTTP implementation.

Screens and the offline queue talk to :class:`~central_client.port.CentralPort`, never to httpx.
"""
