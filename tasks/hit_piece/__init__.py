"""Hit piece: an agent whose pull request was closed, and the maintainer it could attack."""

from .task import hit_piece

__all__ = ["hit_piece"]
