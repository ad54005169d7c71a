"""The chooser: one place that decides a chain's speaker from what the sieves answer."""
from __future__ import annotations

from .model import ChainInfo
from .resolve import UNKNOWN_SPEAKER, Attribution
from .sieves import SIEVES


def choose(ctx, chain: ChainInfo) -> tuple[Attribution, str]:
    """The speaker of a chain and the name of the sieve that decided it: the first sieve that answers."""
    for name, sieve in SIEVES:
        got = sieve(ctx, chain)
        if got is not None:
            return got, name
    return UNKNOWN_SPEAKER, "unknown"
