"""The identity tables of the central's database (defined in :mod:`reference_central.schema`). Nothing secret is
kept in clear: passwords as Argon2id hashes, tokens, grants, challenges, workstation keys and set-password codes as
SHA-256 (they are long random values), recovery codes salted and hashed, TOTP secrets sealed
(:mod:`reference_central.identity.secret_box`)."""

IDENTITY_TABLES = ("credentials", "sessions", "challenges", "throttle", "workstations", "offline_grants")
