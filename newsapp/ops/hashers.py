"""Argon2id with OWASP's recommended minimum cost, so that logins do not queue on CPU.

Django's Argon2 default (100 MiB, 8 lanes) cost as much CPU here as PBKDF2 (about 0.18 s);
19 MiB, 2 passes and 1 lane cost about 17 ms (docs/benchmarks.md). Hashes made with other
parameters are upgraded at the next successful login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
