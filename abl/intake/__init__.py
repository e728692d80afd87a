"""The submission path: checking a submitted run archive, storing it, recording contact details."""
