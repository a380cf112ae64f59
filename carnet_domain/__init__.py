"""The carnet domain: carnets, transactions and the rules that govern them.

Pure Python with no I/O and no user interface, shared by the workstation, the offline queue and the
reference central.
"""
