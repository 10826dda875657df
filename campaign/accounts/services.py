"""Account rules: passwords are only ever stored as slow hashes."""

from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
