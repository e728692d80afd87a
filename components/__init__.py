"""Reusable Panel views of the core's Param models; they hold no business rules."""
