"""The central's schema migrations (Alembic): ``ecarnet-central db upgrade`` runs them."""
