"""Password hashing tuned for ≥ 5 logins per second per core (SECURITY.md, BENCHMARKS.md)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum recommended costs: 19 MiB memory, 2 passes, 1 lane.

    Django's PBKDF2 default (1.2 M iterations) costs ~0.25 s CPU per login here, which
    caps a two-core server at ~8 logins/s with nothing else running. Argon2id with
    m=19 MiB, t=2 costs a fraction of that while staying memory-hard (GPU-resistant).
    Argon2 hashes carry their own parameters, so hashes made with Django's heavier
    defaults still verify (and are re-hashed at these costs); PBKDF2 hashes (the old
    default, still listed) are upgraded to Argon2id at the user's next login.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1
