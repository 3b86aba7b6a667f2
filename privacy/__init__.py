"""Crypto-shredding of personal data in events: per-customer keys, sealed fields, forgetting.

See docs/privacy.md for what is encrypted, where the keys live and how they are rotated.
"""
