"""Accompanying a reached caller until help arrives: cases, needs, referrals, follow-up tasks."""
