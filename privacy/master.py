"""The master keys that wrap every per-customer data key at rest in the key table.

A wrapped key is bound to its row (key id and customer) as associated data, so a wrapped key
copied onto another customer's row does not unwrap. Each master key is known by a short
fingerprint stored beside what it wrapped; previous master keys stay usable for unwrapping
while `dinner privacy rewrap` moves every row to the current one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacy.cipher import NONCE_BYTES


class UnknownMasterKey(LookupError):
    """A key was wrapped by a master key this process was not given: a configuration error."""


class KeyDoesNotUnwrap(ValueError):
    """A wrapped key fails authentication: its row in the key table was altered."""


def fingerprint(master_key: bytes) -> str:
    return hashlib.sha256(b"dinner-privacy-master-key:" + master_key).hexdigest()[:16]


def _bound_to(key_id: str, customer_id: str) -> bytes:
    return f"{key_id}\0{customer_id}".encode()


class MasterKeys:
    def __init__(self, current: bytes, previous: Sequence[bytes] = ()) -> None:
        self._by_id = {fingerprint(key): key for key in (*previous, current)}
        self.current_id = fingerprint(current)

    def wrap(self, key_id: str, customer_id: str, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        master = AESGCM(self._by_id[self.current_id])
        return nonce + master.encrypt(nonce, data_key, _bound_to(key_id, customer_id))

    def unwrap(self, master_id: str, key_id: str, customer_id: str, wrapped: bytes) -> bytes:
        master = self._by_id.get(master_id)
        if master is None:
            raise UnknownMasterKey(f"key {key_id} is wrapped by unknown master key {master_id}")
        nonce, ciphertext = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            return AESGCM(master).decrypt(nonce, ciphertext, _bound_to(key_id, customer_id))
        except InvalidTag:
            raise KeyDoesNotUnwrap(f"key {key_id} does not unwrap for its customer") from None
