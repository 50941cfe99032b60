"""KiểmPhiếu core: meetings, polls, ballots and the counting rules. Never imports Qt."""

__version__ = "0.1.0"
