"""The durable local queue that lets a border post keep working while the central is unreachable."""
