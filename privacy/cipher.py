"""Sealed strings: AES-256-GCM ciphertext that names its key, in the JSON field it replaces.

`enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>` is still a string, so event schemas
stay valid, and the hash chain covers the ciphertext: destroying the key later changes no
stored byte and verification still passes. The key id is authenticated as associated data.
"""

from __future__ import annotations

import base64
import os
from typing import Final, NamedTuple

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX: Final = "enc:v1:"
REDACTED: Final = "[redacted]"
UNREADABLE: Final = "[unreadable]"
NONCE_BYTES: Final = 12
KEY_BYTES: Final = 32


class SealedText(NamedTuple):
    key_id: str
    blob: bytes


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal_text(key_id: str, key: bytes, text: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, text.encode(), key_id.encode())
    return f"{PREFIX}{key_id}:{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"


def parse_sealed(value: object) -> SealedText | None:
    """The key id and payload of a sealed string; None for anything else (plaintext)."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return None
    key_id, _, encoded = value[len(PREFIX) :].partition(":")
    try:
        blob = base64.urlsafe_b64decode(encoded.encode())
    except ValueError:
        return None
    if not key_id or len(blob) <= NONCE_BYTES:
        return None
    return SealedText(key_id, blob)


def open_text(sealed: SealedText, key: bytes) -> str:
    """The plaintext; raises `cryptography.exceptions.InvalidTag` if anything was altered."""
    nonce, ciphertext = sealed.blob[:NONCE_BYTES], sealed.blob[NONCE_BYTES:]
    return AESGCM(key).decrypt(nonce, ciphertext, sealed.key_id.encode()).decode()
