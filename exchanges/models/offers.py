"""Cooperation offers and requests, and the suggested matches between them."""
