"""Task data: deterministic, seeded generators with train and held-out templates."""
